"""The rules of the infusion's record: marking it started and ended (stamped from the clock),
correcting a time with a reason, and where a patient on the board stands now."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from kiosk.core.faults import INFUSION_TEXTS, InfusionProblem
from kiosk.core.forms.settings import Settings
from kiosk.core.intake_record import IntakeRecord, IntakeSummary
from kiosk.core.observation import Infusion, Standing, VitalsDue, standing, vitals_due

REASON_MIN = 10  # characters: a reason in words, not "ok"
REASON_MAX = 500


class Mark(StrEnum):
    """Which of the infusion's times."""

    STARTED = "started"
    ENDED = "ended"


class InfusionError(ValueError):
    """A mark or correction that cannot be made: ``kind`` (the staff screens translate it)."""

    def __init__(self, kind: InfusionProblem) -> None:
        super().__init__(INFUSION_TEXTS[kind])
        self.kind = kind


def moment(text: str | None) -> datetime | None:
    """An ISO 8601 time as stored (None stays None)."""
    return None if text is None else datetime.fromisoformat(text)


def infusion_of(intake: IntakeSummary) -> Infusion:
    """The infusion's times of a board row or a record. An end stored before its start (a
    clock set back between the marks) reads as the start: one bad row never stops a board."""
    started = moment(intake.infusion_started_at)
    ended = moment(intake.infusion_ended_at)
    if started is None:
        ended = None
    elif ended is not None and ended < started:
        ended = started
    return Infusion(started, ended)


def standing_of(intake: IntakeSummary, now: datetime, settings: Settings) -> Standing:
    """Waiting, in the chair, in observation with minutes left, or ready."""
    return standing(infusion_of(intake), now, settings.intake.observation_minutes)


def vitals_due_of(intake: IntakeSummary, now: datetime, settings: Settings) -> VitalsDue:
    """Whether vitals are due (or overdue) during the infusion; never after a discharge."""
    if intake.stage == "discharged":
        return VitalsDue.NOT_NOW
    return vitals_due(
        infusion_of(intake),
        moment(intake.last_vitals_at),
        now,
        settings.monitoring.vitals_every_minutes,
    )


def clean_reason(reason: str) -> str | None:
    """The reason on one line, or None when it is too short (or too long) to be one."""
    text = " ".join(reason.split())
    if not REASON_MIN <= len(text) <= REASON_MAX or any(ord(c) < 32 for c in text):
        return None
    return text


def check_mark(intake: IntakeRecord, mark: Mark, now: datetime | None = None) -> None:
    """The infusion may be marked ``mark`` at ``now``: started once, ended once after it
    started (and not at a time before its start), neither after a discharge."""
    if intake.discharge is not None:
        raise InfusionError(InfusionProblem.DISCHARGED)
    record = intake.infusion
    started = record is not None and record.started_at is not None
    ended = record is not None and record.ended_at is not None
    if mark is Mark.STARTED and started:
        raise InfusionError(InfusionProblem.ALREADY_STARTED)
    if mark is Mark.ENDED and not started:
        raise InfusionError(InfusionProblem.NOT_STARTED)
    if mark is Mark.ENDED and ended:
        raise InfusionError(InfusionProblem.ALREADY_ENDED)
    started_at = moment(record.started_at) if record is not None else None
    if mark is Mark.ENDED and now is not None and started_at is not None and now < started_at:
        raise InfusionError(InfusionProblem.END_BEFORE_START)


def check_correction(
    intake: IntakeRecord, mark: Mark, at: datetime, reason: str, now: datetime
) -> str:
    """A correction of a time already marked, to ``at``: not in the future, the end not before
    the start; the reason cleaned (InfusionError otherwise)."""
    if intake.discharge is not None:
        raise InfusionError(InfusionProblem.DISCHARGED)
    text = clean_reason(reason)
    if text is None:
        raise InfusionError(InfusionProblem.REASON_NEEDED)
    record = intake.infusion
    started = moment(record.started_at) if record is not None else None
    ended = moment(record.ended_at) if record is not None else None
    if started is None:
        raise InfusionError(InfusionProblem.NOT_STARTED)
    if mark is Mark.ENDED and ended is None:
        raise InfusionError(InfusionProblem.NOT_ENDED)
    if at > now:
        raise InfusionError(InfusionProblem.IN_FUTURE)
    new_start = at if mark is Mark.STARTED else started
    new_end = at if mark is Mark.ENDED else ended
    if new_end is not None and new_end < new_start:
        raise InfusionError(InfusionProblem.END_BEFORE_START)
    return text
