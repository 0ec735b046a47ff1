"""The idle warning: a card over the whole screen with one big "I'm still here"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.ui.widgets.buttons import text_label, touch_button
from kiosk.ui.widgets.cover import Cover


class IdleOverlay(Cover):
    """Covers its parent; touching the button keeps the patient's place."""

    still_here = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "IdleOverlay")
        card, inner = self.card("IdleCard")
        self.title = text_label("", "Title")
        self.explanation = text_label("", "Calm")
        self.countdown = text_label("", "Title")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = touch_button("", role="Primary")
        self.button.setMinimumHeight(110)
        self.button.clicked.connect(self.still_here)
        inner.addWidget(self.title)
        inner.addWidget(self.explanation)
        inner.addWidget(self.countdown)
        inner.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        card.setMinimumWidth(640)
        self._seconds = 0
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        """Every text in the current language."""
        self.title.setText(self.tr("Are you still there?"))
        self.button.setText(self.tr("I'm still here"))
        self.button.setAccessibleName(self.tr("I'm still here"))
        self.explanation.setText(
            self.tr("For your privacy, this screen will clear when the count reaches zero.")
        )
        self.countdown.setText(str(self._seconds))

    def warn(self, seconds_left: int) -> None:
        """Show or update the countdown."""
        self._seconds = seconds_left
        self.retranslate()
        if not self.isVisible():
            self.cover()
            self.button.setFocus()
