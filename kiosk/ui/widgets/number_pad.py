"""A touch number pad that types into a line edit, named for the field it fills."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.ui.widgets.accessible import group
from kiosk.ui.widgets.buttons import touch_button

BACKSPACE = "⌫"
# Keys a keyboard types straight into a pad's field.
TYPED_KEYS = {
    **{getattr(Qt.Key, f"Key_{d}"): str(d) for d in range(10)},
    Qt.Key.Key_Period: ".",
    Qt.Key.Key_Comma: ".",
    Qt.Key.Key_Backspace: BACKSPACE,
}


class NumberPad(QWidget):
    """Digits 0-9, an optional decimal point and a backspace; emits each key.

    A group named for the field it fills (``set_field``): two pads on a page are told apart.
    """

    key_pressed = Signal(str)

    def __init__(
        self, *, decimal: bool = False, columns: int = 3, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(8)
        self.keys: dict[str, QWidget] = {}
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "." if decimal else "", "0", BACKSPACE]
        if columns > 3:
            keys = [k for k in keys if k]
        for index, key in enumerate(keys):
            if not key:
                continue
            button = touch_button(key, role="Key", accessible=key, parent=self)
            button.clicked.connect(lambda _=False, k=key: self.key_pressed.emit(k))
            grid.addWidget(button, index // columns, index % columns)
            self.keys[key] = button
        self._field = ""
        self._name_keys()

    def set_field(self, name: str) -> None:
        """The field the digits go to, e.g. "Date of birth: month"."""
        self._field = name
        group(self, name, self.tr("Number pad"))
        for button in self.keys.values():
            button.setAccessibleDescription(name)

    def changeEvent(self, event: QEvent) -> None:
        """Key names follow the language."""
        if event.type() == QEvent.Type.LanguageChange:
            self._name_keys()
        super().changeEvent(event)

    def _name_keys(self) -> None:
        # Symbols get words; a digit is its own name (what a voice control user says).
        spoken = {BACKSPACE: self.tr("Delete"), ".": self.tr("Decimal point")}
        for key, button in self.keys.items():
            button.setAccessibleName(spoken.get(key, key))


def apply_key(text: str, key: str, max_length: int) -> str:
    """The field's text after a key of the pad."""
    if key == BACKSPACE:
        return text[:-1]
    if key == "." and "." in text:
        return text
    if len(text) >= max_length:
        return text
    return text + key
