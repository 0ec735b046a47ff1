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

NOT_PRINTED = "The sheet was not printed."
NOT_INSTALLED = f"The print system (CUPS) is not installed on this computer. {NOT_PRINTED}"
NOT_RUNNING = (
    f"The print system (CUPS) is not running. Restart the computer or call support. {NOT_PRINTED}"
)
NO_PRINTER = f"No printer is set up on this computer. {NOT_PRINTED}"
NO_DEFAULT = f"No printer is chosen as the default on this computer. Choose one in the settings. {NOT_PRINTED}"

_SCHEDULER_DOWN = "scheduler is not running"
_REQUEST_ID = re.compile(r"request id is (\S+) \(\d+ file\(s\)\)")
_JOB_ID = re.compile(r"(?P<queue>.+)-(?P<number>\d+)")
# CUPS queue names: printable, no space, '/', '\', '?', quotes or '#', at most 127 bytes.
# A leading '-' would be read as an option by lpstat, so it is refused as well.
_NAME = re.compile(r"[^\s/\\?'\"#\-\x00-\x1f\x7f][^\s/\\?'\"#\x00-\x1f\x7f]{0,126}")
_UNSAFE_FILE_CHARS = re.compile(r"[^\w\- ]+")

_QueueState = Literal["ready", "missing", "stopped", "rejecting"]


class PrintError(Exception):
    """A print that did not happen, in words a nurse can act on; ``detail`` keeps what CUPS said."""

    def __init__(self, message: str, *, detail: str = "", queue: str | None = None) -> None:
        super().__init__(message)
        self.message = message
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
        raise PrintError(_state_message(queue, state), queue=queue)

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
                on_timeout=(
                    f"The print system did not confirm the sheet for the printer '{queue}' "
                    "in time. Check the printer before printing again."
                ),
            )
    except OSError as exc:
        raise PrintError(
            f"The sheet could not be prepared for the printer '{queue}' "
            f"(no room for a temporary file). {NOT_PRINTED}",
            detail=str(exc),
            queue=queue,
        ) from exc
    if result.returncode != 0:
        raise PrintError(
            _lp_failure(queue, result.stderr), detail=result.stderr.strip(), queue=queue
        )
    match = _REQUEST_ID.search(result.stdout)
    if match is None:
        raise PrintError(
            f"The printer '{queue}' took the sheet but CUPS gave no job number. "
            "Check the printer before printing again.",
            detail=(result.stdout + result.stderr).strip(),
            queue=queue,
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
        raise PrintError(
            f"The sheet could not be saved in the folder {folder}. Tell the clinic's support.",
            detail=str(exc),
        ) from exc
    return path


# --- helpers ---------------------------------------------------------------------------------


def _deadline(timeout: float) -> float:
    return time.monotonic() + timeout


def _run(
    args: list[str], deadline: float, *, on_timeout: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run a CUPS client command with untranslated messages; PrintError for any OS failure."""
    program = shutil.which(args[0])
    if program is None:
        raise PrintError(NOT_INSTALLED, detail=f"'{args[0]}' was not found on the PATH.")
    remaining = deadline - time.monotonic()
    message = on_timeout or f"The print system did not answer in time. {NOT_PRINTED}"
    if remaining <= 0:
        raise PrintError(message, detail=f"No time left to run {args[0]}.")
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
        raise PrintError(message, detail=_text(exc.stderr)) from exc
    except (OSError, subprocess.SubprocessError) as exc:
        raise PrintError(NOT_INSTALLED, detail=str(exc)) from exc


def _text(output: bytes | str | None) -> str:
    if isinstance(output, bytes):
        return output.decode("utf-8", "replace").strip()
    return (output or "").strip()


def _require_scheduler(result: subprocess.CompletedProcess[str]) -> None:
    if _SCHEDULER_DOWN in result.stdout.lower() or _SCHEDULER_DOWN in result.stderr.lower():
        raise PrintError(NOT_RUNNING, detail=result.stderr.strip() or result.stdout.strip())


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
        raise PrintError(NO_DEFAULT, detail=result.stderr.strip())
    raise PrintError(NO_PRINTER, detail=result.stderr.strip())


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


def _state_message(queue: str, state: _QueueState) -> str:
    if state == "missing":
        return f"The printer '{queue}' is not set up on this computer. {NOT_PRINTED}"
    if state == "stopped":
        return f"The printer '{queue}' is not available (stopped or unplugged). {NOT_PRINTED}"
    return f"The printer '{queue}' is not accepting sheets right now. {NOT_PRINTED}"


def _lp_failure(queue: str, stderr: str) -> str:
    said = stderr.lower()
    if _SCHEDULER_DOWN in said or "unable to connect" in said:
        return NOT_RUNNING
    if "does not exist" in said or "not found" in said:
        return _state_message(queue, "missing")
    if "not accepting" in said:
        return _state_message(queue, "rejecting")
    return f"The printer '{queue}' could not take the sheet. {NOT_PRINTED}"


def _safe_stem(name: str) -> str:
    stem = name.strip()
    if stem.lower().endswith(".pdf"):
        stem = stem[:-4]
    stem = _UNSAFE_FILE_CHARS.sub("_", stem).strip(" _-")
    return stem[:80] or "unprinted"
