"""The full database check of every kiosk start, read on a connection of its own off the UI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from kiosk.services.checks import FullCheck
from kiosk.services.context import DatabaseKey


class StartCheck(QThread):
    """The services' FullCheck run in this thread. ``checked`` carries None when the file is
    sound, else the StorageError (DatabaseDamagedError for damage); it is queued to the
    receiver's thread. ``stop`` interrupts a check still running (the kiosk is closing) and
    waits for the thread; a stopped check reports nothing."""

    checked = Signal(object)

    def __init__(self, path: Path, key: DatabaseKey | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.key = key
        self._check = FullCheck(path, key)

    def run(self) -> None:
        """Check, then report, unless stopped meanwhile."""
        problem = self._check.run()
        if not self._check.stopped:
            self.checked.emit(problem)

    def stop(self) -> None:
        """Interrupt the check if it still runs and wait until the thread has ended."""
        self._check.stop()
        self.wait()
