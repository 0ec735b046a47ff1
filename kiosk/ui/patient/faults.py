"""Saving that failed: which errors count, what kind of fault it was, and what staff should do."""

from __future__ import annotations

import importlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kiosk.storage.db import DatabaseDamagedError, StorageError


class FaultKind(StrEnum):
    """Why the database refused a patient's step."""

    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"
    DAMAGED = "damaged"
    LOCKED = "locked"
    OTHER = "other"


# What staff do about each kind: plain words for the log (and the nurse station, if it shows them).
ADVICE = {
    FaultKind.DISK_FULL: (
        "The kiosk's disk is full. Free some space (old backups or exports in the data folder), "
        "then sign in at the staff corner to open the kiosk to patients again."
    ),
    FaultKind.READ_ONLY: (
        "The database cannot be written: the file, its folder or the disk became read-only, "
        "or the disk reports errors. Make the data folder writable again (the error below says "
        "which), then sign in at the staff corner."
    ),
    FaultKind.DAMAGED: (
        "The database file is damaged. Close the kiosk, restore the latest backup "
        "(python -m kiosk restore FILE), then start the kiosk again."
    ),
    FaultKind.LOCKED: (
        "The database stayed busy too long (a backup, an export or another program held it). "
        "Let that finish, then sign in at the staff corner."
    ),
    FaultKind.OTHER: (
        "Saving failed. Read the error in the kiosk's log, check the disk and the data folder, "
        "then sign in at the staff corner."
    ),
}

_CODES = {
    sqlite3.SQLITE_FULL: FaultKind.DISK_FULL,
    sqlite3.SQLITE_READONLY: FaultKind.READ_ONLY,
    sqlite3.SQLITE_IOERR: FaultKind.READ_ONLY,  # a write the disk refused (EROFS, EPERM, EIO)
    sqlite3.SQLITE_PERM: FaultKind.READ_ONLY,
    sqlite3.SQLITE_CANTOPEN: FaultKind.READ_ONLY,
    sqlite3.SQLITE_CORRUPT: FaultKind.DAMAGED,
    sqlite3.SQLITE_NOTADB: FaultKind.DAMAGED,
    sqlite3.SQLITE_BUSY: FaultKind.LOCKED,
    sqlite3.SQLITE_LOCKED: FaultKind.LOCKED,
}
_WORDS = (  # for drivers that give no error code (a message is all there is)
    ("disk is full", FaultKind.DISK_FULL),
    ("readonly", FaultKind.READ_ONLY),
    ("read-only", FaultKind.READ_ONLY),
    ("i/o error", FaultKind.READ_ONLY),
    ("malformed", FaultKind.DAMAGED),
    ("not a database", FaultKind.DAMAGED),
    ("damaged", FaultKind.DAMAGED),
    ("locked", FaultKind.LOCKED),
    ("busy", FaultKind.LOCKED),
)


def _driver_errors() -> tuple[type[BaseException], ...]:
    """sqlite3's errors, StorageError, and SQLCipher's driver errors when that driver is there."""
    errors: list[type[BaseException]] = [StorageError, sqlite3.Error]
    for name in ("sqlcipher3.dbapi2", "pysqlcipher3.dbapi2"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        error = getattr(module, "Error", None)
        if isinstance(error, type) and issubclass(error, BaseException):
            errors.append(error)
    return tuple(errors)


SAVE_ERRORS = _driver_errors()


def fault_kind(error: BaseException) -> FaultKind:
    """The kind of a storage error, by SQLite's result code, else by its words."""
    if isinstance(error, DatabaseDamagedError):
        return FaultKind.DAMAGED
    causes = [error, *([error.__cause__] if error.__cause__ is not None else [])]
    for cause in causes:
        code = getattr(cause, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF in _CODES:
            return _CODES[code & 0xFF]  # the primary code of an extended one
    text = " ".join(str(c) for c in causes).lower()
    for words, kind in _WORDS:
        if words in text:
            return kind
    return FaultKind.OTHER


@dataclass(frozen=True)
class SaveFault:
    """A patient's step the database did not take: never any patient text, only what staff need."""

    kind: FaultKind
    step: str  # the step's key, e.g. "checklist:fasting" (form and question ids, no answers)
    intake_id: int | None  # None when identifying failed before an intake existed
    error: str  # the driver's own words, e.g. "database or disk is full"
    at: datetime

    @property
    def advice(self) -> str:
        """What staff should do, in plain words."""
        return ADVICE[self.kind]

    def log_line(self) -> str:
        """One line for the log: key=value pairs, then the advice."""
        intake = "-" if self.intake_id is None else str(self.intake_id)
        return (
            f"save failed kind={self.kind} step={self.step} intake={intake} "
            f"error={self.error!r} action: {self.advice}"
        )


def save_fault(error: BaseException, step: str, intake_id: int | None, at: datetime) -> SaveFault:
    """Describe a storage error raised while saving ``step``."""
    return SaveFault(fault_kind(error), step, intake_id, _error_words(error), at)


def _error_words(error: BaseException) -> str:
    name = getattr(error, "sqlite_errorname", None)
    words = str(error) or type(error).__name__
    return f"{words} ({name})" if isinstance(name, str) else words
