"""Dates and times written out in English and Spanish from the kiosk's own names."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kiosk.core.dates import MONTHS, WEEKDAYS, format_date, format_date_time, format_time


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Saturday, November 21, 2026"),
        ("es", "sábado, 21 de noviembre de 2026"),
    ],
)
def test_a_date_is_written_out(language: str, expected: str) -> None:
    """A date reads with its weekday, month name and day in the language's order."""
    assert format_date(date(2026, 11, 21), language) == expected


@pytest.mark.parametrize(
    ("hour", "minute", "english", "spanish"),
    [
        (0, 5, "12:05 AM", "00:05"),
        (9, 0, "9:00 AM", "09:00"),
        (12, 0, "12:00 PM", "12:00"),
        (15, 4, "3:04 PM", "15:04"),
        (23, 59, "11:59 PM", "23:59"),
    ],
)
def test_a_time_is_12_hour_in_english_and_24_hour_in_spanish(
    hour: int, minute: int, english: str, spanish: str
) -> None:
    """Midnight and noon read as 12 AM and 12 PM in English; Spanish uses 00-23 hours."""
    moment = datetime(2026, 11, 21, hour, minute)
    assert format_time(moment, "en") == english
    assert format_time(moment, "es") == spanish


def test_date_and_time_together() -> None:
    """format_date_time joins the written date and the time with a comma."""
    moment = datetime(2026, 11, 21, 15, 4)
    assert format_date_time(moment, "en") == "Saturday, November 21, 2026, 3:04 PM"
    assert format_date_time(moment, "es") == "sábado, 21 de noviembre de 2026, 15:04"


def test_every_language_has_twelve_months_and_seven_weekdays() -> None:
    """Each language names all twelve months and seven days, starting with January and Monday."""
    assert MONTHS.keys() == WEEKDAYS.keys()
    for language in MONTHS:
        assert len(MONTHS[language]) == 12
        assert len(WEEKDAYS[language]) == 7
    assert format_date(date(2026, 1, 5), "es").startswith("lunes, 5 de enero")


@pytest.mark.parametrize("call", [format_date, format_time, format_date_time])
def test_an_unknown_language_is_a_value_error(call: object) -> None:
    """A language without month and weekday names raises ValueError naming it."""
    assert callable(call)
    with pytest.raises(ValueError, match="'fr'"):
        call(datetime(2026, 11, 21, 15, 4), "fr")
