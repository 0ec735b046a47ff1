"""CUPS through its standard client commands (lp, lpstat, cancel): print, follow, cancel, save."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kiosk.core.faults import PrintFault, PrintProblem

__all__ = [
    "JOB_STATES",
    "PrintError",
    "PrintJob",
    "cancel_job",
    "default_queue",
    "follow_job",
    "job_state",
    "list_queues",
    "print_pdf",
    "queue_ready",
    "save_unprinted",
]

JOB_STATES = ("pending", "processing", "completed", "cancelled", "aborted", "unknown")
"""What ``job_state`` answers; "unknown" also for a job whose queue was deleted."""

FOLLOW_SECONDS = 5.0  # how long a print is watched after CUPS accepted it
FOLLOW_POLL_SECONDS = 0.2
ENDED = frozenset({"completed", "cancelled", "aborted"})

_SCHEDULER_DOWN = "scheduler is not running"
_REQUEST_ID = re.compile(r"request id is (\S+) \(\d+ file\(s\)\)")
_JOB_ID = re.compile(r"(?P<queue>.+)-(?P<number>\d+)")
# CUPS queue names: printable, no space, '/', '\', '?', quotes or '#', at most 127 bytes.
# A leading '-' would be read as an option by lpstat, so it is refused as well.
_NAME = re.compile(r"[^\s/\\?'\"#\-\x00-\x1f\x7f][^\s/\\?'\"#\x00-\x1f\x7f]{0,126}")
_UNSAFE_FILE_CHARS = re.compile(r"[^\w\- ]+")

_QueueState = Literal["ready", "missing", "stopped", "rejecting"]


class PrintError(Exception):
    """A print that did not happen: its kind and queue (``problem``, which the staff screens
    translate), the English words for the command line and the log (``message``), and what
    CUPS said (``detail``)."""

    def __init__(
        self,
        kind: PrintFault,
        *,
        detail: str = "",
        queue: str | None = None,
        folder: Path | None = None,
    ) -> None:
        self.problem = PrintProblem(kind, str(folder) if folder is not None else queue or "")
        self.message = self.problem.english()
        super().__init__(self.message)
        self.detail = detail
        self.queue = queue


@dataclass(frozen=True)
class PrintJob:
    """A job CUPS accepted: the queue it went to and the id CUPS gave it (e.g. "Front-12")."""

    queue: str
    job_id: str


def list_queues(*, timeout: float = 10) -> list[str]:
    """The print queues set up on this computer, in CUPS's order; [] when there are none."""
    result = _run(["lpstat", "-r", "-p"], _deadline(timeout))
    _require_scheduler(result)
    return [name for name, _ in _printer_lines(result.stdout)]


def default_queue(*, timeout: float = 10) -> str | None:
    """The queue a print without a named printer goes to (``lpstat -d``); None when there is none."""
    result = _run(["lpstat", "-r", "-d"], _deadline(timeout))
    _require_scheduler(result)
    return _default_from(result)


def queue_ready(queue: str, *, timeout: float = 10) -> bool:
    """True when the queue exists, is enabled and accepts jobs. Never raises: any doubt is False."""
    try:
        return _queue_state(queue, _deadline(timeout)) == "ready"
    except PrintError:
        return False


def print_pdf(pdf: bytes, *, queue: str | None, title: str, timeout: float = 30) -> PrintJob:
    """Send ``pdf`` to ``queue`` (None: the system default) and return the job CUPS accepted.

    ``title`` becomes the CUPS job name, which CUPS keeps in its job history and cups-pdf
    uses as a file name: give a document kind ("Aftercare sheet"), not a patient's name.
    Raises ValueError for bytes that are not a PDF, and PrintError for every way printing
    can fail, with ``detail`` holding the command's stderr.
    """
    _check_pdf(pdf)
    deadline = _deadline(timeout)
    if queue is None:
        queue = _resolve_default(deadline)
    state = _queue_state(queue, deadline)
    if state != "ready":
        raise PrintError(_STATE_FAULTS[state], queue=queue)

    title = " ".join(title.split()) or "Kiosk document"
    try:
        with tempfile.TemporaryDirectory(prefix="kiosk-print-") as folder:
            path = Path(folder) / "sheet.pdf"  # the folder is 0o700, the file 0o600
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(pdf)
            result = _run(
                ["lp", "-d", queue, "-t", title, str(path)],
                deadline,
                on_timeout=PrintFault.NOT_CONFIRMED,
                queue=queue,
            )
    except OSError as exc:
        raise PrintError(PrintFault.NO_TEMP_FILE, detail=str(exc), queue=queue) from exc
    if result.returncode != 0:
        raise PrintError(_lp_failure(result.stderr), detail=result.stderr.strip(), queue=queue)
    match = _REQUEST_ID.search(result.stdout)
    if match is None:
        raise PrintError(
            PrintFault.NO_JOB_NUMBER, detail=(result.stdout + result.stderr).strip(), queue=queue
        )
    return PrintJob(queue=queue, job_id=match.group(1))


def job_state(job_id: str, *, timeout: float = 10) -> str:
    """Where a job is: "pending", "processing", "completed" or "unknown" (see ``JOB_STATES``).

    Raises PrintError when the print system itself cannot be asked.
    """
    match = _JOB_ID.fullmatch(job_id)
    if match is None or not _valid_name(match["queue"]):
        return "unknown"
    queue = match["queue"]
    deadline = _deadline(timeout)
    active = _run(["lpstat", "-r", "-W", "not-completed", "-o", queue, "-p", queue], deadline)
    _require_scheduler(active)
    if job_id in _job_ids(active.stdout):
        now_printing = f"now printing {job_id}."
        return "processing" if now_printing in active.stdout else "pending"
    done = _run(["lpstat", "-l", "-W", "completed", "-o", queue], deadline)
    return _ended_state(job_id, done.stdout)


def follow_job(
    job: PrintJob, *, timeout: float = FOLLOW_SECONDS, poll: float = FOLLOW_POLL_SECONDS
) -> str:
    """Watch a job CUPS accepted for at most ``timeout`` seconds; how it stands at the end.

    "completed" as soon as it printed; "gone" when its queue was deleted or the job vanished;
    "stopped" when the queue stopped (a printer unplugged) with the job still waiting;
    "cancelled" or "aborted" when CUPS ended it unprinted; "pending" or "processing" when the
    printer is still busy with it at the end (slow printers: it is not known to have failed).
    Never raises: a print system that stops answering counts as "gone".
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            state = job_state(job.job_id)
            if state in ENDED:
                return state
            queue = _queue_state(job.queue, _deadline(10))
        except PrintError:
            return "gone"
        if state == "unknown" or queue == "missing":
            return "gone"
        if queue == "stopped" and state == "pending":
            return "stopped"
        if time.monotonic() >= deadline:
            return state
        time.sleep(poll)


def cancel_job(job: PrintJob) -> None:
    """Cancel a job so it does not come out later by surprise; never raises."""
    with contextlib.suppress(PrintError):
        _run(["cancel", job.job_id], _deadline(10))


def save_unprinted(pdf: bytes, folder: Path, name: str) -> Path:
    """Keep a PDF that could not be printed in ``folder`` (owner-only) and return its path.

    The folder is created with mode 0o700 and the file with 0o600, as it holds health
    information. An existing file is never overwritten: "name.pdf", then "name-2.pdf", ...
    Raises ValueError for bytes that are not a PDF, PrintError when the file cannot be written.
    """
    _check_pdf(pdf)
    stem = _safe_stem(name)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)
        number = 1
        while True:
            path = folder / (f"{stem}.pdf" if number == 1 else f"{stem}-{number}.pdf")
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                number += 1
                continue
            break
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(pdf)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError:
            path.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise PrintError(PrintFault.NOT_SAVED, detail=str(exc), folder=folder) from exc
    return path


# --- helpers ---------------------------------------------------------------------------------


def _deadline(timeout: float) -> float:
    return time.monotonic() + timeout


def _run(
    args: list[str],
    deadline: float,
    *,
    on_timeout: PrintFault = PrintFault.NO_ANSWER,
    queue: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a CUPS client command with untranslated messages; PrintError for any OS failure."""
    program = shutil.which(args[0])
    if program is None:
        raise PrintError(PrintFault.NOT_INSTALLED, detail=f"'{args[0]}' was not found on the PATH.")
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise PrintError(on_timeout, detail=f"No time left to run {args[0]}.", queue=queue)
    env = {**os.environ, "LC_ALL": "C.UTF-8"}  # English messages, UTF-8 titles
    env.pop("LANGUAGE", None)
    try:
        return subprocess.run(  # noqa: S603 -- fixed program from PATH, arguments as a list
            [program, *args[1:]],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env,
            timeout=remaining,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise PrintError(on_timeout, detail=_text(exc.stderr), queue=queue) from exc
    except (OSError, subprocess.SubprocessError) as exc:
        raise PrintError(PrintFault.NOT_INSTALLED, detail=str(exc)) from exc


def _text(output: bytes | str | None) -> str:
    if isinstance(output, bytes):
        return output.decode("utf-8", "replace").strip()
    return (output or "").strip()


def _require_scheduler(result: subprocess.CompletedProcess[str]) -> None:
    if _SCHEDULER_DOWN in result.stdout.lower() or _SCHEDULER_DOWN in result.stderr.lower():
        raise PrintError(
            PrintFault.NOT_RUNNING, detail=result.stderr.strip() or result.stdout.strip()
        )


def _check_pdf(pdf: bytes) -> None:
    if not pdf:
        raise ValueError("The document is empty.")
    if not pdf.startswith(b"%PDF-") or b"%%EOF" not in pdf[-1024:]:
        raise ValueError("The document is not a complete PDF.")


def _valid_name(queue: str) -> bool:
    return _NAME.fullmatch(queue) is not None


def _printer_lines(stdout: str) -> list[tuple[str, bool]]:
    """(name, enabled) for each "printer NAME ..." line of ``lpstat -p``."""
    found: list[tuple[str, bool]] = []
    for line in stdout.splitlines():
        words = line.split()
        if len(words) >= 3 and words[0] == "printer":
            found.append((words[1], words[2] != "disabled"))
    return found


def _job_ids(stdout: str) -> set[str]:
    return {line.split()[0] for line in stdout.splitlines() if line and not line[0].isspace()}


def _ended_state(job_id: str, stdout: str) -> str:
    """Completed, cancelled or aborted, from ``lpstat -l -W completed`` (its Alerts line)."""
    current = ""
    for line in stdout.splitlines():
        if line and not line[0].isspace():
            current = line.split()[0]
        elif current == job_id and line.strip().startswith("Alerts:"):
            alerts = line.lower()
            if "canceled" in alerts or "cancelled" in alerts:
                return "cancelled"
            if "aborted" in alerts:
                return "aborted"
    return "completed" if job_id in _job_ids(stdout) else "unknown"


def _default_from(result: subprocess.CompletedProcess[str]) -> str | None:
    """The default queue in the output of ``lpstat -d``."""
    for line in result.stdout.splitlines():
        if line.startswith("system default destination:"):
            return line.partition(":")[2].strip() or None
    # LPDEST or PRINTER naming a queue that does not exist: report that name, not "none".
    missing = re.search(r'names non-existent destination "([^"]+)"', result.stderr)
    return missing.group(1) if missing else None


def _resolve_default(deadline: float) -> str:
    result = _run(["lpstat", "-r", "-d", "-p"], deadline)
    _require_scheduler(result)
    queue = _default_from(result)
    if queue is not None:
        return queue
    if _printer_lines(result.stdout):
        raise PrintError(PrintFault.NO_DEFAULT, detail=result.stderr.strip())
    raise PrintError(PrintFault.NO_PRINTER, detail=result.stderr.strip())


def _queue_state(queue: str, deadline: float) -> _QueueState:
    """Ready, missing, stopped (disabled) or rejecting; PrintError when CUPS cannot be asked."""
    name = queue.partition("/")[0]  # "Front/duplex" is an instance of the queue "Front"
    if not _valid_name(name):
        return "missing"
    result = _run(["lpstat", "-r", "-p", name, "-a", name], deadline)
    _require_scheduler(result)
    enabled = next(
        (on for found, on in _printer_lines(result.stdout) if found.lower() == name.lower()), None
    )
    if result.returncode != 0 or enabled is None:
        return "missing"
    if not enabled:
        return "stopped"
    accepting = any(
        line.lower().startswith(f"{name.lower()} accepting requests")
        for line in result.stdout.splitlines()
    )
    return "ready" if accepting else "rejecting"


_STATE_FAULTS: dict[_QueueState, PrintFault] = {
    "ready": PrintFault.REFUSED,  # never raised: a ready queue prints
    "missing": PrintFault.MISSING,
    "stopped": PrintFault.STOPPED,
    "rejecting": PrintFault.REJECTING,
}


def _lp_failure(stderr: str) -> PrintFault:
    said = stderr.lower()
    if _SCHEDULER_DOWN in said or "unable to connect" in said:
        return PrintFault.NOT_RUNNING
    if "does not exist" in said or "not found" in said:
        return PrintFault.MISSING
    if "not accepting" in said:
        return PrintFault.REJECTING
    return PrintFault.REFUSED


def _safe_stem(name: str) -> str:
    stem = name.strip()
    if stem.lower().endswith(".pdf"):
        stem = stem[:-4]
    stem = _UNSAFE_FILE_CHARS.sub("_", stem).strip(" _-")
    return stem[:80] or "unprinted"
