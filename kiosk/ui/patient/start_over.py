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
        self.title = text_label("", "Title")
        self.explanation = text_label("", "Calm")
        self.keep_button = touch_button("", role="Secondary")
        self.keep_button.clicked.connect(self.kept.emit)
        self.start_over_button = touch_button("", role="Primary")
        self.start_over_button.clicked.connect(self.confirmed.emit)
        for button in (self.keep_button, self.start_over_button):
            button.setMinimumHeight(96)
        row = QHBoxLayout()
        row.setSpacing(24)
        row.addWidget(self.keep_button)
        row.addWidget(self.start_over_button)
        inner.addWidget(self.title)
        inner.addWidget(self.explanation)
        inner.addLayout(row)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        card.setMinimumWidth(720)
        card.setMaximumWidth(1040)
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
            self.tr(
                "Your saved answers are kept; you can continue later today. "
                "This screen will be cleared for the next person."
            )
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
