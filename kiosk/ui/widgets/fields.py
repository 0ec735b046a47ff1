"""Text fields that hold only what a patient could type: a pad's read-only box refuses any
other text (an accessibility client's too), a typed field refuses what typing could not give."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QLineEdit, QWidget


class PadField(QLineEdit):
    """A read-only box filled by a number pad: ``put`` is the only way its text changes; text set
    any other way (an accessibility client's set-text or insert-text) is put back at once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setReadOnly(True)
        self.textChanged.connect(self._refuse)

    def put(self, text: str) -> None:
        """The pad's text."""
        self._text = text
        self.setText(text)

    def _refuse(self, text: str) -> None:
        if text != self._text:
            self.setText(self._text)


class TypedText(QValidator):
    """What typing can give: no control characters (tab, new line, escape...)."""

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Invalid when any character is a control character."""
        if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text):
            return QValidator.State.Invalid, text, pos
        return QValidator.State.Acceptable, text, pos


_INVALID = QValidator.State.Invalid


class _Guard(QObject):
    """Puts back the last text the field's validator accepted."""

    def __init__(self, field: QLineEdit) -> None:
        super().__init__(field)
        self._field = field
        self._good = field.text()
        field.textChanged.connect(self._check)

    def _check(self, text: str) -> None:
        validator = self._field.validator()
        if isinstance(validator, TypedText) and validator.validate(text, 0)[0] is _INVALID:
            self._field.setText(self._good)
            return
        self._good = text


def guard_typed(field: QLineEdit) -> QLineEdit:
    """Validate every text of ``field`` as typed text is validated, however it was set."""
    field.setValidator(TypedText(field))
    _Guard(field)
    return field
