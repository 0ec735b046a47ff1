"""CSV export: one row per intake, stable documented columns, cells inert in spreadsheets."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TextIO

from kiosk.core.forms.model import Answer
from kiosk.core.forms.required import (
    BENZODIAZEPINE_TODAY,
    CHECKLIST_FORM,
    DRIVER_NAME,
    DRIVER_PHONE,
    DRIVER_RELATIONSHIP,
    GAD7_FORM,
    HAS_RIDE,
    HOURS_SINCE_CLEAR_LIQUIDS,
    HOURS_SINCE_FOOD,
    PHQ9_FORM,
    PHQ9_ITEM9,
    PREGNANCY,
    RIDE_FORM,
    SUBSTANCES_RECENT,
)
from kiosk.core.intake_line import LIST_SEPARATOR, IntakeLine
from kiosk.core.intake_record import IntakeRecord

Cell = str | int | float | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS: tuple[str, ...] = (
    "intake_id", "day", "first_name", "last_name", "birth_date", "verified", "language", "stage",
    "arrived_at", "completed_at", "hours_since_food", "hours_since_clear_liquids",
    "benzodiazepine_today", "substances_recent", "pregnancy", "phq9_total", "phq9_severity",
    "phq9_item9", "gad7_total", "gad7_severity", "flags", "open_alerts", "has_ride",
    "driver_name", "driver_phone", "driver_relationship", "consent_version", "consent_signed_at",
    "discharged_at", "no_driving_until", "discharged_by", "consent_signature_method",
    "infusion_started_at", "infusion_ended_at", "infusion_minutes", "side_effects",
    "readiness_score", "readiness_max", "readiness_passed", "discharge_override_reason",
)  # fmt: skip
"""The CSV header, in this order. Columns are never renamed or reordered; new ones go at the end.

==========================  ==================================================================
intake_id                   the intake's number
day                         the clinic day, YYYY-MM-DD
first_name, last_name       as the patient typed them
birth_date                  YYYY-MM-DD
verified                    1 if matched to an appointment, else 0
language                    the language the patient used (en, es, ...)
stage                       checking_in, checklist_done, consent_signed, in_chair, discharged
arrived_at                  when the intake began (ISO 8601, UTC)
completed_at                when the patient finished at the kiosk (ISO 8601, UTC), or empty
hours_since_food            checklist answer (a number), or empty
hours_since_clear_liquids   checklist answer (a number), or empty
benzodiazepine_today        checklist answer: yes, no, or empty
substances_recent           checklist answer: option values joined by "; ", e.g. "none"
pregnancy                   checklist answer: not_applicable, no, yes, not_sure, or empty
phq9_total, phq9_severity   PHQ-9 total (0-27) and severity key, or empty
phq9_item9                  PHQ-9 item 9 (phq9_9) answer, 0-3, or empty
gad7_total, gad7_severity   GAD-7 total (0-21) and severity key, or empty
flags                       every flag as level:code, alerts first, then red, then amber,
                            joined by "; " (e.g. "red:fasting_food; amber:stimulants_recent")
open_alerts                 how many alerts (PHQ-9 item 9) nobody has acknowledged yet
has_ride                    ride answer: yes, not_yet, or empty
driver_name, driver_phone   the driver the patient named at the kiosk, or empty
driver_relationship         partner, family, friend, other, or empty
consent_version             the consent text version signed, or empty
consent_signed_at           when it was signed (ISO 8601, UTC), or empty
discharged_at               when the nurse discharged the patient (ISO 8601, UTC), or empty
no_driving_until            the end of the no-driving time (ISO 8601 with the clinic's offset)
discharged_by               the nurse who discharged the patient, or empty
consent_signature_method    how the consent was signed: drawn, typed (the patient typed their
                            name and confirmed it is their signature) or witnessed (a staff
                            member witnessed it), or empty
infusion_started_at         when the infusion started (ISO 8601, UTC), as corrected, or empty
infusion_ended_at           when it ended (ISO 8601, UTC), as corrected, or empty
infusion_minutes            whole minutes from its start to its end (rounded down), or empty
                            while it has not ended
side_effects                every side effect the nurse saw, in the order seen, as
                            kind:severity@seen_at joined by "; "; an "other" one has the
                            nurse's words in brackets after its kind. E.g.
                            "nausea:mild@2026-11-21T15:10:00+00:00;
                            other(itchy skin):moderate@2026-11-21T15:20:00+00:00".
                            Kinds: nausea, vomiting, dizziness, dissociation, headache,
                            raised_blood_pressure, raised_heart_rate, anxiety, other;
                            severities: mild, moderate, severe (the JSON has each part apart)
readiness_score             the last readiness check's score (the one that counts), or empty
readiness_max               the most points that check could give, or empty
readiness_passed            1 if the last check passed, 0 if not, empty with no check
discharge_override_reason   why the nurse discharged the patient before the checks passed
                            (as typed), or empty
==========================  ==================================================================

DEVICE_COLUMN (``device``, the kiosk the intake came from) follows them in an export of the
clinic server, which holds several kiosks' intakes; a single kiosk's export never has it.

Answers are the stored values (language-independent), not the text shown to the patient; the
JSON export has both. The consent PDF and signature image are never in the CSV.

Times are UTC (ISO 8601) as stored; no_driving_until alone carries the clinic's offset.

Formula injection: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading apostrophe, so a spreadsheet shows it as text instead of running it.
Numbers are written as numbers. The caller opens ``out`` with ``newline=""`` (UTF-8).
"""


DEVICE_COLUMN = "device"


def _answer(form_id: str, question_id: str) -> Callable[[IntakeRecord], Cell]:
    def cell(record: IntakeRecord) -> Cell:
        found = record.answer(form_id, question_id)
        return None if found is None else _value(found.value)

    return cell


def _value(value: Answer) -> Cell:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return value


def _score(instrument: str, part: str) -> Callable[[IntakeRecord], Cell]:
    def cell(record: IntakeRecord) -> Cell:
        score = record.scores.get(instrument)
        if score is None:
            return None
        return score.total if part == "total" else score.severity

    return cell


def side_effect_text(kind: str, severity: str, seen_at: str, other_text: str = "") -> str:
    """One side effect as the side_effects column lists it: kind[(other text)]:severity@seen_at
    (kiosk.storage.reader's LINE_SQL writes the same in SQL)."""
    named = f"{kind}({other_text})" if other_text else kind
    return f"{named}:{severity}@{seen_at}"


def infusion_minutes(started_at: str | None, ended_at: str | None) -> int | None:
    """Whole minutes from the infusion's start to its end (toward zero); None unless both."""
    if started_at is None or ended_at is None:
        return None
    seconds = (
        datetime.fromisoformat(ended_at) - datetime.fromisoformat(started_at)
    ).total_seconds()
    return int(int(seconds) / 60)


def _infusion(part: str) -> Callable[[IntakeRecord], Cell]:
    def cell(record: IntakeRecord) -> Cell:
        infusion = record.infusion
        if infusion is None:
            return None
        if part == "started":
            return infusion.started_at
        if part == "ended":
            return infusion.ended_at
        return infusion_minutes(infusion.started_at, infusion.ended_at)

    return cell


def _readiness(part: str) -> Callable[[IntakeRecord], Cell]:
    def cell(record: IntakeRecord) -> Cell:
        if not record.readiness:
            return None
        last = record.readiness[-1]
        if part == "score":
            return last.score
        if part == "max":
            return last.max_score
        return int(last.passed)

    return cell


_CELLS: dict[str, Callable[[IntakeRecord], Cell]] = {
    "intake_id": lambda r: r.id,
    "day": lambda r: r.day.isoformat(),
    "first_name": lambda r: r.first_name,
    "last_name": lambda r: r.last_name,
    "birth_date": lambda r: r.birth_date.isoformat(),
    "verified": lambda r: int(r.verified),
    "language": lambda r: r.language,
    "stage": lambda r: r.stage,
    "arrived_at": lambda r: r.created_at,
    "completed_at": lambda r: r.completed_at,
    "hours_since_food": _answer(CHECKLIST_FORM, HOURS_SINCE_FOOD),
    "hours_since_clear_liquids": _answer(CHECKLIST_FORM, HOURS_SINCE_CLEAR_LIQUIDS),
    "benzodiazepine_today": _answer(CHECKLIST_FORM, BENZODIAZEPINE_TODAY),
    "substances_recent": _answer(CHECKLIST_FORM, SUBSTANCES_RECENT),
    "pregnancy": _answer(CHECKLIST_FORM, PREGNANCY),
    "phq9_total": _score(PHQ9_FORM, "total"),
    "phq9_severity": _score(PHQ9_FORM, "severity"),
    "phq9_item9": _answer(PHQ9_FORM, PHQ9_ITEM9),
    "gad7_total": _score(GAD7_FORM, "total"),
    "gad7_severity": _score(GAD7_FORM, "severity"),
    "flags": lambda r: LIST_SEPARATOR.join(f"{f.level}:{f.code}" for f in r.flags),
    "open_alerts": lambda r: len(r.open_alerts),
    "has_ride": _answer(RIDE_FORM, HAS_RIDE),
    "driver_name": _answer(RIDE_FORM, DRIVER_NAME),
    "driver_phone": _answer(RIDE_FORM, DRIVER_PHONE),
    "driver_relationship": _answer(RIDE_FORM, DRIVER_RELATIONSHIP),
    "consent_version": lambda r: r.consent.version if r.consent else None,
    "consent_signed_at": lambda r: r.consent.signed_at if r.consent else None,
    "consent_signature_method": lambda r: r.consent.signature_method if r.consent else None,
    "discharged_at": lambda r: r.discharge.discharged_at if r.discharge else None,
    "no_driving_until": lambda r: r.discharge.no_driving_until if r.discharge else None,
    "discharged_by": lambda r: r.discharge.nurse_name if r.discharge else None,
    "infusion_started_at": _infusion("started"),
    "infusion_ended_at": _infusion("ended"),
    "infusion_minutes": _infusion("minutes"),
    "side_effects": lambda r: LIST_SEPARATOR.join(
        side_effect_text(e.kind, e.severity, e.seen_at, e.other_text) for e in r.side_effects
    ),
    "readiness_score": _readiness("score"),
    "readiness_max": _readiness("max"),
    "readiness_passed": _readiness("passed"),
    "discharge_override_reason": lambda r: r.discharge.override_reason if r.discharge else None,
}


def inert(value: Cell) -> str | int | float:
    """The cell as written: empty for None, numbers as they are, risky text after an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(record: IntakeRecord, *, device_column: bool = False) -> list[str | int | float]:
    """The record's cells in ``COLUMNS`` order (and its kiosk with ``device_column``), inert."""
    cells = [inert(_CELLS[column](record)) for column in COLUMNS]
    if device_column:
        cells.append(inert(record.device))
    return cells


def write_csv(records: Iterable[IntakeRecord], out: TextIO, *, device_column: bool = False) -> int:
    """Write the header and one row per record, as they come; returns how many records. With
    ``device_column`` (an export of several kiosks) each row ends with the record's kiosk."""
    writer = csv.writer(out)
    writer.writerow((*COLUMNS, DEVICE_COLUMN) if device_column else COLUMNS)
    count = 0
    for record in records:
        writer.writerow(csv_row(record, device_column=device_column))
        count += 1
    return count


def line_row(line: IntakeLine) -> list[str | int | float]:
    """A line's cells in ``COLUMNS`` order (IntakeLine's own), inert: the same row csv_row
    writes for the whole record (most cells are text: checked inline, the rest by inert)."""
    return [
        ("'" + value if value.startswith(FORMULA_STARTS) else value)
        if value.__class__ is str
        else inert(_value(value) if isinstance(value, list) else value)
        for value in line
    ]


def write_csv_lines(lines: Iterable[IntakeLine], out: TextIO) -> int:
    """Write the header and one row per line (a kiosk's own export, read narrow: see
    kiosk.core.intake_line), as they come; returns how many lines."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for line in lines:
        writer.writerow(line_row(line))
        count += 1
    return count
