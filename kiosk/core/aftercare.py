"""The personalised aftercare sheet: when the patient may drive again, and every line it prints."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.core.dates import format_date, format_date_time, format_time
from kiosk.core.forms.model import AFTERCARE_FIELDS, FormsBundle
from kiosk.core.forms.settings import Settings
from kiosk.core.text import LANGUAGES, Localized

# Shown in place of a blank driver, phone or nurse, so a line never ends in an empty blank.
BLANK = "—"
# White space at either end, as str.strip() sees it, except \x1f: the one control character
# Python counts as white space that a PDF does not show as a space (it shows U+FFFD).
_ENDS = re.compile(r"^[^\S\x1f]+|[^\S\x1f]+$")


def sheet_name(text: str) -> str:
    """A driver, phone or nurse as the sheet prints it: BLANK when it is white space alone
    (to Python, \x1c-\x1f too); otherwise trimmed of white space at its ends, with its control
    characters kept, so the PDF shows them as U+FFFD like any other control in a name."""
    return _ENDS.sub("", text) if text.strip() else BLANK


def clinic_zone(settings: Settings) -> ZoneInfo | None:
    """The clinic's time zone for ``tz`` below; None (the machine's own) when it is not set.

    Pass this rather than a datetime's tzinfo: ``datetime.now().astimezone().tzinfo`` is a
    fixed offset that knows nothing of daylight saving.
    """
    zone = settings.clinic.time_zone
    return ZoneInfo(zone) if zone else None


def no_driving_until(discharged_at: datetime, hours: float, tz: tzinfo | None) -> datetime:
    """``hours`` of elapsed time after discharge, in the clinic's zone (None: the machine's).

    The hours are real hours, counted in UTC: across a daylight-saving change the wall-clock
    time moves by one hour, and the patient still waits the full time.
    """
    if discharged_at.tzinfo is None or discharged_at.utcoffset() is None:
        raise ValueError("discharged_at must be an aware datetime")
    return (discharged_at.astimezone(UTC) + timedelta(hours=hours)).astimezone(tz)


@dataclass(frozen=True)
class SeenEffect:
    """A side effect the nurse recorded, as the sheet tells it (kiosk.core.side_effects)."""

    kind: str  # nausea, ..., other
    severity: str  # mild | moderate | severe
    seen_at: datetime  # aware
    other_text: str = ""  # the nurse's words, for "other"


@dataclass(frozen=True)
class AftercareInput:
    """What the nurse's discharge adds to the forms: who, when, the ride and the next visit."""

    patient_name: str
    language: str  # "en" | "es"
    discharged_at: datetime  # aware
    driver_name: str
    driver_phone: str
    nurse_name: str
    next_appointment: datetime | None = None  # aware
    infusion_started_at: datetime | None = None  # aware; the day of the infusion, if recorded
    infusion_ended_at: datetime | None = None  # aware
    side_effects: tuple[SeenEffect, ...] = ()  # in the order seen


@dataclass(frozen=True)
class AftercareSheet:
    """Everything the printed sheet shows, as plain text in the patient's language."""

    language: str
    clinic_name: str
    clinic_phone: str
    title: str
    patient_name: str
    date_line: str
    no_driving_until: datetime
    no_driving_line: str
    ride_line: str
    instructions_heading: str
    instructions: tuple[str, ...]
    emergency_heading: str
    emergency_lines: tuple[str, ...]
    questions_line: str
    next_appointment_line: str  # "" when no appointment is booked
    nurse_line: str
    # "What happened today": all empty when nothing of the day was recorded (or the sheet's
    # texts have no [today]); then the sheet prints as it did before.
    today_heading: str = ""
    infusion_line: str = ""  # when it started and ended, or the "no side effects" line alone
    seen_heading: str = ""  # "" when no side effect was seen
    seen_lines: tuple[str, ...] = ()  # one per side effect, in the order seen
    none_seen_line: str = ""  # the infusion was recorded and no side effect
    if_continues_heading: str = ""
    if_continues_lines: tuple[str, ...] = ()  # one per kind seen, in the order first seen


def compose_aftercare(
    forms: FormsBundle, data: AftercareInput, tz: tzinfo | None
) -> AftercareSheet:
    """The sheet for one discharge; times are shown in ``tz`` (None: the machine's zone)."""
    language = data.language
    if language not in LANGUAGES:
        raise ValueError(f"no aftercare texts in language {language!r}")
    if data.next_appointment is not None and data.next_appointment.utcoffset() is None:
        raise ValueError("next_appointment must be an aware datetime")
    settings = forms.settings
    texts = forms.aftercare
    until = no_driving_until(data.discharged_at, settings.aftercare.no_driving_hours, tz)
    values: dict[str, object] = {
        "until": format_date_time(until, language),
        "driver": sheet_name(data.driver_name),
        "phone": sheet_name(data.driver_phone),
        "nurse": sheet_name(data.nurse_name),
        "next": "",
    }
    if data.next_appointment is not None:
        values["next"] = format_date_time(data.next_appointment.astimezone(tz), language)
    names = {**settings.placeholders(), "clinic_phone": settings.clinic.phone}

    def fill(key: str, text: Localized) -> str:
        own = {field: values[field] for field in AFTERCARE_FIELDS.get(key, ()) if field in values}
        return text.format(language, **{**names, **own})

    today = _today(forms, data, tz, names)
    return AftercareSheet(
        language=language,
        clinic_name=settings.clinic.name,
        clinic_phone=settings.clinic.phone,
        title=fill("title", texts.title),
        patient_name=data.patient_name,
        date_line=format_date(data.discharged_at.astimezone(tz), language),
        no_driving_until=until,
        no_driving_line=fill("no_driving", texts.no_driving),
        ride_line=fill("ride", texts.ride),
        instructions_heading=fill("instructions_heading", texts.instructions_heading),
        instructions=tuple(fill("", item.text) for item in texts.instructions),
        emergency_heading=fill("emergency_heading", texts.emergency_heading),
        emergency_lines=tuple(fill("", item.text) for item in texts.emergency),
        questions_line=fill("questions", texts.questions),
        next_appointment_line=(
            ""
            if data.next_appointment is None
            else fill("next_appointment", texts.next_appointment)
        ),
        nurse_line=fill("discharged_by", texts.discharged_by),
        **today,
    )


def _today(
    forms: FormsBundle, data: AftercareInput, tz: tzinfo | None, names: dict[str, object]
) -> dict[str, Any]:
    """The "What happened today" fields of the sheet: none when nothing was recorded."""
    texts = forms.aftercare.today
    language = data.language
    started, ended = data.infusion_started_at, data.infusion_ended_at
    if texts is None or (started is None and not data.side_effects):
        return {}
    for moment in (started, ended, *(e.seen_at for e in data.side_effects)):
        if moment is not None and moment.utcoffset() is None:
            raise ValueError("the day's times must be aware datetimes")

    def at(moment: datetime) -> str:
        return format_time(moment.astimezone(tz), language)

    def fill(text: Localized, **own: object) -> str:
        return text.format(language, **{**names, **own})

    found: dict[str, Any] = {"today_heading": fill(texts.heading)}
    if started is not None:
        found["infusion_line"] = (
            fill(texts.infusion_started, started=at(started))
            if ended is None
            else fill(texts.infusion, started=at(started), ended=at(ended))
        )
    if not data.side_effects:
        found["none_seen_line"] = fill(texts.none_seen)
        return found
    found["seen_heading"] = fill(texts.seen_heading)
    seen: list[str] = []
    kinds: dict[str, None] = {}
    for effect in data.side_effects:
        told = texts.effect(effect.kind)
        other = effect.other_text.strip() or effect.kind.replace("_", " ")
        word = texts.severities.get(effect.severity)
        seen.append(
            fill(
                texts.seen,
                time=at(effect.seen_at),
                effect=fill(told.name, other=sheet_name(other)),
                severity=word.get(language) if word is not None else effect.severity,
            )
        )
        kinds[told.kind] = None
    found["seen_lines"] = tuple(seen)
    found["if_continues_heading"] = fill(texts.if_continues_heading)
    found["if_continues_lines"] = tuple(fill(texts.effect(k).if_continues) for k in kinds)
    return found
