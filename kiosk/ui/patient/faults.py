"""Saving that failed on the patient side: which errors count, and what staff read in the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.services.faults import STORAGE_ERRORS, Fault, classify

# What a patient screen catches around a save: the storage layer's own errors and the SQL
# engine's (SQLCipher's classes mirror sqlite3's without subclassing them).
SAVE_ERRORS = STORAGE_ERRORS

# What staff do about each kind of fault: plain words for the log. The nurse station shows its
# own translated advice (kiosk.ui.staff.faults) for the same kinds.
ADVICE = {
    Fault.DISK_FULL: (
        "The kiosk's disk is full. Free some space (old backups or exports in the data folder), "
        "then sign in at the staff corner to open the kiosk to patients again."
    ),
    Fault.READ_ONLY: (
        "The database cannot be written: the file, its folder or the disk became read-only, "
        "or the disk reports errors. Make the data folder writable again (the error above says "
        "which), then sign in at the staff corner."
    ),
    Fault.DAMAGED: (
        "The database file is damaged. Close the kiosk and start it again: it offers an admin "
        "to restore the latest backup (or: python -m kiosk restore FILE)."
    ),
    Fault.BUSY: (
        "The database stayed busy too long (a backup, an export or another program held it). "
        "Let that finish, then sign in at the staff corner."
    ),
    Fault.KEY: (
        "The database's encryption key is missing or wrong. Put the key file back (or set "
        "KIOSK_DB_KEY), then restart the kiosk."
    ),
    Fault.OTHER: (
        "Saving failed. Read the error above, check the disk and the data folder, "
        "then sign in at the staff corner."
    ),
}


@dataclass(frozen=True)
class SaveFault:
    """A patient's step the database did not take: never any patient text, only what staff need."""

    kind: Fault
    step: str  # the step's key, e.g. "checklist:fasting" (form and question ids, no answers)
    intake_id: int | None  # None when identifying failed before an intake existed
    error: str  # the driver's own words, e.g. "database or disk is full (SQLITE_FULL)"
    at: datetime

    @property
    def advice(self) -> str:
        """What staff should do, in plain words."""
        return ADVICE[self.kind]

    def log_line(self) -> str:
        """One line for the log: key=value pairs, the error, then what to do."""
        intake = "-" if self.intake_id is None else str(self.intake_id)
        return (
            f"save failed kind={self.kind} step={self.step} intake={intake} "
            f"error={self.error!r} action: {self.advice}"
        )


def save_fault(error: BaseException, step: str, intake_id: int | None, at: datetime) -> SaveFault:
    """Describe a storage error raised while saving ``step``."""
    return SaveFault(classify(error) or Fault.OTHER, step, intake_id, _error_words(error), at)


def _error_words(error: BaseException) -> str:
    name = getattr(error, "sqlite_errorname", None)
    words = str(error) or type(error).__name__
    return f"{words} ({name})" if isinstance(name, str) else words
