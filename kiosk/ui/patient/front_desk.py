"""Please see the front desk: what a patient sees when the kiosk could not save a step."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QWidget

from kiosk.core.faults import Fault
from kiosk.ui.patient.faults import patient_words
from kiosk.ui.patient.frame import scrolled_column
from kiosk.ui.patient.reading import heading
from kiosk.ui.widgets.buttons import text_label


class FrontDeskScreen(QWidget):
    """Calm words and nothing to touch: it stays until a staff member signs in.

    It shows no name, no answer and no technical detail; the reason goes to the log.
    """

    def __init__(self, kind: Fault = Fault.OTHER, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind  # the fault's kind chooses the calm words (kiosk.core.faults.ADVICE)
        layout = scrolled_column(self, (96, 48, 96, 48))
        self.title = heading(text_label("", "Title"))
        self.explanation = text_label("", "Calm")
        self.reassurance = text_label("", "Subtitle")
        layout.addStretch(1)
        for label in (self.title, self.explanation, self.reassurance):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(1)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        """Words follow the interface language."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Every text in the current language."""
        self.title.setText(self.tr("Please see the front desk"))
        self.explanation.setText(patient_words(self.kind))
        self.reassurance.setText(self.tr("You do not need to do anything else here."))
        self.setAccessibleName(self.tr("Please see the front desk"))
