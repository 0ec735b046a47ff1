"""Stored rows read straight from the tables, as an oracle for what the product's reader returns."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database


class Rows:
    """Raw rows of one database by intake, with no help from the kiosk's own reader."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _all(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        return list(self.db.query(sql, params))

    def intake(self, intake_id: int) -> dict[str, Any] | None:
        """The intake row."""
        rows = self._all("SELECT * FROM intakes WHERE id = ?", [intake_id])
        return rows[0] if rows else None

    def answers(self, intake_id: int) -> list[dict[str, Any]]:
        """Every confirmed answer, in the order given."""
        return self._all(
            "SELECT * FROM answers WHERE intake_id = ? ORDER BY answered_at, rowid", [intake_id]
        )

    def flags(self, intake_id: int) -> list[dict[str, Any]]:
        """The flags, alerts and reds first."""
        return self._all(
            "SELECT * FROM flags WHERE intake_id = ? ORDER BY alert DESC,"
            " CASE level WHEN 'red' THEN 0 ELSE 1 END, id",
            [intake_id],
        )

    def scores(self, intake_id: int) -> dict[str, dict[str, Any]]:
        """Scores by instrument."""
        rows = self._all("SELECT * FROM scores WHERE intake_id = ?", [intake_id])
        return {r["instrument"]: r for r in rows}

    def consents(self, intake_id: int) -> list[dict[str, Any]]:
        """Signed consents, newest last."""
        return self._all("SELECT * FROM consents WHERE intake_id = ? ORDER BY id", [intake_id])

    def steps(self, intake_id: int) -> set[str]:
        """Confirmed step keys."""
        return {
            r["step_key"]
            for r in self._all("SELECT step_key FROM steps WHERE intake_id = ?", [intake_id])
        }

    def ride(self, intake_id: int) -> dict[str, str]:
        """The ride answers by question id, as text."""
        return {
            r["question_id"]: str(json.loads(r["value"]))
            for r in self._all(
                "SELECT question_id, value FROM answers WHERE intake_id = ? AND form_id = 'ride'",
                [intake_id],
            )
        }

    def vitals(self, intake_id: int) -> list[dict[str, Any]]:
        """Every set of vitals with the recorder's name, oldest first."""
        return self._all(
            "SELECT v.*, s.name AS recorded_by_name FROM vitals v LEFT JOIN staff s"
            " ON s.id = v.recorded_by WHERE v.intake_id = ? ORDER BY v.id",
            [intake_id],
        )

    def prints(self, intake_id: int) -> list[dict[str, Any]]:
        """Every print attempt, oldest first."""
        return self._all("SELECT * FROM prints WHERE intake_id = ? ORDER BY id", [intake_id])

    def discharge(self, intake_id: int) -> dict[str, Any] | None:
        """The discharge row, if any."""
        rows = self._all("SELECT * FROM discharges WHERE intake_id = ?", [intake_id])
        return rows[0] if rows else None
