"""A kiosk with its sync running, taking intakes through the real session until it is killed.

Run by tests/reliability/test_sync_faults.py as ``python -m tests.helpers.sync_kiosk`` with
the server's settings in its environment (KIOSK_SERVER_URL, _CA, _CREDENTIAL). It opens the
data folder, starts the background sync (``start_sync``, a short poll) and walks patients
through their intakes as the crash worker does (tests/helpers/crash/worker.py: its lines
``PATIENT``, ``WILL``, ``SAVED``... come from there). Besides those, each a flushed line:

- ``COMMITTED <sequence> <uuid> <sha256>`` for each outbox row a step's COMMIT added, printed
  from the session's ``committed`` callback, so after the COMMIT and before the sync is woken;
- ``FINISHED`` when it ran out of patients;
- ``DRAINED`` / ``NOT_DRAINED`` with ``--drain``: whether its sync emptied the outbox in time.

The sync's log lines go to stderr (level INFO), where the parent looks for patient names.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from kiosk.services.context import KioskContext, open_context
from kiosk.services.sync import start_sync
from kiosk.storage import outbox
from tests.helpers.crash.patients import worker_clock
from tests.helpers.crash.worker import Worker, emit


class Reporter:
    """The session's ``committed`` callback: report the new outbox rows, wake the sync, then
    take a moment as a patient would (so two kiosks and the server share two cores)."""

    def __init__(self, context: KioskContext, wake: Callable[[], None], pace: float) -> None:
        self._db = context.db
        self._wake = wake
        self._pace = pace
        row = self._db.execute("SELECT coalesce(max(sequence), 0) FROM outbox").fetchone()
        self._last = int(row[0])

    def __call__(self) -> None:
        rows = self._db.execute(
            "SELECT sequence, uuid, sha256 FROM outbox WHERE sequence > ? ORDER BY sequence",
            [self._last],
        ).fetchall()
        for sequence, uuid, sha256 in rows:
            emit("COMMITTED", sequence, uuid, sha256)
            self._last = int(sequence)
        self._wake()
        if self._pace > 0:
            time.sleep(self._pace)


def drain(context: KioskContext, seconds: float) -> bool:
    """Wait until the sync has emptied the outbox; False if ``seconds`` passed first."""
    deadline = time.monotonic() + seconds
    while outbox.counts(context.db).waiting:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Open the folder, start the sync, take new patients in order; optionally wait for the
    outbox to empty."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--run", type=int, required=True)
    parser.add_argument("--first-new", type=int, required=True)
    parser.add_argument("--new", type=int, default=10_000, help="new patients before stopping")
    parser.add_argument("--poll", type=float, default=0.2, help="the sync's poll, seconds")
    parser.add_argument("--pace", type=float, default=0.01, help="seconds after each step")
    parser.add_argument("--drain", type=float, default=0.0, help="wait this long for the sync")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    clock = worker_clock(args.run)
    emit("OPENING")
    context = open_context(args.data_dir, clock=clock)
    emit("READY")
    sync = start_sync(context, poll_seconds=args.poll)
    if sync is None:
        print("no clinic server is configured", file=sys.stderr)
        return 2
    context.step_committed = Reporter(context, sync.wake, args.pace)
    worker = Worker(context, clock, args.seed, args.run)
    for index in range(args.first_new, args.first_new + args.new):
        worker.visit(index, resuming=False)
    emit("FINISHED")
    if args.drain > 0:
        sync.wake()
        emit("DRAINED" if drain(context, args.drain) else "NOT_DRAINED")
    sync.stop()
    context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
