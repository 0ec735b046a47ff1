"""Checks of what a patient typed or touched; problems come back as codes the screen words.

Text a patient types (names, free-text answers) is cleaned before it is checked: control
characters and the invisible bidi embedding, override and isolate characters (U+202A-U+202E,
U+2066-U+2069) are dropped, and line breaks become a space in a name (a line break in a
free-text answer stays one). A patient cannot type them on the kiosk's keyboard; they only
arrive pasted or from a hardware keyboard, and they would hide or reorder what a nurse reads.
Text that reaches the database another way (the appointments CSV) is stored as it is; the PDFs
show its control characters as U+FFFD (kiosk.documents.fonts).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kiosk.core.forms.model import Answer, Question, QuestionType

TEXT_MAX = 10_000
_PHONE_CHARS = re.compile(r"\+?[0-9 ().\-]+")
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
# Control characters other than tab and the line breaks above, and bidi controls.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")


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


def clean_typed(text: str, *, lines: bool = False) -> str:
    """Typed text without control or bidi characters; line breaks kept only with ``lines``."""
    text = _INVISIBLE.sub("", text)
    text = _LINE_BREAKS.sub("\n" if lines else " ", text)
    return text if lines else text.replace("\t", " ")


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
        try:
            number = float(number)
        except OverflowError:
            return None, Invalid(question.id, Problem.NOT_A_NUMBER)
        if not math.isfinite(number):
            return None, Invalid(question.id, Problem.NOT_A_NUMBER)
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
    if not isinstance(value, str):
        return None, Invalid(question.id, Problem.BAD_CHOICE)
    text = clean_typed(value, lines=True).strip()
    if not text:  # nothing but control characters
        return None, Invalid(question.id, Problem.REQUIRED) if question.required else None
    if len(text) > min(question.max_length, TEXT_MAX):
        return None, Invalid(question.id, Problem.TOO_LONG, maximum=question.max_length)
    if qtype is QuestionType.PHONE:
        digits = phone_digits(text)
        if not _PHONE_CHARS.fullmatch(text) or not 7 <= len(digits) <= 15:
            return None, Invalid(question.id, Problem.BAD_PHONE)
    return text, None


def check_name(field: str, text: str) -> tuple[str, Invalid | None]:
    """A first or last name: anything non-blank, kept as typed (cleaned and trimmed)."""
    cleaned = clean_typed(text).strip()
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
