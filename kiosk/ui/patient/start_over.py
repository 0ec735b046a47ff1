"""Stop and start over: the question that comes before the screen is wiped."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.widgets.buttons import text_label, touch_button


class StartOverCard(QWidget):
    """Covers the patient screen with one question: start over, or keep going."""

    confirmed = Signal()
    kept = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._host = parent
        self.setObjectName("StartOverOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        card = QFrame(self)
        card.setObjectName("Card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(48, 40, 48, 40)
        inner.setSpacing(24)
        self.title = text_label("", "QuestionText")
        self.explanation = text_label("", "Calm")
        self.keep_button = touch_button("", role="Secondary")
        self.keep_button.clicked.connect(self.kept.emit)
        self.start_over_button = touch_button("", role="Primary")
        self.start_over_button.clicked.connect(self.confirmed.emit)
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
        parent.installEventFilter(self)
        self.retranslate()
        self.hide()

    def changeEvent(self, event: QEvent) -> None:
        """Follow the patient's language."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Stay the size of the parent."""
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self._host.rect())
        return False

    def ask(self) -> None:
        """Show the question over the screen."""
        self.setGeometry(self._host.rect())
        self.show()
        self.raise_()
        self.keep_button.setFocus()
