"""Branching and flag rules: every shipped rule on both sides of its line, and each condition op."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.core.flags import Level
from kiosk.core.forms import FormsBundle, Question, Questionnaire, QuestionType, Rule
from kiosk.core.forms.model import Answer, Condition, Option, Page
from kiosk.core.forms.settings import Settings
from kiosk.core.rules import condition_holds, evaluate, is_visible, visible_answers
from kiosk.core.text import LANGUAGES, Localized
from tests.helpers.intake import SAFE_ANSWERS

Answers = dict[str, Answer]


def _form(forms: FormsBundle, form_id: str) -> Questionnaire:
    return forms.checklist if form_id == "checklist" else forms.ride


def _codes(forms: FormsBundle, form_id: str, answers: Answers) -> list[tuple[str, str]]:
    flags = evaluate(_form(forms, form_id), answers, forms.settings)
    return [(flag.code, flag.level.value) for flag in flags]


# (form, answers, the one flag they raise): one row per way each shipped rule fires.
RAISES: list[tuple[str, Answers, tuple[str, str]]] = [
    ("checklist", {"hours_since_food": 5.9}, ("fasting_food", "red")),
    ("checklist", {"hours_since_food": 0}, ("fasting_food", "red")),
    ("checklist", {"hours_since_clear_liquids": 1.5}, ("fasting_clear_liquids", "red")),
    ("checklist", {"hours_since_clear_liquids": 1.99}, ("fasting_clear_liquids", "red")),
    ("checklist", {"benzodiazepine_today": "yes"}, ("benzodiazepine_today", "amber")),
    ("checklist", {"stimulants_recent": ["lamotrigine"]}, ("stimulants_recent", "amber")),
    ("checklist", {"stimulants_recent": ["stimulant"]}, ("stimulants_recent", "amber")),
    ("checklist", {"stimulants_recent": ["caffeine"]}, ("stimulants_recent", "amber")),
    (
        "checklist",
        {"stimulants_recent": ["lamotrigine", "caffeine"]},
        ("stimulants_recent", "amber"),
    ),
    ("checklist", {"substances_recent": ["alcohol"]}, ("substances_recent", "red")),
    ("checklist", {"substances_recent": ["cannabis"]}, ("substances_recent", "red")),
    ("checklist", {"substances_recent": ["opioids"]}, ("substances_recent", "red")),
    ("checklist", {"substances_recent": ["recreational"]}, ("substances_recent", "red")),
    ("checklist", {"pregnancy": "yes"}, ("pregnancy_possible", "red")),
    ("checklist", {"pregnancy": "not_sure"}, ("pregnancy_possible", "red")),
    ("checklist", {"heart_conditions": ["high_blood_pressure"]}, ("heart_conditions", "amber")),
    ("checklist", {"heart_conditions": ["heart_disease"]}, ("heart_conditions", "amber")),
    ("checklist", {"heart_conditions": ["stroke"]}, ("heart_conditions", "amber")),
    ("checklist", {"heart_conditions": ["hyperthyroidism"]}, ("heart_conditions", "amber")),
    ("checklist", {"mental_health_history": ["psychosis"]}, ("mental_health_history", "red")),
    ("checklist", {"mental_health_history": ["mania"]}, ("mental_health_history", "red")),
    (
        "checklist",
        {"mental_health_history": ["ketamine_reaction"]},
        ("mental_health_history", "red"),
    ),
    ("checklist", {"health_changes": "yes"}, ("health_changes", "amber")),
    ("checklist", {"agrees_observation": "no"}, ("observation_declined", "red")),
    ("ride", {"has_ride": "not_yet"}, ("no_ride", "red")),
]

# (form, answers) just on the other side of each rule: no flag.
CLEAR: list[tuple[str, Answers]] = [
    ("checklist", {"hours_since_food": 6}),
    ("checklist", {"hours_since_food": 6.0}),
    ("checklist", {"hours_since_food": 72}),
    ("checklist", {"hours_since_clear_liquids": 2}),
    ("checklist", {"hours_since_clear_liquids": 2.5}),
    ("checklist", {"benzodiazepine_today": "no"}),
    ("checklist", {"stimulants_recent": ["none"]}),
    ("checklist", {"substances_recent": ["none"]}),
    ("checklist", {"pregnancy": "no"}),
    ("checklist", {"pregnancy": "not_applicable"}),
    ("checklist", {"heart_conditions": ["none"]}),
    ("checklist", {"mental_health_history": ["none"]}),
    ("checklist", {"health_changes": "no"}),
    ("checklist", {"agrees_observation": "yes"}),
    ("ride", {"has_ride": "yes"}),
    ("checklist", {}),
    ("ride", {}),
]


@pytest.mark.parametrize(("form_id", "answers", "flag"), RAISES)
def test_each_rule_raises_its_flag(
    forms: FormsBundle, form_id: str, answers: Answers, flag: tuple[str, str]
) -> None:
    """Answers on the flagging side of a shipped rule raise exactly that flag at its level."""
    assert _codes(forms, form_id, answers) == [flag]


@pytest.mark.parametrize(("form_id", "answers"), CLEAR)
def test_answers_just_past_each_rule_raise_nothing(
    forms: FormsBundle, form_id: str, answers: Answers
) -> None:
    """Answers just on the other side of a shipped rule (and no answers at all) raise no flag."""
    assert _codes(forms, form_id, answers) == []


def test_every_shipped_rule_is_exercised(forms: FormsBundle) -> None:
    """The tables above raise every rule of checklist.toml and ride.toml at least once."""
    shipped = {(q.id, r.id) for q in (forms.checklist, forms.ride) for r in q.rules}
    covered = {(form_id, code) for form_id, _, (code, _) in RAISES}
    assert covered == shipped


def test_flags_carry_their_form_and_a_filled_in_reason(forms: FormsBundle) -> None:
    """A flag names its source form, and its reason has the setting filled in, in each language."""
    flags = evaluate(forms.checklist, {"agrees_observation": "no"}, forms.settings)
    (flag,) = flags
    assert flag.source == "checklist"
    assert flag.level is Level.RED
    assert not flag.alert
    for language in LANGUAGES:
        assert "{" not in flag.reason.get(language)
        assert "30" in flag.reason.get(language)
    (ride_flag,) = evaluate(forms.ride, {"has_ride": "not_yet"}, forms.settings)
    assert ride_flag.source == "ride"


def test_a_full_set_of_safe_answers_raises_nothing(forms: FormsBundle) -> None:
    """A patient who answers every checklist question the safe way raises no flag."""
    questions = forms.checklist.questions()
    answers: Answers = {qid: value for qid, value in SAFE_ANSWERS.items() if qid in questions}
    assert evaluate(forms.checklist, answers, forms.settings) == []


@pytest.mark.parametrize(
    ("form_id", "parent", "follow_up", "value"),
    [
        ("checklist", "benzodiazepine_today", "benzodiazepine_detail", "lorazepam 1 mg at 8"),
        ("checklist", "health_changes", "health_changes_detail", "new blood pressure pill"),
        ("ride", "has_ride", "driver_name", "Maria Lopez"),
        ("ride", "has_ride", "driver_phone", "(555) 010-0123"),
        ("ride", "has_ride", "driver_relationship", "family"),
    ],
)
def test_follow_up_answers_count_only_while_shown(
    forms: FormsBundle, form_id: str, parent: str, follow_up: str, value: str
) -> None:
    """A follow-up's answer is dropped while its show_if is false and kept once it holds."""
    form = _form(forms, form_id)
    question = form.questions()[follow_up]
    shown = "yes"
    hidden = "not_yet" if parent == "has_ride" else "no"
    assert not is_visible(question, {parent: hidden}, forms.settings)
    assert not is_visible(question, {}, forms.settings)
    assert is_visible(question, {parent: shown}, forms.settings)
    assert visible_answers(form, {parent: hidden, follow_up: value}, forms.settings) == {
        parent: hidden
    }
    assert visible_answers(form, {parent: shown, follow_up: value}, forms.settings) == {
        parent: shown,
        follow_up: value,
    }


@pytest.mark.parametrize(
    ("food_hours", "answer", "flagged"),
    [
        (8, 7.9, True),
        (8, 6, True),
        (8, 8, False),
        (4, 5.9, False),
        (4, 3.9, True),
        (4, 4, False),
        (6.5, 6.4, True),
        (6.5, 6.5, False),
    ],
)
def test_changing_the_fasting_setting_moves_the_line(
    forms: FormsBundle, food_hours: float, answer: float, flagged: bool
) -> None:
    """fasting_food compares with settings.intake.fasting_food_hours, not a number in code."""
    settings = replace(
        forms.settings, intake=replace(forms.settings.intake, fasting_food_hours=food_hours)
    )
    flags = evaluate(forms.checklist, {"hours_since_food": answer}, settings)
    assert [f.code for f in flags] == (["fasting_food"] if flagged else [])
    if flagged:
        assert f"less than {food_hours:g} hours" in flags[0].reason.get("en")


def test_changing_the_clear_liquid_setting_moves_the_line(forms: FormsBundle) -> None:
    """fasting_clear_liquids follows settings.intake.fasting_clear_liquid_hours."""
    settings = replace(
        forms.settings, intake=replace(forms.settings.intake, fasting_clear_liquid_hours=3)
    )
    assert _codes(forms, "checklist", {"hours_since_clear_liquids": 2.5}) == []
    flags = evaluate(forms.checklist, {"hours_since_clear_liquids": 2.5}, settings)
    assert [f.code for f in flags] == ["fasting_clear_liquids"]
    assert evaluate(forms.checklist, {"hours_since_clear_liquids": 3}, settings) == []


def test_evaluate_sorts_red_before_amber(forms: FormsBundle) -> None:
    """With reds and ambers raised together, every red comes before every amber."""
    answers: Answers = {
        "hours_since_food": 1,
        "benzodiazepine_today": "yes",
        "stimulants_recent": ["caffeine"],
        "substances_recent": ["alcohol"],
        "heart_conditions": ["stroke"],
        "health_changes": "yes",
        "agrees_observation": "no",
    }
    flags = evaluate(forms.checklist, answers, forms.settings)
    levels = [flag.level for flag in flags]
    assert levels == [Level.RED] * 3 + [Level.AMBER] * 4
    assert {flag.code for flag in flags} == {
        "fasting_food",
        "substances_recent",
        "observation_declined",
        "benzodiazepine_today",
        "stimulants_recent",
        "heart_conditions",
        "health_changes",
    }


# --- a small hand-made questionnaire, one rule per condition op ---------------------------------


def _text(words: str) -> Localized:
    return Localized({"en": words, "es": words})


def _condition(question: str, op: str, value: object, setting: str | None = None) -> Condition:
    return Condition(question, op, value, setting)  # type: ignore[arg-type]


def _rule(rule_id: str, level: str, *when: Condition) -> Rule:
    return Rule(rule_id, level, tuple(when), _text(rule_id))


def _options(*values: str) -> tuple[Option, ...]:
    return tuple(Option(value, _text(value)) for value in values)


@pytest.fixture
def little() -> Questionnaire:
    """One page: a yes/no, a colour choice, a multi choice, hours, and a follow-up text."""
    questions = (
        Question("smoker", QuestionType.YES_NO, _text("Do you smoke?")),
        Question(
            "colour",
            QuestionType.CHOICE,
            _text("Colour?"),
            options=_options("red", "blue", "green"),
        ),
        Question(
            "pets",
            QuestionType.MULTI_CHOICE,
            _text("Pets?"),
            options=_options("cat", "dog", "none"),
        ),
        Question("hours", QuestionType.HOURS, _text("Hours?"), minimum=0, maximum=48),
        Question(
            "how_much",
            QuestionType.HOURS,
            _text("Hours since your last cigarette?"),
            minimum=0,
            maximum=48,
            show_if=(_condition("smoker", "equals", "yes"),),
        ),
        Question(
            "brand",
            QuestionType.TEXT,
            _text("Which brand?"),
            required=False,
            show_if=(_condition("how_much", "answered", True),),
        ),
    )
    rules = (
        # an amber rule first, so the sort by level is visible
        _rule("smokes", "amber", _condition("smoker", "equals", "yes")),
        _rule("not_red", "amber", _condition("colour", "not_equals", "red")),
        _rule("has_pet", "red", _condition("pets", "any_of", ("cat", "dog"))),
        _rule("dog", "amber", _condition("pets", "equals", "dog")),
        _rule("few_hours", "red", _condition("hours", "less_than", 2.0)),
        _rule("many_hours", "amber", _condition("hours", "greater_than", 24.0)),
        _rule("recent_cigarette", "red", _condition("how_much", "less_than", 1.0)),
        _rule(
            "no_brand",
            "amber",
            _condition("smoker", "equals", "yes"),
            _condition("brand", "answered", False),
        ),
        _rule(
            "below_food_setting",
            "amber",
            _condition("hours", "less_than", 0.0, "fasting_food_hours"),
        ),
    )
    return Questionnaire(
        "little", "1", _text("Little"), (Page("only", _text("Only"), questions),), rules
    )


@pytest.mark.parametrize(
    ("answers", "codes"),
    [
        ({}, []),
        ({"smoker": "no"}, []),
        ({"colour": "red"}, []),
        ({"colour": "blue"}, ["not_red"]),
        ({"colour": "green"}, ["not_red"]),
        ({"pets": ["none"]}, []),
        ({"pets": ["cat"]}, ["has_pet"]),
        ({"pets": ["cat", "dog"]}, ["has_pet", "dog"]),
        ({"pets": []}, []),
        ({"hours": 1.99}, ["few_hours", "below_food_setting"]),
        ({"hours": 2}, ["below_food_setting"]),
        ({"hours": 5.99}, ["below_food_setting"]),
        ({"hours": 6}, []),
        ({"hours": 24}, []),
        ({"hours": 24.01}, ["many_hours"]),
        ({"hours": "1"}, []),  # a number not yet parsed compares with nothing
        # smoker=yes shows how_much; brand shows once how_much is answered
        ({"smoker": "yes"}, ["smokes", "no_brand"]),
        ({"smoker": "yes", "how_much": 0.5}, ["recent_cigarette", "smokes", "no_brand"]),
        ({"smoker": "yes", "how_much": 0.5, "brand": "Acme"}, ["recent_cigarette", "smokes"]),
        ({"smoker": "yes", "how_much": 3, "brand": ""}, ["smokes", "no_brand"]),
        # hidden follow-ups count for nothing, even chained ones
        ({"smoker": "no", "how_much": 0.5, "brand": "Acme"}, []),
        ({"how_much": 0.5, "brand": "Acme"}, []),
    ],
)
def test_condition_ops_on_a_hand_made_questionnaire(
    little: Questionnaire, answers: Answers, codes: list[str]
) -> None:
    """equals, not_equals, any_of, less_than, greater_than, answered and a setting limit, with
    hidden follow-ups ignored and reds sorted before ambers."""
    flags = evaluate(little, answers, Settings())
    assert [flag.code for flag in flags] == codes
    assert all(flag.source == "little" for flag in flags)


@pytest.mark.parametrize(
    ("condition", "answers", "holds"),
    [
        (_condition("q", "equals", "yes"), {}, False),
        (_condition("q", "not_equals", "yes"), {}, False),
        (_condition("q", "any_of", ("a", "b")), {}, False),
        (_condition("q", "less_than", 5.0), {}, False),
        (_condition("q", "greater_than", 5.0), {}, False),
        (_condition("q", "answered", True), {}, False),
        (_condition("q", "answered", False), {}, True),
        (_condition("q", "answered", True), {"q": ""}, False),
        (_condition("q", "answered", True), {"q": []}, False),
        (_condition("q", "answered", True), {"q": 0}, True),
        (_condition("q", "answered", False), {"q": "x"}, False),
        (_condition("q", "equals", "b"), {"q": ["a", "b"]}, True),
        (_condition("q", "not_equals", "b"), {"q": ["a", "b"]}, False),
        (_condition("q", "not_equals", "c"), {"q": ["a", "b"]}, True),
        (_condition("q", "any_of", ("c", "d")), {"q": ["a", "b"]}, False),
        (_condition("q", "less_than", 5.0), {"q": 4.999}, True),
        (_condition("q", "less_than", 5.0), {"q": 5}, False),
        (_condition("q", "greater_than", 5.0), {"q": 5}, False),
        (_condition("q", "greater_than", 5.0), {"q": 5.001}, True),
        (_condition("q", "less_than", 5.0), {"q": ["4"]}, False),
        (_condition("q", "less_than", 0.0, "fasting_clear_liquid_hours"), {"q": 1.5}, True),
        (_condition("q", "less_than", 0.0, "fasting_clear_liquid_hours"), {"q": 2}, False),
        (_condition("q", "greater_than", 0.0, "substance_window_hours"), {"q": 73}, True),
    ],
)
def test_condition_holds(condition: Condition, answers: Answers, holds: bool) -> None:
    """Each op on answered and unanswered questions; an unanswered question holds nothing but
    'answered = false'."""
    assert condition_holds(condition, answers, Settings()) is holds


def test_an_unknown_op_is_an_error() -> None:
    """A condition op the rules do not know raises instead of silently holding or not."""
    with pytest.raises(ValueError, match="unknown condition op 'contains'"):
        condition_holds(_condition("q", "contains", "x"), {"q": "x"}, Settings())
