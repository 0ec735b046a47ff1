"""What every patient screen shares: a finger-scrolled body and a Back / Next bar."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.widgets.buttons import touch_button


def touch_scroll(content: QWidget, *, finger: bool = True) -> QScrollArea:
    """A scroll area a finger can drag (QScroller), with a wide scrollbar as well."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    if finger:
        QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    return area


def scrolled_column(owner: QWidget, margins: tuple[int, int, int, int]) -> QVBoxLayout:
    """Give ``owner`` a finger-scrolled body and return the body's column layout.

    Every screen scrolls: with the largest text a screen may be taller than the display.
    """
    body = QWidget()
    column = QVBoxLayout(body)
    column.setContentsMargins(*margins)
    column.setSpacing(24)
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(touch_scroll(body))
    return column


class ScreenFrame(QWidget):
    """Body in a scroll area, and a bottom bar with Back on the left and Next on the right."""

    def __init__(self, parent: QWidget | None = None, *, finger_scroll: bool = True) -> None:
        super().__init__(parent)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(48, 20, 48, 12)
        self.body_layout.setSpacing(20)
        self.scroll_area = touch_scroll(self.body, finger=finger_scroll)
        self.back_button: QPushButton = touch_button(self.tr("Back"), role="Secondary")
        self.next_button: QPushButton = touch_button(self.tr("Next"), role="Primary")
        self.bar = QHBoxLayout()
        bar = self.bar
        bar.setContentsMargins(48, 8, 48, 16)
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        bar.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(bar)

        self.scroll_area.viewport().installEventFilter(self)

    def keep_visible(self, widget: QWidget) -> None:
        """Scroll so all of ``widget`` shows, with a margin (above the on-screen keyboard, too).

        QScrollArea.ensureWidgetVisible stops as soon as a field's cursor shows, even when
        half the field is hidden; this scrolls by the whole rectangle.
        """
        corner = widget.mapTo(self.body, QPoint(0, 0))
        half_w, half_h = widget.width() // 2, widget.height() // 2
        self.scroll_area.ensureVisible(
            corner.x() + half_w, corner.y() + half_h, half_w + 24, half_h + 24
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """When the keyboard shrinks the screen, bring the field being typed in back into view."""
        if event.type() == QEvent.Type.Resize and watched is self.scroll_area.viewport():
            QTimer.singleShot(0, self, self._keep_focus_visible)  # cancelled if the screen goes
        return False

    def _keep_focus_visible(self) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and self.body.isAncestorOf(focus):
            self.keep_visible(focus)
