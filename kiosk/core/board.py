"""The nurse's board: today's intakes with their flags, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kiosk.core.intake_record import IntakeSummary


def urgency(row: IntakeSummary) -> tuple[int, str]:
    """Sort key: open alerts, then red, then amber, then none; earliest arrival first."""
    rank = 3
    for flag in row.flags:  # one pass (the board sorts every time anything is committed)
        if flag.open_alert:
            return 0, row.created_at
        if flag.level == "red":
            rank = 1
        elif flag.level == "amber" and rank > 1:
            rank = 2
    return rank, row.created_at


def sort_board(rows: list[IntakeSummary]) -> list[IntakeSummary]:
    """Most urgent first."""
    return sorted(rows, key=urgency)


@dataclass(frozen=True)
class ScorePoint:
    """One earlier (or today's) score of the same patient, for the trend."""

    day: date
    instrument: str
    total: int
    severity: str
