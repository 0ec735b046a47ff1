"""The one place a database connection is opened: key, pragmas, checks, migrations."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Literal
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
from kiosk.storage.faults import boundary
from kiosk.storage.keys import DatabaseKey, FileKind, file_header, file_kind, kind_of, resolve_key
from kiosk.storage.migrations import MIGRATIONS

__all__ = [
    "DB_FILENAME",
    "Check",
    "DatabaseDamagedError",
    "DatabaseKey",
    "KeyFileUnsafeError",
    "KeyMissingError",
    "KeyProblemError",
    "StorageError",
    "WrongKeyError",
    "check_database",
    "database_key",
    "database_path",
    "key_of",
    "open_database",
    "release_memory",
]

DB_FILENAME = "kiosk.db"
FILE_MODE = 0o600  # the database and its -wal and -shm: the kiosk's user only
FOLDER_MODE = 0o700  # a data folder the kiosk makes
Check = Literal["full", "light"]
"""How an existing file is checked on open: ``"full"`` reads every page (``PRAGMA quick_check``,
seconds on a clinic's year); ``"light"`` only proves the key, the header, the schema and the
root page of every table and index (milliseconds; a damaged page met later while reading is still
an SQLITE_CORRUPT the caller reports as damage)."""
_KEYS: WeakKeyDictionary[Database, DatabaseKey] = WeakKeyDictionary()


def database_path(data_dir: Path) -> Path:
    """Where the kiosk's database lives inside a data folder."""
    return data_dir / DB_FILENAME


@boundary
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


@boundary
def open_database(
    path: Path | None,
    *,
    key: DatabaseKey | None = None,
    migrate: bool = True,
    check: Check | None = "full",
) -> Database:
    """Open (creating if needed) and migrate the database; ``None`` opens a private in-memory one.

    A file is encrypted with SQLCipher: ``key``, or the one database_key finds (environment or
    key file). A plaintext database of an earlier kiosk is encrypted first. An existing file is
    checked as ``check`` says (see Check; None: not at all, e.g. a backup's own source). A damaged
    file raises DatabaseDamagedError, a missing, unsafe or wrong key a KeyProblemError; either
    way the file is left as it was.
    """
    conn: sqlite3.Connection | None = None
    try:
        if path is None:
            conn = engine.connect(None, None)
        else:
            path.parent.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
            key = key or database_key(path)
            if file_kind(path) is FileKind.PLAINTEXT:
                encrypt_plaintext(path, key)
            conn = engine.connect(path, key)
            _owner_only(path)
            if check is not None:
                _check(conn, path, "quick" if check == "full" else "light")
        db = engine.KioskDatabase(conn, strict=True)
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


def _owner_only(path: Path) -> None:
    """The database and its side files readable by the kiosk's own user only (SQLite makes the
    -wal and -shm with the database's mode). A file that cannot be changed is left as it is."""
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):
            if file.stat().st_mode & 0o077:
                file.chmod(FILE_MODE)


def release_memory(db: Database) -> None:
    """Let go of the connection's page cache: the decrypted pages it holds of what was read
    and written (a patient's answers, their signed consent's PDF). SQLite keeps up to
    ``cache_size`` of them per connection for as long as it stays open; a kiosk calls this when
    a patient leaves, so their pages neither stay in memory nor pile up patient after patient.
    It never fails its caller (a wipe after a failed save must still show the front desk): a
    closed or broken connection is left as it is."""
    with contextlib.suppress(engine.Error):
        db.conn.execute("PRAGMA shrink_memory")


def _close(conn: sqlite3.Connection | None) -> None:
    if conn is not None:
        conn.close()


@boundary
def check_database(db: Database, path: Path, *, thorough: bool = False) -> None:
    """Read the whole opened file: SQLite's ``quick_check`` (``integrity_check`` when
    ``thorough``: also every index against its table, several times slower). Raises
    DatabaseDamagedError naming the damage; other StorageErrors when it cannot be read at all
    (e.g. the check was interrupted)."""
    key = key_of(db)
    try:
        _check(db.conn, path, "integrity" if thorough else "quick")
    except engine.DatabaseError as exc:
        if key is not None and _is_damage(exc):
            raise _unreadable(path, key, exc) from exc
        raise StorageError(f"{path}: the database could not be checked ({exc})") from exc


def _check(
    conn: sqlite3.Connection, path: Path, how: Literal["light", "quick", "integrity"]
) -> None:
    """Raise DatabaseDamagedError unless the check ``how`` finds the file sound."""
    if how == "light":
        _light_check(conn)
        return
    rows = [str(row[0]) for row in conn.execute(f"PRAGMA {how}_check")]
    if rows != ["ok"]:
        shown = "; ".join(rows[:3]) + (" …" if len(rows) > 3 else "")
        raise DatabaseDamagedError(f"{path}: the database file is damaged ({shown})")


def _light_check(conn: sqlite3.Connection) -> None:
    """The key opens page 1 (engine.connect read it for WAL), the schema reads and parses, and the
    first page or two of every table and index read: a few dozen pages whatever the file's size.
    Damage raises the engine's DatabaseError (SQLITE_CORRUPT or SQLITE_NOTADB)."""
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.execute("PRAGMA schema_version").fetchone()
    trees = conn.execute(
        "SELECT type, name, tbl_name FROM sqlite_master"
        " WHERE type IN ('table', 'index') AND rootpage > 0"
    ).fetchall()
    for kind, name, table in trees:
        # names from the file's own schema, quoted
        read = f"SELECT 1 FROM {_quoted(table)} LIMIT 1"  # noqa: S608
        if kind == "index":
            read = f"SELECT 1 FROM {_quoted(table)} INDEXED BY {_quoted(name)} LIMIT 1"  # noqa: S608
        try:
            conn.execute(read).fetchone()
        except engine.DatabaseError as exc:
            if _is_damage(exc):
                raise
            # not damage: an index the planner cannot walk alone (a partial one); its table is read


def _quoted(name: object) -> str:
    return '"' + str(name).replace('"', '""') + '"'


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
