"""The full database check of every kiosk start, read on a connection of its own off the UI thread."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from sqlite_utils import Database

from kiosk.storage.db import DatabaseKey, StorageError, check_database, open_database


class StartCheck(QThread):
    """``PRAGMA quick_check`` of the whole file (seconds on a clinic's year) in this thread, with
    a connection made and used only here. ``checked`` carries None when the file is sound, else
    the StorageError (DatabaseDamagedError for damage); it is queued to the receiver's thread.
    ``stop`` interrupts a check still running (the kiosk is closing) and waits for the thread;
    a stopped check reports nothing."""

    checked = Signal(object)

    def __init__(self, path: Path, key: DatabaseKey | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.key = key
        self._lock = threading.Lock()
        self._db: Database | None = None
        self._stopped = False

    def run(self) -> None:
        """Open, check and close; then report, unless stopped meanwhile."""
        problem: StorageError | None = None
        try:
            db = open_database(self.path, key=self.key, migrate=False, check=None)
            with self._lock:
                self._db = db
            try:
                if not self._stopped:
                    check_database(db, self.path)
            finally:
                with self._lock:
                    self._db = None
                db.close()
        except StorageError as found:
            problem = found
        if not self._stopped:
            self.checked.emit(problem)

    def stop(self) -> None:
        """Interrupt the check if it still runs and wait until the thread has ended."""
        with self._lock:
            self._stopped = True
            if self._db is not None:
                self._db.conn.interrupt()
        self.wait()
