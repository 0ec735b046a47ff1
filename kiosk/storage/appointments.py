"""The day's appointments: import from CSV and match a patient to one."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlite_utils import Database

from kiosk.core.clock import Clock, utc_iso
from kiosk.core.identity import Identity, name_key
from kiosk.storage.faults import boundary

COLUMNS = ("date", "time", "first_name", "last_name", "date_of_birth")
OPTIONAL_COLUMNS = ("note",)


class AppointmentImportError(ValueError):
    """A CSV row that cannot be imported; the message names the line."""


@dataclass(frozen=True)
class Appointment:
    """One booked visit."""

    day: date
    time: str
    first_name: str
    last_name: str
    birth_date: date
    note: str = ""


def stored_values(row: Appointment) -> list[object]:
    """The row's values for day, time, first_name, last_name, birth_date, name_key, note."""
    return [
        row.day.isoformat(),
        row.time,
        row.first_name,
        row.last_name,
        row.birth_date.isoformat(),
        name_key(row.first_name, row.last_name),
        row.note,
    ]


@boundary
def find_appointment(db: Database, day: date, identity: Identity) -> int | None:
    """The id of the day's appointment for this person, or None."""
    rows = list(
        db.query(
            "SELECT id FROM appointments WHERE day = ? AND name_key = ? AND birth_date = ? LIMIT 1",
            [day.isoformat(), identity.key, identity.birth_date.isoformat()],
        )
    )
    return int(rows[0]["id"]) if rows else None


def parse_csv(text: str, source: str = "CSV") -> list[Appointment]:
    """Rows of an appointments CSV; a bad row raises an error naming its line.

    Names and notes are stored as written, trimmed: control characters and all (the PDFs show
    those as a placeholder).
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        return _parse_rows(reader, source)
    except csv.Error as exc:  # a field over csv's limit, a stray quote at the end of the file
        raise AppointmentImportError(f"{source}: line {reader.line_num}: {exc}") from None


def _parse_rows(reader: csv.DictReader[str], source: str) -> list[Appointment]:
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise AppointmentImportError(f"{source}: line 1: missing column(s) {', '.join(missing)}")
    unknown = [c for c in header if c not in COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        raise AppointmentImportError(f"{source}: line 1: unknown column(s) {', '.join(unknown)}")
    rows: list[Appointment] = []
    for row in reader:
        line = reader.line_num
        values = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if None in row:
            raise AppointmentImportError(f"{source}: line {line}: more fields than columns")
        if any(row.get(column) is None for column in reader.fieldnames or []):
            raise AppointmentImportError(f"{source}: line {line}: fewer fields than columns")
        try:
            day = date.fromisoformat(values["date"])
            birth = date.fromisoformat(values["date_of_birth"])
        except ValueError:
            raise AppointmentImportError(
                f"{source}: line {line}: dates must be YYYY-MM-DD"
            ) from None
        time = values["time"]
        if time:
            try:
                datetime.strptime(time, "%H:%M")
            except ValueError:
                raise AppointmentImportError(f"{source}: line {line}: time must be HH:MM") from None
        if not values["first_name"] or not values["last_name"]:
            raise AppointmentImportError(
                f"{source}: line {line}: first_name and last_name are required"
            )
        if birth > day:
            raise AppointmentImportError(f"{source}: line {line}: date_of_birth is after the visit")
        rows.append(
            Appointment(
                day, time, values["first_name"], values["last_name"], birth, values.get("note", "")
            )
        )
    return rows


@boundary
def import_appointments(db: Database, rows: list[Appointment], clock: Clock) -> int:
    """Store appointments (same day, name and birth date replace the earlier row); all or nothing."""
    now = utc_iso(clock.now())
    with db.atomic():
        for row in rows:
            db.execute(
                "INSERT INTO appointments (day, time, first_name, last_name, birth_date, name_key, note,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day, name_key, birth_date)"
                " DO UPDATE SET time = excluded.time, first_name = excluded.first_name,"
                " last_name = excluded.last_name, note = excluded.note",
                [*stored_values(row), now],
            )
    return len(rows)


@boundary
def import_file(db: Database, path: Path, clock: Clock) -> int:
    """Import an appointments CSV file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AppointmentImportError(f"{path}: cannot be read ({exc})") from None
    return import_appointments(db, parse_csv(text, str(path)), clock)
