"""Date of birth typed on a big number pad (or a keyboard) into month, day and year boxes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.widgets.buttons import text_label
from kiosk.ui.widgets.fields import PadField
from kiosk.ui.widgets.number_pad import BACKSPACE, TYPED_KEYS, NumberPad, apply_key

_WIDTHS = {"month": 2, "day": 2, "year": 4}


class DateOfBirthInput(QWidget):
    """Three boxes filled from a number pad; moves to the next box when one is full.

    Each box takes focus: digits and Backspace typed there go in as the pad's keys, and the
    focus follows to the next box. The pad is named for the box it fills.
    """

    changed = Signal()

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        order = ("day", "month", "year") if language == "es" else ("month", "day", "year")
        captions = {"month": self.tr("Month"), "day": self.tr("Day"), "year": self.tr("Year")}
        self._spoken = {
            "month": self.tr("Date of birth: month"),
            "day": self.tr("Date of birth: day"),
            "year": self.tr("Date of birth: year"),
        }
        placeholders = {"month": self.tr("MM"), "day": self.tr("DD"), "year": self.tr("YYYY")}
        self.fields: dict[str, PadField] = {}
        boxes = QGridLayout()
        boxes.setHorizontalSpacing(12)
        for column, name in enumerate(order):
            caption = text_label(captions[name], "Hint")
            edit = PadField(self)
            edit.setObjectName("DateField")
            edit.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
            edit.setPlaceholderText(placeholders[name])
            edit.setAccessibleName(self._spoken[name])
            edit.installEventFilter(self)
            self.fields[name] = edit
            boxes.addWidget(caption, 0, column)
            boxes.addWidget(edit, 1, column)
        self._order = order
        self.preview: QLabel = text_label("", "Subtitle")
        self.pad = NumberPad(parent=self)
        self.pad.key_pressed.connect(self._key)
        left = QVBoxLayout()
        left.addLayout(boxes)
        left.addWidget(self.preview)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 3)
        layout.addWidget(self.pad, 2)
        self._active = order[0]
        self._mark_active()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Touching or focusing a box makes it the one the pad types into; keys typed in a box
        go in as the pad's."""
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.FocusIn):
            for name, edit in self.fields.items():
                if watched is edit and name != self._active:
                    self._active = name
                    self._mark_active()
        elif kind == QEvent.Type.KeyPress and watched in self.fields.values():
            assert isinstance(event, QKeyEvent)
            key = TYPED_KEYS.get(Qt.Key(event.key()))
            if key is not None and key != ".":
                self._key(key)
                self.fields[self._active].setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False

    def first_field(self) -> PadField:
        """The first box in reading order."""
        return self.fields[self._order[0]]

    def _mark_active(self) -> None:
        for name, edit in self.fields.items():
            edit.setProperty("active", name == self._active)
            edit.style().unpolish(edit)
            edit.style().polish(edit)
        self.pad.set_field(self._spoken[self._active])

    def _key(self, key: str) -> None:
        edit = self.fields[self._active]
        text = edit.text()
        if not text and key == BACKSPACE:
            index = self._order.index(self._active)
            if index > 0:
                self._active = self._order[index - 1]
                self._mark_active()
                edit = self.fields[self._active]
                text = edit.text()
        new = apply_key(text, key, _WIDTHS[self._active])
        edit.put(new)
        if len(new) == _WIDTHS[self._active] and key != BACKSPACE:
            index = self._order.index(self._active)
            if index + 1 < len(self._order):
                self._active = self._order[index + 1]
                self._mark_active()
        self._update_preview()
        self.changed.emit()

    def type_digits(self, digits: str) -> None:
        """Press pad keys in order (for tests and the keyboard)."""
        for digit in digits:
            self._key(digit)

    def value(self) -> date | None:
        """The date, or None while it is incomplete or impossible."""
        try:
            year = int(self.fields["year"].text())
            month = int(self.fields["month"].text())
            day = int(self.fields["day"].text())
            if year < 1000:
                return None
            return date(year, month, day)
        except ValueError:
            return None

    def set_date(self, value: date | None) -> None:
        """Fill the boxes (a resumed or corrected entry)."""
        self.fields["year"].put(f"{value.year:04d}" if value else "")
        self.fields["month"].put(f"{value.month:02d}" if value else "")
        self.fields["day"].put(f"{value.day:02d}" if value else "")
        self._active = self._order[0]
        self._mark_active()
        self._update_preview()

    def _update_preview(self) -> None:
        value = self.value()
        if value is None:
            complete = all(len(e.text()) == _WIDTHS[n] for n, e in self.fields.items())
            self.preview.setText(self.tr("That date does not exist.") if complete else "")
            return
        locale = QLocale(
            QLocale.Language.Spanish if self._language == "es" else QLocale.Language.English
        )
        fmt = "d 'de' MMMM 'de' yyyy" if self._language == "es" else "MMMM d, yyyy"
        self.preview.setText(locale.toString(QDate(value.year, value.month, value.day), fmt))
