"""The PDF day report: the summary counts, every patient, a header on every table page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.core.clock import FakeClock
from kiosk.documents.day_report import DaySummary, render_day_report
from kiosk.export import IntakeRecord
from kiosk.services.context import KioskContext, open_context
from kiosk.storage.reader import iter_intakes
from tests.helpers.clinic import DAY, build_clinic
from tests.helpers.pdf import pdf_text

CLINIC = "Lakeside Infusion Clinic"


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KioskContext]:
    """A demo day of 20 intakes."""
    folder = tmp_path_factory.mktemp("day-report") / "data"
    build_clinic(folder, first_day=20)
    context = open_context(folder, clock=FakeClock())
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="module")
def records(clinic: KioskContext) -> list[IntakeRecord]:
    return list(iter_intakes(clinic.db, DAY, DAY))


def flat(text: str) -> str:
    return " ".join(text.split())


def test_summary_and_every_patient(records: list[IntakeRecord]) -> None:
    """The clinic name, the counts and every patient's name are in the report."""
    pdf = render_day_report(records, clinic_name=CLINIC, first=DAY, last=DAY)
    assert pdf.startswith(b"%PDF")
    text = flat(pdf_text(pdf))
    summary = DaySummary()
    for record in records:
        summary.add(record)
    assert summary.intakes == 20
    assert CLINIC in text and DAY.isoformat() in text
    for label, value in (
        ("Intakes", summary.intakes),
        ("Verified", summary.verified),
        ("Unverified", summary.unverified),
        ("Completed at the kiosk", summary.completed),
        ("Discharged", summary.discharged),
        ("Red flags", summary.red_flags),
        ("Amber flags", summary.amber_flags),
        ("Open alerts", summary.open_alerts),
    ):
        assert f"{label} {value}" in text
    assert summary.discharged == 1 and summary.red_flags + summary.amber_flags > 0
    for severity, count in summary.phq9.items():
        assert f"{severity.replace('_', ' ')} {count}" in text
    for record in records:
        assert f"{record.first_name} {record.last_name}" in text


def test_the_table_header_repeats_on_every_page(records: list[IntakeRecord]) -> None:
    """Many patients span pages, each page of the table starting with its header."""
    many = [replace(r, id=r.id + 1000 * n) for n in range(4) for r in records]
    pdf = render_day_report(many, clinic_name=CLINIC, first=DAY, last=DAY)
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) >= 3
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    for page in range(2, len(reader.pages) + 1):
        lines = pdf_text(pdf, "-layout", "-f", str(page), "-l", str(page)).splitlines()
        top = next(flat(line) for line in lines if line.strip() and "Patients," not in line)
        assert top == "Arrived Patient Stage PHQ-9 GAD-7 Flags Ride Discharged"


def test_an_empty_day_says_zero() -> None:
    """No intakes: the summary counts 0 and the table says there are none."""
    pdf = render_day_report([], clinic_name=CLINIC, first=date(2026, 1, 1), last=date(2026, 1, 1))
    text = flat(pdf_text(pdf))
    assert CLINIC in text and "Intakes 0" in text and "No intakes." in text


def test_the_same_day_gives_the_same_bytes(records: list[IntakeRecord], tmp_path: Path) -> None:
    """invariant: identical records give identical bytes."""
    one = render_day_report(records, clinic_name=CLINIC, first=DAY, last=DAY)
    assert one == render_day_report(iter(records), clinic_name=CLINIC, first=DAY, last=DAY)
