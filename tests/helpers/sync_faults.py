"""The parent's side of the sync fault runs: kiosk processes it starts, kills and restarts, the
server-side probes it times its faults by, and the check that every step arrived exactly once.

A kiosk process is tests/helpers/sync_kiosk.py run through the crash harness's WorkerProcess;
its ``COMMITTED`` lines are the steps the parent knows were confirmed and committed locally.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.server import schema
from kiosk.services.context import open_context
from tests.helpers.crash.driver import REPO, WorkerProcess
from tests.helpers.crash.patients import crash_patient, parent_clock
from tests.helpers.sync import EnrolledKiosk, server_rows

MODULE = "tests.helpers.sync_kiosk"


class KioskProcessError(Exception):
    """A kiosk process ended on its own with an error, or did not do what it was asked."""


@dataclass
class SyncKiosk:
    """One kiosk of a run: its data folder, its login (through the proxy and direct), and
    what its processes reported so far."""

    name: str
    data_dir: Path
    via_proxy: EnrolledKiosk
    direct: EnrolledKiosk
    seed: int
    logs: Path
    pace: float = 0.02
    run: int = 0
    next_patient: int = 0
    committed: dict[str, str] = field(default_factory=dict)  # uuid -> sha256, as reported
    started: set[int] = field(default_factory=set)
    process: WorkerProcess | None = None
    stderr_files: list[Path] = field(default_factory=list)

    def start(self, *, new: int = 10_000, drain: float = 0.0) -> WorkerProcess:
        """A new process on the folder (a new run: its clock a minute on), new patients only."""
        if self.process is not None:
            raise KioskProcessError(f"{self.name} is running already")
        self.logs.mkdir(parents=True, exist_ok=True)
        stderr = self.logs / f"{self.name}-{self.run}.err"
        self.stderr_files.append(stderr)
        args = [
            str(self.data_dir),
            f"--seed={self.seed}",
            f"--run={self.run}",
            f"--first-new={self.next_patient}",
            f"--new={new}",
            f"--pace={self.pace}",
            f"--drain={drain}",
        ]
        self.run += 1
        self.process = WorkerProcess(args, stderr, module=MODULE, env=self.via_proxy.env())
        return self.process

    def alive(self) -> bool:
        """Whether its process is running."""
        return self.process is not None and self.process.proc.poll() is None

    def committed_now(self) -> int:
        """How many COMMITTED lines the running process printed so far."""
        lines = self.process.lines if self.process is not None else []
        return sum(line.startswith("COMMITTED\t") for line in list(lines))

    def reported_now(self) -> dict[str, str]:
        """The steps (UUID to SHA-256) the running process reported committed so far."""
        lines = list(self.process.lines) if self.process is not None else []
        return {f[2]: f[3] for f in (line.split("\t") for line in lines) if f[0] == "COMMITTED"}

    def wait(self, seen: Callable[[list[str]], bool], timeout: float = 30.0) -> bool:
        """Wait until the running process's lines satisfy ``seen``."""
        if self.process is None:
            raise KioskProcessError(f"{self.name} is not running")
        return self.process.wait_until(seen, timeout)

    def wait_committed(self, more: int, timeout: float = 30.0) -> bool:
        """Wait for ``more`` COMMITTED lines beyond those printed so far."""
        wanted = self.committed_now() + more
        return self.wait(
            lambda lines: sum(line.startswith("COMMITTED\t") for line in lines) >= wanted, timeout
        )

    def kill(self) -> list[str]:
        """SIGKILL the process and take in what it reported; its lines."""
        if self.process is None:
            return []
        self.process.kill()
        return self.collect()

    def collect(self) -> list[str]:
        """Wait for the process to end and take in its lines (KioskProcessError if it failed)."""
        process = self.process
        if process is None:
            return []
        lines = process.finish()
        self.process = None
        for line in lines:
            kind, *fields = line.split("\t")
            if kind == "COMMITTED":
                self.committed[fields[1]] = fields[2]
            elif kind == "PATIENT":
                self.started.add(int(fields[0]))
        self.next_patient = max(self.started, default=-1) + 1
        failure = process.failure()
        if failure is not None:
            raise KioskProcessError(f"{self.name}: {failure}")
        return lines

    def names(self) -> set[str]:
        """The first and last names of every patient its processes started."""
        found: set[str] = set()
        for index in self.started:
            who = crash_patient(self.seed, index).identity
            found.update((who.first_name, who.last_name))
        return found

    def stderr_text(self) -> str:
        """Everything its processes wrote to stderr."""
        return "\n".join(p.read_text(errors="replace") for p in self.stderr_files if p.exists())


def command_sync(kiosk: SyncKiosk) -> subprocess.CompletedProcess[str]:
    """``python -m kiosk --data-dir DIR sync`` pointed straight at the server."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--data-dir", str(kiosk.data_dir), "sync"],
        cwd=REPO,
        env={**os.environ, **kiosk.direct.env()},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settle(kiosks: Iterable[SyncKiosk], drain_seconds: float = 60.0) -> list[str]:
    """After the faults: each kiosk started again (one more patient, no faults) until its sync
    emptied the outbox, then ``kiosk sync``; the problems (empty: all drained, exit 0)."""
    problems: list[str] = []
    everyone = list(kiosks)
    for kiosk in everyone:
        if kiosk.process is not None:
            kiosk.kill()
        kiosk.start(new=1, drain=drain_seconds)
    for kiosk in everyone:
        lines = kiosk.collect()
        if "DRAINED" not in lines:
            problems.append(f"{kiosk.name}: its sync did not empty the outbox: {lines[-3:]}")
    for kiosk in everyone:
        done = command_sync(kiosk)
        if done.returncode != 0:
            problems.append(f"{kiosk.name}: kiosk sync exited {done.returncode}: {done.stderr}")
        shown = done.stdout + done.stderr
        named = sorted(n for n in kiosk.names() if n in shown)
        if named:
            problems.append(f"{kiosk.name}: kiosk sync printed patient names {named}")
    return problems


@dataclass
class Delivery:
    """What the final comparison found."""

    problems: list[str] = field(default_factory=list)
    steps: int = 0
    duplicates_answered: int = 0  # steps the server had already when the kiosk sent them again
    reported: int = 0


def outbox_rows(data_dir: Path) -> list[dict[str, object]]:
    """Every outbox row of a kiosk's folder."""
    context = open_context(data_dir, clock=parent_clock())
    try:
        return list(
            context.db.query(
                "SELECT sequence, uuid, sha256, sent_at, answer FROM outbox ORDER BY sequence"
            )
        )
    finally:
        context.close()


def check_delivery(kiosks: Iterable[SyncKiosk], admin_url: str) -> Delivery:
    """The server holds exactly the kiosks' outboxes (UUID, SHA-256, sequence, device), every
    step a kiosk reported committed, no step twice, no sequence gap, no conflict; every outbox
    row is marked sent."""
    found = Delivery()
    stored = server_rows(admin_url, "SELECT uuid::text, sha256, device, sequence FROM steps")
    on_server: dict[str, tuple[str, str, int]] = {}
    for uuid, sha, device, sequence in stored:
        if str(uuid) in on_server:
            found.problems.append(f"step {uuid} is on the server twice")
        on_server[str(uuid)] = (str(sha), str(device), int(str(sequence)))
    pairs = server_rows(
        admin_url, "SELECT device, sequence, count(*) FROM steps GROUP BY 1, 2 HAVING count(*) > 1"
    )
    found.problems += [f"{d} sequence {s} is on the server {n} times" for d, s, n in pairs]
    expected: dict[str, tuple[str, str, int]] = {}
    for kiosk in kiosks:
        rows = outbox_rows(kiosk.data_dir)
        unsent = [r["sequence"] for r in rows if r["sent_at"] is None]
        if unsent:
            found.problems.append(f"{kiosk.name}: {len(unsent)} outbox rows unsent: {unsent[:10]}")
        answers = {str(r["answer"]) for r in rows if r["sent_at"] is not None}
        if answers - {"stored", "duplicate"}:
            found.problems.append(f"{kiosk.name}: the server answered {sorted(answers)}")
        found.duplicates_answered += sum(r["answer"] == "duplicate" for r in rows)
        sequences = [int(str(r["sequence"])) for r in rows]
        if sequences != list(range(1, len(rows) + 1)):
            found.problems.append(f"{kiosk.name}: the outbox's sequence has holes")
        for r in rows:
            expected[str(r["uuid"])] = (str(r["sha256"]), kiosk.name, int(str(r["sequence"])))
        for uuid, sha in kiosk.committed.items():
            found.reported += 1
            if on_server.get(uuid, ("",))[0] != sha:
                found.problems.append(f"{kiosk.name}: reported step {uuid} is not on the server")
            if expected.get(uuid, ("",))[0] != sha:
                found.problems.append(f"{kiosk.name}: reported step {uuid} is not in its outbox")
    missing = set(expected) - set(on_server)
    extra = set(on_server) - set(expected)
    differ = [u for u in set(expected) & set(on_server) if expected[u] != on_server[u]]
    if missing:
        found.problems.append(f"{len(missing)} outbox steps are not on the server")
    if extra:
        found.problems.append(f"{len(extra)} server steps are in no kiosk's outbox")
    if differ:
        found.problems.append(f"{len(differ)} steps differ (hash, device or sequence)")
    gaps = server_rows(admin_url, "SELECT device, sequence FROM sequence_gaps LIMIT 10")
    if gaps:
        found.problems.append(f"sequence gaps on the server: {gaps}")
    conflicts = server_rows(admin_url, "SELECT device, sequence, reason FROM conflicts LIMIT 10")
    if conflicts:
        found.problems.append(f"conflicts on the server: {conflicts}")
    found.steps = len(on_server)
    return found


def log_problems(kiosks: Iterable[SyncKiosk]) -> list[str]:
    """Patient names, or a traceback (a thread that died), in any kiosk's stderr."""
    problems = []
    for kiosk in kiosks:
        text = kiosk.stderr_text()
        if "Traceback" in text:
            at = text.index("Traceback")
            problems.append(f"{kiosk.name}'s stderr holds a traceback:\n{text[at : at + 3000]}")
        named = sorted(n for n in kiosk.names() if n in text)
        if named:
            problems.append(f"{kiosk.name}'s stderr names patients: {named}")
    return problems


# --- server-side probes -------------------------------------------------------------------


def slow_steps(admin_url: str, seconds: float) -> None:
    """Make every step insert on the server take ``seconds`` more, so a batch is in flight
    long enough to be interrupted."""
    with schema.connect(admin_url) as admin:
        admin.execute(
            "CREATE OR REPLACE FUNCTION public.test_slow_step() RETURNS trigger"
            " LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep("
            + repr(float(seconds))
            + "); RETURN NEW; END $$"
        )
        admin.execute(
            "CREATE OR REPLACE TRIGGER test_slow_step BEFORE INSERT ON public.steps"
            " FOR EACH ROW EXECUTE FUNCTION public.test_slow_step()"
        )


def login_role(admin_url: str, device: str) -> str:
    """The login role of an enrolled device."""
    return str(
        server_rows(admin_url, "SELECT login_role FROM devices WHERE name = %s", device)[0][0]
    )


def batch_in_flight(admin_url: str, role: str) -> bool:
    """Whether the server is running a ``submit_batch`` of this login now."""
    rows = server_rows(
        admin_url,
        "SELECT count(*) FROM pg_stat_activity WHERE usename = %s AND state = 'active'"
        " AND query LIKE '%%submit_batch%%'",
        role,
    )
    return int(str(rows[0][0])) > 0


def steps_of(admin_url: str, device: str) -> set[str]:
    """The UUIDs of the steps the server holds from ``device``."""
    rows = server_rows(admin_url, "SELECT uuid::text FROM steps WHERE device = %s", device)
    return {str(r[0]) for r in rows}


def gained(admin_url: str, device: str, before: set[str]) -> bool:
    """Whether the server holds a step from ``device`` beyond ``before``."""
    return bool(steps_of(admin_url, device) - before)


def wait_synced(kiosk: SyncKiosk, admin_url: str, timeout: float = 30.0) -> bool:
    """Wait until the server holds every step the kiosk's running process reported so far
    (its sync got through, so its link to the server is up)."""
    reported = set(kiosk.reported_now())
    return poll(lambda: reported <= steps_of(admin_url, kiosk.name), timeout, every=0.05)


def poll(condition: Callable[[], bool], timeout: float, every: float = 0.01) -> bool:
    """Call ``condition`` until it holds or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False
