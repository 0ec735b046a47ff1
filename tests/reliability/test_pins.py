"""Staff PINs: the policy (with generated cases), a lockout that outlives restarts and processes,
and no PIN or PIN hash in any log line, command output, screen text or audit entry."""

from __future__ import annotations

import itertools
import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.core import pins
from kiosk.core.clock import FakeClock
from kiosk.core.pins import COMMON_PINS, PIN_MAX, PIN_MIN, pin_problem
from kiosk.core.staff import Reason, Role
from kiosk.services.context import KioskContext, open_context
from kiosk.services.staff import StaffService
from kiosk.storage.audit import AuditLog
from kiosk.storage.db import database_path, open_database
from kiosk.storage.staff import StaffRepository
from tests.reliability.conftest import Tally

CHEAP = 2**10
PIN = "482915"
OTHER_PIN = "739164"
WRONG_PIN = "905173"
MOMENT = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
REPO_ROOT = Path(__file__).resolve().parents[2]

digits = st.text(alphabet="0123456789", min_size=1, max_size=PIN_MAX + 4)


# --- the policy -------------------------------------------------------------------------------


@pytest.mark.parametrize("pin", ["123456", "000000", "111111", "999999", "654321", "12345678"])
def test_the_best_known_pins_are_refused(pin: str) -> None:
    """The PINs the issue names, and their nearest cousins."""
    assert pin_problem(pin) is not None


@pytest.mark.parametrize("pin", sorted(COMMON_PINS))
def test_every_listed_common_pin_is_refused(pin: str) -> None:
    """No PIN of the common list gets through, whichever rule catches it."""
    assert pin_problem(pin) is not None


@given(digits.filter(lambda p: len(p) < PIN_MIN))
def test_fewer_than_six_digits_are_refused(pin: str) -> None:
    """Any PIN under six digits is too short."""
    assert pin_problem(pin) == "too_short"


@given(st.sampled_from("0123456789"), st.integers(PIN_MIN, PIN_MAX))
def test_one_digit_repeated_is_refused(digit: str, length: int) -> None:
    """000000, 7777777, ... at every allowed length."""
    assert pin_problem(digit * length) in ("common", "repeated")


@given(st.text(alphabet="0123456789", min_size=2, max_size=3), st.integers(PIN_MIN, PIN_MAX))
def test_a_short_block_repeated_is_refused(block: str, length: int) -> None:
    """121212, 3737373, 846846846: a block of two or three digits over and over."""
    pin = (block * PIN_MAX)[:length]
    assert pin_problem(pin) in ("common", "repeated")


@given(st.integers(0, 9), st.integers(PIN_MIN, PIN_MAX), st.sampled_from([1, -1]))
def test_sequential_digits_are_refused(start: int, length: int, step: int) -> None:
    """Runs up or down from any digit, wrapping past 9 or 0 (890123, 210987)."""
    pin = "".join(str((start + step * i) % 10) for i in range(length))
    assert pin_problem(pin) in ("common", "sequential")


@given(
    st.text(min_size=PIN_MIN, max_size=PIN_MAX).filter(lambda p: not p.isascii() or not p.isdigit())
)
def test_anything_but_ascii_digits_is_refused(pin: str) -> None:
    """Letters, spaces, signs and other scripts' digits are never a PIN."""
    assert pin_problem(pin) is not None


@given(digits)
def test_an_accepted_pin_breaks_no_rule(pin: str) -> None:
    """Whatever passes is 6 to 12 ASCII digits, not common, not one digit or block repeated,
    not a run."""
    if pin_problem(pin) is not None:
        return
    assert PIN_MIN <= len(pin) <= PIN_MAX and pin.isascii() and pin.isdigit()
    assert pin not in COMMON_PINS
    assert len(set(pin)) > 1
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    assert steps not in ({1}, {9})
    for size in (1, 2, 3):
        assert (pin[:size] * PIN_MAX)[: len(pin)] != pin


@settings(max_examples=20, deadline=None)
@given(digits.filter(lambda p: pin_problem(p) is None))
def test_accepted_pins_hash_and_verify(pin: str) -> None:
    """An accepted PIN hashes to something that holds no digit run of the PIN, and verifies."""
    stored = pins.hash_pin(pin, cost=CHEAP)
    assert pin not in stored and pins.verify_pin(pin, stored)


# --- lockout across restarts and processes -------------------------------------------------------


def repository(context: KioskContext) -> StaffService:
    return StaffService(context, cost=CHEAP)


def opened(data_dir: Path, clock: FakeClock) -> KioskContext:
    return open_context(data_dir, clock=clock)


def test_a_lockout_survives_closing_and_reopening_the_database(data_dir: Path) -> None:
    """Four wrong PINs, a restart, the fifth locks; after another restart the right PIN is still
    refused until the lock runs out."""
    clock = FakeClock(MOMENT)
    context = opened(data_dir, clock)
    try:
        staff = repository(context)
        nurse = staff.add("Nora Nurse", Role.NURSE, PIN, by="Ada Admin")
        attempts = context.forms.settings.staff.pin_attempts
        minutes = context.forms.settings.staff.lockout_minutes
        for _ in range(attempts - 1):
            assert staff.sign_in(nurse.id, WRONG_PIN).reason is Reason.WRONG_PIN
    finally:
        context.close()
    context = opened(data_dir, clock)
    try:
        last = repository(context).sign_in(nurse.id, WRONG_PIN)
    finally:
        context.close()
    assert last.reason is Reason.LOCKED and last.locked_until == MOMENT + timedelta(minutes=minutes)
    context = opened(data_dir, clock)
    try:
        assert repository(context).sign_in(nurse.id, PIN).reason is Reason.LOCKED
        clock.advance(minutes * 60 + 1)
        assert repository(context).sign_in(nurse.id, PIN).ok
    finally:
        context.close()


SIGN_IN_SCRIPT = textwrap.dedent(
    """
    import sys
    from datetime import datetime
    from pathlib import Path
    from kiosk.services.context import open_context
    from kiosk.core.clock import FakeClock
    from kiosk.services.staff import StaffService

    data_dir, moment, staff_id, *attempts = sys.argv[1:]
    context = open_context(Path(data_dir), clock=FakeClock(datetime.fromisoformat(moment)))
    try:
        staff = StaffService(context)
        print(" ".join(staff.sign_in(int(staff_id), pin).reason.value for pin in attempts))
    finally:
        context.close()
    """
)


def sign_in_elsewhere(data_dir: Path, moment: datetime, staff_id: int, *attempts: str) -> list[str]:
    """Sign-in attempts in a new Python process (another kiosk, or this one restarted)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            SIGN_IN_SCRIPT,
            str(data_dir),
            moment.isoformat(),
            str(staff_id),
            *attempts,
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_a_lockout_made_in_one_process_holds_in_another(data_dir: Path, tally: Tally) -> None:
    """Wrong PINs typed in another process lock the account here, and a lock made here
    refuses the right PIN in yet another process."""
    clock = FakeClock(MOMENT)
    context = opened(data_dir, clock)
    try:
        nurse = repository(context).add("Nora Nurse", Role.NURSE, PIN, by="Ada Admin")
        attempts = context.forms.settings.staff.pin_attempts
    finally:
        context.close()
    answers = sign_in_elsewhere(data_dir, MOMENT, nurse.id, *[WRONG_PIN] * attempts)
    assert answers == ["wrong_pin"] * (attempts - 1) + ["locked"]
    tally.add("kills survived")  # the process that locked it is gone
    context = opened(data_dir, clock)
    try:
        assert repository(context).sign_in(nurse.id, PIN).reason is Reason.LOCKED
    finally:
        context.close()
    assert sign_in_elsewhere(data_dir, MOMENT + timedelta(minutes=1), nurse.id, PIN) == ["locked"]
    later = MOMENT + timedelta(hours=1)
    assert sign_in_elsewhere(data_dir, later, nurse.id, PIN) == ["ok"]


# --- no PIN or hash anywhere -------------------------------------------------------------------


def secrets_of(data_dir: Path, pins_used: list[str]) -> list[str]:
    """Everything that must never be shown: the PINs, each stored hash, its salt and key."""
    db = open_database(database_path(data_dir))
    try:
        hashes = [str(row[0]) for row in db.execute("SELECT pin_hash FROM staff").fetchall()]
    finally:
        db.close()
    parts = [part for stored in hashes for part in stored.split("$")[2:]]
    return [*pins_used, *hashes, *parts]


def audit_text(data_dir: Path) -> str:
    db = open_database(database_path(data_dir))
    try:
        entries = AuditLog(db, FakeClock()).entries()
    finally:
        db.close()
    assert entries
    return "\n".join(f"{e.actor}\t{e.action}\t{e.subject}\t{e.detail}" for e in entries)


def assert_nothing_secret(text: str, secrets: list[str]) -> None:
    for secret in secrets:
        assert secret not in text, "a PIN or PIN hash was shown"


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every log record at DEBUG, the kiosk's own included."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="kiosk")
    yield caplog


def test_no_pin_or_hash_in_logs_output_or_audit_from_the_command_line(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    """`staff add` and `staff reset-pin` (also refused ones), in this process at DEBUG."""
    monkeypatch.setattr(pins, "DEFAULT_COST", CHEAP)
    shown = []
    for pin, words in (
        (PIN, ["staff", "add", "--role", "admin", "--name", "Ada Admin"]),
        ("123456", ["staff", "reset-pin", "1"]),
        (OTHER_PIN, ["staff", "reset-pin", "1"]),
    ):
        monkeypatch.setenv("KIOSK_NEW_PIN", pin)
        main(["--data-dir", str(data_dir), *words])
        out, err = capsys.readouterr()
        shown += [out, err]
    assert "too easy to guess" in shown[3]  # the refused PIN, said in words
    secrets = secrets_of(data_dir, [PIN, OTHER_PIN])
    assert_nothing_secret("\n".join(shown) + debug_logs.text + audit_text(data_dir), secrets)


def test_no_pin_or_hash_from_command_line_processes(data_dir: Path) -> None:
    """The real commands in their own processes, at the production hashing cost."""
    outputs = []
    env = {**os.environ, "KIOSK_NEW_PIN": PIN}
    for words, pin in (
        (["staff", "add", "--role", "nurse", "--name", "Nora Nurse"], PIN),
        (["staff", "reset-pin", "1"], OTHER_PIN),
        (["staff", "list"], PIN),
        (["audit", "list"], PIN),
    ):
        env["KIOSK_NEW_PIN"] = pin
        done = subprocess.run(
            [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), *words],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        outputs += [done.stdout, done.stderr]
    assert "staff_reset_pin" in outputs[-2]
    assert_nothing_secret("\n".join(outputs), secrets_of(data_dir, [PIN, OTHER_PIN]))


def test_no_pin_or_hash_when_signing_in_through_the_repository(
    data_dir: Path, debug_logs: pytest.LogCaptureFixture
) -> None:
    """Right, wrong, locked, disabled and unknown sign-ins, with a rehash on the way."""
    clock = FakeClock(MOMENT)
    context = opened(data_dir, clock)
    try:
        weak = StaffRepository(context.db, clock, context.forms.settings.staff, cost=2**4)
        nurse = weak.add("Nora Nurse", Role.NURSE, PIN)
        staff = repository(context)
        assert staff.sign_in(nurse.id, PIN).ok  # rehashed at the stronger cost
        for _ in range(context.forms.settings.staff.pin_attempts):
            staff.sign_in(nurse.id, WRONG_PIN)
        assert staff.sign_in(nurse.id, PIN).reason is Reason.LOCKED
        staff.reset_pin(nurse.id, OTHER_PIN, by="Ada Admin")
        staff.disable(nurse.id, by="Ada Admin")
        assert staff.sign_in(nurse.id, OTHER_PIN).reason is Reason.DISABLED
        assert staff.sign_in(999, PIN).reason is Reason.UNKNOWN
    finally:
        context.close()
    secrets = secrets_of(data_dir, [PIN, OTHER_PIN, WRONG_PIN])
    assert_nothing_secret(debug_logs.text + audit_text(data_dir), secrets)


def test_no_pin_or_hash_through_the_station_pin_dialog(
    qtbot: Any,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    """The real PIN dialog, typed on its number pad: a wrong PIN then the right one. The field
    shows only dots, and neither the screen, the logs nor the audit log hold a PIN or hash."""
    from PySide6.QtWidgets import (  # noqa: PLC0415 - Qt only here
        QAbstractButton,
        QApplication,
        QDialog,
        QLabel,
        QLineEdit,
        QPushButton,
    )

    from kiosk.ui.app import build_main_window  # noqa: PLC0415
    from kiosk.ui.main_window import MainWindow  # noqa: PLC0415
    from kiosk.ui.staff.pin_dialog import PinDialog  # noqa: PLC0415
    from kiosk.ui.staff.station import StationView  # noqa: PLC0415
    from kiosk.ui.widgets.number_pad import NumberPad  # noqa: PLC0415

    def all_texts() -> list[str]:
        """What the screen shows: labels, buttons, and fields as displayed (dots for a PIN)."""
        texts = []
        for widget in QApplication.allWidgets():
            if isinstance(widget, QLineEdit):
                texts.append(widget.displayText())
            elif isinstance(widget, QLabel | QAbstractButton):
                texts.append(widget.text())
        return texts

    monkeypatch.setattr(pins, "DEFAULT_COST", CHEAP)
    clock = FakeClock(MOMENT)
    window = build_main_window(data_dir, clock=clock)
    assert isinstance(window, MainWindow)
    typed = [WRONG_PIN, PIN]
    screens: list[str] = []

    def type_on_the_pad(
        cls: type[PinDialog],
        parent: Any,
        members: Any,
        message: str = "",
        preselect: int | None = None,
    ) -> tuple[int, str] | None:
        if not typed:
            return None
        dialog = cls(members, message, preselect, parent)
        try:
            pad = dialog.findChild(NumberPad)
            keys = {button.text(): button for button in pad.findChildren(QPushButton)}
            dialog.names.buttons()[0].click()
            for digit in typed.pop(0):
                keys[digit].click()
            screens.append(dialog.field.displayText())
            screens.extend(all_texts())
            dialog.ok_button.click()
            assert dialog.result() == QDialog.DialogCode.Accepted
            return dialog.choice()
        finally:
            dialog.field.put("")
            dialog.deleteLater()

    monkeypatch.setattr(PinDialog, "ask", classmethod(type_on_the_pad))
    try:
        repository(window.context).add("Nora Nurse", Role.NURSE, PIN, by="Ada Admin")
        window.open_staff()
        assert isinstance(window.station, StationView)
        screens.extend(all_texts())
    finally:
        window.allow_close = True
        window.close()
        window.context.close()
        window.deleteLater()
    assert not typed and screens[0] and set(screens[0]) != set("0123456789")
    secrets = secrets_of(data_dir, [PIN, WRONG_PIN])
    assert_nothing_secret("\n".join(screens) + debug_logs.text + audit_text(data_dir), secrets)
