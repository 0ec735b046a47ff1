"""Discharge readiness by the clinic's checklist (forms/readiness.toml; PADSS-style by default:
vital signs against the pre-infusion baseline, walking, nausea and vomiting, pain, bleeding, 0-2
each, ready at 9 of 10) and the items that must hold whatever the score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from kiosk.core.forms.model import ReadinessForm, ReadinessVitals
from kiosk.core.intake_record import IntakeRecord
from kiosk.core.vitals import Vitals

VITALS = "vitals"  # the criterion the readings fill in


class ReadinessError(ValueError):
    """A readiness check that does not fit the clinic's form (an unknown item or option)."""


def vitals_change(baseline: Vitals, now: Vitals) -> float:
    """The largest change of blood pressure (systolic, diastolic) or pulse from the baseline, as
    a fraction of it (0.35: 35 %)."""
    return max(
        abs(now.systolic - baseline.systolic) / baseline.systolic,
        abs(now.diastolic - baseline.diastolic) / baseline.diastolic,
        abs(now.heart_rate - baseline.heart_rate) / baseline.heart_rate,
    )


def vitals_points(criterion: ReadinessVitals, baseline: Vitals, now: Vitals) -> int:
    """The points of the first (narrowest) band the change falls within; 0 beyond them all."""
    change = vitals_change(baseline, now) * 100
    for band in criterion.bands:
        if change <= band.within_percent:
            return band.points
    return 0


@dataclass(frozen=True)
class ReadinessCheck:
    """What the nurse found: an option per scored item, the requirements confirmed, and the
    readings compared (None when there is no baseline or no reading since the infusion)."""

    answers: Mapping[str, str]  # item id -> option id
    confirmed: frozenset[str]  # requirement ids the nurse confirmed
    baseline: Vitals | None = None
    latest: Vitals | None = None


@dataclass(frozen=True)
class Readiness:
    """The checklist scored: points per criterion, whether it passes, and every reason why not
    (codes: ``score_low``, ``vitals_needed``, ``zero:<id>``, ``missing:<id>``; the staff
    screens put them in words with the form's own texts)."""

    points: Mapping[str, int]
    score: int
    max_score: int
    passed: bool
    reasons: tuple[str, ...]


def score_check(form: ReadinessForm, check: ReadinessCheck) -> Readiness:
    """Score ``check`` by ``form``: it passes at the form's pass score with no criterion at 0
    and every requirement confirmed. ReadinessError for an item or option the form lacks, or
    an item left unanswered."""
    unknown = set(check.answers) - {item.id for item in form.items}
    if unknown:
        raise ReadinessError(f"not on the readiness form: {', '.join(sorted(unknown))}")
    points: dict[str, int] = {}
    reasons: list[str] = []
    if form.vitals is not None:
        if check.baseline is None or check.latest is None:
            points[VITALS] = 0
            reasons.append("vitals_needed")
        else:
            points[VITALS] = vitals_points(form.vitals, check.baseline, check.latest)
    for item in form.items:
        chosen = check.answers.get(item.id)
        if chosen is None:
            raise ReadinessError(f"{item.id}: not answered")
        option = item.option(chosen)
        if option is None:
            raise ReadinessError(f"{item.id}: no option '{chosen}'")
        points[item.id] = option.points
    score = sum(points.values())
    if score < form.pass_score:
        reasons.insert(0, "score_low")
    reasons += [f"zero:{code}" for code, value in points.items() if value == 0]
    reasons += [f"missing:{rid}" for rid, _ in form.requirements if rid not in check.confirmed]
    return Readiness(points, score, form.max_score, not reasons, tuple(reasons))


def readings_for(intake: IntakeRecord) -> tuple[Vitals | None, Vitals | None]:
    """The baseline (the last readings before the infusion) and the last readings taken since
    the infusion ended (None for each that is missing)."""
    baseline = latest = None
    ended = intake.infusion_ended_at
    ended_at = datetime.fromisoformat(ended) if ended is not None else None
    for reading in intake.vitals:
        values = Vitals(reading.systolic, reading.diastolic, reading.heart_rate, reading.spo2)
        if reading.phase == "pre":
            baseline = values
        elif ended_at is not None and datetime.fromisoformat(reading.recorded_at) >= ended_at:
            latest = values
    return baseline, latest
