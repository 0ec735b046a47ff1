"""The one reader of the read model: intakes as staff see them, for the board, the detail and
exports; a range is read a page of intakes at a time so memory stays bounded."""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from types import MappingProxyType
from typing import Any, TypeVar

from sqlite_utils import Database

from kiosk.core.board import ScorePoint, sort_board
from kiosk.core.forms.model import Answer
from kiosk.core.intake_line import LINE_ANSWERS, IntakeLine
from kiosk.core.intake_record import (
    AnswerRecord,
    ConsentRecord,
    DischargeRecord,
    FlagRecord,
    InfusionCorrection,
    InfusionRecord,
    IntakeRecord,
    IntakeSummary,
    PrintRecord,
    ReadinessRecord,
    RecordParts,
    ScoreRecord,
    SideEffectRecord,
    VitalsRecord,
)
from kiosk.storage.faults import boundary

PAGE_SIZE = 500  # intakes per query; each page's child rows come in one query per table
PDF_PAGE_SIZE = 50  # with the consent PDFs (about 50 kB each) a page holds fewer intakes
FLAG_ORDER = "alert DESC, CASE level WHEN 'red' THEN 0 ELSE 1 END, id"
"""How flags are listed everywhere: alerts first, then red, then amber, oldest first."""
FLAG_COLUMNS = (
    "id, intake_id, code, level, source, alert, reason, raised_at, acknowledged_by, acknowledged_at"
)
FLAG_NAMES = tuple(name.strip() for name in FLAG_COLUMNS.split(","))
SUMMARY_COLUMNS = (
    "id, day, first_name, last_name, birth_date, verified, language, stage, form_versions,"
    " created_at, updated_at, completed_at"
)

T = TypeVar("T")


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
        rows = db.execute(
            f"SELECT {SUMMARY_COLUMNS} FROM intakes"  # noqa: S608 - fixed text
            " WHERE day BETWEEN ? AND ? AND (day, id) > (?, ?) ORDER BY day, id LIMIT ?",
            [first.isoformat(), last.isoformat(), *after, page_size],
        ).fetchall()
        if not rows:
            return
        yield from _page(db, rows, include_pdf=include_pdf)
        if len(rows) < page_size:
            return
        after = (rows[-1][1], rows[-1][0])  # (day, id) of the page's last intake


_LINE_CELLS = {
    "intake_id": "i.id",
    "day": "i.day",
    "first_name": "i.first_name",
    "last_name": "i.last_name",
    "birth_date": "i.birth_date",
    "verified": "CASE WHEN i.verified THEN 1 ELSE 0 END",
    "language": "i.language",
    "stage": "i.stage",
    "arrived_at": "i.created_at",
    "completed_at": "i.completed_at",
    "phq9_total": "p.total",
    "phq9_severity": "p.severity",
    "gad7_total": "g.total",
    "gad7_severity": "g.severity",
    "flags": "coalesce((SELECT group_concat(f.level || ':' || f.code, '; '"
    " ORDER BY f.alert DESC, CASE f.level WHEN 'red' THEN 0 ELSE 1 END, f.id) FROM flags f"
    " WHERE f.intake_id = i.id), '')",  # FLAG_ORDER, LIST_SEPARATOR
    "open_alerts": "(SELECT count(*) FROM flags f WHERE f.intake_id = i.id"
    " AND f.alert != 0 AND f.acknowledged_at IS NULL)",
    "consent_version": "c.version",
    "consent_signed_at": "c.signed_at",
    "discharged_at": "d.discharged_at",
    "no_driving_until": "d.no_driving_until",
    "discharged_by": "d.nurse_name",
    "consent_signature_method": "c.signature_method",
    "infusion_started_at": "f.started_at",
    "infusion_ended_at": "f.ended_at",
    # whole minutes toward zero, as kiosk.export.csv_export.infusion_minutes (times to the second)
    "infusion_minutes": "(CAST(strftime('%s', f.ended_at) AS INTEGER)"
    " - CAST(strftime('%s', f.started_at) AS INTEGER)) / 60",
    # kiosk.export.csv_export.side_effect_text of each, in the order seen, LIST_SEPARATOR
    "side_effects": "coalesce((SELECT group_concat(e.kind || CASE WHEN e.other_text != ''"
    " THEN '(' || e.other_text || ')' ELSE '' END || ':' || e.severity || '@' || e.seen_at, '; '"
    " ORDER BY e.seen_at, e.id) FROM side_effects e WHERE e.intake_id = i.id), '')",
    "readiness_score": "r.score",
    "readiness_max": "r.max_score",
    "readiness_passed": "r.passed",
    "discharge_override_reason": "d.override_reason",
}
"""The SQL of each IntakeLine field but the answers (i: intakes, p and g: the PHQ-9 and GAD-7
scores, c: the latest signed consent, d: the discharge, f: the infusion, r: the last readiness
check)."""
_LINE_FIELDS = tuple(name for name in IntakeLine._fields if name not in LINE_ANSWERS)
_LINE_PLAN = tuple(
    (_LINE_FIELDS.index(name), "") if name in _LINE_CELLS else (-1, "/".join(LINE_ANSWERS[name]))
    for name in IntakeLine._fields
)
"""Per IntakeLine field: its column in the query, or (-1, "form/question") for an answer."""
LINE_SQL = (
    f"SELECT {', '.join(_LINE_CELLS[name] for name in _LINE_FIELDS)},"  # noqa: S608 - fixed text
    # the shown answers only, as one JSON object "form/question": value (one scan of the
    # intake's answers, as they lie together); no other answer is read into Python
    " (SELECT json_group_object(a.form_id || '/' || a.question_id, json(a.value)) FROM answers a"
    " WHERE a.intake_id = i.id AND (a.form_id, a.question_id) IN"
    f" (VALUES {', '.join('(?, ?)' for _ in LINE_ANSWERS)}))"
    " FROM intakes i"
    " LEFT JOIN scores p ON p.intake_id = i.id AND p.instrument = 'phq9'"
    " LEFT JOIN scores g ON g.intake_id = i.id AND g.instrument = 'gad7'"
    # the latest consent from the covering index of its small columns: the row itself would be
    # read through the PDF's overflow pages (signature_method comes after the PDF in it)
    " LEFT JOIN consents c INDEXED BY consents_summary ON c.intake_id = i.id"
    " AND c.id = (SELECT max(id) FROM consents WHERE intake_id = i.id)"
    " LEFT JOIN discharges d ON d.intake_id = i.id"
    " LEFT JOIN infusions f ON f.intake_id = i.id"
    " LEFT JOIN readiness_checks r ON r.intake_id = i.id"
    " AND r.id = (SELECT max(id) FROM readiness_checks WHERE intake_id = i.id)"
    " WHERE i.day BETWEEN ? AND ? AND (i.day, i.id) > (?, ?) ORDER BY i.day, i.id LIMIT ?"
)
_LINE_ANSWER_PARAMS = [part for pair in LINE_ANSWERS.values() for part in pair]


@boundary
def iter_intake_lines(
    db: Database, first: date, last: date, *, page_size: int = PAGE_SIZE
) -> Iterator[IntakeLine]:
    """Every intake of the days ``first`` to ``last`` as an IntakeLine, in (day, id) order.

    One query a page (keyset pagination, ``page_size`` intakes), so memory holds one page
    whatever the range and no cursor stays open between the lines yielded. Only the answers of
    LINE_ANSWERS are read, and only they are decoded."""
    if last < first:
        raise ValueError(f"the range ends ({last}) before it starts ({first})")
    if page_size < 1:
        raise ValueError("page_size must be 1 or more")
    after: tuple[str, int] = ("", 0)
    span = [first.isoformat(), last.isoformat()]
    while True:
        rows = db.execute(LINE_SQL, [*_LINE_ANSWER_PARAMS, *span, *after, page_size]).fetchall()
        if not rows:
            return
        for row in rows:
            shown: dict[str, Answer] = json.loads(row[-1]) if row[-1] else {}
            yield IntakeLine._make(
                [row[at] if at >= 0 else shown.get(key) for at, key in _LINE_PLAN]
            )
        if len(rows) < page_size:
            return
        after = (rows[-1][1], rows[-1][0])  # (day, id) of the page's last line


@boundary
def read_intake(db: Database, intake_id: int, *, include_pdf: bool = True) -> IntakeRecord:
    """One intake with everything stored about it (the consent PDF too by default);
    LookupError when there is none."""
    rows = db.execute(
        f"SELECT {SUMMARY_COLUMNS} FROM intakes WHERE id = ?",  # noqa: S608 - fixed text
        [intake_id],
    ).fetchall()
    if not rows:
        raise LookupError(f"no intake {intake_id}")
    return next(_page(db, rows, include_pdf=include_pdf))


@boundary
def read_board(db: Database, day: date) -> list[IntakeSummary]:
    """Every intake of ``day`` with its flags, most urgent first (no answers: the board's read)."""
    rows = db.execute(BOARD_SQL, [day.isoformat()]).fetchall()
    flags: dict[int, list[FlagRecord]] = defaultdict(list)
    for row in db.execute(
        f"SELECT {FLAG_COLUMNS} FROM flags WHERE intake_id IN"  # noqa: S608 - fixed text
        f" (SELECT id FROM intakes WHERE day = ?) ORDER BY intake_id, {FLAG_ORDER}",
        [day.isoformat()],
    ).fetchall():
        flags[int(row[1])].append(_flag(dict(zip(FLAG_NAMES, row, strict=True))))
    width = _SUMMARY_WIDTH
    return sort_board(
        [
            IntakeSummary(
                **_intake_fields(row[:width]),
                flags=tuple(flags.get(int(row[0]), ())),
                infusion_started_at=row[width],
                infusion_ended_at=row[width + 1],
                last_vitals_at=row[width + 2],
                readiness_passed=None if row[width + 3] is None else bool(row[width + 3]),
            )
            for row in rows
        ]
    )


_SUMMARY_WIDTH = len(SUMMARY_COLUMNS.split(","))
BOARD_SQL = (
    "SELECT "  # noqa: S608 - fixed text
    + ", ".join(f"i.{name.strip()}" for name in SUMMARY_COLUMNS.split(","))
    + ", f.started_at, f.ended_at,"
    " (SELECT max(v.recorded_at) FROM vitals v WHERE v.intake_id = i.id),"
    # the verdict of the last check made since the infusion ended (the one a discharge counts;
    # both times are utc_iso text, which sorts as time does)
    " (SELECT r.passed FROM readiness_checks r WHERE r.intake_id = i.id"
    " AND r.recorded_at >= f.ended_at ORDER BY r.id DESC LIMIT 1)"
    " FROM intakes i LEFT JOIN infusions f ON f.intake_id = i.id WHERE i.day = ? ORDER BY i.id"
)
"""The board's intakes of a day: their own columns (SUMMARY_COLUMNS), then the chair's (the
infusion's times, the last vitals, the last readiness check's verdict)."""


def score_history(db: Database, intake_id: int) -> list[ScorePoint]:
    """PHQ-9 and GAD-7 totals of this intake's patient on every day they came, oldest first."""
    person = list(db.query("SELECT name_key, birth_date FROM intakes WHERE id = ?", [intake_id]))
    if not person:
        raise LookupError(f"no intake {intake_id}")
    return [
        ScorePoint(date.fromisoformat(r["day"]), r["instrument"], r["total"], r["severity"])
        for r in db.query(
            "SELECT i.day, s.instrument, s.total, s.severity FROM scores s"
            " JOIN intakes i ON i.id = s.intake_id"
            " WHERE i.name_key = ? AND i.birth_date = ? ORDER BY i.day, i.id",
            [person[0]["name_key"], person[0]["birth_date"]],
        )
    ]


@boundary
def next_appointment(db: Database, intake_id: int, after: date) -> tuple[date, str] | None:
    """This intake's patient's first appointment after ``after``: its day and time ("" if none)."""
    rows = list(
        db.query(
            "SELECT a.day, a.time FROM appointments a JOIN intakes i ON i.id = ?"
            " WHERE a.name_key = i.name_key AND a.birth_date = i.birth_date AND a.day > ?"
            " ORDER BY a.day, a.time LIMIT 1",
            [intake_id, after.isoformat()],
        )
    )
    if not rows:
        return None
    return date.fromisoformat(rows[0]["day"]), str(rows[0]["time"] or "")


def _intake_fields(row: Sequence[Any]) -> dict[str, Any]:
    """The intake's own fields from a tuple of SUMMARY_COLUMNS, in their order (tuples, not
    dicts: the board refreshes every time anything is committed)."""
    (key, day, first, last, birth, verified, language, stage, versions, created, updated, done) = (
        row
    )
    return {
        "id": int(key),
        "day": date.fromisoformat(day),
        "first_name": first,
        "last_name": last,
        "birth_date": date.fromisoformat(birth),
        "verified": bool(verified),
        "language": language,
        "stage": stage,
        "form_versions": _text_map(versions),
        "created_at": created,
        "updated_at": updated,
        "completed_at": done,
    }


@functools.lru_cache(maxsize=256)
def _text_map(text: str) -> Mapping[str, str]:
    """A stored JSON object of texts (form versions, a flag's reason in each language), read
    once per distinct text: intakes of a day share a handful. Read-only, so it can be shared."""
    return MappingProxyType(dict(json.loads(text)))


def _page(
    db: Database, rows: Sequence[Sequence[Any]], *, include_pdf: bool
) -> Iterator[IntakeRecord]:
    ids = [int(r[0]) for r in rows]
    children = _Children(db, ids)
    answers = children.grouped(
        "SELECT intake_id, form_id, question_id, question_text, value, answer_text, answered_at"
        " FROM answers WHERE intake_id IN ({ids}) ORDER BY intake_id, answered_at, rowid",
        _answer,
    )
    flags = children.grouped(
        f"SELECT {FLAG_COLUMNS} FROM flags WHERE intake_id IN ({{ids}})"  # noqa: S608 - fixed text
        f" ORDER BY intake_id, {FLAG_ORDER}",
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
        " pdf_sha256, agreed_sections, stored_at, signature_method, typed_name,"
        f" witness_staff_id, witness_name, witness_accounts, {pdf_column} FROM consents"
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
        " no_driving_until, nurse_name, override_reason FROM discharges"
        " WHERE intake_id IN ({ids})",
        _discharge,
    )
    corrections = children.grouped(
        "SELECT intake_id, which, old_at, new_at, reason, corrected_by, corrected_at"
        " FROM infusion_corrections WHERE intake_id IN ({ids}) ORDER BY intake_id, id",
        _correction,
    )
    infusions = {
        key: _infusion(found[0], tuple(corrections.get(key, ())))
        for key, found in children.grouped(
            "SELECT intake_id, started_at, started_by, ended_at, ended_by FROM infusions"
            " WHERE intake_id IN ({ids})",
            lambda row: row,
        ).items()
    }
    side_effects = children.grouped(
        "SELECT intake_id, kind, severity, seen_at, other_text, recorded_by, recorded_at"
        " FROM side_effects WHERE intake_id IN ({ids}) ORDER BY intake_id, seen_at, id",
        _side_effect,
    )
    readiness = children.grouped(
        "SELECT intake_id, form_version, answers, confirmed, points, score, max_score, passed,"
        " reasons, recorded_by, recorded_at FROM readiness_checks WHERE intake_id IN ({ids})"
        " ORDER BY intake_id, id",
        _readiness,
    )
    parts = RecordParts(
        answers,
        flags,
        scores,
        vitals,
        consents,
        prints,
        discharges,
        infusions,
        side_effects,
        readiness,
    )
    for row in rows:
        yield parts.record(int(row[0]), _intake_fields(row))


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
    reason = _text_map(row["reason"])
    return FlagRecord(
        id=int(row["id"]),
        code=row["code"],
        level=row["level"],
        source=row["source"],
        alert=bool(row["alert"]),
        reason=reason,
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
        signature_method=row["signature_method"],
        typed_name=row["typed_name"],
        witness_name=row["witness_name"],
        witness_staff_id=None if row["witness_staff_id"] is None else int(row["witness_staff_id"]),
        witness_accounts=row["witness_accounts"],
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
        override_reason=row["override_reason"],
    )


def _correction(row: dict[str, Any]) -> InfusionCorrection:
    return InfusionCorrection(
        which=row["which"],
        old_at=row["old_at"],
        new_at=row["new_at"],
        reason=row["reason"],
        corrected_by=row["corrected_by"],
        corrected_at=row["corrected_at"],
    )


def _infusion(row: dict[str, Any], corrections: tuple[InfusionCorrection, ...]) -> InfusionRecord:
    return InfusionRecord(
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        started_by=row["started_by"],
        ended_by=row["ended_by"],
        corrections=corrections,
    )


def _side_effect(row: dict[str, Any]) -> SideEffectRecord:
    return SideEffectRecord(
        kind=row["kind"],
        severity=row["severity"],
        seen_at=row["seen_at"],
        other_text=row["other_text"],
        recorded_by=row["recorded_by"],
        recorded_at=row["recorded_at"],
    )


def _readiness(row: dict[str, Any]) -> ReadinessRecord:
    return ReadinessRecord(
        form_version=row["form_version"],
        answers=MappingProxyType(dict(json.loads(row["answers"]))),
        confirmed=tuple(json.loads(row["confirmed"])),
        points=MappingProxyType(dict(json.loads(row["points"]))),
        score=int(row["score"]),
        max_score=int(row["max_score"]),
        passed=bool(row["passed"]),
        reasons=tuple(json.loads(row["reasons"])),
        recorded_by=row["recorded_by"],
        recorded_at=row["recorded_at"],
    )
