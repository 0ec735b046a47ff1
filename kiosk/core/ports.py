"""What the station and the exports need of a store, as Protocols: a second backend implements
them and the screens cannot tell which one they have."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol, runtime_checkable

from kiosk.core.audit import AuditAction
from kiosk.core.board import ScorePoint
from kiosk.core.flags import Flag
from kiosk.core.intake_line import IntakeLine
from kiosk.core.intake_record import IntakeRecord, IntakeSummary
from kiosk.core.side_effects import SideEffect
from kiosk.core.vitals import Phase, Vitals


@dataclass(frozen=True)
class Discharge:
    """What the nurse confirmed at discharge."""

    driver_name: str
    driver_phone: str
    driver_present: bool
    discharged_at: datetime
    no_driving_until: datetime
    nurse_id: int | None
    nurse_name: str
    override_reason: str = ""  # why the nurse discharged before the patient was ready
    blockers: tuple[str, ...] = ()  # what was not ready (kiosk.core.discharge), when overridden


@dataclass(frozen=True)
class ReadinessEntry:
    """A readiness check to store: what the nurse found and its score by the form's version."""

    form_version: str
    answers: dict[str, str]  # item id -> option id
    confirmed: tuple[str, ...]  # requirement ids confirmed
    points: dict[str, int]  # criterion -> points
    score: int
    max_score: int
    passed: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class PrintAttempt:
    """One attempt to print one of an intake's documents, as stored."""

    document: str
    staff_id: int | None
    printed_by: str
    queue: str
    job_id: str
    status: str  # sent | failed | saved
    detail: str = ""
    saved_path: str = ""


class ActLog(Protocol):
    """The audit entry of the act whose transaction is open."""

    def record(self, actor: str, action: AuditAction, subject: str = "", **detail: Any) -> int:
        """Append the entry; it commits with the act or not at all."""
        ...


class StationReads(Protocol):
    """The read model as the nurse screens read it."""

    def board(self, day: date) -> list[IntakeSummary]:
        """Every intake of ``day`` with its flags, most urgent first."""
        ...

    def intake(self, intake_id: int) -> IntakeRecord:
        """One intake with everything about it (the consent PDF too); LookupError if none."""
        ...

    def score_history(self, intake_id: int) -> list[ScorePoint]:
        """PHQ-9 and GAD-7 totals of this patient on every day they came, oldest first."""
        ...

    def next_appointment(self, intake_id: int, after: date) -> tuple[date, str] | None:
        """The patient's first appointment after ``after``: its day and time ("" if none)."""
        ...

    def change_marker(self) -> Hashable:
        """A value that changes whenever anything was committed, from anywhere."""
        ...


class StationWrites(Protocol):
    """What the nurse screens change; each inside an ``act()`` with its audit entry.

    ``seen_version``: the intake's ``version`` as the nurse's view showed it. A store that keeps
    row versions (the clinic server's) refuses the act with kiosk.core.row_versions'
    StaleViewError when the intake moved on since; None (or a single kiosk's store) checks
    nothing.
    """

    def act(self) -> AbstractContextManager[ActLog]:
        """One transaction: the writes inside and their audit entry commit together."""
        ...

    def acknowledge(
        self,
        flag_id: int,
        staff_id: int | None,
        staff_name: str,
        *,
        seen_version: int | None = None,
    ) -> None:
        """A nurse saw the flag: who and when, once."""
        ...

    def record_vitals(
        self,
        intake_id: int,
        phase: Phase,
        vitals: Vitals,
        staff_id: int | None,
        flags: list[Flag],
        *,
        seen_version: int | None = None,
    ) -> None:
        """Readings and the flags they raise; vitals before the infusion seat the patient."""
        ...

    def seat(self, intake_id: int, *, seen_version: int | None = None) -> None:
        """The patient is in the infusion chair."""
        ...

    def discharge(
        self, intake_id: int, record: Discharge, *, seen_version: int | None = None
    ) -> None:
        """The patient goes home: the driver, the times, the nurse; stage discharged. With an
        ``override_reason``, the red flag of kiosk.core.discharge's ``override_flag`` too."""
        ...

    def record_print(
        self, intake_id: int, attempt: PrintAttempt, *, seen_version: int | None = None
    ) -> int:
        """One print attempt (sent, failed, or saved to a folder instead)."""
        ...

    def mark_infusion(
        self,
        intake_id: int,
        mark: str,
        at: datetime,
        staff_id: int | None,
        staff_name: str,
        *,
        seen_version: int | None = None,
    ) -> None:
        """The infusion started (``mark`` "started": the patient is in the chair) or ended
        ("ended") at ``at``, marked by the nurse."""
        ...

    def correct_infusion(
        self,
        intake_id: int,
        mark: str,
        at: datetime,
        reason: str,
        *,
        staff_id: int | None,
        staff_name: str,
        seen_version: int | None = None,
    ) -> None:
        """The infusion's start or end time corrected to ``at``: the old time, the new, why and
        who are kept."""
        ...

    def record_side_effect(
        self,
        intake_id: int,
        effect: SideEffect,
        staff_id: int | None,
        staff_name: str,
        *,
        seen_version: int | None = None,
    ) -> None:
        """A side effect the nurse saw."""
        ...

    def record_readiness(
        self,
        intake_id: int,
        check: ReadinessEntry,
        staff_id: int | None,
        staff_name: str,
        *,
        seen_version: int | None = None,
    ) -> None:
        """A readiness check as scored."""
        ...


class StationStore(StationReads, StationWrites, Protocol):
    """Everything the nurse station needs of a store."""


class ExportSource(Protocol):
    """What an export reads: one consistent snapshot, a page of intakes at a time."""

    def snapshot(self) -> AbstractContextManager[None]:
        """Every read inside sees the store as it was when the snapshot began."""
        ...

    def intakes(
        self, first: date, last: date, *, include_pdf: bool = False
    ) -> Iterator[IntakeRecord]:
        """Every intake of the days ``first`` to ``last``, in (day, id) order."""
        ...


@runtime_checkable
class LineSource(Protocol):
    """A store that can read intakes as lines (kiosk.core.intake_line): only the columns a line
    shows, so a CSV export decodes no answer it does not show. Optional beside ExportSource."""

    def intake_lines(self, first: date, last: date) -> Iterator[IntakeLine]:
        """Every intake of the days ``first`` to ``last`` as a line, in (day, id) order."""
        ...
