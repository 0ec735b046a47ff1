"""The one place a database connection is opened: key, pragmas, checks, migrations."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from weakref import WeakKeyDictionary

from sqlite_utils import Database

from kiosk.storage import engine
from kiosk.storage.encrypt import encrypt_plaintext
from kiosk.storage.errors import (
    DatabaseDamagedError,
    KeyFileUnsafeError,
    KeyMissingError,
    KeyProblemError,
    StorageError,
    WrongKeyError,
)
from kiosk.storage.keys import DatabaseKey, FileKind, file_header, file_kind, kind_of, resolve_key
from kiosk.storage.migrations import MIGRATIONS

__all__ = [
    "DB_FILENAME",
    "DatabaseDamagedError",
    "DatabaseKey",
    "KeyFileUnsafeError",
    "KeyMissingError",
    "KeyProblemError",
    "StorageError",
    "WrongKeyError",
    "database_key",
    "database_path",
    "key_of",
    "open_database",
]

DB_FILENAME = "kiosk.db"
_KEYS: WeakKeyDictionary[Database, DatabaseKey] = WeakKeyDictionary()


def database_path(data_dir: Path) -> Path:
    """Where the kiosk's database lives inside a data folder."""
    return data_dir / DB_FILENAME


def database_key(
    path: Path,
    *,
    key_file: str = "",
    protected: Iterable[Path] = (),
    create: bool | None = None,
) -> DatabaseKey:
    """The key of the database at ``path`` (see keys.resolve_key); a new key file is made only
    while there is no encrypted database there yet (none, or a plaintext one to encrypt), unless
    ``create`` says otherwise. The key file may not be inside the database's folder nor any
    ``protected`` one."""
    if create is None:
        try:
            kind = file_kind(path)
        except OSError as exc:
            raise StorageError(f"{path}: the database cannot be read ({exc})") from None
        create = kind in (FileKind.NONE, FileKind.PLAINTEXT)
    folders = (path.parent, *protected)
    return resolve_key(path, key_file=key_file, protected=folders, create=create)


def key_of(db: Database) -> DatabaseKey | None:
    """The key ``db`` was opened with; None for an in-memory database."""
    return _KEYS.get(db)


def open_database(
    path: Path | None,
    *,
    key: DatabaseKey | None = None,
    migrate: bool = True,
    check: bool = True,
) -> Database:
    """Open (creating if needed) and migrate the database; ``None`` opens a private in-memory one.

    A file is encrypted with SQLCipher: ``key``, or the one database_key finds (environment or
    key file). A plaintext database of an earlier kiosk is encrypted first. With ``check`` an
    existing file must pass ``PRAGMA quick_check``. A damaged file raises DatabaseDamagedError,
    a missing, unsafe or wrong key a KeyProblemError; either way the file is left as it was.
    """
    conn: sqlite3.Connection | None = None
    try:
        if path is None:
            conn = engine.connect(None, None)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            key = key or database_key(path)
            if file_kind(path) is FileKind.PLAINTEXT:
                encrypt_plaintext(path, key)
            conn = engine.connect(path, key)
            if check:
                _quick_check(conn, path)
        db = Database(conn, strict=True)
        if migrate:
            MIGRATIONS.apply(db)
    except engine.DatabaseError as exc:
        _close(conn)
        if path is not None and key is not None and _is_damage(exc):
            raise _unreadable(path, key, exc) from exc
        where = path if path is not None else "memory"
        raise StorageError(f"{where}: the database cannot be opened ({exc})") from exc
    except OSError as exc:
        _close(conn)
        raise StorageError(f"{path}: the data folder cannot be used ({exc})") from exc
    except BaseException:
        _close(conn)
        raise
    if key is not None:
        _KEYS[db] = key
    return db


def _close(conn: sqlite3.Connection | None) -> None:
    if conn is not None:
        conn.close()


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """Raise DatabaseDamagedError unless SQLite's quick_check finds the whole file sound."""
    rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check")]
    if rows != ["ok"]:
        shown = "; ".join(rows[:3]) + (" …" if len(rows) > 3 else "")
        raise DatabaseDamagedError(f"{path}: the database file is damaged ({shown})")


def _unreadable(path: Path, key: DatabaseKey, exc: sqlite3.DatabaseError) -> StorageError:
    """A wrong key or a damaged file, told apart by the file's first bytes: a kiosk database
    starts with a marker and a fingerprint of its key (see keys.MARKER)."""
    header = b""
    with contextlib.suppress(OSError):
        header = file_header(path)
    if kind_of(header) is FileKind.KIOSK and not key.made(header):
        return WrongKeyError(
            f"{path}: the key does not open this database (it was made with another key than"
            f" the one in {key.source}); restore the right key file from your safe copy"
        )
    if key.made(header):
        return DatabaseDamagedError(f"{path}: the database file is damaged ({exc})")
    return DatabaseDamagedError(
        f"{path}: the database file is damaged or is not a kiosk database ({exc})"
    )


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    """Whether SQLite's error means a damaged file (or a wrong key) rather than a busy or
    unwritable one."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
