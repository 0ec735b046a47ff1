"""One act, one transaction: the change and its audit entry commit together, or neither does."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlite_utils import Database

from kiosk.core.audit import AuditAction
from kiosk.core.clock import Clock
from kiosk.storage.audit import AuditLog
from kiosk.storage.faults import storage_boundary


class Act:
    """The open transaction of one act: what it records in the audit log."""

    def __init__(self, log: AuditLog) -> None:
        self._log = log

    def record(self, actor: str, action: AuditAction, subject: str = "", **detail: Any) -> int:
        """The act's audit entry (never a PIN, a hash or an answer)."""
        return self._log.record(actor, action, subject, **detail)


@contextmanager
def one_act(db: Database, clock: Clock) -> Iterator[Act]:
    """``with one_act(db, clock) as act:`` the writes inside and ``act.record(...)`` are one
    transaction (a savepoint inside a caller's); the audit anchor follows after COMMIT."""
    log = AuditLog(db, clock)
    with storage_boundary(), db.atomic():
        yield Act(log)
    log.anchor()
