"""A damaged database at start: the recovery screen instead of check-in, an admin PIN checked
against the latest backup, the restore, and the kiosk working again afterwards."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from kiosk.core.clock import FakeClock
from kiosk.core.forms import load_forms, shipped_forms_dir
from kiosk.core.staff import Role
from kiosk.services.context import KioskContext, open_context
from kiosk.services.demo.day import make_demo
from kiosk.storage.audit import AuditLog
from kiosk.storage.backup import backup_to, daily_name
from kiosk.storage.db import DatabaseDamagedError, KeyProblemError, StorageError, database_path
from kiosk.storage.keys import ENV_KEY_FILE
from kiosk.storage.staff import StaffRepository
from kiosk.ui.app import KioskStart, build_window
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.welcome import WelcomeScreen
from kiosk.ui.recovery import RecoveryWindow
from tests.helpers.faults import checkpoint, damage_header, damage_middle_page
from tests.helpers.station import ADMIN_PIN, NURSE_PIN, answer_pins
from tests.helpers.widgets import flush_deletes

pytestmark = pytest.mark.usefixtures("cheap_pins")

DAY = date(2026, 11, 21)
DAMAGES: dict[str, Callable[[Path], object]] = {
    "header overwritten": damage_header,
    "a page in the middle damaged": damage_middle_page,
}


@dataclass
class Clinic:
    """A data folder with a backup of yesterday evening and intakes made after it."""

    data_dir: Path
    backup: Path
    in_backup: int
    after_backup: int
    admin_id: int
    nurse_id: int

    @property
    def database(self) -> Path:
        return database_path(self.data_dir)


def make_clinic(data_dir: Path, clock: FakeClock) -> Clinic:
    """Staff and intakes, the daily backup, then more intakes the backup does not hold."""
    context = open_context(data_dir, clock=clock)
    try:
        staff = StaffRepository(context.db, clock, context.forms.settings.staff, cost=2**10)
        admin = staff.add("Ada Admin", Role.ADMIN, ADMIN_PIN)
        nurse = staff.add("Nora Nurse", Role.NURSE, NURSE_PIN)
        before = make_demo(context, 3, DAY, seed=1)
        backup = backup_to(context.db, data_dir / "backups" / daily_name(DAY))
        after = make_demo(context, 2, DAY, seed=2)
    finally:
        context.close()
    checkpoint(database_path(data_dir))
    return Clinic(data_dir, backup, len(before), len(after), admin.id, nurse.id)


def digest(path: Path) -> str:
    """SHA-256 of a file: to show it was not changed."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def recovery_windows(qtbot: Any) -> Iterator[Callable[..., RecoveryWindow]]:
    """Recovery windows on a damaged data folder (and whatever kiosk they lead to), all closed."""
    made: list[RecoveryWindow] = []

    def make(problem: StorageError, data_dir: Path, clock: FakeClock) -> RecoveryWindow:
        forms = load_forms(shipped_forms_dir())
        window = RecoveryWindow(problem, data_dir, forms, clock)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.allow_close = True
        window.close()
        window.deleteLater()
    flush_deletes()


def visible_texts(window: RecoveryWindow) -> str:
    """Every text a person in front of the window can see now."""
    widgets = [*window.findChildren(QLabel), *window.findChildren(QAbstractButton)]
    return "\n".join(w.text() for w in widgets if w.isVisible())


def damaged_start(clinic: Clinic, clock: FakeClock) -> DatabaseDamagedError:
    """What the start's full check (quick_check) finds on the damaged folder."""
    with pytest.raises(DatabaseDamagedError) as caught:
        open_context(clinic.data_dir, clock=clock, check="full")
    return caught.value


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_database_is_restored_by_an_admin_and_the_kiosk_carries_on(
    damage: str,
    data_dir: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    recovery_windows: Callable[..., RecoveryWindow],
    tally: Any,
) -> None:
    """Damaged at start: patients see only 'see the front desk'; an admin's PIN (checked against
    the backup; a wrong one counts) shows the backup, the restore keeps the damaged file aside,
    is audited, and the kiosk takes intakes again with everything the backup held."""
    clinic = make_clinic(data_dir, clock)
    DAMAGES[damage](clinic.database)
    tally.add("faults injected")
    damaged_bytes = digest(clinic.database)
    window = recovery_windows(damaged_start(clinic, clock), data_dir, clock)

    assert window.pages.currentWidget() is window.patient_page
    shown = visible_texts(window)
    assert "This kiosk is not taking check-ins right now. Please see the front desk." in shown
    assert "Ada Admin" not in shown and "backup" not in shown.lower()

    prompt = answer_pins(monkeypatch, [(clinic.admin_id, "111999"), (clinic.admin_id, ADMIN_PIN)])
    window.open_staff()
    assert prompt.names[0] == ["Ada Admin"]  # only admins may restore; the nurse is not offered
    assert "Wrong PIN" in prompt.messages[1]
    assert window.pages.currentWidget() is window.staff_page
    text = window.staff_text.text()
    assert clinic.backup.name in text
    assert f"with {clinic.in_backup} intake(s)" in text
    assert "NOT in it" in text and str(data_dir / "replaced") in text
    assert window.restore_button.isVisibleTo(window)

    opened: list[KioskContext] = []
    window.recovered.connect(opened.append)
    window.restore()
    assert len(opened) == 1
    context = opened[0]
    kiosk: MainWindow | None = None
    try:
        intakes = int(context.db.execute("SELECT count(*) FROM intakes").fetchone()[0])
        assert intakes == clinic.in_backup
        kept = list((data_dir / "replaced").glob("kiosk-*.db"))
        assert len(kept) == 1
        assert digest(kept[0]) == damaged_bytes  # the damaged file, kept as it was
        entries = AuditLog(context.db, clock).entries()
        actions = [(e.actor, e.action) for e in entries[-3:]]
        assert actions == [
            ("Ada Admin", "sign_in_failed"),
            ("Ada Admin", "sign_in"),
            ("Ada Admin", "restore"),
        ]
        assert json.loads(entries[-1].detail)["replaced"] == str(kept[0])
        assert json.loads(entries[-2].detail)["during"] == "recovery"
        kiosk = build_window(context)
        kiosk.session.begin("en", "normal")
        assert kiosk.session.language == "en"
        again = make_demo(context, 1, date(2026, 11, 22), seed=3)
        assert len(again) == 1
    finally:
        if kiosk is not None:
            kiosk.close()
            kiosk.deleteLater()
        context.close()
    assert window.pages.currentWidget() is window.patient_page  # nothing of the admin's page stays


def test_five_wrong_pins_lock_the_admin_on_the_recovery_screen(
    data_dir: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    recovery_windows: Callable[..., RecoveryWindow],
    tally: Any,
) -> None:
    """Wrong PINs count as at any sign-in: the fifth locks the account, even the right PIN then."""
    clinic = make_clinic(data_dir, clock)
    damage_header(clinic.database)
    tally.add("faults injected")
    window = recovery_windows(damaged_start(clinic, clock), data_dir, clock)
    answers: list[tuple[int, str] | None] = [(clinic.admin_id, "111999")] * 5
    prompt = answer_pins(monkeypatch, [*answers, (clinic.admin_id, ADMIN_PIN)])
    window.open_staff()
    assert "locked until" in prompt.messages[5]
    assert "locked until" in prompt.messages[6]
    assert window.pages.currentWidget() is window.patient_page
    assert window.signed_in is None


def test_without_a_backup_staff_are_told_to_call_support_and_nothing_is_touched(
    data_dir: Path,
    clock: FakeClock,
    recovery_windows: Callable[..., RecoveryWindow],
    tally: Any,
) -> None:
    """No backup: the staff page says so and what to do; the damaged file stays exactly as it was."""
    clinic = make_clinic(data_dir, clock)
    clinic.backup.unlink()
    damage_header(clinic.database)
    tally.add("faults injected")
    before = digest(clinic.database)
    window = recovery_windows(damaged_start(clinic, clock), data_dir, clock)
    window.open_staff()
    assert window.pages.currentWidget() is window.staff_page
    text = window.staff_text.text()
    assert "no good backup" in text and "Call support" in text
    assert str(clinic.database) in text
    assert not window.restore_button.isVisibleTo(window)
    window.restore()  # nobody signed in: nothing happens
    assert digest(clinic.database) == before
    assert not (data_dir / "replaced").exists()


def test_a_damaged_backup_is_passed_over_for_an_older_good_one(
    data_dir: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    recovery_windows: Callable[..., RecoveryWindow],
    tally: Any,
) -> None:
    """The newest backup is damaged too: the screen offers the older good one."""
    clinic = make_clinic(data_dir, clock)
    newer = clinic.backup.with_name(daily_name(date(2026, 11, 22)))
    newer.write_bytes(clinic.backup.read_bytes())
    damage_middle_page(newer)
    damage_header(clinic.database)
    tally.add("faults injected", 2)
    window = recovery_windows(damaged_start(clinic, clock), data_dir, clock)
    answer_pins(monkeypatch, [(clinic.admin_id, ADMIN_PIN)])
    window.open_staff()
    assert clinic.backup.name in window.staff_text.text()
    assert newer.name not in window.staff_text.text()


def test_a_database_that_cannot_be_opened_for_another_reason_offers_try_again(
    tmp_path: Path,
    clock: FakeClock,
    recovery_windows: Callable[..., RecoveryWindow],
    tally: Any,
) -> None:
    """A data folder that cannot be made (its parent is a file): staff read why and Try again
    once it is put right; the kiosk then opens."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    data_dir = blocker / "data"
    with pytest.raises(StorageError) as caught:
        open_context(data_dir, clock=clock)
    tally.add("faults injected")
    window = recovery_windows(caught.value, data_dir, clock)
    window.open_staff()
    assert window.staff_title.text() == "The database cannot be opened"
    assert str(data_dir) in window.staff_text.text()
    assert window.retry_button.isVisibleTo(window)
    assert not window.restore_button.isVisibleTo(window)
    opened: list[KioskContext] = []
    window.recovered.connect(opened.append)
    window.try_again()
    assert opened == []
    assert "still cannot be opened" in window.result.text()
    blocker.unlink()
    window.try_again()
    assert len(opened) == 1
    opened[0].close()


def test_a_missing_key_file_is_explained_and_try_again_opens_the_kiosk(
    tmp_path: Path,
    data_dir: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    recovery_windows: Callable[..., RecoveryWindow],
    tally: Any,
) -> None:
    """The encryption key file is gone: staff read that the key is missing and what to do (no
    restore is offered: a backup needs the same key); with the key back, Try again opens it."""
    key = tmp_path / "keys" / "kiosk.key"
    monkeypatch.setenv(ENV_KEY_FILE, str(key))
    open_context(data_dir, clock=clock).close()
    aside = tmp_path / "aside.key"
    key.rename(aside)
    tally.add("faults injected")
    with pytest.raises(KeyProblemError) as caught:
        open_context(data_dir, clock=clock)
    window = recovery_windows(caught.value, data_dir, clock)
    window.open_staff()
    assert "encryption key is missing or wrong" in window.staff_text.text()
    assert "touch Try again" in window.staff_text.text()
    assert not window.restore_button.isVisibleTo(window)
    assert not key.exists()  # nothing made a new key in its place
    aside.rename(key)
    opened: list[KioskContext] = []
    window.recovered.connect(opened.append)
    window.try_again()
    assert len(opened) == 1
    opened[0].close()


def test_a_damaged_middle_page_is_found_after_the_window_shows_and_no_patient_starts_meanwhile(
    data_dir: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
    tally: Any,
) -> None:
    """A page in the middle damaged passes the light check of the start's open, so Welcome shows
    at once, but with Start held; the full check in the background finds the damage, and the
    recovery screen replaces the patient window, which never left Welcome (no intake taken, no
    backup taken of the damaged file). Restoring there starts a kiosk whose own check passes."""
    clinic = make_clinic(data_dir, clock)
    damage_middle_page(clinic.database)
    tally.add("faults injected")
    backups = sorted((data_dir / "backups").iterdir())
    context = open_context(data_dir, clock=clock)  # the light check lets it open
    start = KioskStart(context, windowed=True)
    screens: list[str] = []
    start.window.screen_changed.connect(screens.append)
    try:
        start.begin()
        welcome = start.window.current_screen()
        assert isinstance(welcome, WelcomeScreen)
        assert not welcome.start_button.isEnabled()
        welcome.start_button.click()
        assert start.window.current_screen() is welcome
        with qtbot.waitSignal(start.settled, timeout=30_000) as settled:
            pass
        (problem,) = settled.args
        assert isinstance(problem, DatabaseDamagedError)
        recovery = start.recovery
        assert recovery is not None and recovery.isVisible()
        flush_deletes()
        assert screens == []  # the patient window never left Welcome
        assert sorted((data_dir / "backups").iterdir()) == backups
        assert recovery.pages.currentWidget() is recovery.patient_page
        assert "Please see the front desk." in visible_texts(recovery)

        answer_pins(monkeypatch, [(clinic.admin_id, ADMIN_PIN)])
        recovery.open_staff()
        assert clinic.backup.name in recovery.staff_text.text()
        recovery.restore()
        (after,) = start.later
        with qtbot.waitSignal(after.settled, timeout=30_000) as settled:
            pass
        assert settled.args == [None]
        intakes = after.context.db.execute("SELECT count(*) FROM intakes").fetchone()[0]
        assert intakes == clinic.in_backup
        again = after.window.current_screen()
        assert isinstance(again, WelcomeScreen) and again.start_button.isEnabled()
        after.window.close()
    finally:
        start.stop()
        context.close()
        flush_deletes()
