"""A branching questionnaire parsed on its own: questions of each type, conditions, rules."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.core.forms.errors import FormError
from kiosk.core.forms.model import Condition, QuestionType
from kiosk.core.forms.parse_questionnaire import parse_questionnaire

FILE = "ride.toml"
NAMES: dict[str, object] = {"fasting_food_hours": 6, "clinic_name": "North"}


def text(en: str) -> dict[str, str]:
    """A localized text table."""
    return {"en": en, "es": en + " (es)"}


def questionnaire(
    *questions: dict[str, Any], rules: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """A one-page questionnaire with a yes/no 'ride' question first, then ``questions``."""
    data: dict[str, Any] = {
        "form": {"id": "ride", "version": "3", "kind": "questionnaire", "title": text("Ride home")},
        "pages": [
            {
                "id": "p1",
                "title": text("Your ride"),
                "questions": [{"id": "ride", "type": "yes_no", "text": text("Ride?")}, *questions],
            }
        ],
    }
    if rules is not None:
        data["rules"] = rules
    return data


CHOICE = {
    "id": "who",
    "type": "choice",
    "text": text("Who drives?"),
    "options": [
        {"value": "family", "label": text("Family")},
        {"value": "taxi", "label": text("Taxi")},
    ],
}
HOURS = {"id": "ate", "type": "hours", "text": text("Hours since food?"), "min": 0, "max": 48}


def test_a_questionnaire_is_parsed() -> None:
    """Pages, questions with their types and defaults, options and rules come through in order."""
    rule = {
        "id": "no_ride",
        "level": "red",
        "when": {"question": "ride", "equals": "no"},
        "reason": text("No ride"),
    }
    parsed = parse_questionnaire(questionnaire(CHOICE, HOURS, rules=[rule]), FILE, NAMES)
    assert (parsed.id, parsed.version, parsed.file) == ("ride", "3", FILE)
    questions = parsed.questions()
    assert list(questions) == ["ride", "who", "ate"]
    assert questions["ride"].type is QuestionType.YES_NO
    assert questions["ride"].required is True
    assert questions["ride"].max_length == 200
    assert [o.value for o in questions["who"].options] == ["family", "taxi"]
    assert (questions["ate"].minimum, questions["ate"].maximum) == (0.0, 48.0)
    assert parsed.rules[0].when == (Condition("ride", "equals", "no"),)


def test_hours_default_to_zero_to_a_week() -> None:
    """An hours question without min and max takes 0 to 168."""
    parsed = parse_questionnaire(
        questionnaire({"id": "ate", "type": "hours", "text": text("Hours?")}), FILE, NAMES
    )
    question = parsed.questions()["ate"]
    assert (question.minimum, question.maximum) == (0.0, 168.0)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"question": "ride", "equals": "yes"}, Condition("ride", "equals", "yes")),
        ({"question": "who", "not_equals": "taxi"}, Condition("who", "not_equals", "taxi")),
        (
            {"question": "who", "any_of": ["family", "taxi"]},
            Condition("who", "any_of", ("family", "taxi")),
        ),
        ({"question": "ate", "less_than": 6}, Condition("ate", "less_than", 6.0)),
        ({"question": "ate", "greater_than": 2.5}, Condition("ate", "greater_than", 2.5)),
        ({"question": "who", "answered": False}, Condition("who", "answered", False)),
        ({"question": "who", "answered": True}, Condition("who", "answered", True)),
        (
            {"question": "ate", "less_than_setting": "fasting_food_hours"},
            Condition("ate", "less_than", 0.0, "fasting_food_hours"),
        ),
    ],
)
def test_each_condition_kind_is_read(condition: dict[str, Any], expected: Condition) -> None:
    """show_if takes every operator, and a number setting by name in place of a number."""
    shown = {"id": "note", "type": "text", "text": text("Note"), "show_if": condition}
    parsed = parse_questionnaire(questionnaire(CHOICE, HOURS, shown), FILE, NAMES)
    assert parsed.questions()["note"].show_if == (expected,)


def test_a_list_of_conditions_must_all_be_read() -> None:
    """show_if may be a list; each condition is kept in order."""
    shown = {
        "id": "note",
        "type": "text",
        "text": text("Note"),
        "show_if": [{"question": "ride", "equals": "no"}, {"question": "who", "answered": True}],
    }
    parsed = parse_questionnaire(questionnaire(CHOICE, shown), FILE, NAMES)
    assert [c.question for c in parsed.questions()["note"].show_if] == ["ride", "who"]


def mistake(data: dict[str, Any]) -> FormError:
    """The FormError parse_questionnaire raises for ``data``, which names this file."""
    with pytest.raises(FormError) as caught:
        parse_questionnaire(data, FILE, NAMES)
    assert caught.value.file == FILE
    return caught.value


Q = "pages[0].questions[1]"


@pytest.mark.parametrize(
    ("question", "key", "problem"),
    [
        ({**HOURS, "type": "date"}, f"{Q}.type", "'date' is not one of yes_no, choice"),
        ({**HOURS, "options": []}, f"{Q}.options", "only choice questions have options"),
        ({**CHOICE, "options": []}, f"{Q}.options", "non-empty array of tables"),
        ({**HOURS, "min": 10, "max": 10}, f"{Q}.max", "must be greater than min"),
        ({**HOURS, "max_length": 0}, f"{Q}.max_length", "between 1 and 10000"),
        ({**HOURS, "required": "yes"}, f"{Q}.required", "must be true or false"),
        ({**HOURS, "id": "ride"}, f"{Q}.id", "duplicate question id 'ride'"),
        ({**HOURS, "hint": text("{later}")}, f"{Q}.hint.en", "{later} is not a setting"),
        ({**HOURS, "show_if": []}, f"{Q}.show_if", "at least one condition"),
        (
            {**HOURS, "show_if": {"question": "ate", "answered": True}},
            f"{Q}.show_if.question",
            "does not exist (before here)",
        ),
        (
            {**HOURS, "show_if": {"question": "ride"}},
            f"{Q}.show_if.question",
            "needs exactly one of",
        ),
        (
            {**HOURS, "show_if": {"question": "ride", "equals": "no", "answered": True}},
            f"{Q}.show_if.question",
            "needs exactly one of",
        ),
        (
            {**HOURS, "show_if": {"question": "ride", "equals": "maybe"}},
            f"{Q}.show_if.equals",
            "'maybe' is not an answer",
        ),
        (
            {**HOURS, "show_if": {"question": "ride", "any_of": []}},
            f"{Q}.show_if.any_of",
            "non-empty list",
        ),
        (
            {**HOURS, "show_if": {"question": "ride", "less_than": 3}},
            f"{Q}.show_if.less_than",
            "is yes_no, not a number",
        ),
        (
            {**HOURS, "show_if": {"question": "ride", "less_than_setting": "nope"}},
            f"{Q}.show_if.less_than_setting",
            "setting 'nope' which does not exist",
        ),
        (
            {**HOURS, "show_if": {"question": "ride", "less_than_setting": "clinic_name"}},
            f"{Q}.show_if.less_than_setting",
            "is not a number",
        ),
        ({**HOURS, "colour": "red"}, f"{Q}.colour", "unknown key"),
    ],
)
def test_each_kind_of_question_mistake_names_its_key(
    question: dict[str, Any], key: str, problem: str
) -> None:
    """An unknown type, options where none belong or none where needed, min not below max, a bad
    length, a non-boolean flag, a duplicate id, an unknown placeholder, and every broken
    condition are FormErrors at the question's own key."""
    error = mistake(questionnaire(question))
    assert error.key == key
    assert problem in error.problem


def test_a_text_question_cannot_be_compared_with_an_option() -> None:
    """equals on a free-text question is refused: it has no options."""
    note = {"id": "note", "type": "text", "text": text("Note")}
    shown = {**HOURS, "show_if": {"question": "note", "equals": "x"}}
    error = mistake(questionnaire(note, shown))
    assert "is text, not a choice" in error.problem


@pytest.mark.parametrize(
    ("rule", "key", "problem"),
    [
        ({"level": "blue"}, "rules[0].level", "must be 'red' or 'amber'"),
        ({"when": None}, "rules[0].when", "is required"),
        ({"reason": text("{unknown}")}, "rules[0].reason.en", "is not a setting"),
        ({"id": "No"}, "rules[0].id", "lower-case letters"),
    ],
)
def test_each_kind_of_rule_mistake_names_its_key(
    rule: dict[str, Any], key: str, problem: str
) -> None:
    """A rule with an unknown level, no conditions, an unknown placeholder or a bad id is named."""
    base = {
        "id": "no_ride",
        "level": "red",
        "when": {"question": "ride", "equals": "no"},
        "reason": text("No ride"),
    }
    merged = {k: v for k, v in {**base, **rule}.items() if v is not None}
    error = mistake(questionnaire(rules=[merged]))
    assert error.key == key
    assert problem in error.problem


def test_two_rules_with_one_id_are_refused() -> None:
    """The second rule of a repeated id is named."""
    rule = {
        "id": "no_ride",
        "level": "amber",
        "when": {"question": "ride", "equals": "no"},
        "reason": text("No ride"),
    }
    error = mistake(questionnaire(rules=[rule, rule]))
    assert (error.key, error.problem) == ("rules[1].id", "duplicate rule id 'no_ride'")


def test_form_level_mistakes_are_named() -> None:
    """The wrong kind, a repeated page id and an unknown placeholder in the title are named."""
    data = questionnaire()
    data["form"]["kind"] = "instrument"
    assert mistake(data).key == "form.kind"
    data = questionnaire()
    data["pages"].append({**data["pages"][0], "questions": [HOURS]})
    assert mistake(data).problem == "duplicate page id 'p1'"
    data = questionnaire()
    data["form"]["title"] = text("Ride for {who}")
    assert mistake(data).key == "form.title.en"
