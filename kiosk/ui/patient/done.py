"""Done: thanks, please take a seat; the kiosk returns to Welcome by itself."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.ui.patient.frame import scrolled_column
from kiosk.ui.patient.reading import heading
from kiosk.ui.widgets.buttons import text_label, touch_button


class DoneScreen(QWidget):
    """Shows no name or answer: the next person may already be standing there."""

    finished = Signal()

    def __init__(
        self, return_seconds: int, *, already_done: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = scrolled_column(self, (96, 48, 96, 48))
        layout.addStretch(1)
        words = (
            self.tr("You are already checked in.")
            if already_done
            else self.tr("Thank you! You are all checked in.")
        )
        tick = text_label("✓", "Title")
        tick.setAccessibleName(self.tr("Done"))  # a symbol is read by its name, not "check mark"
        self.heading = heading(text_label(words, "Title"))
        for label in (
            tick,
            self.heading,
            text_label(self.tr("Please take a seat. A nurse will call you soon."), "Calm"),
        ):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addSpacing(24)
        self.close_button = touch_button(self.tr("Finish"), role="Primary")
        self.close_button.setMinimumHeight(88)
        self.close_button.clicked.connect(self.finished)  # signal to signal: nothing kept
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, return_seconds) * 1000)
        self.timer.timeout.connect(self.finished)
        self.timer.start()
