"""Opening the database: migrations, durability pragmas, and a clear error for a broken file."""

from __future__ import annotations

import ctypes
import random
import sqlite3
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlcipher3 import _sqlite3 as sqlcipher_module  # type: ignore[attr-defined]
from sqlcipher3 import dbapi2 as sqlcipher
from sqlite_utils import Database

from kiosk.storage import engine
from kiosk.storage.db import (
    DatabaseDamagedError,
    StorageError,
    database_path,
    open_database,
    release_memory,
)
from kiosk.storage.migrations import MIGRATIONS

TABLES = {
    "_sqlite_migrations",
    "appointments",
    "intakes",
    "answers",
    "steps",
    "flags",
    "scores",
    "consents",
    "staff",
    "vitals",
    "discharges",
    "prints",
    "outbox",
    "sync_state",
    "sqlite_sequence",  # the outbox sequence is AUTOINCREMENT: never reused
    "audit",
    "infusions",
    "infusion_corrections",
    "side_effects",
    "readiness_checks",
}


@pytest.fixture
def file_db(tmp_path: Path) -> Iterator[Database]:
    """A migrated database in a file under tmp_path, always closed."""
    database = open_database(tmp_path / "k.db")
    try:
        yield database
    finally:
        database.close()


def _schema(db: Database) -> list[tuple[str, str, str]]:
    return [
        (row[0], row[1], row[2])
        for row in db.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
    ]


def test_migrations_from_empty_create_every_table(db: Database) -> None:
    """A new database has every table of the schema, each STRICT, and the migration recorded."""
    assert set(db.table_names()) == TABLES
    for name in TABLES - {"_sqlite_migrations", "sqlite_sequence"}:
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [name]).fetchone()[0]
        assert sql.rstrip().endswith("STRICT"), f"{name} is not STRICT"
    applied = [m.name for m in MIGRATIONS.applied(db)]
    assert applied == [
        "m001_intake",
        "m002_nurse_station",
        "m003_audit",
        "m004_signed_consents",
        "m005_consent_summary",
        "m006_outbox",
        "m007_consent_signature",
        "m008_witness_accounts",
        "m009_infusion_watch",
    ]
    assert MIGRATIONS.pending(db) == []


def test_migrations_create_the_indexes(db: Database) -> None:
    """The lookups by day and name, and by intake, have their indexes."""
    indexes = {
        row[0]
        for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
    }
    assert {"intakes_day", "consents_intake"} <= indexes


def test_applying_migrations_twice_is_a_no_op(db: Database) -> None:
    """Applying the migrations again changes neither the schema nor the migration record."""
    schema = _schema(db)
    applied = MIGRATIONS.applied(db)
    MIGRATIONS.apply(db)
    assert _schema(db) == schema
    assert MIGRATIONS.applied(db) == applied


def test_reopening_a_file_keeps_its_data(tmp_path: Path) -> None:
    """Opening an existing database migrates nothing again and keeps what was stored."""
    path = tmp_path / "k.db"
    first = open_database(path)
    try:
        first.execute(
            "INSERT INTO appointments (day, first_name, last_name, birth_date, name_key, created_at)"
            " VALUES ('2026-11-21', 'Ana', 'Ruiz', '1990-01-01', 'ana|ruiz', 'now')"
        )
        schema = _schema(first)
    finally:
        first.close()
    second = open_database(path)
    try:
        assert _schema(second) == schema
        assert second.execute("SELECT count(*) FROM appointments").fetchone()[0] == 1
        assert MIGRATIONS.pending(second) == []
    finally:
        second.close()


def test_a_file_database_is_durable(file_db: Database) -> None:
    """A file database is in WAL mode, with synchronous FULL and foreign keys enforced."""
    assert file_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert file_db.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert file_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert file_db.execute("PRAGMA busy_timeout").fetchone()[0] == 10000
    assert file_db.conn.isolation_level is None


def test_the_in_memory_database_enforces_foreign_keys(db: Database) -> None:
    """The test database behaves like the real one: foreign keys on, synchronous FULL."""
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2
    with pytest.raises(engine.IntegrityError, match="FOREIGN KEY"):
        db.execute("INSERT INTO steps (intake_id, step_key, confirmed_at) VALUES (999, 'x', 'now')")


def test_the_database_lives_in_the_data_folder(tmp_path: Path) -> None:
    """database_path names kiosk.db inside the data folder, and opening it creates the folder."""
    path = database_path(tmp_path / "data" / "nested")
    assert path == tmp_path / "data" / "nested" / "kiosk.db"
    database = open_database(path)
    database.close()
    assert path.is_file()


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[sqlite3.Connection]:
    """Every SQLCipher connection opened during the test, to check that none is left open."""
    opened: list[sqlite3.Connection] = []
    real_connect: Callable[..., sqlite3.Connection] = sqlcipher.connect

    def spy(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)
        opened.append(conn)
        return conn

    monkeypatch.setattr(sqlcipher, "connect", spy)
    return opened


def _is_closed(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT 1")
    except engine.ProgrammingError:
        return True
    return False


@pytest.mark.parametrize(
    "content",
    [
        random.Random(20261121).randbytes(8192),
        b"This is not a database, it is a note someone saved here.\n" * 50,
    ],
    ids=["random_bytes", "text"],
)
def test_a_corrupt_file_raises_storage_error_and_closes(
    tmp_path: Path, connections: list[sqlite3.Connection], content: bytes
) -> None:
    """A file that is not a database: DatabaseDamagedError naming the file, nothing left open."""
    path = tmp_path / "k.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseDamagedError) as caught:
        open_database(path)
    message = str(caught.value)
    assert str(path) in message
    assert "damaged" in message
    assert "not a database" in message
    assert isinstance(caught.value.__cause__, engine.DatabaseError)
    assert connections, "open_database did not go through sqlcipher3's connect"
    assert all(_is_closed(conn) for conn in connections)
    assert path.read_bytes() == content  # the broken file is left as it was, for a technician


def test_a_data_folder_that_is_a_file_raises_storage_error(
    tmp_path: Path, connections: list[sqlite3.Connection]
) -> None:
    """When the data folder cannot be made (a file is in the way), the error says so plainly."""
    blocker = tmp_path / "data"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(StorageError, match="the data folder cannot be used"):
        open_database(blocker / "kiosk.db")
    assert all(_is_closed(conn) for conn in connections)


def test_the_database_and_a_new_data_folder_are_owner_only(tmp_path: Path) -> None:
    """A new data folder is 0700 and the database with its -wal and -shm 0600; a database left
    readable by others is tightened at the next open."""
    data_dir = tmp_path / "new" / "data"
    path = database_path(data_dir)
    db = open_database(path)
    try:
        db.execute("CREATE TABLE t (x)")
        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
        for suffix in ("", "-wal", "-shm"):
            assert stat.S_IMODE(Path(f"{path}{suffix}").stat().st_mode) == 0o600, suffix
    finally:
        db.close()
    path.chmod(0o644)
    open_database(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def _sqlite_memory_used() -> int:
    """Bytes SQLite (the SQLCipher build the kiosk runs on) holds across the process now."""
    library = ctypes.CDLL(sqlcipher_module.__file__)
    library.sqlite3_memory_used.restype = ctypes.c_int64
    return int(library.sqlite3_memory_used())


def test_release_memory_lets_go_of_the_pages_read_and_keeps_the_data(
    file_db: Database,
) -> None:
    """After a few MB were written and read through the connection, its page cache holds them
    (decrypted); release_memory gives that memory back and the data reads the same after.
    On a closed connection it does nothing."""
    rows = [[index, "x" * 2000] for index in range(1500)]
    with file_db.atomic():
        file_db.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT")
        file_db.conn.executemany("INSERT INTO big VALUES (?, ?)", rows)
    assert file_db.execute("SELECT count(*), sum(length(text)) FROM big").fetchone() == (
        1500,
        3_000_000,
    )
    held = _sqlite_memory_used()
    release_memory(file_db)
    assert held - _sqlite_memory_used() > 2_000_000
    assert file_db.execute("SELECT count(*), sum(length(text)) FROM big").fetchone() == (
        1500,
        3_000_000,
    )
    file_db.close()
    release_memory(file_db)
