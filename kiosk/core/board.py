"""The nurse's board: today's intakes with their flags, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kiosk.core.intake_record import IntakeSummary


def urgency(row: IntakeSummary) -> tuple[int, str]:
    """Sort key: open alerts, then red, then amber, then none; earliest arrival first."""
    if row.open_alerts:
        rank = 0
    elif row.reds:
        rank = 1
    elif row.ambers:
        rank = 2
    else:
        rank = 3
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
