"""What staff are told when the database cannot save: what happened and what to do."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from types import TracebackType
from typing import Concatenate, ParamSpec, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from kiosk.services.faults import Fault, classify, is_storage_fault
from kiosk.ui.staff.dialogs import Notice

log = logging.getLogger("kiosk.ui")

P = ParamSpec("P")
W = TypeVar("W", bound=QWidget)


def fault_advice(kind: Fault, detail: str = "") -> str:
    """One plain paragraph for staff: what happened, what to do, what is safe."""
    text = {
        Fault.DISK_FULL: QCoreApplication.translate(
            "StaffFaults",
            "The disk is full: nothing new can be saved. Free space or call support;"
            " what was saved before is safe.",
        ),
        Fault.READ_ONLY: QCoreApplication.translate(
            "StaffFaults",
            "The database cannot be written any more (the file or the disk has become"
            " read-only): nothing new can be saved. Call support; what was saved before is safe.",
        ),
        Fault.DAMAGED: QCoreApplication.translate(
            "StaffFaults",
            "The database file is damaged: nothing new can be saved. Note today's check-ins on"
            " paper and restart the kiosk: it offers staff to restore the latest backup."
            " Call support if unsure.",
        ),
        Fault.BUSY: QCoreApplication.translate(
            "StaffFaults",
            "The database is busy (another program is using it). Try again in a moment;"
            " call support if this keeps happening.",
        ),
        Fault.KEY: QCoreApplication.translate(
            "StaffFaults",
            "The database's encryption key is missing or wrong, so the records cannot be read."
            " Call support; nothing was changed.",
        ),
        Fault.OTHER: QCoreApplication.translate(
            "StaffFaults", "The database could not do this. Call support."
        ),
    }[kind]
    if kind is Fault.OTHER and detail:
        text += " (" + detail + ")"
    return text


def advice_for(exc: BaseException) -> str:
    """``fault_advice`` for the kind of fault ``exc`` is."""
    return fault_advice(classify(exc) or Fault.OTHER, str(exc))


def not_saved_text(exc: BaseException) -> str:
    """The whole message of a failed save: 'Not saved.' and the advice for its kind."""
    return "⚠ " + QCoreApplication.translate("StaffFaults", "Not saved.") + " " + advice_for(exc)


class StorageGuard:
    """``with StorageGuard(widget):`` a storage failure inside becomes a dialog, not a crash.

    ``failed`` says afterwards whether one happened. Other exceptions pass through untouched.
    """

    def __init__(self, parent: QWidget | None) -> None:
        self.parent = parent
        self.failed: BaseException | None = None

    def __enter__(self) -> StorageGuard:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        trace: TracebackType | None,
    ) -> bool:
        if exc is None or not is_storage_fault(exc):
            return False
        self.failed = exc
        log.error("not saved: %s (%s)", classify(exc) or Fault.OTHER, exc)
        Notice.show_message(self.parent, not_saved_text(exc))
        return True


def guarded(method: Callable[Concatenate[W, P], None]) -> Callable[Concatenate[W, P], None]:
    """A widget's action method whose storage failures are shown to staff (see StorageGuard)."""

    def run(self: W, /, *args: P.args, **kwargs: P.kwargs) -> None:
        with StorageGuard(self):
            method(self, *args, **kwargs)

    functools.update_wrapper(run, method)
    return run
