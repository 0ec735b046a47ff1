"""Reading the whole database to see that it is sound: at every kiosk start, and on demand."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlite_utils import Database

from kiosk.services.context import KioskContext
from kiosk.storage.db import DatabaseKey, check_database, database_path, open_database
from kiosk.storage.errors import StorageError


def check_now(context: KioskContext, *, thorough: bool = False) -> int:
    """Read every page of the context's database (``thorough``: integrity_check, also every
    index against its table); how many intakes it holds. DatabaseDamagedError names damage."""
    check_database(context.db, database_path(context.data_dir), thorough=thorough)
    return int(context.db.execute("SELECT count(*) FROM intakes").fetchone()[0])


class FullCheck:
    """``PRAGMA quick_check`` of the whole file (seconds on a clinic's year) on a connection made
    and used only by the thread that calls ``run``; ``stop`` from any thread interrupts it."""

    def __init__(self, path: Path, key: DatabaseKey | None) -> None:
        self.path = path
        self.key = key
        self._lock = threading.Lock()
        self._db: Database | None = None
        self.stopped = False

    def run(self) -> StorageError | None:
        """Open, check and close: None when the file is sound, else the StorageError
        (DatabaseDamagedError for damage)."""
        try:
            db = open_database(self.path, key=self.key, migrate=False, check=None)
            with self._lock:
                self._db = db
            try:
                if not self.stopped:
                    check_database(db, self.path)
            finally:
                with self._lock:
                    self._db = None
                db.close()
        except StorageError as found:
            return found
        return None

    def stop(self) -> None:
        """Interrupt the check if it is running; a stopped check's result means nothing."""
        with self._lock:
            self.stopped = True
            if self._db is not None:
                self._db.conn.interrupt()
