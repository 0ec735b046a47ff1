"""StationRepository, the kiosk's StationStore: the board, one intake, scores over days, the next
appointment, the change marker and the nurse's writes; the shape core's Protocols ask for."""

from __future__ import annotations

import inspect
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlite_utils import Database

from kiosk.core.appointments import Appointment
from kiosk.core.clock import FakeClock
from kiosk.core.flags import Flag, Level
from kiosk.core.identity import Identity
from kiosk.core.ports import Discharge, ExportSource, PrintAttempt, StationStore
from kiosk.core.records import NewIntake
from kiosk.core.text import Localized
from kiosk.core.vitals import Phase, Vitals
from kiosk.storage.appointments import import_appointments
from kiosk.storage.intakes import IntakeRepository, raise_flags
from kiosk.storage.station import StationRepository
from tests.helpers.rows import Rows

DAY = date(2026, 11, 21)  # the FakeClock's day
BORN = date(1980, 2, 29)
CALM = Vitals(124, 81, 72, 98)


@pytest.fixture
def store(db: Database, clock: FakeClock) -> StationRepository:
    """The station store on the in-memory database."""
    return StationRepository(db, clock)


def new_intake(
    db: Database, first: str, at: str, *, day: date = DAY, born: date = BORN, last: str = "Tester"
) -> int:
    """An intake of ``day`` that arrived at ``at`` (HH:MM, UTC)."""
    hour, minute = (int(part) for part in at.split(":"))
    return IntakeRepository(db, FakeClock()).create_intake(
        NewIntake(
            day=day,
            identity=Identity(first, last, born),
            language="en",
            appointment_id=None,
            form_versions={"checklist": "2026.1"},
            created_at=datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC),
        )
    )


def add_flag(db: Database, intake_id: int, code: str, level: Level, *, alert: bool = False) -> int:
    """A flag on the intake; its id."""
    flag = Flag(code, level, "checklist", Localized({"en": code, "es": code}), alert)
    raise_flags(db, intake_id, [flag], "2026-11-21T12:00:00+00:00")
    row = db.execute(
        "SELECT id FROM flags WHERE intake_id = ? AND code = ?", [intake_id, code]
    ).fetchone()
    return int(row[0])


def add_score(db: Database, intake_id: int, instrument: str, total: int, severity: str) -> None:
    """A scored instrument of the intake."""
    db.execute(
        "INSERT INTO scores (intake_id, instrument, total, severity, scored_at)"
        " VALUES (?, ?, ?, ?, '2026-11-21T10:00:00+00:00')",
        [intake_id, instrument, total, severity],
    )


def test_the_board_lists_alerts_then_red_amber_and_none_earliest_first(
    store: StationRepository, db: Database, clock: FakeClock
) -> None:
    """Open alerts first, then red flags (an acknowledged alert is a red), then amber, then
    none; within each, the earliest arrival first; another day's intakes are not listed."""
    calm = new_intake(db, "Calm", "07:00")
    amber = new_intake(db, "Amber", "07:30")
    late_red = new_intake(db, "LateRed", "09:00")
    early_red = new_intake(db, "EarlyRed", "08:00")
    late_alert = new_intake(db, "LateAlert", "12:00")
    early_alert = new_intake(db, "EarlyAlert", "10:00")
    seen_alert = new_intake(db, "SeenAlert", "07:15")
    new_intake(db, "Tomorrow", "06:00", day=DAY + timedelta(days=1))
    add_flag(db, amber, "fasting", Level.AMBER)
    add_flag(db, late_red, "bp", Level.RED)
    add_flag(db, early_red, "bp", Level.RED)
    add_flag(db, early_red, "fasting", Level.AMBER)
    add_flag(db, late_alert, "phq9_item9", Level.RED, alert=True)
    add_flag(db, early_alert, "phq9_item9", Level.RED, alert=True)
    store.acknowledge(add_flag(db, seen_alert, "phq9_item9", Level.RED, alert=True), None, "N")
    board = store.board(DAY)
    assert [row.id for row in board] == [
        early_alert,
        late_alert,
        seen_alert,
        early_red,
        late_red,
        amber,
        calm,
    ]
    assert [f.level for f in board[3].flags] == ["red", "amber"]


def test_intake_reads_everything_stored_or_raises_lookup_error(
    store: StationRepository, db: Database
) -> None:
    """``intake``: the stored name, flags, scores and vitals as records; an unknown id is a
    LookupError."""
    intake = new_intake(db, "Ana", "09:00", last="Ruiz")
    add_flag(db, intake, "fasting", Level.AMBER)
    add_score(db, intake, "phq9", 7, "mild")
    store.record_vitals(intake, Phase.PRE, CALM, None, [])
    record = store.intake(intake)
    raw = Rows(db)
    assert (record.name, record.day, record.birth_date) == ("Ana Ruiz", DAY, BORN)
    assert [f.code for f in record.flags] == [f["code"] for f in raw.flags(intake)]
    assert (record.scores["phq9"].total, record.scores["phq9"].severity) == (7, "mild")
    assert [(v.phase, v.systolic, v.spo2) for v in record.vitals] == [("pre", 124, 98)]
    with pytest.raises(LookupError):
        store.intake(intake + 100)


def test_score_history_follows_the_patient_across_days(
    store: StationRepository, db: Database
) -> None:
    """Every PHQ-9 and GAD-7 total of the same person (name and birth date), oldest day first;
    another person's scores, even with the same name, are not among them."""
    week_ago = new_intake(db, "Ana", "09:00", day=DAY - timedelta(days=7))
    today = new_intake(db, "Ana", "09:00")
    twin = new_intake(db, "Ana", "09:30", born=date(1990, 1, 1))
    add_score(db, week_ago, "phq9", 15, "moderately severe")
    add_score(db, week_ago, "gad7", 9, "mild")
    add_score(db, today, "phq9", 8, "mild")
    add_score(db, twin, "phq9", 27, "severe")
    history = store.score_history(today)
    assert [(p.day, p.instrument, p.total) for p in history if p.instrument == "phq9"] == [
        (DAY - timedelta(days=7), "phq9", 15),
        (DAY, "phq9", 8),
    ]
    assert {(p.day, p.instrument, p.severity) for p in history} == {
        (DAY - timedelta(days=7), "phq9", "moderately severe"),
        (DAY - timedelta(days=7), "gad7", "mild"),
        (DAY, "phq9", "mild"),
    }
    assert store.score_history(week_ago) == history
    with pytest.raises(LookupError):
        store.score_history(999)


def test_next_appointment_is_the_first_after_the_day(
    store: StationRepository, db: Database, clock: FakeClock
) -> None:
    """The patient's first appointment after the given day (its day and time, "" without one);
    today's, another person's and none at all do not count."""
    intake = new_intake(db, "Ana", "09:00", last="Ruiz")
    assert store.next_appointment(intake, DAY) is None
    import_appointments(
        db,
        [
            Appointment(DAY, "09:00", "Ana", "Ruiz", BORN),
            Appointment(DAY + timedelta(days=14), "08:30", "Ana", "Ruiz", BORN),
            Appointment(DAY + timedelta(days=7), "10:00", "ANA", "ruiz", BORN),
            Appointment(DAY + timedelta(days=3), "11:00", "Ana", "Ruiz", date(1990, 1, 1)),
        ],
        clock,
    )
    assert store.next_appointment(intake, DAY) == (DAY + timedelta(days=7), "10:00")
    import_appointments(db, [Appointment(DAY + timedelta(days=2), "", "Ana", "Ruiz", BORN)], clock)
    assert store.next_appointment(intake, DAY) == (DAY + timedelta(days=2), "")
    assert store.next_appointment(intake, DAY + timedelta(days=14)) is None


def test_the_change_marker_moves_on_another_connections_commit(
    two_connections: tuple[Database, Database], clock: FakeClock
) -> None:
    """The marker stays while nothing is committed, and moves when another connection commits
    (and when this one does)."""
    first, second = two_connections
    store = StationRepository(first, clock)
    marker = store.change_marker()
    assert store.change_marker() == marker
    intake = new_intake(second, "Ana", "09:00")
    after_other = store.change_marker()
    assert after_other != marker
    store.seat(intake)
    assert store.change_marker() != after_other


def test_record_vitals_seats_the_patient_before_the_infusion_only(
    store: StationRepository, db: Database
) -> None:
    """Vitals at PRE store the readings, the flags given and the in_chair stage; at DISCHARGE the
    stage is left; a stage never moves back."""
    pre = new_intake(db, "Pre", "09:00")
    late = new_intake(db, "Late", "09:30")
    flag = Flag("vitals_pre_spo2_low", Level.RED, "vitals", Localized({"en": "x", "es": "x"}))
    store.record_vitals(pre, Phase.PRE, Vitals(124, 81, 72, 90), None, [flag])
    store.record_vitals(late, Phase.DISCHARGE, CALM, None, [])
    rows = Rows(db)
    assert [(v["phase"], v["spo2"]) for v in rows.vitals(pre)] == [("pre", 90)]
    assert [f["code"] for f in rows.flags(pre)] == ["vitals_pre_spo2_low"]
    assert store.intake(pre).stage == "in_chair"
    assert store.intake(late).stage == "checking_in"
    store.discharge(late, discharge_record(datetime(2026, 11, 21, 15, tzinfo=UTC)))
    store.record_vitals(late, Phase.PRE, CALM, None, [])
    assert store.intake(late).stage == "discharged"


def discharge_record(at: datetime) -> Discharge:
    """A discharge with a driver, at ``at``."""
    return Discharge(
        driver_name="Maria Lopez",
        driver_phone="(555) 010-0123",
        driver_present=True,
        discharged_at=at,
        no_driving_until=at + timedelta(hours=24),
        nurse_id=None,
        nurse_name="Nora Nurse",
    )


def test_discharge_stores_the_row_and_advances_the_stage(
    store: StationRepository, db: Database
) -> None:
    """``discharge``: the driver, the times and the nurse are stored; the stage is discharged."""
    intake = new_intake(db, "Ana", "09:00")
    store.seat(intake)
    at = datetime(2026, 11, 21, 15, tzinfo=UTC)
    store.discharge(intake, discharge_record(at))
    row = Rows(db).discharge(intake)
    assert row is not None
    assert (row["driver_name"], row["driver_present"], row["nurse_name"]) == (
        "Maria Lopez",
        1,
        "Nora Nurse",
    )
    assert row["discharged_at"] == at.isoformat()
    record = store.intake(intake)
    assert record.stage == "discharged"
    assert record.discharge is not None and record.discharge.driver_phone == "(555) 010-0123"


def test_record_print_returns_the_new_rows_id(store: StationRepository, db: Database) -> None:
    """``record_print`` stores each attempt and returns its id, a new one each time."""
    intake = new_intake(db, "Ana", "09:00")
    sent = PrintAttempt("aftercare", None, "Nora Nurse", "KioskTestPDF", "KioskTestPDF-7", "sent")
    saved = PrintAttempt("aftercare", None, "Nora Nurse", "Gone", "", "saved", "gone", "/tmp/a.pdf")
    first = store.record_print(intake, sent)
    second = store.record_print(intake, saved)
    assert second > first
    rows = Rows(db).prints(intake)
    assert [(r["id"], r["status"], r["job_id"], r["saved_path"]) for r in rows] == [
        (first, "sent", "KioskTestPDF-7", ""),
        (second, "saved", "", "/tmp/a.pdf"),
    ]
    assert [p.status for p in store.intake(intake).prints] == ["sent", "saved"]


def test_an_acknowledgement_is_stored_once(store: StationRepository, db: Database) -> None:
    """The first nurse to acknowledge a flag is kept; a second acknowledgement changes nothing."""
    intake = new_intake(db, "Ana", "09:00")
    flag = add_flag(db, intake, "phq9_item9", Level.RED, alert=True)
    store.acknowledge(flag, None, "Nora Nurse")
    first = Rows(db).flags(intake)
    store.acknowledge(flag, None, "Someone Else")
    assert Rows(db).flags(intake) == first
    assert first[0]["acknowledged_by"] == "Nora Nurse"


def protocol_methods(protocol: type) -> dict[str, inspect.Signature]:
    """Every method a Protocol (and the Protocols it extends) declares, with its signature."""
    methods: dict[str, inspect.Signature] = {}
    for cls in reversed(protocol.__mro__):
        if cls is object or not getattr(cls, "_is_protocol", False):
            continue
        for name, value in vars(cls).items():
            if inspect.isfunction(value) and not name.startswith("_"):
                methods[name] = inspect.signature(value)
    return methods


@pytest.mark.parametrize("protocol", [StationStore, ExportSource], ids=lambda p: p.__name__)
def test_it_has_every_method_of_the_protocols_with_the_same_parameters(protocol: type) -> None:
    """StationRepository is a StationStore and an ExportSource: every method the Protocol
    declares exists with the same parameters (names, kinds, defaults and annotations)."""
    declared = protocol_methods(protocol)
    assert declared  # the Protocol was read
    for name, signature in declared.items():
        method = getattr(StationRepository, name, None)
        assert callable(method), f"StationRepository has no {name}"
        assert list(inspect.signature(method).parameters.values()) == list(
            signature.parameters.values()
        ), name
