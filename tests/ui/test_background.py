"""Reads off the UI thread (kiosk.ui.widgets.background): each read runs on the pool's thread,
its outcome comes back on the UI thread, the UI thread goes on while a read is held up, a burst
of requests is read once, failures are handed back, and ``forget`` drops what is still coming."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QTimer

from kiosk.ui.widgets.background import Background

WAIT_MS = 5_000


def test_a_held_read_leaves_the_ui_thread_free_and_its_outcome_comes_back_on_it(
    qtbot: Any,
) -> None:
    reads = Background()
    release = threading.Event()
    read_on: list[int] = []
    done_on: list[tuple[int, str]] = []

    def read() -> str:
        read_on.append(threading.get_ident())
        release.wait(WAIT_MS / 1000)
        return "rows"

    reads.run(read, lambda value: done_on.append((threading.get_ident(), value)), print)
    assert reads.busy
    # The UI thread handles its events while the read waits on its thread.
    ticked: list[bool] = []
    qtbot.waitUntil(lambda: bool(read_on), timeout=WAIT_MS)
    QTimer.singleShot(0, lambda: ticked.append(True))
    qtbot.waitUntil(lambda: bool(ticked), timeout=WAIT_MS)
    assert not done_on  # the timer ran while the read was still held
    release.set()
    qtbot.waitUntil(lambda: bool(done_on), timeout=WAIT_MS)
    ui = threading.get_ident()
    assert read_on[0] != ui
    assert done_on == [(ui, "rows")]
    assert not reads.busy


def test_a_failure_is_handed_back_and_forget_drops_what_is_still_coming(qtbot: Any) -> None:
    reads = Background()
    failures: list[Exception] = []
    reads.run(lambda: 1 / 0, print, failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
    assert isinstance(failures[0], ZeroDivisionError)

    release = threading.Event()
    outcomes: list[object] = []
    reads.run(lambda: release.wait(WAIT_MS / 1000), outcomes.append, outcomes.append)
    reads.forget()  # the screen locked while the read was out
    release.set()
    qtbot.waitUntil(lambda: not reads.busy, timeout=WAIT_MS)
    assert outcomes == []


def test_a_burst_of_requests_behind_a_running_read_is_read_once(qtbot: Any) -> None:
    reads = Background()
    release = threading.Event()
    count = [0]
    outcomes: list[int] = []

    def read() -> int:
        count[0] += 1
        release.wait(WAIT_MS / 1000)
        return count[0]

    reads.run(read, outcomes.append, print)
    qtbot.waitUntil(lambda: count[0] == 1, timeout=WAIT_MS)  # the first one is running
    for _ in range(20):  # twenty notices while it runs
        reads.run(read, outcomes.append, print)
    release.set()
    qtbot.waitUntil(lambda: len(outcomes) == 21, timeout=WAIT_MS)
    assert count[0] == 2  # the first read, then one read for the twenty that waited
    assert outcomes == [1] + [2] * 20
