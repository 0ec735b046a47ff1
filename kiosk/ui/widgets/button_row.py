"""A row of buttons that stacks them one under another when they do not fit side by side."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractButton, QBoxLayout, QWidget

_SIDE_BY_SIDE = QBoxLayout.Direction.LeftToRight
_STACKED = QBoxLayout.Direction.TopToBottom


class ButtonRow(QWidget):
    """Buttons side by side, left-aligned, each as wide as its words need; where the words of
    all do not fit (a long translation, the largest text size) they stack, so no button's words
    are ever cut."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QBoxLayout(_SIDE_BY_SIDE, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(12)
        self._buttons: list[QAbstractButton] = []
        self._layout.addStretch(1)

    def add(self, button: QAbstractButton) -> None:
        """Put ``button`` after the others."""
        self._buttons.append(button)
        self._layout.insertWidget(len(self._buttons) - 1, button)
        self._arrange(self.width())

    def needed_width(self) -> int:
        """The width the showing buttons take side by side."""
        shown = [b for b in self._buttons if not b.isHidden()]
        spacing = self._layout.spacing() * max(0, len(shown) - 1)
        return sum(b.sizeHint().width() for b in shown) + spacing

    def minimumSizeHint(self) -> QSize:
        """As narrow as the widest button (the row stacks below its side-by-side width)."""
        shown = [b.sizeHint() for b in self._buttons if not b.isHidden()]
        if not shown:
            return QSize(0, 0)
        return QSize(max(s.width() for s in shown), max(s.height() for s in shown))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Side by side when they fit in the new width, else stacked."""
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        """A button shown, hidden or given other words asks for a new layout: arrange again."""
        if event.type() is QEvent.Type.LayoutRequest:
            self._arrange(self.width())
        return super().event(event)

    def _arrange(self, width: int) -> None:
        direction = _SIDE_BY_SIDE if self.needed_width() <= width else _STACKED
        if self._layout.direction() is not direction:
            self._layout.setDirection(direction)
