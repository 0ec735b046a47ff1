"""Storage errors: every problem with the database, its key or its folder, in plain words."""

from __future__ import annotations

from kiosk.core.faults import Fault


class StorageError(RuntimeError):
    """The database cannot be used; the message says why in plain words.

    ``kind`` says which advice fits (kiosk.core.faults.ADVICE): callers read it instead of
    looking at the driver's errors, which never leave the storage package.
    """

    kind: Fault = Fault.OTHER


class StorageFault(StorageError):  # noqa: N818 -- a fault of a kind, not a new error
    """A driver error or OSError met inside storage, raised ``from`` it with its kind.

    The message is the original error's own words, e.g. "database or disk is full".
    """

    def __init__(self, kind: Fault, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class DatabaseDamagedError(StorageError):
    """The database file is damaged (it fails SQLite's quick_check or is not a database at all).

    The kiosk must not take intakes on it: staff restore the latest backup instead.
    """

    kind = Fault.DAMAGED


class KeyProblemError(StorageError):
    """The database key is missing, unsafe or wrong: staff restore the key, not the database."""

    kind = Fault.KEY


class KeyMissingError(KeyProblemError):
    """The key file is gone while an encrypted database needs it."""


class KeyFileUnsafeError(KeyProblemError):
    """The key file is readable by others, inside the data folder, or not a key file at all."""


class WrongKeyError(KeyProblemError):
    """The key is well formed but the database was made with another one."""
