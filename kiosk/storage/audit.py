"""Append to and read the audit log (who did what, when); never PINs, hashes or answers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kiosk.core.audit import (
    GENESIS,
    Anchor,
    AuditAction,
    AuditEntry,
    anchor_problem,
    entry_hash,
    first_bad,
)
from kiosk.core.clock import Clock, utc_iso
from kiosk.storage.audit_anchor import (
    AnchorUnreadableError,
    advance_anchor,
    anchor_place,
    read_anchor,
)
from kiosk.storage.faults import boundary_class


@dataclass(frozen=True)
class AuditCheck:
    """What ``AuditLog.check`` found: the first bad entry (or None) and the anchor's state."""

    entries: int
    problem: tuple[int, str] | None
    anchor_path: Path | None  # None: this database keeps no anchor (in memory, or a copy)
    anchor: Anchor | None  # None: no anchor written yet (or it could not be read)
    anchor_note: str  # why there is no anchor, in plain words; "" when there is one


@boundary_class
class AuditLog:
    """The append-only, hash-chained log on one database."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self._clock = clock

    def record(
        self,
        actor: str,
        action: AuditAction,
        subject: str = "",
        *,
        restart_anchor: bool = False,
        **detail: Any,
    ) -> int:
        """Append one entry, chained to the last, in its own transaction (or the caller's).

        Once committed (at once, or with the next entry when the caller's transaction is still
        open) the newest entry is anchored outside the database. ``restart_anchor`` is for the
        entry a restore writes: the restored, older log starts a new anchor.
        """
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
        if not self.db.conn.in_transaction:
            advance_anchor(self.db, at, restart=restart_anchor)
        return int(cursor.lastrowid)

    def anchor(self) -> None:
        """Anchor the newest committed entry outside the database (after an act's COMMIT)."""
        if not self.db.conn.in_transaction:
            advance_anchor(self.db, utc_iso(self._clock.now()))

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
            params.append(str(action))
        clause = " WHERE " + " AND ".join(where) if where else ""
        sql = f"SELECT * FROM audit{clause} ORDER BY id"  # noqa: S608 - fixed clauses; values are parameters
        return [AuditEntry(**row) for row in self.db.query(sql, params)]

    def verify(self) -> tuple[int, str] | None:
        """(id, why) of the first bad entry, or None when every entry is as written and anchored."""
        return self.check().problem

    def check(self) -> AuditCheck:
        """The chain checked entry by entry, then against the anchor outside the database.

        A damaged anchor file counts as tampering too: nothing the kiosk does leaves one.
        """
        entries = self.entries()
        place = anchor_place(self.db)
        problem = first_bad(entries)
        if place.path is None:
            return AuditCheck(len(entries), problem, None, None, place.why_none)
        try:
            anchor = read_anchor(place.path)
        except AnchorUnreadableError as unreadable:
            problem = problem or (1, f"its anchor cannot be checked: {unreadable}")
            return AuditCheck(len(entries), problem, place.path, None, str(unreadable))
        if anchor is None:
            note = f"no anchor yet at {place.path} (it is written with the next entry)"
            return AuditCheck(len(entries), problem, place.path, None, note)
        problem = problem or anchor_problem(entries, anchor)
        return AuditCheck(len(entries), problem, place.path, anchor, "")
