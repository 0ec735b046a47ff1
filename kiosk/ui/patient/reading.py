"""A screen in reading order: its heading gets focus and is announced; Tab goes through the
question, its answers, then Back and Next."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QLayout, QScrollArea, QStackedWidget, QWidget

from kiosk.ui.widgets.accessible import HEADING, ROLE, announce, mark
from kiosk.ui.widgets.focus_ring import HeadingRing
from kiosk.ui.widgets.layout_order import layout_entries

_HEADING_NAMES = ("Title", "ItemText", "QuestionText")


def heading(label: QLabel) -> QLabel:
    """Make ``label`` its screen's heading: focus goes to it when the screen appears."""
    mark(label, HEADING)
    label.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # focusable, but not a tab stop
    HeadingRing.follow(label)
    return label


def _in_layout(layout: QLayout) -> Iterator[QWidget]:
    for entry in layout_entries(layout):
        if isinstance(entry, QLayout):
            yield from _in_layout(entry)
            continue
        widget = entry
        yield widget
        body = widget.widget() if isinstance(widget, QScrollArea) else None
        if body is not None:
            widget = body  # a scroll area's body has no place in a layout
            yield widget
        inner = widget.layout()
        if inner is not None:
            yield from _in_layout(inner)


def reading_order(widget: QWidget) -> list[QWidget]:
    """The widgets under ``widget`` in the order its layouts place them (read top to bottom)."""
    layout = widget.layout()
    return list(_in_layout(layout)) if layout is not None else []


def order_tabs(widget: QWidget) -> None:
    """Tab through ``widget``'s focusable controls in reading order.

    Widgets join the focus chain as they are made, which is not the order they are read in
    (a frame's Back and Next are made before its body).
    """
    chain = [w for w in reading_order(widget) if w.focusPolicy() != Qt.FocusPolicy.NoFocus]
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)


def find_heading(screen: QWidget) -> QLabel | None:
    """The heading on show: one marked so, else the first title shown (a label)."""
    labels = [w for w in reading_order(screen) if isinstance(w, QLabel) and w.text()]
    shown = [w for w in labels if w.isVisibleTo(screen)]
    for label in shown:
        if label.property(ROLE) == HEADING:
            return label
    for label in shown:
        if label.objectName() in _HEADING_NAMES:
            return heading(label)
    return None


def present(screen: QWidget) -> str:
    """A screen has just appeared: tabs in reading order, focus on its heading, and the
    heading announced. Returns the words announced."""
    page = _current_page(screen)
    order_tabs(page)
    title = find_heading(page)
    text = title.text() if title is not None else page.accessibleName()
    if title is not None and screen.isVisible():
        title.setFocus(Qt.FocusReason.OtherFocusReason)
    announce(title or page, text)
    return text


def _current_page(screen: QWidget) -> QWidget:
    stacks = screen.findChildren(QStackedWidget)
    for stack in stacks:
        if stack.parentWidget() is screen or screen.isAncestorOf(stack):
            current = stack.currentWidget()
            if current is not None:
                return current
    return screen


class PageWatch(QObject):
    """Presents a screen's inner pages (consent: read, sign, review) as they change."""

    def __init__(self, screen: QWidget) -> None:
        super().__init__(screen)
        self._screen = screen
        for stack in screen.findChildren(QStackedWidget):
            stack.currentChanged.connect(self._changed)

    def _changed(self, _index: int) -> None:
        present(self._screen)
