"""Dates and times written out in the patient's language, from our own month and weekday names."""

from __future__ import annotations

from datetime import date, datetime

MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
}
WEEKDAYS: dict[str, tuple[str, ...]] = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}


def format_date(day: date, language: str) -> str:
    """A date written out, e.g. "Saturday, November 21, 2026" / "sábado, 21 de noviembre de 2026"."""
    _check(language)
    month = MONTHS[language][day.month - 1]
    weekday = WEEKDAYS[language][day.weekday()]
    if language == "es":
        return f"{weekday}, {day.day} de {month} de {day.year}"
    return f"{weekday}, {month} {day.day}, {day.year}"


def format_time(moment: datetime, language: str) -> str:
    """A wall-clock time: "3:04 PM" in English, "15:04" in Spanish."""
    _check(language)
    if language == "es":
        return f"{moment:%H:%M}"
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{hour}:{moment:%M} {half}"


def format_date_time(moment: datetime, language: str) -> str:
    """A local date and time written out, e.g. "Saturday, November 21, 2026, 3:04 PM"."""
    return f"{format_date(moment, language)}, {format_time(moment, language)}"


def _check(language: str) -> None:
    if language not in MONTHS or language not in WEEKDAYS:
        raise ValueError(f"no month and weekday names for language {language!r}")
