"""Conflicts set aside on the clinic server, as an admin sees them (never the patient's content),
and resolving one: the server's content kept, or the kiosk's content taken in its place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import psycopg

OTHER_CONTENT = "other content"
SEQUENCE_TAKEN = "sequence taken"


class Resolution(StrEnum):
    """How an admin resolved a conflict (the words stored on its row)."""

    KEEP_SERVER = "kept server"
    TAKE_KIOSK = "took kiosk"


class ConflictError(Exception):
    """A conflict that is unknown, already resolved, or cannot be resolved that way."""


@dataclass(frozen=True)
class Conflict:
    """One conflict: where it came from and what kind of step, never what the patient said."""

    id: int
    device: str
    step_uuid: str
    intake: str
    sequence: int
    reason: str
    kind: str  # the step's kind (check_in, step, consent) as the kiosk sent it
    received_at: datetime
    resolution: str | None
    resolved_by: str | None
    resolved_at: datetime | None


_COLUMNS = (
    "c.id, c.device, c.step_uuid::text, c.intake::text, c.sequence, c.reason,"
    " coalesce(c.content->>'kind', '?'), c.received_at, c.resolution, c.resolved_by,"
    " c.resolved_at"
)


def _conflict(row: tuple[object, ...]) -> Conflict:
    return Conflict(
        int(str(row[0])),
        str(row[1]),
        str(row[2]),
        str(row[3]),
        int(str(row[4])),
        str(row[5]),
        str(row[6]),
        row[7],  # type: ignore[arg-type]
        None if row[8] is None else str(row[8]),
        None if row[9] is None else str(row[9]),
        row[10],  # type: ignore[arg-type]
    )


def listed(
    conn: psycopg.Connection[tuple[object, ...]], *, resolved: bool = False
) -> list[Conflict]:
    """Open conflicts by id (with ``resolved``, every conflict)."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM conflicts c"  # noqa: S608 - fixed column list
        " WHERE %s OR c.resolution IS NULL ORDER BY c.id",
        (resolved,),
    ).fetchall()
    return [_conflict(row) for row in rows]


def resolve(
    conn: psycopg.Connection[tuple[object, ...]], conflict_id: int, how: Resolution, by: str
) -> Conflict:
    """Resolve an open conflict in the caller's transaction. Taking the kiosk's content puts it
    in the step (the content it replaces is kept on the conflict's row) and makes the intake's
    records again from its steps."""
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM conflicts c WHERE c.id = %s FOR UPDATE",  # noqa: S608
        (conflict_id,),
    ).fetchone()
    if row is None:
        raise ConflictError(f"conflict {conflict_id}: no such conflict")
    conflict = _conflict(row)
    if conflict.resolution is not None:
        raise ConflictError(
            f"conflict {conflict_id}: already resolved ({conflict.resolution}"
            f" by {conflict.resolved_by})"
        )
    if how is Resolution.TAKE_KIOSK:
        _take_kiosk(conn, conflict, by)
    else:
        conn.execute(
            "UPDATE conflicts SET resolution = %s, resolved_by = %s, resolved_at = now()"
            " WHERE id = %s",
            (str(how), by, conflict_id),
        )
    found = conn.execute(
        f"SELECT {_COLUMNS} FROM conflicts c WHERE c.id = %s",  # noqa: S608
        (conflict_id,),
    ).fetchone()
    assert found is not None
    return _conflict(found)


def _take_kiosk(conn: psycopg.Connection[tuple[object, ...]], conflict: Conflict, by: str) -> None:
    if conflict.reason != OTHER_CONTENT:
        raise ConflictError(
            f"conflict {conflict.id}: the kiosk's sequence number {conflict.sequence} was taken"
            " by another step, so there is no step of its own to replace: only --keep-server"
            " resolves it (its content stays set aside on the conflict)"
        )
    step = conn.execute(
        "SELECT intake::text, device FROM steps WHERE uuid = %s FOR UPDATE",
        (conflict.step_uuid,),
    ).fetchone()
    if step is None or (str(step[0]), str(step[1])) != (conflict.intake, conflict.device):
        raise ConflictError(
            f"conflict {conflict.id}: the stored step {conflict.step_uuid} is not the same"
            " kiosk's step of the same intake: only --keep-server resolves it"
        )
    conn.execute(
        "UPDATE conflicts c SET resolution = %s, resolved_by = %s, resolved_at = now(),"
        " replaced_content = s.content, replaced_sha256 = s.sha256"
        " FROM steps s WHERE c.id = %s AND s.uuid = c.step_uuid",
        (str(Resolution.TAKE_KIOSK), by, conflict.id),
    )
    conn.execute(
        "UPDATE steps s SET content = c.content, sha256 = c.sha256"
        " FROM conflicts c WHERE c.id = %s AND s.uuid = c.step_uuid",
        (conflict.id,),
    )
    conn.execute("SELECT conflict_rebuild(%s)", (conflict.id,))
