"""Side effects a nurse sees during or after the infusion: what, how bad, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

OTHER_TEXT_MAX = 200


class SideEffectKind(StrEnum):
    """What was seen (the clinic pages' list)."""

    NAUSEA = "nausea"
    VOMITING = "vomiting"
    DIZZINESS = "dizziness"
    DISSOCIATION = "dissociation"
    HEADACHE = "headache"
    RAISED_BLOOD_PRESSURE = "raised_blood_pressure"
    RAISED_HEART_RATE = "raised_heart_rate"
    ANXIETY = "anxiety"
    OTHER = "other"


class Severity(StrEnum):
    """How bad it was."""

    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


@dataclass(frozen=True)
class SideEffect:
    """One side effect seen at ``seen_at``; ``other_text`` says what, for OTHER only."""

    kind: SideEffectKind
    severity: Severity
    seen_at: datetime
    other_text: str = ""

    def __post_init__(self) -> None:
        if self.seen_at.tzinfo is None:
            raise ValueError("the time a side effect was seen must carry its time zone")
        text = self.other_text.strip()
        if self.kind is SideEffectKind.OTHER:
            if not text:
                raise ValueError("say what the other side effect was")
            if len(text) > OTHER_TEXT_MAX or any(ord(c) < 32 for c in text):
                raise ValueError(f"at most {OTHER_TEXT_MAX} characters on one line")
        elif text:
            raise ValueError("only an 'other' side effect has its own words")
        object.__setattr__(self, "other_text", text)
