"""The clinic server seen by its admin: appointments booked on it (listed, added, changed), each
kiosk's state."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import psycopg

from kiosk.core.appointments import Appointment, AppointmentImportError
from kiosk.core.identity import name_key
from kiosk.server.devices import DEFAULT_CLINIC, check_clinic


def import_appointments(
    conn: psycopg.Connection[tuple[object, ...]],
    rows: Sequence[Appointment],
    clinic: str = DEFAULT_CLINIC,
) -> int:
    """Store appointments of ``clinic`` in one transaction (the same clinic, day, name and birth
    date replace the earlier row, which keeps its UUID: kiosks that pulled it still match it).
    A kiosk reads only its own clinic's appointments."""
    check_clinic(clinic)
    with conn.transaction():
        for row in rows:
            conn.execute(
                "INSERT INTO appointments (clinic, day, time, first_name, last_name, birth_date,"
                " name_key, note) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (clinic, day, name_key, birth_date) DO UPDATE SET"
                " time = excluded.time,"
                " first_name = excluded.first_name, last_name = excluded.last_name,"
                " note = excluded.note",
                (
                    clinic,
                    row.day,
                    row.time,
                    row.first_name,
                    row.last_name,
                    row.birth_date,
                    name_key(row.first_name, row.last_name),
                    row.note,
                ),
            )
    return len(rows)


def upcoming(
    conn: psycopg.Connection[tuple[object, ...]], day: date, clinic: str = DEFAULT_CLINIC
) -> list[dict[str, object]]:
    """The appointments of ``clinic`` on ``day`` and later, soonest first; ``id`` is the UUID
    the kiosks pulled."""
    rows = conn.execute(
        "SELECT uuid::text, day, time, first_name, last_name, birth_date, note FROM appointments"
        " WHERE clinic = %s AND day >= %s ORDER BY day, time, last_name, first_name",
        (clinic, day),
    ).fetchall()
    keys = ("id", "day", "time", "first_name", "last_name", "birth_date", "note")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def edit_appointment(
    conn: psycopg.Connection[tuple[object, ...]],
    uuid: str,
    row: Appointment,
    clinic: str = DEFAULT_CLINIC,
) -> None:
    """Change one appointment of ``clinic`` in the caller's transaction; it keeps its UUID (the
    kiosks that pulled it still match it). AppointmentImportError for an unknown one, or when
    it would duplicate another (the same person on the same day)."""
    try:
        with conn.transaction():
            found = conn.execute(
                "UPDATE appointments SET day = %s, time = %s, first_name = %s, last_name = %s,"
                " birth_date = %s, name_key = %s, note = %s"
                " WHERE uuid::text = %s AND clinic = %s RETURNING uuid",
                (
                    row.day,
                    row.time,
                    row.first_name,
                    row.last_name,
                    row.birth_date,
                    name_key(row.first_name, row.last_name),
                    row.note,
                    uuid,
                    clinic,
                ),
            ).fetchone()
    except psycopg.errors.UniqueViolation:
        raise AppointmentImportError("this person already has an appointment on that day") from None
    if found is None:
        raise AppointmentImportError(f"there is no appointment {uuid}")


@dataclass(frozen=True)
class DeviceState:
    """One enrolled kiosk as the server sees it."""

    name: str
    enrolled_at: datetime
    revoked_at: datetime | None
    last_seen: datetime | None
    clock_skew: timedelta | None  # the kiosk's clock minus the server's, at its last call
    kiosk_format: int | None
    steps: int
    highest_sequence: int
    gaps: int  # sequence numbers below the highest not (yet) received
    conflicts: int
    clinic: str = DEFAULT_CLINIC


def device_states(conn: psycopg.Connection[tuple[object, ...]]) -> list[DeviceState]:
    """Every enrolled kiosk, by name."""
    rows = conn.execute(
        "SELECT d.name, d.enrolled_at, d.revoked_at, d.last_seen, d.clock_skew, d.kiosk_format,"
        " (SELECT count(*) FROM steps s WHERE s.device = d.name),"
        " (SELECT coalesce(max(s.sequence), 0) FROM steps s WHERE s.device = d.name),"
        " (SELECT count(*) FROM sequence_gaps g WHERE g.device = d.name),"
        " (SELECT count(*) FROM conflicts c WHERE c.device = d.name),"
        " d.clinic"
        " FROM devices d ORDER BY d.name"
    ).fetchall()
    return [
        DeviceState(
            str(r[0]),
            r[1],  # type: ignore[arg-type]
            r[2],  # type: ignore[arg-type]
            r[3],  # type: ignore[arg-type]
            r[4],  # type: ignore[arg-type]
            None if r[5] is None else int(str(r[5])),
            int(str(r[6])),
            int(str(r[7])),
            int(str(r[8])),
            int(str(r[9])),
            str(r[10]),
        )
        for r in rows
    ]


def records_problems(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    """How many stored steps the records could not take (kept in records_problems)."""
    row = conn.execute("SELECT count(*) FROM records_problems").fetchone()
    return int(str(row[0])) if row else 0
