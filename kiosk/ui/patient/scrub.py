"""Emptying a screen of everything a patient typed, chose or was shown, before it goes."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

from kiosk.ui.patient.frame import release_touch_scrolls
from kiosk.ui.widgets.signature_pad import SignaturePad


def scrub(widget: QWidget) -> None:
    """Empty every text field, label, list and signature under ``widget`` before it is deleted.

    Its finger-scrolled areas are taken back first, empty, for the screens to come.
    """
    release_touch_scrolls(widget)
    for child in [widget, *widget.findChildren(QObject)]:
        child.blockSignals(True)  # a screen being removed must not talk to the session any more
    for field in widget.findChildren(QLineEdit):
        field.setText("")  # setText, unlike clear(), also empties the undo history
    for editor in widget.findChildren(QTextEdit):
        editor.setPlainText("")  # a new document: no undo history either
    for plain in widget.findChildren(QPlainTextEdit):
        plain.setPlainText("")
    for pad in widget.findChildren(SignaturePad):
        pad.clear()
    for label in widget.findChildren(QLabel):
        label.clear()  # text and picture (a signed copy's page) alike
    for button in widget.findChildren(QAbstractButton):
        button.setText("")
    for box in widget.findChildren(QComboBox):
        box.clear()
    for view in widget.findChildren(QAbstractItemView):
        if isinstance(view, QTableWidget | QListWidget | QTreeWidget):
            view.clear()
