"""The calm message after PHQ-9 item 9 above 0: a nurse is coming, and the crisis line."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from kiosk.core.text import fill_in
from kiosk.ui.patient.frame import scrolled_column
from kiosk.ui.patient.reading import heading
from kiosk.ui.widgets.buttons import text_label, touch_button


class CrisisScreen(QWidget):
    """Never alarming, never a refusal: thanks, a nurse will come, 988 is there any time."""

    continued = Signal()

    def __init__(
        self, crisis_line: str, emergency_number: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = scrolled_column(self, (96, 48, 96, 32))
        layout.addStretch(1)
        title = heading(text_label(self.tr("Thank you for telling us."), "Title"))
        layout.addWidget(title)
        layout.addWidget(
            text_label(
                self.tr(
                    "A nurse will come to talk with you soon. You are not alone, and we are here to help."
                ),
                "Calm",
            )
        )
        layout.addWidget(
            text_label(
                fill_in(
                    self.tr(
                        "If you ever need to talk to someone right away, you can call or text %1, "
                        "day or night. It is free and private."
                    ),
                    crisis_line,
                ),
                "Calm",
            )
        )
        layout.addWidget(
            text_label(
                fill_in(
                    self.tr("If you are in danger right now, tell the front desk or call %1."),
                    emergency_number,
                ),
                "Subtitle",
            )
        )
        layout.addSpacing(24)
        self.continue_button = touch_button(self.tr("Continue"), role="Primary")
        self.continue_button.setMinimumHeight(88)
        self.continue_button.clicked.connect(self.continued)  # signal to signal: nothing kept
        layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)
