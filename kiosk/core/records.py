"""What the session hands to storage, and what storage hands back: plain records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from kiosk.core.consent import SignedConsent
from kiosk.core.flags import Flag
from kiosk.core.forms.model import Answer
from kiosk.core.identity import Identity
from kiosk.core.scoring import Score


class Stage(StrEnum):
    """Where an intake is in the clinic's day, in order."""

    CHECKING_IN = "checking_in"
    CHECKLIST_DONE = "checklist_done"
    CONSENT_SIGNED = "consent_signed"
    IN_CHAIR = "in_chair"
    DISCHARGED = "discharged"

    @property
    def order(self) -> int:
        """Position in the day; a stage never moves back."""
        return list(Stage).index(self)


@dataclass(frozen=True)
class StoredAnswer:
    """One confirmed answer, with the question and answer as the patient saw them."""

    form_id: str
    question_id: str
    value: Answer
    question_text: str
    answer_text: str


@dataclass(frozen=True)
class StepRecord:
    """Everything one confirmed step writes, in one transaction."""

    intake_id: int
    step_key: str
    form_id: str
    replaces: tuple[str, ...]
    answers: tuple[StoredAnswer, ...]
    flags: tuple[Flag, ...] = ()
    score: Score | None = None
    stage: Stage | None = None
    confirmed_at: datetime | None = None


@dataclass(frozen=True)
class NewIntake:
    """A new intake as the identify step creates it."""

    day: date
    identity: Identity
    language: str
    appointment_id: int | None
    form_versions: dict[str, str]
    created_at: datetime


@dataclass
class Progress:
    """An intake as saved: what a resumed session starts from."""

    intake_id: int
    verified: bool
    answers: dict[str, dict[str, Answer]] = field(default_factory=dict)
    confirmed: set[str] = field(default_factory=set)
    consent_signed: bool = False
    completed: bool = False


class IntakeStore(Protocol):
    """What the session needs from storage; every write returns only after COMMIT."""

    def match_appointment(self, day: date, identity: Identity) -> int | None:
        """Today's appointment for this name and date of birth."""
        ...

    def open_intake(self, day: date, identity: Identity) -> Progress | None:
        """This person's intake of the day, if any."""
        ...

    def create_intake(self, new: NewIntake) -> int:
        """Store a new intake; returns its id."""
        ...

    def set_language(self, intake_id: int, language: str) -> None:
        """The language the patient is using now."""
        ...

    def confirm_step(self, record: StepRecord) -> None:
        """Answers, flags, score, stage and the step mark, all or nothing."""
        ...

    def save_consent(self, intake_id: int, signed: SignedConsent, completed_at: datetime) -> int:
        """The signed consent, its copy, the stage and completion, all or nothing."""
        ...
