"""check_now and FullCheck: reading the whole database, counting intakes, naming damage, and a
background check that ``stop`` interrupts."""

from __future__ import annotations

import threading
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.clock import FakeClock
from kiosk.services import checks
from kiosk.services.checks import FullCheck, check_now
from kiosk.services.context import open_context
from kiosk.services.demo.day import make_demo
from kiosk.storage.db import DatabaseKey, database_path
from kiosk.storage.errors import DatabaseDamagedError, StorageError
from tests.helpers.faults import checkpoint, damage_middle_page

DAY = date(2026, 11, 21)


@pytest.fixture
def folder(data_dir: Path, clock: FakeClock) -> tuple[Path, DatabaseKey]:
    """A closed data folder with four demo intakes, folded into its file; and its key."""
    context = open_context(data_dir, clock=clock)
    try:
        make_demo(context, 4, DAY, seed=5)
        key = context.key
    finally:
        context.close()
    assert key is not None
    checkpoint(database_path(data_dir))
    return data_dir, key


@pytest.fixture
def damaged(folder: tuple[Path, DatabaseKey]) -> tuple[Path, DatabaseKey]:
    """The same folder with a page in the middle of its file overwritten."""
    damage_middle_page(database_path(folder[0]))
    return folder


@pytest.mark.parametrize("thorough", [False, True])
def test_check_now_counts_the_intakes_of_a_sound_database(
    folder: tuple[Path, DatabaseKey], clock: FakeClock, thorough: bool
) -> None:
    """quick_check (or integrity_check) passes and the intakes are counted."""
    with closing(open_context(folder[0], clock=clock)) as context:
        assert check_now(context, thorough=thorough) == 4


@pytest.mark.parametrize("thorough", [False, True])
def test_check_now_names_damage(
    damaged: tuple[Path, DatabaseKey], clock: FakeClock, thorough: bool
) -> None:
    """A damaged page that the light check at open passed over: DatabaseDamagedError naming
    the file."""
    with closing(open_context(damaged[0], clock=clock)) as context:  # the light check passes
        with pytest.raises(DatabaseDamagedError) as caught:
            check_now(context, thorough=thorough)
        assert str(database_path(damaged[0])) in str(caught.value)


def test_full_check_of_a_sound_file_is_none(folder: tuple[Path, DatabaseKey]) -> None:
    """FullCheck.run: None when the file is sound."""
    data_dir, key = folder
    assert FullCheck(database_path(data_dir), key).run() is None


def test_full_check_returns_the_damage_instead_of_raising(
    damaged: tuple[Path, DatabaseKey],
) -> None:
    """FullCheck.run hands the DatabaseDamagedError back (it runs on a thread of its own)."""
    data_dir, key = damaged
    assert isinstance(FullCheck(database_path(data_dir), key).run(), DatabaseDamagedError)


def test_full_check_of_a_file_it_cannot_open_returns_the_storage_error(tmp_path: Path) -> None:
    """A path whose folder is a regular file cannot be opened: a StorageError, not raised."""
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    found = FullCheck(blocker / "data" / "kiosk.db", None).run()
    assert isinstance(found, StorageError)


def test_a_full_check_stopped_before_it_runs_reads_nothing(
    damaged: tuple[Path, DatabaseKey],
) -> None:
    """stop() first: run opens and closes the file without checking it (its result means nothing)."""
    data_dir, key = damaged
    full = FullCheck(database_path(data_dir), key)
    full.stop()
    assert full.run() is None and full.stopped


def test_stop_from_another_thread_interrupts_a_running_check(
    folder: tuple[Path, DatabaseKey], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check's own thread is held inside its quick_check (a progress handler waits) while
    another thread calls stop(): the check is interrupted and run returns a StorageError."""
    data_dir, key = folder
    full = FullCheck(database_path(data_dir), key)
    running, stopped = threading.Event(), threading.Event()
    real_open = checks.open_database

    def open_slowly(*args: Any, **kwargs: Any) -> Any:
        db = real_open(*args, **kwargs)

        def progress() -> int:
            running.set()
            stopped.wait(10)  # hold the statement until the other thread has stopped it
            return 0

        db.conn.set_progress_handler(progress, 1)
        return db

    monkeypatch.setattr(checks, "open_database", open_slowly)
    result: list[StorageError | None] = []
    worker = threading.Thread(target=lambda: result.append(full.run()))
    worker.start()
    assert running.wait(10)
    full.stop()
    stopped.set()
    worker.join(10)
    assert not worker.is_alive()
    [found] = result
    assert isinstance(found, StorageError) and not isinstance(found, DatabaseDamagedError)
    assert "interrupt" in str(found)
