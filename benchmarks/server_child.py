"""Clinic-server benchmarks, each in a fresh process against a running server (run.py starts it).

    python benchmarks/server_child.py throughput ADMIN_URL CA_FILE SOURCE_DIR WORK_DIR KIOSKS
    python benchmarks/server_child.py latency ADMIN_URL CA_FILE WORK_DIR STEPS PACE POLL

``throughput``: KIOSKS kiosks enrolled, each with a copy of SOURCE_DIR's database made into a
kiosk of its own (device id, intake and step UUIDs, contents re-hashed), pushing concurrently
with a Pusher each; floor: the same rows COPYed by the admin into a plain table.
``latency``: a kiosk with the real sync worker while a session confirms steps every PACE
seconds; a station polls the server every POLL seconds; floor: one raw ``submit_step``.
Each prints one JSON line; times in milliseconds unless named otherwise.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import psycopg
from common import emit
from sqlite_utils import Database

from kiosk.core.clock import SystemClock
from kiosk.core.outbox import canonical, sha256_hex
from kiosk.server import schema, steps
from kiosk.server.client import Target
from kiosk.services import server, sync
from kiosk.services.context import KioskContext, open_context
from kiosk.storage.db import database_path, open_database

FLOOR_COLUMNS = "uuid, intake, device, sequence, content, sha256"


@dataclass(frozen=True)
class Kiosk:
    """An enrolled simulated kiosk: its server name, data folder and target."""

    name: str
    data_dir: Path
    target: Target


def server_url(admin_url: str) -> str:
    """The server's URL as a kiosk has it: no user, no password, no query."""
    head, rest = admin_url.split("://", 1)
    return f"{head}://{rest.split('@', 1)[-1].split('?', 1)[0]}"


def enrol(admin_url: str, ca_file: Path, name: str, secrets: Path, data_dir: Path) -> Kiosk:
    """Enrol ``name``; its credential file (owner-only) is written under ``secrets``."""
    secrets.mkdir(mode=0o700, parents=True, exist_ok=True)
    credential = server.enrol(admin_url, name, secrets / f"{name}.credential")
    return Kiosk(name, data_dir, Target(server_url(admin_url), ca_file, credential.conninfo()))


# --- throughput ----------------------------------------------------------------------------------


def make_kiosk_copy(source: Path, target: Path) -> int:
    """Copy ``source``'s database into ``target`` and make it another kiosk's: a new device id,
    new intake UUIDs, every outbox row a new UUID with its content re-canonicalised and
    re-hashed. How many outbox rows it holds."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for part in database_path(source).parent.glob(database_path(source).name + "*"):
        shutil.copy2(part, target / part.name)
    db = open_database(database_path(target), migrate=False, check=None)
    try:
        with db.conn:
            intakes = {
                str(r["uuid"]): str(uuid.uuid4())
                for r in db.query("SELECT uuid FROM intakes WHERE uuid IS NOT NULL")
            }
            for old, new in intakes.items():
                db.execute("UPDATE intakes SET uuid = ? WHERE uuid = ?", [new, old])
            device = str(uuid.uuid4())
            db.execute("UPDATE sync_state SET value = ? WHERE name = 'device'", [device])
            rows = list(db.query("SELECT sequence, intake_uuid, content FROM outbox"))
            for row in rows:
                content = json.loads(str(row["content"]))
                intake = intakes[str(row["intake_uuid"])]
                content["intake"] = intake
                text = canonical(content)
                db.execute(
                    "UPDATE outbox SET uuid = ?, device = ?, intake_uuid = ?, content = ?,"
                    " sha256 = ?, sent_at = NULL, answer = NULL WHERE sequence = ?",
                    [str(uuid.uuid4()), device, intake, text, sha256_hex(text), row["sequence"]],
                )
    finally:
        db.close()
    return len(rows)


def _outbox_rows(kiosk: Kiosk) -> list[tuple[str, str, str, int, str, str]]:
    db = open_database(database_path(kiosk.data_dir), migrate=False, check=None)
    try:
        return [
            (r["uuid"], r["intake_uuid"], kiosk.name, r["sequence"], r["content"], r["sha256"])
            for r in db.query(
                "SELECT uuid, intake_uuid, sequence, content, sha256 FROM outbox ORDER BY sequence"
            )
        ]
    finally:
        db.close()


def copy_floor(
    admin_url: str, rows: list[tuple[str, str, str, int, str, str]], table: str
) -> float:
    """Seconds to COPY ``rows`` into a new plain table shaped like ``steps`` (its columns, types,
    defaults, checks, keys and indexes; no function, no foreign keys), in one transaction."""
    with schema.connect(admin_url) as admin:
        admin.execute(f"DROP TABLE IF EXISTS {table}")
        admin.execute(f"CREATE TABLE {table} (LIKE steps INCLUDING ALL)")
        # the clinic a step belongs to is filled by a trigger on steps, not by the kiosk: the
        # floor's rows carry the one the trigger would give
        admin.execute(f"ALTER TABLE {table} ALTER COLUMN clinic SET DEFAULT 'main'")
        start = time.perf_counter()
        with (
            admin.transaction(),
            admin.cursor() as cursor,
            cursor.copy(f"COPY {table} ({FLOOR_COLUMNS}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        elapsed = time.perf_counter() - start
        admin.execute(f"DROP TABLE {table}")
    return elapsed


def throughput(admin_url: str, ca_file: Path, source: Path, work: Path, count: int) -> None:
    """``count`` kiosks drain their outboxes to the server at once; the COPY floor before and
    after."""
    kiosks = []
    made = time.perf_counter()
    for number in range(1, count + 1):
        name = f"bench_{number:02d}"
        kiosk = enrol(admin_url, ca_file, name, work / "secrets", work / name)
        make_kiosk_copy(source, kiosk.data_dir)
        kiosks.append(kiosk)
    prepared = time.perf_counter() - made
    rows = [row for kiosk in kiosks for row in _outbox_rows(kiosk)]
    content_bytes = sum(len(r[4].encode()) for r in rows)
    floors = [copy_floor(admin_url, rows, "floor_steps_before")]

    ready = threading.Barrier(count + 1)
    sent: dict[str, int] = {}
    failures: list[str] = []

    def push(kiosk: Kiosk) -> None:
        db: Database = open_database(database_path(kiosk.data_dir), migrate=False, check=None)
        pusher = sync.Pusher(db, SystemClock(), kiosk.target)
        try:
            ready.wait()
            sent[kiosk.name] = pusher.drain()
        except Exception as exc:  # noqa: BLE001 -- reported by the parent
            failures.append(f"{kiosk.name}: {exc}")
        finally:
            pusher.close()
            db.close()

    threads = [threading.Thread(target=push, args=(k,), name=k.name) for k in kiosks]
    for thread in threads:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise SystemExit("; ".join(failures))
    floors.append(copy_floor(admin_url, rows, "floor_steps_after"))
    with schema.connect(admin_url) as admin:
        on_server = admin.execute("SELECT count(*) FROM steps").fetchone()
        conflicts = admin.execute("SELECT count(*) FROM conflicts").fetchone()
        gaps = admin.execute("SELECT count(*) FROM sequence_gaps").fetchone()
    emit(
        {
            "kiosks": count,
            "steps": len(rows),
            "sent": sum(sent.values()),
            "on_server": on_server[0] if on_server else 0,
            "conflicts": conflicts[0] if conflicts else 0,
            "gaps": gaps[0] if gaps else 0,
            "content_mb": content_bytes / 1e6,
            "sync_s": elapsed,
            "floor_s": floors,
            "prepared_s": prepared,
        }
    )


# --- latency -------------------------------------------------------------------------------------


class Station:
    """A nurse station polling the server for the steps it is waiting for, every ``poll`` s."""

    def __init__(self, admin_url: str, poll: float) -> None:
        self._url = admin_url
        self._poll = poll
        self._lock = threading.Lock()
        self.waiting: dict[str, float] = {}  # step uuid -> when the kiosk committed it
        self.seen: dict[str, tuple[float, float]] = {}  # uuid -> (station saw it, received_at)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="station", daemon=True)

    def start(self) -> None:
        """Poll in a thread of its own."""
        self._thread.start()

    def expect(self, step: str, committed: float, intake: str = "") -> None:
        """The kiosk committed ``step`` (of ``intake``) at ``committed`` (time.monotonic)."""
        with self._lock:
            self.waiting[step] = committed

    def all_seen(self) -> bool:
        """Every expected step has been seen on the server."""
        with self._lock:
            return not self.waiting

    def stop(self) -> None:
        """Stop polling."""
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        with schema.connect(self._url) as conn:
            while not self._stop.wait(self._poll):
                with self._lock:
                    wanted = list(self.waiting)
                if not wanted:
                    continue
                found = conn.execute(
                    "SELECT uuid::text, extract(epoch FROM received_at)::float8 FROM steps"
                    " WHERE uuid = ANY(%s::uuid[])",
                    (wanted,),
                ).fetchall()
                now = time.monotonic()
                with self._lock:
                    for step, received in found:
                        self.waiting.pop(str(step), None)
                        self.seen[str(step)] = (now, float(str(received)))


def latency(
    admin_url: str, ca_file: Path, work: Path, *, count: int, pace: float, poll: float
) -> None:
    """Steps confirmed at a patient's pace with the real sync worker; commit to visible."""
    data = work / "latency-kiosk"
    shutil.rmtree(data, ignore_errors=True)
    kiosk = enrol(admin_url, ca_file, "bench_latency", work / "secrets", data)
    floor_kiosk = enrol(admin_url, ca_file, "bench_floor", work / "secrets", work / "unused")
    os.environ[sync.ENV_SERVER_URL] = kiosk.target.url
    os.environ[sync.ENV_SERVER_CA] = str(ca_file)
    os.environ[sync.ENV_SERVER_CREDENTIAL] = str(work / "secrets" / f"{kiosk.name}.credential")
    context = open_context(data)
    worker = sync.start_sync(context)
    if worker is None:
        raise SystemExit("the sync did not start: no server configured")
    station = Station(admin_url, poll)
    station.start()
    stamps = _confirm_steps(context, station, count, pace)
    deadline = time.monotonic() + 30
    while not station.all_seen() and time.monotonic() < deadline:
        time.sleep(0.05)
    station.stop()
    worker.stop()
    context.close()
    seen = {s: station.seen[s] for s in stamps if s in station.seen}
    emit(
        {
            "seen": [(seen[s][0] - stamps[s][0]) * 1000 for s in seen],
            "received": [(seen[s][1] - stamps[s][1]) * 1000 for s in seen],
            "floor": submit_floor(floor_kiosk, max(20, count)),
            "steps": len(stamps),
            "missing": len(stamps) - len(seen),
        }
    )


class Awaiting(Protocol):
    """What waits for the confirmed steps: told each one with the moment its COMMIT returned."""

    def expect(self, step: str, committed: float, intake: str = "") -> None:
        """The kiosk committed ``step`` of ``intake`` at ``committed`` (time.monotonic)."""


def _confirm_steps(
    context: KioskContext, station: Awaiting, count: int, pace: float
) -> dict[str, tuple[float, float]]:
    """Patients confirm ``count`` steps through the real session, one every ``pace`` s (jittered
    0.5-1.5x: patients keep no beat with the station); each step's outbox row is handed to the
    station with the moment its COMMIT returned. Step UUID -> (time.monotonic, time.time)."""
    import random  # noqa: PLC0415

    from kiosk.core.session import IntakeSession, StepKind  # noqa: PLC0415
    from kiosk.documents.consent_pdf import render_consent  # noqa: PLC0415
    from kiosk.services.demo.day import random_identity  # noqa: PLC0415
    from tests.helpers.intake import confirm_current_page, sign_consent  # noqa: PLC0415

    commits: list[tuple[float, float]] = []
    wake = context.step_committed  # the worker's, set by start_sync

    def committed() -> None:  # called by the repository right after each step's COMMIT
        commits.append((time.monotonic(), time.time()))
        if wake is not None:
            wake()

    context.step_committed = committed
    stamps: dict[str, tuple[float, float]] = {}
    last = 0
    rng, pacing = random.Random(11), random.Random(12)

    def confirmed() -> None:
        nonlocal last
        rows = list(
            context.db.query(
                "SELECT sequence, uuid, intake_uuid FROM outbox WHERE sequence > ?"
                " ORDER BY sequence",
                [last],
            )
        )
        for row in rows if commits else []:
            stamps[str(row["uuid"])] = commits[-1]
            station.expect(str(row["uuid"]), commits[-1][0], str(row["intake_uuid"]))
            last = int(row["sequence"])
        time.sleep(pace * pacing.uniform(0.5, 1.5))

    while len(stamps) < count:
        session = IntakeSession(context.forms, context.intakes, context.clock, render_consent)
        session.begin("en", "normal")
        who = random_identity(rng)
        session.identify(who.first_name, who.last_name, who.birth_date)
        confirmed()
        while len(stamps) < count and session.current.kind is not StepKind.DONE:
            kind = session.current.kind
            if kind is StepKind.PAGE:
                confirm_current_page(session)
            elif kind is StepKind.ITEM:
                session.answer_item(0)
                if session.calm_message_due:
                    session.calm_message_seen()
            else:
                sign_consent(session, who.full_name)
            confirmed()
    return stamps


def submit_floor(kiosk: Kiosk, reps: int) -> list[float]:
    """One ``submit_step`` round trip on an open connection of an enrolled login, ``reps`` times
    (a step's content the size of a checklist answer)."""
    conn: psycopg.Connection[tuple[object, ...]] = psycopg.connect(
        kiosk.target.conninfo(), autocommit=True
    )
    times: list[float] = []
    try:
        intake = uuid.uuid4()
        for sequence in range(1, reps + 4):
            content = {
                "format": 1,
                "kind": "step",
                "intake": str(intake),
                "step": f"phq9:item{sequence}",
                "form": "phq9",
                "replaces": [f"item{sequence}"],
                "answers": [
                    {
                        "form": "phq9",
                        "question": f"item{sequence}",
                        "value": 0,
                        "question_text": "Little interest or pleasure in doing things",
                        "answer_text": "Not at all",
                    }
                ],
                "flags": [],
                "score": None,
                "stage": None,
                "at": "2026-12-07T12:00:00+00:00",
            }
            step = steps.Step.of(uuid.uuid4(), intake, sequence, content)
            start = time.perf_counter()
            answer = steps.submit(conn, step)
            times.append((time.perf_counter() - start) * 1000)
            if answer is not steps.Answer.STORED:
                raise SystemExit(f"the floor's step was answered {answer}")
    finally:
        conn.close()
    return times[3:]  # the first calls warm the connection's plans


def main(argv: list[str]) -> None:
    """Dispatch on the first argument."""
    if argv[0] == "throughput":
        throughput(argv[1], Path(argv[2]), Path(argv[3]), Path(argv[4]), int(argv[5]))
    elif argv[0] == "latency":
        latency(
            argv[1],
            Path(argv[2]),
            Path(argv[3]),
            count=int(argv[4]),
            pace=float(argv[5]),
            poll=float(argv[6]),
        )
    else:
        raise SystemExit(f"unknown mode {argv[0]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
