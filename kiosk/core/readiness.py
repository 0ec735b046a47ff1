"""Discharge readiness: a PADSS-style score (vital signs against the pre-infusion baseline,
walking, nausea and vomiting, pain, bleeding; 0-2 each, ready at 9 of 10) and the items that
must hold whatever the score (alert and oriented, the escort present)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.core.vitals import Vitals

PASS_SCORE = 9
MAX_SCORE = 10


class Criterion(StrEnum):
    """The five scored criteria."""

    VITALS = "vitals"
    AMBULATION = "ambulation"
    NAUSEA = "nausea"
    PAIN = "pain"
    BLEEDING = "bleeding"


def vitals_points(baseline: Vitals, now: Vitals) -> int:
    """2 when blood pressure and pulse are within 20 % of the pre-infusion baseline, 1 within
    40 %, 0 beyond (the PADSS vital-signs criterion)."""
    worst = max(
        abs(now.systolic - baseline.systolic) / baseline.systolic,
        abs(now.diastolic - baseline.diastolic) / baseline.diastolic,
        abs(now.heart_rate - baseline.heart_rate) / baseline.heart_rate,
    )
    if worst <= 0.20:
        return 2
    if worst <= 0.40:
        return 1
    return 0


@dataclass(frozen=True)
class Assessment:
    """A nurse's readiness check: points per criterion (0-2; vital signs computed from the
    readings), and the items that must hold."""

    points: dict[Criterion, int]
    alert_and_oriented: bool
    escort_present: bool

    def __post_init__(self) -> None:
        missing = set(Criterion) - set(self.points)
        if missing:
            raise ValueError(f"criteria not scored: {', '.join(sorted(missing))}")
        for criterion, value in self.points.items():
            if value not in (0, 1, 2):
                raise ValueError(f"{criterion}: points are 0, 1 or 2, not {value}")

    @property
    def score(self) -> int:
        """The total, 0-10."""
        return sum(self.points.values())


@dataclass(frozen=True)
class Readiness:
    """Whether the patient may go, and every reason why not."""

    ready: bool
    score: int
    reasons: tuple[str, ...]  # reason codes, for the staff screens to put in words


def assess(assessment: Assessment, observation_over: bool) -> Readiness:
    """Ready when the observation period is over, the score reaches PASS_SCORE, no criterion
    scores 0, and the patient is alert and oriented with the escort present."""
    reasons: list[str] = []
    if not observation_over:
        reasons.append("observation_running")
    if assessment.score < PASS_SCORE:
        reasons.append("score_low")
    reasons += [f"zero_{c.value}" for c in Criterion if assessment.points[c] == 0]
    if not assessment.alert_and_oriented:
        reasons.append("not_alert")
    if not assessment.escort_present:
        reasons.append("no_escort")
    return Readiness(not reasons, assessment.score, tuple(reasons))
