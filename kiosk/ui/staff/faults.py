"""What staff are told about a fault (storage, printer, discharge), translated by its kind."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from types import TracebackType
from typing import Concatenate, ParamSpec, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from kiosk.core.faults import (
    ADVICE,
    CONTEXT,
    DISCHARGE_TEXTS,
    PRINT_TEXTS,
    DischargeProblem,
    Fault,
    PrintProblem,
)
from kiosk.core.text import fill_in
from kiosk.services.faults import fault_kind, is_storage_fault
from kiosk.ui.staff.dialogs import Notice

log = logging.getLogger("kiosk.ui")

P = ParamSpec("P")
W = TypeVar("W", bound=QWidget)


def translated(text: str) -> str:
    """A text of kiosk.core.faults in the interface language."""
    return QCoreApplication.translate(CONTEXT, text)


def fault_advice(kind: Fault, detail: str = "") -> str:
    """One plain paragraph for staff: what happened, what to do, what is safe."""
    text = translated(ADVICE[kind].staff)
    if kind is Fault.OTHER and detail:
        text += " (" + detail + ")"
    return text


def advice_for(exc: BaseException) -> str:
    """``fault_advice`` for the kind of fault ``exc`` is."""
    return fault_advice(fault_kind(exc), str(exc))


def print_problem_text(problem: PrintProblem) -> str:
    """Why a sheet was not printed, in the interface language, naming the queue or folder."""
    return fill_in(translated(PRINT_TEXTS[problem.kind]), problem.place)


def discharge_problem_text(problem: DischargeProblem) -> str:
    """Why a discharge cannot go ahead, in the interface language."""
    return translated(DISCHARGE_TEXTS[problem])


def not_saved_text(exc: BaseException) -> str:
    """The whole message of a failed save: 'Not saved.' and the advice for its kind."""
    return "⚠ " + QCoreApplication.translate("StaffFaults", "Not saved.") + " " + advice_for(exc)


class StorageGuard:
    """``with StorageGuard(widget):`` a storage failure inside becomes a dialog, not a crash.

    ``failed`` says afterwards whether one happened. Other exceptions pass through untouched, and
    so do the kinds in ``passes``.
    A StorageError is what storage raises; a raw driver error can still come from a query made
    outside the storage package (the discharge desk's next appointment), so it counts too.
    """

    def __init__(
        self, parent: QWidget | None, passes: tuple[type[BaseException], ...] = ()
    ) -> None:
        self.parent = parent
        self.passes = passes  # storage faults the caller tells in its own words
        self.failed: BaseException | None = None

    def __enter__(self) -> StorageGuard:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        trace: TracebackType | None,
    ) -> bool:
        if exc is None or not is_storage_fault(exc) or isinstance(exc, self.passes):
            return False
        self.failed = exc
        log.error("not saved: %s (%s)", fault_kind(exc), exc)
        Notice.show_message(self.parent, not_saved_text(exc))
        return True


def guarded(method: Callable[Concatenate[W, P], None]) -> Callable[Concatenate[W, P], None]:
    """A widget's action method whose storage failures are shown to staff (see StorageGuard)."""

    def run(self: W, /, *args: P.args, **kwargs: P.kwargs) -> None:
        with StorageGuard(self):
            method(self, *args, **kwargs)

    functools.update_wrapper(run, method)
    return run
