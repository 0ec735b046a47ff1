"""Big touch buttons and labels that every screen builds from."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton, QSizePolicy, QWidget

RING_WIDTH = 5
RING_ON_LIGHT = QColor("#000000")
RING_ON_FILLED = QColor("#ffbf47")  # amber: on a chosen answer and on Next


def paint_focus_ring(button: QAbstractButton) -> None:
    """A thick ring inside the edge of a focused button: black on a light button, amber on a
    filled one. Painted, not styled: a wider border would resize the button as focus moves."""
    if not button.hasFocus():
        return
    filled = button.isChecked() or button.objectName() == "Primary"
    painter = QPainter(button)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(RING_ON_FILLED if filled else RING_ON_LIGHT, RING_WIDTH))
    half = RING_WIDTH / 2
    painter.drawRoundedRect(QRectF(button.rect()).adjusted(half, half, -half, -half), 14, 14)
    painter.end()


class TouchButton(QPushButton):
    """A push button that Enter presses as well as Space (a keyboard-only patient's way), with
    a focus ring one sees at every text size."""

    def paintEvent(self, event: QPaintEvent) -> None:
        """The button, then its focus ring."""
        super().paintEvent(event)
        paint_focus_ring(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter clicks."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not event.isAutoRepeat():
                self.click()
            event.accept()
            return
        super().keyPressEvent(event)


def touch_button(
    text: str,
    *,
    role: str = "",
    checkable: bool = False,
    accessible: str | None = None,
    parent: QWidget | None = None,
) -> QPushButton:
    """A button sized for a finger, named for screen readers; ``role`` picks its QSS look."""
    button = TouchButton(text, parent)
    if role:
        button.setObjectName(role)
    button.setCheckable(checkable)
    button.setAccessibleName(accessible or text.replace("&", ""))
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    button.setMinimumHeight(48)
    return button


def text_label(
    text: str, role: str = "", *, wrap: bool = True, parent: QWidget | None = None
) -> QLabel:
    """A label in plain text (never rich text: patient input is shown verbatim)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if role:
        label.setObjectName(role)
    return label
