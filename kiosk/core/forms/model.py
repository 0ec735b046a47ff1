"""Dataclasses the form files are parsed into."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.core.forms.settings import Settings
from kiosk.core.text import Localized

# What a patient's answer to one question can be: a choice's value, a number, text, or several values.
Answer = str | int | float | list[str]


class QuestionType(StrEnum):
    """How a question is asked and what its answer looks like."""

    YES_NO = "yes_no"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    HOURS = "hours"
    TEXT = "text"
    PHONE = "phone"


@dataclass(frozen=True)
class Option:
    """One answer a patient can touch."""

    value: str
    label: Localized


@dataclass(frozen=True)
class Condition:
    """A test on one answer: ``question`` compared by ``op`` with ``value``."""

    question: str
    op: str  # equals | not_equals | any_of | less_than | greater_than | answered
    value: str | float | tuple[str, ...] | bool
    setting: str | None = None  # for less_than/greater_than: a settings key instead of a number


@dataclass(frozen=True)
class Question:
    """One question of a questionnaire page."""

    id: str
    type: QuestionType
    text: Localized
    hint: Localized | None = None
    required: bool = True
    options: tuple[Option, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = 200
    show_if: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Page:
    """Questions shown together on one screen."""

    id: str
    title: Localized
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Rule:
    """Turns answers into a flag for the nurse when every condition holds."""

    id: str
    level: str  # red | amber
    when: tuple[Condition, ...]
    reason: Localized


@dataclass(frozen=True)
class Questionnaire:
    """A branching questionnaire in pages (the checklist, the ride home)."""

    id: str
    version: str
    title: Localized
    pages: tuple[Page, ...]
    rules: tuple[Rule, ...]
    file: str = ""

    def questions(self) -> dict[str, Question]:
        """Every question by id, in order."""
        return {q.id: q for page in self.pages for q in page.questions}


@dataclass(frozen=True)
class SeverityBand:
    """A total range and its name."""

    minimum: int
    maximum: int
    label: Localized
    key: str


@dataclass(frozen=True)
class InstrumentItem:
    """One scored item."""

    id: str
    text: Localized


@dataclass(frozen=True)
class Alert:
    """An item whose answer above ``above`` raises an immediate alert."""

    item: str
    above: int
    reason: Localized


@dataclass(frozen=True)
class Instrument:
    """A standard scored instrument (PHQ-9, GAD-7), reproduced exactly."""

    id: str
    version: str
    title: Localized
    stem: Localized
    options: tuple[tuple[int, Localized], ...]
    items: tuple[InstrumentItem, ...]
    severity: tuple[SeverityBand, ...]
    alert: Alert | None = None
    file: str = ""

    @property
    def max_total(self) -> int:
        """The highest possible total."""
        return len(self.items) * max(value for value, _ in self.options)


@dataclass(frozen=True)
class ConsentSection:
    """One section the patient agrees to."""

    id: str
    heading: Localized
    body: Localized


@dataclass(frozen=True)
class Consent:
    """One version of the consent text."""

    version: int
    title: Localized
    meaning: Localized
    sections: tuple[ConsentSection, ...]
    file: str = ""

    def text(self, language: str) -> str:
        """The canonical text the patient reads; its SHA-256 is stored with the signature."""
        parts = [self.title.get(language)]
        for section in self.sections:
            parts.append(section.heading.get(language))
            parts.append(section.body.get(language))
        parts.append(self.meaning.get(language))
        return "\n\n".join(parts) + "\n"


@dataclass(frozen=True)
class AftercareItem:
    """One line of the aftercare sheet's instructions or emergency block."""

    id: str
    text: Localized


# The aftercare sheet's own {fields} beyond the settings: {clinic_phone} may be in any text, the
# others only in their line, which must use the first (a no-driving line needs its {until}).
AFTERCARE_FIELDS: dict[str, tuple[str, ...]] = {
    "no_driving": ("until",),
    "ride": ("driver", "phone"),
    "questions": ("clinic_phone",),
    "next_appointment": ("next",),
    "discharged_by": ("nurse",),
    # "What happened today" ([today] of aftercare.toml)
    "infusion": ("started", "ended"),
    "infusion_started": ("started",),
    "seen": ("effect", "time", "severity"),
    "other_effect": ("other",),
}
SEVERITY_WORDS = ("mild", "moderate", "severe")
"""The severities the sheet names in words (kiosk.core.side_effects.Severity)."""


@dataclass(frozen=True)
class AftercareEffect:
    """A kind of side effect (kiosk.core.side_effects' kinds) as the sheet tells it."""

    kind: str
    name: Localized  # in plain words; "other": must hold {other}, the nurse's words
    if_continues: Localized  # what to do if it continues


@dataclass(frozen=True)
class AftercareToday:
    """The texts of "What happened today": the infusion's times, the side effects seen and
    what to do if they continue (one line per kind seen)."""

    heading: Localized
    infusion: Localized  # {started}, {ended}
    infusion_started: Localized  # {started}: the end was not marked
    seen_heading: Localized
    seen: Localized  # {effect}, {time}, {severity}
    severities: Mapping[str, Localized]  # SEVERITY_WORDS -> the word
    none_seen: Localized
    if_continues_heading: Localized
    effects: tuple[AftercareEffect, ...]  # one per kind

    def effect(self, kind: str) -> AftercareEffect:
        """The texts of ``kind``; an unknown kind is told as "other"."""
        for effect in self.effects:
            if effect.kind == kind:
                return effect
        return next(e for e in self.effects if e.kind == "other")


@dataclass(frozen=True)
class Aftercare:
    """The aftercare sheet's texts; their {placeholders} are filled in for each patient."""

    version: str
    title: Localized
    no_driving: Localized  # {until}
    ride: Localized  # {driver}, {phone}
    instructions_heading: Localized
    instructions: tuple[AftercareItem, ...]
    emergency_heading: Localized
    emergency: tuple[AftercareItem, ...]
    questions: Localized  # {clinic_phone}
    next_appointment: Localized  # {next}
    discharged_by: Localized  # {nurse}
    file: str = ""
    today: AftercareToday | None = None  # [today]; a sheet without it has no such section


@dataclass(frozen=True)
class ReadinessOption:
    """One answer to a scored readiness item, with its points."""

    id: str
    points: int
    text: Localized


@dataclass(frozen=True)
class ReadinessItem:
    """A criterion the nurse scores by choosing one option (walking, nausea, pain...)."""

    id: str
    text: Localized
    options: tuple[ReadinessOption, ...]

    @property
    def max_points(self) -> int:
        """The most this item can score."""
        return max(option.points for option in self.options)

    def option(self, option_id: str) -> ReadinessOption | None:
        """The option called ``option_id`` (None if there is none)."""
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class VitalsBand:
    """Readings within ``within_percent`` of the pre-infusion baseline score ``points``."""

    within_percent: int
    points: int


@dataclass(frozen=True)
class ReadinessVitals:
    """The criterion computed from the readings: bands against the pre-infusion baseline,
    widest last; beyond every band, 0 points."""

    text: Localized
    bands: tuple[VitalsBand, ...]

    @property
    def max_points(self) -> int:
        """The most the readings can score."""
        return max(band.points for band in self.bands)


@dataclass(frozen=True)
class ReadinessForm:
    """The discharge readiness checklist (forms/readiness.toml): scored items, the vital-signs
    criterion, the score that passes, and the items that must hold whatever the score."""

    id: str
    version: str
    title: Localized
    pass_score: int
    vitals: ReadinessVitals | None
    items: tuple[ReadinessItem, ...]
    requirements: tuple[tuple[str, Localized], ...]  # (id, text): each must be confirmed
    file: str = ""

    @property
    def max_score(self) -> int:
        """The best possible total."""
        vitals = self.vitals.max_points if self.vitals is not None else 0
        return vitals + sum(item.max_points for item in self.items)

    def item(self, item_id: str) -> ReadinessItem | None:
        """The scored item called ``item_id`` (None if there is none)."""
        return next((i for i in self.items if i.id == item_id), None)

    def label(self, code: str, language: str) -> str:
        """The words of an item, a requirement or the vital-signs criterion (by id)."""
        if code == "vitals" and self.vitals is not None:
            return self.vitals.text.get(language)
        item = self.item(code)
        if item is not None:
            return item.text.get(language)
        for requirement_id, text in self.requirements:
            if requirement_id == code:
                return text.get(language)
        return code


@dataclass(frozen=True)
class FormsBundle:
    """Everything loaded from one forms folder."""

    settings: Settings
    checklist: Questionnaire
    phq9: Instrument
    gad7: Instrument
    ride: Questionnaire
    consents: dict[int, Consent] = field(default_factory=dict)
    aftercare: Aftercare = field(kw_only=True)
    readiness: ReadinessForm = field(kw_only=True)

    @property
    def consent(self) -> Consent:
        """The newest consent version, the one patients see."""
        return self.consents[max(self.consents)]

    def versions(self) -> dict[str, str]:
        """Form id to version, stored with each intake."""
        return {
            self.checklist.id: self.checklist.version,
            self.phq9.id: self.phq9.version,
            self.gad7.id: self.gad7.version,
            self.ride.id: self.ride.version,
            "consent": str(self.consent.version),
        }
