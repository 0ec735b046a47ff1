"""Booked visits as the clinic enters them: the appointments CSV and the admin dialog's fields."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime

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


_PREFIX = re.compile(r"^form: line \d+: ")


def appointment_from_fields(fields: dict[str, str]) -> Appointment:
    """One appointment from the dialog's fields; AppointmentImportError says what is wrong."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*COLUMNS, "note"])
    writer.writerow([fields.get(c, "") for c in COLUMNS] + [fields.get("note", "")])
    try:
        return parse_csv(out.getvalue(), "form")[0]
    except AppointmentImportError as problem:
        raise AppointmentImportError(_PREFIX.sub("", str(problem))) from None
