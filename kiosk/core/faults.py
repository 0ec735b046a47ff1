"""The kinds of fault (storage, printer, discharge) and one table of what each audience is told.

The texts are English source strings marked with ``QT_TRANSLATE_NOOP`` so that
``pyside6-lupdate`` (run by .ci/i18n on this module too) extracts them: the UI translates them
with ``QCoreApplication.translate(CONTEXT, text)``; the command line and the logs print the
English as it is. ``%1`` in a text stands for a queue or folder name (see ``fill``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.core.text import fill_in

__all__ = [
    "ADVICE",
    "CONTEXT",
    "DISCHARGE_TEXTS",
    "INFUSION_TEXTS",
    "PRINT_TEXTS",
    "QT_TRANSLATE_NOOP",
    "Advice",
    "DischargeProblem",
    "Fault",
    "InfusionProblem",
    "PrintFault",
    "PrintProblem",
]

CONTEXT = "Faults"  # the translation context of every text in this module


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context``; returns it unchanged (English)."""
    del context
    return text


# --- storage -------------------------------------------------------------------------------


class Fault(StrEnum):
    """The kinds of storage trouble staff are told about, each with its own advice."""

    DISK_FULL = "disk_full"  # nothing new fits: free space
    READ_ONLY = "read_only"  # the file or the disk cannot be written any more
    DAMAGED = "damaged"  # the file is corrupt: restore the latest backup
    BUSY = "busy"  # another program holds the database: try again
    KEY = "key"  # the encryption key is missing or wrong
    OTHER = "other"  # any other storage error: its own message says what


@dataclass(frozen=True)
class Advice:
    """What one kind of fault means to each audience."""

    patient: str  # the patient screen: calm, nothing technical (the patient only goes to the desk)
    staff: str  # the staff screens: what happened, what to do, what is safe
    command: str  # the command line and the logs (English only)


_PATIENT_HELP = QT_TRANSLATE_NOOP(
    "Faults",
    "This kiosk needs help from our staff. Please tell someone at the front desk."
    " They will help you finish checking in.",
)

ADVICE: dict[Fault, Advice] = {
    Fault.DISK_FULL: Advice(
        _PATIENT_HELP,
        QT_TRANSLATE_NOOP(
            "Faults",
            "The disk is full: nothing new can be saved. Free space or call support;"
            " what was saved before is safe.",
        ),
        "the disk is full: nothing new was saved. Free space (old backups or exports in the"
        " data folder) or call support; what was saved before is safe",
    ),
    Fault.READ_ONLY: Advice(
        _PATIENT_HELP,
        QT_TRANSLATE_NOOP(
            "Faults",
            "The database cannot be written any more (the file or the disk has become"
            " read-only): nothing new can be saved. Call support; what was saved before is safe.",
        ),
        "the database cannot be written (the file, its folder or the disk is read-only, or the"
        " disk reports errors): nothing new was saved. Make the data folder writable again or"
        " call support; what was saved before is safe",
    ),
    Fault.DAMAGED: Advice(
        _PATIENT_HELP,
        QT_TRANSLATE_NOOP(
            "Faults",
            "The database file is damaged: nothing new can be saved. Note today's check-ins on"
            " paper and restart the kiosk: it offers staff to restore the latest backup."
            " Call support if unsure.",
        ),
        "the database file is damaged: nothing new was saved. Restart the kiosk to restore the"
        " latest backup (or: python -m kiosk restore FILE)",
    ),
    Fault.BUSY: Advice(
        QT_TRANSLATE_NOOP(
            "Faults",
            "This kiosk is busy for a moment. Please tell someone at the front desk."
            " They will help you finish checking in.",
        ),
        QT_TRANSLATE_NOOP(
            "Faults",
            "The database is busy (another program is using it). Try again in a moment;"
            " call support if this keeps happening.",
        ),
        "the database is busy (a backup, an export or another program holds it);"
        " try again in a moment",
    ),
    Fault.KEY: Advice(
        _PATIENT_HELP,
        QT_TRANSLATE_NOOP(
            "Faults",
            "The database's encryption key is missing or wrong, so the records cannot be read."
            " Call support; nothing was changed.",
        ),
        "the database's encryption key is missing or wrong: put the key file back (or set"
        " KIOSK_DB_KEY), then start again",
    ),
    Fault.OTHER: Advice(
        _PATIENT_HELP,
        QT_TRANSLATE_NOOP("Faults", "The database could not do this. Call support."),
        "the database could not do this: check the disk and the data folder, or call support",
    ),
}


# --- printing ------------------------------------------------------------------------------


class PrintFault(StrEnum):
    """Why a sheet was not printed (or not saved when printing failed)."""

    NOT_INSTALLED = "not_installed"  # no CUPS client commands
    NOT_RUNNING = "not_running"  # the CUPS scheduler is down
    NO_PRINTER = "no_printer"  # no queue at all
    NO_DEFAULT = "no_default"  # queues, but none is the default
    NO_ANSWER = "no_answer"  # CUPS did not answer in time
    NOT_CONFIRMED = "not_confirmed"  # lp did not confirm in time: it may still print
    NO_TEMP_FILE = "no_temp_file"  # the PDF could not be written for lp
    NO_JOB_NUMBER = "no_job_number"  # lp said nothing usable
    MISSING = "missing"  # the queue does not exist
    STOPPED = "stopped"  # the queue is disabled
    REJECTING = "rejecting"  # the queue refuses jobs
    REFUSED = "refused"  # lp failed for another reason
    GONE = "gone"  # accepted, then the queue or job vanished
    STOPPED_MID_JOB = "stopped_mid_job"  # accepted, then the queue stopped
    CANCELLED = "cancelled"  # accepted, then cancelled at the printer
    ABORTED = "aborted"  # accepted, then CUPS gave up
    NOT_SAVED = "not_saved"  # the unprinted sheet could not be saved in its folder (%1)


PRINT_TEXTS: dict[PrintFault, str] = {
    PrintFault.NOT_INSTALLED: QT_TRANSLATE_NOOP(
        "Faults",
        "The print system (CUPS) is not installed on this computer. The sheet was not printed.",
    ),
    PrintFault.NOT_RUNNING: QT_TRANSLATE_NOOP(
        "Faults",
        "The print system (CUPS) is not running. Restart the computer or call support."
        " The sheet was not printed.",
    ),
    PrintFault.NO_PRINTER: QT_TRANSLATE_NOOP(
        "Faults", "No printer is set up on this computer. The sheet was not printed."
    ),
    PrintFault.NO_DEFAULT: QT_TRANSLATE_NOOP(
        "Faults",
        "No printer is chosen as the default on this computer. Choose one in the settings."
        " The sheet was not printed.",
    ),
    PrintFault.NO_ANSWER: QT_TRANSLATE_NOOP(
        "Faults", "The print system did not answer in time. The sheet was not printed."
    ),
    PrintFault.NOT_CONFIRMED: QT_TRANSLATE_NOOP(
        "Faults",
        "The print system did not confirm the sheet for the printer '%1' in time."
        " Check the printer before printing again.",
    ),
    PrintFault.NO_TEMP_FILE: QT_TRANSLATE_NOOP(
        "Faults",
        "The sheet could not be prepared for the printer '%1' (no room for a temporary file)."
        " The sheet was not printed.",
    ),
    PrintFault.NO_JOB_NUMBER: QT_TRANSLATE_NOOP(
        "Faults",
        "The printer '%1' took the sheet but CUPS gave no job number."
        " Check the printer before printing again.",
    ),
    PrintFault.MISSING: QT_TRANSLATE_NOOP(
        "Faults", "The printer '%1' is not set up on this computer. The sheet was not printed."
    ),
    PrintFault.STOPPED: QT_TRANSLATE_NOOP(
        "Faults",
        "The printer '%1' is not available (stopped or unplugged). The sheet was not printed.",
    ),
    PrintFault.REJECTING: QT_TRANSLATE_NOOP(
        "Faults", "The printer '%1' is not accepting sheets right now. The sheet was not printed."
    ),
    PrintFault.REFUSED: QT_TRANSLATE_NOOP(
        "Faults", "The printer '%1' could not take the sheet. The sheet was not printed."
    ),
    PrintFault.GONE: QT_TRANSLATE_NOOP(
        "Faults", "The printer '%1' went away before the sheet came out."
    ),
    PrintFault.STOPPED_MID_JOB: QT_TRANSLATE_NOOP(
        "Faults",
        "The printer '%1' stopped before the sheet came out"
        " (unplugged, switched off or out of paper).",
    ),
    PrintFault.CANCELLED: QT_TRANSLATE_NOOP(
        "Faults", "The sheet was cancelled at the printer '%1' before it came out."
    ),
    PrintFault.ABORTED: QT_TRANSLATE_NOOP(
        "Faults", "The printer '%1' gave up on the sheet before it came out."
    ),
    PrintFault.NOT_SAVED: QT_TRANSLATE_NOOP(
        "Faults", "The sheet could not be saved in the folder %1. Tell the clinic's support."
    ),
}


@dataclass(frozen=True)
class PrintProblem:
    """A print that did not happen: its kind and the queue (or folder) it names."""

    kind: PrintFault
    place: str = ""  # the queue, or for NOT_SAVED the folder

    def english(self) -> str:
        """The words for the command line and the log."""
        return fill_in(PRINT_TEXTS[self.kind], self.place)


# --- discharge -----------------------------------------------------------------------------


class DischargeProblem(StrEnum):
    """Why a discharge (or its aftercare sheet) cannot go ahead."""

    ALREADY_DISCHARGED = "already_discharged"
    DRIVER_NOT_HERE = "driver_not_here"
    NO_DRIVER_NAME = "no_driver_name"
    BAD_DRIVER_PHONE = "bad_driver_phone"
    NOT_DISCHARGED = "not_discharged"
    NOT_READY = "not_ready"
    OVERRIDE_REASON = "override_reason"


DISCHARGE_TEXTS: dict[DischargeProblem, str] = {
    DischargeProblem.ALREADY_DISCHARGED: QT_TRANSLATE_NOOP(
        "Faults", "This patient has already been discharged."
    ),
    DischargeProblem.DRIVER_NOT_HERE: QT_TRANSLATE_NOOP(
        "Faults", "Confirm that the driver is here before discharging."
    ),
    DischargeProblem.NO_DRIVER_NAME: QT_TRANSLATE_NOOP(
        "Faults", "Enter the name of the adult driving the patient home."
    ),
    DischargeProblem.BAD_DRIVER_PHONE: QT_TRANSLATE_NOOP(
        "Faults", "Enter the driver's phone number with its area code."
    ),
    DischargeProblem.NOT_DISCHARGED: QT_TRANSLATE_NOOP(
        "Faults", "Discharge the patient first: the sheet counts from the discharge time."
    ),
    DischargeProblem.NOT_READY: QT_TRANSLATE_NOOP(
        "Faults",
        "The patient is not ready to go home yet: the observation period must be over and the"
        " readiness checklist must pass.",
    ),
    DischargeProblem.OVERRIDE_REASON: QT_TRANSLATE_NOOP(
        "Faults",
        "To discharge before the patient is ready, write the reason (at least 10 characters).",
    ),
}


# --- the infusion ----------------------------------------------------------------------------


class InfusionProblem(StrEnum):
    """Why a mark or a correction of the infusion's times cannot be made."""

    ALREADY_STARTED = "already_started"
    NOT_STARTED = "not_started"
    ALREADY_ENDED = "already_ended"
    NOT_ENDED = "not_ended"
    DISCHARGED = "discharged"
    IN_FUTURE = "in_future"
    END_BEFORE_START = "end_before_start"
    REASON_NEEDED = "reason_needed"


INFUSION_TEXTS: dict[InfusionProblem, str] = {
    InfusionProblem.ALREADY_STARTED: QT_TRANSLATE_NOOP(
        "Faults", "The infusion has already been marked as started."
    ),
    InfusionProblem.NOT_STARTED: QT_TRANSLATE_NOOP("Faults", "Mark the infusion as started first."),
    InfusionProblem.ALREADY_ENDED: QT_TRANSLATE_NOOP(
        "Faults", "The infusion has already been marked as ended."
    ),
    InfusionProblem.NOT_ENDED: QT_TRANSLATE_NOOP(
        "Faults", "The infusion has not been marked as ended yet."
    ),
    InfusionProblem.DISCHARGED: QT_TRANSLATE_NOOP(
        "Faults", "This patient has been discharged: the infusion can no longer be changed."
    ),
    InfusionProblem.IN_FUTURE: QT_TRANSLATE_NOOP("Faults", "That time has not come yet."),
    InfusionProblem.END_BEFORE_START: QT_TRANSLATE_NOOP(
        "Faults", "The infusion cannot end before it started."
    ),
    InfusionProblem.REASON_NEEDED: QT_TRANSLATE_NOOP(
        "Faults", "Write why the time is corrected (at least 10 characters)."
    ),
}
