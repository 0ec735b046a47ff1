"""Reading intake records for export: pages of intakes, child rows per page, bounded memory."""

from __future__ import annotations

import hashlib
import tracemalloc
from collections import deque
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.export import write_csv
from kiosk.services.context import KioskContext
from kiosk.storage.db import open_database
from kiosk.storage.reader import iter_intakes, read_snapshot
from tests.helpers.clinic import DAY, NEXT_DAY

# answers, flags, scores, vitals, consents, prints, discharges, infusion corrections, infusions,
# side effects, readiness checks
CHILD_TABLES = 11
LONG_TEXT = "How many hours ago did you last eat any food? " * 5


def fill(db: Database, days: Sequence[date], answers_each: int = 5) -> None:
    """One small synthetic intake per entry of ``days`` (ids 1, 2, ...), each with a few answers."""
    at = "2026-11-21T09:00:00+00:00"
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO intakes (id, day, first_name, last_name, birth_date, name_key, verified,"
            " language, stage, form_versions, created_at, updated_at)"
            " VALUES (?, ?, ?, 'Test', '1980-01-01', ?, 0, 'en', 'checking_in', '{}', ?, ?)",
            [
                (i, day.isoformat(), f"Person{i}", f"person{i}|test", at, at)
                for i, day in enumerate(days, start=1)
            ],
        )
        db.conn.executemany(
            "INSERT INTO answers (intake_id, form_id, question_id, value, question_text,"
            " answer_text, answered_at) VALUES (?, 'checklist', ?, '12', ?, '12', ?)",
            [
                (i, f"q{n}", LONG_TEXT, at)
                for i in range(1, len(days) + 1)
                for n in range(answers_each)
            ],
        )


def _peak(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class _Sink:
    """A text stream that forgets what it is given."""

    def write(self, text: str) -> int:
        return len(text)


def test_intakes_are_read_a_page_at_a_time(db: Database) -> None:
    """2,000 intakes in pages of 500: five LIMITed reads of intakes, child rows by IN (...) per page."""
    fill(db, [DAY] * 2000)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        seen = sum(1 for _ in iter_intakes(db, DAY, DAY, page_size=500))
    finally:
        db.conn.set_trace_callback(None)
    assert seen == 2000
    intake_reads = [s for s in statements if "FROM intakes" in s]
    assert len(intake_reads) == 5  # four full pages, then an empty one
    assert all("LIMIT 500" in s for s in intake_reads)
    child_reads = [s for s in statements if s.startswith("SELECT") and "FROM intakes" not in s]
    assert len(child_reads) == 4 * CHILD_TABLES
    assert all("intake_id IN (" in s for s in child_reads)


def test_memory_stays_bounded_while_streaming(db: Database) -> None:
    """Streaming 2,000 intakes peaks far below holding them all, also when writing CSV."""
    fill(db, [DAY] * 2000)
    loaded = _peak(lambda: list(iter_intakes(db, DAY, DAY, page_size=100)))
    streamed = _peak(lambda: deque(iter_intakes(db, DAY, DAY, page_size=100), maxlen=0))
    written = _peak(lambda: write_csv(iter_intakes(db, DAY, DAY, page_size=100), _Sink()))  # type: ignore[arg-type]
    assert streamed * 4 < loaded, (streamed, loaded)
    assert written * 4 < loaded, (written, loaded)


def test_pages_follow_day_then_id_across_a_range(db: Database) -> None:
    """Intakes of several days stored out of order come in (day, id) order, page size aside."""
    days = [DAY + timedelta(days=(i * 7) % 4) for i in range(40)]
    fill(db, days, answers_each=1)
    first, last = DAY + timedelta(days=1), DAY + timedelta(days=2)
    expected = sorted(
        ((d, i) for i, d in enumerate(days, start=1) if first <= d <= last),
        key=lambda pair: (pair[0], pair[1]),
    )
    for page_size in (1, 3, 7, 500):
        got = [(r.day, r.id) for r in iter_intakes(db, first, last, page_size=page_size)]
        assert got == expected, page_size
        assert all(len(r.answers) == 1 for r in iter_intakes(db, first, last, page_size=page_size))


def test_small_pages_give_the_same_records(clinic: KioskContext) -> None:
    """Pages of 4 and of 500 give equal records, children and all, over a two-day demo."""
    small = list(iter_intakes(clinic.db, DAY, NEXT_DAY, page_size=4))
    assert small == list(iter_intakes(clinic.db, DAY, NEXT_DAY))
    assert len(small) == 25


def test_a_reversed_range_is_refused(db: Database) -> None:
    """The last day before the first is a ValueError."""
    with pytest.raises(ValueError, match="before"):
        next(iter_intakes(db, NEXT_DAY, DAY))


def test_pdfs_are_read_only_when_asked(clinic: KioskContext) -> None:
    """Consent PDFs stay in the database unless include_pdf; then they match their SHA-256."""
    plain = [r.consent for r in iter_intakes(clinic.db, DAY, DAY) if r.consent]
    assert plain and all(c.pdf is None for c in plain)
    full = [r.consent for r in iter_intakes(clinic.db, DAY, DAY, include_pdf=True) if r.consent]
    assert len(full) == len(plain)
    for consent in full:
        assert consent.pdf is not None
        assert hashlib.sha256(consent.pdf).hexdigest() == consent.pdf_sha256


def test_consents_without_pdfs_are_read_from_their_index_alone(clinic: KioskContext) -> None:
    """Without include_pdf the consent read is answered by a covering index, so SQLite never
    walks the pages of the PDFs stored in the same rows (the columns after them included)."""
    statements: list[str] = []
    clinic.db.conn.set_trace_callback(statements.append)
    try:
        assert any(r.consent for r in iter_intakes(clinic.db, DAY, DAY))
    finally:
        clinic.db.conn.set_trace_callback(None)
    [read] = [s for s in statements if "FROM consents" in s]
    plan = " ".join(str(row[3]) for row in clinic.db.execute("EXPLAIN QUERY PLAN " + read))
    assert "USING COVERING INDEX consents_summary" in plan


def test_the_ride_comes_from_the_ride_answers(clinic: KioskContext) -> None:
    """record.ride is the ride form's answers by question id."""
    records = list(iter_intakes(clinic.db, DAY, DAY))
    for record in records:
        assert record.ride == {
            a.question_id: a.value for a in record.answers if a.form_id == "ride"
        }
    assert any(r.ride.get("has_ride") == "yes" and r.ride.get("driver_name") for r in records)


def test_a_snapshot_hides_writes_made_during_the_export(tmp_path: Path) -> None:
    """Inside read_snapshot, an intake another connection commits mid-export is not half seen."""
    path = tmp_path / "kiosk.db"
    reader, writer = open_database(path), open_database(path)
    try:
        fill(reader, [DAY] * 6, answers_each=1)

        def export_while_writing(id_: int) -> int:
            records = iter_intakes(reader, DAY, DAY, page_size=2)
            next(records)
            fill_one(writer, id_)
            return 1 + sum(1 for _ in records)

        with read_snapshot(reader):
            assert export_while_writing(7) == 6
        assert not reader.conn.in_transaction
        assert export_while_writing(8) == 8  # without a snapshot the new intake shows up
    finally:
        reader.close()
        writer.close()


def fill_one(db: Database, intake_id: int) -> None:
    """One more intake on DAY, committed."""
    at = "2026-11-21T10:00:00+00:00"
    with db.atomic():
        db.execute(
            "INSERT INTO intakes (id, day, first_name, last_name, birth_date, name_key, verified,"
            " language, stage, form_versions, created_at, updated_at)"
            " VALUES (?, ?, 'Late', 'Comer', '1980-01-01', 'late|comer', 0, 'en', 'checking_in',"
            " '{}', ?, ?)",
            [intake_id, DAY.isoformat(), at, at],
        )
