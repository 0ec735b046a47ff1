"""Checks of what a patient typed or touched, one question type at a time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kiosk.core.forms import Question, QuestionType
from kiosk.core.forms.model import Answer, Option
from kiosk.core.text import Localized
from kiosk.core.validation import (
    TEXT_MAX,
    Invalid,
    Problem,
    check_answer,
    check_birth_date,
    check_name,
    parse_hours,
    phone_digits,
)

TEXT = Localized({"en": "Question?", "es": "¿Pregunta?"})
TODAY = date(2026, 11, 21)


def _options(*values: str) -> tuple[Option, ...]:
    return tuple(Option(v, Localized({"en": v, "es": v})) for v in values)


QUESTIONS = {
    QuestionType.YES_NO: Question("yn", QuestionType.YES_NO, TEXT),
    QuestionType.CHOICE: Question("ch", QuestionType.CHOICE, TEXT, options=_options("a", "b", "c")),
    QuestionType.MULTI_CHOICE: Question(
        "mc", QuestionType.MULTI_CHOICE, TEXT, options=_options("a", "b", "c", "none")
    ),
    QuestionType.HOURS: Question("hr", QuestionType.HOURS, TEXT, minimum=0, maximum=72),
    QuestionType.TEXT: Question("tx", QuestionType.TEXT, TEXT, max_length=200),
    QuestionType.PHONE: Question("ph", QuestionType.PHONE, TEXT),
}


def test_every_question_type_is_covered() -> None:
    """The table of questions above has one question of every QuestionType."""
    assert set(QUESTIONS) == set(QuestionType)


@pytest.mark.parametrize("qtype", list(QuestionType))
@pytest.mark.parametrize("blank", [None, "", "   ", []])
def test_a_blank_required_answer_is_required(qtype: QuestionType, blank: Answer | None) -> None:
    """Nothing, an empty or all-space text, or no choices: 'required' for a required question."""
    question = QUESTIONS[qtype]
    assert check_answer(question, blank) == (None, Invalid(question.id, Problem.REQUIRED))


@pytest.mark.parametrize("qtype", list(QuestionType))
@pytest.mark.parametrize("blank", [None, "", "   ", []])
def test_a_blank_optional_answer_is_fine(qtype: QuestionType, blank: Answer | None) -> None:
    """A question with required = false may be left blank: no value and no problem."""
    question = QUESTIONS[qtype]
    optional = Question(
        question.id,
        question.type,
        question.text,
        required=False,
        options=question.options,
        minimum=question.minimum,
        maximum=question.maximum,
    )
    assert check_answer(optional, blank) == (None, None)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("6", 6),
        ("6.5", 6.5),
        ("6,5", 6.5),
        (" 12 ", 12),
        ("0", 0),
        ("72", 72),
        ("6.0", 6),
        (6, 6),
        (6.5, 6.5),
        (1.5, 1.5),
    ],
)
def test_hours_parse(typed: Answer, value: float) -> None:
    """Hours typed on the number pad, with a point or a comma, become a number (6.0 -> 6)."""
    result, problem = check_answer(QUESTIONS[QuestionType.HOURS], typed)
    assert problem is None
    assert result == value
    assert type(result) is type(value)


@pytest.mark.parametrize("typed", ["abc", "6h", "6..5", "1,2,3", "nan", "inf", "-", ".", ["6"]])
def test_hours_that_are_not_a_number(typed: Answer) -> None:
    """Anything that is not a finite number is 'not a number'."""
    assert check_answer(QUESTIONS[QuestionType.HOURS], typed) == (
        None,
        Invalid("hr", Problem.NOT_A_NUMBER),
    )


@pytest.mark.parametrize("typed", ["72.01", "73", "-1", "-0.5", "1000", 100])
def test_hours_out_of_range(typed: Answer) -> None:
    """Hours outside the question's min..max are refused, with the range for the message."""
    assert check_answer(QUESTIONS[QuestionType.HOURS], typed) == (
        None,
        Invalid("hr", Problem.OUT_OF_RANGE, 0.0, 72.0),
    )


@pytest.mark.parametrize(
    ("text", "value"), [("6", 6.0), ("6,5", 6.5), (" 0.25 ", 0.25), ("", None), ("abc", None)]
)
def test_parse_hours(text: str, value: float | None) -> None:
    """parse_hours reads a point or a comma and gives None for anything else."""
    assert parse_hours(text) == value


@pytest.mark.parametrize(
    "typed",
    ["+1 (555) 010-0123", "(555) 010-0123", "555-0100", "555.010.0123", "+44 20 7946 0958"],
)
def test_good_phone_numbers(typed: str) -> None:
    """Phone numbers with 7 to 15 digits, spaces, dots, dashes, brackets and a leading +."""
    assert check_answer(QUESTIONS[QuestionType.PHONE], f" {typed} ") == (typed, None)


@pytest.mark.parametrize(
    "typed",
    [
        "call my sister",
        "555-010",
        "123456",
        "1234567890123456",
        "555 010 0123 ext 4",
        "555+010+0123",
        "555/010/0123",
    ],
)
def test_bad_phone_numbers(typed: str) -> None:
    """Letters, odd signs, or too few or too many digits make a bad phone number."""
    assert check_answer(QUESTIONS[QuestionType.PHONE], typed) == (
        None,
        Invalid("ph", Problem.BAD_PHONE),
    )


def test_phone_digits() -> None:
    """phone_digits keeps only the digits."""
    assert phone_digits("+1 (555) 010-0123") == "15550100123"


def test_text_is_trimmed_and_limited() -> None:
    """Text is kept trimmed; up to max_length is fine, one more character is too long."""
    question = QUESTIONS[QuestionType.TEXT]
    assert check_answer(question, "  lorazepam 1 mg  ") == ("lorazepam 1 mg", None)
    assert check_answer(question, "x" * 200) == ("x" * 200, None)
    assert check_answer(question, "x" * 201) == (
        None,
        Invalid("tx", Problem.TOO_LONG, maximum=200),
    )


def test_text_longer_than_the_global_limit_is_too_long() -> None:
    """Even a question allowing more stops at TEXT_MAX characters."""
    question = Question("big", QuestionType.TEXT, TEXT, max_length=TEXT_MAX)
    assert check_answer(question, "y" * TEXT_MAX)[1] is None
    assert check_answer(question, "y" * (TEXT_MAX + 1))[1] == Invalid(
        "big", Problem.TOO_LONG, maximum=TEXT_MAX
    )


@pytest.mark.parametrize(
    ("qtype", "value"),
    [
        (QuestionType.YES_NO, "yes"),
        (QuestionType.YES_NO, "no"),
        (QuestionType.CHOICE, "a"),
        (QuestionType.CHOICE, "c"),
    ],
)
def test_a_good_choice_is_kept(qtype: QuestionType, value: str) -> None:
    """One of the question's options is taken as it is."""
    assert check_answer(QUESTIONS[qtype], value) == (value, None)


@pytest.mark.parametrize(
    ("qtype", "value"),
    [
        (QuestionType.YES_NO, "maybe"),
        (QuestionType.YES_NO, "Yes"),
        (QuestionType.YES_NO, ["yes"]),
        (QuestionType.CHOICE, "d"),
        (QuestionType.CHOICE, ["a"]),
        (QuestionType.CHOICE, 1),
        (QuestionType.MULTI_CHOICE, ["a", "z"]),
        (QuestionType.MULTI_CHOICE, "a"),
        (QuestionType.TEXT, ["a"]),
        (QuestionType.PHONE, 5550100),
    ],
)
def test_a_bad_choice_is_refused(qtype: QuestionType, value: Answer) -> None:
    """A value that is not one of the options (or of the wrong kind) is a bad choice."""
    question = QUESTIONS[qtype]
    assert check_answer(question, value) == (None, Invalid(question.id, Problem.BAD_CHOICE))


@pytest.mark.parametrize(
    ("touched", "stored"),
    [
        (["c", "a"], ["a", "c"]),
        (["none"], ["none"]),
        (["b", "a", "b"], ["a", "b"]),
        (["none", "c", "b", "a"], ["a", "b", "c", "none"]),
    ],
)
def test_multi_choice_is_put_in_option_order(touched: list[str], stored: list[str]) -> None:
    """Several choices are stored once each, in the order the options are listed."""
    assert check_answer(QUESTIONS[QuestionType.MULTI_CHOICE], touched) == (stored, None)


@pytest.mark.parametrize(
    ("typed", "result"),
    [
        ("Ana", ("Ana", None)),
        ("  José María ", ("José María", None)),
        ("", ("", Invalid("first_name", Problem.REQUIRED))),
        ("  \t ", ("", Invalid("first_name", Problem.REQUIRED))),
        ("x" * (TEXT_MAX + 1), ("", Invalid("first_name", Problem.TOO_LONG, maximum=TEXT_MAX))),
    ],
)
def test_check_name(typed: str, result: tuple[str, Invalid | None]) -> None:
    """A name is anything non-blank, trimmed, and not absurdly long."""
    assert check_name("first_name", typed) == result


@pytest.mark.parametrize(
    ("birth", "problem"),
    [
        (None, Problem.REQUIRED),
        (TODAY + timedelta(days=1), Problem.DATE_IN_FUTURE),
        (date(2100, 1, 1), Problem.DATE_IN_FUTURE),
        (date(1899, 12, 31), Problem.DATE_TOO_OLD),
        (date(1850, 6, 1), Problem.DATE_TOO_OLD),
        (date(1900, 1, 1), None),
        (date(1980, 2, 29), None),
        (TODAY, None),
    ],
)
def test_check_birth_date(birth: date | None, problem: Problem | None) -> None:
    """A date of birth is required, not after today, and not before 1900."""
    expected = None if problem is None else Invalid("date_of_birth", problem)
    assert check_birth_date(birth, TODAY) == expected
