"""Storage faults as the screens and the command line meet them: the errors and their kinds."""

import sqlite3

from kiosk.storage import engine
from kiosk.storage.errors import DatabaseDamagedError, KeyProblemError, StorageError
from kiosk.storage.faults import Fault, classify, is_storage_fault

__all__ = [
    "STORAGE_ERRORS",
    "DatabaseDamagedError",
    "Fault",
    "KeyProblemError",
    "StorageError",
    "classify",
    "is_storage_fault",
]

STORAGE_ERRORS: tuple[type[BaseException], ...] = (StorageError, sqlite3.Error, engine.Error)
"""What a failed read or save of the database raises (the kiosk's own, or the engine's)."""
