"""Walks every live widget and reads the text a person could see or copy."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QEvent, QModelIndex, Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from kiosk.ui.widgets.signature_pad import SignaturePad


def flush_deletes() -> None:
    """Let deleteLater() run now."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def all_texts() -> list[str]:
    """Text of every label, field, button and editor in the application, accessible names too."""
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        if isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText()]
        elif isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QTextEdit | QPlainTextEdit):
            texts.append(widget.toPlainText())
        texts += [widget.accessibleName(), widget.toolTip(), widget.windowTitle()]
    return [t for t in texts if t]


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.objectName() or widget.accessibleName()!r}"


def _model_texts(model: QAbstractItemModel, parent: QModelIndex) -> Iterator[str]:
    """Every cell's display text and tool tip, children too, and the headers."""
    for row in range(model.rowCount(parent)):
        for column in range(model.columnCount(parent)):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if value is not None:
                    yield str(value)
            yield from _model_texts(model, index)
    if not parent.isValid():
        for orientation, count in (
            (Qt.Orientation.Horizontal, model.columnCount()),
            (Qt.Orientation.Vertical, model.rowCount()),
        ):
            for section in range(count):
                value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
                if value is not None:
                    yield str(value)


def _widget_texts(widget: QWidget) -> Iterator[str]:
    """What a person could see, copy or hear of one widget (not its children)."""
    yield widget.accessibleName()
    yield widget.accessibleDescription()
    yield widget.toolTip()
    yield widget.statusTip()
    yield widget.whatsThis()
    yield widget.windowTitle()
    if isinstance(widget, QLineEdit):
        yield widget.text()
        yield widget.placeholderText()
    elif isinstance(widget, QLabel | QAbstractButton):
        yield widget.text()
    elif isinstance(widget, QTextEdit | QPlainTextEdit):
        yield widget.toPlainText()
        yield widget.placeholderText()
    elif isinstance(widget, QAbstractSpinBox):
        yield widget.text()
    elif isinstance(widget, QComboBox):
        yield widget.currentText()
        yield from (widget.itemText(i) for i in range(widget.count()))
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        yield from _model_texts(widget.model(), QModelIndex())


def patient_traces(secrets: Iterable[str]) -> list[str]:
    """Every place in the application where the patient could still be found: any of ``secrets``
    in a widget's text, accessible name or description, tool tip, window title, combo box item or
    item view cell; an undo or redo history in a field or editor; a picture in a label (a signed
    copy's page); ink on a signature pad; ``secrets`` on the clipboard or the X11 selection.
    Hidden widgets and those waiting for deletion count too. Empty when nothing is left."""
    wanted = [(s, s.casefold()) for s in secrets if s]
    found: list[str] = []

    def look(where: str, text: str) -> None:
        folded = text.casefold()
        found.extend(f"{where}: {secret!r}" for secret, key in wanted if key in folded)

    for widget in QApplication.allWidgets():
        where = _name(widget)
        for text in _widget_texts(widget):
            if text:
                look(where, text)
        if isinstance(widget, QLineEdit) and (widget.isUndoAvailable() or widget.isRedoAvailable()):
            found.append(f"{where}: an undo history")
        if isinstance(widget, QTextEdit | QPlainTextEdit):
            document = widget.document()
            if document.isUndoAvailable() or document.isRedoAvailable():
                found.append(f"{where}: an undo history")
        if isinstance(widget, QLabel) and not widget.pixmap().isNull():
            found.append(f"{where}: a picture")
        if isinstance(widget, SignaturePad) and widget.signature_png():
            found.append(f"{where}: ink")
    clipboard = QGuiApplication.clipboard()
    modes = [QClipboard.Mode.Clipboard]
    if clipboard.supportsSelection():
        modes.append(QClipboard.Mode.Selection)
    for mode in modes:
        look(f"the clipboard ({mode.name})", clipboard.text(mode))
        if not clipboard.image(mode).isNull():
            found.append(f"the clipboard ({mode.name}): a picture")
    return found


def every_text() -> list[str]:
    """What a person could see, copy or hear in every live widget: texts, accessible names,
    tool tips, window titles, combo box items and item view cells (the walker of
    ``patient_traces``)."""
    return [t for w in QApplication.allWidgets() for t in _widget_texts(w) if t]
