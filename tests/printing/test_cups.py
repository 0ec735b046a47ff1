"""Printing through a real CUPS scheduler into a cups-pdf queue, and the fallbacks around it."""

from __future__ import annotations

import io
import shutil
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from kiosk.printing import cups as printing
from kiosk.printing.cups import PrintError, PrintJob
from tests.helpers import cups

SENTENCE = "José Muñoz no driving until Sunday"


def make_pdf(text: str = SENTENCE) -> bytes:
    """A one-page PDF with one line of text, made the way kiosk.documents makes them."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=letter)
    page.setFont("Helvetica", 14)
    page.drawString(72, 700, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


@pytest.fixture
def stopped_queue(cups_queue: cups.CupsPdfQueue) -> Iterator[str]:
    """A second cups-pdf queue of this test's own, deleted afterwards."""
    name = "KioskTestStopped"
    cups.add_pdf_queue(name)
    try:
        yield name
    finally:
        cups.run("cupsenable", name, check=False)
        cups.remove_queue(name)


def test_printed_sheet_holds_the_text(cups_queue: cups.CupsPdfQueue) -> None:
    """A reportlab PDF printed to the cups-pdf queue comes out with the sentence and accents."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing (Debian package poppler-utils)")
    started = time.time()
    job = printing.print_pdf(make_pdf(), queue=cups_queue.queue, title="Aftercare sheet")
    printed = cups_queue.wait_for_pdf(started)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(printed), "-"],
        capture_output=True,
        check=True,
        timeout=30,
    ).stdout.decode("utf-8")
    assert SENTENCE in " ".join(text.split())
    assert job.queue == cups_queue.queue


def test_job_id_names_the_queue_and_completes(cups_queue: cups.CupsPdfQueue) -> None:
    """print_pdf returns CUPS's job id ("Queue-N") and job_state later says it completed."""
    started = time.time()
    job = printing.print_pdf(make_pdf("Job id check"), queue=cups_queue.queue, title="Job id")
    assert isinstance(job, PrintJob)
    assert job.job_id.startswith(f"{cups_queue.queue}-")
    assert job.job_id.removeprefix(f"{cups_queue.queue}-").isdigit()
    cups_queue.wait_for_pdf(started)
    deadline = time.monotonic() + 20
    while printing.job_state(job.job_id) != "completed" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert printing.job_state(job.job_id) == "completed"


def test_default_queue_is_used_when_none_is_named(
    cups_queue: cups.CupsPdfQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """queue=None prints to the default destination, here chosen through LPDEST."""
    monkeypatch.setenv("LPDEST", cups_queue.queue)
    monkeypatch.delenv("PRINTER", raising=False)
    assert printing.default_queue() == cups_queue.queue
    assert cups_queue.queue in printing.list_queues()
    assert printing.queue_ready(cups_queue.queue)
    started = time.time()
    job = printing.print_pdf(make_pdf("Default queue"), queue=None, title="Default")
    assert job.queue == cups_queue.queue
    cups_queue.wait_for_pdf(started)


def test_unknown_queue_is_named_in_the_error(cups_queue: cups.CupsPdfQueue) -> None:
    """A queue that does not exist gives a PrintError that names it; queue_ready says False."""
    with pytest.raises(PrintError, match="'NoSuchKioskPrinter'") as caught:
        printing.print_pdf(make_pdf(), queue="NoSuchKioskPrinter", title="x")
    assert "not printed" in str(caught.value)
    assert not printing.queue_ready("NoSuchKioskPrinter")
    assert not printing.queue_ready("-x bad name")


@pytest.mark.parametrize(
    ("command", "words"),
    [("cupsdisable", "not available"), ("cupsreject", "not accepting")],
)
def test_stopped_or_rejecting_queue_fails_at_once(
    stopped_queue: str, command: str, words: str
) -> None:
    """A disabled or rejecting queue raises PrintError right away instead of holding the job."""
    cups.run(command, stopped_queue)
    assert not printing.queue_ready(stopped_queue)
    started = time.monotonic()
    with pytest.raises(PrintError, match=words) as caught:
        printing.print_pdf(make_pdf(), queue=stopped_queue, title="x", timeout=10)
    assert time.monotonic() - started < 5
    assert caught.value.queue == stopped_queue
    assert cups.run("lpstat", "-o", stopped_queue, check=False).stdout.strip() == ""


@pytest.mark.parametrize(
    "data",
    [b"", b"hello, not a pdf", b"%PDF-1.4\n1 0 obj\n", make_pdf()[:200]],
    ids=["empty", "text", "header-only", "truncated"],
)
def test_non_pdf_bytes_are_refused(data: bytes, tmp_path: Path) -> None:
    """Empty, non-PDF or truncated bytes raise ValueError before CUPS or the disk is touched."""
    with pytest.raises(ValueError, match=r"PDF|empty"):
        printing.print_pdf(data, queue="AnyQueue", title="x")
    with pytest.raises(ValueError, match=r"PDF|empty"):
        printing.save_unprinted(data, tmp_path / "unprinted", "sheet")
    assert not (tmp_path / "unprinted").exists()


def test_missing_lp_is_a_print_system_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no CUPS commands on the PATH every call says the print system is missing."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(PrintError, match="print system") as caught:
        printing.print_pdf(make_pdf(), queue="Front", title="x")
    assert "not found" in caught.value.detail
    with pytest.raises(PrintError, match="print system"):
        printing.print_pdf(make_pdf(), queue=None, title="x")
    with pytest.raises(PrintError, match="print system"):
        printing.list_queues()
    assert not printing.queue_ready("Front")


def test_scheduler_down_is_a_print_system_error(
    cups_queue: cups.CupsPdfQueue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scheduler that does not answer (CUPS_SERVER at a dead socket) says CUPS is not running."""
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cupsd.sock"))
    with pytest.raises(PrintError, match=r"print system \(CUPS\) is not running"):
        printing.print_pdf(make_pdf(), queue=cups_queue.queue, title="x")
    with pytest.raises(PrintError, match="not running"):
        printing.print_pdf(make_pdf(), queue=None, title="x")
    with pytest.raises(PrintError, match="not running"):
        printing.default_queue()
    assert not printing.queue_ready(cups_queue.queue)


def test_no_time_left_is_an_error_not_a_hang(cups_queue: cups.CupsPdfQueue) -> None:
    """A timeout that has run out raises PrintError instead of waiting on CUPS."""
    with pytest.raises(PrintError, match="in time"):
        printing.print_pdf(make_pdf(), queue=cups_queue.queue, title="x", timeout=0)


def test_job_state_of_unknown_jobs(cups_queue: cups.CupsPdfQueue) -> None:
    """Jobs CUPS never had, and ids that are not job ids, are "unknown"."""
    assert printing.job_state(f"{cups_queue.queue}-999999999") == "unknown"
    assert printing.job_state("NoSuchKioskPrinter-1") == "unknown"
    assert printing.job_state("not a job") == "unknown"


def test_save_unprinted_is_private_and_never_overwrites(tmp_path: Path) -> None:
    """The unprinted sheet lands owner-only (file 0o600, folder 0o700) and gets -2, -3 names."""
    folder = tmp_path / "kiosk" / "unprinted"
    first_pdf, second_pdf, third_pdf = make_pdf("one"), make_pdf("two"), make_pdf("three")
    first = printing.save_unprinted(first_pdf, folder, "aftercare 2026-11-21")
    second = printing.save_unprinted(second_pdf, folder, "aftercare 2026-11-21")
    third = printing.save_unprinted(third_pdf, folder, "aftercare 2026-11-21.pdf")
    assert [p.name for p in (first, second, third)] == [
        "aftercare 2026-11-21.pdf",
        "aftercare 2026-11-21-2.pdf",
        "aftercare 2026-11-21-3.pdf",
    ]
    assert [p.read_bytes() for p in (first, second, third)] == [first_pdf, second_pdf, third_pdf]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in (first, second, third):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.parent == folder


def test_save_unprinted_keeps_names_inside_the_folder(tmp_path: Path) -> None:
    """A name with path parts or odd characters cannot leave the folder or hide the file."""
    folder = tmp_path / "unprinted"
    folder.mkdir(mode=0o755)
    saved = printing.save_unprinted(make_pdf(), folder, "../../etc/passwd")
    assert saved.parent == folder
    assert not saved.name.startswith(".")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert printing.save_unprinted(make_pdf(), folder, "///").name == "unprinted.pdf"
