"""Backups: taken while the kiosk writes, checked, restored, kept daily; failures change nothing."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from kiosk.core.clock import FakeClock, today
from kiosk.services.context import KioskContext, open_context
from kiosk.services.demo.day import make_demo
from kiosk.storage import engine
from kiosk.storage.backup import backup_to, check_backup, daily_backup, restore_from
from kiosk.storage.db import StorageError, database_key, database_path, open_database
from kiosk.storage.migrations import MIGRATIONS
from tests.helpers.faults import immutable

DEMO_INTAKES = 3


@pytest.fixture
def live(data_dir: Path, clock: FakeClock) -> Iterator[KioskContext]:
    """A kiosk's data folder with a demo day of real intakes; the context is open."""
    context = open_context(data_dir, clock=clock)
    try:
        make_demo(context, DEMO_INTAKES, today(clock))
        yield context
    finally:
        context.close()


@pytest.fixture
def backup(live: KioskContext, tmp_path: Path) -> Path:
    """A backup of the demo day, taken before anything else happens."""
    return backup_to(live.db, tmp_path / "backups" / "kiosk-backup.db")


def _rows(path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """Rows of a database file, read without changing it (with the kiosk's key)."""
    conn = engine.connect(path, database_key(path), read_only=True)
    conn.row_factory = engine.Row
    try:
        return [dict(row) for row in conn.execute(sql, params)]
    finally:
        conn.close()


def _integrity(path: Path) -> list[dict[str, Any]]:
    return _rows(path, "PRAGMA integrity_check")


def _files(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by relative name, with the SHA-256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _intake_count(path: Path) -> int:
    db = open_database(path)
    try:
        return int(db.execute("SELECT count(*) FROM intakes").fetchone()[0])
    finally:
        db.close()


class _Writer:
    """Another connection of the kiosk that keeps adding intakes (each with two answers)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._stop = threading.Event()
        self._changed = threading.Condition()
        self.written: list[int] = []
        self.errors: list[BaseException] = []
        self._thread = threading.Thread(target=self._run, name="intake-writer")

    def __enter__(self) -> _Writer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        assert not self._thread.is_alive()

    def wait_for(self, count: int) -> None:
        """Until ``count`` intakes are written (or the writer failed)."""
        with self._changed:
            done = self._changed.wait_for(lambda: len(self.written) >= count or self.errors, 10)
        assert done and not self.errors, self.errors

    def _run(self) -> None:
        db = open_database(self._path, migrate=False)
        try:
            while not self._stop.is_set():
                with db.atomic():
                    n = len(self.written) + 1
                    cursor = db.execute(
                        "INSERT INTO intakes (day, first_name, last_name, birth_date, name_key,"
                        " verified, language, stage, form_versions, created_at, updated_at)"
                        " VALUES ('2026-11-21', ?, 'Writer', '1970-01-01', ?, 0, 'en', 'started',"
                        " '{}', '2026-11-21T15:00:00+00:00', '2026-11-21T15:00:00+00:00')",
                        [f"Pat{n}", f"pat{n}|writer"],
                    )
                    intake_id = cursor.lastrowid
                    for question in ("hours_since_food", "has_ride"):
                        db.execute(
                            "INSERT INTO answers VALUES (?, 'checklist', ?, '\"12\"', 'Q?', '12',"
                            " '2026-11-21T15:00:00+00:00')",
                            [intake_id, question],
                        )
                with self._changed:
                    self.written.append(int(intake_id or 0))
                    self._changed.notify_all()
        except BaseException as exc:  # noqa: BLE001 -- handed to the test thread
            with self._changed:
                self.errors.append(exc)
                self._changed.notify_all()
        finally:
            db.close()


def test_backup_while_another_connection_writes_then_restore_into_a_fresh_folder(
    live: KioskContext, tmp_path: Path, clock: FakeClock
) -> None:
    """A backup taken while another connection keeps committing intakes is a consistent snapshot:
    integrity ok, and its intakes and answers are the source's as of that moment; restored into
    a fresh data folder, the same records come back."""
    source = database_path(live.data_dir)
    target = tmp_path / "backups" / "during-writes.db"
    with _Writer(source) as writer:
        writer.wait_for(3)  # writing is under way before the backup starts
        backup_to(live.db, target)
        writer.wait_for(len(writer.written) + 3)  # and goes on after the snapshot
    assert _integrity(target) == [{"integrity_check": "ok"}]
    intakes = _rows(target, "SELECT * FROM intakes ORDER BY id")
    last = intakes[-1]["id"]
    assert DEMO_INTAKES + 3 <= len(intakes) < DEMO_INTAKES + len(writer.written)
    assert check_backup(target) == len(intakes)
    as_of_backup = {
        "intakes": _rows(source, "SELECT * FROM intakes WHERE id <= ? ORDER BY id", (last,)),
        "answers": _rows(
            source, "SELECT * FROM answers WHERE intake_id <= ? ORDER BY rowid", (last,)
        ),
        "consents": _rows(
            source, "SELECT * FROM consents WHERE intake_id <= ? ORDER BY id", (last,)
        ),
    }
    in_backup = {
        "intakes": intakes,
        "answers": _rows(target, "SELECT * FROM answers ORDER BY rowid"),
        "consents": _rows(target, "SELECT * FROM consents ORDER BY id"),
    }
    assert in_backup == as_of_backup
    assert as_of_backup["consents"], "the demo day signs consents with their PDFs"

    fresh = tmp_path / "fresh"
    assert restore_from(target, fresh, now=clock.now()) is None  # nothing was there to replace
    restored = database_path(fresh)
    assert _intake_count(restored) == len(intakes)  # opens with open_database
    assert _integrity(restored) == [{"integrity_check": "ok"}]
    assert _rows(restored, "SELECT * FROM intakes ORDER BY id") == intakes
    assert _rows(restored, "SELECT * FROM answers ORDER BY rowid") == in_backup["answers"]
    assert not (fresh / "replaced").exists()


def test_a_backup_is_one_owner_only_file(backup: Path) -> None:
    """The backup is a single rollback-journal file (no -wal to forget), mode 0o600, in a
    folder made 0o700, with no temporary file left beside it."""
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.parent.stat().st_mode) == 0o700
    assert _rows(backup, "PRAGMA journal_mode") == [{"journal_mode": "delete"}]  # not WAL
    assert check_backup(backup) == DEMO_INTAKES


def test_check_backup_names_what_is_wrong(tmp_path: Path) -> None:
    """A text file and an SQLite file of something else are 'not a kiosk backup'."""
    text = tmp_path / "notes.db"
    text.write_text("shopping list\n")
    with pytest.raises(StorageError, match=r"notes\.db: not a kiosk backup"):
        check_backup(text)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(StorageError, match=r"not a kiosk backup \(it has no intakes or _sqlite"):
        check_backup(other)
    with pytest.raises(StorageError, match="cannot be read"):
        check_backup(tmp_path / "missing.db")


def _overwrite(start: int, length: int) -> Callable[[bytes], bytes]:
    return lambda data: data[:start] + bytes([0x5A]) * length + data[start + length :]


DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "magic overwritten": _overwrite(0, 16),
    "header overwritten": _overwrite(16, 84),
    "a page overwritten": _overwrite(4096 * 3, 4096),
    "truncated": lambda data: data[: len(data) // 2],
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    live: KioskContext, backup: Path, clock: FakeClock, damage: str
) -> None:
    """A damaged backup is refused with a plain StorageError; the data folder stays byte for
    byte as it was, with no replaced/ folder and no temporary file."""
    backup.write_bytes(DAMAGES[damage](backup.read_bytes()))
    live.close()
    before = _files(live.data_dir)
    with pytest.raises(StorageError, match=r"kiosk-backup\.db: (damaged: |not a kiosk backup)"):
        restore_from(backup, live.data_dir, now=clock.now())
    assert _files(live.data_dir) == before
    assert _intake_count(database_path(live.data_dir)) == DEMO_INTAKES


def test_restore_refuses_a_backup_from_a_newer_kiosk(
    live: KioskContext, backup: Path, clock: FakeClock
) -> None:
    """A backup whose schema has a migration this kiosk does not know is refused."""
    conn = engine.connect(backup, database_key(backup), wal=False)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        [MIGRATIONS.name, "m999_from_the_future", "2030-01-01"],
    )
    conn.commit()
    conn.close()
    live.close()
    before = _files(live.data_dir)
    with pytest.raises(StorageError, match=r"newer version of the kiosk .*m999_from_the_future"):
        restore_from(backup, live.data_dir, now=clock.now())
    assert _files(live.data_dir) == before


def test_restore_keeps_the_replaced_database_aside_and_it_still_opens(
    live: KioskContext, backup: Path, clock: FakeClock
) -> None:
    """The database in use moves to replaced/kiosk-<UTC stamp>.db (0o600, folder 0o700) and
    still opens with everything it had; the backup's records are now in use."""
    make_demo(live, 2, date(2026, 11, 22), seed=1)
    live.close()
    kept = restore_from(backup, live.data_dir, now=clock.now())
    assert kept == live.data_dir / "replaced" / "kiosk-20261121T150000Z.db"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    assert _intake_count(kept) == DEMO_INTAKES + 2
    assert _intake_count(database_path(live.data_dir)) == DEMO_INTAKES
    again = restore_from(backup, live.data_dir, now=clock.now())  # same second: a new name
    assert again == live.data_dir / "replaced" / "kiosk-20261121T150000Z-2.db"
    assert _intake_count(kept) == DEMO_INTAKES + 2


def test_restore_folds_the_write_ahead_log_of_the_replaced_database_in(
    live: KioskContext, backup: Path, clock: FakeClock, tmp_path: Path
) -> None:
    """A database left as a crash leaves it (rows only in its -wal) is kept whole, as one file,
    and no stale -wal or -shm is left beside the restored database."""
    make_demo(live, 2, date(2026, 11, 22), seed=1)
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in ("kiosk.db", "kiosk.db-wal", "kiosk.db-shm"):  # copied while still open
        shutil.copy2(live.data_dir / name, crashed / name)
    assert (crashed / "kiosk.db-wal").stat().st_size > 0
    kept = restore_from(backup, crashed, now=clock.now())
    assert kept is not None
    assert sorted(p.name for p in kept.parent.iterdir()) == [kept.name]
    assert _intake_count(kept) == DEMO_INTAKES + 2
    assert sorted(p.name for p in crashed.iterdir()) == ["kiosk.db", "replaced"]
    assert _intake_count(database_path(crashed)) == DEMO_INTAKES


def test_restore_replaces_a_database_that_no_longer_opens(
    backup: Path, clock: FakeClock, tmp_path: Path
) -> None:
    """When the database in use is ruined, it is kept aside as it is and the backup takes over."""
    ruined = tmp_path / "ruined"
    ruined.mkdir()
    garbage = b"this is no database " * 100
    database_path(ruined).write_bytes(garbage)
    kept = restore_from(backup, ruined, now=clock.now())
    assert kept is not None
    assert kept.read_bytes() == garbage
    assert _intake_count(database_path(ruined)) == DEMO_INTAKES


def test_restore_migrates_an_older_backup(tmp_path: Path, clock: FakeClock) -> None:
    """A backup from before the audit log gets the newer migrations when restored."""
    old = tmp_path / "old.db"
    db = open_database(old, migrate=False)
    MIGRATIONS.apply(db, stop_before="m003_audit")
    db.close()
    assert check_backup(old) == 0
    assert restore_from(old, tmp_path / "data", now=clock.now()) is None
    restored = database_path(tmp_path / "data")
    assert _intake_count(restored) == 0
    assert _rows(restored, "SELECT name FROM sqlite_master WHERE name = 'audit'")


def test_daily_backup_once_a_day_keeping_the_newest(live: KioskContext, tmp_path: Path) -> None:
    """One backup a day however often it runs; only the newest ``keep`` daily files stay, and
    other files in the folder are left alone."""
    folder = tmp_path / "daily"
    folder.mkdir()
    others = ["notes.txt", "kiosk-2026-13-45.db", "kiosk-manual.db"]
    for name in others:
        (folder / name).write_text("not a daily backup")
    clock = FakeClock()
    taken = []
    for _ in range(5):
        day = today(clock)
        first = daily_backup(live.db, folder, 3, day)
        assert first == folder / f"kiosk-{day.isoformat()}.db"
        before = first.stat()
        assert daily_backup(live.db, folder, 3, day) is None
        after = first.stat()
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
        taken.append(first.name)
        clock.advance(24 * 3600)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*taken[-3:], *others])
    assert daily_backup(live.db, folder, 0, today(clock)) is not None  # today's always stays
    assert sorted(p.name for p in folder.iterdir() if p.name not in others) == [
        f"kiosk-{today(clock).isoformat()}.db"
    ]


def test_backup_where_the_folder_cannot_be_made(live: KioskContext, tmp_path: Path) -> None:
    """A backup folder that cannot be made is a plain StorageError, and no file is left."""
    blocker = tmp_path / "usb"
    blocker.write_text("a file where the folder should be")
    before = set(_files(tmp_path))
    with pytest.raises(StorageError, match=r"backup not written: the folder .* cannot be used"):
        backup_to(live.db, blocker / "backups" / "kiosk.db")
    assert set(_files(tmp_path)) == before


def test_backup_into_a_folder_nobody_may_write_in(live: KioskContext, tmp_path: Path) -> None:
    """A folder that cannot be written in (immutable, which binds root too) is a plain
    StorageError, and no file is left."""
    folder = tmp_path / "locked"
    folder.mkdir()
    with immutable(folder):
        with pytest.raises(StorageError, match=r"backup not written: .*permission denied"):
            backup_to(live.db, folder / "kiosk.db")
        assert list(folder.iterdir()) == []


FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from kiosk.storage.backup import backup_to
from kiosk.storage.db import StorageError, open_database

db = open_database(None)
db.execute("CREATE TABLE filler (x BLOB)")
db.execute("INSERT INTO filler VALUES (randomblob(1000000))")
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
try:
    backup_to(db, Path(sys.argv[1]))
except StorageError as exc:
    print(exc)
    sys.exit(3)
"""


def test_backup_that_runs_out_of_space_leaves_no_partial_file(tmp_path: Path) -> None:
    """Writes refused part-way (a file size limit standing in for a full disk) give a plain
    StorageError and leave neither the backup nor its temporary file."""
    folder = tmp_path / "small-disk"
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(folder / "kiosk.db")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        cwd=Path(__file__).parents[2],
    )
    assert result.returncode == 3, result.stderr
    assert "backup not written: the file cannot be written; is the disk full?" in result.stdout
    assert list(folder.iterdir()) == []


def test_backup_refuses_to_overwrite_the_database_itself(live: KioskContext) -> None:
    """Backing up onto the database in use is refused before anything is written."""
    live_file = database_path(live.data_dir)
    with pytest.raises(StorageError, match="this is the database itself"):
        backup_to(live.db, live_file)
    assert _intake_count(live_file) == DEMO_INTAKES
    assert not [p for p in live.data_dir.iterdir() if p.name.endswith(".tmp")]


def test_backup_of_an_in_memory_database(db: Database, tmp_path: Path) -> None:
    """A database in memory (the tests' own) backs up as well."""
    target = backup_to(db, tmp_path / "memory.db")
    assert check_backup(target) == 0
