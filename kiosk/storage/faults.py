"""What kind of storage fault an exception is: disk full, read-only, damaged, busy, key, other."""

from __future__ import annotations

import errno
import sqlite3
from enum import StrEnum

from kiosk.storage.errors import DatabaseDamagedError, KeyProblemError, StorageError

__all__ = ["Fault", "classify", "is_storage_fault"]


class Fault(StrEnum):
    """The kinds of storage trouble staff are told about, each with its own advice."""

    DISK_FULL = "disk_full"  # nothing new fits: free space
    READ_ONLY = "read_only"  # the file or the disk cannot be written any more
    DAMAGED = "damaged"  # the file is corrupt: restore the latest backup
    BUSY = "busy"  # another program holds the database: try again
    KEY = "key"  # the encryption key is missing or wrong
    OTHER = "other"  # any other storage error: its own message says what


_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
_READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
_READ_ONLY_CODES = frozenset(
    {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN}
)
_DAMAGED_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


def is_storage_fault(exc: BaseException) -> bool:
    """Whether ``exc`` is a database or data-folder failure (rather than a bug or bad input)."""
    return isinstance(exc, StorageError) or _is_sql_error(exc)


def _is_sql_error(exc: BaseException) -> bool:
    """An error of the SQL engine: the standard sqlite3's or SQLCipher's (sqlcipher3 mirrors
    sqlite3's classes without subclassing them)."""
    return isinstance(exc, sqlite3.Error) or any(
        cls.__module__.startswith("sqlcipher3") for cls in type(exc).__mro__
    )


def classify(exc: BaseException) -> Fault | None:
    """The kind of storage fault ``exc`` (or the error it was raised from) is; None for any other
    exception. Pure: looks only at exception types, SQLite result codes and errno values."""
    seen: set[int] = set()
    current: BaseException | None = exc
    found: Fault | None = None
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = _own_kind(current)
        if kind is not None and kind is not Fault.OTHER:
            return kind
        found = found or kind
        current = current.__cause__ or current.__context__
    return found


def _own_kind(exc: BaseException) -> Fault | None:
    """The kind ``exc`` itself says, without looking at its cause."""
    if isinstance(exc, DatabaseDamagedError):
        return Fault.DAMAGED
    if isinstance(exc, KeyProblemError):
        return Fault.KEY
    if _is_sql_error(exc):
        return _sqlite_kind(exc)
    if isinstance(exc, OSError) and exc.errno is not None:
        if exc.errno in _FULL_ERRNOS:
            return Fault.DISK_FULL
        if exc.errno in _READ_ONLY_ERRNOS:
            return Fault.READ_ONLY
        return None
    if isinstance(exc, StorageError):
        return Fault.OTHER
    return None


def _sqlite_kind(exc: BaseException) -> Fault:
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(code, int):
        return Fault.OTHER
    primary = code & 0xFF
    if primary == sqlite3.SQLITE_FULL:
        return Fault.DISK_FULL
    if primary in _DAMAGED_CODES:
        return Fault.DAMAGED
    if primary in _READ_ONLY_CODES:
        return Fault.READ_ONLY
    if primary in _BUSY_CODES:
        return Fault.BUSY
    if primary == sqlite3.SQLITE_IOERR:
        # A write or sync the file system refused: the disk went read-only or is full; SQLite
        # reports ENOSPC as SQLITE_FULL, so what is left here is a file that cannot be written.
        return Fault.READ_ONLY
    return Fault.OTHER
