"""Saving that failed on the patient side: which errors count, and what staff read in the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from kiosk.core.faults import ADVICE, CONTEXT, Fault
from kiosk.services.faults import StorageError, fault_kind

# What a patient screen catches around a save. Every save goes through the storage package
# (IntakeRepository, StaffRepository, AuditLog), which lets no driver error or OSError out: they
# arrive as a StorageFault carrying their kind.
SAVE_ERRORS: tuple[type[BaseException], ...] = (StorageError,)


def patient_words(kind: Fault) -> str:
    """What the front desk screen tells the patient about ``kind``: calm, nothing technical."""
    return QCoreApplication.translate(CONTEXT, ADVICE[kind].patient)


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
        """What staff should do, in plain words (English, for the log)."""
        return ADVICE[self.kind].command

    def log_line(self) -> str:
        """One line for the log: key=value pairs, the error, then what to do."""
        intake = "-" if self.intake_id is None else str(self.intake_id)
        return (
            f"save failed kind={self.kind} step={self.step} intake={intake} "
            f"error={self.error!r} action: {self.advice}"
        )


def save_fault(error: BaseException, step: str, intake_id: int | None, at: datetime) -> SaveFault:
    """Describe a storage error (one of SAVE_ERRORS) raised while saving ``step``."""
    return SaveFault(fault_kind(error), step, intake_id, str(error) or type(error).__name__, at)
