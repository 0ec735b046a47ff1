"""The appointments table: store, edit and list bookings, and match a patient to one."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from kiosk.core.appointments import Appointment, AppointmentImportError
from kiosk.core.clock import Clock, utc_iso
from kiosk.core.identity import Identity, name_key
from kiosk.storage import engine
from kiosk.storage.faults import boundary


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
