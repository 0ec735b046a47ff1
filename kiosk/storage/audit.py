"""Append to and read the audit log (who did what, when); never PINs, hashes or answers."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from kiosk.core.audit import GENESIS, AuditEntry, entry_hash, first_bad
from kiosk.core.clock import Clock, utc_iso


class AuditLog:
    """The append-only, hash-chained log on one database."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self._clock = clock

    def record(self, actor: str, action: str, subject: str = "", **detail: Any) -> int:
        """Append one entry, chained to the last, in its own transaction (or the caller's)."""
        at = utc_iso(self._clock.now())
        text = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
        with self.db.atomic():
            rows = list(self.db.query("SELECT hash FROM audit ORDER BY id DESC LIMIT 1"))
            previous = rows[0]["hash"] if rows else GENESIS
            digest = entry_hash(
                previous, at=at, actor=actor, action=action, subject=subject, detail=text
            )
            cursor = self.db.execute(
                "INSERT INTO audit (at, actor, action, subject, detail, previous_hash, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [at, actor, action, subject, text, previous, digest],
            )
        assert cursor.lastrowid is not None
        return int(cursor.lastrowid)

    def entries(
        self, *, day: str | None = None, actor: str | None = None, action: str | None = None
    ) -> list[AuditEntry]:
        """Entries oldest first, optionally of one UTC day (YYYY-MM-DD), person or action."""
        where, params = [], []
        if day:
            where.append("substr(at, 1, 10) = ?")
            params.append(day)
        if actor:
            where.append("actor = ?")
            params.append(actor)
        if action:
            where.append("action = ?")
            params.append(action)
        clause = " WHERE " + " AND ".join(where) if where else ""
        sql = f"SELECT * FROM audit{clause} ORDER BY id"  # noqa: S608 - fixed clauses; values are parameters
        return [AuditEntry(**row) for row in self.db.query(sql, params)]

    def verify(self) -> tuple[int, str] | None:
        """(id, why) of the first bad entry, or None when every entry is as written."""
        return first_bad(self.entries())
