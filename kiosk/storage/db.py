"""The one place a database connection is opened: pragmas, checks, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from kiosk.storage.migrations import MIGRATIONS

DB_FILENAME = "kiosk.db"


class StorageError(RuntimeError):
    """The database cannot be used; the message says why in plain words."""


class DatabaseDamagedError(StorageError):
    """The database file is damaged (it fails SQLite's quick_check or is not a database at all).

    The kiosk must not take intakes on it: staff restore the latest backup instead.
    """


def database_path(data_dir: Path) -> Path:
    """Where the kiosk's database lives inside a data folder."""
    return data_dir / DB_FILENAME


def open_database(path: Path | None, *, migrate: bool = True, check: bool = True) -> Database:
    """Open (creating if needed) and migrate the database; ``None`` opens a private in-memory one.

    With ``check`` an existing file first passes ``PRAGMA quick_check``; a damaged file raises
    DatabaseDamagedError and is left exactly as it was.
    """
    conn: sqlite3.Connection | None = None
    try:
        if path is None:
            conn = sqlite3.connect(":memory:", check_same_thread=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
        conn.isolation_level = None  # explicit transactions only: db.atomic()
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        if path is not None:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StorageError(f"{path}: the database could not switch to WAL mode ({mode})")
        conn.execute("PRAGMA synchronous = FULL")
        if path is not None and check:
            _quick_check(conn, path)
        db = Database(conn, strict=True)
        if migrate:
            MIGRATIONS.apply(db)
    except sqlite3.DatabaseError as exc:
        _close(conn)
        if _is_damage(exc):
            raise DatabaseDamagedError(f"{path}: the database file is damaged ({exc})") from exc
        where = path if path is not None else "memory"
        raise StorageError(f"{where}: the database cannot be opened ({exc})") from exc
    except OSError as exc:
        _close(conn)
        raise StorageError(f"{path}: the data folder cannot be used ({exc})") from exc
    except BaseException:
        _close(conn)
        raise
    return db


def _close(conn: sqlite3.Connection | None) -> None:
    if conn is not None:
        conn.close()


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """Raise DatabaseDamagedError unless SQLite's quick_check finds the whole file sound."""
    try:
        rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamagedError(f"{path}: the database file is damaged ({exc})") from exc
    if rows != ["ok"]:
        shown = "; ".join(rows[:3]) + (" …" if len(rows) > 3 else "")
        raise DatabaseDamagedError(f"{path}: the database file is damaged ({shown})")


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    """Whether SQLite's error means a damaged file rather than a busy or unwritable one."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
