"""kiosk.services.faults: the storage errors and fault kinds the screens and commands meet, and
the kind of a StorageFault and of a raw SQLite error."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from kiosk.core import faults as core_faults
from kiosk.services import faults
from kiosk.storage import errors
from kiosk.storage import faults as storage_faults


def test_it_exports_the_storage_errors_and_kinds_themselves() -> None:
    """The names the screens import are the storage package's own objects, not copies, so an
    ``except`` on them catches what storage raises."""
    assert set(faults.__all__) == {
        "DatabaseDamagedError",
        "Fault",
        "KeyProblemError",
        "StorageError",
        "StorageFault",
        "classify",
        "fault_kind",
        "is_storage_fault",
    }
    assert faults.StorageError is errors.StorageError
    assert faults.StorageFault is errors.StorageFault
    assert faults.DatabaseDamagedError is errors.DatabaseDamagedError
    assert faults.KeyProblemError is errors.KeyProblemError
    assert faults.Fault is core_faults.Fault
    assert faults.fault_kind is storage_faults.fault_kind
    assert faults.classify is storage_faults.classify
    assert faults.is_storage_fault is storage_faults.is_storage_fault


@pytest.mark.parametrize("kind", list(core_faults.Fault))
def test_the_kind_of_a_storage_fault_is_its_own(kind: core_faults.Fault) -> None:
    """fault_kind of a StorageFault is the kind it was made with."""
    fault = faults.StorageFault(kind, "words")
    assert faults.fault_kind(fault) is kind
    assert faults.is_storage_fault(fault)


def test_the_kinds_of_the_named_storage_errors() -> None:
    """Damage and key problems carry their kind by class; a plain StorageError is OTHER."""
    assert faults.fault_kind(faults.DatabaseDamagedError("x")) is faults.Fault.DAMAGED
    assert faults.fault_kind(faults.KeyProblemError("x")) is faults.Fault.KEY
    assert faults.fault_kind(faults.StorageError("x")) is faults.Fault.OTHER


def test_the_kind_of_a_raw_read_only_sqlite_error() -> None:
    """A raw sqlite3 error from a query made outside storage: its result code says READ_ONLY."""
    with closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("PRAGMA query_only = 1")
        with pytest.raises(sqlite3.Error) as caught:
            conn.execute("INSERT INTO t VALUES (1)")
    assert faults.is_storage_fault(caught.value)
    assert faults.classify(caught.value) is faults.Fault.READ_ONLY
    assert faults.fault_kind(caught.value) is faults.Fault.READ_ONLY


def test_the_kind_of_a_raw_error_on_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    """SQLITE_NOTADB from a raw connection is damage."""
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\xa5" * 4096)
    with closing(sqlite3.connect(junk)) as conn, pytest.raises(sqlite3.Error) as caught:
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    assert faults.fault_kind(caught.value) is faults.Fault.DAMAGED


def test_the_kind_of_a_fault_raised_from_a_raw_error_is_found_in_its_cause() -> None:
    """An exception raised ``from`` a full-disk OSError is classified by that cause."""
    try:
        try:
            raise OSError(28, "No space left on device")
        except OSError as cause:
            raise RuntimeError("while writing") from cause
    except RuntimeError as exc:
        assert faults.classify(exc) is faults.Fault.DISK_FULL


def test_anything_else_is_not_a_storage_fault() -> None:
    """A bug or bad input is no storage fault: no kind (OTHER when asked for one)."""
    problem = ValueError("bad input")
    assert not faults.is_storage_fault(problem)
    assert faults.classify(problem) is None
    assert faults.fault_kind(problem) is faults.Fault.OTHER
