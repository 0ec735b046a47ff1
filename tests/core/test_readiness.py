"""Discharge readiness by the shipped checklist (forms/readiness.toml, PADSS-style): the
vital-signs criterion against the baseline, the score, zeros and requirements each named."""

from __future__ import annotations

import pytest

from kiosk.core.forms import load_forms, shipped_forms_dir
from kiosk.core.forms.model import ReadinessForm
from kiosk.core.readiness import (
    ReadinessCheck,
    ReadinessError,
    score_check,
    vitals_change,
    vitals_points,
)
from kiosk.core.vitals import Vitals

BASELINE = Vitals(130, 80, 70, 98)
GOOD = {"ambulation": "steady", "nausea": "minimal", "pain": "minimal", "bleeding": "minimal"}
BOTH = frozenset({"alert_oriented", "escort_present"})


@pytest.fixture(scope="module")
def form() -> ReadinessForm:
    return load_forms(shipped_forms_dir()).readiness


def check(
    latest: Vitals | None = BASELINE, confirmed: frozenset[str] = BOTH, **answers: str
) -> ReadinessCheck:
    return ReadinessCheck({**GOOD, **answers}, confirmed, BASELINE, latest)


def test_the_shipped_form_is_padss(form: ReadinessForm) -> None:
    """Five criteria of 0-2 (the vital signs computed), 10 at best, 9 to pass, two
    requirements, in English and Spanish."""
    assert form.max_score == 10 and form.pass_score == 9
    assert [i.id for i in form.items] == ["ambulation", "nausea", "pain", "bleeding"]
    assert [r for r, _ in form.requirements] == ["alert_oriented", "escort_present"]
    assert form.label("ambulation", "es") == "Caminar"
    assert form.label("vitals", "en").startswith("Vital signs")


def test_vital_signs_within_20_and_40_percent_of_the_baseline(form: ReadinessForm) -> None:
    """Within 20 %: 2; within 40 %: 1; a systolic of 175 against 130 (+35 %): 1; 190: 0."""
    assert form.vitals is not None
    assert vitals_points(form.vitals, BASELINE, Vitals(140, 85, 75, 97)) == 2
    assert vitals_points(form.vitals, BASELINE, Vitals(175, 90, 80, 97)) == 1
    assert vitals_points(form.vitals, BASELINE, Vitals(190, 90, 80, 97)) == 0
    assert vitals_points(form.vitals, BASELINE, Vitals(130, 80, 100, 97)) == 0  # pulse +43 %
    assert vitals_change(BASELINE, Vitals(104, 80, 70, 98)) == pytest.approx(0.2)


def test_ten_and_nine_pass(form: ReadinessForm) -> None:
    """10/10 and 9/10 with no zero and both requirements pass."""
    full = score_check(form, check())
    assert (full.passed, full.score, full.max_score, full.reasons) == (True, 10, 10, ())
    nine = score_check(form, check(pain="moderate"))
    assert (nine.passed, nine.score) == (True, 9)
    assert nine.points["pain"] == 1 and nine.points["vitals"] == 2


def test_every_reason_is_named(form: ReadinessForm) -> None:
    """A dizzy patient (walking 0) with a systolic of 175 (vitals 1), no escort and not
    oriented: 7 points, and each reason named."""
    shown = score_check(form, check(Vitals(175, 90, 80, 97), frozenset(), ambulation="unable"))
    assert not shown.passed and shown.score == 7
    assert shown.reasons == (
        "score_low",
        "zero:ambulation",
        "missing:alert_oriented",
        "missing:escort_present",
    )


def test_a_criterion_at_zero_fails_even_at_the_pass_score(form: ReadinessForm) -> None:
    """Bleeding at 0 with everything else at 2: 8 points and the zero said; a form whose pass
    score a zero could reach still fails on the zero."""
    shown = score_check(form, check(bleeding="severe"))
    assert (shown.passed, shown.score) == (False, 8)
    assert shown.reasons == ("score_low", "zero:bleeding")


def test_no_readings_since_the_infusion_scores_the_vitals_zero(form: ReadinessForm) -> None:
    """Without readings taken since the infusion ended, the vital signs score 0 and the nurse
    is told to take them."""
    shown = score_check(form, check(latest=None))
    assert not shown.passed and shown.points["vitals"] == 0
    assert "vitals_needed" in shown.reasons and "zero:vitals" in shown.reasons


def test_unknown_or_missing_answers_are_refused(form: ReadinessForm) -> None:
    """An item or option the form lacks, or an item left out, is a ReadinessError."""
    with pytest.raises(ReadinessError, match="not on the readiness form"):
        score_check(form, check(walking="steady"))
    with pytest.raises(ReadinessError, match="no option"):
        score_check(form, check(pain="unbearable"))
    answers = dict(GOOD)
    del answers["pain"]
    with pytest.raises(ReadinessError, match="pain: not answered"):
        score_check(form, ReadinessCheck(answers, BOTH, BASELINE, BASELINE))
