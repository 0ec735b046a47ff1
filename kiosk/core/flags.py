"""Flags for the nurse: what a rule or an alert raised, how serious, and why."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.core.text import Localized


class Level(StrEnum):
    """How urgently a nurse must look: red before the infusion, amber worth knowing."""

    RED = "red"
    AMBER = "amber"


@dataclass(frozen=True)
class Flag:
    """One thing the nurse must see, raised by ``source`` (a form id)."""

    code: str
    level: Level
    source: str
    reason: Localized
    alert: bool = False  # an alarm that stays on the board until acknowledged (PHQ-9 item 9)

    @property
    def rank(self) -> int:
        """Sort key: alerts, then red, then amber."""
        if self.alert:
            return 0
        return 1 if self.level is Level.RED else 2
