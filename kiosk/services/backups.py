"""Backups and restores of the kiosk's database, each written to the audit log."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.audit import AuditAction
from kiosk.core.clock import today
from kiosk.core.forms import load_forms
from kiosk.services.context import (
    KioskContext,
    backup_folder,
    clinic_clock,
    forms_dir,
    kiosk_key,
    open_context,
)
from kiosk.storage import backup as copies
from kiosk.storage.audit import AuditLog
from kiosk.storage.errors import StorageError

KIOSK = "kiosk"  # who the audit log says took the automatic daily backup
log = logging.getLogger("kiosk.services")


@dataclass(frozen=True)
class Restored:
    """What a restore did: the intakes now in the database, and where the replaced one is kept."""

    intakes: int
    kept: Path | None


class BackupService:
    """Backups of one open kiosk database."""

    def __init__(self, context: KioskContext) -> None:
        self.context = context

    def folder(self) -> Path:
        """The backup folder of the settings, or <data folder>/backups."""
        return backup_folder(self.context.data_dir, self.context.forms.settings.backup)

    def today_name(self) -> str:
        """The file name today's daily backup has."""
        return copies.daily_name(today(self.context.clock))

    def backup_to(self, target: Path, *, by: str) -> int:
        """Copy the database, checked, to ``target`` (``backup``); how many intakes it holds."""
        made = copies.backup_to(self.context.db, target)
        return self._audit(made, by)

    def daily(self, *, by: str) -> tuple[Path, int] | None:
        """Today's backup into the backup folder unless it is there, the oldest beyond the
        count to keep deleted (``backup``); None when today's was already there."""
        made = self._take_daily()
        return None if made is None else (made, self._audit(made, by, daily=True))

    def automatic(self) -> Path | None:
        """The kiosk's own daily backup when the settings ask for one; never raises (a failure
        is logged, the kiosk carries on; a backup whose entry the log refuses is kept)."""
        if not self.context.forms.settings.backup.daily:
            return None
        try:
            made = self._take_daily()
        except StorageError as problem:
            log.warning("daily backup failed: %s", problem)
            return None
        if made is None:
            return None
        try:
            self._audit(made, KIOSK, daily=True)
        except StorageError as problem:
            log.warning("daily backup %s not audited: %s", made, problem)
        log.info("daily backup path=%s", made)
        return made

    def _take_daily(self) -> Path | None:
        context = self.context
        keep = context.forms.settings.backup.keep
        return copies.daily_backup(context.db, self.folder(), keep, today(context.clock))

    def _audit(self, made: Path, by: str, **detail: object) -> int:
        count = copies.check_backup(made, self.context.key)
        with self.context.act() as act:
            act.record(by, AuditAction.BACKUP, str(made.resolve()), intakes=count, **detail)
        return count


def restore(
    source: Path, data_dir: Path, *, forms_folder: Path | None, by: str, reason: str = ""
) -> Restored:
    """Put a backup in place of the data folder's database (stop the kiosk first), then audit
    it (``restore``) in the restored log, which starts a new anchor. Broken forms or a bad
    backup stop it before anything changes."""
    forms = load_forms(forms_dir(forms_folder))
    clock = clinic_clock(forms)
    key = kiosk_key(data_dir, forms)  # honours [security] key_file
    kept = copies.restore_from(source, data_dir, now=clock.now(), key=key)
    context = open_context(data_dir, forms_folder=forms_folder, clock=clock)
    try:
        count = int(context.db.execute("SELECT count(*) FROM intakes").fetchone()[0])
        detail: dict[str, object] = {"intakes": count, "replaced": str(kept or "")}
        if reason:
            detail["reason"] = reason
        AuditLog(context.db, context.clock).record(  # the older log starts a new anchor
            by, AuditAction.RESTORE, str(source.resolve()), restart_anchor=True, **detail
        )
    finally:
        context.close()
    return Restored(count, kept)
