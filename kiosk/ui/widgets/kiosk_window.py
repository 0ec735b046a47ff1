"""A top-level window that, in kiosk mode, is frameless, on top, and cannot be escaped or closed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QMainWindow, QWidget


class KioskWindow(QMainWindow):
    """In kiosk mode: no frame, stays on top, Escape and closing (Alt+F4) do nothing.

    ``allow_close`` lets the program itself close it; ``closing`` is where a subclass puts its
    things away before the window closes.
    """

    def __init__(self, *, kiosk_mode: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kiosk_mode = kiosk_mode
        self.allow_close = not kiosk_mode
        if kiosk_mode:
            self.setWindowFlags(
                Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
            )

    def closing(self) -> None:
        """Called once the window is allowed to close, just before it does."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """In kiosk mode Escape does nothing."""
        if self.kiosk_mode and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """In kiosk mode closing does nothing unless the program allows it."""
        if not self.allow_close:
            event.ignore()
            return
        self.closing()
        super().closeEvent(event)
