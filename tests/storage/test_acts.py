"""one_act: an act's writes and its audit entry commit together or not at all, nest inside a
caller's transaction, anchor the log after COMMIT, and leave storage only as a StorageFault."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.core.audit import AuditAction
from kiosk.core.clock import FakeClock
from kiosk.storage.acts import one_act
from kiosk.storage.audit_anchor import anchor_place, read_anchor
from kiosk.storage.db import database_path, open_database
from kiosk.storage.errors import StorageFault
from kiosk.storage.faults import fault_kind, is_storage_fault
from tests.helpers.audit import audit_rows


class ActFailedError(Exception):
    """A failure in the middle of an act."""


def add_appointment(db: Database, first: str) -> None:
    """One appointment row (a write an act may make)."""
    db.execute(
        "INSERT INTO appointments (day, time, first_name, last_name, birth_date, name_key, note,"
        " created_at) VALUES ('2026-11-21', '', ?, 'Tester', '1980-01-01', ?, '', 'x')",
        [first, f"{first.lower()}|tester"],
    )


def names(db: Database) -> list[str]:
    """The first names of the stored appointments."""
    return [r["first_name"] for r in db.query("SELECT first_name FROM appointments ORDER BY id")]


def test_the_writes_and_the_entry_commit_together(
    two_connections: tuple[Database, Database], clock: FakeClock
) -> None:
    """Inside the act another connection sees neither; after it, both the write and the entry,
    and the entry's id is what ``record`` returned."""
    db, other = two_connections
    with one_act(db, clock) as act:
        add_appointment(db, "Ana")
        entry_id = act.record("Ada Admin", AuditAction.APPOINTMENT_ADD, "2026-11-21", rows=1)
        assert db.conn.in_transaction
        assert (names(other), audit_rows(other)) == ([], [])
    assert not db.conn.in_transaction
    assert names(other) == ["Ana"]
    [entry] = audit_rows(other)
    assert (entry["id"], entry["actor"], entry["action"], entry["detail"]) == (
        entry_id,
        "Ada Admin",
        "add_appointment",
        '{"rows": 1}',
    )


def test_an_exception_rolls_back_the_writes_and_the_entry(db: Database, clock: FakeClock) -> None:
    """An exception inside the act (after the entry was recorded) leaves as it is, and neither
    the write nor the entry is stored."""
    with pytest.raises(ActFailedError), one_act(db, clock) as act:
        add_appointment(db, "Ana")
        act.record("Ada Admin", AuditAction.APPOINTMENT_ADD)
        raise ActFailedError
    assert (names(db), audit_rows(db)) == ([], [])
    assert not db.conn.in_transaction


def test_inside_a_callers_transaction_the_act_is_a_savepoint(
    db: Database, clock: FakeClock
) -> None:
    """Nested in ``db.atomic()``: a failed act rolls back only its own writes and entry; a
    finished one commits with the caller, or rolls back with it."""
    with db.atomic():
        add_appointment(db, "Outer")
        with pytest.raises(ActFailedError), one_act(db, clock) as act:
            add_appointment(db, "Failed")
            act.record("Ada Admin", AuditAction.APPOINTMENT_ADD, "failed")
            raise ActFailedError
        assert db.conn.in_transaction  # the caller's transaction goes on
        with one_act(db, clock) as act:
            add_appointment(db, "Done")
            act.record("Ada Admin", AuditAction.APPOINTMENT_ADD, "done")
        assert db.conn.in_transaction  # not committed by the act
    assert names(db) == ["Outer", "Done"]
    assert [e["subject"] for e in audit_rows(db)] == ["done"]
    with pytest.raises(ActFailedError), db.atomic():
        with one_act(db, clock) as act:
            add_appointment(db, "Undone")
            act.record("Ada Admin", AuditAction.APPOINTMENT_ADD, "undone")
        raise ActFailedError
    assert names(db) == ["Outer", "Done"]
    assert [e["subject"] for e in audit_rows(db)] == ["done"]


def test_the_anchor_follows_the_commit(data_dir: Path, clock: FakeClock) -> None:
    """The audit anchor outside the database names the newest entry once it is committed: not
    during the act, nor while a caller's transaction is open; right after the COMMIT."""
    db = open_database(database_path(data_dir))
    try:
        place = anchor_place(db).path
        assert place is not None
        with one_act(db, clock) as act:
            act.record("Ada Admin", AuditAction.APPOINTMENT_ADD, "first")
            assert read_anchor(place) is None
        first = audit_rows(db)[0]
        anchor = read_anchor(place)
        assert anchor is not None
        assert (anchor.entries, anchor.first_hash, anchor.head_hash) == (
            1,
            first["hash"],
            first["hash"],
        )
        with db.atomic():
            with one_act(db, clock) as act:
                act.record("Ada Admin", AuditAction.APPOINTMENT_ADD, "nested")
            assert read_anchor(place) == anchor  # the caller has not committed yet
        with one_act(db, clock) as act:
            act.record("Ada Admin", AuditAction.APPOINTMENT_ADD, "third")
        newest = audit_rows(db)[-1]
        anchor = read_anchor(place)
        assert anchor is not None
        assert (anchor.entries, anchor.head_hash) == (3, newest["hash"])
    finally:
        db.close()


def test_a_driver_error_at_commit_leaves_as_a_storage_fault(db: Database, clock: FakeClock) -> None:
    """A deferred foreign key the COMMIT refuses (a real SQLite error raised by COMMIT itself):
    the act raises a StorageFault chained from the driver's error, and nothing is stored."""
    reached: list[str] = []
    with pytest.raises(StorageFault) as caught, one_act(db, clock) as act:
        db.execute("PRAGMA defer_foreign_keys = ON")
        db.execute(
            "INSERT INTO prints (intake_id, document, printed_by, queue, job_id, status,"
            " printed_at) VALUES (999, 'aftercare', 'N', 'q', '1', 'sent', 'x')"
        )  # no intake 999: allowed until COMMIT
        act.record("Nora Nurse", AuditAction.PRINT, "intake 999")
        reached.append("the end of the act")
    assert reached == ["the end of the act"]  # so it was the COMMIT that failed
    cause = caught.value.__cause__
    assert cause is not None and is_storage_fault(cause)
    assert not isinstance(cause, StorageFault)
    assert isinstance(cause, sqlite3.Error) or type(cause).__module__.startswith("sqlcipher3")
    assert "FOREIGN KEY" in str(caught.value)
    assert fault_kind(caught.value) is caught.value.kind
    assert not db.conn.in_transaction
    assert list(db.query("SELECT * FROM prints")) == []
    assert audit_rows(db) == []
