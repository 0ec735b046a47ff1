"""The infusion's marks and corrections, and the discharge that waits: the rules of
kiosk.core.infusion and kiosk.core.discharge on hand-made records and real time spans (an
infusion across midnight, the observation over a daylight-saving change)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.discharge import DischargeError, discharge_blockers, override_flag, plan_discharge
from kiosk.core.faults import DischargeProblem, InfusionProblem
from kiosk.core.forms.settings import IntakeSettings, MonitoringSettings, Settings
from kiosk.core.infusion import (
    InfusionError,
    Mark,
    check_correction,
    check_mark,
    clean_reason,
    standing_of,
    vitals_due_of,
)
from kiosk.core.intake_record import (
    DischargeRecord,
    InfusionRecord,
    IntakeRecord,
    ReadinessRecord,
)
from kiosk.core.observation import ChairState, VitalsDue
from kiosk.core.staff import Signer

CHICAGO = ZoneInfo("America/Chicago")
SETTINGS = Settings(
    intake=IntakeSettings(observation_minutes=30),
    monitoring=MonitoringSettings(vitals_every_minutes=15),
)
NURSE = Signer(1, "Nora Nurse")
REASON = "Pump log shows the real time"


def at(hour: int, minute: int, day: int = 5, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=CHICAGO)


def intake(
    started: datetime | None = None,
    ended: datetime | None = None,
    *,
    checks: tuple[tuple[datetime, bool], ...] = (),
    last_vitals: datetime | None = None,
    discharged: bool = False,
) -> IntakeRecord:
    """A record with the infusion's times, readiness checks (when, passed) and vitals time."""
    iso = lambda moment: None if moment is None else moment.isoformat()  # noqa: E731
    return IntakeRecord(
        id=1,
        day=date(2026, 12, 5),
        first_name="Ana",
        last_name="Ruiz",
        birth_date=date(1980, 1, 2),
        verified=True,
        language="en",
        stage="discharged" if discharged else "in_chair",
        form_versions={},
        created_at="2026-12-05T15:00:00+00:00",
        updated_at="2026-12-05T15:00:00+00:00",
        completed_at=None,
        infusion_started_at=iso(started),
        infusion_ended_at=iso(ended),
        last_vitals_at=iso(last_vitals),
        infusion=None if started is None else InfusionRecord(iso(started), iso(ended)),
        readiness=tuple(
            ReadinessRecord("2026.1", {}, (), {}, 10 if ok else 6, 10, ok, (), "Nora", iso(when))
            for when, ok in checks
        ),
        discharge=DischargeRecord("Ray", "555 010 0123", True, "t", "t", "Nora")
        if discharged
        else None,
    )


def test_marks_in_order_once_each_and_never_after_the_discharge() -> None:
    """Started once; ended once, after it started; neither after the discharge."""
    check_mark(intake(), Mark.STARTED)
    with pytest.raises(InfusionError) as twice:
        check_mark(intake(at(10, 0)), Mark.STARTED)
    assert twice.value.kind is InfusionProblem.ALREADY_STARTED
    with pytest.raises(InfusionError) as early:
        check_mark(intake(), Mark.ENDED)
    assert early.value.kind is InfusionProblem.NOT_STARTED
    check_mark(intake(at(10, 0)), Mark.ENDED)
    with pytest.raises(InfusionError) as again:
        check_mark(intake(at(10, 0), at(11, 0)), Mark.ENDED)
    assert again.value.kind is InfusionProblem.ALREADY_ENDED
    with pytest.raises(InfusionError) as gone:
        check_mark(intake(discharged=True), Mark.STARTED)
    assert gone.value.kind is InfusionProblem.DISCHARGED
    with pytest.raises(InfusionError) as skewed:  # the clock was set back since the start
        check_mark(intake(at(10, 0)), Mark.ENDED, at(9, 55))
    assert skewed.value.kind is InfusionProblem.END_BEFORE_START


def test_an_end_stored_before_its_start_does_not_stop_the_board() -> None:
    """A row whose end lies before its start (marked under a clock set back) reads as ended at
    its start: the board shows it in observation instead of failing."""
    row = intake(at(10, 0), at(9, 50))
    shown = standing_of(row, at(10, 10), SETTINGS)
    assert (shown.state, shown.minutes_left) == (ChairState.OBSERVATION, 20)


@pytest.mark.parametrize(
    ("record", "mark", "moment", "reason", "kind"),
    [
        (intake(at(10, 0)), Mark.STARTED, at(9, 50), "late", InfusionProblem.REASON_NEEDED),
        (intake(at(10, 0)), Mark.STARTED, at(9, 50), "   \n  ", InfusionProblem.REASON_NEEDED),
        (intake(at(10, 0)), Mark.ENDED, at(10, 50), REASON, InfusionProblem.NOT_ENDED),
        (intake(), Mark.STARTED, at(9, 50), REASON, InfusionProblem.NOT_STARTED),
        (intake(at(10, 0)), Mark.STARTED, at(12, 1), REASON, InfusionProblem.IN_FUTURE),
        (
            intake(at(10, 0), at(11, 0)),
            Mark.ENDED,
            at(9, 59),
            REASON,
            InfusionProblem.END_BEFORE_START,
        ),
        (
            intake(at(10, 0), at(11, 0)),
            Mark.STARTED,
            at(11, 1),
            REASON,
            InfusionProblem.END_BEFORE_START,
        ),
        (
            intake(at(10, 0), discharged=True),
            Mark.STARTED,
            at(9, 0),
            REASON,
            InfusionProblem.DISCHARGED,
        ),
    ],
)
def test_a_correction_that_will_not_do_says_why(
    record: IntakeRecord, mark: Mark, moment: datetime, reason: str, kind: InfusionProblem
) -> None:
    """A reason of at least 10 characters; a time already marked; not in the future (now is
    12:00); the end never before the start; nothing after the discharge."""
    with pytest.raises(InfusionError) as caught:
        check_correction(record, mark, moment, reason, at(12, 0))
    assert caught.value.kind is kind


def test_a_correction_keeps_the_reason_on_one_line() -> None:
    """Spaces and line breaks in the reason fold to single spaces."""
    text = check_correction(
        intake(at(10, 0)), Mark.STARTED, at(9, 45), "  Pump log\n shows   9:45 ", at(12, 0)
    )
    assert text == "Pump log shows 9:45"
    assert clean_reason("x" * 501) is None


def test_an_infusion_across_midnight_is_watched_into_the_next_day() -> None:
    """Started 23:10, ended 00:20 the next day: in observation until 00:50, then ready; vitals
    due at 23:25 and overdue at 23:32:30 while it runs."""
    running = intake(at(23, 10), last_vitals=at(23, 10))
    assert standing_of(running, at(23, 50), SETTINGS).state is ChairState.IN_CHAIR
    assert vitals_due_of(running, at(23, 24), SETTINGS) is VitalsDue.NOT_NOW
    assert vitals_due_of(running, at(23, 25), SETTINGS) is VitalsDue.DUE
    assert vitals_due_of(running, at(23, 33), SETTINGS) is VitalsDue.OVERDUE
    ended = intake(at(23, 10), at(0, 20, day=6))
    shown = standing_of(ended, at(0, 30, day=6), SETTINGS)
    assert (shown.state, shown.minutes_left) == (ChairState.OBSERVATION, 20)
    assert standing_of(ended, at(0, 50, day=6), SETTINGS).state is ChairState.READY


def test_the_observation_counts_real_minutes_over_the_fall_back_hour() -> None:
    """Chicago falls back at 02:00 on 1 November 2026: an infusion ending at 01:45 (CDT) is in
    observation for thirty real minutes, until 01:15 CST on the wall clock."""
    ended_at = datetime(2026, 11, 1, 1, 45, tzinfo=CHICAGO)  # the first 01:45 (CDT)
    record = intake(ended_at - timedelta(hours=1), ended_at)
    later = ended_at.astimezone(UTC) + timedelta(minutes=29)  # real minutes, not the wall's
    shown = standing_of(record, later, SETTINGS)
    assert (shown.state, shown.minutes_left) == (ChairState.OBSERVATION, 1)
    assert shown.observation_ends is not None
    assert shown.observation_ends.astimezone(CHICAGO).strftime("%H:%M %Z") == "01:15 CST"


def test_a_discharge_waits_for_the_observation_and_a_passing_check() -> None:
    """Every reason why not, in order: not started; running; in observation with no check; a
    check before the infusion ended does not count; a failed check; ready at last."""
    now = at(12, 0)
    assert discharge_blockers(intake(), now, SETTINGS) == ("infusion_not_started",)
    assert discharge_blockers(intake(at(10, 0)), now, SETTINGS) == ("infusion_running",)
    watching = intake(at(10, 0), at(11, 40))
    assert discharge_blockers(watching, now, SETTINGS) == (
        "observation_running",
        "no_readiness_check",
    )
    stale = intake(at(10, 0), at(11, 20), checks=((at(11, 10), True),))
    assert discharge_blockers(stale, now, SETTINGS) == ("no_readiness_check",)
    failed = intake(at(10, 0), at(11, 20), checks=((at(11, 55), False),))
    assert discharge_blockers(failed, now, SETTINGS) == ("readiness_failed",)
    ready = intake(at(10, 0), at(11, 20), checks=((at(11, 52), False), (at(11, 58), True)))
    assert discharge_blockers(ready, now, SETTINGS) == ()


def test_an_override_needs_a_written_reason_and_carries_it() -> None:
    """A patient not ready is refused (NOT_READY, the blockers named); with a short reason
    OVERRIDE_REASON; with a reason the record carries it and what was not ready, and the
    override's flag is red in both languages."""
    watching = intake(at(10, 0), at(11, 40))
    ride = {"driver_name": "Ray", "driver_phone": "555 010 0123", "driver_present": True}
    with pytest.raises(DischargeError) as refused:
        plan_discharge(watching, nurse=NURSE, now=at(12, 0), settings=SETTINGS, **ride)
    assert refused.value.kind is DischargeProblem.NOT_READY
    assert refused.value.blockers == ("observation_running", "no_readiness_check")
    with pytest.raises(DischargeError) as short:
        plan_discharge(
            watching, nurse=NURSE, now=at(12, 0), settings=SETTINGS, override_reason="ok", **ride
        )
    assert short.value.kind is DischargeProblem.OVERRIDE_REASON
    record = plan_discharge(
        watching,
        nurse=NURSE,
        now=at(12, 0),
        settings=SETTINGS,
        override_reason="Ride must leave now;  patient steady",
        **ride,
    )
    assert record.override_reason == "Ride must leave now; patient steady"
    assert record.blockers == ("observation_running", "no_readiness_check")
    flag = override_flag(record.override_reason)
    assert (flag.code, flag.level.value) == ("discharge_override", "red")
    assert flag.reason.get("es") == "Alta antes de estar listo: Ride must leave now; patient steady"


def test_a_ready_patient_needs_no_reason_and_keeps_none() -> None:
    """Ready: the discharge goes without a reason, and a reason given anyway is not kept."""
    ready = intake(at(10, 0), at(11, 20), checks=((at(11, 58), True),))
    record = plan_discharge(
        ready,
        driver_name="Ray",
        driver_phone="555 010 0123",
        driver_present=True,
        nurse=NURSE,
        now=at(12, 0),
        settings=SETTINGS,
        override_reason="No reason is needed here",
    )
    assert (record.override_reason, record.blockers) == ("", ())


def test_vitals_are_never_due_after_the_discharge() -> None:
    """A discharged patient's running infusion (never marked ended) asks for no vitals."""
    gone = replace(intake(at(10, 0), discharged=True), stage="discharged")
    assert vitals_due_of(gone, at(12, 0), SETTINGS) is VitalsDue.NOT_NOW
