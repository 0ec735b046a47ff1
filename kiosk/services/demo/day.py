"""A reproducible demo day: realistic intakes made through the real session and storage."""

from __future__ import annotations

import math
import random
import struct
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosk.core.appointments import Appointment
from kiosk.core.clock import FakeClock
from kiosk.core.discharge import DischargeError
from kiosk.core.forms.model import Answer, Instrument, Question, Questionnaire, QuestionType
from kiosk.core.forms.settings import Settings
from kiosk.core.identity import Identity
from kiosk.core.infusion import standing_of, vitals_due_of
from kiosk.core.intake_record import IntakeSummary
from kiosk.core.observation import ChairState, VitalsDue
from kiosk.core.rules import condition_holds
from kiosk.core.session import IntakeSession, Outcome, StepKind
from kiosk.documents.consent_pdf import render_consent
from kiosk.services.context import KioskContext
from kiosk.services.demo.chair import (
    ARRIVE_BEFORE,
    FLAG_SHARE,
    Course,
    Target,
    Visit,
    overrides,
)
from kiosk.services.station import StationService
from kiosk.storage.appointments import import_appointments
from kiosk.storage.intakes import IntakeRepository
from kiosk.storage.station import StationRepository

FLAG_RATE = 0.04  # chance that one checklist answer is one a rule flags
UNBOOKED_SHARE = 0.2  # walk-ins and typos: no appointment matches
UNFINISHED_SHARE = 0.1  # walked away before the end
ALERT_RATE = 1 / 15  # PHQ-9 item 9 above 0
DAY_START, DAY_HOURS = time(8, 0), 8.5  # arrivals 08:00 to 16:30
SEEN_FROM = 3.0  # hours after opening: the earliest a demo day is seen at (a morning gone by)
SEEN_UNTIL = DAY_HOURS + 2  # hours after opening: later, today has run its course
SEEN_AHEAD = 6.0  # hours after opening: a day to come is seen at 14:00
LAST_ARRIVAL = 25  # minutes before the day is seen: the last patients are through the intake
EARLIEST_SEEN = time(8, 30)  # a day seen earlier would have nobody in it yet

ENGLISH_FIRST = (
    "James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "David", "Linda", "Sarah",
    "Emily", "Daniel", "Megan", "Thomas", "Rachel", "Mary-Kate", "Anne-Marie", "Zoë", "Chloé",
    "Kevin", "Brianna", "DeShawn", "Aaliyah", "Connor", "Siobhan",
)  # fmt: skip
ENGLISH_LAST = (
    "Smith", "Johnson", "Williams", "Brown", "Taylor", "Anderson", "Thompson", "Walker", "Baker",
    "O'Brien", "O'Neil", "D'Angelo", "McAllister", "Walker-Smith", "Nguyen", "Patel", "Kowalski",
    "Fitzgerald", "Jackson", "Harris",
)  # fmt: skip
SPANISH_FIRST = (
    "José", "María", "Jesús", "Sofía", "Martín", "Lucía", "Andrés", "Ramón", "Inés", "Íñigo",
    "María José", "Begoña", "Guadalupe", "Alejandro", "Verónica", "Raúl", "Ana Sofía", "Joaquín",
)  # fmt: skip
SPANISH_LAST = (
    "García", "Muñoz", "Hernández", "Martínez", "Rodríguez", "Pérez-Reyes", "Peña", "Núñez",
    "Ibáñez", "López de la Cruz", "Díaz", "Gutiérrez", "Sánchez", "Ortiz", "Castañeda", "Ruiz",
)  # fmt: skip
MEDICINE_NOTES = {  # for a question whose id names a medicine
    "en": ("Lorazepam 0.5 mg at 7 this morning.", "Xanax 0.25 mg last night at 11.",
           "Clonazepam 1 mg at 6:30 am."),
    "es": ("Lorazepam 0.5 mg a las 7 de la mañana.", "Xanax 0.25 mg anoche a las 11.",
           "Clonazepam 1 mg a las 6:30 de la mañana."),
}  # fmt: skip
CHANGE_NOTES = {  # any other free text
    "en": ("Started sertraline 50 mg two weeks ago.", "Stopped my sleeping pills last week.",
           "Had the flu, feeling better now.", "New blood pressure pill since Monday."),
    "es": ("Empecé sertralina 50 mg hace dos semanas.", "Dejé las pastillas para dormir la semana pasada.",
           "Tuve gripe, ya me siento mejor.", "Una pastilla nueva para la presión desde el lunes."),
}  # fmt: skip


class DemoError(RuntimeError):
    """The demo day cannot be made here (for example, those patients already checked in)."""


@dataclass(frozen=True)
class DemoPatient:
    """Who comes in, when, and how their visit goes."""

    identity: Identity
    language: str
    text_size: str
    arrival: datetime
    booked: bool
    finishes: bool
    mood: float  # the mean item answer of PHQ-9 and GAD-7, 0..3
    alert: bool
    course: Course = field(default_factory=Course)  # how the infusion and the watch after it go


def demo_zone(settings: Settings) -> ZoneInfo:
    """The clinic's time zone the demo lays its days out in (UTC when none is set)."""
    zone = settings.clinic.time_zone
    return ZoneInfo(zone) if zone else ZoneInfo("UTC")


def board_states(
    rows: Sequence[IntakeSummary], now: datetime, settings: Settings
) -> dict[str, int]:
    """How many of the board's ``rows`` stand where at ``now``: waiting, in the chair (and of
    them with vitals overdue), in observation, ready, gone home."""
    counts = dict.fromkeys(
        ("waiting", "in the chair", "vitals overdue", "in observation", "ready", "gone home"), 0
    )
    names = {
        ChairState.WAITING: "waiting",
        ChairState.IN_CHAIR: "in the chair",
        ChairState.OBSERVATION: "in observation",
        ChairState.READY: "ready",
    }
    for row in rows:
        if row.stage == "discharged":
            counts["gone home"] += 1
            continue
        counts[names[standing_of(row, now, settings).state]] += 1
        if vitals_due_of(row, now, settings) is VitalsDue.OVERDUE:
            counts["vitals overdue"] += 1
    return counts


def board_moment(day: date, now: datetime, tz: ZoneInfo) -> datetime | None:
    """The moment ``python -m kiosk demo`` lays ``day`` out as seen: today, now (but not before
    11:00, when a morning has gone by; after 18:30 the day has run its course: None); a day to
    come at 14:00; a day gone by has run its course (None)."""
    local = now.astimezone(tz)
    opening = datetime.combine(day, DAY_START, tz)
    if day < local.date():
        return None
    if day > local.date():
        return opening + timedelta(hours=SEEN_AHEAD)
    if local > opening + timedelta(hours=SEEN_UNTIL):
        return None
    return max(local, opening + timedelta(hours=SEEN_FROM))


def make_demo(
    context: KioskContext,
    count: int,
    day: date,
    seed: int = 0,
    *,
    nurses: bool = False,
    until: datetime | None = None,
) -> list[int]:
    """Make ``count`` intakes of ``day`` as patients at the kiosk would; returns their ids.

    ``nurses``: also what the nurses did for them (kiosk.services.demo.chair) up to ``until``,
    the moment the day is seen at: the board then shows patients waiting, in the chair (one
    with a reading above the clinic's limits, one with vitals overdue), in observation, ready,
    and gone home; ``until`` None: the day has run its course (everyone who finished the
    intake went home). Without ``nurses`` the intakes stop at the kiosk's door, as before."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible demo data, not secrets
    tz = demo_zone(context.forms.settings)
    patients = _patients(rng, count, day, tz, until if nurses else None, nurses=nurses)
    clock = FakeClock(datetime.combine(day, time(7, 0), tz), tz)
    store = IntakeRepository(context.db, clock)
    station = StationService(StationRepository(context.db, clock), context.forms, clock)
    taken = [p for p in patients if store.open_intake(day, p.identity) is not None]
    if taken:
        raise DemoError(
            f"{len(taken)} demo patient(s) already checked in on {day.isoformat()} in this data"
            " folder; use another --seed or --date"
        )
    import_appointments(context.db, [_appointment(rng, p) for p in patients if p.booked], clock)
    ids: list[int] = []
    for patient in patients:
        clock.current = patient.arrival
        clock.advance(rng.uniform(20, 90))
        session = IntakeSession(context.forms, store, clock, render_consent)
        session.begin(patient.language, patient.text_size)
        result = session.identify(
            patient.identity.first_name, patient.identity.last_name, patient.identity.birth_date
        )
        if result.outcome is not Outcome.NEW or session.intake_id is None:
            raise DemoError(f"identify gave {result.outcome} for a new demo patient")
        ids.append(session.intake_id)
        total = len(session.steps()) - 1
        stop_after = None if patient.finishes else rng.randrange(total)
        _walk(session, patient, rng, clock, stop_after)
        if not nurses:
            continue
        try:
            Visit(station, clock, session.intake_id, rng, until=until, course=patient.course).play()
        except DischargeError as exc:
            raise DemoError(f"the demo discharge was refused: {exc} {exc.blockers}") from None
    return ids


# --- who comes in ------------------------------------------------------------------------------


def _patients(
    rng: random.Random,
    count: int,
    day: date,
    tz: ZoneInfo,
    until: datetime | None,
    *,
    nurses: bool,
) -> list[DemoPatient]:
    unbooked = set(rng.sample(range(count), round(count * UNBOOKED_SHARE)))
    unfinished = set(rng.sample(range(count), round(count * UNFINISHED_SHARE)))
    start = datetime.combine(day, DAY_START, tz)
    last = start + timedelta(hours=DAY_HOURS)
    if until is not None:
        last = max(start, min(last, until - timedelta(minutes=LAST_ARRIVAL)))
    span = (last - start).total_seconds() / 60
    minutes = sorted(rng.uniform(0, span) for _ in range(count))
    finishing = [i for i in range(count) if i not in unfinished]
    courses = _courses(rng, finishing, until) if nurses else {}
    arrivals = {i: start + timedelta(minutes=minutes[i]) for i in range(count)}
    for index, course in courses.items():
        if course.target is not None and until is not None:
            low, high = ARRIVE_BEFORE[course.target]
            arrivals[index] = max(
                until - timedelta(minutes=rng.uniform(low, high)),
                start + timedelta(minutes=rng.uniform(0, 10)),
            )
    patients: list[DemoPatient] = []
    keys: set[tuple[str, date]] = set()
    for index in range(count):
        who = random_identity(rng)
        while (who.key, who.birth_date) in keys:
            who = random_identity(rng)
        keys.add((who.key, who.birth_date))
        spanish = who.first_name in SPANISH_FIRST
        mood = rng.choices((0.3, 1.0, 1.7, 2.4), weights=(35, 30, 20, 15))[0]
        alert = rng.random() < ALERT_RATE
        patients.append(
            DemoPatient(
                identity=who,
                language="es" if spanish and rng.random() < 0.8 else "en",
                text_size=rng.choices(("normal", "large", "extra_large"), (70, 20, 10))[0],
                arrival=arrivals[index],
                booked=index not in unbooked,
                finishes=index not in unfinished,
                mood=max(mood, 1.7) if alert else mood,
                alert=alert,
                course=courses.get(index, Course()),
            )
        )
    return sorted(patients, key=lambda patient: patient.arrival)


def _courses(rng: random.Random, finishing: list[int], until: datetime | None) -> dict[int, Course]:
    """The patients chosen to stand somewhere when the day is seen (one in each state, as many
    as the day allows, one of them with a reading above the clinic's limits), and the few whose
    failed readiness check is overridden; a day that ran its course has a flag now and then."""
    courses: dict[int, Course] = {}
    if until is not None:
        targets = [
            Target.IN_CHAIR,
            Target.OVERDUE,
            Target.OBSERVATION,
            Target.READY,
            Target.WAITING,
            Target.GONE,
        ]
        targets = targets[: max(0, len(finishing) - 1)]  # one goes home, at least
        for index, target in zip(rng.sample(finishing, len(targets)), targets, strict=True):
            courses[index] = Course(target, flagged=target is Target.IN_CHAIR)
    else:
        for index in finishing:
            if rng.random() < FLAG_SHARE:
                courses[index] = Course(flagged=True)
    others = [i for i in finishing if courses.get(i, Course()).target is None]
    for index in rng.sample(others, min(len(others), overrides(len(finishing)))):
        courses[index] = Course(flagged=courses.get(index, Course()).flagged, override=True)
    return courses


def random_identity(rng: random.Random) -> Identity:
    """A name in English or Spanish and a birth date between 1950 and 2004."""
    spanish = rng.random() < 0.4
    first = rng.choice(SPANISH_FIRST if spanish else ENGLISH_FIRST)
    last = rng.choice(SPANISH_LAST if spanish else ENGLISH_LAST)
    born = date(1950, 1, 1) + timedelta(
        days=rng.randrange((date(2004, 12, 31) - date(1950, 1, 1)).days + 1)
    )
    return Identity(first, last, born)


def _plain(text: str) -> str:
    """The name as a front desk without accents on the keyboard typed it."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _appointment(rng: random.Random, patient: DemoPatient) -> Appointment:
    first, last = patient.identity.first_name, patient.identity.last_name
    if rng.random() < 0.3:
        first, last = _plain(first), _plain(last)
    slot = patient.arrival + timedelta(minutes=rng.choice((5, 10, 15, 20)))
    slot -= timedelta(minutes=slot.minute % 15)
    return Appointment(
        day=patient.arrival.date(),
        time=slot.strftime("%H:%M"),
        first_name=first,
        last_name=last,
        birth_date=patient.identity.birth_date,
        note=rng.choice(("", "", "", "series 2 of 6", "first visit", "booster")),
    )


# --- the way through ---------------------------------------------------------------------------


def _walk(
    session: IntakeSession,
    patient: DemoPatient,
    rng: random.Random,
    clock: FakeClock,
    stop_after: int | None,
) -> None:
    walked = 0
    while session.current.kind is not StepKind.DONE:
        if stop_after is not None and walked >= stop_after:
            return  # walked away; what was confirmed stays for the nurse
        kind = session.current.kind
        if kind is StepKind.PAGE:
            clock.advance(rng.uniform(15, 75))
            _fill_page(session, patient, rng)
        elif kind is StepKind.ITEM:
            clock.advance(rng.uniform(4, 20))
            instrument, index = session.item()
            session.answer_item(_item_value(instrument, index, patient, rng))
        else:
            clock.advance(rng.uniform(120, 420))
            name = patient.identity.full_name
            sections = tuple(s.id for s in session.forms.consent.sections)
            copy, pdf = session.prepare_consent(name, signature_png(rng), sections)
            clock.advance(rng.uniform(10, 40))
            session.certify(copy, pdf)
        walked += 1
        if walked > 500:
            raise DemoError("the demo patient never reached the end of the intake")


def _fill_page(session: IntakeSession, patient: DemoPatient, rng: random.Random) -> None:
    form, _ = session.page()
    draft: dict[str, Answer | None] = {}
    for _ in range(50):
        visible = {q.id: q for q in session.visible_questions(draft)}
        hidden = [qid for qid in draft if qid not in visible]
        missing = [q for qid, q in visible.items() if qid not in draft]
        for qid in hidden:
            del draft[qid]
        for question in missing:
            draft[question.id] = _answer(question, form, session.forms.settings, patient, rng)
        if not hidden and not missing:
            break
    problems = session.confirm_page(draft)
    if problems:
        raise DemoError(f"the session refused demo answers on {form.id}: {problems}")


def _flags(question: Question, form: Questionnaire, settings: Settings, value: Answer) -> bool:
    """Whether this answer alone meets a condition of one of the form's rules."""
    return any(
        condition_holds(c, {question.id: value}, settings)
        for rule in form.rules
        for c in rule.when
        if c.question == question.id
    )


def _answer(
    question: Question,
    form: Questionnaire,
    settings: Settings,
    patient: DemoPatient,
    rng: random.Random,
) -> Answer | None:
    if not question.required and rng.random() < 0.3:
        return None
    ruled = any(c.question == question.id for rule in form.rules for c in rule.when)
    risky = ruled and rng.random() < FLAG_RATE
    qtype = question.type
    if qtype in (QuestionType.YES_NO, QuestionType.CHOICE, QuestionType.MULTI_CHOICE):
        values = (
            ["yes", "no"] if qtype is QuestionType.YES_NO else [o.value for o in question.options]
        )
        as_answer = (lambda v: [v]) if qtype is QuestionType.MULTI_CHOICE else (lambda v: v)
        flagging = [v for v in values if _flags(question, form, settings, as_answer(v))]
        safe = [v for v in values if v not in flagging] or values
        if risky and flagging:
            if qtype is QuestionType.MULTI_CHOICE:
                return rng.sample(flagging, rng.randint(1, min(2, len(flagging))))
            return rng.choice(flagging)
        choice = rng.choice(safe)
        return [choice] if qtype is QuestionType.MULTI_CHOICE else choice
    if qtype is QuestionType.HOURS:
        low = question.minimum or 0.0
        high = min(question.maximum if question.maximum is not None else 168.0, low + 16)
        value: float = low
        for _ in range(100):
            value = rng.randint(int(low), int(high)) + rng.choice((0, 0, 0, 0.5))
            if value <= high and _flags(question, form, settings, value) == risky:
                break
        return int(value) if float(value).is_integer() else value
    if qtype is QuestionType.PHONE:
        return f"(555) 0{rng.randint(10, 99)}-{rng.randint(0, 9999):04d}"
    if "name" in question.id:
        text = random_identity(rng).full_name
    elif any(word in question.id for word in ("benzo", "medicine", "medication")):
        text = rng.choice(MEDICINE_NOTES[patient.language])
    else:
        text = rng.choice(CHANGE_NOTES[patient.language])
    return text[: question.max_length]


def _item_value(
    instrument: Instrument, index: int, patient: DemoPatient, rng: random.Random
) -> int:
    item = instrument.items[index]
    top = max(value for value, _ in instrument.options)
    if instrument.alert is not None and item.id == instrument.alert.item:
        above = instrument.alert.above
        return rng.randint(above + 1, top) if patient.alert and above < top else 0
    return min(top, max(0, round(rng.gauss(patient.mood, 0.7))))


# --- a signature without Qt --------------------------------------------------------------------


def signature_png(rng: random.Random, width: int = 360, height: int = 120) -> bytes:
    """A grayscale PNG of a random wavy line, like a finger's signature."""
    pixels = bytearray(b"\xff" * (width * height))
    waves = [
        (rng.uniform(6, 22), rng.uniform(0.02, 0.12), rng.uniform(0, math.tau)) for _ in range(3)
    ]
    loop = (rng.uniform(4, 12), rng.uniform(0.1, 0.25), rng.uniform(0, math.tau))  # x runs back
    start, end = rng.randint(25, 55), width - rng.randint(25, 60)
    middle = height / 2 + rng.uniform(-10, 10)

    def pen(t: float) -> tuple[float, float]:
        a, f, p = loop
        x = t + a * math.sin(f * t + p)
        return x, middle + sum(a * math.sin(f * t + p) for a, f, p in waves) * 0.6

    previous = pen(start)
    for step in range(start * 4, end * 4):
        point = pen(step / 4)
        for t in range(4):
            x = previous[0] + (point[0] - previous[0]) * t / 4
            y = previous[1] + (point[1] - previous[1]) * t / 4
            _dot(pixels, width, height, round(x), round(y))
        previous = point
    return encode_png(width, height, bytes(pixels))


def _dot(pixels: bytearray, width: int, height: int, x: int, y: int) -> None:
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if 0 <= x + dx < width and 0 <= y + dy < height:
                pixels[(y + dy) * width + x + dx] = 0


def encode_png(width: int, height: int, gray: bytes) -> bytes:
    """An 8-bit grayscale PNG of ``gray`` (one byte per pixel, rows top to bottom)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + gray[y * width : (y + 1) * width] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


__all__ = [
    "DAY_HOURS",
    "DAY_START",
    "EARLIEST_SEEN",
    "SPANISH_FIRST",
    "DemoError",
    "DemoPatient",
    "board_moment",
    "board_states",
    "demo_zone",
    "encode_png",
    "make_demo",
    "random_identity",
    "signature_png",
]
