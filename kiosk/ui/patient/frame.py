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


class TouchScrollArea(QScrollArea):
    """A scroll area a finger can drag; made once and lent to screen after screen.

    ``QScroller.grabGesture`` registers a new gesture recognizer, under a new gesture type
    number, for every viewport it is given, and neither Qt nor PySide ever frees the number
    (PySide keeps a ``Qt.GestureType`` member for each). A kiosk builds a screen for every
    step of every patient, so the areas are kept: ``release_touch_scrolls`` takes them back
    from a screen about to be deleted, and ``touch_scroll`` lends them out again.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)


_SPARE_AREAS: list[TouchScrollArea] = []
_MOST_SPARE = 8  # more than ever show at once (two screens, each with at most two)


def touch_scroll(content: QWidget, *, finger: bool = True, name: str = "") -> QScrollArea:
    """A scroll area a finger can drag (QScroller), with a wide scrollbar as well; ``name``:
    what assistive technology calls it (an area lent before forgets its old name)."""
    if not finger:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    else:
        area = _SPARE_AREAS.pop() if _SPARE_AREAS else TouchScrollArea()
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard goes to what it holds
    area.setAccessibleName(name)
    area.setWidget(content)
    return area


def release_touch_scrolls(screen: QWidget) -> None:
    """Take back the finger-scrolled areas of ``screen``, which is about to be deleted.

    Each area's content stays with ``screen`` (and is deleted with it); the area, emptied,
    scrolled to the top and no longer watched by the screen, waits for the next screen.
    """
    everything = [screen, *screen.findChildren(QObject)]
    for area in screen.findChildren(TouchScrollArea):
        if len(_SPARE_AREAS) >= _MOST_SPARE:
            return
        QScroller.scroller(area.viewport()).stop()
        own = {id(area), *(id(o) for o in area.findChildren(QObject))}  # its viewport filter
        for watcher in everything:
            if id(watcher) not in own:
                area.viewport().removeEventFilter(watcher)
        content = area.takeWidget()
        if content is not None:
            content.setParent(screen)  # hidden; goes with the screen
        area.setParent(None)
        area.verticalScrollBar().setValue(0)
        _SPARE_AREAS.append(area)


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

        # A timer of the frame's own, not QTimer.singleShot(0, self, self._keep_focus_visible):
        # PySide keeps the bound method of a cancelled single shot, and with it the whole
        # screen's Python objects, for as long as the kiosk runs.
        self._refocus = QTimer(self)
        self._refocus.setSingleShot(True)
        self._refocus.setInterval(0)
        self._refocus.timeout.connect(self._keep_focus_visible)
        self.scroll_area.viewport().installEventFilter(self)

    def name_bar(self) -> None:
        """Back and Next in the current language (a screen refilled for the next patient may
        have been made in another)."""
        for button, text in (
            (self.back_button, self.tr("Back")),
            (self.next_button, self.tr("Next")),
        ):
            button.setText(text)
            button.setAccessibleName(text)

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
            self._refocus.start()  # stopped with the screen when it goes
        return False

    def _keep_focus_visible(self) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and self.body.isAncestorOf(focus):
            self.keep_visible(focus)
