"""Every act the audit log must show is recorded by the code that does it, and the log verifies.

Sign-in success and failure, viewing an intake, acknowledging a flag, discharge, printing (sent
and not sent), exporting, backup (by command and the daily one), restore, staff changes,
consent-version changes, and settings and forms changes: each done the way staff do it (the
command line, the repositories, the nurse station window), then looked for in the log.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.core.audit import AuditEntry
from kiosk.core.clock import FakeClock, today
from kiosk.core.forms import shipped_forms_dir
from kiosk.core.staff import Role, Signer
from kiosk.services.context import KioskContext, open_context
from kiosk.services.demo.day import make_demo
from kiosk.services.discharge import DischargeDesk
from kiosk.services.forms_audit import record_forms_changes
from kiosk.services.staff import StaffService
from kiosk.services.station import StationService
from kiosk.storage.audit import AuditLog
from kiosk.storage.staff import StaffRepository
from tests.helpers.cups import CupsPdfQueue
from tests.helpers.watch import make_ready

pytestmark = pytest.mark.usefixtures("cheap_pins")

PIN = "482915"
NEW_PIN = "739164"
CHEAP = 2**10


@pytest.fixture
def clock() -> FakeClock:
    """The clinic's clock, shared by every step of a test."""
    return FakeClock()


@pytest.fixture
def clinic(data_dir: Path, clock: FakeClock) -> Path:
    """A data folder with a demo day that has flags and signed consents."""
    context = open_context(data_dir, clock=clock)
    try:
        make_demo(context, 6, today(clock), seed=0)
    finally:
        context.close()
    return data_dir


@pytest.fixture
def context(clinic: Path, clock: FakeClock) -> Iterator[KioskContext]:
    """The clinic's data opened as the kiosk opens it."""
    opened = open_context(clinic, clock=clock)
    try:
        yield opened
    finally:
        opened.close()


def run(data_dir: Path, *words: str) -> int:
    return main(["--data-dir", str(data_dir), *words])


def log_of(data_dir: Path) -> list[AuditEntry]:
    """Every entry, oldest first, after checking that the log verifies."""
    context = open_context(data_dir, clock=FakeClock())
    try:
        log = AuditLog(context.db, context.clock)
        assert log.verify() is None
        return log.entries()
    finally:
        context.close()


def actions(entries: list[AuditEntry]) -> list[str]:
    return [entry.action for entry in entries]


def test_command_line_acts_are_recorded(
    clinic: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Backup, restore, staff add / disable / enable / reset-pin, export, consent publish: one
    entry each, by the command line, about the right thing."""
    backup = tmp_path / "backup.db"
    assert run(clinic, "backup", "--out", str(backup)) == 0
    assert run(clinic, "restore", str(backup)) == 0
    monkeypatch.setenv("KIOSK_NEW_PIN", PIN)
    assert run(clinic, "staff", "add", "--role", "nurse", "--name", "Nora Nurse") == 0
    assert run(clinic, "staff", "disable", "1") == 0
    assert run(clinic, "staff", "enable", "1") == 0
    monkeypatch.setenv("KIOSK_NEW_PIN", NEW_PIN)
    assert run(clinic, "staff", "reset-pin", "1") == 0
    out = tmp_path / "day.csv"
    day = today(FakeClock()).isoformat()
    assert run(clinic, "export", "--date", day, "--format", "csv", "--out", str(out)) == 0
    forms = tmp_path / "forms"
    shutil.copytree(shipped_forms_dir(), forms)
    source = tmp_path / "v2.toml"
    v1 = (forms / "consent" / "v1.toml").read_text(encoding="utf-8")
    source.write_text(v1.replace("version = 1", "version = 2", 1), encoding="utf-8")
    assert (
        main(
            [
                "--data-dir",
                str(clinic),
                "--forms-dir",
                str(forms),
                "consent",
                "publish",
                str(source),
            ]
        )
        == 0
    )
    capsys.readouterr()

    entries = log_of(clinic)
    by_action = {entry.action: entry for entry in entries}
    expected = [
        "restore",
        "staff_add",
        "staff_disable",
        "staff_enable",
        "staff_reset_pin",
        "export",
        "publish_consent",
    ]
    assert actions(entries)[-len(expected) :] == expected
    assert all(by_action[action].actor == "command line" for action in expected)
    assert by_action["restore"].subject == str(backup)
    assert {by_action[a].subject for a in expected if a.startswith("staff_")} == {"staff 1"}
    assert json.loads(by_action["export"].detail)["format"] == "csv"
    assert by_action["publish_consent"].subject == "v2"


def test_the_backup_entry_is_in_the_live_log(clinic: Path, tmp_path: Path) -> None:
    """`backup --out` records where it wrote, with the number of intakes."""
    target = tmp_path / "b.db"
    assert run(clinic, "backup", "--out", str(target)) == 0
    [entry] = [e for e in log_of(clinic) if e.action == "backup"]
    assert (entry.actor, entry.subject) == ("command line", str(target))
    assert json.loads(entry.detail) == {"intakes": 6}


def test_the_daily_backup_is_recorded(context: KioskContext, clinic: Path) -> None:
    """The kiosk's own daily backup at start-up is an entry by "kiosk"."""
    from kiosk.services.backups import BackupService  # noqa: PLC0415

    made = BackupService(context).automatic()
    assert made is not None
    [entry] = [e for e in log_of(clinic) if e.action == "backup"]
    assert (entry.actor, entry.subject, json.loads(entry.detail)) == (
        "kiosk",
        str(made),
        {"daily": True, "intakes": 6},
    )


def test_sign_in_acknowledge_discharge_and_a_failed_print_are_recorded(
    context: KioskContext, clinic: Path, tmp_path: Path
) -> None:
    """Through the repositories the station uses: a wrong PIN, the right one, a flag
    acknowledged, a discharge and a print to a queue that does not exist (saved instead)."""
    staff = StaffService(context, cost=CHEAP)
    nurse = staff.add("Nora Nurse", Role.NURSE, PIN, by="Ada Admin")
    assert not staff.sign_in(nurse.id, "999111").ok
    assert staff.sign_in(nurse.id, PIN).ok
    station = StationService.on(context)
    flag_id = int(context.db.execute("SELECT id FROM flags ORDER BY id LIMIT 1").fetchone()[0])
    station.acknowledge(flag_id, Signer(nurse.id, nurse.name))
    intake = int(context.db.execute("SELECT intake_id FROM consents LIMIT 1").fetchone()[0])
    desk = DischargeDesk(context)
    signer = Signer(nurse.id, nurse.name)
    make_ready(station, intake, signer)
    desk.discharge(
        intake,
        driver_name="Sam Driver",
        driver_phone="555 010 0123",
        driver_present=True,
        nurse=signer,
    )
    outcome = desk.print_sheet(intake, queue="NoSuchKioskQueue", by=signer)
    assert not outcome.sent

    entries = log_of(clinic)
    seen = [(e.actor, e.action, e.subject) for e in entries]
    watch = {"vitals", "infusion_start", "infusion_end", "infusion_correct", "readiness"}
    seen = [entry for entry in seen if entry[1] not in watch]  # bringing the patient to the door
    assert seen[-5:] == [
        ("Nora Nurse", "sign_in_failed", f"staff {nurse.id}"),
        ("Nora Nurse", "sign_in", f"staff {nurse.id}"),
        ("Nora Nurse", "acknowledge", f"flag {flag_id}"),
        ("Nora Nurse", "discharge", f"intake {intake}"),
        ("Nora Nurse", "print_failed", f"intake {intake}"),
    ]
    failed = [e for e in entries if e.action == "sign_in_failed"][-1]
    assert json.loads(failed.detail) == {"reason": "wrong_pin"}


def test_a_print_sent_to_cups_is_recorded(
    context: KioskContext, clinic: Path, cups_queue: CupsPdfQueue
) -> None:
    """A sheet CUPS took: a "print" entry naming the queue and the job."""
    intake = int(context.db.execute("SELECT intake_id FROM consents LIMIT 1").fetchone()[0])
    desk = DischargeDesk(context, follow_seconds=0)
    signer = Signer(None, "command line")
    make_ready(StationService.on(context), intake, signer)
    desk.discharge(
        intake,
        driver_name="Sam Driver",
        driver_phone="555 010 0123",
        driver_present=True,
        nurse=signer,
    )
    outcome = desk.print_sheet(intake, queue=cups_queue.queue, by=signer)
    assert outcome.sent
    entry = log_of(clinic)[-1]
    assert (entry.action, entry.subject) == ("print", f"intake {intake}")
    assert json.loads(entry.detail) == {"queue": cups_queue.queue, "job": outcome.job_id}


def test_viewing_an_intake_at_the_station_is_recorded(
    qtbot: Any, clinic: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signing in at the station and opening one intake: sign_in, then view_intake by the nurse."""
    from kiosk.ui.app import build_main_window  # noqa: PLC0415 - Qt only for this test
    from kiosk.ui.main_window import MainWindow  # noqa: PLC0415
    from kiosk.ui.staff.pin_dialog import PinDialog  # noqa: PLC0415
    from kiosk.ui.staff.station import StationView  # noqa: PLC0415

    window = build_main_window(clinic, clock=clock)
    assert isinstance(window, MainWindow)
    try:
        staff = StaffRepository(
            window.context.db, clock, window.context.forms.settings.staff, cost=CHEAP
        )
        nurse = staff.add("Nora Nurse", Role.NURSE, PIN)
        answers = [(nurse.id, PIN)]
        monkeypatch.setattr(
            PinDialog, "ask", classmethod(lambda cls, *a, **k: answers.pop(0) if answers else None)
        )
        window.open_staff()
        station = window.station
        assert isinstance(station, StationView)
        intake = int(window.context.db.execute("SELECT min(id) FROM intakes").fetchone()[0])
        assert station.open_intake(intake) is not None
    finally:
        window.allow_close = True
        window.close()
        window.context.close()
        window.deleteLater()
    seen = [(e.actor, e.action, e.subject) for e in log_of(clinic)]
    assert seen[-2:] == [
        ("Nora Nurse", "sign_in", f"staff {nurse.id}"),
        ("Nora Nurse", "view_intake", f"intake {intake}"),
    ]


def test_settings_and_forms_changes_are_recorded(
    context: KioskContext, clinic: Path, tmp_path: Path
) -> None:
    """The start-up check records the first hashes, then an edited settings.toml."""
    forms = tmp_path / "forms"
    shutil.copytree(shipped_forms_dir(), forms)
    assert record_forms_changes(context.db, context.clock, forms) == [
        "settings_changed",
        "forms_changed",
    ]
    settings = forms / "settings.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("keep = 14", "keep = 21"), encoding="utf-8"
    )
    assert record_forms_changes(context.db, context.clock, forms) == ["settings_changed"]
    assert actions(log_of(clinic))[-3:] == ["settings_changed", "forms_changed", "settings_changed"]
