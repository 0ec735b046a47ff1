"""Getting a kiosk with a damaged database going again: the latest good backup, an admin PIN
checked against that backup's staff, and the restore written to the audit log."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from kiosk.core.audit import AuditAction, AuditEntry
from kiosk.core.clock import Clock
from kiosk.core.forms.settings import StaffSettings
from kiosk.core.staff import Role, SignIn, StaffMember
from kiosk.services.staff import sign_in
from kiosk.storage.audit import AuditLog
from kiosk.storage.backup import check_backup, memory_copy, restore_from
from kiosk.storage.db import StorageError, database_path, open_database
from kiosk.storage.faults import boundary, boundary_class, is_storage_fault
from kiosk.storage.migrations import MIGRATIONS
from kiosk.storage.staff import StaffRepository

__all__ = [
    "BackupFound",
    "BackupSignIn",
    "latest_backup",
    "restore_backup",
]

SIGN_IN_ACTIONS = (AuditAction.SIGN_IN, AuditAction.SIGN_IN_FAILED)


@dataclass(frozen=True)
class BackupFound:
    """A backup that passed ``check_backup``: where, when it was written, how many intakes."""

    path: Path
    taken: datetime  # the file's modification time, UTC
    intakes: int


@boundary
def latest_backup(folder: Path) -> BackupFound | None:
    """The newest backup in ``folder`` that is whole and undamaged; None when there is none.

    Damaged or foreign files are passed over (an older good backup is better than none).
    """
    try:
        files = [p for p in folder.iterdir() if p.suffix == ".db" and not p.name.startswith(".")]
    except OSError:
        return None
    dated: list[tuple[float, Path]] = []
    for path in files:
        try:
            dated.append((path.stat().st_mtime, path))
        except OSError:
            continue
    for mtime, path in sorted(dated, reverse=True):
        try:
            count = check_backup(path)
        except StorageError:
            continue
        return BackupFound(path, datetime.fromtimestamp(mtime, UTC), count)
    return None


@boundary_class
class BackupSignIn:
    """Staff sign-in against the staff table of a backup (the live one is in the damaged file).

    The backup is copied into a private in-memory database and never written: wrong PINs
    count and lock as usual for as long as this object lives, and ``attempts`` hands them
    over to the audit log of the restored database.
    """

    def __init__(self, backup: Path, clock: Clock, settings: StaffSettings) -> None:
        check_backup(backup)
        self.db = _memory_copy(backup)
        self._clock = clock
        self._settings = settings
        self.staff = StaffRepository(self.db, clock, settings)
        rows = list(self.db.query("SELECT coalesce(max(id), 0) AS top FROM audit"))
        self._first_id = int(rows[0]["top"])  # the backup's own entries are not handed over

    def admins(self) -> list[StaffMember]:
        """The enabled admin accounts of the backup: only they may restore."""
        return [m for m in self.staff.members() if m.role is Role.ADMIN]

    def sign_in(self, staff_id: int, pin: str) -> SignIn:
        """A normal sign-in (counted, locking); a right PIN of a non-admin is refused."""
        return sign_in(self.db, self._clock, self._settings, staff_id, pin, admins_only=True)

    def attempts(self) -> list[AuditEntry]:
        """The sign-in attempts made here, oldest first."""
        entries = AuditLog(self.db, self._clock).entries()
        return [e for e in entries if e.action in SIGN_IN_ACTIONS and e.id > self._first_id]

    def close(self) -> None:
        """Forget the copy."""
        self.db.close()


def _memory_copy(backup: Path) -> Database:
    """The backup's pages in a migrated in-memory database (the file is only read)."""
    try:
        memory = memory_copy(backup)
    except StorageError:
        raise
    except Exception as exc:
        if not is_storage_fault(exc):
            raise
        raise StorageError(f"{backup}: the backup cannot be read ({exc})") from None
    try:
        MIGRATIONS.apply(memory)
    except BaseException:
        memory.close()
        raise
    return memory


@boundary
def restore_backup(
    backup: BackupFound,
    data_dir: Path,
    *,
    clock: Clock,
    actor: str,
    attempts: list[AuditEntry],
) -> Path | None:
    """Put ``backup`` in place of the damaged database and audit it; where the damaged one is kept.

    The sign-in attempts made against the backup (``attempts``) are written first, then the
    restore. StorageError when the restore cannot be made (nothing changed then).
    """
    kept = restore_from(backup.path, data_dir, now=clock.now())
    db = open_database(database_path(data_dir))
    try:
        log = AuditLog(db, clock)
        for entry in attempts:
            detail = json.loads(entry.detail or "{}")
            detail.update(during="recovery", tried_at=entry.at)
            log.record(entry.actor, AuditAction(entry.action), entry.subject, **detail)
        log.record(  # the older log starts a new anchor
            actor,
            AuditAction.RESTORE,
            str(backup.path.resolve()),
            restart_anchor=True,
            intakes=backup.intakes,
            replaced=str(kept or ""),
            reason="damaged database",
        )
    finally:
        db.close()
    return kept
