"""The clinic server's audit log: an entry written in the act's own transaction, entries read back
and their chain checked here, independently of the server that made it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from kiosk.core.audit import AuditAction, AuditEntry


class AuditMissingError(Exception):
    """The server's schema predates its audit log: ``server init`` has not been run since."""


def require(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Refuse, in words, a server whose schema has no audit log yet (before version 4)."""
    row = conn.execute("SELECT to_regproc('public.record_audit') IS NOT NULL").fetchone()
    if row is None or not row[0]:
        raise AuditMissingError(
            "the clinic server's schema has no audit log yet: run python -m kiosk server init"
        )


def at_text(moment: datetime) -> str:
    """An entry's time as its hash covers it: UTC, to the microsecond, ``...T...Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def record(
    conn: psycopg.Connection[tuple[object, ...]],
    actor: str | None,
    action: AuditAction,
    subject: str = "",
    **detail: Any,
) -> int:
    """Append one entry in the caller's transaction (the server chains it); its id. ``actor``
    None or empty: the server's login that made the act. The login is always in the detail."""
    row = conn.execute(
        "SELECT record_audit(%s, %s, %s, %s)",
        (actor or "", str(action), subject, Jsonb(detail)),
    ).fetchone()
    assert row is not None
    return int(str(row[0]))


def entries(
    conn: psycopg.Connection[tuple[object, ...]],
    *,
    actor: str | None = None,
    action: str | None = None,
) -> list[AuditEntry]:
    """Entries oldest first (optionally of one person or action), ``at`` and ``detail`` as the
    hash covers them."""
    rows = conn.execute(
        "SELECT id, at, actor, action, subject, detail::text, previous_hash, hash FROM audit"
        " WHERE (%s::text IS NULL OR actor = %s) AND (%s::text IS NULL OR action = %s)"
        " ORDER BY id",
        (actor, actor, action, action),
    ).fetchall()
    return [
        AuditEntry(
            int(str(r[0])),
            at_text(r[1]),  # type: ignore[arg-type]
            str(r[2]),
            str(r[3]),
            str(r[4]),
            str(r[5]),
            str(r[6]),
            str(r[7]),
        )
        for r in rows
    ]


def checked(conn: psycopg.Connection[tuple[object, ...]]) -> list[AuditEntry]:
    """Every entry, oldest first, read in one snapshot (entries written meanwhile do not show)."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return entries(conn)
