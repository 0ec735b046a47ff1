"""Property tests of every validator: any input gives a result or the documented error, never a crash."""

from __future__ import annotations

import base64
import csv
import io
import math
import re
import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core import pins
from kiosk.core.appointments import COLUMNS, AppointmentImportError, parse_csv
from kiosk.core.dates import format_date, format_date_time
from kiosk.core.forms import FormsBundle, Question, QuestionType
from kiosk.core.identity import name_key
from kiosk.core.staff import NAME_MAX, StaffError, clean_name
from kiosk.core.text import LANGUAGES
from kiosk.core.validation import (
    TEXT_MAX,
    Problem,
    check_answer,
    check_birth_date,
    check_name,
    clean_typed,
    parse_hours,
)
from kiosk.core.vitals import RANGES, parse_vitals
from tests.reliability.conftest import Tally, examples

TRIED = "hostile inputs tried"
# What a patient's typed text must never keep: controls other than tab and newline, and the
# bidi embeddings, overrides and isolates.
_HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

# Any text at all, astral characters and controls included (lone surrogates too: a str can
# hold them even though no keyboard types them).
any_text = st.text(st.characters(codec=None), max_size=60)
# Text weighted towards what breaks things.
nasty_text = st.one_of(
    any_text,
    st.sampled_from(
        [
            "Robert'); DROP TABLE intakes;--",
            "\x00",
            "\u202eevil",
            "e\u0301",
            "שלום",
            "محمد",
            "😀👩🏽‍⚕️",
            " \t\n\r\x0b\x0c\x1c\x85\u2028 ",
            "²³",
            "٣٤",
            "NaN",
            "-inf",
            "1e400",
            "9" * 5000,
        ]
    ),
    st.builds(lambda a, b: a + b, any_text, any_text),
)
answer_values = st.one_of(
    st.none(),
    nasty_text,
    st.integers(),
    st.integers(min_value=10**300, max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(nasty_text, max_size=5),
)


def _questions(forms: FormsBundle) -> list[Question]:
    return [
        *forms.checklist.questions().values(),
        *forms.ride.questions().values(),
    ]


def test_check_answer_gives_a_value_or_a_problem(forms: FormsBundle, tally: Tally) -> None:
    """Any value for any shipped question: a normalised value, or an Invalid for that question.

    A taken text answer holds no control or bidi characters, fits its length, and checks again
    to itself.
    """
    questions = _questions(forms)
    tried = 0

    @examples(300)
    @given(st.sampled_from(questions), answer_values)
    def check(question: Question, value: object) -> None:
        nonlocal tried
        tried += 1
        taken, invalid = check_answer(question, value)  # type: ignore[arg-type]
        if invalid is not None:
            assert taken is None
            assert invalid.question == question.id
            assert invalid.problem in Problem
            return
        if taken is None:
            assert not question.required
            return
        if question.type in (QuestionType.TEXT, QuestionType.PHONE):
            assert isinstance(taken, str)
            assert taken == taken.strip()
            assert not _HIDDEN.search(taken)
            assert 0 < len(taken) <= question.max_length
            assert check_answer(question, taken) == (taken, None)
        elif question.type is QuestionType.HOURS:
            assert isinstance(taken, int | float)
            assert math.isfinite(taken)
            low, high = question.minimum or 0, question.maximum or 168
            assert low <= taken <= high

    check()
    tally.add(TRIED, tried)


def test_check_name_cleans_or_refuses(tally: Tally) -> None:
    """A typed name is trimmed and loses controls; it checks again to itself, or is refused."""
    tried = 0

    @examples(300)
    @given(nasty_text)
    def check(text: str) -> None:
        nonlocal tried
        tried += 1
        cleaned, invalid = check_name("first_name", text)
        if invalid is not None:
            assert cleaned == ""
            assert invalid.problem in (Problem.REQUIRED, Problem.TOO_LONG)
            return
        assert cleaned and cleaned == cleaned.strip()
        assert not _HIDDEN.search(cleaned)
        assert "\n" not in cleaned and "\t" not in cleaned
        assert len(cleaned) <= TEXT_MAX
        assert check_name("first_name", cleaned) == (cleaned, None)
        # Cleaning never changes which appointment the name matches.
        assert name_key(cleaned, "x") == name_key(text, "x")

    check()
    tally.add(TRIED, tried)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Ana\x00 Ruiz", "Ana Ruiz"),
        ("Ana\u202e Ruiz", "Ana Ruiz"),
        ("Ana\r\nRuiz", "Ana Ruiz"),
        ("Ana\tRuiz", "Ana Ruiz"),
        ("Robert'); DROP TABLE intakes;--", "Robert'); DROP TABLE intakes;--"),
        ("e\u0301 \u05e9 \U0001f600", "e\u0301 \u05e9 \U0001f600"),
    ],
)
def test_typed_names_lose_only_invisible_characters(typed: str, kept: str, tally: Tally) -> None:
    """Controls and bidi overrides go; quotes, accents, Hebrew and emoji stay as typed."""
    tally.add(TRIED)
    assert check_name("last_name", typed) == (kept, None)


def test_a_name_of_only_controls_is_required(tally: Tally) -> None:
    """A name that is nothing but control characters is treated as empty."""
    tally.add(TRIED)
    _, invalid = check_name("first_name", "\x00\x07\u202e")
    assert invalid is not None
    assert invalid.problem is Problem.REQUIRED


def test_free_text_keeps_its_line_breaks(tally: Tally) -> None:
    """A free-text answer keeps a line break (any kind, as a newline) but not its controls."""
    tally.add(TRIED)
    assert clean_typed("one\r\ntwo\u2028three\x00", lines=True) == "one\ntwo\nthree"


def test_parse_hours_is_a_finite_number_or_none(tally: Tally) -> None:
    """Typed hours are a finite number or None, whatever was typed."""
    tried = 0

    @examples(300)
    @given(nasty_text)
    def check(text: str) -> None:
        nonlocal tried
        tried += 1
        value = parse_hours(text)
        assert value is None or math.isfinite(value)

    check()
    tally.add(TRIED, tried)


def test_birth_date_problems_follow_the_calendar(tally: Tally) -> None:
    """A date of birth is refused exactly when it is after today or before 1900."""
    tried = 0

    @examples(200)
    @given(st.none() | st.dates(), st.dates())
    def check(birth: date | None, today: date) -> None:
        nonlocal tried
        tried += 1
        invalid = check_birth_date(birth, today)
        if birth is None:
            assert invalid is not None and invalid.problem is Problem.REQUIRED
        elif birth > today:
            assert invalid is not None and invalid.problem is Problem.DATE_IN_FUTURE
        elif birth.year < 1900:
            assert invalid is not None and invalid.problem is Problem.DATE_TOO_OLD
        else:
            assert invalid is None

    check()
    tally.add(TRIED, tried)


def test_pin_policy_never_takes_a_weak_pin(tally: Tally) -> None:
    """Any string gets a known problem or None; a PIN taken is 6 to 12 ASCII digits, not common."""
    tried = 0
    digits = st.text("0123456789", max_size=14)

    @examples(400)
    @given(digits | nasty_text | st.sampled_from(sorted(pins.COMMON_PINS)))
    def check(pin: str) -> None:
        nonlocal tried
        tried += 1
        problem = pins.pin_problem(pin)
        if problem is not None:
            assert problem in pins.PROBLEMS
            return
        assert pin.isascii() and pin.isdigit()
        assert pins.PIN_MIN <= len(pin) <= pins.PIN_MAX
        assert pin not in pins.COMMON_PINS
        assert len(set(pin)) > 1

    check()
    tally.add(TRIED, tried)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii").rstrip("=")


stored_hashes = st.one_of(
    nasty_text,
    st.builds(
        lambda n, r, p, salt, key: f"scrypt$n={n},r={r},p={p}${salt}${key}",
        st.sampled_from([0, 1, 2, 3, 4, 16, 2**21, 10**12]),
        st.integers(0, 40),
        st.integers(0, 9),
        st.binary(max_size=70).map(_b64) | nasty_text,
        st.binary(max_size=70).map(_b64) | nasty_text,
    ),
)


def test_verify_pin_is_false_for_anything_malformed(tally: Tally) -> None:
    """Any PIN against any stored string is True or False; needs_rehash is a bool too."""
    tried = 0

    @examples(300)
    @given(nasty_text, stored_hashes)
    def check(pin: str, stored: str) -> None:
        nonlocal tried
        tried += 1
        assert pins.verify_pin(pin, stored) in (True, False)
        assert pins.needs_rehash(stored) in (True, False)

    check()
    tally.add(TRIED, tried)


def test_a_hash_verifies_its_own_pin_only(tally: Tally) -> None:
    """hash_pin and verify_pin round-trip for any text at a cheap cost; another PIN fails."""
    tried = 0

    @examples(25)
    @given(st.text(st.characters(codec="utf-8"), max_size=20), st.text("0123456789", max_size=3))
    def check(pin: str, extra: str) -> None:
        nonlocal tried
        tried += 1
        stored = pins.hash_pin(pin, cost=16)
        assert pins.verify_pin(pin, stored)
        assert not pins.verify_pin(pin + "0" + extra, stored)
        assert pins.needs_rehash(stored)  # cheaper than the default cost

    check()
    tally.add(TRIED, tried)


vitals_text = st.one_of(
    st.integers(-10, 400).map(str),
    nasty_text,
    st.sampled_from(["²", "١٢٠", "120 ", "0120", "9" * 5000, "", "+90", "-5"]),
)


def test_vitals_are_in_range_or_name_their_range(tally: Tally) -> None:
    """Any typed readings give Vitals inside RANGES (diastolic below systolic) or problems."""
    tried = 0

    @examples(300)
    @given(st.dictionaries(st.sampled_from([*RANGES, "other"]), vitals_text))
    def check(values: dict[str, str]) -> None:
        nonlocal tried
        tried += 1
        vitals, problems = parse_vitals(values)
        if vitals is None:
            assert problems and set(problems) <= set(RANGES)
            return
        assert problems == {}
        for name, (low, high) in RANGES.items():
            assert low <= getattr(vitals, name) <= high
        assert vitals.diastolic < vitals.systolic

    check()
    tally.add(TRIED, tried)


def test_name_keys_fold_to_themselves(tally: Tally) -> None:
    """A name key is two parts of letters and digits (or, for a part with none, of its symbols),
    and the key of a key is the key itself.

    Case, punctuation, spaces and control characters never change it.
    """
    tried = 0

    @examples(400)
    @given(nasty_text, nasty_text)
    def check(first: str, last: str) -> None:
        nonlocal tried
        tried += 1
        key = name_key(first, last)
        folded_first, folded_last = key.split("|")
        for part in (folded_first, folded_last):
            assert all(ch.isalnum() for ch in part) or not any(ch.isalnum() for ch in part)
        assert name_key(folded_first, folded_last) == key
        assert name_key(f" {first}\x00-'.", f"\u202e{last}\t") == key
        assert name_key(first.casefold(), last.casefold()) == key

    check()
    tally.add(TRIED, tried)


def test_dates_are_written_out_in_every_language(tally: Tally) -> None:
    """Any date and time is written out with its year in every language; others are refused."""
    tried = 0

    @examples(100)
    @given(st.datetimes(), st.sampled_from(LANGUAGES) | nasty_text)
    def check(moment: datetime, language: str) -> None:
        nonlocal tried
        tried += 1
        if language not in LANGUAGES:
            with pytest.raises(ValueError, match="language"):
                format_date(moment, language)
            return
        assert str(moment.year) in format_date(moment, language)
        assert format_date_time(moment, language).startswith(format_date(moment, language))

    check()
    tally.add(TRIED, tried)


def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


csv_cells = st.one_of(
    nasty_text,
    st.sampled_from(["2026-11-21", "1980-02-29", "09:30", "25:99", "", "2026-02-30"]),
)
csv_documents = st.one_of(
    nasty_text,
    st.lists(st.lists(csv_cells, max_size=8), max_size=5).map(_csv_text),
    st.lists(st.lists(csv_cells, min_size=5, max_size=6), max_size=4).map(
        lambda rows: _csv_text([[*COLUMNS, "note"], *rows])
    ),
    st.sampled_from(['date,time\n"open quote', "date\n" + "x" * 200_000, "a,b\n1\x002,3\n"]),
)


def test_appointments_csv_gives_rows_or_a_line_numbered_error(tally: Tally) -> None:
    """Any CSV text gives appointments or an AppointmentImportError naming its line."""
    tried = 0

    @examples(300)
    @given(csv_documents)
    def check(text: str) -> None:
        nonlocal tried
        tried += 1
        try:
            rows = parse_csv(text, "clinic.csv")
        except AppointmentImportError as error:
            assert re.match(r"clinic\.csv: line \d+: \S", str(error))
            return
        for row in rows:
            assert row.first_name and row.last_name
            assert row.birth_date <= row.day

    check()
    tally.add(TRIED, tried)


names = nasty_text.map(str.strip).filter(bool)


def test_appointment_names_round_trip_verbatim_through_csv(tally: Tally) -> None:
    """Names and notes written to a CSV, controls and all, read back as written (trimmed)."""
    tried = 0

    @examples(200)
    @given(names, names, nasty_text)
    def check(first: str, last: str, note: str) -> None:
        nonlocal tried
        tried += 1
        row = ["2026-11-21", "09:30", first, last, "1980-02-29", note]
        try:
            (appointment,) = parse_csv(_csv_text([[*COLUMNS, "note"], row]))
        except AppointmentImportError as error:
            # Only what csv itself cannot carry (a NUL, a lone carriage return) or blank after
            # the import's own trimming is refused.
            assert "line 2" in str(error)
            return
        assert (appointment.first_name, appointment.last_name) == (first.strip(), last.strip())
        assert appointment.note == note.strip()

    check()
    tally.add(TRIED, tried)


def test_staff_names_are_printable_or_refused(tally: Tally) -> None:
    """A staff name is stored with its spaces collapsed, printable and short, or StaffError."""
    tried = 0

    @examples(300)
    @given(nasty_text | st.text(min_size=NAME_MAX - 2, max_size=NAME_MAX + 2))
    def check(name: str) -> None:
        nonlocal tried
        tried += 1
        try:
            cleaned = clean_name(name)
        except StaffError as error:
            assert str(error)
            return
        assert cleaned.isprintable()
        assert 0 < len(cleaned) <= NAME_MAX
        assert clean_name(cleaned) == cleaned

    check()
    tally.add(TRIED, tried)


def test_unicode_normal_forms_match_the_same_appointment(tally: Tally) -> None:
    """A name typed composed (é) or decomposed (e + accent) has the same key."""
    tried = 0

    @examples(200)
    @given(any_text, any_text)
    def check(first: str, last: str) -> None:
        nonlocal tried
        tried += 1
        for form in ("NFC", "NFD", "NFKC", "NFKD"):
            normal = unicodedata.normalize(form, first), unicodedata.normalize(form, last)
            assert name_key(*normal) == name_key(first, last)

    check()
    tally.add(TRIED, tried)
