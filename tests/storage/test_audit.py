"""The audit log: append-only by triggers, and a hash chain that names the first tampered entry."""

from __future__ import annotations

import itertools

import pytest
from sqlite_utils import Database

from kiosk.core.clock import FakeClock
from kiosk.storage import engine
from kiosk.storage.audit import AuditLog


@pytest.fixture
def log(db: Database, clock: FakeClock) -> AuditLog:
    """A log with five entries a minute apart."""
    audit = AuditLog(db, clock)
    for index, action in enumerate(["sign_in", "view_intake", "acknowledge", "print", "export"]):
        audit.record("Nora Nurse", action, f"intake {index + 1}", count=index)
        clock.advance(60)
    return audit


def test_entries_chain_and_verify(log: AuditLog) -> None:
    """Every entry follows the one before it; an untouched log verifies."""
    entries = log.entries()
    assert [e.action for e in entries] == [
        "sign_in",
        "view_intake",
        "acknowledge",
        "print",
        "export",
    ]
    assert all(b.previous_hash == a.hash for a, b in itertools.pairwise(entries))
    assert log.verify() is None


def test_update_and_delete_are_refused(log: AuditLog, db: Database) -> None:
    """The triggers make the table append-only."""
    with pytest.raises(engine.IntegrityError, match="append-only"):
        db.execute("UPDATE audit SET actor = 'someone else' WHERE id = 2")
    with pytest.raises(engine.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit WHERE id = 2")
    assert len(log.entries()) == 5


def _without_triggers(db: Database) -> None:
    """What someone with the file in hand could do."""
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("DROP TRIGGER audit_no_delete")


def test_a_changed_entry_is_named(log: AuditLog, db: Database) -> None:
    """Changing an entry's contents is found at that entry."""
    _without_triggers(db)
    db.execute("UPDATE audit SET actor = 'someone else' WHERE id = 3")
    assert log.verify() == (3, "its contents were changed")


def test_a_removed_entry_is_named(log: AuditLog, db: Database) -> None:
    """Removing an entry is found at the one after it."""
    _without_triggers(db)
    db.execute("DELETE FROM audit WHERE id = 2")
    problem = log.verify()
    assert problem is not None and problem[0] == 3 and "missing" in problem[1]


def test_reordered_entries_are_named(log: AuditLog, db: Database) -> None:
    """Swapping two entries breaks the chain where they were swapped."""
    _without_triggers(db)
    rows = {r["id"]: r for r in db.query("SELECT * FROM audit WHERE id IN (2, 3)")}
    columns = ["at", "actor", "action", "subject", "detail", "previous_hash", "hash"]
    for target, source in ((2, 3), (3, 2)):
        values = [rows[source][c] for c in columns]
        db.execute(
            "UPDATE audit SET at = ?, actor = ?, action = ?, subject = ?, detail = ?, previous_hash = ?,"
            " hash = ? || '' WHERE id = ?",
            [*values[:-1], values[-1] + ("x" if target == 2 else ""), target],
        )
    problem = log.verify()
    assert problem is not None and problem[0] == 2


def test_filters(log: AuditLog) -> None:
    """By day, by person, by action."""
    assert [e.action for e in log.entries(action="print")] == ["print"]
    assert len(log.entries(actor="Nora Nurse")) == 5
    assert log.entries(actor="nobody") == []
    assert len(log.entries(day="2026-11-21")) == 5
    assert log.entries(day="2026-11-20") == []
