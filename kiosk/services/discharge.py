"""Discharge a patient and hand over the aftercare sheet: the store, the PDF and the printer, no Qt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, tzinfo
from pathlib import Path

from kiosk.core.aftercare import (
    AftercareInput,
    AftercareSheet,
    clinic_zone,
    compose_aftercare,
)
from kiosk.core.audit import AuditAction
from kiosk.core.clock import today
from kiosk.core.discharge import DischargeError
from kiosk.core.faults import DischargeProblem, PrintFault, PrintProblem
from kiosk.core.forms.required import DRIVER_NAME, DRIVER_PHONE
from kiosk.core.intake_record import IntakeRecord
from kiosk.core.ports import Discharge, PrintAttempt
from kiosk.core.row_versions import StaleViewError, stale_refusal
from kiosk.core.staff import Signer
from kiosk.documents.aftercare_pdf import render_aftercare
from kiosk.printing.cups import (  # PrintError: what the screens and commands catch
    FOLLOW_SECONDS,
    PrintError,
    cancel_job,
    follow_job,
    print_pdf,
    save_unprinted,
)
from kiosk.services.context import KioskContext
from kiosk.services.faults import StorageError
from kiosk.services.station import StationService

__all__ = [
    "DischargeDesk",
    "DischargeError",
    "PrintError",
    "PrintOutcome",
    "SheetDraft",
    "SheetRead",
    "Signer",
    "StaleViewError",
]


@dataclass(frozen=True)
class SheetRead:
    """The aftercare sheet, its PDF and the intake it was made from (its version too)."""

    sheet: AftercareSheet
    pdf: bytes
    intake: IntakeRecord


@dataclass(frozen=True)
class SheetDraft:
    """The aftercare sheet composed from what was read, its PDF not made yet: ``render`` reads
    nothing and changes nothing, so a screen may call it on a thread of its own."""

    sheet: AftercareSheet
    intake: IntakeRecord

    def render(self) -> SheetRead:
        """The sheet with its PDF (reportlab)."""
        return SheetRead(self.sheet, render_aftercare(self.sheet), self.intake)


@dataclass(frozen=True)
class PrintOutcome:
    """What happened to one print: sent to a queue, or saved to a folder with the reason."""

    sent: bool
    queue: str
    job_id: str
    saved_path: Path | None
    message: str  # why it was not printed, in English (the command line and the log)
    unrecorded: str = ""  # a kiosk.core.faults.Fault value when the attempt could not be stored
    problem: PrintProblem | None = None  # why it was not printed, for the staff screens


@dataclass(frozen=True)
class PrintSent:
    """What became of a sheet sent to the printer: the job and how it ended, or why it did not
    come out and where it was saved instead."""

    queue: str
    job_id: str
    ending: str = ""  # follow_job's word for a job that came out or is still on its way
    problem: PrintProblem | None = None
    saved_path: Path | None = None


@dataclass(frozen=True)
class PrintPlan:
    """One print decided on the station's thread; ``send`` does the slow part (the PDF, CUPS,
    the wait for the job, the folder when it fails) and touches no database, so a screen may
    run it on a thread of its own."""

    draft: SheetDraft
    queue: str | None
    follow_seconds: float
    folder: Path
    unprinted_name: str

    def send(self) -> PrintSent:
        """Make the PDF and print it; when it does not come out, save it to the folder (a
        PrintError when even that fails)."""
        pdf = self.draft.render().pdf
        try:
            job = print_pdf(pdf, queue=self.queue, title=f"aftercare-{self.draft.intake.id}")
        except PrintError as problem:
            return self._saved(pdf, self.queue or "", "", problem.problem)
        ending = follow_job(job, timeout=self.follow_seconds)
        if ending in LOST:
            if ending == "stopped":
                cancel_job(job)  # it must not come out later, after the sheet was handed over
            return self._saved(pdf, job.queue, job.job_id, PrintProblem(LOST[ending], job.queue))
        return PrintSent(job.queue, job.job_id, ending)

    def _saved(self, pdf: bytes, queue: str, job_id: str, problem: PrintProblem) -> PrintSent:
        path = save_unprinted(pdf, self.folder, self.unprinted_name)
        return PrintSent(queue, job_id, problem=problem, saved_path=path)


class DischargeDesk:
    """The nurse's discharge and aftercare steps on a station's store: a kiosk context's own
    (``DischargeDesk(context)``) or any StationService with the folder for unprinted sheets
    (``DischargeDesk(station=..., data_dir=...)``, the clinic server's station)."""

    def __init__(
        self,
        context: KioskContext | None = None,
        station: StationService | None = None,
        *,
        data_dir: Path | None = None,
        follow_seconds: float = FOLLOW_SECONDS,
    ) -> None:
        if station is None:
            if context is None:
                raise TypeError("a discharge desk needs a kiosk context or a station service")
            station = StationService.on(context)
        folder = data_dir or (context.data_dir if context is not None else None)
        if folder is None:
            raise TypeError("a discharge desk needs a data folder for unprinted sheets")
        self.context = context
        self.station = station
        self.store = station.store
        self.forms = station.forms
        self.clock = station.clock
        self.data_dir = folder
        self.follow_seconds = follow_seconds  # how long a print is watched after CUPS took it

    def _zone(self) -> tzinfo | None:
        """The clinic's zone with its daylight-saving rules (None: the machine's own, also with them)."""
        return clinic_zone(self.forms.settings)

    def ride_defaults(self, intake_id: int) -> tuple[str, str]:
        """The driver the patient named at the kiosk (name, phone), to prefill the discharge."""
        ride = self.station.intake(intake_id).ride
        return str(ride.get(DRIVER_NAME, "")), str(ride.get(DRIVER_PHONE, ""))

    def discharge(
        self,
        intake_id: int,
        *,
        driver_name: str,
        driver_phone: str,
        driver_present: bool,
        nurse: Signer,
        seen_version: int | None = None,
        override_reason: str = "",
    ) -> Discharge:
        """Stamp the discharge now (``discharge``); the no-driving time is counted from it
        (the rules: kiosk.core.discharge). ``seen_version``: the intake's version the nurse's
        view showed (StaleViewError when it moved on). A patient not ready goes only with
        ``override_reason`` (``discharge_override`` and a red flag)."""
        try:
            return self.station.discharge(
                intake_id,
                driver_name=driver_name,
                driver_phone=driver_phone,
                driver_present=driver_present,
                nurse=nurse,
                seen_version=seen_version,
                override_reason=override_reason,
            )
        except StorageError:
            # Another station discharged the patient since the check: say so plainly.
            if self.station.intake(intake_id).discharge is not None:
                raise DischargeError(DischargeProblem.ALREADY_DISCHARGED) from None
            raise

    def sheet(self, intake_id: int) -> tuple[AftercareSheet, bytes]:
        """The aftercare sheet of a discharged patient, and its PDF."""
        read = self.read_sheet(intake_id)
        return read.sheet, read.pdf

    def read_sheet(self, intake_id: int) -> SheetRead:
        """The aftercare sheet of a discharged patient, its PDF and the intake's version read."""
        return self.draft_sheet(intake_id).render()

    def draft_sheet(self, intake_id: int) -> SheetDraft:
        """The aftercare sheet of a discharged patient and the intake's version read; the PDF
        is made by ``SheetDraft.render``."""
        intake = self.station.intake(intake_id)
        record = intake.discharge
        if record is None:
            raise DischargeError(DischargeProblem.NOT_DISCHARGED)
        data = AftercareInput(
            patient_name=intake.name,
            language=intake.language,
            discharged_at=datetime.fromisoformat(record.discharged_at),
            driver_name=record.driver_name,
            driver_phone=record.driver_phone,
            nurse_name=record.nurse_name,
            next_appointment=self._next_appointment(intake_id),
        )
        sheet = compose_aftercare(self.forms, data, self._zone())
        return SheetDraft(sheet, intake)

    def _next_appointment(self, intake_id: int) -> datetime | None:
        found = self.store.next_appointment(intake_id, today(self.clock))
        if found is None:
            return None
        day, at = found
        when = time.fromisoformat(at) if at else time(9, 0)
        zone = self._zone()
        return (
            datetime.combine(day, when, tzinfo=zone)
            if zone
            else datetime.combine(day, when).astimezone()
        )

    def sheet_written(self, intake_id: int, *, to: str, by: Signer) -> None:
        """The sheet was handed over as a file, not printed (``aftercare_written``)."""
        with self.store.act() as act:
            act.record(by.name, AuditAction.AFTERCARE_WRITTEN, f"intake {intake_id}", to=to)

    def unprinted_folder(self) -> Path:
        """Where a sheet that could not be printed is saved (a setting; default in the data folder)."""
        setting = self.forms.settings.printing.save_folder
        return Path(setting) if setting else self.data_dir / "unprinted"

    def print_sheet(
        self,
        intake_id: int,
        *,
        queue: str | None,
        by: Signer,
        seen_version: int | None = None,
    ) -> PrintOutcome:
        """Send the sheet to the printer and watch it a few seconds; if it is not printed (the
        printer refused it, went away or stopped mid-job), save it to the folder and say where.

        ``seen_version``: the intake's version the nurse's view showed; when the intake moved
        on, StaleViewError before anything is sent (who changed it, how and when).

        Every attempt is recorded; when even the record cannot be saved (a full or read-only
        database), ``unrecorded`` in the outcome says why and nothing is raised. A screen does
        the three parts apart: ``plan_print`` and ``record_print`` on its own thread,
        ``PrintPlan.send`` (the PDF, CUPS, the wait, the folder) on another.
        """
        plan = self.plan_print(intake_id, queue=queue, seen_version=seen_version)
        return self.record_print(plan, plan.send(), by)

    def plan_print(
        self, intake_id: int, *, queue: str | None, seen_version: int | None = None
    ) -> PrintPlan:
        """What one print will send where: the sheet read now (StaleViewError when the intake
        moved on since ``seen_version``), its PDF not made yet."""
        draft = self.draft_sheet(intake_id)
        if seen_version is not None and draft.intake.version != seen_version:
            raise stale_refusal(draft.intake.last_change, self._zone())
        stamp = self.clock.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        return PrintPlan(
            draft=draft,
            queue=queue or self.forms.settings.printing.queue or None,
            follow_seconds=self.follow_seconds,
            folder=self.unprinted_folder(),
            unprinted_name=f"aftercare-{intake_id}-{stamp}.pdf",
        )

    def record_print(self, plan: PrintPlan, sent: PrintSent, by: Signer) -> PrintOutcome:
        """Store what happened to a print and its audit entry (one transaction); the outcome."""
        intake_id = plan.draft.intake.id
        if sent.problem is not None:
            unrecorded = self._record(
                intake_id,
                by,
                AuditAction.PRINT_FAILED,
                queue=sent.queue,
                job_id=sent.job_id,
                status="saved",
                detail=sent.problem.english(),
                saved_path=str(sent.saved_path),
            )
            return PrintOutcome(
                False,
                sent.queue,
                sent.job_id,
                sent.saved_path,
                sent.problem.english(),
                unrecorded,
                sent.problem,
            )
        unrecorded = self._record(
            intake_id,
            by,
            AuditAction.PRINT,
            queue=sent.queue,
            job_id=sent.job_id,
            status="sent",
            detail=""
            if sent.ending == "completed"
            else f"still {sent.ending} after {plan.follow_seconds:g} s",
        )
        return PrintOutcome(True, sent.queue, sent.job_id, None, "", unrecorded)

    def _record(
        self,
        intake_id: int,
        by: Signer,
        action: AuditAction,
        *,
        queue: str,
        job_id: str,
        status: str,
        detail: str = "",
        saved_path: str = "",
    ) -> str:
        """Store the print attempt and its audit entry in one transaction; '' or why they
        could not be saved."""
        attempt = PrintAttempt(
            document="aftercare",
            staff_id=by.id,
            printed_by=by.name,
            queue=queue,
            job_id=job_id,
            status=status,
            detail=detail,
            saved_path=saved_path,
        )
        where = {"saved": saved_path} if saved_path else {"job": job_id}
        try:
            with self.store.act() as act:
                self.store.record_print(intake_id, attempt)
                act.record(by.name, action, f"intake {intake_id}", queue=queue, **where)
        except StorageError as problem:  # storage lets no driver error out: only these
            return str(problem.kind)
        return ""


# follow_job endings of a job that did not come out, and why in words for the nurse
LOST = {
    "gone": PrintFault.GONE,
    "stopped": PrintFault.STOPPED_MID_JOB,
    "cancelled": PrintFault.CANCELLED,
    "aborted": PrintFault.ABORTED,
}
