"""What a screen reader and voice control find wrong with a screen: walks the accessible
interfaces Qt gives every visible widget of a window."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

ACTIONABLE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
)
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of ``text`` (symbols, arrows and the & of a shortcut dropped), case-folded."""
    return [w.casefold() for w in _WORD.findall(text.replace("&", ""))]


def interface(widget: QWidget) -> Any:
    """The accessible interface Qt gives assistive technology for ``widget``."""
    found = QAccessible.queryAccessibleInterface(widget)
    assert found is not None and found.isValid()
    return found


def part_of_a_control(widget: QWidget, root: QWidget) -> bool:
    """A piece another control exposes itself (a table's headers and cells, a combo box's
    list, a scroll area's scroll bars and their containers, which the area's interface lists)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root.parentWidget():
        if isinstance(parent, QAbstractItemView | QComboBox):
            return True
        if parent.objectName() in ("qt_scrollarea_hcontainer", "qt_scrollarea_vcontainer"):
            return True
        parent = parent.parentWidget()
    return False


def describe(widget: QWidget) -> str:
    """A widget for a failure message."""
    shown = widget.text() if isinstance(widget, QAbstractButton | QLabel) else ""
    return f"{type(widget).__name__}({shown!r})"


def what_is_wrong(root: QWidget) -> list[str]:
    """Every accessibility defect on what ``root`` shows now."""
    wrong: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or part_of_a_control(widget, root):
            continue
        name = interface(widget).text(QAccessible.Text.Name)
        focusable = widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        if focusable or isinstance(widget, ACTIONABLE):
            if not name.strip():
                wrong.append(f"{describe(widget)} has no name")
                continue
            if not words(name):
                wrong.append(f"{describe(widget)} is named only {name!r}")
        if isinstance(widget, QAbstractButton):
            missing = [w for w in words(widget.text()) if w not in words(name)]
            if missing:
                wrong.append(f"{describe(widget)}: its name {name!r} lacks {missing}")
        if isinstance(widget, QLabel) and widget.text().strip():
            if not words(name):
                wrong.append(f"{describe(widget)} reads only {name!r}")
            elif words(widget.text()) and not set(words(widget.text())) <= set(words(name)):
                wrong.append(f"{describe(widget)} reads {name!r} instead of its words")
        if isinstance(widget, QLineEdit) and widget.isReadOnly():
            before = widget.text()
            interface(widget).setText(QAccessible.Text.Value, "1234")
            if widget.text() != before:
                wrong.append(f"read-only {name!r} took text set through accessibility")
    return wrong
