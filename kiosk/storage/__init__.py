"""SQLite storage through sqlite-utils: one opener, migrations, one module per table family."""

from kiosk.storage.db import StorageError, open_database

__all__ = ["StorageError", "open_database"]
