"""Stop and start over: the question that comes before the screen is wiped."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.widgets.buttons import text_label, touch_button
from kiosk.ui.widgets.cover import Cover


class StartOverCard(Cover):
    """Covers the patient screen with one question: start over, or keep going."""

    confirmed = Signal()
    kept = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "StartOverOverlay")
        card, inner = self.card("Card")
        self.title = text_label("", "QuestionText")
        self.explanation = text_label("", "Calm")
        self.keep_button = touch_button("", role="Secondary")
        self.keep_button.clicked.connect(self.kept)
        self.start_over_button = touch_button("", role="Primary")
        self.start_over_button.clicked.connect(self.confirmed)
        inner.addWidget(self.title)
        inner.addWidget(self.explanation)
        for button in (self.start_over_button, self.keep_button):  # one above the other: long
            button.setMinimumHeight(88)  # Spanish words fit at the largest text size
            inner.addWidget(button)
        card.setFixedWidth(960)
        # Stretches around the card, not an alignment: laid out this way the wrapped text gets
        # the height it needs at the card's width.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        """Every text in the current language."""
        self.title.setText(self.tr("Stop and start over?"))
        self.explanation.setText(
            self.tr("Your saved answers are kept; you can continue later today.")
        )
        self.keep_button.setText(self.tr("No, keep going"))
        self.keep_button.setAccessibleName(self.tr("No, keep going"))
        self.start_over_button.setText(self.tr("Yes, start over"))
        self.start_over_button.setAccessibleName(self.tr("Yes, stop and start over"))

    def ask(self) -> None:
        """Show the question over the screen."""
        self.cover()
        self.keep_button.setFocus()
