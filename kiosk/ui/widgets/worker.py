"""Work of size off the UI thread for one screen: the latest job's outcome handed back on the UI
thread by a queued signal; an older, cancelled or orphaned job's outcome is dropped."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

T = TypeVar("T")

DOCUMENTS = "documents"  # the pool that makes and draws PDFs (one thread, its own QPdfDocument)


class _Relay(QObject):
    """Carries a finished job from the pool's thread to the UI thread (a queued signal)."""

    finished = Signal(int, bool, object)  # generation, ok, value or exception


class _Job(QRunnable):
    def __init__(
        self, relay: _Relay, generation: int, work: Callable[[], Any], ran: threading.Event
    ) -> None:
        super().__init__()
        self._relay = relay  # kept alive by the job until it has reported
        self._generation = generation
        self._work: Callable[[], Any] | None = work
        self._ran = ran

    def run(self) -> None:
        work, self._work = self._work, None  # nothing of the job is kept once it has reported
        assert work is not None
        try:
            outcome: tuple[bool, object] = (True, work())
        except Exception as exc:  # noqa: BLE001 - handed to the UI thread, which says what happened
            outcome = (False, exc)
        del work
        with contextlib.suppress(RuntimeError):  # the relay is gone (the program is ending)
            self._relay.finished.emit(self._generation, *outcome)
        self._ran.set()


_POOLS: dict[str, QThreadPool] = {}


def worker_pool(name: str = DOCUMENTS) -> QThreadPool:
    """The pool called ``name``: one thread, kept for the whole process (what a thread keeps,
    such as its QPdfDocument, lives as long; a pool that is destroyed waits for its jobs)."""
    pool = _POOLS.get(name)
    if pool is None:
        pool = QThreadPool()
        pool.setMaxThreadCount(1)  # one job at a time, in order
        pool.setExpiryTimeout(-1)
        _POOLS[name] = pool
    return pool


def wait_for_pool(name: str = DOCUMENTS, msecs: int = 30_000) -> bool:
    """Wait until the pool ``name`` runs no job (its thread lives on, unlike with the pool's
    own ``waitForDone``); False if not within ``msecs``."""
    pool = worker_pool(name)
    deadline = time.monotonic() + msecs / 1000
    while pool.activeThreadCount() > 0:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


class LatestJob(QObject):
    """``start(work, done, failed)``: ``work()`` on the pool's thread, then ``done(value)`` or
    ``failed(exception)`` on the UI thread, unless ``cancel()`` or another ``start`` came since
    (a generation counter), or the owner's signals were blocked (a screen being removed), or
    the owner is gone (its connection went with it). ``busy`` while the latest job runs."""

    def __init__(self, parent: QObject | None = None, *, pool: str = DOCUMENTS) -> None:
        super().__init__(parent)
        self._pool = worker_pool(pool)
        self._relay = _Relay()
        self._relay.finished.connect(self._finished)
        self._generation = 0
        self._handlers: tuple[Callable[[Any], None], Callable[[Exception], None]] | None = None
        self._ran = threading.Event()
        self._ran.set()  # no job yet: nothing to wait for

    @property
    def busy(self) -> bool:
        """The latest job has not reported yet (and was not cancelled)."""
        return self._handlers is not None

    def start(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[Exception], None],
    ) -> None:
        """Run ``work`` in the background; any job started before is dropped."""
        self._generation += 1
        self._handlers = (done, failed)
        self._ran = threading.Event()
        self._pool.start(_Job(self._relay, self._generation, work, self._ran))

    def cancel(self) -> None:
        """Drop the outcome of the job running or queued now."""
        self._generation += 1
        self._handlers = None

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for the latest job to finish on its thread (its outcome is still delivered by
        the event loop); False if not within ``msecs``. The pool's thread lives on (a pool's
        own ``waitForDone`` would end it, and with it what the thread keeps)."""
        return self._ran.wait(msecs / 1000)

    def _finished(self, generation: int, ok: bool, value: object) -> None:
        if generation != self._generation or self._handlers is None:
            return  # stale: cancelled, or another job started since
        done, failed = self._handlers
        self._handlers = None
        if self.signalsBlocked():
            return  # the screen is being removed: it shows nothing more
        if ok:
            done(value)
        elif isinstance(value, Exception):
            failed(value)
