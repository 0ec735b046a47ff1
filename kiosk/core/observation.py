"""The infusion and the watch after it: where a patient stands (in the chair, in observation
with minutes left, ready), and whether their vitals are due. Times are aware datetimes: a
countdown is a span of real time, whatever the wall clock does (midnight, a daylight-saving
change)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class ChairState(StrEnum):
    """Where a patient is between check-in and the door."""

    WAITING = "waiting"  # checked in, the infusion not started
    IN_CHAIR = "in_chair"  # the infusion running
    OBSERVATION = "observation"  # the infusion ended, the observation period running
    READY = "ready"  # the observation period is over: the discharge checklist may pass


@dataclass(frozen=True)
class Infusion:
    """When the infusion started and ended (None: not yet)."""

    started_at: datetime | None = None
    ended_at: datetime | None = None

    def __post_init__(self) -> None:
        for moment in (self.started_at, self.ended_at):
            if moment is not None and moment.tzinfo is None:
                raise ValueError("infusion times must carry their time zone")
        if self.ended_at is not None and self.started_at is None:
            raise ValueError("an infusion cannot end before it started")
        if (
            self.started_at is not None
            and self.ended_at is not None
            and self.ended_at < self.started_at
        ):
            raise ValueError("an infusion cannot end before it started")

    def duration(self) -> timedelta | None:
        """How long it ran (None while it runs or before it started)."""
        if self.started_at is None or self.ended_at is None:
            return None
        return self.ended_at - self.started_at


@dataclass(frozen=True)
class Standing:
    """Where a patient stands now; ``minutes_left`` of the observation (rounded up: "1 minute
    left" until it is over), 0 otherwise."""

    state: ChairState
    minutes_left: int = 0
    observation_ends: datetime | None = None


def standing(infusion: Infusion, now: datetime, observation_minutes: int) -> Standing:
    """The patient's state at ``now``: the observation period counts from the infusion's end."""
    if observation_minutes < 0:
        raise ValueError("the observation period cannot be negative")
    if infusion.started_at is None:
        return Standing(ChairState.WAITING)
    if infusion.ended_at is None:
        return Standing(ChairState.IN_CHAIR)
    ends = infusion.ended_at + timedelta(minutes=observation_minutes)
    left = (ends - now).total_seconds()
    if left > 0:
        return Standing(ChairState.OBSERVATION, math.ceil(left / 60), ends)
    return Standing(ChairState.READY, 0, ends)


class VitalsDue(StrEnum):
    """Whether the next vitals during the infusion are wanted."""

    NOT_NOW = "not_now"  # not in the chair, or taken recently
    DUE = "due"  # the interval has passed
    OVERDUE = "overdue"  # half an interval more has passed


def vitals_due(
    infusion: Infusion, last_vitals_at: datetime | None, now: datetime, every_minutes: int
) -> VitalsDue:
    """During the infusion, vitals every ``every_minutes`` (counted from the last reading, or
    from the start when none was taken since); due once the interval passed, overdue half an
    interval later."""
    if every_minutes <= 0:
        raise ValueError("the vitals interval must be at least a minute")
    if infusion.started_at is None or infusion.ended_at is not None:
        return VitalsDue.NOT_NOW
    since = infusion.started_at
    if last_vitals_at is not None and last_vitals_at > since:
        since = last_vitals_at
    waited = now - since
    interval = timedelta(minutes=every_minutes)
    if waited >= interval * 1.5:
        return VitalsDue.OVERDUE
    if waited >= interval:
        return VitalsDue.DUE
    return VitalsDue.NOT_NOW
