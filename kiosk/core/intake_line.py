"""An intake as one line of a table (the CSV export): only the facts the line shows, in order."""

from __future__ import annotations

from typing import NamedTuple

from kiosk.core.forms.model import Answer
from kiosk.core.forms.required import (
    BENZODIAZEPINE_TODAY,
    CHECKLIST_FORM,
    DRIVER_NAME,
    DRIVER_PHONE,
    DRIVER_RELATIONSHIP,
    HAS_RIDE,
    HOURS_SINCE_CLEAR_LIQUIDS,
    HOURS_SINCE_FOOD,
    PHQ9_FORM,
    PHQ9_ITEM9,
    PREGNANCY,
    RIDE_FORM,
    SUBSTANCES_RECENT,
)

LIST_SEPARATOR = "; "

LINE_ANSWERS: dict[str, tuple[str, str]] = {
    "hours_since_food": (CHECKLIST_FORM, HOURS_SINCE_FOOD),
    "hours_since_clear_liquids": (CHECKLIST_FORM, HOURS_SINCE_CLEAR_LIQUIDS),
    "benzodiazepine_today": (CHECKLIST_FORM, BENZODIAZEPINE_TODAY),
    "substances_recent": (CHECKLIST_FORM, SUBSTANCES_RECENT),
    "pregnancy": (CHECKLIST_FORM, PREGNANCY),
    "phq9_item9": (PHQ9_FORM, PHQ9_ITEM9),
    "has_ride": (RIDE_FORM, HAS_RIDE),
    "driver_name": (RIDE_FORM, DRIVER_NAME),
    "driver_phone": (RIDE_FORM, DRIVER_PHONE),
    "driver_relationship": (RIDE_FORM, DRIVER_RELATIONSHIP),
}
"""The answers a line shows: its field -> (form id, question id). No other answer is read."""


class IntakeLine(NamedTuple):
    """One intake as the CSV export's row shows it, its fields in the CSV's column order
    (kiosk.export.csv_export.COLUMNS; a test keeps them the same). Times are ISO 8601 text as
    stored; an answer is its stored value (a list for a multiple choice), None when not given."""

    intake_id: int
    day: str  # YYYY-MM-DD
    first_name: str
    last_name: str
    birth_date: str  # YYYY-MM-DD
    verified: int  # 1 matched to an appointment, else 0
    language: str
    stage: str
    arrived_at: str
    completed_at: str | None
    hours_since_food: Answer | None
    hours_since_clear_liquids: Answer | None
    benzodiazepine_today: Answer | None
    substances_recent: Answer | None
    pregnancy: Answer | None
    phq9_total: int | None
    phq9_severity: str | None
    phq9_item9: Answer | None
    gad7_total: int | None
    gad7_severity: str | None
    flags: str  # every flag as level:code, alerts first, then red, then amber, LIST_SEPARATOR
    open_alerts: int  # alerts nobody has acknowledged yet
    has_ride: Answer | None
    driver_name: Answer | None
    driver_phone: Answer | None
    driver_relationship: Answer | None
    consent_version: int | None  # the latest signed consent's
    consent_signed_at: str | None
    discharged_at: str | None
    no_driving_until: str | None
    discharged_by: str | None  # the nurse who discharged the patient
    consent_signature_method: str | None
    infusion_started_at: str | None  # as corrected
    infusion_ended_at: str | None
    infusion_minutes: int | None  # whole minutes from start to end (both marked), else None
    side_effects: str  # each seen, in order: kind[(other text)]:severity@seen_at, LIST_SEPARATOR
    readiness_score: int | None  # the last readiness check's (the one that counts)
    readiness_max: int | None
    readiness_passed: int | None  # 1 passed, 0 not, None no check
    discharge_override_reason: str | None  # "" (or None) unless discharged before ready
