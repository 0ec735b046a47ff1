"""The aftercare sheet on screen, then to the printer (or a folder when printing fails)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.faults import Fault
from kiosk.core.staff import Signer
from kiosk.core.text import fill_in
from kiosk.services.discharge import DischargeDesk, PrintError, PrintOutcome
from kiosk.ui.patient.frame import touch_scroll
from kiosk.ui.patient.pdf_view import pdf_page_labels
from kiosk.ui.staff.faults import fault_advice, print_problem_text
from kiosk.ui.widgets.buttons import text_label, touch_button


class AftercareDialog(QDialog):
    """Preview, Print (again if needed); every attempt is recorded."""

    def __init__(
        self, desk: DischargeDesk, intake_id: int, by: Signer, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Aftercare sheet"))
        self._desk = desk
        self._intake_id = intake_id
        self._by = by
        sheet, pdf = desk.sheet(intake_id)
        pages = QWidget()
        column = QVBoxLayout(pages)
        for label in pdf_page_labels(pdf, width=760):
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.status = text_label(sheet.no_driving_line, "QuestionText")
        self.print_button = touch_button(self.tr("Print"), role="Primary")
        self.print_button.clicked.connect(self.print_sheet)
        close = touch_button(self.tr("Close"), role="Secondary")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(close)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(touch_scroll(pages), 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(900, 760)
        self.outcomes: list[PrintOutcome] = []

    def print_sheet(self) -> PrintOutcome:
        """Send to the clinic's printer; say plainly what happened and what to do."""
        try:
            outcome = self._desk.print_sheet(self._intake_id, queue=None, by=self._by)
        except PrintError as problem:  # not printed, and the folder for unprinted sheets failed too
            outcome = PrintOutcome(False, "", "", None, str(problem), problem=problem.problem)
            self.outcomes.append(outcome)
            self._say(
                "Problem",
                fill_in(
                    self.tr(
                        "⚠ Not printed, and the sheet could not be saved either: %1 Tell the clinic's admin."
                    ),
                    print_problem_text(problem.problem),
                ),
            )
            return outcome
        self.outcomes.append(outcome)
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
        return outcome

    def _say(self, role: str, text: str) -> None:
        """Show what happened, styled as news or as a problem; Print becomes Print again."""
        self.status.setObjectName(role)
        self.status.setText(text)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
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
