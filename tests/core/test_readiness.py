"""Discharge readiness: the PADSS-style score, its vital-signs criterion against the baseline,
and the items that must hold whatever the score."""

from __future__ import annotations

import pytest

from kiosk.core.readiness import Assessment, Criterion, assess, vitals_points
from kiosk.core.vitals import Vitals

BASELINE = Vitals(130, 80, 70, 98)


def full(**points: int) -> dict[Criterion, int]:
    scored = dict.fromkeys(Criterion, 2)
    scored.update({Criterion(k): v for k, v in points.items()})
    return scored


def test_vital_signs_within_20_and_40_percent_of_the_baseline() -> None:
    """Within 20 %: 2; within 40 %: 1; a systolic of 175 against 130 (+35 %): 1; 190: 0."""
    assert vitals_points(BASELINE, Vitals(140, 85, 75, 97)) == 2
    assert vitals_points(BASELINE, Vitals(175, 90, 80, 97)) == 1
    assert vitals_points(BASELINE, Vitals(190, 90, 80, 97)) == 0
    assert vitals_points(BASELINE, Vitals(130, 80, 100, 97)) == 0  # pulse +43 %


def test_ready_at_nine_with_no_zero_after_the_observation() -> None:
    """10/10 and 9/10 pass once the observation period is over; before it, not ready."""
    assert assess(Assessment(full(), True, True), True).ready
    nine = assess(Assessment(full(pain=1), True, True), True)
    assert (nine.ready, nine.score) == (True, 9)
    early = assess(Assessment(full(), True, True), False)
    assert not early.ready and early.reasons == ("observation_running",)


def test_every_reason_is_named() -> None:
    """A dizzy patient (walking 0) with a systolic of 175 (vitals 1), no escort and not
    oriented: score 7, and each reason named."""
    shown = assess(Assessment(full(ambulation=0, vitals=1), False, False), True)
    assert not shown.ready and shown.score == 7
    assert shown.reasons == ("score_low", "zero_ambulation", "not_alert", "no_escort")


def test_a_criterion_at_zero_is_named_beside_the_low_score() -> None:
    """Bleeding at 0 with everything else at 2: 8 points, not ready, and the zero said."""
    shown = assess(Assessment(full(bleeding=0), True, True), True)
    assert (shown.ready, shown.score) == (False, 8)
    assert shown.reasons == ("score_low", "zero_bleeding")


def test_points_out_of_range_and_missing_criteria_are_refused() -> None:
    """Points are 0, 1 or 2; every criterion is scored."""
    with pytest.raises(ValueError, match="0, 1 or 2"):
        Assessment(full(pain=3), True, True)
    partial = full()
    del partial[Criterion.BLEEDING]
    with pytest.raises(ValueError, match="not scored"):
        Assessment(partial, True, True)
