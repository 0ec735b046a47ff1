"""The SQL engine: one configured SQLCipher connection, its own error classes, and the export to an encrypted file."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.storage import engine
from kiosk.storage.keys import DatabaseKey, FileKind, file_kind

KEY = DatabaseKey(bytes(range(32)), "test")
OTHER = DatabaseKey(bytes(32), "test")


@pytest.fixture
def memory() -> Iterator[sqlite3.Connection]:
    """An in-memory engine connection, always closed."""
    conn = engine.connect(None, None)
    try:
        yield conn
    finally:
        conn.close()


def pragma(conn: sqlite3.Connection, name: str) -> object:
    """The value of one pragma."""
    return conn.execute(f"PRAGMA {name}").fetchone()[0]


def test_a_connection_has_the_kiosks_pragmas(memory: sqlite3.Connection) -> None:
    """Foreign keys on, the busy timeout, temporary data in memory, synchronous FULL, autocommit."""
    assert pragma(memory, "foreign_keys") == 1
    assert pragma(memory, "busy_timeout") == engine.BUSY_TIMEOUT_MS
    assert pragma(memory, "temp_store") == 2  # MEMORY
    assert pragma(memory, "synchronous") == 2  # FULL
    assert memory.isolation_level is None
    assert not memory.in_transaction


def test_the_errors_raised_are_the_engines_own(memory: sqlite3.Connection) -> None:
    """A broken constraint raises engine.IntegrityError (sqlcipher3's class), not sqlite3's."""
    memory.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    memory.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(engine.IntegrityError) as caught:
        memory.execute("INSERT INTO t VALUES (1)")
    assert not isinstance(caught.value, sqlite3.IntegrityError)
    assert issubclass(engine.IntegrityError, engine.DatabaseError)
    assert issubclass(engine.OperationalError, engine.Error)


def test_a_file_is_encrypted_in_wal_mode(tmp_path: Path) -> None:
    """A file opened with a key is in WAL mode and starts with the key's salt, not SQLite's header."""
    path = tmp_path / "k.db"
    conn = engine.connect(path, KEY)
    try:
        assert str(pragma(conn, "journal_mode")).lower() == "wal"
        conn.execute("CREATE TABLE t (x)")
    finally:
        conn.close()
    assert KEY.made(path.read_bytes())
    assert file_kind(path) is FileKind.KIOSK


def test_wal_can_be_left_off(tmp_path: Path) -> None:
    """wal=False keeps the rollback journal (DELETE mode)."""
    conn = engine.connect(tmp_path / "k.db", KEY, wal=False)
    try:
        assert str(pragma(conn, "journal_mode")).lower() == "delete"
    finally:
        conn.close()


def test_a_read_only_connection_reads_and_cannot_write(tmp_path: Path) -> None:
    """read_only opens the file for reading: rows are there, a write is refused."""
    path = tmp_path / "k.db"
    conn = engine.connect(path, KEY)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.close()
    reader = engine.connect(path, KEY, read_only=True)
    try:
        assert reader.execute("SELECT x FROM t").fetchall() == [(1,)]
        with pytest.raises(engine.OperationalError, match="readonly"):
            reader.execute("INSERT INTO t VALUES (2)")
    finally:
        reader.close()


def test_a_wrong_key_fails_at_connect(tmp_path: Path) -> None:
    """Another key raises engine.DatabaseError while connecting, and leaves the file as it was."""
    path = tmp_path / "k.db"
    conn = engine.connect(path, KEY)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(engine.DatabaseError):
        engine.connect(path, OTHER)
    assert path.read_bytes() == before


def test_export_writes_an_encrypted_copy_with_its_schema_version(
    memory: sqlite3.Connection, tmp_path: Path
) -> None:
    """export() copies every row and the user_version into a new file only the key opens."""
    memory.execute("CREATE TABLE t (x TEXT)")
    memory.execute("INSERT INTO t VALUES ('Ana')")
    memory.execute("PRAGMA user_version = 5")
    target = tmp_path / "copy.db"
    engine.export(memory, target, KEY)
    assert KEY.made(target.read_bytes())
    assert b"Ana" not in target.read_bytes()
    copy = engine.connect(target, KEY)
    try:
        assert copy.execute("SELECT x FROM t").fetchall() == [("Ana",)]
        assert pragma(copy, "user_version") == 5
    finally:
        copy.close()
    assert [row[1] for row in memory.execute("PRAGMA database_list")] == ["main"]


def test_a_transaction_that_reads_then_writes_waits_for_another_writer_instead_of_failing(
    two_connections: tuple[Database, Database],
) -> None:
    """A write transaction holds the write lock from its start (BEGIN IMMEDIATE): another
    connection's write made while it reads waits its turn, and both land. With a deferred BEGIN
    the first one's write after the other's commit failed at once with "database is locked"."""
    first, second = two_connections
    read_done = threading.Event()
    problems: list[BaseException] = []

    def other_writer() -> None:
        read_done.wait(5)
        try:
            with second.atomic():
                second.execute("INSERT INTO sync_state (name, value) VALUES ('other', '1')")
        except BaseException as exc:  # noqa: BLE001 -- reported by the assertion below
            problems.append(exc)

    thread = threading.Thread(target=other_writer)
    thread.start()
    with first.atomic():
        first.execute("SELECT count(*) FROM intakes").fetchone()
        read_done.set()
        time.sleep(0.3)  # the other writer tries meanwhile
        first.execute("INSERT INTO sync_state (name, value) VALUES ('first', '1')")
    thread.join(15)
    assert problems == []
    names = {r[0] for r in first.execute("SELECT name FROM sync_state").fetchall()}
    assert {"first", "other"} <= names
