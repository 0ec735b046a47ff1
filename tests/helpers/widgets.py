"""Walks every live widget and reads the text a person could see or copy."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)


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
