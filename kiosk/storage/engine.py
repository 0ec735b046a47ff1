"""The SQL engine: SQLCipher through sqlcipher3, its error classes, one configured connection.

Everything that opens a kiosk database (open_database, backups, the benchmarks) connects here,
so the engine and its pragmas are chosen in one place. The error classes are sqlcipher3's, not
the standard library's: catch ``engine.IntegrityError`` and friends, never ``sqlite3``'s.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlcipher3 import dbapi2 as _sqlcipher
from sqlite_utils import Database

from kiosk.storage.errors import StorageError
from kiosk.storage.keys import DatabaseKey

# Typed as the standard library's classes, which sqlcipher3's mirror attribute for attribute.
Error: type[sqlite3.Error] = _sqlcipher.Error
DatabaseError: type[sqlite3.DatabaseError] = _sqlcipher.DatabaseError
IntegrityError: type[sqlite3.IntegrityError] = _sqlcipher.IntegrityError
OperationalError: type[sqlite3.OperationalError] = _sqlcipher.OperationalError
ProgrammingError: type[sqlite3.ProgrammingError] = _sqlcipher.ProgrammingError
Row: type[sqlite3.Row] = _sqlcipher.Row
Connection = sqlite3.Connection  # the static type of what connect() returns

BUSY_TIMEOUT_MS = 10_000


def connect(
    path: Path | None,
    key: DatabaseKey | None,
    *,
    wal: bool = True,
    read_only: bool = False,
) -> sqlite3.Connection:
    """A connection with the kiosk's pragmas: the key (none for memory or a plaintext file),
    foreign keys, busy timeout, temporary data in memory only, WAL (unless ``wal`` is False or
    ``read_only``) and synchronous FULL. Autocommit: transactions are explicit (db.atomic()).

    A wrong key or a damaged file raises DatabaseError (SQLITE_NOTADB) here; the connection is
    then closed.
    """
    if path is None:
        conn: sqlite3.Connection = _sqlcipher.connect(":memory:", check_same_thread=False)
    elif read_only:
        conn = _sqlcipher.connect(
            f"{path.resolve().as_uri()}?mode=ro",
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,
        )
    else:
        conn = _sqlcipher.connect(
            str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
    try:
        conn.isolation_level = None
        conn.execute("PRAGMA cipher_log_level = NONE")  # its errors are ours to word, not stderr's
        if key is not None:
            conn.execute(f"PRAGMA key = {key.pragma()}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA temp_store = MEMORY")  # sorts and temporary tables never hit a disk
        if path is not None and not read_only:
            mode = "WAL" if wal else "DELETE"
            found = str(conn.execute(f"PRAGMA journal_mode = {mode}").fetchone()[0])
            if found.lower() != mode.lower():
                raise StorageError(
                    f"{path}: the database could not switch to {mode} mode ({found})"
                )
        elif path is not None:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reads page 1
        conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def export(source: sqlite3.Connection, target: Path, key: DatabaseKey) -> None:
    """Write everything ``source`` holds into a new encrypted file ``target`` (sqlcipher_export:
    the one way from a plaintext or in-memory database to an encrypted one)."""
    version = int(source.execute("PRAGMA user_version").fetchone()[0])
    source.execute(f"ATTACH DATABASE ? AS encrypted KEY {key.pragma()}", [str(target)])
    try:
        source.execute("SELECT sqlcipher_export('encrypted')").fetchall()
        source.execute(f"PRAGMA encrypted.user_version = {version}")
    finally:
        source.execute("DETACH DATABASE encrypted")


class KioskDatabase(Database):
    """sqlite-utils' Database whose outermost ``atomic()`` is ``BEGIN IMMEDIATE``.

    A plain (deferred) BEGIN that reads and then writes cannot wait for the write lock: when
    another connection (the clinic-server sync, a second window, a command) committed after
    its read, SQLite fails at once with "database is locked", busy timeout or not. Taking the
    write lock first makes every write transaction wait its turn (up to BUSY_TIMEOUT_MS)
    instead. Nested blocks stay savepoints.

    sqlite-utils' plugins are not loaded: the kiosk has none, and looking for them scans every
    installed package's metadata (tens of milliseconds at every open, a command's start-up).
    """

    def __init__(self, conn: sqlite3.Connection, *, strict: bool = False) -> None:
        super().__init__(conn, strict=strict, execute_plugins=False)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        """One transaction (the write lock taken at its start), or a savepoint inside one."""
        if self.conn.in_transaction:
            with super().atomic() as db:
                yield db
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise
