"""The kiosk's own accessible interfaces: bounds-checked scroll areas and hosts of covering cards."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QLabel, QScrollArea, QWidget

from kiosk.ui.widgets.accessible import HEADING, ROLE

COVER = "kiosk_cover"  # property of a card that covers its parent (kiosk.ui.widgets.cover)
COVER_HOST = "kiosk_cover_host"  # property of the widget such cards cover

_installed = False


class _ListedChildren(QAccessibleWidget):
    """An accessible widget whose children are the list ``_children()`` gives, every index
    checked against it (a child past the end is None, never a crash)."""

    def _children(self) -> list[QWidget]:
        raise NotImplementedError

    def childCount(self) -> int:
        """How many children the list holds now."""
        return len(self._children())

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        """The child at ``index``, or None when there is none (never a crash)."""
        children = self._children()
        if not 0 <= index < len(children):
            return None
        return QAccessible.queryAccessibleInterface(children[index])

    def indexOfChild(self, child: QAccessibleInterface | None) -> int:
        """Where ``child`` is among the children, or -1."""
        if child is None or child.object() is None:
            return -1
        target = child.object()
        for index, widget in enumerate(self._children()):
            if widget is target:
                return index
        return -1


class ScrollAreaAccessible(_ListedChildren):
    """A scroll area as Qt exposes it (viewport, shown scroll bars, corner), but a child asked
    for past the end is None instead of a crash.

    Qt's own QAccessibleAbstractScrollArea::child indexes its list of children without a bound
    check; an assistive-technology client holding a stale child count (the kiosk lends its
    scroll areas from screen to screen) reads past the end and the process dies (SIGSEGV in
    QAccessibleCache::idForObject). Reported upstream; see the README.
    """

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area, QAccessible.Role.Client)
        self._area = area

    def text(self, kind: QAccessible.Text) -> str:
        """A scroll area with no name of its own is named by the first heading it holds (the
        screen's), else called the page's content."""
        value = super().text(kind)
        if kind is not QAccessible.Text.Name or value:
            return value
        content = self._area.widget()
        if content is not None:
            for label in content.findChildren(QLabel):
                if label.property(ROLE) == HEADING and label.text().strip():
                    return label.text()
        return QCoreApplication.translate("ScrollArea", "Page content")

    def _children(self) -> list[QWidget]:
        area = self._area
        found: list[QWidget] = [area.viewport()]
        for bar in (area.horizontalScrollBar(), area.verticalScrollBar()):
            container = bar.parentWidget()
            if bar.isVisible() and container is not None:
                found.append(container)
        corner = area.cornerWidget()
        if corner is not None and corner.isVisible():
            found.append(corner)
        return found


class CoverHostAccessible(_ListedChildren):
    """A widget that cards cover: while a card shows, the card is its only accessible child,
    so a screen reader's cursor cannot wander to the controls beneath (also disabled then)."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host, QAccessible.Role.Client)
        self._host = host

    def _children(self) -> list[QWidget]:
        widgets = [
            w
            for w in self._host.children()
            if isinstance(w, QWidget) and not w.isWindow() and w.objectName() != "qt_rubberband"
        ]
        covers = [w for w in widgets if w.property(COVER) and not w.isHidden()]
        return covers or widgets


def kiosk_accessible(class_name: str, target: QObject) -> QAccessibleInterface | None:
    """The factory: the kiosk's interface for a scroll area or a covered host, else None (Qt's)."""
    if not isinstance(target, QWidget) or class_name != target.metaObject().className():
        return None  # asked once, for the most derived class
    if isinstance(target, QScrollArea):
        return ScrollAreaAccessible(target)
    if target.property(COVER_HOST):
        return CoverHostAccessible(target)
    return None


def install() -> None:
    """Register the kiosk's accessible interfaces (once per process, before any is asked for)."""
    global _installed  # noqa: PLW0603 - one factory per process
    if _installed:
        return
    QAccessible.installFactory(kiosk_accessible)
    _installed = True


def children_changed(host: QWidget) -> None:
    """Tell assistive technology that ``host``'s exposed children changed."""
    if QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleEvent(host, QAccessible.Event.ObjectReorder))
