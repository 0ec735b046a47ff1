"""How a demo intake that went home must look, whichever way it was made (the day's nurses or
the history's copies): the infusion, the vitals before, during and after it, side effects, the
observation, the readiness checks and the discharge, in a real clinic's order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.core.forms.settings import Settings
from kiosk.core.infusion import clean_reason
from kiosk.core.intake_record import IntakeRecord
from kiosk.core.side_effects import Severity, SideEffectKind
from kiosk.core.vitals import RANGES


def at(text: str | None) -> datetime:
    """A stored time (never None here)."""
    assert text is not None
    return datetime.fromisoformat(text)


@dataclass(frozen=True)
class Went:
    """What a visit that went home had."""

    override: bool
    failed_first: bool
    side_effects: int
    rose: bool  # a reading during the infusion above the one before it


def check_gone_home(intake: IntakeRecord, settings: Settings) -> Went:
    """Assert the visit went as a clinic day goes; say what it had."""
    every = timedelta(minutes=settings.monitoring.vitals_every_minutes)
    watch = timedelta(minutes=settings.intake.observation_minutes)
    assert intake.completed_at is not None and intake.stage == "discharged"
    assert intake.infusion is not None and intake.discharge is not None
    start, end = at(intake.infusion.started_at), at(intake.infusion.ended_at)
    assert at(intake.completed_at) < start  # started some time after check-in
    assert timedelta(minutes=40) <= end - start <= timedelta(minutes=120)
    for reading in intake.vitals:
        for name, (low, high) in RANGES.items():
            assert low <= getattr(reading, name) <= high
        assert reading.diastolic < reading.systolic
    pre = [at(v.recorded_at) for v in intake.vitals if v.phase == "pre"]
    during = sorted(at(v.recorded_at) for v in intake.vitals if v.phase == "during")
    after = [at(v.recorded_at) for v in intake.vitals if v.phase == "discharge"]
    assert pre and all(t < start for t in pre)
    assert during and all(start < t < end for t in during)
    assert after and all(t > end for t in after)
    steps = [b - a for a, b in zip([start, *during], [*during, end], strict=True)]
    assert max(steps) <= every + timedelta(minutes=5)  # every interval, a minute or two late
    for effect in intake.side_effects:
        assert SideEffectKind(effect.kind) and Severity(effect.severity)
        assert start <= at(effect.seen_at) <= end + watch
    assert intake.readiness
    for check in intake.readiness:
        assert at(check.recorded_at) >= end + watch  # after the observation period
    last = intake.readiness[-1]
    gone = at(intake.discharge.discharged_at)
    assert gone >= at(last.recorded_at)
    reason = intake.discharge.override_reason
    if reason:
        assert clean_reason(reason) == reason
        assert not last.passed
        assert any(flag.code == "discharge_override" for flag in intake.flags)
    else:
        assert last.passed and last.score >= 9 and not last.reasons
    baseline = next(v for v in intake.vitals if v.phase == "pre")
    highest = max(v.systolic for v in intake.vitals if v.phase == "during")
    return Went(
        override=bool(reason),
        failed_first=not intake.readiness[0].passed,
        side_effects=len(intake.side_effects),
        rose=highest > baseline.systolic,
    )
