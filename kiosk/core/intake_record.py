"""The read model: one intake as staff see it, as typed records (the board, the detail, exports)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from kiosk.core.forms.model import Answer
from kiosk.core.forms.required import RIDE_FORM
from kiosk.core.row_versions import LastChange

__all__ = [
    "AnswerRecord",
    "ConsentRecord",
    "DischargeRecord",
    "FlagRecord",
    "InfusionCorrection",
    "InfusionRecord",
    "IntakeRecord",
    "IntakeSummary",
    "PrintRecord",
    "ReadinessRecord",
    "ScoreRecord",
    "SideEffectRecord",
    "VitalsRecord",
    "verdict_since_end",
]


@dataclass(frozen=True)
class AnswerRecord:
    """One confirmed answer, with the question and answer as the patient saw them."""

    form_id: str
    question_id: str
    question_text: str
    value: Answer
    answer_text: str
    answered_at: str


@dataclass(frozen=True)
class FlagRecord:
    """A flag raised for the nurse, and who acknowledged it."""

    id: int
    code: str
    level: str  # red | amber
    source: str
    alert: bool
    reason: Mapping[str, str]  # language -> text
    raised_at: str
    acknowledged_by: str | None = None
    acknowledged_at: str | None = None

    @property
    def open_alert(self) -> bool:
        """An alarm nobody has acknowledged yet."""
        return self.alert and self.acknowledged_at is None

    def text(self, language: str) -> str:
        """The reason in ``language`` (English, then any, then the code when missing)."""
        return (
            self.reason.get(language)
            or self.reason.get("en")
            or next(iter(self.reason.values()), "")
            or self.code
        )

    @property
    def reason_en(self) -> str:
        """The reason in English (what exports carry)."""
        return self.text("en")


@dataclass(frozen=True)
class ScoreRecord:
    """An instrument's total and severity band."""

    instrument: str
    total: int
    severity: str
    scored_at: str


@dataclass(frozen=True)
class VitalsRecord:
    """One set of vital signs."""

    phase: str  # pre | during | discharge
    systolic: int
    diastolic: int
    heart_rate: int
    spo2: int
    recorded_by: str | None  # the staff member's name
    recorded_at: str


@dataclass(frozen=True)
class ConsentRecord:
    """The signed consent's metadata; the PDF only when read with it."""

    version: int
    language: str
    signed_at: str
    printed_name: str
    meaning: str
    text_sha256: str
    pdf_sha256: str
    agreed_sections: tuple[str, ...]
    stored_at: str
    pdf: bytes | None = field(default=None, repr=False)
    signature_method: str = "drawn"  # drawn | typed | witnessed
    typed_name: str = ""  # the typed signature
    witness_name: str = ""  # the staff member who witnessed it
    witness_staff_id: int | None = None
    witness_accounts: str = "kiosk"  # kiosk | server: whose staff ids witness_staff_id is one of


@dataclass(frozen=True)
class PrintRecord:
    """One attempt to print one of the intake's documents."""

    document: str
    printed_by: str
    queue: str
    job_id: str
    status: str  # sent | failed | saved
    detail: str
    saved_path: str
    printed_at: str


@dataclass(frozen=True)
class DischargeRecord:
    """What the nurse confirmed when the patient went home."""

    driver_name: str
    driver_phone: str
    driver_present: bool
    discharged_at: str
    no_driving_until: str
    nurse_name: str
    override_reason: str = (
        ""  # why the nurse discharged before the checklist passed ("": it passed)
    )


@dataclass(frozen=True)
class InfusionCorrection:
    """A nurse changed the infusion's start or end time, and why."""

    which: str  # started | ended
    old_at: str | None
    new_at: str
    reason: str
    corrected_by: str
    corrected_at: str


@dataclass(frozen=True)
class InfusionRecord:
    """When the infusion started and ended (as corrected), who marked it, and every correction."""

    started_at: str | None
    ended_at: str | None
    started_by: str = ""
    ended_by: str = ""
    corrections: tuple[InfusionCorrection, ...] = ()


@dataclass(frozen=True)
class SideEffectRecord:
    """A side effect the nurse saw: kiosk.core.side_effects' kind and severity, and when."""

    kind: str
    severity: str  # mild | moderate | severe
    seen_at: str
    other_text: str
    recorded_by: str
    recorded_at: str


@dataclass(frozen=True)
class ReadinessRecord:
    """One readiness check as scored by the form's version it names (kiosk.core.readiness)."""

    form_version: str
    answers: Mapping[str, str]  # item id -> option id
    confirmed: tuple[str, ...]  # requirement ids confirmed
    points: Mapping[str, int]  # criterion -> points (the vital signs' too)
    score: int
    max_score: int
    passed: bool
    reasons: tuple[str, ...]
    recorded_by: str
    recorded_at: str


@dataclass(frozen=True)
class IntakeSummary:
    """An intake as the board lists it: who, when, where in the day, and its flags.

    Times are ISO 8601 text as stored. ``device`` is the kiosk the intake came from when the
    clinic server read it ("" on a single kiosk's own database).
    """

    id: int
    day: date
    first_name: str
    last_name: str
    birth_date: date
    verified: bool
    language: str
    stage: str
    form_versions: Mapping[str, str]
    created_at: str
    updated_at: str
    completed_at: str | None
    flags: tuple[FlagRecord, ...] = ()  # alerts first, then red, then amber
    device: str = ""  # the kiosk it came from (the clinic server's read); "" on a kiosk
    version: int = 0  # the row version a station's act names (the clinic server's); 0 on a kiosk
    infusion_started_at: str | None = None  # for the board's chair states
    infusion_ended_at: str | None = None
    last_vitals_at: str | None = None  # the latest reading of any phase (vitals due or not)
    # the last readiness check since the infusion ended, the one a discharge counts (None: none)
    readiness_passed: bool | None = None

    @property
    def name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"

    @property
    def open_alerts(self) -> tuple[FlagRecord, ...]:
        """Alarms nobody has acknowledged."""
        return tuple(f for f in self.flags if f.open_alert)

    @property
    def reds(self) -> tuple[FlagRecord, ...]:
        """Red flags (alerts included)."""
        return tuple(f for f in self.flags if f.level == "red")

    @property
    def ambers(self) -> tuple[FlagRecord, ...]:
        """Amber flags."""
        return tuple(f for f in self.flags if f.level == "amber")


@dataclass(frozen=True)
class IntakeRecord(IntakeSummary):
    """One intake with everything stored about it."""

    answers: tuple[AnswerRecord, ...] = ()
    scores: Mapping[str, ScoreRecord] = field(default_factory=dict)
    vitals: tuple[VitalsRecord, ...] = ()
    consent: ConsentRecord | None = None  # the latest signed one
    prints: tuple[PrintRecord, ...] = ()
    discharge: DischargeRecord | None = None
    infusion: InfusionRecord | None = None
    side_effects: tuple[SideEffectRecord, ...] = ()  # in the order seen
    readiness: tuple[ReadinessRecord, ...] = ()  # oldest first: the last is the one that counts
    last_change: LastChange | None = None  # the clinic server's; None on a kiosk

    def answer(self, form_id: str, question_id: str) -> AnswerRecord | None:
        """The answer to one question, if given."""
        for answer in self.answers:
            if answer.form_id == form_id and answer.question_id == question_id:
                return answer
        return None

    @property
    def ride(self) -> dict[str, Answer]:
        """The ride home as the patient gave it (has_ride, driver_name, ...), by question id."""
        return {a.question_id: a.value for a in self.answers if a.form_id == RIDE_FORM}


@dataclass(frozen=True)
class RecordParts:
    """The child records of a page of intakes, each table's grouped by intake id, as a reader
    read them (the kiosk's SQLite reader and the clinic server's build records the same way)."""

    answers: Mapping[int, Sequence[AnswerRecord]]
    flags: Mapping[int, Sequence[FlagRecord]]
    scores: Mapping[int, Sequence[ScoreRecord]]
    vitals: Mapping[int, Sequence[VitalsRecord]]
    consents: Mapping[int, Sequence[ConsentRecord]]
    prints: Mapping[int, Sequence[PrintRecord]]
    discharges: Mapping[int, Sequence[DischargeRecord]]
    infusions: Mapping[int, InfusionRecord] = field(default_factory=dict)
    side_effects: Mapping[int, Sequence[SideEffectRecord]] = field(default_factory=dict)
    readiness: Mapping[int, Sequence[ReadinessRecord]] = field(default_factory=dict)

    def record(self, key: int, fields: Mapping[str, Any]) -> IntakeRecord:
        """The whole record of intake ``key`` whose own columns are ``fields``: the latest
        signed consent, the discharge if any."""
        signed = self.consents.get(key, ())
        done = self.discharges.get(key, ())
        infusion = self.infusions.get(key)
        vitals = self.vitals.get(key, ())
        checks = self.readiness.get(key, ())
        return IntakeRecord(
            **fields,
            infusion_started_at=infusion.started_at if infusion is not None else None,
            infusion_ended_at=infusion.ended_at if infusion is not None else None,
            last_vitals_at=max((v.recorded_at for v in vitals), default=None),
            readiness_passed=verdict_since_end(
                checks, infusion.ended_at if infusion is not None else None
            ),
            flags=tuple(self.flags.get(key, ())),
            answers=tuple(self.answers.get(key, ())),
            scores={s.instrument: s for s in self.scores.get(key, ())},
            vitals=tuple(self.vitals.get(key, ())),
            consent=signed[-1] if signed else None,
            prints=tuple(self.prints.get(key, ())),
            discharge=done[0] if done else None,
            infusion=self.infusions.get(key),
            side_effects=tuple(self.side_effects.get(key, ())),
            readiness=tuple(self.readiness.get(key, ())),
        )


def verdict_since_end(checks: Sequence[ReadinessRecord], ended_at: str | None) -> bool | None:
    """Whether the last readiness check made since the infusion ended passed: the check a
    discharge counts (None: the infusion has not ended, or no check since)."""
    if ended_at is None:
        return None
    ended = datetime.fromisoformat(ended_at)
    for check in reversed(checks):
        if datetime.fromisoformat(check.recorded_at) >= ended:
            return check.passed
    return None
