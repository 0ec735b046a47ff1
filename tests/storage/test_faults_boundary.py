"""The storage boundary: a real fault met inside a repository method or storage function leaves
as a StorageFault of the right kind, raised from the driver's own error; the storage package's
own errors and input errors pass unchanged, and the transaction is rolled back as before."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlite_utils import Database

from kiosk.core.clock import FakeClock
from kiosk.core.faults import Fault
from kiosk.core.forms.settings import StaffSettings
from kiosk.core.staff import Role, StaffError
from kiosk.storage import engine
from kiosk.storage.audit import AuditLog
from kiosk.storage.errors import DatabaseDamagedError, StorageError, StorageFault
from kiosk.storage.faults import boundary, classify, fault_kind
from kiosk.storage.reader import iter_intakes
from kiosk.storage.staff import StaffRepository
from kiosk.storage.station import StationRepository
from tests.helpers.faults import fill_disk, free_disk

CHEAP = 2**10


def _is_driver_error(exc: BaseException | None) -> bool:
    return isinstance(exc, sqlite3.Error | engine.Error)


def test_a_full_disk_through_the_audit_log(db: Database, clock: FakeClock) -> None:
    """SQLITE_FULL inside AuditLog.record: a DISK_FULL StorageFault from the driver's error,
    and nothing of the entry is kept."""
    log = AuditLog(db, clock)
    log.record("nurse", "first")
    fill_disk(db)
    with pytest.raises(StorageFault) as raised:
        log.record("nurse", "second", note="x" * 50_000)  # needs new pages
    free_disk(db)
    assert raised.value.kind is Fault.DISK_FULL
    assert _is_driver_error(raised.value.__cause__)
    assert classify(raised.value.__cause__) is Fault.DISK_FULL  # type: ignore[arg-type]
    assert "full" in str(raised.value)
    assert [e.action for e in log.entries()] == ["first"]
    assert not db.conn.in_transaction


def test_a_read_only_database_through_the_staff_repository(db: Database, clock: FakeClock) -> None:
    """SQLITE_READONLY inside StaffRepository.add: READ_ONLY."""
    staff = StaffRepository(db, clock, StaffSettings(), cost=CHEAP)
    db.execute("PRAGMA query_only = ON")
    try:
        with pytest.raises(StorageFault) as raised:
            staff.add("Nora Nurse", Role.NURSE, "482915")
    finally:
        db.execute("PRAGMA query_only = OFF")
    assert raised.value.kind is Fault.READ_ONLY
    assert _is_driver_error(raised.value.__cause__)
    assert staff.members() == []


def test_a_database_held_by_another_program_is_busy(
    two_connections: tuple[Database, Database], clock: FakeClock
) -> None:
    """Another connection holds the write lock: StationRepository's write is BUSY."""
    mine, other = two_connections
    mine.execute("PRAGMA busy_timeout = 0")
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageFault) as raised:
            StationRepository(mine, clock).acknowledge(1, None, "Nora Nurse")
    finally:
        other.execute("ROLLBACK")
    assert raised.value.kind is Fault.BUSY
    assert _is_driver_error(raised.value.__cause__)


def test_the_export_reader_is_wrapped_while_it_streams(db: Database) -> None:
    """A generator function too: a closed connection met while reading leaves as a fault."""
    db.close()
    with pytest.raises(StorageFault) as raised:
        list(iter_intakes(db, date(2026, 1, 1), date(2026, 12, 31)))
    assert raised.value.kind is Fault.OTHER
    assert _is_driver_error(raised.value.__cause__)


def test_input_errors_and_the_storage_errors_own_types_pass_unchanged(
    db: Database, clock: FakeClock
) -> None:
    """A bad PIN is a StaffError (a ValueError), an unknown intake a LookupError: neither is a
    storage fault. A DatabaseDamagedError keeps its type and says DAMAGED."""
    staff = StaffRepository(db, clock, StaffSettings(), cost=CHEAP)
    with pytest.raises(StaffError) as bad_pin:
        staff.add("Nora Nurse", Role.NURSE, "1")
    assert not isinstance(bad_pin.value, StorageError)
    with pytest.raises(LookupError):
        StationRepository(db, clock).intake(999)

    @boundary
    def damaged() -> None:
        raise DatabaseDamagedError("the file is damaged")

    with pytest.raises(DatabaseDamagedError) as raised:
        damaged()
    assert type(raised.value) is DatabaseDamagedError
    assert raised.value.kind is Fault.DAMAGED


def test_a_plain_storage_error_from_a_driver_error_gets_its_kind() -> None:
    """A StorageError the storage package raised from a driver error takes that error's kind."""

    @boundary
    def refuse() -> None:
        try:
            sqlite3.connect(":memory:").execute("PRAGMA query_only = ON").execute(
                "CREATE TABLE t (x)"
            )
        except sqlite3.Error as exc:
            raise StorageError("backup not written") from exc

    with pytest.raises(StorageError) as raised:
        refuse()
    assert raised.value.kind is Fault.READ_ONLY
    assert fault_kind(raised.value) is Fault.READ_ONLY


def test_os_errors_are_faults_too() -> None:
    """An OSError met inside storage: its errno says the kind."""

    @boundary
    def write() -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(StorageFault) as raised:
        write()
    assert raised.value.kind is Fault.DISK_FULL
    assert isinstance(raised.value.__cause__, OSError)
