"""Crash survival: intakes killed with SIGKILL at random points lose nothing reported saved.

The worker (tests/reliability/crash/worker.py) takes intakes through the real session and
storage in a subprocess and reports each step around its commit; this test kills it again and
again on one data folder and checks the folder after every kill. CI runs the quick scale
(20 kills); the full run (200 kills) is one command:

    KIOSK_RELIABILITY=full .venv/bin/python -m pytest -q tests/reliability/test_crash.py

Replay a failure's answers and kill plan with the seed its message gives:
``KIOSK_CRASH_SEED=<seed>`` (the moment a timed kill lands still varies a little).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from kiosk.context import open_context
from kiosk.storage.db import StorageError
from tests.reliability.conftest import Tally
from tests.reliability.crash.checks import check_folder, check_resume
from tests.reliability.crash.driver import KillPlan, run_and_kill
from tests.reliability.crash.ledger import Ledger
from tests.reliability.crash.patients import parent_clock

QUICK_KILLS = 20
FULL_KILLS = 200


def base_seed() -> int:
    """$KIOSK_CRASH_SEED, or a fresh one (every failure message names it)."""
    given = os.environ.get("KIOSK_CRASH_SEED")
    return int(given) if given else random.SystemRandom().randrange(1_000_000)


def kill_plan(rng: random.Random, run: int) -> KillPlan:
    """Where this run dies: between writes, inside one, at a random moment, or while opening."""
    if run < 2:
        return KillPlan("open", "OPENING", 1, rng.uniform(0, 0.05))
    mode = rng.choices(("saved", "will", "time", "open"), weights=(35, 35, 22, 8))[0]
    if mode == "saved":
        return KillPlan(mode, "SAVED", rng.randint(1, 45), 0.0)
    if mode == "will":
        return KillPlan(mode, "WILL", rng.randint(1, 45), rng.uniform(0, 0.004))
    if mode == "time":
        return KillPlan(mode, "READY", 1, rng.uniform(0, 0.35))
    return KillPlan(mode, "OPENING", 1, rng.uniform(0, 0.05))


def test_intakes_survive_sigkill(tmp_path: Path, full_run: bool, tally: Tally) -> None:
    """After every kill: integrity_check is ok, every step reported saved is stored with its
    value, no write is half there, and each patient of the run resumes where they left off."""
    seed = base_seed()
    wanted = FULL_KILLS if full_run else QUICK_KILLS
    data_dir = tmp_path / "data"
    plans = random.Random(f"{seed}:plans")
    ledger = Ledger()
    unfinished: list[int] = []
    kills = run = 0
    while kills < wanted:
        plan = kill_plan(plans, run)
        args = [
            str(data_dir),
            f"--seed={seed}",
            f"--run={run}",
            f"--first-new={max(ledger.started, default=-1) + 1}",
            "--resume",
            *map(str, unfinished),
        ]
        worker = run_and_kill(args, plan, tmp_path / "worker.err")
        where = f"crash run {run} ({plan}; replay with KIOSK_CRASH_SEED={seed})"
        failure = worker.failure()
        if failure is not None:
            pytest.fail(f"{where}: {failure}", pytrace=False)
        for line in worker.lines:
            ledger.read(line)
        touched = {int(line.split("\t")[1]) for line in worker.lines if line.startswith("PATIENT")}
        try:
            context = open_context(data_dir, clock=parent_clock())
        except StorageError as exc:
            pytest.fail(f"{where}: the data folder does not open after the kill: {exc}")
        try:
            found = check_folder(context.db, context.forms, ledger, seed)
            if not found.problems:
                check_resume(context.db, context.forms, ledger, seed, touched, found)
        finally:
            context.close()
        tally.add("records lost", found.lost)
        tally.add("steps checked", found.checked)
        last = "\n".join(worker.lines[-6:])
        if found.problems:
            shown = "\n".join(found.problems[:20])
            pytest.fail(f"{where}:\n{shown}\nThe worker's last lines:\n{last}", pytrace=False)
        if worker.killed:
            kills += 1
            tally.add("kills survived")
            in_doubt = ledger.pending is not None
            tally.add("kills inside a write", int(in_doubt and not found.pending_committed))
            tally.add("kills after a commit, before its report", int(found.pending_committed))
        ledger.settle(found.pending_committed, found.pending_resume)
        unfinished = found.unfinished
        run += 1
    tally.add("intakes checked", len(ledger.started))
    assert found.lost == 0
