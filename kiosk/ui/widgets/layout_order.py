"""What a layout holds, in its order, without asking Qt for its items.

``QLayout.itemAt`` hands Python a wrapper of the layout's item that PySide keeps as a child of
the layout's own wrapper until the layout itself goes: on a screen kept for the kiosk's whole
run, every walk of its layouts would leave wrappers behind for good. ``indexOf`` answers from a
widget or a nested layout Python already holds, and leaves nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLayout, QWidget


def layout_entries(layout: QLayout) -> list[QWidget | QLayout]:
    """The widgets and nested layouts ``layout`` places, in its order."""
    placed: list[tuple[int, QWidget | QLayout]] = []
    owner = layout.parentWidget()
    candidates: list[QObject] = list(owner.children()) if owner is not None else []
    candidates += layout.children()  # nested layouts are the layout's own children
    for candidate in candidates:
        if isinstance(candidate, QWidget | QLayout):
            index = layout.indexOf(candidate)
            if index >= 0:
                placed.append((index, candidate))
    placed.sort(key=lambda entry: entry[0])
    return [entry for _index, entry in placed]
