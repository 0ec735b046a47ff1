"""A real CUPS scheduler with a cups-pdf queue for printing tests, and where its PDFs land."""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

QUEUE = "KioskTestPDF"
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
PPD_CANDIDATES = (
    Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"),
    Path("/usr/share/cups/model/CUPS-PDF_opt.ppd"),
    Path("/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd"),
    Path("/usr/share/cups/model/CUPS-PDF_noopt.ppd"),
)
# cupsd and lpadmin live in sbin, which a CI user's PATH may lack.
_SEARCH_PATH = os.pathsep.join(
    [os.environ.get("PATH", ""), "/usr/sbin", "/sbin", "/usr/local/sbin"]
)
_TOOLS = ("cupsd", "lpadmin", "lpstat", "lp", "cupsenable", "cupsdisable", "cupsaccept", "cancel")


class CupsSetupError(Exception):
    """CUPS is installed but the test scheduler or queue could not be brought up."""


def missing_parts() -> list[str]:
    """What a cups-pdf test queue needs and this machine lacks (empty: all there)."""
    missing = [tool for tool in _TOOLS if tool_path(tool) is None]
    if not CUPS_PDF_BACKEND.exists():
        missing.append(f"the cups-pdf backend ({CUPS_PDF_BACKEND})")
    return missing


def tool_path(name: str) -> str | None:
    """Full path of a CUPS program, looking in sbin too."""
    return shutil.which(name, path=_SEARCH_PATH)


def run(*args: str, timeout: float = 30, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a CUPS command with English messages and no stdin; CupsSetupError when it fails."""
    program = tool_path(args[0]) or args[0]
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    result = subprocess.run(
        [program, *args[1:]],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    if check and result.returncode != 0:
        raise CupsSetupError(
            f"{' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}"
        )
    return result


def scheduler_running() -> bool:
    """True when ``lpstat -r`` says the scheduler answers."""
    return "scheduler is running" in run("lpstat", "-r", check=False).stdout


def ensure_scheduler(timeout: float = 30) -> bool:
    """Start ``cupsd`` unless it runs; True when this call started it."""
    if scheduler_running():
        return False
    # cupsd daemonizes: the parent returns once the child is listening. Its output goes to a
    # file, never a pipe, so a daemon holding the pipe open cannot block us.
    with tempfile.TemporaryFile() as output:
        started = subprocess.run(
            [tool_path("cupsd") or "cupsd"],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
            start_new_session=True,
            timeout=timeout,
            check=False,
        )
        output.seek(0)
        said = output.read().decode("utf-8", "replace").strip()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if scheduler_running():
            return True
        time.sleep(0.1)
    raise CupsSetupError(
        f"cupsd did not start (exit {started.returncode}): {said}\n"
        f"last lines of the CUPS error log:\n{_tail(Path('/var/log/cups/error_log'))}"
    )


def driver_args() -> list[str]:
    """The lpadmin arguments that pick the cups-pdf driver (-P file or -m model)."""
    for ppd in PPD_CANDIDATES:
        if ppd.exists():
            return ["-P", str(ppd)]
    models = run("lpinfo", "-m", check=False).stdout.splitlines()
    for line in models:
        model = line.split(" ", 1)[0]
        if "cups-pdf" in model.lower():
            return ["-m", model]
    raise CupsSetupError("No cups-pdf PPD found (looked in PPD_CANDIDATES and `lpinfo -m`).")


def add_pdf_queue(name: str) -> None:
    """Create (or reset) a cups-pdf queue: enabled, accepting, with no jobs left over."""
    # lpadmin warns that printer drivers are deprecated; that warning is expected.
    run("lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", *driver_args())
    run("cupsenable", name)
    run("cupsaccept", name, check=False)
    run("cancel", "-a", name, check=False)
    state = run("lpstat", "-p", name, "-a", name, check=False).stdout
    if f"{name} accepting requests" not in state or "disabled" in state:
        raise CupsSetupError(f"The queue {name} is not ready after lpadmin:\n{state}")


def remove_queue(name: str) -> None:
    """Delete a queue and its jobs; nothing happens when it does not exist."""
    run("lpadmin", "-x", name, check=False)


def cups_pdf_dirs(user: str | None = None) -> tuple[Path, ...]:
    """Where cups-pdf writes jobs: the ``Out`` folder for ``user``, then the anonymous folder.

    Read from /etc/cups/cups-pdf.conf (Debian: ``Out ${HOME}/PDF``); cups-pdf expands
    ${HOME} and ${USER} from the password database of the job's owner, so a job root
    submits lands in /root/PDF. Jobs from users cups-pdf does not know go to AnonDirName.
    """
    account = pwd.getpwnam(user) if user else pwd.getpwuid(os.getuid())
    settings = {
        "Out": "/var/spool/cups-pdf/${USER}",
        "AnonDirName": "/var/spool/cups-pdf/ANONYMOUS",
    }
    if CUPS_PDF_CONF.exists():
        for line in CUPS_PDF_CONF.read_text(encoding="utf-8", errors="replace").splitlines():
            match = re.match(r"\s*(Out|AnonDirName)\s+(\S.*?)\s*$", line)
            if match:
                settings[match.group(1)] = match.group(2)

    def expand(value: str) -> Path:
        value = value.replace("${HOME}", account.pw_dir).replace("${USER}", account.pw_name)
        return Path(value)

    return expand(settings["Out"]), expand(settings["AnonDirName"])


@dataclass
class CupsPdfQueue:
    """A ready cups-pdf queue and the folders its finished PDFs appear in."""

    queue: str
    out_dirs: tuple[Path, ...]
    started_scheduler: bool = False
    printed: list[Path] = field(default_factory=list)

    def wait_for_pdf(self, after: float, timeout: float = 60) -> Path:
        """The first complete PDF written after ``after`` (a ``time.time()``) not yet returned."""
        deadline = time.monotonic() + timeout
        sizes: dict[Path, int] = {}
        # File times come from a coarse kernel clock that can lag time.time() by a tick.
        since = after - 1.0
        while time.monotonic() < deadline:
            for candidate, size in self._candidates(since):
                if sizes.get(candidate) == size and _complete(candidate):
                    self.printed.append(candidate)
                    return candidate
                sizes[candidate] = size
            time.sleep(0.1)
        jobs = run("lpstat", "-W", "all", "-o", self.queue, check=False).stdout
        raise TimeoutError(
            f"No PDF from {self.queue} in {', '.join(map(str, self.out_dirs))} after "
            f"{timeout} s.\njobs:\n{jobs}\ncups-pdf log:\n"
            f"{_tail(Path('/var/log/cups') / f'cups-pdf-{self.queue}_log')}"
        )

    def remove_printed(self) -> None:
        """Delete the PDFs the tests read, so test output does not pile up."""
        for path in self.printed:
            path.unlink(missing_ok=True)
        self.printed.clear()

    def _candidates(self, since: float) -> list[tuple[Path, int]]:
        """(path, size) of PDFs newer than ``since`` not yet returned, oldest first."""
        found: list[tuple[float, Path, int]] = []
        for folder in self.out_dirs:
            try:
                entries = list(folder.glob("*.pdf"))
            except OSError:
                continue
            for path in entries:
                try:
                    status = path.stat()
                except OSError:
                    continue
                if status.st_mtime >= since and path not in self.printed:
                    found.append((status.st_mtime, path, status.st_size))
        return [(path, size) for _, path, size in sorted(found)]


def start_pdf_queue(name: str = QUEUE) -> CupsPdfQueue:
    """A running scheduler with the cups-pdf queue ``name``, ready for jobs."""
    started = ensure_scheduler()
    add_pdf_queue(name)
    return CupsPdfQueue(queue=name, out_dirs=cups_pdf_dirs(), started_scheduler=started)


def _complete(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(handle.tell() - 1024, 0))
            return b"%%EOF" in handle.read()
    except OSError:
        return False


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as exc:
        return f"({path}: {exc.strerror})"
