"""Intake records for export, read a page of intakes at a time so memory stays bounded."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlite_utils import Database

from kiosk.core.forms.model import Answer
from kiosk.storage.faults import boundary

PAGE_SIZE = 500  # intakes per query; each page's child rows come in one query per table
PDF_PAGE_SIZE = 50  # with the consent PDFs (about 50 kB each) a page holds fewer intakes
RIDE_FORM = "ride"

T = TypeVar("T")


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

    code: str
    level: str  # red | amber
    source: str
    alert: bool
    reason_en: str
    raised_at: str
    acknowledged_by: str | None
    acknowledged_at: str | None

    @property
    def open_alert(self) -> bool:
        """An alarm nobody has acknowledged."""
        return self.alert and self.acknowledged_at is None


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

    phase: str  # pre | discharge
    systolic: int
    diastolic: int
    heart_rate: int
    spo2: int
    recorded_by: str | None  # the staff member's name
    recorded_at: str


@dataclass(frozen=True)
class ConsentRecord:
    """The signed consent's metadata; the PDF only when read with ``include_pdf``."""

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


@dataclass(frozen=True)
class IntakeRecord:
    """One intake with everything stored about it; times are ISO 8601 text as stored."""

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
    answers: tuple[AnswerRecord, ...] = ()
    flags: tuple[FlagRecord, ...] = ()  # alerts first, then red, then amber
    scores: Mapping[str, ScoreRecord] = field(default_factory=dict)
    vitals: tuple[VitalsRecord, ...] = ()
    consent: ConsentRecord | None = None  # the latest signed one
    prints: tuple[PrintRecord, ...] = ()
    discharge: DischargeRecord | None = None

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

    @property
    def open_alerts(self) -> tuple[FlagRecord, ...]:
        """Alarms nobody has acknowledged."""
        return tuple(f for f in self.flags if f.open_alert)


@contextmanager
def read_snapshot(db: Database) -> Iterator[None]:
    """One read transaction: every page of an export sees the database as it was at the start."""
    if db.conn.in_transaction:  # the caller's transaction is the snapshot
        yield
        return
    db.execute("BEGIN")
    try:
        yield
    finally:
        db.execute("ROLLBACK")  # nothing was written


@boundary
def iter_intakes(
    db: Database,
    first: date,
    last: date,
    *,
    include_pdf: bool = False,
    page_size: int | None = None,
) -> Iterator[IntakeRecord]:
    """Every intake of the days ``first`` to ``last`` (inclusive), in (day, id) order.

    Intakes are read ``page_size`` at a time by keyset pagination, and each page's answers,
    flags, scores, vitals, consents, prints and discharges with one ``IN (...)`` query per
    table, so memory holds one page whatever the range. No cursor stays open between the
    records yielded. Consent PDFs are read only with ``include_pdf``. ``page_size`` defaults to
    PAGE_SIZE, or PDF_PAGE_SIZE with the PDFs.
    """
    if last < first:
        raise ValueError(f"the range ends ({last}) before it starts ({first})")
    if page_size is None:
        page_size = PDF_PAGE_SIZE if include_pdf else PAGE_SIZE
    if page_size < 1:
        raise ValueError("page_size must be 1 or more")
    after: tuple[str, int] = ("", 0)
    while True:
        rows = list(
            db.query(
                "SELECT id, day, first_name, last_name, birth_date, verified, language, stage,"
                " form_versions, created_at, updated_at, completed_at FROM intakes"
                " WHERE day BETWEEN ? AND ? AND (day, id) > (?, ?) ORDER BY day, id LIMIT ?",
                [first.isoformat(), last.isoformat(), *after, page_size],
            )
        )
        if not rows:
            return
        yield from _page(db, rows, include_pdf=include_pdf)
        if len(rows) < page_size:
            return
        after = (rows[-1]["day"], rows[-1]["id"])


def _page(
    db: Database, rows: Sequence[dict[str, Any]], *, include_pdf: bool
) -> Iterator[IntakeRecord]:
    ids = [int(r["id"]) for r in rows]
    children = _Children(db, ids)
    answers = children.grouped(
        "SELECT intake_id, form_id, question_id, question_text, value, answer_text, answered_at"
        " FROM answers WHERE intake_id IN ({ids}) ORDER BY intake_id, answered_at, rowid",
        _answer,
    )
    flags = children.grouped(
        "SELECT intake_id, code, level, source, alert, reason, raised_at, acknowledged_by,"
        " acknowledged_at FROM flags WHERE intake_id IN ({ids})"
        " ORDER BY intake_id, alert DESC, CASE level WHEN 'red' THEN 0 ELSE 1 END, id",
        _flag,
    )
    scores = children.grouped(
        "SELECT intake_id, instrument, total, severity, scored_at FROM scores"
        " WHERE intake_id IN ({ids}) ORDER BY intake_id, instrument",
        _score,
    )
    vitals = children.grouped(
        "SELECT v.intake_id, v.phase, v.systolic, v.diastolic, v.heart_rate, v.spo2,"
        " s.name AS recorded_by, v.recorded_at FROM vitals v LEFT JOIN staff s"
        " ON s.id = v.recorded_by WHERE v.intake_id IN ({ids}) ORDER BY v.intake_id, v.id",
        _vitals,
    )
    pdf_column = "pdf" if include_pdf else "NULL AS pdf"
    consents = children.grouped(
        "SELECT intake_id, version, language, signed_at, printed_name, meaning, text_sha256,"  # noqa: S608 - fixed text
        f" pdf_sha256, agreed_sections, stored_at, {pdf_column} FROM consents"
        " WHERE intake_id IN ({ids}) ORDER BY intake_id, id",
        _consent,
    )
    prints = children.grouped(
        "SELECT intake_id, document, printed_by, queue, job_id, status, detail, saved_path,"
        " printed_at FROM prints WHERE intake_id IN ({ids}) ORDER BY intake_id, id",
        _print,
    )
    discharges = children.grouped(
        "SELECT intake_id, driver_name, driver_phone, driver_present, discharged_at,"
        " no_driving_until, nurse_name FROM discharges WHERE intake_id IN ({ids})",
        _discharge,
    )
    for row in rows:
        key = int(row["id"])
        signed = consents.get(key, [])
        done = discharges.get(key, [])
        yield IntakeRecord(
            id=key,
            day=date.fromisoformat(row["day"]),
            first_name=row["first_name"],
            last_name=row["last_name"],
            birth_date=date.fromisoformat(row["birth_date"]),
            verified=bool(row["verified"]),
            language=row["language"],
            stage=row["stage"],
            form_versions=dict(json.loads(row["form_versions"])),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            completed_at=row["completed_at"],
            answers=tuple(answers.get(key, [])),
            flags=tuple(flags.get(key, [])),
            scores={s.instrument: s for s in scores.get(key, [])},
            vitals=tuple(vitals.get(key, [])),
            consent=signed[-1] if signed else None,
            prints=tuple(prints.get(key, [])),
            discharge=done[0] if done else None,
        )


class _Children:
    """Child rows of one page of intakes, one query per table, grouped by intake id."""

    def __init__(self, db: Database, ids: Sequence[int]) -> None:
        self._db = db
        self._ids = list(ids)
        self._marks = ", ".join("?" for _ in ids)

    def grouped(self, sql: str, build: Callable[[dict[str, Any]], T]) -> dict[int, list[T]]:
        """``build`` of each row of ``sql`` (its ``{ids}`` the page's intake ids), by intake id."""
        found: dict[int, list[T]] = defaultdict(list)
        for row in self._db.query(sql.format(ids=self._marks), self._ids):
            found[int(row["intake_id"])].append(build(row))
        return found


def _answer(row: dict[str, Any]) -> AnswerRecord:
    value: Answer = json.loads(row["value"])
    return AnswerRecord(
        form_id=row["form_id"],
        question_id=row["question_id"],
        question_text=row["question_text"],
        value=value,
        answer_text=row["answer_text"],
        answered_at=row["answered_at"],
    )


def _flag(row: dict[str, Any]) -> FlagRecord:
    reason: dict[str, str] = json.loads(row["reason"])
    return FlagRecord(
        code=row["code"],
        level=row["level"],
        source=row["source"],
        alert=bool(row["alert"]),
        reason_en=reason.get("en") or next(iter(reason.values()), row["code"]),
        raised_at=row["raised_at"],
        acknowledged_by=row["acknowledged_by"],
        acknowledged_at=row["acknowledged_at"],
    )


def _score(row: dict[str, Any]) -> ScoreRecord:
    return ScoreRecord(row["instrument"], int(row["total"]), row["severity"], row["scored_at"])


def _vitals(row: dict[str, Any]) -> VitalsRecord:
    return VitalsRecord(
        phase=row["phase"],
        systolic=int(row["systolic"]),
        diastolic=int(row["diastolic"]),
        heart_rate=int(row["heart_rate"]),
        spo2=int(row["spo2"]),
        recorded_by=row["recorded_by"],
        recorded_at=row["recorded_at"],
    )


def _consent(row: dict[str, Any]) -> ConsentRecord:
    return ConsentRecord(
        version=int(row["version"]),
        language=row["language"],
        signed_at=row["signed_at"],
        printed_name=row["printed_name"],
        meaning=row["meaning"],
        text_sha256=row["text_sha256"],
        pdf_sha256=row["pdf_sha256"],
        agreed_sections=tuple(json.loads(row["agreed_sections"])),
        stored_at=row["stored_at"],
        pdf=None if row["pdf"] is None else bytes(row["pdf"]),
    )


def _print(row: dict[str, Any]) -> PrintRecord:
    return PrintRecord(
        document=row["document"],
        printed_by=row["printed_by"],
        queue=row["queue"],
        job_id=row["job_id"],
        status=row["status"],
        detail=row["detail"],
        saved_path=row["saved_path"],
        printed_at=row["printed_at"],
    )


def _discharge(row: dict[str, Any]) -> DischargeRecord:
    return DischargeRecord(
        driver_name=row["driver_name"],
        driver_phone=row["driver_phone"],
        driver_present=bool(row["driver_present"]),
        discharged_at=row["discharged_at"],
        no_driving_until=row["no_driving_until"],
        nurse_name=row["nurse_name"],
    )
