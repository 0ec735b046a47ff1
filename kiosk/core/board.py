"""The nurse's board: today's intakes with their flags, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class BoardFlag:
    """A stored flag as the nurse sees it."""

    id: int
    code: str
    level: str  # red | amber
    alert: bool
    reason: dict[str, str]  # language -> text
    acknowledged_by: str | None = None
    acknowledged_at: str | None = None

    @property
    def open_alert(self) -> bool:
        """An alarm nobody has acknowledged yet."""
        return self.alert and self.acknowledged_at is None

    def text(self, language: str) -> str:
        """The reason in ``language`` (English if missing)."""
        return self.reason.get(language) or self.reason.get("en") or self.code


@dataclass(frozen=True)
class BoardRow:
    """One intake of the day."""

    intake_id: int
    first_name: str
    last_name: str
    birth_date: str
    verified: bool
    stage: str
    language: str
    created_at: str
    completed_at: str | None
    flags: tuple[BoardFlag, ...] = ()

    @property
    def name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"

    @property
    def open_alerts(self) -> tuple[BoardFlag, ...]:
        """Alarms waiting for a nurse."""
        return tuple(f for f in self.flags if f.open_alert)

    @property
    def reds(self) -> tuple[BoardFlag, ...]:
        """Red flags (alerts included)."""
        return tuple(f for f in self.flags if f.level == "red")

    @property
    def ambers(self) -> tuple[BoardFlag, ...]:
        """Amber flags."""
        return tuple(f for f in self.flags if f.level == "amber")

    def urgency(self) -> tuple[int, str]:
        """Sort key: open alerts, then red, then amber, then none; earliest arrival first."""
        if self.open_alerts:
            rank = 0
        elif self.reds:
            rank = 1
        elif self.ambers:
            rank = 2
        else:
            rank = 3
        return rank, self.created_at


def sort_board(rows: list[BoardRow]) -> list[BoardRow]:
    """Most urgent first."""
    return sorted(rows, key=BoardRow.urgency)


@dataclass(frozen=True)
class ScorePoint:
    """One earlier (or today's) score of the same patient, for the trend."""

    day: date
    instrument: str
    total: int
    severity: str
