"""Big touch buttons and labels that every screen builds from."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget


class TouchButton(QPushButton):
    """A push button that Enter presses as well as Space (a keyboard-only patient's way)."""

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
