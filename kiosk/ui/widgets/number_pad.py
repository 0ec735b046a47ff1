"""A touch number pad that types into a line edit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.ui.widgets.buttons import touch_button

BACKSPACE = "⌫"


class NumberPad(QWidget):
    """Digits 0-9, an optional decimal point and a backspace; emits each key."""

    key_pressed = Signal(str)

    def __init__(
        self, *, decimal: bool = False, columns: int = 3, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(8)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "." if decimal else "", "0", BACKSPACE]
        if columns > 3:
            keys = [k for k in keys if k]
        for index, key in enumerate(keys):
            if not key:
                continue
            name = self.tr("Delete") if key == BACKSPACE else key
            button = touch_button(key, role="Key", accessible=name, parent=self)
            button.clicked.connect(lambda _=False, k=key: self.key_pressed.emit(k))
            grid.addWidget(button, index // columns, index % columns)


def apply_key(text: str, key: str, max_length: int) -> str:
    """The field's text after a key of the pad."""
    if key == BACKSPACE:
        return text[:-1]
    if key == "." and "." in text:
        return text
    if len(text) >= max_length:
        return text
    return text + key
