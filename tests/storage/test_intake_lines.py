"""Reading intakes as lines (the CSV's columns alone): the same CSV as the whole records, with
no answer read or decoded that the CSV does not show, a page at a time."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.clock import FakeClock
from kiosk.core.intake_line import LINE_ANSWERS, IntakeLine
from kiosk.export import COLUMNS, write_csv, write_csv_lines
from kiosk.services.context import KioskContext, open_context
from kiosk.services.exports import ExportFormat, ExportRequest, ExportService
from kiosk.storage import reader
from kiosk.storage.reader import LINE_SQL, iter_intake_lines, iter_intakes, read_snapshot
from tests.helpers.clinic import DAY, NEXT_DAY, add_tricky_intakes


@pytest.fixture
def tricky(clinic_dir: Path, tmp_path: Path) -> Iterator[KioskContext]:
    """A copy of the demo clinic with the tricky intakes (formula-like names, line breaks in
    cells), an intake that signed twice and an acknowledged alert."""
    folder = tmp_path / "data"
    shutil.copytree(clinic_dir, folder)
    context = open_context(folder, clock=FakeClock())
    try:
        add_tricky_intakes(context.intakes)
        db = context.db
        with db.atomic():
            signed = db.execute("SELECT id, intake_id FROM consents ORDER BY id LIMIT 1").fetchone()
            db.execute(  # a second, later consent of the same intake: the CSV shows the latest
                "INSERT INTO consents (intake_id, version, language, signed_at, printed_name,"
                " meaning, text_sha256, pdf_sha256, agreed_sections, stored_at, pdf,"
                " signature_png, signature_method, typed_name)"
                " SELECT intake_id, version + 1, language, signed_at, printed_name, meaning,"
                " text_sha256, pdf_sha256, agreed_sections, stored_at, pdf, signature_png,"
                " 'typed', printed_name FROM consents WHERE id = ?",
                [signed[0]],
            )
            acknowledged = db.execute(
                "UPDATE flags SET acknowledged_by = 'Nurse', acknowledged_at = raised_at"
                " WHERE id = (SELECT min(id) FROM flags WHERE alert = 1)"
            )
            assert acknowledged.rowcount == 1
        yield context
    finally:
        context.close()


def _csv_both(context: KioskContext, page_size: int = reader.PAGE_SIZE) -> tuple[str, str]:
    """The CSV written from the whole records and from the lines, of DAY and NEXT_DAY."""
    wide, narrow = io.StringIO(), io.StringIO()
    with read_snapshot(context.db):
        write_csv(iter_intakes(context.db, DAY, NEXT_DAY), wide)
        write_csv_lines(iter_intake_lines(context.db, DAY, NEXT_DAY, page_size=page_size), narrow)
    return wide.getvalue(), narrow.getvalue()


def test_a_lines_fields_are_the_csv_columns() -> None:
    """IntakeLine's fields are COLUMNS, in their order (a row is a line's cells, inert)."""
    assert IntakeLine._fields == COLUMNS


@pytest.mark.parametrize("page_size", [1, 3, 500])
def test_lines_give_the_same_csv_as_whole_records(tricky: KioskContext, page_size: int) -> None:
    """Byte for byte, over names a spreadsheet would run, a second consent, an acknowledged
    alert and answers of every kind, whatever the page size."""
    wide, narrow = _csv_both(tricky, page_size)
    assert narrow == wide
    assert narrow.count("'=HYPERLINK") == 1
    assert "typed" in narrow


def test_the_lines_query_reads_only_the_answers_it_shows(tricky: KioskContext) -> None:
    """The shown answers come as one JSON object holding the shown questions and nothing else;
    no question or answer text is read; the whole records' reader is not used at all."""
    statements: list[str] = []
    tricky.db.conn.set_trace_callback(statements.append)
    try:
        lines = list(iter_intake_lines(tricky.db, DAY, NEXT_DAY))
    finally:
        tricky.db.conn.set_trace_callback(None)
    assert len(lines) == 32
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 1  # one page, one query
    assert "question_text" not in reads[0] and "answer_text" not in reads[0]
    params = [*reader._LINE_ANSWER_PARAMS, DAY.isoformat(), NEXT_DAY.isoformat(), "", 0, 500]
    shown = {"/".join(pair) for pair in LINE_ANSWERS.values()}
    stored = tricky.db.execute("SELECT count(*) FROM answers").fetchone()[0]
    got = 0
    for row in tricky.db.execute(LINE_SQL, params).fetchall():
        answers = json.loads(row[-1] or "{}")
        assert set(answers) <= shown
        got += len(answers)
    assert 0 < got < stored / 2  # of the answers stored, the shown ones alone


def test_the_kiosks_csv_export_reads_lines_not_whole_records(
    tricky: KioskContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ExportService's CSV of a kiosk goes through the lines; JSON still reads whole records."""
    whole: list[object] = []
    real = reader.iter_intakes

    def counted(*args: object, **kwargs: object) -> object:
        whole.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reader, "iter_intakes", counted)
    service = ExportService(tricky)
    out = io.StringIO()
    count = service.writer(ExportRequest(DAY, NEXT_DAY, ExportFormat.CSV))(out)
    assert count == 32 and whole == []
    service.writer(ExportRequest(DAY, NEXT_DAY, ExportFormat.JSON))(io.StringIO())
    assert len(whole) == 1
