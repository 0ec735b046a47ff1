"""Earlier demo intakes: months of clinic days written fast, copied from intakes the real session made."""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.core.aftercare import clinic_zone, no_driving_until
from kiosk.core.appointments import Appointment
from kiosk.core.clock import FakeClock, utc_iso
from kiosk.core.identity import Identity
from kiosk.services.context import KioskContext
from kiosk.services.demo.day import (
    DAY_HOURS,
    DAY_START,
    SPANISH_FIRST,
    DemoError,
    make_demo,
    random_identity,
)
from kiosk.storage.appointments import stored_values
from kiosk.storage.db import open_database

HISTORY_PER_DAY = 200  # a busy clinic day; 250 clinic days make a year of 50,000
PEOPLE_PER_INTAKE = 1 / 6  # patients come back: a series of infusions, then boosters
BATCH_DAYS = 5  # clinic days written per transaction
OVERRIDE_WEIGHT = 0.3  # a template discharged before ready is copied this much less often
# The tables the patient session and the nurses write for one intake, parents first.
CHILD_TABLES = (
    "answers",
    "steps",
    "flags",
    "scores",
    "consents",
    "vitals",
    "infusions",
    "infusion_corrections",
    "side_effects",
    "readiness_checks",
    "discharges",
)


@dataclass
class _Table:
    """One table's rows of a template intake, ready to be copied under another intake id."""

    name: str
    columns: list[str]
    rows: list[list[Any]]
    times: list[int]  # the columns holding UTC ISO times, shifted to the copy's day
    intake_column: int


@dataclass
class _Template:
    """An intake the real session made, and everything stored with it."""

    language: str
    verified: bool
    created: datetime  # UTC
    intake: dict[str, Any]
    tables: list[_Table] = field(default_factory=list)
    weight: float = 1.0  # how often it is copied (an override of a failed check: rarely)


def make_history(context: KioskContext, count: int, before: date, seed: int = 0) -> list[date]:
    """Write ``count`` intakes on the clinic days (Monday to Friday) before ``before``.

    HISTORY_PER_DAY a day, the oldest day first. Each one copies an intake made by the real
    session and seen through by the real station (on a private in-memory database), under a
    returning patient's own name, birth date, day and times; answers, flags, scores, steps,
    stages, vitals, the infusion, side effects, readiness checks and the discharge (an
    override now and then, with its reason) are the template's, and so is the consent's signature and PDF
    (rendering 50,000 PDFs would take most of an hour); the consent's printed name is the
    patient's. Days are written BATCH_DAYS per transaction. Returns the days, oldest first.
    """
    if count < 1:
        return []
    if list(context.db.query("SELECT 1 AS x FROM intakes LIMIT 1")):
        raise DemoError("--history needs a data folder without intakes; use an empty --data-dir")
    rng = random.Random(seed)  # noqa: S311 -- reproducible demo data, not secrets
    zone = context.forms.settings.clinic.time_zone
    tz = ZoneInfo(zone) if zone else ZoneInfo("UTC")
    days = _clinic_days(before, -(-count // HISTORY_PER_DAY))
    templates = _templates(context, before, min(100, max(20, count // 50)), seed)
    by_language: dict[str, list[_Template]] = {}
    for template in templates:
        by_language.setdefault(template.language, []).append(template)
    people = _people(rng, max(HISTORY_PER_DAY, round(count * PEOPLE_PER_INTAKE)))
    writer = _Writer(context)
    left = count
    for start in range(0, len(days), BATCH_DAYS):
        with context.db.atomic():
            for day in days[start : start + BATCH_DAYS]:
                today_count = min(left, HISTORY_PER_DAY)
                left -= today_count
                visits = []
                for person in rng.sample(people, today_count):
                    pool = by_language.get(person[1]) or templates
                    template = rng.choices(pool, [t.weight for t in pool])[0]
                    visits.append((_arrival(day, tz, rng), person[0], template))
                visits.sort(key=lambda visit: visit[0])
                for arrival, who, template in visits:
                    writer.copy(template, who, day, arrival, rng)
            writer.flush()
    return days


def _clinic_days(before: date, count: int) -> list[date]:
    """``count`` weekdays before ``before``, oldest first."""
    days: list[date] = []
    day = before
    while len(days) < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days[::-1]


def _people(rng: random.Random, count: int) -> list[tuple[Identity, str]]:
    """Distinct patients (name and birth date) with the language each one uses."""
    seen: set[tuple[str, date]] = set()
    people: list[tuple[Identity, str]] = []
    while len(people) < count:
        who = random_identity(rng)
        if (who.key, who.birth_date) in seen:
            continue
        seen.add((who.key, who.birth_date))
        spanish = who.first_name in SPANISH_FIRST
        people.append((who, "es" if spanish and rng.random() < 0.8 else "en"))
    return people


def _arrival(day: date, tz: ZoneInfo, rng: random.Random) -> datetime:
    """A time in the clinic's opening hours of ``day`` (UTC), like the demo day's arrivals."""
    start = datetime.combine(day, DAY_START, tz)
    return (start + timedelta(minutes=rng.uniform(0, DAY_HOURS * 60))).astimezone(UTC)


# --- templates: the real session and the real nurse desk, on a private database -----------------


def _templates(context: KioskContext, day: date, count: int, seed: int) -> list[_Template]:
    """``count`` demo intakes made through the real session, and the nurses' side through the
    real station (kiosk.services.demo.chair): the complete ones infused, watched, checked
    ready and discharged."""
    zone = context.forms.settings.clinic.time_zone
    tz = ZoneInfo(zone) if zone else ZoneInfo("UTC")
    clock = FakeClock(datetime.combine(day, time(17, 0), tz), tz)
    private = KioskContext(context.data_dir, context.forms, open_database(None), clock)
    try:
        ids = make_demo(private, count, day, seed=seed + 1_000_003, nurses=True)
        return [_template(private, intake_id) for intake_id in ids]
    finally:
        private.close()


def _template(context: KioskContext, intake_id: int) -> _Template:
    intake = next(iter(context.db.query("SELECT * FROM intakes WHERE id = ?", [intake_id])))
    template = _Template(
        language=intake["language"],
        verified=bool(intake["verified"]),
        created=datetime.fromisoformat(intake["created_at"]),
        intake=intake,
    )
    for name in CHILD_TABLES:
        rows = list(context.db.query(f"SELECT * FROM {name} WHERE intake_id = ?", [intake_id]))  # noqa: S608 -- fixed names
        if not rows:
            continue
        columns = [c for c in rows[0] if c != "id"]  # a child row's own id is given anew
        times = [i for i, c in enumerate(columns) if c.endswith("_at") and c != "no_driving_until"]
        values = [[_parsed(row[c], i in times) for i, c in enumerate(columns)] for row in rows]
        template.tables.append(_Table(name, columns, values, times, columns.index("intake_id")))
        if name == "discharges" and any(row["override_reason"] for row in rows):
            template.weight = OVERRIDE_WEIGHT
    return template


def _parsed(value: Any, is_time: bool) -> Any:
    return datetime.fromisoformat(value) if is_time and isinstance(value, str) else value


# --- writing the copies -------------------------------------------------------------------------


class _Writer:
    """Collects the copies' rows and writes each table with one executemany per flush."""

    def __init__(self, context: KioskContext) -> None:
        self._db = context.db
        self._settings = context.forms.settings
        self._zone = clinic_zone(context.forms.settings)
        self._next_intake = self._next_id("intakes")
        self._next_appointment = self._next_id("appointments")
        self._intakes: list[list[Any]] = []
        self._appointments: list[list[Any]] = []
        self._rows: dict[tuple[str, tuple[str, ...]], list[list[Any]]] = {}
        self._intake_columns: list[str] = []

    def _next_id(self, table: str) -> int:
        row = next(iter(self._db.query(f"SELECT COALESCE(MAX(id), 0) + 1 AS n FROM {table}")))  # noqa: S608 -- fixed names
        return int(row["n"])

    def copy(
        self, template: _Template, who: Identity, day: date, arrival: datetime, rng: random.Random
    ) -> None:
        """One more intake of ``who`` on ``day``, as ``template`` went, arriving at ``arrival``."""
        shift = arrival - template.created
        intake_id = self._next_intake
        self._next_intake += 1
        appointment_id = None
        if template.verified:
            appointment_id = self._next_appointment
            self._next_appointment += 1
            slot = arrival + timedelta(minutes=rng.choice((5, 10, 15, 20)))
            booking = Appointment(
                day,
                slot.strftime("%H:%M"),
                who.first_name,
                who.last_name,
                who.birth_date,
                rng.choice(("", "", "series", "booster")),
            )
            self._appointments.append(
                [appointment_id, *stored_values(booking), utc_iso(arrival - timedelta(days=3))]
            )
        row = dict(template.intake)
        row.update(
            id=intake_id,
            day=day.isoformat(),
            first_name=who.first_name,
            last_name=who.last_name,
            birth_date=who.birth_date.isoformat(),
            name_key=who.key,
            appointment_id=appointment_id,
            uuid=str(uuid.uuid4()),
        )
        for column in ("created_at", "updated_at", "completed_at"):
            if row[column] is not None:
                row[column] = utc_iso(datetime.fromisoformat(row[column]) + shift)
        self._intake_columns = list(row)
        self._intakes.append(list(row.values()))
        for table in template.tables:
            key = (table.name, tuple(table.columns))
            target = self._rows.setdefault(key, [])
            for values in table.rows:
                copied = list(values)
                copied[table.intake_column] = intake_id
                for index in table.times:
                    if copied[index] is not None:
                        copied[index] = utc_iso(copied[index] + shift)
                self._adjust(table.name, table.columns, copied, who)
                target.append(copied)

    def _adjust(self, table: str, columns: list[str], values: list[Any], who: Identity) -> None:
        """The columns that depend on the copy itself rather than its template."""
        if table == "consents":
            values[columns.index("printed_name")] = who.full_name
        elif table == "discharges":
            at = datetime.fromisoformat(values[columns.index("discharged_at")])
            hours = self._settings.aftercare.no_driving_hours
            until = no_driving_until(at, hours, self._zone)
            values[columns.index("no_driving_until")] = until.isoformat()

    def flush(self) -> None:
        """Write what was collected, inside the caller's transaction."""
        conn = self._db.conn
        if self._appointments:
            conn.executemany(
                "INSERT INTO appointments (id, day, time, first_name, last_name, birth_date,"
                " name_key, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._appointments,
            )
        if self._intakes:
            conn.executemany(_insert("intakes", self._intake_columns), self._intakes)
        for (name, columns), rows in self._rows.items():
            conn.executemany(_insert(name, list(columns)), rows)
        self._appointments, self._intakes, self._rows = [], [], {}


def _insert(table: str, columns: Sequence[str]) -> str:
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 -- names from the schema


__all__ = ["HISTORY_PER_DAY", "make_history"]
