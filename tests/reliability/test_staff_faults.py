"""Storage faults while staff work at the station: a full disk, a read-only database, a damaged
file. Staff are told what happened and what to do, nothing saved before is lost, and the
station works again once the fault is cleared."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication

from kiosk.cli import main
from kiosk.core.clock import FakeClock
from kiosk.core.faults import ADVICE, CONTEXT
from kiosk.core.staff import Role
from kiosk.core.vitals import Phase, Vitals
from kiosk.services.demo.day import make_demo
from kiosk.storage.backup import backup_to, daily_name
from kiosk.storage.db import DatabaseDamagedError, StorageError, database_path
from kiosk.storage.errors import StorageFault, WrongKeyError
from kiosk.storage.faults import Fault, classify, is_storage_fault
from kiosk.storage.staff import StaffRepository
from kiosk.ui.app import build_main_window
from kiosk.ui.main_window import MainWindow
from kiosk.ui.staff.dialogs import DischargeDialog, Notice, VitalsDialog
from kiosk.ui.staff.pin_dialog import PinDialog
from kiosk.ui.staff.station import StationView
from tests.helpers.faults import (
    checkpoint,
    damage_header,
    damage_middle_page,
    fill_disk,
    free_disk,
    immutable,
)
from tests.helpers.watch import make_ready
from tests.helpers.widgets import flush_deletes

pytestmark = pytest.mark.usefixtures("cheap_pins")

NURSE_PIN = "482915"
DAY = date(2026, 11, 21)
READINGS = Vitals(128, 82, 71, 98)


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the station's message dialogs said (the dialog itself is tested with the station)."""
    shown: list[str] = []
    monkeypatch.setattr(
        Notice, "show_message", classmethod(lambda cls, parent, text: shown.append(text))
    )
    return shown


@pytest.fixture
def station(
    qtbot: Any, data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[StationView]:
    """A nurse signed in at the station of a kiosk with three of today's intakes."""
    window = build_main_window(data_dir, clock=clock)
    assert isinstance(window, MainWindow)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    context = window.context
    make_demo(context, 3, DAY, seed=5)
    staff = StaffRepository(context.db, clock, context.forms.settings.staff, cost=2**10)
    nurse = staff.add("Nora Nurse", Role.NURSE, NURSE_PIN)
    monkeypatch.setattr(PinDialog, "ask", classmethod(lambda cls, *a, **k: (nurse.id, NURSE_PIN)))
    window.open_staff()
    assert window.station is not None
    yield window.station
    window.allow_close = True
    window.close()
    context.close()
    window.deleteLater()
    flush_deletes()


def vitals_count(view: StationView, intake_id: int) -> int:
    """How many vitals the intake has stored."""
    return len(view.station.intake(intake_id).vitals)


def ask_vitals(monkeypatch: pytest.MonkeyPatch) -> None:
    """The nurse types the same readings each time."""
    monkeypatch.setattr(VitalsDialog, "ask", classmethod(lambda cls, parent, phase: READINGS))


def test_disk_full_tells_the_nurse_and_keeps_everything_saved_before(
    station: StationView,
    notices: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tally: Any,
) -> None:
    """The database may grow no more; the nurse records vitals until it is full: the failed one
    says 'the disk is full', what to do and that what was saved is safe; every earlier reading
    is there; with space again the same action saves."""
    intake_id = station.board.rows[0].id
    station.open_intake(intake_id)
    ask_vitals(monkeypatch)
    fill_disk(station.context.db)
    tally.add("faults injected")
    saved = 0
    with pytest.raises(StorageFault) as full:  # fill the last free room with real readings
        for _ in range(10_000):
            station.station.store.record_vitals(intake_id, Phase.DISCHARGE, READINGS, None, [])
            saved += 1
    # storage's own fault of the right kind, raised from the driver's SQLITE_FULL
    assert full.value.kind is Fault.DISK_FULL
    assert is_storage_fault(full.value.__cause__) and not isinstance(
        full.value.__cause__, StorageError
    )
    assert classify(full.value.__cause__) is Fault.DISK_FULL  # type: ignore[arg-type]
    station.record_vitals(Phase.DISCHARGE)
    assert len(notices) == 1
    assert notices[0].startswith("⚠ Not saved. The disk is full: nothing new can be saved.")
    assert "Free space or call support; what was saved before is safe." in notices[0]
    assert vitals_count(station, intake_id) == saved
    assert len(station.board.rows) == 3
    free_disk(station.context.db)
    station.record_vitals(Phase.DISCHARGE)
    assert len(notices) == 1
    assert vitals_count(station, intake_id) == saved + 1


def test_a_spanish_nurse_reads_the_storage_fault_in_spanish(
    station: StationView,
    notices: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tally: Any,
) -> None:
    """The staff language is Spanish and the disk fills: 'not saved' and the advice for a full
    disk are in Spanish, from the one advice table."""
    window = station.window()
    assert isinstance(window, MainWindow)
    window.translations.use("es")
    try:
        intake_id = station.board.rows[0].id
        station.open_intake(intake_id)
        ask_vitals(monkeypatch)
        fill_disk(station.context.db)
        tally.add("faults injected")
        with pytest.raises(StorageFault):
            for _ in range(10_000):
                station.station.store.record_vitals(intake_id, Phase.DISCHARGE, READINGS, None, [])
        station.record_vitals(Phase.DISCHARGE)
        free_disk(station.context.db)
        advice = QCoreApplication.translate(CONTEXT, ADVICE[Fault.DISK_FULL].staff)
    finally:
        window.translations.use("en")
    assert len(notices) == 1
    spanish = "El disco está lleno: no se puede guardar nada nuevo."
    assert advice.startswith(spanish)
    assert notices[0].startswith("⚠ ") and spanish in notices[0], notices[0]
    assert "The disk is full" not in notices[0] and "Not saved" not in notices[0]


def test_a_read_only_database_tells_the_nurse_and_discharge_works_once_writable(
    station: StationView,
    notices: list[str],
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    tally: Any,
) -> None:
    """The database file and its log become unchangeable (even for root): discharge says the
    database cannot be written; nothing is half-saved; once writable, discharge goes through."""
    intake_id = station.board.rows[0].id
    station.open_intake(intake_id)
    ask_vitals(monkeypatch)
    station.record_vitals(Phase.PRE)
    make_ready(station.station, intake_id, station.signer)
    station.open_intake(intake_id)
    readings = vitals_count(station, intake_id)
    monkeypatch.setattr(
        DischargeDialog,
        "ask",
        classmethod(lambda cls, parent, n, p, m="": ("Sam Driver", "555-201-3344", True)),
    )
    monkeypatch.setattr(station, "aftercare", lambda: None)  # printing is tested on its own, below
    db = database_path(data_dir)
    station.context.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with immutable(db, db.with_name(db.name + "-wal")):
        tally.add("faults injected")
        station.discharge()
        assert len(notices) == 1
        assert "The database cannot be written any more" in notices[0]
        assert "what was saved before is safe" in notices[0]
        assert station.station.intake(intake_id).discharge is None
        assert vitals_count(station, intake_id) == readings
    station.discharge()
    assert len(notices) == 1
    assert station.station.intake(intake_id).discharge is not None


def test_query_only_database_refuses_acknowledge_with_the_same_words(
    station: StationView, notices: list[str], tally: Any
) -> None:
    """A database SQLite itself keeps read-only (query_only): the acknowledge says so too."""
    context = station.context
    intake_id = station.board.rows[0].id
    flag_id = int(
        context.db.execute(
            "INSERT INTO flags (intake_id, code, level, source, reason, raised_at)"
            " VALUES (?, 'test', 'red', 'test', '{}', '2026-11-21T15:00:00Z')",
            [intake_id],
        ).lastrowid
    )
    context.db.execute("PRAGMA query_only = 1")
    tally.add("faults injected")
    station.acknowledge(flag_id)
    assert notices and "The database cannot be written any more" in notices[0]
    context.db.execute("PRAGMA query_only = 0")
    station.acknowledge(flag_id)
    assert len(notices) == 1


def damaged_clinic(data_dir: Path, clock: FakeClock, damage: str) -> Path:
    """Three intakes, yesterday's backup of them, then the file damaged; the backup's path."""
    from kiosk.services.context import open_context  # noqa: PLC0415

    context = open_context(data_dir, clock=clock)
    make_demo(context, 3, DAY, seed=6)
    backup = backup_to(context.db, data_dir / "backups" / daily_name(DAY))
    context.close()
    path = database_path(data_dir)
    checkpoint(path)
    (damage_header if damage == "header" else damage_middle_page)(path)
    return backup


def says_damaged_and_restore(err: str, data_dir: Path, backup: Path) -> None:
    """One stderr line: the file is damaged, and the restore command with the latest backup."""
    assert len(err.splitlines()) == 1, err
    assert "damaged" in err
    assert f"python -m kiosk --data-dir {data_dir} restore {backup}" in err
    assert "Traceback" not in err


EXPORT_DAY = ["export", "--date", DAY.isoformat(), "--format", "csv", "--out", "-"]
EXPORT_ALL = ["export", "--date", DAY.isoformat(), "--format", "json", "--include-pdf", "--out"]


def test_a_damaged_header_stops_every_command_with_the_restore_command(
    data_dir: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str], tally: Any
) -> None:
    """The header overwritten: the light check of every command's open finds it; each exits 1
    with one stderr line saying it is damaged and naming the restore command with the latest
    backup; the file is left as it was."""
    backup = damaged_clinic(data_dir, clock, "header")
    tally.add("faults injected")
    path = database_path(data_dir)
    before = path.read_bytes()
    out = str(data_dir.parent / "all.json")
    for argv in (["staff", "list"], EXPORT_DAY, [*EXPORT_ALL, out], ["audit", "verify"], ["check"]):
        assert main(["--data-dir", str(data_dir), *argv]) == 1, argv
        says_damaged_and_restore(capsys.readouterr().err.strip(), data_dir, backup)
    assert path.read_bytes() == before


def test_a_damaged_middle_page_is_named_by_check_and_by_commands_that_read_it(
    data_dir: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str], tally: Any
) -> None:
    """A page in the middle damaged: commands open with the light check only, so ``check`` (both
    kinds) and a backup (which reads every page) say damaged with the restore command; a command
    that may never meet the page (an export, even with the consent PDFs: the page may hold the
    clinic-server outbox) may finish, but none ever ends in a traceback or says anything else.
    The commands that stop leave the file as it was (one that finishes may add its audit entry
    on sound pages)."""
    backup = damaged_clinic(data_dir, clock, "middle page")
    tally.add("faults injected")
    path = database_path(data_dir)
    before = path.read_bytes()
    reads_everything = (
        ["check"],
        ["check", "--full"],
        ["backup", "--out", str(data_dir.parent / "copy.db")],
    )
    for argv in reads_everything:
        assert main(["--data-dir", str(data_dir), *argv]) == 1, argv
        says_damaged_and_restore(capsys.readouterr().err.strip(), data_dir, backup)
    assert path.read_bytes() == before
    everything = [*EXPORT_ALL, str(data_dir.parent / "all.json")]
    for argv in (["staff", "list"], EXPORT_DAY, everything, ["audit", "verify"]):
        code = main(["--data-dir", str(data_dir), *argv])
        err = capsys.readouterr().err.strip()
        if code != 0:
            assert code == 1, argv
            says_damaged_and_restore(err, data_dir, backup)


def test_the_light_check_finds_a_damaged_header_and_leaves_the_pages_to_the_full_one(
    data_dir: Path, clock: FakeClock, tally: Any
) -> None:
    """open_database's light check (what commands use) refuses an overwritten header as damage;
    a damaged middle page opens light, and check_database (the full quick_check) finds it."""
    from kiosk.storage.db import check_database, open_database  # noqa: PLC0415

    damaged_clinic(data_dir, clock, "header")
    tally.add("faults injected")
    path = database_path(data_dir)
    with pytest.raises(DatabaseDamagedError, match="damaged"):
        open_database(path, check="light")
    other = data_dir.parent / "other"
    damaged_clinic(other, clock, "middle page")
    tally.add("faults injected")
    db = open_database(database_path(other), check="light")
    try:
        with pytest.raises(DatabaseDamagedError, match="damaged"):
            check_database(db, database_path(other))
    finally:
        db.close()
    with pytest.raises(DatabaseDamagedError, match="damaged"):
        open_database(database_path(other), check="full")


def test_the_classification_of_storage_faults() -> None:
    """One pure function names the kind of every storage failure the kiosk meets."""

    def sql(code: int) -> sqlite3.Error:
        error = sqlite3.OperationalError("x")
        error.sqlite_errorcode = code  # type: ignore[attr-defined]
        return error

    assert classify(sql(sqlite3.SQLITE_FULL)) is Fault.DISK_FULL
    assert classify(sql(sqlite3.SQLITE_READONLY)) is Fault.READ_ONLY
    assert classify(sql(sqlite3.SQLITE_IOERR_WRITE)) is Fault.READ_ONLY
    assert classify(sql(sqlite3.SQLITE_CORRUPT)) is Fault.DAMAGED
    assert classify(sql(sqlite3.SQLITE_NOTADB)) is Fault.DAMAGED
    assert classify(sql(sqlite3.SQLITE_BUSY)) is Fault.BUSY
    assert classify(DatabaseDamagedError("damaged")) is Fault.DAMAGED
    assert classify(WrongKeyError("another key")) is Fault.KEY
    assert classify(StorageError("odd")) is Fault.OTHER
    wrapped = StorageError("not written")
    wrapped.__cause__ = OSError(28, "No space left on device")
    assert classify(wrapped) is Fault.DISK_FULL
    assert classify(OSError(30, "Read-only file system")) is Fault.READ_ONLY
    assert classify(ValueError("not storage")) is None
    assert not is_storage_fault(ValueError("not storage"))
    assert is_storage_fault(sql(sqlite3.SQLITE_FULL))


def test_a_patient_save_that_failed_is_shown_on_the_board(
    qtbot: Any, data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, tally: Any
) -> None:
    """The patient side could not save (the database refused a write) and sent the patient to
    the front desk; the nurse signing in reads on the board when, what happened and what to do."""
    window = build_main_window(data_dir, clock=clock)
    assert isinstance(window, MainWindow)
    window.show()
    qtbot.waitExposed(window)
    context = window.context
    try:
        staff = StaffRepository(context.db, clock, context.forms.settings.staff, cost=2**10)
        nurse = staff.add("Nora Nurse", Role.NURSE, NURSE_PIN)
        context.db.execute("PRAGMA query_only = 1")
        tally.add("faults injected")
        with pytest.raises(Exception) as refused:  # a real refusal of the database
            context.db.execute("DELETE FROM staff WHERE id = ?", [nurse.id])
        context.db.execute("PRAGMA query_only = 0")
        window.show_front_desk(refused.value, "identify")
        monkeypatch.setattr(
            PinDialog, "ask", classmethod(lambda cls, *a, **k: (nurse.id, NURSE_PIN))
        )
        window.open_staff()
        assert window.station is not None
        notice = window.station.board.notice
        assert notice.isVisible()
        assert notice.text().startswith("⚠ At 15:00 a patient's answer could not be saved")
        assert "The database cannot be written any more" in notice.text()
    finally:
        window.allow_close = True
        window.close()
        context.close()
        window.deleteLater()
        flush_deletes()
