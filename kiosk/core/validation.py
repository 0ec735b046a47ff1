"""Checks of what a patient typed or touched; problems come back as codes the screen words."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kiosk.core.forms.model import Answer, Question, QuestionType

TEXT_MAX = 10_000
_PHONE_CHARS = re.compile(r"^\+?[0-9 ().\-]+$")


class Problem(StrEnum):
    """Why an answer cannot be taken yet."""

    REQUIRED = "required"
    NOT_A_NUMBER = "not_a_number"
    OUT_OF_RANGE = "out_of_range"
    BAD_PHONE = "bad_phone"
    TOO_LONG = "too_long"
    BAD_CHOICE = "bad_choice"
    DATE_IN_FUTURE = "date_in_future"
    DATE_TOO_OLD = "date_too_old"


@dataclass(frozen=True)
class Invalid:
    """A problem with one answer, and the numbers the message needs."""

    question: str
    problem: Problem
    minimum: float | None = None
    maximum: float | None = None


def _blank(value: Answer | None) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def parse_hours(text: str) -> float | None:
    """Hours typed on a number pad: '6', '6.5', '6,5'; None if not a number."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned or len(cleaned) > 12:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def phone_digits(text: str) -> str:
    """The digits of a phone number."""
    return "".join(ch for ch in text if ch.isdigit())


def check_answer(question: Question, value: Answer | None) -> tuple[Answer | None, Invalid | None]:
    """Normalise one answer and say what is wrong with it, if anything."""
    if _blank(value):
        if question.required:
            return None, Invalid(question.id, Problem.REQUIRED)
        return None, None
    assert value is not None
    qtype = question.type
    if qtype is QuestionType.HOURS:
        number = parse_hours(value) if isinstance(value, str) else value
        if isinstance(number, list) or number is None:
            return None, Invalid(question.id, Problem.NOT_A_NUMBER)
        number = float(number)
        low, high = question.minimum or 0.0, question.maximum or 168.0
        if not low <= number <= high:
            return None, Invalid(question.id, Problem.OUT_OF_RANGE, low, high)
        return (int(number) if number.is_integer() else number), None
    if qtype in (QuestionType.YES_NO, QuestionType.CHOICE):
        allowed = (
            {"yes", "no"} if qtype is QuestionType.YES_NO else {o.value for o in question.options}
        )
        if not isinstance(value, str) or value not in allowed:
            return None, Invalid(question.id, Problem.BAD_CHOICE)
        return value, None
    if qtype is QuestionType.MULTI_CHOICE:
        allowed = {o.value for o in question.options}
        if not isinstance(value, list) or not set(value) <= allowed:
            return None, Invalid(question.id, Problem.BAD_CHOICE)
        order = [o.value for o in question.options]
        return sorted(set(value), key=order.index), None
    text = value.strip() if isinstance(value, str) else None
    if text is None:
        return None, Invalid(question.id, Problem.BAD_CHOICE)
    if len(text) > min(question.max_length, TEXT_MAX):
        return None, Invalid(question.id, Problem.TOO_LONG, maximum=question.max_length)
    if qtype is QuestionType.PHONE:
        digits = phone_digits(text)
        if not _PHONE_CHARS.match(text) or not 7 <= len(digits) <= 15:
            return None, Invalid(question.id, Problem.BAD_PHONE)
    return text, None


def check_name(field: str, text: str) -> tuple[str, Invalid | None]:
    """A first or last name: anything non-blank, kept as typed (trimmed)."""
    cleaned = text.strip()
    if not cleaned:
        return "", Invalid(field, Problem.REQUIRED)
    if len(cleaned) > TEXT_MAX:
        return "", Invalid(field, Problem.TOO_LONG, maximum=TEXT_MAX)
    return cleaned, None


def check_birth_date(value: date | None, today: date) -> Invalid | None:
    """A date of birth: given, not in the future, not before 1900."""
    if value is None:
        return Invalid("date_of_birth", Problem.REQUIRED)
    if value > today:
        return Invalid("date_of_birth", Problem.DATE_IN_FUTURE)
    if value.year < 1900:
        return Invalid("date_of_birth", Problem.DATE_TOO_OLD)
    return None
