"""A focus ring round a focused heading, drawn just outside it: a keyboard user sees where focus
is when a screen appears, and nothing moves when focus comes or goes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.widgets.buttons import RING_ON_LIGHT, RING_WIDTH

GAP = 4  # between the heading's words and the ring
_FOLLOWED = (
    QEvent.Type.FocusIn,
    QEvent.Type.FocusOut,
    QEvent.Type.Move,
    QEvent.Type.Resize,
    QEvent.Type.Show,
    QEvent.Type.Hide,
    QEvent.Type.ParentChange,
)


class HeadingRing(QWidget):
    """The ring of one heading: a sibling laid over the heading's edge, in no layout, touched
    through (mouse events pass to what is under it), shown only while the heading has focus.
    As thick and as black as a button's ring (kiosk.ui.widgets.buttons), the same at every
    text size. Painted, not styled: a styled border would make the heading taller."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label.parentWidget())
        self._label = label
        self.setObjectName("HeadingRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()

    @classmethod
    def follow(cls, label: QLabel) -> None:
        """Give ``label`` a ring that shows while it has focus (made when first needed)."""
        label.installEventFilter(_Follower(label))

    def place(self) -> None:
        """Over the heading's edge while it has focus and shows; hidden otherwise."""
        label = self._label
        if label.hasFocus() and label.isVisible() and label.parentWidget() is self.parentWidget():
            margin = RING_WIDTH + GAP
            self.setGeometry(label.geometry().adjusted(-margin, -margin, margin, margin))
            self.raise_()
            self.show()
            self.update()
        else:
            self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A thick rounded ring inside this widget's edge (so just outside the heading)."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(RING_ON_LIGHT, RING_WIDTH))
        half = RING_WIDTH / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 10, 10)
        painter.end()


class _Follower(QObject):
    """Watches a heading: focus, place and size; makes its ring in its parent when first
    focused (a heading is made before it is put in a layout)."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label)
        self._label = label
        self.ring: HeadingRing | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Move, show or hide the ring as the heading changes."""
        if event.type() in _FOLLOWED:
            ring = self.ring
            if ring is not None and ring.parentWidget() is not self._label.parentWidget():
                ring.deleteLater()
                ring = self.ring = None
            if ring is None and self._label.hasFocus() and self._label.parentWidget() is not None:
                ring = self.ring = HeadingRing(self._label)
            if ring is not None:
                ring.place()
        return False
