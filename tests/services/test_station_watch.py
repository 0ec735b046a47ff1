"""StationService on a kiosk's own database, from the chair to the door with the fake clock:
each act of the infusion and the watch after it stored with its audit entry in one
transaction, the board's chair columns, and a discharge that waits or is overridden."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.core.clock import FakeClock
from kiosk.core.discharge import DischargeError
from kiosk.core.faults import DischargeProblem, InfusionProblem
from kiosk.core.forms import FormsBundle
from kiosk.core.identity import Identity
from kiosk.core.infusion import InfusionError, Mark, standing_of, vitals_due_of
from kiosk.core.observation import ChairState, VitalsDue
from kiosk.core.readiness import ReadinessError
from kiosk.core.records import NewIntake
from kiosk.core.side_effects import Severity, SideEffect, SideEffectKind
from kiosk.core.staff import Signer
from kiosk.core.vitals import Phase, Vitals
from kiosk.services.context import KioskContext
from kiosk.services.station import StationService
from kiosk.storage.errors import StorageFault
from kiosk.storage.intakes import IntakeRepository
from tests.helpers.audit import audit_rows, refuse_audit
from tests.helpers.watch import CONFIRMED, GOOD_ANSWERS

DAY = date(2026, 11, 21)  # the FakeClock's day
BEFORE = Vitals(124, 80, 70, 98)
RIDE = {"driver_name": "Ray Ruiz", "driver_phone": "555 010 0123", "driver_present": True}


@pytest.fixture
def context(db: Database, forms: FormsBundle, clock: FakeClock, tmp_path: Path) -> KioskContext:
    """A kiosk context on the in-memory database (closed by the ``db`` fixture)."""
    return KioskContext(tmp_path / "data", forms, db, clock)


@pytest.fixture
def station(context: KioskContext) -> StationService:
    """The station on the kiosk's own database."""
    return StationService.on(context)


@pytest.fixture
def intake(db: Database) -> int:
    """Today's patient, checked in at 9."""
    return IntakeRepository(db, FakeClock()).create_intake(
        NewIntake(
            day=DAY,
            identity=Identity("Ana", "Ruiz", date(1980, 2, 29)),
            language="es",
            appointment_id=None,
            form_versions={"checklist": "2026.1"},
            created_at=datetime(2026, 11, 21, 9, tzinfo=UTC),
        )
    )


def actions(db: Database) -> list[str]:
    return [row["action"] for row in audit_rows(db)]


def test_a_day_in_the_chair_to_the_door(
    station: StationService, clock: FakeClock, db: Database, intake: int, nurse: Signer
) -> None:
    """Vitals before; started (in the chair, vitals due at 15 and overdue at 23 minutes);
    vitals during (a raised pressure flagged "during the infusion"); a side effect; ended (in
    observation, 30 then 10 minutes left); discharge refused; a failing check, then a passing
    one once the observation is over; discharge. Each act one audit entry."""
    settings = station.forms.settings
    station.record_vitals(intake, Phase.PRE, BEFORE, nurse)
    started = station.mark_infusion(intake, Mark.STARTED, nurse)
    assert started == clock.now()
    row = station.board(DAY)[0]
    assert standing_of(row, clock.now(), settings).state is ChairState.IN_CHAIR
    assert row.stage == "in_chair" and row.infusion_started_at == clock.now().isoformat()
    clock.advance(15 * 60)
    assert vitals_due_of(station.board(DAY)[0], clock.now(), settings) is VitalsDue.DUE
    clock.advance(8 * 60)
    assert vitals_due_of(station.board(DAY)[0], clock.now(), settings) is VitalsDue.OVERDUE
    station.record_vitals(intake, Phase.DURING, Vitals(168, 92, 96, 97), nurse)
    row = station.board(DAY)[0]
    assert vitals_due_of(row, clock.now(), settings) is VitalsDue.NOT_NOW
    assert row.last_vitals_at == clock.now().isoformat()
    [flag] = [f for f in row.flags if f.code == "vitals_during_bp_high"]
    assert (
        flag.text("en") == "Blood pressure 168/92 during the infusion is above the clinic's limit"
    )
    seen = clock.now() - timedelta(minutes=5)
    station.record_side_effect(
        intake, SideEffect(SideEffectKind.NAUSEA, Severity.MILD, seen), nurse
    )
    clock.advance(20 * 60)
    station.mark_infusion(intake, Mark.ENDED, nurse)
    row = station.board(DAY)[0]
    shown = standing_of(row, clock.now(), settings)
    assert (shown.state, shown.minutes_left) == (ChairState.OBSERVATION, 30)
    clock.advance(20 * 60)
    assert standing_of(station.board(DAY)[0], clock.now(), settings).minutes_left == 10
    with pytest.raises(DischargeError) as early:
        station.discharge(intake, nurse=nurse, **RIDE)
    assert early.value.blockers == ("observation_running", "no_readiness_check")
    station.record_vitals(intake, Phase.DISCHARGE, Vitals(160, 90, 80, 98), nurse)
    failed = station.check_readiness(
        intake, {**GOOD_ANSWERS, "ambulation": "with_help"}, CONFIRMED, nurse
    )
    assert (failed.passed, failed.score, failed.points["vitals"]) == (False, 8, 1)
    assert station.board(DAY)[0].readiness_passed is False
    clock.advance(11 * 60)
    assert standing_of(station.board(DAY)[0], clock.now(), settings).state is ChairState.READY
    station.record_vitals(intake, Phase.DISCHARGE, Vitals(130, 82, 74, 98), nurse)
    passed = station.check_readiness(intake, dict(GOOD_ANSWERS), CONFIRMED, nurse)
    assert (passed.passed, passed.score) == (True, 10)
    assert station.blockers(station.intake(intake)) == ()
    record = station.discharge(intake, nurse=nurse, **RIDE)
    assert record.override_reason == ""
    stored = station.intake(intake)
    assert stored.infusion is not None and stored.infusion.ended_by == "Nora Nurse"
    assert [(s.kind, s.severity, s.seen_at) for s in stored.side_effects] == [
        ("nausea", "mild", seen.isoformat())
    ]
    assert [c.passed for c in stored.readiness] == [False, True]
    assert stored.readiness[0].reasons == ("score_low",)
    assert stored.readiness[0].points == {
        "vitals": 1,
        "ambulation": 1,
        "nausea": 2,
        "pain": 2,
        "bleeding": 2,
    }
    assert [v.phase for v in stored.vitals] == ["pre", "during", "discharge", "discharge"]
    assert actions(db) == [
        "vitals",
        "infusion_start",
        "vitals",
        "side_effect",
        "infusion_end",
        "vitals",
        "readiness",
        "vitals",
        "readiness",
        "discharge",
    ]


def test_a_correction_keeps_the_old_time_the_new_and_why(
    station: StationService, clock: FakeClock, db: Database, intake: int, nurse: Signer
) -> None:
    """Correcting the start keeps both times, the reason and who; the audit entry says so;
    a correction without a reason is refused and stores nothing."""
    station.mark_infusion(intake, Mark.STARTED, nurse)
    clock.advance(60)
    earlier = clock.now() - timedelta(minutes=12)
    with pytest.raises(InfusionError) as caught:
        station.correct_infusion(intake, Mark.STARTED, earlier, "late", nurse)
    assert caught.value.kind is InfusionProblem.REASON_NEEDED
    station.correct_infusion(
        intake, Mark.STARTED, earlier, "Started before the kiosk was woken", nurse
    )
    infusion = station.intake(intake).infusion
    assert infusion is not None and infusion.started_at == earlier.isoformat()
    [correction] = infusion.corrections
    assert (correction.which, correction.new_at, correction.reason, correction.corrected_by) == (
        "started",
        earlier.isoformat(),
        "Started before the kiosk was woken",
        "Nora Nurse",
    )
    assert correction.old_at == (clock.now() - timedelta(seconds=60)).isoformat()
    entry = audit_rows(db)[-1]
    assert entry["action"] == "infusion_correct"
    assert json.loads(entry["detail"])["reason"] == "Started before the kiosk was woken"


def test_an_override_is_a_red_flag_and_its_own_audit_entry(
    station: StationService, db: Database, intake: int, nurse: Signer
) -> None:
    """Discharged in observation with a written reason: the reason kept on the discharge, a red
    ``discharge_override`` flag on the board, a ``discharge_override`` entry naming what was
    not ready; without a reason, refused with nothing stored."""
    station.mark_infusion(intake, Mark.STARTED, nurse)
    station.mark_infusion(intake, Mark.ENDED, nurse)
    with pytest.raises(DischargeError) as refused:
        station.discharge(intake, nurse=nurse, **RIDE)
    assert refused.value.kind is DischargeProblem.NOT_READY
    assert station.intake(intake).discharge is None
    station.discharge(
        intake, nurse=nurse, override_reason="Family emergency, escort signed AMA form", **RIDE
    )
    stored = station.intake(intake)
    assert stored.discharge is not None
    assert stored.discharge.override_reason == "Family emergency, escort signed AMA form"
    [flag] = [f for f in station.board(DAY)[0].flags if f.code == "discharge_override"]
    assert flag.level == "red"
    assert flag.text("es") == "Alta antes de estar listo: Family emergency, escort signed AMA form"
    entry = audit_rows(db)[-1]
    assert (entry["action"], entry["subject"]) == ("discharge_override", f"intake {intake}")
    assert json.loads(entry["detail"]) == {
        "reason": "Family emergency, escort signed AMA form",
        "not_ready": ["observation_running", "no_readiness_check"],
    }


def test_an_act_whose_audit_entry_is_refused_stores_nothing(
    station: StationService, db: Database, intake: int, nurse: Signer, clock: FakeClock
) -> None:
    """The act and its entry are one transaction: with the audit log refusing, no mark, side
    effect, readiness check or overridden discharge (nor its flag) is stored."""
    station.mark_infusion(intake, Mark.STARTED, nurse)
    refuse_audit(db)
    with pytest.raises(StorageFault):
        station.mark_infusion(intake, Mark.ENDED, nurse)
    with pytest.raises(StorageFault):
        station.record_side_effect(
            intake, SideEffect(SideEffectKind.HEADACHE, Severity.SEVERE, clock.now()), nurse
        )
    with pytest.raises(StorageFault):
        station.check_readiness(intake, dict(GOOD_ANSWERS), CONFIRMED, nurse)
    with pytest.raises(StorageFault):
        station.discharge(intake, nurse=nurse, override_reason="Leaving against advice", **RIDE)
    stored = station.intake(intake)
    assert stored.infusion is not None and stored.infusion.ended_at is None
    assert (stored.side_effects, stored.readiness, stored.discharge, stored.flags) == (
        (),
        (),
        None,
        (),
    )


def test_a_check_the_form_does_not_know_is_refused(
    station: StationService, intake: int, nurse: Signer
) -> None:
    """An option the readiness form lacks is a ReadinessError; nothing is stored."""
    with pytest.raises(ReadinessError):
        station.check_readiness(intake, {**GOOD_ANSWERS, "pain": "unbearable"}, CONFIRMED, nurse)
    assert station.intake(intake).readiness == ()


def test_an_other_side_effect_says_what_and_nothing_else_does() -> None:
    """ "Other" needs its words (one line, at most 200 characters); any other kind has none."""
    now = datetime(2026, 11, 21, 15, tzinfo=UTC)
    assert SideEffect(SideEffectKind.OTHER, Severity.MILD, now, "  tingling  ").other_text == (
        "tingling"
    )
    for kind, text in (
        (SideEffectKind.OTHER, " "),
        (SideEffectKind.OTHER, "a\nb"),
        (SideEffectKind.OTHER, "x" * 201),
        (SideEffectKind.NAUSEA, "queasy"),
    ):
        with pytest.raises(ValueError):
            SideEffect(kind, Severity.MILD, now, text)
    with pytest.raises(ValueError, match="time zone"):
        SideEffect(SideEffectKind.NAUSEA, Severity.MILD, now.replace(tzinfo=None))


def test_the_board_counts_only_a_check_made_since_the_infusion_ended(
    station: StationService, clock: FakeClock, intake: int, nurse: Signer
) -> None:
    """A passing check made while the infusion ran is not the board's verdict (nor the
    discharge's): none until a check after the end; then that check's."""
    station.record_vitals(intake, Phase.PRE, BEFORE, nurse)
    station.mark_infusion(intake, Mark.STARTED, nurse)
    clock.advance(60)
    station.check_readiness(intake, dict(GOOD_ANSWERS), CONFIRMED, nurse)
    clock.advance(40 * 60)
    station.mark_infusion(intake, Mark.ENDED, nurse)
    clock.advance(31 * 60)
    assert station.board(DAY)[0].readiness_passed is None
    assert station.intake(intake).readiness_passed is None
    assert station.blockers(station.intake(intake)) == ("no_readiness_check",)
    station.record_vitals(intake, Phase.DISCHARGE, BEFORE, nurse)
    station.check_readiness(intake, dict(GOOD_ANSWERS), CONFIRMED, nurse)
    assert station.board(DAY)[0].readiness_passed is True
    assert station.intake(intake).readiness_passed is True
