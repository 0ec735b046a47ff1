"""The storage boundary: driver errors and OSErrors leave storage only as a StorageFault of a kind.

``boundary`` (a function) and ``boundary_class`` (every public method of a repository) turn an
sqlite3/sqlcipher3 error or an OSError raised inside into ``StorageFault(kind)`` chained
``from`` it; the storage package's own StorageErrors keep their type (their ``kind`` is made
precise from their cause), and every other exception (ValueError, LookupError, ...) passes
unchanged. The wrapping sits outside any ``db.atomic()`` of the method, so a transaction is
rolled back exactly as before. ``classify`` names the kind of a raw error.
"""

from __future__ import annotations

import errno
import functools
import inspect
import sqlite3
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar, cast

from kiosk.core.faults import Fault
from kiosk.storage.errors import StorageError, StorageFault

__all__ = [
    "Fault",
    "StorageFault",
    "boundary",
    "boundary_class",
    "classify",
    "fault_kind",
    "is_storage_fault",
    "storage_boundary",
]

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C", bound=type)


@contextmanager
def storage_boundary() -> Iterator[None]:
    """``with storage_boundary():`` a driver error or OSError inside leaves as a StorageFault."""
    try:
        yield
    except Exception as exc:
        fault = _fault_for(exc)
        if fault is None:
            raise
        raise fault from exc


def boundary(function: Callable[P, R]) -> Callable[P, R]:
    """A storage function (or generator function) whose faults leave as StorageFault."""
    if inspect.isgeneratorfunction(function):
        generator = cast(Callable[..., Generator[Any, Any, Any]], function)

        def stream(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
            with storage_boundary():
                return (yield from generator(*args, **kwargs))

        return cast(Callable[P, R], functools.wraps(function)(stream))

    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with storage_boundary():
            return function(*args, **kwargs)

    return functools.wraps(function)(run)


def boundary_class(cls: C) -> C:
    """A repository class whose every public method is a ``boundary``."""
    for name, value in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(value):
            setattr(cls, name, boundary(value))
    return cls


def fault_kind(exc: BaseException) -> Fault:
    """The kind of a storage fault: a StorageError's own ``kind``; for a raw driver error (a
    query made outside the storage package), what ``classify`` finds."""
    if isinstance(exc, StorageError):
        return exc.kind
    return classify(exc) or Fault.OTHER


def _fault_for(exc: Exception) -> StorageFault | None:
    """The StorageFault to raise instead of ``exc``; None to let ``exc`` go as it is."""
    if isinstance(exc, StorageError):
        if exc.kind is Fault.OTHER:  # a plain StorageError raised from a driver error
            exc.kind = classify(exc) or Fault.OTHER
        return None
    if _is_sql_error(exc) or isinstance(exc, OSError):
        return StorageFault(classify(exc) or Fault.OTHER, _words(exc))
    return None


def _words(exc: BaseException) -> str:
    """The error's own words, with SQLite's result code name when it has one."""
    words = str(exc) or type(exc).__name__
    name = getattr(exc, "sqlite_errorname", None)
    return f"{words} ({name})" if isinstance(name, str) else words


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
    if isinstance(exc, StorageError) and exc.kind is not Fault.OTHER:
        return exc.kind
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
