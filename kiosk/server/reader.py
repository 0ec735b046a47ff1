"""The read model on the clinic server: the records_* tables read into the same core records a
kiosk's own reader gives (kiosk.core.ports' StationReads and ExportSource), every kiosk's
intakes together, each marked with the kiosk it came from."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import psycopg

from kiosk.core.board import ScorePoint, sort_board
from kiosk.core.clock import utc_iso
from kiosk.core.identity import name_key
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
from kiosk.core.ports import ExportSource, StationReads
from kiosk.core.row_versions import LastChange

PAGE_SIZE = 500  # intakes per query, as on the kiosk (kiosk.storage.reader)
PDF_PAGE_SIZE = 50
FLAG_ORDER = "alert DESC, CASE level WHEN 'red' THEN 0 ELSE 1 END, id"
"""The kiosk's order (kiosk.storage.reader.FLAG_ORDER): alerts, then red, then amber, oldest first."""
FLAG_COLUMNS = (
    "id, intake_id, code, level, source, alert, reason, raised_at, acknowledged_by, acknowledged_at"
)
FLAG_NAMES = tuple(name.strip() for name in FLAG_COLUMNS.split(","))
SUMMARY_COLUMNS = (
    "id, day, first_name, last_name, birth_date, verified, language, stage, form_versions,"
    " created_at, updated_at, completed_at, device, row_version"
)
ISO_UTC = """to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')"""
"""A time as utc_iso writes it (UTC, to the second), made by the server: formatting thousands of
times in Python was most of the board's read."""


def _selected(columns: str, table: str, times: Sequence[str], maps: Sequence[str]) -> str:
    """``columns`` of ``table`` (an alias) as the reader selects them: ``times`` as ISO text in
    UTC, ``maps`` (jsonb) as their JSON text, parsed once for every row that has the same."""
    out = []
    for name in (c.strip() for c in columns.split(",")):
        column = f"{table}.{name}"
        if name in times:
            out.append(f"{ISO_UTC.format(column)} AS {name}")
        elif name in maps:
            out.append(f"{column}::text AS {name}")
        else:
            out.append(column)
    return ", ".join(out)


SUMMARY_SELECT = _selected(
    SUMMARY_COLUMNS, "i", ("created_at", "updated_at", "completed_at"), ("form_versions",)
)
FLAG_SELECT = _selected(FLAG_COLUMNS, "f", ("raised_at", "acknowledged_at"), ("reason",))
SUMMARY_WIDTH = len(SUMMARY_COLUMNS.split(","))
WATCH_SELECT = (
    f"{ISO_UTC.format('n.started_at')}, {ISO_UTC.format('n.ended_at')},"
    f" {ISO_UTC.format('lv.at')}, rc.passed"
)
"""The board's chair columns: the infusion's times, the latest vitals, the latest readiness
check's verdict (IntakeSummary's infusion_started_at ... readiness_passed, in that order)."""
WATCH_NAMES = ("infusion_started_at", "infusion_ended_at", "last_vitals_at", "readiness_passed")
BOARD_SQL = (
    # one round trip: each intake of the day once per flag (once when it has none), the flags
    # in FLAG_ORDER, each looked up by its intake (records_flags' key starts with intake_id).
    # OFFSET 0 keeps the lookup per intake: flattened into a plain join, the planner hashes
    # every flag of every day instead (10 ms rather than 1 with a clinic year on the server).
    # The chair columns are looked up per intake the same way (each table's key or index
    # starts with intake_id).
    f"SELECT {SUMMARY_SELECT}, {WATCH_SELECT}, {FLAG_SELECT}"  # noqa: S608 - fixed text
    " FROM records_intakes i"
    " LEFT JOIN records_infusions n ON n.intake_id = i.id"
    " LEFT JOIN LATERAL (SELECT max(v.recorded_at) AS at FROM records_vitals v"
    " WHERE v.intake_id = i.id) lv ON true"
    # the verdict of the last check made since the infusion ended (the one a discharge counts)
    " LEFT JOIN LATERAL (SELECT r.passed FROM records_readiness r WHERE r.intake_id = i.id"
    " AND r.recorded_at >= n.ended_at ORDER BY r.id DESC LIMIT 1) rc ON true"
    " LEFT JOIN LATERAL (SELECT * FROM records_flags x WHERE x.intake_id = i.id OFFSET 0) f"
    " ON true"
    " WHERE i.day = %(day)s AND i.day IS NOT NULL AND i.birth_date IS NOT NULL"
    " AND (%(clinic)s::text IS NULL OR i.clinic = %(clinic)s::text)"
    " ORDER BY i.id, f.alert DESC, CASE f.level WHEN 'red' THEN 0 ELSE 1 END, f.id"
)
CHECKED_IN = "day IS NOT NULL AND birth_date IS NOT NULL"
"""An intake whose check-in has not arrived yet has no day nor person: nobody reads it."""

Connection = psycopg.Connection[tuple[Any, ...]]
T = TypeVar("T")


class ServerReader:
    """The read model on the clinic server's records (StationReads and ExportSource), for one
    clinic or, with ``clinic`` None, every clinic the server holds.

    What the stations record on the server (vitals, prints, discharges, the infusion and its
    corrections, side effects, readiness checks) is read with the rest;
    ``version`` is the intake's row version, which a station's act names (kiosk.server.station).
    Times are ISO 8601 text in UTC to the second, as a kiosk stores them.
    """

    def __init__(self, conn: Connection, clinic: str | None = None) -> None:
        self.conn = conn
        self.clinic = clinic
        self._in_snapshot = False

    # --- StationReads -----------------------------------------------------------------------

    def board(self, day: date) -> list[IntakeSummary]:
        """Every intake of ``day`` with its flags, most urgent first."""
        rows = self._execute(BOARD_SQL, {"day": day, "clinic": self.clinic})
        intakes: dict[int, tuple[dict[str, Any], list[FlagRecord]]] = {}
        flags_from = SUMMARY_WIDTH + len(WATCH_NAMES)
        for row in rows:
            key = int(row[0])
            if key not in intakes:
                fields = _intake_fields(row[:SUMMARY_WIDTH])
                fields.update(zip(WATCH_NAMES, row[SUMMARY_WIDTH:flags_from], strict=True))
                intakes[key] = (fields, [])
            if row[flags_from] is not None:
                flag = dict(zip(FLAG_NAMES, row[flags_from:], strict=True))
                intakes[key][1].append(_flag(flag))
        return sort_board(
            [IntakeSummary(**fields, flags=tuple(flags)) for fields, flags in intakes.values()]
        )

    def intake(self, intake_id: int) -> IntakeRecord:
        """One intake with everything about it (the consent PDF too); LookupError if none."""
        rows = self._execute(
            f"SELECT {SUMMARY_SELECT} FROM records_intakes i"  # noqa: S608 - fixed text
            f" WHERE id = %(id)s AND {CHECKED_IN} AND {self._clinic_filter}",
            {"id": intake_id, "clinic": self.clinic},
        )
        if not rows:
            raise LookupError(f"no intake {intake_id}")
        record = next(self._page(rows, include_pdf=True))
        return replace(record, last_change=self._last_change(intake_id))

    def _last_change(self, intake_id: int) -> LastChange | None:
        """Who last changed the intake, how and when (a station names it when refusing a stale
        view)."""
        rows = self._execute(
            "SELECT last_change FROM records_intakes WHERE id = %(id)s", {"id": intake_id}
        )
        change = rows[0][0] if rows else None
        if not isinstance(change, dict):
            return None
        at = change.get("at")
        return LastChange(
            str(change.get("by", "")),
            str(change.get("act", "")),
            datetime.fromisoformat(at) if isinstance(at, str) else None,
        )

    def score_history(self, intake_id: int) -> list[ScorePoint]:
        """PHQ-9 and GAD-7 totals of this patient on every day they came (at any kiosk of the
        clinic), oldest first. The patient is the name key and birth date, as on a kiosk; the
        server keeps no name key, so it is worked out here from the names of the intakes born
        on that day."""
        person = self._person(intake_id)
        if person is None:
            raise LookupError(f"no intake {intake_id}")
        key, birth = person
        same_birth = self._execute(
            f"SELECT id, first_name, last_name FROM records_intakes"  # noqa: S608 - fixed text
            f" WHERE birth_date = %(birth)s AND {CHECKED_IN} AND {self._clinic_filter}",
            {"birth": birth, "clinic": self.clinic},
        )
        ids = [int(r[0]) for r in same_birth if name_key(str(r[1]), str(r[2])) == key]
        return [
            ScorePoint(r[0], str(r[1]), int(r[2]), str(r[3]))
            for r in self._execute(
                "SELECT i.day, s.instrument, s.total, s.severity FROM records_scores s"
                " JOIN records_intakes i ON i.id = s.intake_id WHERE i.id = ANY(%(ids)s)"
                " ORDER BY i.day, i.id, s.instrument",
                {"ids": ids},
            )
        ]

    def next_appointment(self, intake_id: int, after: date) -> tuple[date, str] | None:
        """The patient's first appointment after ``after`` booked on the server (appointments
        are the clinic's, not a kiosk's): its day and time ("" if none)."""
        person = self._person(intake_id)
        if person is None:
            return None
        rows = self._execute(
            "SELECT day, time FROM appointments WHERE name_key = %(key)s AND birth_date = %(birth)s"
            " AND day > %(after)s ORDER BY day, time LIMIT 1",
            {"key": person[0], "birth": person[1], "after": after},
        )
        if not rows:
            return None
        return rows[0][0], str(rows[0][1] or "")

    def change_marker(self) -> str:
        """The server's transaction snapshot (xmin:xmax:running ids): it moves whenever a
        transaction that writes starts or ends anywhere on the server, so a board refreshed on
        a change never misses a commit (and at worst refreshes once for nothing). The live
        boards listen on 'clinic_board' for the changes themselves."""
        rows = self._execute("SELECT pg_current_snapshot()::text", {})
        return str(rows[0][0])

    # --- ExportSource -----------------------------------------------------------------------

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One REPEATABLE READ, READ ONLY transaction: every page of an export sees the records
        as they were at its first read, whatever the kiosks hand in meanwhile."""
        if self._in_snapshot:
            yield
            return
        with self.conn.transaction(force_rollback=True):
            self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            self._in_snapshot = True
            try:
                yield
            finally:
                self._in_snapshot = False

    def intakes(
        self, first: date, last: date, *, include_pdf: bool = False
    ) -> Iterator[IntakeRecord]:
        """Every intake of the days ``first`` to ``last``, in (day, id) order, a page at a time
        (keyset pagination; each page's answers, flags, scores and consents in one query per
        table); the consent PDFs only with ``include_pdf``."""
        if last < first:
            raise ValueError(f"the range ends ({last}) before it starts ({first})")
        return self._iter_intakes(first, last, include_pdf=include_pdf)

    def _iter_intakes(
        self, first: date, last: date, *, include_pdf: bool
    ) -> Iterator[IntakeRecord]:
        page_size = PDF_PAGE_SIZE if include_pdf else PAGE_SIZE
        after: tuple[date, int] = (first, 0)
        while True:
            rows = self._execute(
                f"SELECT {SUMMARY_SELECT} FROM records_intakes i"  # noqa: S608 - fixed text
                f" WHERE day BETWEEN %(first)s AND %(last)s AND {CHECKED_IN}"
                f" AND {self._clinic_filter} AND (day, id) > (%(day)s, %(id)s)"
                " ORDER BY day, id LIMIT %(limit)s",
                {
                    "first": first,
                    "last": last,
                    "clinic": self.clinic,
                    "day": after[0],
                    "id": after[1],
                    "limit": page_size,
                },
            )
            if not rows:
                return
            yield from self._page(rows, include_pdf=include_pdf)
            if len(rows) < page_size:
                return
            after = (rows[-1][1], int(rows[-1][0]))

    # --- helpers ----------------------------------------------------------------------------

    @property
    def _clinic_filter(self) -> str:
        return "(%(clinic)s::text IS NULL OR clinic = %(clinic)s::text)"

    def _execute(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql.encode(), params).fetchall()

    def _person(self, intake_id: int) -> tuple[str, date] | None:
        """The name key and birth date of the intake's patient."""
        rows = self._execute(
            f"SELECT first_name, last_name, birth_date FROM records_intakes"  # noqa: S608
            f" WHERE id = %(id)s AND {CHECKED_IN} AND {self._clinic_filter}",
            {"id": intake_id, "clinic": self.clinic},
        )
        if not rows:
            return None
        first, last, birth = rows[0]
        return name_key(str(first), str(last)), birth

    def _page(
        self, rows: Sequence[tuple[Any, ...]], *, include_pdf: bool
    ) -> Iterator[IntakeRecord]:
        children = _Children(self, [int(r[0]) for r in rows])
        answers = children.grouped(
            # ctid breaks ties between the answers of one step (same answered_at): they were
            # inserted in the order the kiosk listed them, which is the kiosk's rowid order.
            "SELECT intake_id, form_id, question_id, question_text, value, answer_text,"  # noqa: S608
            f" {ISO_UTC.format('a.answered_at')} AS answered_at"
            " FROM records_answers a WHERE intake_id = ANY(%(ids)s)"
            " ORDER BY intake_id, a.answered_at, a.ctid",
            _answer,
        )
        flags = children.grouped(
            f"SELECT {FLAG_SELECT} FROM records_flags f WHERE intake_id = ANY(%(ids)s)"  # noqa: S608
            f" ORDER BY intake_id, {FLAG_ORDER}",
            _flag,
        )
        scores = children.grouped(
            "SELECT intake_id, instrument, total, severity, scored_at FROM records_scores"
            " WHERE intake_id = ANY(%(ids)s) ORDER BY intake_id, instrument",
            _score,
        )
        pdf_column = "pdf" if include_pdf else "NULL::bytea AS pdf"
        consents = children.grouped(
            "SELECT intake_id, version, language, signed_at, printed_name, meaning, text_sha256,"  # noqa: S608 - fixed text
            " pdf_sha256, agreed_sections, stored_at, signature_method, typed_name,"
            f" witness_staff_id, witness_name, witness_accounts, {pdf_column} FROM records_consents"
            " WHERE intake_id = ANY(%(ids)s) ORDER BY intake_id, id",
            _consent,
        )
        vitals = children.grouped(
            "SELECT v.intake_id, v.phase, v.systolic, v.diastolic, v.heart_rate, v.spo2,"
            " coalesce(s.name, nullif(v.recorded_by_name, '')) AS recorded_by, v.recorded_at"
            " FROM records_vitals v LEFT JOIN staff s ON s.id = v.recorded_by"
            " WHERE v.intake_id = ANY(%(ids)s) ORDER BY v.intake_id, v.id",
            _vitals,
        )
        prints = children.grouped(
            "SELECT intake_id, document, printed_by, queue, job_id, status, detail, saved_path,"
            " printed_at FROM records_prints WHERE intake_id = ANY(%(ids)s) ORDER BY intake_id, id",
            _print,
        )
        discharges = children.grouped(
            "SELECT intake_id, driver_name, driver_phone, driver_present, discharged_at,"
            " no_driving_until, nurse_name, override_reason FROM records_discharges"
            " WHERE intake_id = ANY(%(ids)s)",
            _discharge,
        )
        started = children.grouped(
            "SELECT intake_id, started_at, started_by, ended_at, ended_by FROM records_infusions"
            " WHERE intake_id = ANY(%(ids)s)",
            dict,
        )
        corrections = children.grouped(
            "SELECT intake_id, which, old_at, new_at, reason, corrected_by, corrected_at"
            " FROM records_infusion_corrections WHERE intake_id = ANY(%(ids)s)"
            " ORDER BY intake_id, id",
            _correction,
        )
        side_effects = children.grouped(
            "SELECT intake_id, kind, severity, seen_at, other_text, recorded_by, recorded_at"
            " FROM records_side_effects WHERE intake_id = ANY(%(ids)s)"
            " ORDER BY intake_id, seen_at, id",
            _side_effect,
        )
        readiness = children.grouped(
            "SELECT intake_id, form_version, answers, confirmed, points, score, max_score,"
            " passed, reasons, recorded_by, recorded_at FROM records_readiness"
            " WHERE intake_id = ANY(%(ids)s) ORDER BY intake_id, id",
            _readiness,
        )
        children.fetch()
        infusions = {
            key: _infusion(found[0], tuple(corrections.get(key, ())))
            for key, found in started.items()
        }
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
    """Child rows of one page of intakes, one query per table, grouped by intake id: asked for
    table by table, then sent together in one pipeline (one round trip for them all)."""

    def __init__(self, reader: ServerReader, ids: Sequence[int]) -> None:
        self._reader = reader
        self._ids = list(ids)
        self._asked: list[tuple[bytes, Callable[[dict[str, Any]], Any], dict[int, list[Any]]]] = []

    def grouped(self, sql: str, build: Callable[[dict[str, Any]], T]) -> dict[int, list[T]]:
        """``build`` of each row of ``sql`` (its ``%(ids)s`` the page's intake ids), by intake
        id: empty until ``fetch``."""
        found: dict[int, list[T]] = defaultdict(list)
        self._asked.append((sql.encode(), build, found))
        return found

    def fetch(self) -> None:
        """Send every query asked for in one pipeline and fill their groups."""
        if not self._ids:
            return
        conn = self._reader.conn
        with conn.pipeline():
            cursors = [conn.execute(sql, {"ids": self._ids}) for sql, _, _ in self._asked]
        for cursor, (_, build, found) in zip(cursors, self._asked, strict=True):
            names = [column.name for column in cursor.description or ()]
            for values in cursor.fetchall():
                row = dict(zip(names, values, strict=True))
                found[int(row["intake_id"])].append(build(row))


def _text(moment: datetime) -> str:
    return utc_iso(moment)


def _texts(value: Mapping[str, Any]) -> Mapping[str, str]:
    return MappingProxyType({str(k): str(v) for k, v in value.items()})


@lru_cache(maxsize=4096)
def _texts_of(text: str) -> Mapping[str, str]:
    """A JSON object's text as a read-only mapping of texts; the same text gives the same
    (immutable) mapping, parsed once: most intakes share their form versions, flags their reasons."""
    return _texts(json.loads(text))


def _intake_fields(row: Sequence[Any]) -> dict[str, Any]:
    """The intake's own fields from a tuple of SUMMARY_SELECT, in their order."""
    (key, day, first, last, birth, verified, language, stage, versions, created, updated, done,
     device, version) = row  # fmt: skip
    return {
        "id": int(key),
        "day": day,
        "first_name": first,
        "last_name": last,
        "birth_date": birth,
        "verified": bool(verified),
        "language": language,
        "stage": stage,
        "form_versions": _texts_of(versions),
        "created_at": created or "",
        "updated_at": updated or "",
        "completed_at": done,
        "device": str(device),
        "version": int(version),
    }


def _answer(row: dict[str, Any]) -> AnswerRecord:
    return AnswerRecord(
        form_id=row["form_id"],
        question_id=row["question_id"],
        question_text=row["question_text"],
        value=row["value"],
        answer_text=row["answer_text"],
        answered_at=row["answered_at"],
    )


def _flag(row: dict[str, Any]) -> FlagRecord:
    return FlagRecord(
        id=int(row["id"]),
        code=row["code"],
        level=row["level"],
        source=row["source"],
        alert=bool(row["alert"]),
        reason=_texts_of(row["reason"]),
        raised_at=row["raised_at"],
        acknowledged_by=row["acknowledged_by"],
        acknowledged_at=row["acknowledged_at"],
    )


def _score(row: dict[str, Any]) -> ScoreRecord:
    return ScoreRecord(
        row["instrument"], int(row["total"]), row["severity"], _text(row["scored_at"])
    )


def _vitals(row: dict[str, Any]) -> VitalsRecord:
    return VitalsRecord(
        phase=row["phase"],
        systolic=int(row["systolic"]),
        diastolic=int(row["diastolic"]),
        heart_rate=int(row["heart_rate"]),
        spo2=int(row["spo2"]),
        recorded_by=row["recorded_by"],
        recorded_at=_text(row["recorded_at"]),
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
        printed_at=_text(row["printed_at"]),
    )


def _discharge(row: dict[str, Any]) -> DischargeRecord:
    return DischargeRecord(
        driver_name=row["driver_name"],
        driver_phone=row["driver_phone"],
        driver_present=bool(row["driver_present"]),
        discharged_at=_text(row["discharged_at"]),
        no_driving_until=row["no_driving_until"],
        nurse_name=row["nurse_name"],
        override_reason=row["override_reason"],
    )


def _maybe_text(moment: datetime | None) -> str | None:
    return None if moment is None else utc_iso(moment)


def _correction(row: dict[str, Any]) -> InfusionCorrection:
    return InfusionCorrection(
        which=row["which"],
        old_at=_maybe_text(row["old_at"]),
        new_at=_text(row["new_at"]),
        reason=row["reason"],
        corrected_by=row["corrected_by"],
        corrected_at=_text(row["corrected_at"]),
    )


def _infusion(row: dict[str, Any], corrections: tuple[InfusionCorrection, ...]) -> InfusionRecord:
    return InfusionRecord(
        started_at=_maybe_text(row["started_at"]),
        ended_at=_maybe_text(row["ended_at"]),
        started_by=row["started_by"],
        ended_by=row["ended_by"],
        corrections=corrections,
    )


def _side_effect(row: dict[str, Any]) -> SideEffectRecord:
    return SideEffectRecord(
        kind=row["kind"],
        severity=row["severity"],
        seen_at=_text(row["seen_at"]),
        other_text=row["other_text"],
        recorded_by=row["recorded_by"],
        recorded_at=_text(row["recorded_at"]),
    )


def _readiness(row: dict[str, Any]) -> ReadinessRecord:
    """A check as stored (jsonb read as Python by psycopg), read-only as the kiosk's reader
    gives it."""
    return ReadinessRecord(
        form_version=row["form_version"],
        answers=MappingProxyType({str(k): str(v) for k, v in row["answers"].items()}),
        confirmed=tuple(str(c) for c in row["confirmed"]),
        points=MappingProxyType({str(k): int(v) for k, v in row["points"].items()}),
        score=int(row["score"]),
        max_score=int(row["max_score"]),
        passed=bool(row["passed"]),
        reasons=tuple(str(r) for r in row["reasons"]),
        recorded_by=row["recorded_by"],
        recorded_at=_text(row["recorded_at"]),
    )


def _consent(row: dict[str, Any]) -> ConsentRecord:
    return ConsentRecord(
        version=int(row["version"]),
        language=row["language"],
        signed_at=_text(row["signed_at"]),
        printed_name=row["printed_name"],
        meaning=row["meaning"],
        text_sha256=row["text_sha256"],
        pdf_sha256=row["pdf_sha256"],
        agreed_sections=tuple(row["agreed_sections"]),
        stored_at=_text(row["stored_at"]),
        pdf=None if row["pdf"] is None else bytes(row["pdf"]),
        signature_method=row["signature_method"],
        typed_name=row["typed_name"],
        witness_name=row["witness_name"],
        witness_staff_id=None if row["witness_staff_id"] is None else int(row["witness_staff_id"]),
        witness_accounts=row["witness_accounts"],
    )


if TYPE_CHECKING:  # mypy proves the reader is what the station and the exports ask for

    def _is_a_station_read_and_export_source(
        reader: ServerReader,
    ) -> tuple[StationReads, ExportSource]:
        return reader, reader
