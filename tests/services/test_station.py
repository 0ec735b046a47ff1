"""StationService: the nurse's acts (view, acknowledge, vitals, the chair) each with its audit
entry in one transaction, and the reads through the read model."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from kiosk.core.clock import FakeClock
from kiosk.core.flags import Flag, Level
from kiosk.core.forms import FormsBundle
from kiosk.core.identity import Identity
from kiosk.core.records import NewIntake
from kiosk.core.staff import Signer
from kiosk.core.text import Localized
from kiosk.core.vitals import Phase, Vitals
from kiosk.services.context import KioskContext
from kiosk.services.station import StationService
from kiosk.storage.errors import StorageFault
from kiosk.storage.intakes import IntakeRepository, raise_flags
from kiosk.storage.station import StationRepository
from tests.helpers.audit import audit_rows, refuse_audit
from tests.helpers.rows import Rows

DAY = date(2026, 11, 21)  # the FakeClock's day
CALM = Vitals(124, 81, 72, 98)


@pytest.fixture
def context(db: Database, forms: FormsBundle, clock: FakeClock, tmp_path: Path) -> KioskContext:
    """A kiosk context on the in-memory database (closed by the ``db`` fixture)."""
    return KioskContext(tmp_path / "data", forms, db, clock)


@pytest.fixture
def station(context: KioskContext) -> StationService:
    """The station on the kiosk's own database."""
    return StationService.on(context)


def new_intake(db: Database, first: str, hour: int = 9, day: date = DAY) -> int:
    """An intake checking in at ``hour`` on ``day``."""
    return IntakeRepository(db, FakeClock()).create_intake(
        NewIntake(
            day=day,
            identity=Identity(first, "Tester", date(1980, 2, 29)),
            language="en",
            appointment_id=None,
            form_versions={"checklist": "2026.1"},
            created_at=datetime(day.year, day.month, day.day, hour, tzinfo=UTC),
        )
    )


def add_flag(db: Database, intake_id: int, code: str, level: Level, alert: bool = False) -> int:
    """A flag on the intake, as the patient side raises it; its id."""
    flag = Flag(code, level, "checklist", Localized({"en": code, "es": code}), alert)
    raise_flags(db, intake_id, [flag], "2026-11-21T09:30:00+00:00")
    row = db.execute(
        "SELECT id FROM flags WHERE intake_id = ? AND code = ?", [intake_id, code]
    ).fetchone()
    return int(row[0])


def stage(db: Database, intake_id: int) -> str:
    """The intake's stored stage."""
    row = Rows(db).intake(intake_id)
    assert row is not None
    return str(row["stage"])


def test_view_intake_is_one_view_intake_entry(
    station: StationService, db: Database, nurse: Signer
) -> None:
    """``view_intake`` changes nothing but the log: one ``view_intake`` entry by the nurse."""
    intake = new_intake(db, "Ana")
    before = Rows(db).intake(intake)
    station.view_intake(intake, nurse)
    assert Rows(db).intake(intake) == before
    [entry] = audit_rows(db)
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        "Nora Nurse",
        "view_intake",
        f"intake {intake}",
    )


def test_acknowledge_stores_who_and_when_with_one_entry(
    station: StationService, db: Database, nurse: Signer, clock: FakeClock
) -> None:
    """``acknowledge``: the flag row names the nurse, their id and the time; one ``acknowledge``
    entry by the nurse naming the flag; the alert leaves the board's open alerts."""
    intake = new_intake(db, "Ana")
    flag = add_flag(db, intake, "phq9_item9", Level.RED, alert=True)
    assert station.board(DAY)[0].open_alerts
    station.acknowledge(flag, nurse)
    [row] = Rows(db).flags(intake)
    assert (row["acknowledged_by"], row["acknowledged_staff_id"]) == ("Nora Nurse", nurse.id)
    assert row["acknowledged_at"] == clock.now().isoformat()
    [entry] = audit_rows(db)
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        "Nora Nurse",
        "acknowledge",
        f"flag {flag}",
    )
    assert not station.board(DAY)[0].open_alerts


def test_record_vitals_raises_flags_from_the_clinics_limits(
    context: KioskContext, db: Database, nurse: Signer
) -> None:
    """``record_vitals`` flags against the clinic's own limits (a stricter systolic limit here):
    the readings, the red vitals flags and the chair are stored; one ``vitals`` entry carries the
    phase and the flag codes."""
    settings = context.forms.settings
    strict = replace(settings.vitals, systolic_max=130)
    forms = replace(context.forms, settings=replace(settings, vitals=strict))
    station = StationService(StationRepository(db, context.clock), forms, context.clock)
    intake = new_intake(db, "Ana")
    station.record_vitals(intake, Phase.PRE, Vitals(140, 85, 120, 90), nurse)
    rows = Rows(db)
    [vitals] = rows.vitals(intake)
    assert (vitals["phase"], vitals["systolic"], vitals["spo2"], vitals["recorded_by_name"]) == (
        "pre",
        140,
        90,
        "Nora Nurse",
    )
    codes = ["vitals_pre_bp_high", "vitals_pre_hr_out", "vitals_pre_spo2_low"]
    flags = rows.flags(intake)
    assert sorted(f["code"] for f in flags) == codes
    assert {(f["level"], f["source"]) for f in flags} == {("red", "vitals")}
    assert stage(db, intake) == "in_chair"
    [entry] = audit_rows(db)
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        "Nora Nurse",
        "vitals",
        f"intake {intake}",
    )
    assert json.loads(entry["detail"]) == {"phase": "pre", "flags": codes}
    assert [f.code for f in station.intake(intake).reds] == [f["code"] for f in flags]


def test_calm_discharge_vitals_raise_nothing_and_do_not_seat(
    station: StationService, db: Database, nurse: Signer
) -> None:
    """Readings inside the limits at discharge: stored, no flag, the stage unchanged; the entry
    says phase discharge and no flags."""
    intake = new_intake(db, "Ana")
    station.record_vitals(intake, Phase.DISCHARGE, CALM, nurse)
    rows = Rows(db)
    assert [v["phase"] for v in rows.vitals(intake)] == ["discharge"]
    assert rows.flags(intake) == []
    assert stage(db, intake) == "checking_in"
    [entry] = audit_rows(db)
    assert (entry["action"], json.loads(entry["detail"])) == (
        "vitals",
        {"phase": "discharge", "flags": []},
    )


def test_seat_puts_the_patient_in_the_chair_with_one_seat_entry(
    station: StationService, db: Database, nurse: Signer
) -> None:
    """``seat``: the stage is in_chair; one ``seat`` entry by the nurse."""
    intake = new_intake(db, "Ana")
    station.seat(intake, nurse)
    assert stage(db, intake) == "in_chair"
    [entry] = audit_rows(db)
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        "Nora Nurse",
        "seat",
        f"intake {intake}",
    )


def test_reads_go_through_the_read_model(
    station: StationService, db: Database, nurse: Signer
) -> None:
    """The board, one intake, the score history and the change marker are the store's reads:
    the stored vitals and flags are what the intake shows, and a write moves the marker."""
    quiet = new_intake(db, "Quiet", hour=8)
    flagged = new_intake(db, "Flagged", hour=10)
    add_flag(db, flagged, "fasting", Level.AMBER)
    marker = station.change_marker()
    station.record_vitals(quiet, Phase.PRE, CALM, nurse)
    assert station.change_marker() != marker
    board = station.board(DAY)
    assert board == StationRepository(db, FakeClock()).board(DAY)
    assert [row.id for row in board] == [flagged, quiet]
    record = station.intake(quiet)
    [vitals] = record.vitals
    assert (vitals.systolic, vitals.recorded_by, record.stage) == (124, "Nora Nurse", "in_chair")
    assert station.score_history(quiet) == []
    with pytest.raises(LookupError):
        station.intake(999)


ACTS: dict[str, Callable[[StationService, int, int, Signer], None]] = {
    "acknowledge": lambda station, _, flag, nurse: station.acknowledge(flag, nurse),
    "record_vitals": lambda station, intake, _, nurse: station.record_vitals(
        intake, Phase.PRE, Vitals(190, 85, 72, 98), nurse
    ),
    "seat": lambda station, intake, _, nurse: station.seat(intake, nurse),
    "view_intake": lambda station, intake, _, nurse: station.view_intake(intake, nurse),
}


def stored_state(db: Database, intake: int) -> tuple[Any, ...]:
    """Everything these acts could change, read raw."""
    rows = Rows(db)
    return rows.intake(intake), rows.flags(intake), rows.vitals(intake), audit_rows(db)


@pytest.mark.parametrize("act", ACTS)
def test_a_refused_audit_entry_leaves_the_change_unstored(
    station: StationService, db: Database, nurse: Signer, act: str
) -> None:
    """When the audit log refuses the entry, the act fails as a StorageFault and nothing of it is
    stored: the flag stays unacknowledged, no vitals, no flags, no chair."""
    intake = new_intake(db, "Ana")
    flag = add_flag(db, intake, "phq9_item9", Level.RED, alert=True)
    before = stored_state(db, intake)
    refuse_audit(db)
    with pytest.raises(StorageFault, match="the audit log refuses this entry"):
        ACTS[act](station, intake, flag, nurse)
    assert stored_state(db, intake) == before
    assert not db.conn.in_transaction
    assert station.board(DAY)[0].open_alerts
