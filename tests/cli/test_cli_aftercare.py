"""The aftercare command: the sheet of a discharged patient to a PDF file, stdout or a printer."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.audit import AuditEntry
from kiosk.core.clock import FakeClock, today
from kiosk.core.staff import Signer
from kiosk.services.context import open_context
from kiosk.services.demo.day import make_demo
from kiosk.services.discharge import DischargeDesk
from kiosk.services.station import StationService
from kiosk.storage.audit import AuditLog
from kiosk.storage.db import database_path
from tests.helpers.cups import CupsPdfQueue
from tests.helpers.faults import immutable
from tests.helpers.rows import Rows
from tests.helpers.watch import make_ready


@dataclass(frozen=True)
class Clinic:
    """A demo day in a data folder: one English-speaking patient discharged, one not."""

    data_dir: Path
    discharged: int
    waiting: int
    patient_name: str


@pytest.fixture
def clinic(data_dir: Path) -> Clinic:
    """Three demo intakes of the clock's day; the English-speaking one is brought to the door
    (tests/helpers/watch.py) and discharged by a nurse."""
    clock = FakeClock()
    context = open_context(data_dir, clock=clock)
    try:
        make_demo(context, 3, today(clock))
        rows = list(context.db.query("SELECT * FROM intakes ORDER BY id"))
        english = next(r for r in rows if r["language"] == "en")
        other = next(r for r in rows if r["id"] != english["id"])
        nurse = Signer(None, "Nurse Test")
        make_ready(StationService.on(context), english["id"], nurse)
        DischargeDesk(context).discharge(
            english["id"],
            driver_name="Pat Driver",
            driver_phone="555 123 4567",
            driver_present=True,
            nurse=nurse,
        )
    finally:
        context.close()
    name = f"{english['first_name']} {english['last_name']}"
    return Clinic(data_dir, int(english["id"]), int(other["id"]), name)


def _aftercare(clinic: Clinic, intake_id: int, *args: str) -> int:
    return main(["--data-dir", str(clinic.data_dir), "aftercare", str(intake_id), *args])


def _prints(clinic: Clinic) -> list[dict[str, object]]:
    context = open_context(clinic.data_dir, clock=FakeClock())
    try:
        return Rows(context.db).prints(clinic.discharged)
    finally:
        context.close()


def _audited(clinic: Clinic, action: str) -> list[AuditEntry]:
    context = open_context(clinic.data_dir, clock=FakeClock())
    try:
        return [e for e in AuditLog(context.db, context.clock).entries() if e.action == action]
    finally:
        context.close()


def wal_path(data_dir: Path) -> Path:
    return database_path(data_dir).with_name(database_path(data_dir).name + "-wal")


def _pdf_words(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return " ".join(text.split())


def test_out_writes_the_pdf(
    clinic: Clinic, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--out FILE` writes a PDF naming the patient and 'Do not drive', and says until when."""
    target = tmp_path / "sheet.pdf"
    assert _aftercare(clinic, clinic.discharged, "--out", str(target)) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"wrote {target} (Do not drive")
    assert "until" in captured.out
    assert "Traceback" not in captured.err
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF-")
    words = _pdf_words(pdf)
    assert clinic.patient_name in words
    assert "Do not drive" in words
    # the day of the infusion as the station recorded it (tests/helpers/watch.py)
    assert "What happened today Your infusion started at" in words
    assert "We did not notice any side effects." in words
    [written] = _audited(clinic, "aftercare_written")
    assert written.subject == f"intake {clinic.discharged}"
    assert json.loads(written.detail)["to"] == str(target.resolve())


def test_a_sheet_the_audit_log_cannot_show_is_not_left_behind(
    clinic: Clinic, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A database that takes no more writes: the sheet written is removed again, exit 1, and the
    message says why; no sheet leaves the kiosk without its audit entry."""
    target = tmp_path / "sheet.pdf"
    with immutable(database_path(clinic.data_dir), wal_path(clinic.data_dir)):
        assert _aftercare(clinic, clinic.discharged, "--out", str(target)) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "read-only" in captured.err or "cannot be written" in captured.err
    assert not target.exists()
    assert _audited(clinic, "aftercare_written") == []


def test_out_dash_writes_pdf_bytes_to_stdout(
    clinic: Clinic, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """`--out -` puts the PDF bytes, and nothing else, on stdout."""
    assert _aftercare(clinic, clinic.discharged, "--out", "-") == 0
    captured = capsysbinary.readouterr()
    assert captured.out.startswith(b"%PDF-")
    assert b"%%EOF" in captured.out[-1024:]
    assert b"Traceback" not in captured.err


def test_print_to_a_missing_queue_saves_the_sheet(
    clinic: Clinic, capsys: pytest.CaptureFixture[str], cups_queue: CupsPdfQueue
) -> None:
    """With CUPS running, `--print --printer NoSuchQueue` exits 1 naming the queue; the PDF is saved and recorded."""
    del cups_queue  # only its running scheduler is needed
    assert _aftercare(clinic, clinic.discharged, "--print", "--printer", "NoSuchQueue") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("kiosk: error: not printed: ")
    assert "NoSuchQueue" in captured.err
    assert "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    saved = sorted((clinic.data_dir / "unprinted").glob("*.pdf"))
    assert len(saved) == 1
    assert f"saved to {saved[0]}" in captured.err
    assert saved[0].read_bytes().startswith(b"%PDF-")
    rows = _prints(clinic)
    assert [(r["status"], r["saved_path"]) for r in rows] == [("saved", str(saved[0]))]
    assert rows[0]["printed_by"] == "command line"


def test_undischarged_intake_is_refused(
    clinic: Clinic, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An intake not discharged yet exits 2 with the discharge desk's message and writes nothing."""
    target = tmp_path / "sheet.pdf"
    assert _aftercare(clinic, clinic.waiting, "--out", str(target)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "kiosk: error: Discharge the patient first: the sheet counts from the discharge time.\n"
    )
    assert not target.exists()


@pytest.mark.parametrize("where", [["--out", "-"], ["--print"]])
def test_unknown_intake(
    clinic: Clinic, where: list[str], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """An intake id that does not exist exits 2 with 'no intake N' and prints nothing else."""
    assert _aftercare(clinic, 999, *where) == 2
    captured = capsysbinary.readouterr()
    assert captured.out == b""
    assert captured.err == b"kiosk: error: no intake 999\n"
    assert not (clinic.data_dir / "unprinted").exists()


@pytest.mark.parametrize(
    "args", [[], ["--out", "OUT", "--print"], ["--out", "OUT", "--printer", "Q"]]
)
def test_out_or_print_exactly_once(
    clinic: Clinic, args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Neither or both of --out and --print, or --printer without --print, is a usage error."""
    target = tmp_path / "sheet.pdf"
    argv = [str(target) if a == "OUT" else a for a in args]
    assert _aftercare(clinic, clinic.discharged, *argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Traceback" not in captured.err
    assert not target.exists()


def test_print_to_the_cups_queue(
    clinic: Clinic, cups_queue: CupsPdfQueue, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--print --printer QUEUE` on a real CUPS queue exits 0, names the job, and a PDF comes out."""
    started = time.time()
    assert _aftercare(clinic, clinic.discharged, "--print", "--printer", cups_queue.queue) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"sent to {cups_queue.queue} as job {cups_queue.queue}-")
    assert "Traceback" not in captured.err
    printed = cups_queue.wait_for_pdf(started)
    assert printed.read_bytes().startswith(b"%PDF-")
    assert [r["status"] for r in _prints(clinic)] == ["sent"]
