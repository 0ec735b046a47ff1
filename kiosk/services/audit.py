"""The audit log as admins read it: entries by day, person and action, and the chain's check."""

from __future__ import annotations

from kiosk.core.audit import AuditEntry
from kiosk.services.context import KioskContext
from kiosk.storage.audit import AuditCheck, AuditLog

__all__ = ["AuditCheck", "AuditService"]


class AuditService:
    """Reading and checking one kiosk's audit log (writing is each act's own)."""

    def __init__(self, context: KioskContext) -> None:
        self._log = AuditLog(context.db, context.clock)

    def entries(
        self, *, day: str | None = None, actor: str | None = None, action: str | None = None
    ) -> list[AuditEntry]:
        """Entries oldest first, optionally of one UTC day (YYYY-MM-DD), person or action."""
        return self._log.entries(day=day, actor=actor, action=action)

    def check(self) -> AuditCheck:
        """The chain checked entry by entry, then against its anchor outside the database."""
        return self._log.check()
