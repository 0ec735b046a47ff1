"""The outbox of the clinic server: append inside a step's transaction, read in order, mark sent."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from kiosk.core.outbox import Entry, Pending
from kiosk.storage.faults import boundary

# What the sync remembers in sync_state, by name.
DEVICE = "device"
LAST_SUCCESS = "last_success"
LAST_PROBLEM = "last_problem"
LAST_ATTEMPT = "last_attempt"
SERVER_CONFLICTS = "server_conflicts"
CLOCK_SKEW = "clock_skew_seconds"
SERVER_NAME = "server_device"
TROUBLE = "trouble"  # the kind of the last problem (kiosk.server.client.Trouble)


@dataclass(frozen=True)
class Counts:
    """How much the outbox holds: waiting to be sent, sent, and set aside by the server."""

    waiting: int
    urgent_waiting: int  # waiting steps of intakes with an alert or red flag: sent first
    sent: int
    conflicts: int
    refused: int = 0  # set aside: the server refused the step itself (kept, retried by hand)


@boundary
def device_id(db: Database) -> str:
    """This kiosk database's own UUID (made by the migration), sent with every step."""
    return read_state(db).get(DEVICE, "")


@boundary
def append(db: Database, intake_uuid: str, entry: Entry, at: str) -> int:
    """Add ``entry`` inside the caller's transaction; its sequence number."""
    cursor = db.execute(
        "INSERT INTO outbox (uuid, device, intake_uuid, kind, content, sha256, urgent, created_at)"
        " VALUES (?, (SELECT value FROM sync_state WHERE name = 'device'), ?, ?, ?, ?, ?, ?)",
        [
            str(uuid.uuid4()),
            intake_uuid,
            entry.kind.value,
            entry.text,
            entry.sha256,
            int(entry.urgent),
            at,
        ],
    )
    assert cursor.lastrowid is not None
    return int(cursor.lastrowid)


@boundary
def pending(db: Database, limit: int) -> list[Pending]:
    """Up to ``limit`` unsent entries: every entry of an intake with an urgent one first (an
    item 9 alert, a red flag), then the rest; each intake's own entries in their order."""
    rows = db.query(
        "SELECT o.sequence, o.uuid, o.intake_uuid, o.content, o.sha256, o.urgent FROM outbox o"
        " WHERE o.sent_at IS NULL AND o.answer IS NULL"
        " ORDER BY EXISTS (SELECT 1 FROM outbox u WHERE u.sent_at IS NULL"
        " AND u.urgent = 1 AND u.intake_uuid = o.intake_uuid) DESC, o.sequence LIMIT ?",
        [limit],
    )
    return [
        Pending(
            int(r["sequence"]),
            str(r["uuid"]),
            str(r["intake_uuid"]),
            str(r["content"]),
            str(r["sha256"]),
            bool(r["urgent"]),
        )
        for r in rows
    ]


@boundary
def mark_sent(
    db: Database,
    answers: Sequence[tuple[int, str]],
    at: str,
    state: dict[str, str | None] | None = None,
) -> None:
    """Record the server's answer to each sent sequence number, and ``state`` (as write_state),
    in one transaction."""
    with db.atomic():
        db.conn.executemany(
            "UPDATE outbox SET sent_at = ?, answer = ? WHERE sequence = ? AND sent_at IS NULL",
            [(at, answer, sequence) for sequence, answer in answers],
        )
        if state:
            _write_state(db, state)


@boundary
def set_aside(db: Database, sequence: int) -> None:
    """The server refuses this step whatever is sent with it: keep it, out of the queue, so the
    steps after it still go (``retry_refused`` puts it back)."""
    with db.atomic():
        db.execute(
            "UPDATE outbox SET answer = 'refused' WHERE sequence = ? AND sent_at IS NULL",
            [sequence],
        )


@boundary
def retry_refused(db: Database) -> int:
    """Put every step set aside back in the queue; how many."""
    with db.atomic():
        cursor = db.execute(
            "UPDATE outbox SET answer = NULL WHERE answer = 'refused' AND sent_at IS NULL"
        )
    return int(cursor.rowcount)


@boundary
def resend_after(db: Database, highest: int) -> int:
    """Mark unsent again every sent row above ``highest``, the server's highest sequence from
    this kiosk (the server was put back from an older dump); how many."""
    with db.atomic():
        cursor = db.execute(
            "UPDATE outbox SET sent_at = NULL, answer = NULL"
            " WHERE sent_at IS NOT NULL AND sequence > ?",
            [highest],
        )
    return int(cursor.rowcount)


@boundary
def counts(db: Database) -> Counts:
    """What is waiting, sent and set aside as conflicting."""
    row = next(
        iter(
            db.query(
                "SELECT count(*) FILTER (WHERE sent_at IS NULL AND answer IS NULL) AS waiting,"
                " count(*) FILTER (WHERE sent_at IS NULL AND intake_uuid IN (SELECT intake_uuid"
                " FROM outbox WHERE sent_at IS NULL AND urgent = 1)) AS urgent,"
                " count(*) FILTER (WHERE sent_at IS NOT NULL) AS sent,"
                " count(*) FILTER (WHERE answer = 'conflict') AS conflicts,"
                " count(*) FILTER (WHERE answer = 'refused') AS refused FROM outbox"
            )
        )
    )
    return Counts(
        int(row["waiting"]),
        int(row["urgent"]),
        int(row["sent"]),
        int(row["conflicts"]),
        int(row["refused"]),
    )


@boundary
def read_state(db: Database) -> dict[str, str]:
    """Everything in sync_state."""
    return {str(r["name"]): str(r["value"]) for r in db.query("SELECT name, value FROM sync_state")}


@boundary
def write_state(db: Database, values: dict[str, str | None]) -> None:
    """Set (or, with None, remove) entries of sync_state in one transaction."""
    with db.atomic():
        _write_state(db, values)


def _write_state(db: Database, values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            db.execute("DELETE FROM sync_state WHERE name = ?", [name])
        else:
            db.execute(
                "INSERT INTO sync_state (name, value) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                [name, value],
            )


@dataclass(frozen=True)
class PulledAppointment:
    """An appointment as the server hands it to a kiosk: only what identity matching needs."""

    uuid: str
    day: date
    time: str
    name_key: str
    birth_date: date


@boundary
def store_pulled_appointments(
    db: Database, day: date, rows: Sequence[PulledAppointment], at: str
) -> int:
    """Replace the day's appointments pulled before with ``rows`` (the kiosk's own bookings
    stay; one of the same person keeps its row and gains the server's UUID). How many stored."""
    with db.atomic():
        keep = json.dumps([r.uuid for r in rows])
        gone = "server_uuid NOT IN (SELECT value FROM json_each(?))"
        db.execute(
            f"UPDATE appointments SET server_uuid = NULL WHERE day = ? AND {gone}"  # noqa: S608
            " AND first_name <> ''",
            [day.isoformat(), keep],
        )
        db.execute(
            f"DELETE FROM appointments WHERE day = ? AND {gone} AND first_name = ''"  # noqa: S608
            " AND id NOT IN (SELECT appointment_id FROM intakes WHERE appointment_id IS NOT NULL)",
            [day.isoformat(), keep],
        )
        for row in rows:
            db.execute(
                "INSERT INTO appointments (day, time, first_name, last_name, birth_date, name_key,"
                " note, created_at, server_uuid) VALUES (?, ?, '', '', ?, ?, '', ?, ?)"
                " ON CONFLICT (day, name_key, birth_date) DO UPDATE SET"
                " server_uuid = excluded.server_uuid, time = CASE WHEN appointments.first_name = ''"
                " OR appointments.time = ''"
                " THEN excluded.time ELSE appointments.time END"
                " ON CONFLICT (server_uuid) DO UPDATE SET day = excluded.day,"
                " time = excluded.time, name_key = excluded.name_key,"
                " birth_date = excluded.birth_date",
                [
                    row.day.isoformat(),
                    row.time,
                    row.birth_date.isoformat(),
                    row.name_key,
                    at,
                    row.uuid,
                ],
            )
    return len(rows)


@boundary
def appointment_uuid(db: Database, appointment_id: int | None) -> str | None:
    """The server's UUID of a local appointment row (None: booked on this kiosk alone)."""
    if appointment_id is None:
        return None
    rows = list(db.query("SELECT server_uuid FROM appointments WHERE id = ?", [appointment_id]))
    return str(rows[0]["server_uuid"]) if rows and rows[0]["server_uuid"] else None
