"""The audit log in tests: its stored rows read straight from the table, and a log that refuses."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def audit_rows(db: Database) -> list[dict[str, Any]]:
    """Every stored audit row, oldest first."""
    return list(db.query("SELECT * FROM audit ORDER BY id"))


def refuse_audit(db: Database) -> None:
    """The audit log refuses every new entry on this connection (a real SQLite ABORT); a test
    may ``DROP TRIGGER temp.refuse_audit`` to let it write again."""
    db.execute(
        "CREATE TEMP TRIGGER refuse_audit BEFORE INSERT ON main.audit"
        " BEGIN SELECT RAISE(ABORT, 'the audit log refuses this entry'); END"
    )
