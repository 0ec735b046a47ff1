"""Storage errors: every problem with the database, its key or its folder, in plain words."""

from __future__ import annotations


class StorageError(RuntimeError):
    """The database cannot be used; the message says why in plain words."""


class DatabaseDamagedError(StorageError):
    """The database file is damaged (it fails SQLite's quick_check or is not a database at all).

    The kiosk must not take intakes on it: staff restore the latest backup instead.
    """


class KeyProblemError(StorageError):
    """The database key is missing, unsafe or wrong: staff restore the key, not the database."""


class KeyMissingError(KeyProblemError):
    """The key file is gone while an encrypted database needs it."""


class KeyFileUnsafeError(KeyProblemError):
    """The key file is readable by others, inside the data folder, or not a key file at all."""


class WrongKeyError(KeyProblemError):
    """The key is well formed but the database was made with another one."""
