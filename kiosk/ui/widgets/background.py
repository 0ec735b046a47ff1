"""Reads off the UI thread: one at a time on a pool of its own, each outcome handed back on the
UI thread, a burst of requests read once, and outcomes ``forget`` made stale dropped."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

T = TypeVar("T")


class _Relay(QObject):
    """Carries a finished read from the pool's thread to the UI thread (a queued signal), and
    which read is queued and not started yet (a later request joins it)."""

    finished = Signal(int, bool, object)  # generation, ok, value or exception

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.queued: int | None = None  # the generation queued and not started


class _Read(QRunnable):
    def __init__(self, relay: _Relay, generation: int, read: Callable[[], Any]) -> None:
        super().__init__()
        self._relay = relay  # kept alive by the job until it has reported
        self._generation = generation
        self._read = read

    def run(self) -> None:
        with self._relay.lock:
            if self._relay.queued == self._generation:
                self._relay.queued = None
        try:
            value = self._read()
        except Exception as exc:  # noqa: BLE001 - handed to the UI thread, which says what happened
            self._relay.finished.emit(self._generation, False, exc)
            return
        self._relay.finished.emit(self._generation, True, value)


_POOL: list[QThreadPool] = []


def _pool() -> QThreadPool:
    """The reads' pool: one thread, kept for the whole process (a pool that is destroyed waits
    for its reads, and one held up by a silent server would freeze whoever destroyed it)."""
    if not _POOL:
        pool = QThreadPool()
        pool.setMaxThreadCount(1)  # one read at a time, in order
        pool.setExpiryTimeout(-1)
        _POOL.append(pool)
    return _POOL[0]


class Background(QObject):
    """``run(read, done, failed)``: ``read()`` on a thread of this object's pool, then
    ``done(value)`` or ``failed(exception)`` on the UI thread, unless ``forget()`` was called
    since (a locked screen never shows a read that finished after it locked). Reads queue one
    behind the other; a request made while another waits to start joins it (both handlers get
    its outcome, read when it starts); ``busy`` while any is queued or running."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = _pool()
        self._relay = _Relay()
        self._relay.finished.connect(self._finished)
        self._generation = 0
        self._waiting = 0
        self._handlers: dict[int, list[tuple[Callable[[Any], None], Callable[[Exception], None]]]]
        self._handlers = {}

    @property
    def busy(self) -> bool:
        """A read is queued or running."""
        return self._waiting > 0

    def run(
        self,
        read: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[Exception], None],
    ) -> None:
        """Queue ``read``; its outcome goes to ``done`` or ``failed`` on this object's thread."""
        with self._relay.lock:
            joined = self._relay.queued
            if joined is not None and joined in self._handlers:
                self._handlers[joined].append((done, failed))
                return
            self._generation += 1
            generation = self._generation
            self._relay.queued = generation
        self._handlers[generation] = [(done, failed)]
        self._waiting += 1
        self._pool.start(_Read(self._relay, generation, read))

    def forget(self) -> None:
        """Drop the outcome of every read queued or running now."""
        self._handlers.clear()

    def wait(self, msecs: int = 10_000) -> bool:
        """Wait for the queued reads (of every window) to finish on their thread (their
        outcomes are still delivered by the event loop); False if not within ``msecs``."""
        return self._pool.waitForDone(msecs)

    def _finished(self, generation: int, ok: bool, value: object) -> None:
        self._waiting = max(0, self._waiting - 1)
        for done, failed in self._handlers.pop(generation, []):
            if ok:
                done(value)
            elif isinstance(value, Exception):
                failed(value)
