"""ExportService: the ``export`` act writes a whole owner-only file and its audit entry, or neither."""

from __future__ import annotations

import csv
import io
import json
import stat
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.audit import AuditAction
from kiosk.core.intake_record import IntakeRecord
from kiosk.core.ports import ExportSource
from kiosk.services.context import KioskContext
from kiosk.services.demo.day import make_demo
from kiosk.services.exports import (
    ExportFormat,
    ExportRequest,
    ExportService,
    ExportWriteError,
    Writer,
)
from kiosk.storage.audit import AuditLog
from kiosk.storage.errors import StorageError
from tests.helpers.audit import refuse_audit

DAY = date(2026, 11, 21)
PATIENTS = 4
BY = "Ada Admin"


@pytest.fixture
def kiosk(kiosk: KioskContext) -> KioskContext:
    """A kiosk with PATIENTS demo intakes on DAY, always closed."""
    make_demo(kiosk, PATIENTS, DAY, seed=3)
    return kiosk


def exports(context: KioskContext) -> list[dict[str, Any]]:
    """The details of every ``export`` entry, oldest first, with their subject and actor."""
    return [
        {"subject": e.subject, "actor": e.actor, **json.loads(e.detail)}
        for e in AuditLog(context.db, context.clock).entries(action=AuditAction.EXPORT)
    ]


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_each_format_is_written_whole_owner_only_and_audited(
    kiosk: KioskContext, tmp_path: Path, fmt: ExportFormat
) -> None:
    """to_file for csv, json, fhir and pdf: one 0600 file holding the day, no temporary file
    left, the count returned, and one ``export`` entry with first, last, format, records and
    include_pdf (always true for FHIR, which carries the consent PDFs)."""
    request = ExportRequest(DAY, DAY, fmt)
    target = tmp_path / "out" / request.filename()
    target.parent.mkdir()
    assert ExportService(kiosk).to_file(request, target, by=BY) == PATIENTS
    assert [p.name for p in target.parent.iterdir()] == [target.name]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    body = target.read_bytes()
    if fmt is ExportFormat.CSV:
        assert len(list(csv.reader(io.StringIO(body.decode("utf-8"))))) == PATIENTS + 1
    elif fmt is ExportFormat.PDF:
        assert body.startswith(b"%PDF") and body.rstrip().endswith(b"%%EOF")
    else:
        json.loads(body)  # whole: it parses
    assert exports(kiosk) == [
        {
            "subject": str(target.resolve()),
            "actor": BY,
            "first": DAY.isoformat(),
            "last": DAY.isoformat(),
            "format": fmt.value,
            "records": PATIENTS,
            "include_pdf": fmt is ExportFormat.FHIR,
        }
    ]


def test_include_pdf_is_in_the_audit_entry(kiosk: KioskContext, tmp_path: Path) -> None:
    """A JSON export asked with the consent PDFs says so in its ``export`` entry."""
    request = ExportRequest(DAY, DAY, ExportFormat.JSON, include_pdf=True)
    ExportService(kiosk).to_file(request, tmp_path / "with.json", by=BY)
    assert exports(kiosk)[0]["include_pdf"] is True


@pytest.mark.parametrize("fault", ["trigger", "query_only"])
def test_an_export_the_audit_log_refuses_leaves_no_file(
    kiosk: KioskContext, tmp_path: Path, fault: str
) -> None:
    """The audit entry cannot be written (a trigger raising ABORT, or the connection made
    read-only): a StorageError, no export file and no temporary file left, no entry."""
    if fault == "trigger":
        refuse_audit(kiosk.db)
    else:
        kiosk.db.execute("PRAGMA query_only = 1")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(StorageError):
        ExportService(kiosk).to_file(
            ExportRequest(DAY, DAY, ExportFormat.CSV), out / "d.csv", by=BY
        )
    assert list(out.iterdir()) == []
    kiosk.db.execute("PRAGMA query_only = 0")
    assert exports(kiosk) == []


def test_a_folder_that_does_not_exist_is_an_export_write_error(
    kiosk: KioskContext, tmp_path: Path
) -> None:
    """ExportWriteError (an OSError naming the path) and nothing audited."""
    target = tmp_path / "missing" / "d.csv"
    with pytest.raises(ExportWriteError) as caught:
        ExportService(kiosk).to_file(ExportRequest(DAY, DAY, ExportFormat.CSV), target, by=BY)
    assert caught.value.filename == str(target)
    assert not target.parent.exists()
    assert exports(kiosk) == []


def test_to_stream_hands_the_writer_over_and_audits_the_name(kiosk: KioskContext) -> None:
    """to_stream: ``send`` writes the export where it likes; the entry names what it was told."""
    out = io.StringIO()

    def send(write: Writer) -> int:
        return write(out)

    request = ExportRequest(DAY, DAY, ExportFormat.CSV)
    assert ExportService(kiosk).to_stream(request, send, by=BY, name="<stdout>") == PATIENTS
    assert len(out.getvalue().splitlines()) == PATIENTS + 1
    [entry] = exports(kiosk)
    assert entry["subject"] == "<stdout>" and entry["records"] == PATIENTS


def test_to_stream_of_the_pdf_writes_its_bytes_to_the_buffer(kiosk: KioskContext) -> None:
    """The PDF day report goes to the stream's byte buffer as it is."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    request = ExportRequest(DAY, DAY, ExportFormat.PDF)
    count = ExportService(kiosk).to_stream(request, lambda write: write(out), by=BY, name="-")
    assert count == PATIENTS
    assert raw.getvalue().startswith(b"%PDF")


def test_to_stream_refused_by_the_audit_log_raises(kiosk: KioskContext) -> None:
    """A stream cannot be taken back, but the refusal is not swallowed: StorageError, no entry."""
    refuse_audit(kiosk.db)
    with pytest.raises(StorageError):
        ExportService(kiosk).to_stream(
            ExportRequest(DAY, DAY, ExportFormat.CSV), lambda w: w(io.StringIO()), by=BY, name="-"
        )
    assert exports(kiosk) == []


@pytest.mark.parametrize(
    ("first", "last", "fmt", "name"),
    [
        (DAY, DAY, ExportFormat.CSV, "kiosk-2026-11-21.csv"),
        (DAY, DAY, ExportFormat.PDF, "kiosk-2026-11-21.pdf"),
        (
            date(2026, 11, 1),
            date(2026, 11, 30),
            ExportFormat.JSON,
            "kiosk-2026-11-01_2026-11-30.json",
        ),
        (
            date(2026, 11, 1),
            date(2026, 11, 30),
            ExportFormat.FHIR,
            "kiosk-2026-11-01_2026-11-30.fhir.json",
        ),
    ],
)
def test_the_file_name_of_a_day_and_of_a_range(
    first: date, last: date, fmt: ExportFormat, name: str
) -> None:
    """ExportRequest.filename: one date for a day, both for a range; FHIR ends in .fhir.json."""
    assert ExportRequest(first, last, fmt).filename() == name


def hand_record(intake_id: int, first_name: str, last_name: str) -> IntakeRecord:
    """A bare intake built by hand, as a second backend would return it."""
    return IntakeRecord(
        id=intake_id,
        day=DAY,
        first_name=first_name,
        last_name=last_name,
        birth_date=date(1980, 2, 29),
        verified=False,
        language="en",
        stage="checking_in",
        form_versions={},
        created_at="2026-11-21T09:00:00+00:00",
        updated_at="2026-11-21T09:00:00+00:00",
        completed_at=None,
    )


class HandSource:
    """An ExportSource that is not the SQLite store: records from a list; it notes its calls."""

    def __init__(self, records: list[IntakeRecord]) -> None:
        self.records = records
        self.calls: list[tuple[date, date, bool]] = []
        self.snapshots = 0

    def snapshot(self) -> AbstractContextManager[None]:
        self.snapshots += 1
        return nullcontext()

    def intakes(
        self, first: date, last: date, *, include_pdf: bool = False
    ) -> Iterator[IntakeRecord]:
        self.calls.append((first, last, include_pdf))
        yield from self.records


def test_the_service_reads_through_any_export_source(kiosk: KioskContext, tmp_path: Path) -> None:
    """The Protocol is the seam: a hand-written ExportSource's records are what the CSV holds
    (not the kiosk's own intakes), read inside one snapshot, and the entry counts them."""
    source = HandSource([hand_record(901, "Hand", "Made"), hand_record(902, "Second", "Row")])
    typed: ExportSource = source
    target = tmp_path / "hand.csv"
    assert (
        ExportService(kiosk, typed).to_file(
            ExportRequest(DAY, DAY, ExportFormat.CSV), target, by=BY
        )
        == 2
    )
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["intake_id"], r["first_name"], r["last_name"]) for r in rows] == [
        ("901", "Hand", "Made"),
        ("902", "Second", "Row"),
    ]
    assert source.calls == [(DAY, DAY, False)] and source.snapshots == 1
    assert exports(kiosk)[0]["records"] == 2
