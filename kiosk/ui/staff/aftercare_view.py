"""The aftercare sheet on screen, then to the printer (or a folder when printing fails)."""

from __future__ import annotations

import contextlib
import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.faults import Fault
from kiosk.core.staff import Signer
from kiosk.core.text import fill_in
from kiosk.services.discharge import (
    DischargeDesk,
    PrintError,
    PrintOutcome,
    PrintPlan,
    PrintSent,
    SheetDraft,
    StaleViewError,
)
from kiosk.services.faults import StorageError
from kiosk.services.station_desk import ServerAwayError
from kiosk.ui.patient.frame import touch_scroll
from kiosk.ui.patient.pdf_view import RenderedPdf, page_labels, render_pdf
from kiosk.ui.staff.faults import fault_advice, print_problem_text
from kiosk.ui.staff.refusals import away_text, stale_text
from kiosk.ui.widgets.accessible import alert
from kiosk.ui.widgets.buttons import text_label, touch_button
from kiosk.ui.widgets.worker import LatestJob

PRINTING = "printing"  # the pool that sends sheets to CUPS and waits for them

log = logging.getLogger("kiosk.ui.staff")


class AftercareDialog(QDialog):
    """Preview, Print (again if needed); every attempt is recorded. The preview is made and
    drawn in the background: "Preparing the aftercare sheet…", then the pages and Print."""

    PAGE_WIDTH = 760

    def __init__(
        self, desk: DischargeDesk, intake_id: int, by: Signer, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Aftercare sheet"))
        self._desk = desk
        self._intake_id = intake_id
        self._by = by
        draft = desk.draft_sheet(intake_id)  # read now: a refusal is the caller's to say
        self._version = draft.intake.version  # the version this preview showed: Print names it
        pages = QWidget()
        self._pages = QVBoxLayout(pages)
        # The sheet is made and drawn off the UI thread; the station goes on meanwhile.
        self.preparing_label = text_label(self.tr("Preparing the aftercare sheet…"), "Subtitle")
        self._pages.addWidget(self.preparing_label, 0, Qt.AlignmentFlag.AlignHCenter)
        self._pages.addStretch(1)
        self.status = text_label(draft.sheet.no_driving_line, "QuestionText")
        self.print_button = touch_button(self.tr("Print"), role="Primary")
        self.print_button.setEnabled(False)  # until the sheet shows
        self.print_button.clicked.connect(self.print_sheet)
        close = touch_button(self.tr("Close"), role="Secondary")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(close)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(touch_scroll(pages, name=self.tr("Aftercare sheet preview")), 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(900, 760)
        self.outcomes: list[PrintOutcome] = []
        self.job = LatestJob(self)
        self.print_job = LatestJob(self, pool=PRINTING)  # CUPS may take seconds: its own thread
        render, width = draft.render, self.PAGE_WIDTH

        def work() -> RenderedPdf:
            return render_pdf(render().pdf, width, text=False)

        self.job.start(work, self._show_pages, self._not_shown)
        alert(self.preparing_label, self.preparing_label.text())

    @property
    def preparing(self) -> bool:
        """The sheet is being made and drawn."""
        return self.job.busy

    def _show_pages(self, rendered: RenderedPdf) -> None:
        """The sheet's pages in place of "Preparing…"; Print may now be touched."""
        self.preparing_label.hide()
        for index, label in enumerate(page_labels(rendered)):
            self._pages.insertWidget(index, label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.print_button.setEnabled(True)

    def _not_shown(self, error: Exception) -> None:
        """The sheet could not be made or drawn: say so where it would have been."""
        log.error("the aftercare sheet could not be shown: %s", error)
        self.preparing_label.hide()
        self.status.setObjectName("Problem")
        self.status.setText(
            "⚠ " + self.tr("The aftercare sheet could not be shown. Tell the clinic's admin.")
        )
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def print_sheet(self) -> None:
        """Send to the clinic's printer in the background ("Sending to the printer…", Print
        held meanwhile); then say plainly what happened and what to do."""
        try:
            plan = self._desk.plan_print(self._intake_id, queue=None, seen_version=self._version)
        except StaleViewError as refused:  # nothing was sent; Print again prints the new view
            self._refused(stale_text(refused), self._desk.draft_sheet(self._intake_id))
            return
        except ServerAwayError:
            self._refused(away_text(), None)
            return
        self.print_button.setEnabled(False)
        self._say("QuestionText", self.tr("Sending to the printer…"), again=False)
        alert(self.status, self.status.text())
        self.print_job.start(
            plan.send,
            lambda sent: self._sent(plan, sent),
            self._not_sent,
        )

    @property
    def printing(self) -> bool:
        """A print is on its way (made, sent, watched)."""
        return self.print_job.busy

    def done(self, result: int) -> None:
        """Closing while a sheet is on its way waits for the printer's answer (the print's own
        wait, a few seconds at most), so that every attempt is recorded."""
        if self.printing:
            self.print_job.wait()
            QCoreApplication.sendPostedEvents()  # the job's outcome, recorded before the close
            QCoreApplication.processEvents()
        super().done(result)

    def _not_sent(self, error: Exception) -> None:
        self.print_button.setEnabled(True)
        if not isinstance(error, PrintError):
            log.error("the aftercare sheet could not be printed: %s", error)
            self._refused(
                self.tr("The aftercare sheet could not be printed. Tell the clinic's admin."), None
            )
            return
        # not printed, and the folder for unprinted sheets failed too
        outcome = PrintOutcome(False, "", "", None, str(error), problem=error.problem)
        self.outcomes.append(outcome)
        self._say(
            "Problem",
            fill_in(
                self.tr(
                    "⚠ Not printed, and the sheet could not be saved either: %1 Tell the clinic's admin."
                ),
                print_problem_text(error.problem),
            ),
        )

    def _sent(self, plan: PrintPlan, sent: PrintSent) -> None:
        self.print_button.setEnabled(True)
        try:
            outcome = self._desk.record_print(plan, sent, self._by)
        except ServerAwayError:
            self._refused(away_text(), None)
            return
        self.outcomes.append(outcome)
        with contextlib.suppress(StorageError):  # its own print moved the version on
            self._version = self._desk.station.intake(self._intake_id).version
        unrecorded = ""
        if outcome.unrecorded:
            unrecorded = " " + fill_in(
                self.tr("This print could not be recorded: %1"),
                fault_advice(Fault(outcome.unrecorded)),
            )
        if outcome.sent:
            self._say(
                "Problem" if unrecorded else "QuestionText",
                fill_in(
                    self.tr("Sent to the printer %1 (job %2). Touch Print again for another copy."),
                    outcome.queue,
                    outcome.job_id,
                )
                + unrecorded,
            )
        else:
            self._say(
                "Problem",
                fill_in(
                    self.tr(
                        "⚠ Not printed: %1 The sheet was saved to %2. Print it from there, or check the printer and touch Print again."
                    ),
                    outcome.message
                    if outcome.problem is None
                    else print_problem_text(outcome.problem),
                    str(outcome.saved_path),
                )
                + unrecorded,
            )

    def _refused(self, text: str, fresh: SheetDraft | None) -> PrintOutcome:
        """The print was refused before anything was sent: say why; a fresh read is the view
        the next Print acts on."""
        if fresh is not None:
            self._version = fresh.intake.version
        outcome = PrintOutcome(False, "", "", None, text)
        self.outcomes.append(outcome)
        self._say("Problem", "⚠ " + text)
        return outcome

    def _say(self, role: str, text: str, *, again: bool = True) -> None:
        """Show what happened, styled as news or as a problem; Print becomes Print again."""
        self.status.setObjectName(role)
        self.status.setText(text)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        if again:
            self.print_button.setText(self.tr("Print again"))

    @classmethod
    def present(
        cls, parent: QWidget | None, desk: DischargeDesk, intake_id: int, by: Signer
    ) -> None:
        """Show the sheet until the nurse closes it. Tests replace this method."""
        dialog = cls(desk, intake_id, by, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
