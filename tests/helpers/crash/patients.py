"""The crash run's patients and their answers, the same for the worker and the parent by seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from kiosk.core.appointments import Appointment
from kiosk.core.clock import FakeClock
from kiosk.core.forms.model import Answer, Instrument, Question, QuestionType
from kiosk.core.identity import Identity
from kiosk.core.session import IntakeSession, Step, StepKind
from kiosk.core.validation import check_answer

DAY = date(2026, 11, 21)  # every run of one crash test is on this clinic day
FIRST = ("José", "María", "Zoë", "Siobhan", "DeShawn", "Íñigo", "Mary-Kate", "Ana Sofía", "Kevin")
LAST = ("Núñez", "O'Brien", "García", "Walker-Smith", "Kowalski", "López de la Cruz", "Patel")
NOTES = (
    "Lorazepam 0.5 mg at 7 this morning.",
    "Empecé sertralina 50 mg hace dos semanas.",
    "New blood pressure pill since Monday.",
    "Maria O'Neil",
)


@dataclass(frozen=True)
class CrashPatient:
    """One patient of the run: who they are and whether the front desk booked them."""

    index: int
    identity: Identity
    booked: bool

    def appointment(self) -> Appointment:
        """Their appointment of the day (imported before they identify, when booked)."""
        first, last = self.identity.first_name, self.identity.last_name
        return Appointment(DAY, "09:00", first, last, self.identity.birth_date, "crash run")


def crash_patient(seed: int, index: int) -> CrashPatient:
    """Patient ``index`` of the run with base seed ``seed``; no two share a birth date."""
    rng = random.Random(f"{seed}:patient:{index}")
    born = date(1950, 1, 1) + timedelta(days=index * 29 + rng.randrange(29))
    identity = Identity(rng.choice(FIRST), rng.choice(LAST), born)
    return CrashPatient(index, identity, booked=rng.random() < 0.7)


def worker_clock(run: int) -> FakeClock:
    """The clock of worker run ``run``: the crash day, a minute later for each run."""
    return FakeClock(
        datetime.combine(DAY, datetime.min.time(), UTC) + timedelta(hours=7, minutes=run)
    )


def parent_clock() -> FakeClock:
    """The clock the parent's resume checks run on: late on the crash day."""
    return FakeClock(datetime.combine(DAY, datetime.min.time(), UTC) + timedelta(hours=23))


def resume_key(session: IntakeSession) -> str:
    """The key of the first step not confirmed yet: where this patient would resume."""
    return next((s.key for s in session.steps() if s.key not in session.confirmed), "done")


def step_order(session: IntakeSession) -> list[Step]:
    """Every step the session has, given its answers, without the done screen."""
    return [s for s in session.steps() if s.kind is not StepKind.DONE]


def _answer(question: Question, rng: random.Random) -> Answer | None:
    if not question.required and rng.random() < 0.3:
        return None
    qtype = question.type
    if qtype is QuestionType.YES_NO:
        return rng.choice(("yes", "no"))
    if qtype is QuestionType.CHOICE:
        return rng.choice(question.options).value
    if qtype is QuestionType.MULTI_CHOICE:
        values = [o.value for o in question.options]
        return rng.sample(values, rng.randint(1, min(2, len(values))))
    if qtype is QuestionType.HOURS:
        low = int(question.minimum or 0)
        high = int(question.maximum if question.maximum is not None else 168)
        whole = rng.randint(low, min(high, low + 24))
        return whole + 0.5 if whole < high and rng.random() < 0.3 else whole
    if qtype is QuestionType.PHONE:
        return f"(555) 0{rng.randint(10, 99)}-{rng.randint(0, 9999):04d}"
    return rng.choice(NOTES)[: question.max_length]


def page_draft(session: IntakeSession, rng: random.Random) -> dict[str, Answer | None]:
    """Varied valid answers to every question of the current page that shows."""
    draft: dict[str, Answer | None] = {}
    for _ in range(50):
        visible = {q.id: q for q in session.visible_questions(draft)}
        hidden = [qid for qid in draft if qid not in visible]
        missing = [q for qid, q in visible.items() if qid not in draft]
        for qid in hidden:
            del draft[qid]
        for question in missing:
            draft[question.id] = _answer(question, rng)
        if not hidden and not missing:
            return draft
    raise RuntimeError("the page's questions never settled")


def page_values(session: IntakeSession, draft: dict[str, Answer | None]) -> dict[str, Answer]:
    """The answers confirming ``draft`` stores for the page, as the session normalises them."""
    values: dict[str, Answer] = {}
    for question in session.visible_questions(draft):
        value, problem = check_answer(question, draft.get(question.id))
        if problem is not None:
            raise RuntimeError(f"the crash worker drew a wrong answer: {problem}")
        if value is not None:
            values[question.id] = value
    return values


def item_value(instrument: Instrument, index: int, rng: random.Random) -> int:
    """A varied answer to one item; the alert item is above its threshold now and then."""
    top = max(value for value, _ in instrument.options)
    alert = instrument.alert
    if alert is not None and instrument.items[index].id == alert.item:
        return rng.randint(alert.above + 1, top) if rng.random() < 0.15 else 0
    return rng.randint(0, top)
