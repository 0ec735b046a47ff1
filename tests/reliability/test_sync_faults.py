"""Sync under real faults: every confirmed step reaches the clinic server exactly once.

Two kiosk processes (tests/helpers/sync_kiosk.py) take intakes at the same time through the
real session, each with its background sync, against one real PostgreSQL server reached
through a TCP proxy that refuses, hangs, drops the server's replies or cuts connections
(tests/helpers/fault_proxy.py). Kiosks are SIGKILLed before they send, mid-batch and after the
server committed a batch they never heard about; the server is stopped with ``pg_ctl stop -m
immediate`` mid-batch. After every run the kiosks start again without faults and ``kiosk
sync`` exits 0, and the server holds exactly the steps of the kiosks' outboxes.

These tests run a PostgreSQL cluster of their own (they stop it), so the server tests' cluster
is never touched. CI runs a short random fault schedule; the full run (at least 100 faults):

    KIOSK_SYNC_FAULTS=100 .venv/bin/python -m pytest -q tests/reliability/test_sync_faults.py

(``KIOSK_RELIABILITY=full`` runs 100 as well). Replay a schedule with ``KIOSK_SYNC_SEED=<seed>``
as its output and failure message give it (the moments faults land still vary a little).
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from kiosk.core.clock import FakeClock
from kiosk.server import devices, schema
from kiosk.server.client import CONNECT_SECONDS, Link, LinkError, Trouble
from kiosk.services import sync
from kiosk.services.context import open_context
from kiosk.services.demo.day import make_demo
from tests.helpers import pg
from tests.helpers.clinic import DAY
from tests.helpers.fault_proxy import FaultProxy, Mode
from tests.helpers.sync import enrol_kiosk, server_rows
from tests.helpers.sync_faults import (
    SyncKiosk,
    batch_in_flight,
    check_delivery,
    command_sync,
    gained,
    log_problems,
    outbox_rows,
    poll,
    settle,
    slow_steps,
    steps_of,
    wait_synced,
)
from tests.reliability.conftest import FULL, Tally

QUICK_FAULTS = 14
FULL_FAULTS = 100
KIOSKS = ("north", "south")


def base_seed() -> int:
    """$KIOSK_SYNC_SEED, or a fresh one (the output and every failure message name it)."""
    given = os.environ.get("KIOSK_SYNC_SEED")
    return int(given) if given else random.SystemRandom().randrange(1_000_000)


def fault_count() -> int:
    """$KIOSK_SYNC_FAULTS, else 100 in the full run and a few in CI."""
    given = os.environ.get("KIOSK_SYNC_FAULTS")
    if given:
        return int(given)
    return FULL_FAULTS if FULL else QUICK_FAULTS


@pytest.fixture(scope="module")
def fault_cluster() -> Iterator[pg.PgCluster]:
    """A PostgreSQL cluster of this module's own (TLS, on 127.0.0.1): these tests crash it."""
    missing = pg.missing_parts()
    if missing:
        pytest.skip(f"PostgreSQL is not installed (missing: {', '.join(missing)})")
    try:
        cluster = pg.start_cluster()
    except (pg.PgSetupError, OSError, psycopg.Error) as exc:
        pytest.fail(f"Could not start the test PostgreSQL cluster: {exc}", pytrace=False)
    yield cluster
    if not cluster.running():
        cluster.start()
    cluster.stop()


@pytest.fixture
def clinic(fault_cluster: pg.PgCluster, request: pytest.FixtureRequest) -> Iterator[str]:
    """The admin URL of a new database with the schema; dropped afterwards with its logins
    (the cluster is started again first if a test left it stopped)."""
    name = pg.safe_identifier(f"f_{request.node.name}")
    with schema.connect(fault_cluster.url()) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = fault_cluster.url(name)
    with schema.connect(url) as conn:
        schema.apply_migrations(conn)
    yield url
    if not fault_cluster.running():
        fault_cluster.start()
    with schema.connect(fault_cluster.url()) as admin:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        for kiosk in KIOSKS:
            admin.execute(
                sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(devices.login_role(kiosk)))
            )


@pytest.fixture
def proxy(fault_cluster: pg.PgCluster) -> Iterator[FaultProxy]:
    """The fault proxy in front of the cluster, passing traffic."""
    with FaultProxy(fault_cluster.host, fault_cluster.port) as running:
        yield running


@pytest.fixture
def seed() -> int:
    """This test's seed, printed."""
    chosen = base_seed()
    print(f"\nsync fault seed: KIOSK_SYNC_SEED={chosen}")
    return chosen


@pytest.fixture
def kiosks(
    fault_cluster: pg.PgCluster, clinic: str, proxy: FaultProxy, tmp_path: Path, seed: int
) -> Iterator[list[SyncKiosk]]:
    """Two kiosks enrolled on the clinic's server, reaching it through the proxy; their
    processes are killed at the end whatever happened."""
    made = []
    for offset, name in enumerate(KIOSKS):
        direct = enrol_kiosk(fault_cluster, clinic, name, tmp_path / "secrets")
        made.append(
            SyncKiosk(
                name,
                tmp_path / name / "data",
                direct.via("127.0.0.1", proxy.port),
                direct,
                seed * 10 + offset,
                tmp_path / "logs",
            )
        )
    yield made
    for kiosk in made:
        if kiosk.process is not None:
            kiosk.process.kill()
            kiosk.process.finish()


def finish(kiosks: list[SyncKiosk], clinic: str, tally: Tally, seed: int) -> int:
    """Restart the kiosks without faults, ``kiosk sync`` each, then compare the server with
    their outboxes; fails with everything found. How many steps the server holds."""
    problems = settle(kiosks)
    found = check_delivery(kiosks, clinic)
    problems += found.problems + log_problems(kiosks)
    if problems:
        shown = "\n".join(problems[:20])
        pytest.fail(f"(replay with KIOSK_SYNC_SEED={seed})\n{shown}", pytrace=False)
    assert found.reported > 0 and found.steps >= found.reported
    assert any(" kiosk.sync INFO sent " in k.stderr_text() for k in kiosks), "no sync log lines"
    tally.add("sync steps delivered exactly once", found.steps)
    tally.add("sync steps sent twice, stored once", found.duplicates_answered)
    print(
        f"{found.steps} steps on the server, {found.reported} reported committed,"
        f" {found.duplicates_answered} answered as duplicates"
    )
    return found.duplicates_answered


def start_all(kiosks: list[SyncKiosk], steps: int = 5) -> None:
    """Start every kiosk and wait until each committed ``steps`` steps."""
    for kiosk in kiosks:
        kiosk.start()
    for kiosk in kiosks:
        assert kiosk.wait_committed(steps), f"{kiosk.name} took no intake: {kiosk.stderr_text()}"


def test_two_kiosks_deliver_every_step_once_through_every_proxy_mode(
    kiosks: list[SyncKiosk], proxy: FaultProxy, clinic: str, tally: Tally, seed: int
) -> None:
    """Both kiosks take intakes while the proxy passes, refuses, hangs and drops the server's
    replies (the server commits, the kiosk never hears), cutting the connections in between:
    afterwards the server holds exactly the outboxes' steps, the dropped ones once."""
    start_all(kiosks, 10)
    for mode in (Mode.REFUSE, Mode.HANG, Mode.DROP_REPLY):
        before = {k.name: steps_of(clinic, k.name) for k in kiosks}
        proxy.set_mode(mode, cut=mode is Mode.REFUSE)
        for kiosk in kiosks:
            assert kiosk.wait_committed(15)
        if mode is Mode.REFUSE:  # a kiosk came back (after its backoff) and was refused
            assert poll(lambda: proxy.refused > 0, 10), "no kiosk tried while refused"
        if mode is Mode.DROP_REPLY:  # a batch the server committed and no kiosk heard of
            assert any(poll(partial(gained, clinic, k.name, before[k.name]), 5) for k in kiosks), (
                "no kiosk sent a batch while the replies were dropped"
            )
        tally.add("sync proxy faults")
        proxy.set_mode(Mode.PASS, cut=True)
        for kiosk in kiosks:
            assert kiosk.wait_committed(15)
            assert wait_synced(kiosk, clinic), f"{kiosk.name} did not get through again"
    assert proxy.refused > 0 and proxy.dropped_bytes > 0
    assert finish(kiosks, clinic, tally, seed) > 0


def test_a_kiosk_killed_before_it_sends_loses_nothing(
    kiosks: list[SyncKiosk], proxy: FaultProxy, clinic: str, tally: Tally, seed: int
) -> None:
    """Steps confirmed while the server cannot be reached, the kiosk then SIGKILLed: they
    were on no server when it died, and are there once after it starts again."""
    north = kiosks[0]
    start_all(kiosks)
    proxy.set_mode(Mode.REFUSE, cut=True)
    assert north.wait_committed(10)
    north.kill()
    unsent = set(north.committed) - steps_of(clinic, north.name)
    assert len(unsent) >= 10, "the steps confirmed while refused should still be waiting"
    tally.add("sync kills before sending")
    proxy.set_mode(Mode.PASS)
    north.start()
    assert north.wait_committed(5)
    finish(kiosks, clinic, tally, seed)
    assert unsent <= steps_of(clinic, north.name)


def test_a_kiosk_killed_mid_batch_loses_nothing(
    kiosks: list[SyncKiosk], proxy: FaultProxy, clinic: str, tally: Tally, seed: int
) -> None:
    """A batch the server is still inserting when the kiosk is SIGKILLed: it is stored
    whole or not at all, and after the restart every step is there once."""
    north = kiosks[0]
    slow_steps(clinic, 0.01)
    start_all(kiosks)
    proxy.set_mode(Mode.REFUSE, cut=True)
    assert north.wait_committed(40)
    proxy.set_mode(Mode.PASS)
    role = devices.login_role(north.name)
    assert poll(lambda: batch_in_flight(clinic, role), 20), "north never sent its batch"
    north.kill()
    tally.add("sync kills mid-batch")
    north.start()
    assert north.wait_committed(5)
    finish(kiosks, clinic, tally, seed)


def test_a_kiosk_killed_after_the_server_committed_sends_it_once(
    kiosks: list[SyncKiosk], proxy: FaultProxy, clinic: str, tally: Tally, seed: int
) -> None:
    """The server commits a batch whose answer never reaches the kiosk, which is SIGKILLed
    before it could record it: its outbox still holds the steps unsent; sent again after the
    restart, the server answers duplicate and stores nothing twice."""
    north = kiosks[0]
    start_all(kiosks)
    unrecorded: set[str] = set()
    for _attempt in range(3):  # a reply that slipped through just before the switch: again
        assert wait_synced(north, clinic)  # its link is up: the next batch goes over it
        already = steps_of(clinic, north.name)
        proxy.set_mode(Mode.DROP_REPLY)
        grown = poll(partial(gained, clinic, north.name, already), 60, every=0.02)
        assert grown, "north never sent while the replies were dropped"
        time.sleep(0.2)  # had the answer come, the kiosk would have recorded it by now
        north.kill()
        on_server = steps_of(clinic, north.name) - already
        unsent = {str(r["uuid"]) for r in outbox_rows(north.data_dir) if r["sent_at"] is None}
        unrecorded = unsent & on_server
        proxy.set_mode(Mode.PASS, cut=True)
        north.start()
        if unrecorded:
            break
    assert unrecorded, "the server committed steps the kiosk never marked sent"
    tally.add("sync kills after the server committed", 1)
    assert north.wait_committed(5)
    assert finish(kiosks, clinic, tally, seed) >= len(unrecorded)


def test_the_server_crashing_mid_batch_loses_nothing(
    kiosks: list[SyncKiosk],
    proxy: FaultProxy,
    clinic: str,
    fault_cluster: pg.PgCluster,
    tally: Tally,
    seed: int,
) -> None:
    """``pg_ctl stop -m immediate`` while a batch is being inserted, started again after a
    moment: the kiosks carry on, and every step ends up on the server once."""
    slow_steps(clinic, 0.01)
    start_all(kiosks)
    proxy.set_mode(Mode.REFUSE, cut=True)
    for kiosk in kiosks:
        assert kiosk.wait_committed(30)
    proxy.set_mode(Mode.PASS)
    roles = [devices.login_role(k.name) for k in kiosks]
    assert poll(lambda: any(batch_in_flight(clinic, r) for r in roles), 20)
    fault_cluster.stop_immediate()
    tally.add("sync server crashes mid-batch")
    for kiosk in kiosks:
        assert kiosk.wait_committed(5)
    fault_cluster.start()
    for kiosk in kiosks:
        assert kiosk.wait_committed(10)
    finish(kiosks, clinic, tally, seed)


def test_a_server_that_never_answers_costs_the_sync_its_deadline(
    fault_cluster: pg.PgCluster,
    clinic: str,
    proxy: FaultProxy,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No cut this time: a call the proxy swallows (hang) or whose answer it drops ends with
    LinkError (unreachable) at the call's deadline, a new connection that is never answered
    at the connect timeout; the rows stay waiting, and once the network is back the batch the
    server committed unheard is answered duplicate, nothing is stored twice."""
    enrolled = enrol_kiosk(fault_cluster, clinic, KIOSKS[0], tmp_path / "secrets")
    for name, value in enrolled.via("127.0.0.1", proxy.port).env().items():
        monkeypatch.setenv(name, value)
    context = open_context(tmp_path / "data", clock=FakeClock())
    try:
        make_demo(context, 2, DAY, seed=3)
        target = sync.server_target(context)
        assert target is not None
        pusher = sync.Pusher(
            context.db,
            context.clock,
            target,
            batch=5,
            connect=lambda t, k: Link(t, k, call_seconds=1.0),
        )

        def failing_push(most: float) -> None:
            started = time.monotonic()
            with pytest.raises(LinkError) as failed:
                pusher.push_once()
            assert failed.value.trouble is Trouble.UNREACHABLE
            assert time.monotonic() - started < most

        try:
            assert pusher.push_once() == 5  # the link is up
            proxy.set_mode(Mode.HANG)
            failing_push(1.0 + 3)  # an open link: the call's deadline
            failing_push(CONNECT_SECONDS + 3)  # a new connection: the connect timeout
            proxy.set_mode(Mode.PASS)
            assert pusher.push_once() == 5
            already = steps_of(clinic, KIOSKS[0])
            proxy.set_mode(Mode.DROP_REPLY)
            failing_push(1.0 + 3)
            assert len(steps_of(clinic, KIOSKS[0]) - already) == 5  # committed, unheard
            proxy.set_mode(Mode.PASS)
            pusher.drain()
        finally:
            pusher.close()
        rows = list(context.db.query("SELECT uuid, sha256, sent_at, answer FROM outbox"))
    finally:
        context.close()
    assert all(r["sent_at"] for r in rows)
    assert sum(r["answer"] == "duplicate" for r in rows) == 5
    stored = server_rows(clinic, "SELECT uuid::text, sha256 FROM steps")
    assert sorted(stored) == sorted((r["uuid"], r["sha256"]) for r in rows)
    assert server_rows(clinic, "SELECT count(*) FROM sequence_gaps") == [(0,)]
    assert server_rows(clinic, "SELECT count(*) FROM conflicts") == [(0,)]


def test_the_delivery_check_finds_a_lost_a_conflicting_and_an_unsent_step(
    fault_cluster: pg.PgCluster,
    clinic: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The final comparison is not vacuous: after a clean sync it finds nothing; a step gone
    from the server, a conflict set aside, an outbox row never marked sent or a reported step
    that is nowhere are each found."""
    enrolled = enrol_kiosk(fault_cluster, clinic, KIOSKS[0], tmp_path / "secrets")
    for name, value in enrolled.env().items():
        monkeypatch.setenv(name, value)
    data_dir = tmp_path / "north" / "data"
    context = open_context(data_dir, clock=FakeClock())
    try:
        make_demo(context, 2, DAY, seed=3)
        sync.sync_now(context)
    finally:
        context.close()
    kiosk = SyncKiosk(KIOSKS[0], data_dir, enrolled, enrolled, 1, tmp_path / "logs")
    kiosk.committed = {str(r["uuid"]): str(r["sha256"]) for r in outbox_rows(data_dir)}
    assert check_delivery([kiosk], clinic).problems == []
    first, last = min(kiosk.committed), max(kiosk.committed)
    server_rows(clinic, "DELETE FROM steps WHERE uuid = %s RETURNING 1", last)
    server_rows(
        clinic,
        "INSERT INTO conflicts (step_uuid, intake, device, sequence, content, sha256, reason)"
        " SELECT uuid, intake, device, sequence, content, sha256, 'other content' FROM steps"
        " WHERE uuid = %s RETURNING 1",
        first,
    )
    context = open_context(data_dir, clock=FakeClock())
    try:
        with context.db.atomic():
            context.db.execute("UPDATE outbox SET sent_at = NULL WHERE uuid = ?", [first])
    finally:
        context.close()
    kiosk.committed["0" * 8 + "-0000-4000-8000-" + "0" * 12] = "0" * 64
    problems = "\n".join(check_delivery([kiosk], clinic).problems)
    assert f"reported step {last} is not on the server" in problems
    assert "1 outbox steps are not on the server" in problems
    assert "conflicts on the server" in problems
    assert "1 outbox rows unsent" in problems
    assert "is not in its outbox" in problems


# --- the seeded random schedule -----------------------------------------------------------

FAULTS = {  # kind: weight
    "refuse": 16,
    "hang": 12,
    "drop_reply": 16,
    "cut": 10,
    "kill": 18,
    "kill_after_commit": 14,
    "server_crash": 8,
    "staff_sync": 6,
}


class Schedule:
    """Applies faults one after another, as a seeded generator picks them."""

    def __init__(
        self,
        kiosks: list[SyncKiosk],
        proxy: FaultProxy,
        cluster: pg.PgCluster,
        clinic: str,
        seed: int,
    ) -> None:
        self.kiosks = kiosks
        self.proxy = proxy
        self.cluster = cluster
        self.clinic = clinic
        self.seed = seed
        self.done: dict[str, int] = {}

    def check_alive(self) -> None:
        """A kiosk that ended on its own failed (collect raises with its stderr)."""
        for kiosk in self.kiosks:
            if kiosk.process is not None and not kiosk.alive():
                kiosk.collect()
                pytest.fail(f"{kiosk.name} stopped on its own (seed {self.seed})")

    def restart(self, kiosk: SyncKiosk) -> None:
        kiosk.kill()
        kiosk.start()

    def apply(self, index: int) -> str:
        """Fault ``index`` of the schedule; what it was, in words."""
        rng = random.Random(f"{self.seed}:fault:{index}")
        kind = rng.choices(list(FAULTS), weights=list(FAULTS.values()))[0]
        lasting = rng.uniform(0.2, 1.0)
        kiosk = rng.choice(self.kiosks)
        proxy = self.proxy
        detail = ""
        if kind == "refuse":
            cut = rng.random() < 0.5
            proxy.set_mode(Mode.REFUSE, cut=cut)
            time.sleep(lasting)
            proxy.set_mode(Mode.PASS)
            detail = f"{lasting:.2f} s, cut {cut}"
        elif kind in ("hang", "drop_reply"):
            proxy.set_mode(Mode(kind))
            time.sleep(lasting)
            proxy.set_mode(Mode.PASS, cut=True)
            detail = f"{lasting:.2f} s, then cut"
        elif kind == "cut":
            detail = f"{proxy.cut()} connections"
        elif kind == "kill":
            moment = rng.choice(("now", "after a commit", "a moment after a commit"))
            if moment != "now":
                kiosk.wait_committed(1, timeout=5)
                if moment != "after a commit":
                    time.sleep(rng.uniform(0, 0.05))
            self.restart(kiosk)
            detail = f"{kiosk.name} {moment}"
        elif kind == "kill_after_commit":
            wait_synced(kiosk, self.clinic, timeout=4)  # its link is up (past its backoff)
            already = steps_of(self.clinic, kiosk.name)
            proxy.set_mode(Mode.DROP_REPLY)
            caught = poll(partial(gained, self.clinic, kiosk.name, already), 2, every=0.03)
            time.sleep(0.1)
            self.restart(kiosk)
            proxy.set_mode(Mode.PASS, cut=True)
            detail = f"{kiosk.name}, {'after' if caught else 'no'} batch committed unheard"
            kind = kind if caught else "kill"
        elif kind == "staff_sync":  # ``kiosk sync`` while the kiosk's own sync runs
            done = command_sync(kiosk)
            if done.returncode != 0 or kiosk.names() & set(done.stdout.split()):
                pytest.fail(
                    f"kiosk sync beside the running {kiosk.name} exited {done.returncode}"
                    f" (seed {self.seed}):\n{done.stdout}{done.stderr}"
                )
            detail = f"{kiosk.name}: {done.stdout.strip()}"
        else:
            time.sleep(rng.uniform(0, 0.5))
            busy = any(batch_in_flight(self.clinic, f"kiosk_{k.name}") for k in self.kiosks)
            self.cluster.stop_immediate()
            time.sleep(lasting)
            self.cluster.start()
            detail = f"down {lasting:.2f} s, {'a batch' if busy else 'no batch'} in flight"
        self.done[kind] = self.done.get(kind, 0) + 1
        time.sleep(rng.uniform(0.2, 0.8))  # traffic flows between faults
        self.check_alive()
        return f"{kind}: {detail}"


def test_a_seeded_random_fault_schedule_delivers_every_step_once(
    kiosks: list[SyncKiosk],
    proxy: FaultProxy,
    clinic: str,
    fault_cluster: pg.PgCluster,
    tally: Tally,
    seed: int,
) -> None:
    """Two kiosks take intakes while faults picked by the seed follow one another: proxy
    refusals, hangs, dropped replies and cuts, kiosks SIGKILLed (at any moment, or after the
    server committed a batch they never heard of), the server crashed and started again.
    Afterwards every confirmed step is on the server exactly once, nothing else is there, and
    no patient is named in the kiosks' logs."""
    wanted = fault_count()
    start_all(kiosks)
    schedule = Schedule(kiosks, proxy, fault_cluster, clinic, seed)
    started = time.monotonic()
    for index in range(wanted):
        print(f"fault {index + 1}/{wanted} (KIOSK_SYNC_SEED={seed}): {schedule.apply(index)}")
    print(f"{wanted} faults in {time.monotonic() - started:.1f} s: {schedule.done}")
    tally.add("sync faults injected", wanted)
    finish(kiosks, clinic, tally, seed)
