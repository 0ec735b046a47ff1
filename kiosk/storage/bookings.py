"""Appointment reads and edits for the admin pages: the dialog's fields checked by the CSV import's rules."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from sqlite_utils import Database

from kiosk.core.clock import Clock
from kiosk.storage import engine
from kiosk.storage.appointments import (
    COLUMNS,
    Appointment,
    AppointmentImportError,
    import_appointments,
    parse_csv,
    stored_values,
)
from kiosk.storage.faults import boundary

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


@boundary
def upcoming(db: Database, day: date) -> list[dict[str, object]]:
    """Appointments on ``day`` and later, soonest first."""
    return list(
        db.query(
            "SELECT id, day, time, first_name, last_name, birth_date, note FROM appointments"
            " WHERE day >= ? ORDER BY day, time, last_name, first_name",
            [day.isoformat()],
        )
    )


@boundary
def add(db: Database, appointment: Appointment, clock: Clock) -> None:
    """Store one appointment (the same person on the same day replaces the earlier row)."""
    import_appointments(db, [appointment], clock)


@boundary
def edit(db: Database, appointment_id: int, appointment: Appointment) -> None:
    """Change one appointment; AppointmentImportError when it would duplicate another."""
    try:
        with db.atomic():
            db.execute(
                "UPDATE appointments SET day = ?, time = ?, first_name = ?, last_name = ?,"
                " birth_date = ?, name_key = ?, note = ? WHERE id = ?",
                [*stored_values(appointment), appointment_id],
            )
    except engine.IntegrityError:
        raise AppointmentImportError("this person already has an appointment on that day") from None
