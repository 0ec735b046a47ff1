"""Backups of the database: take one while the kiosk runs, check one, restore one, keep dailies.

Backups are encrypted with the database's own key (SQLCipher), like the database itself.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sqlite3
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from sqlite_utils import Database

from kiosk.storage import engine
from kiosk.storage.db import (
    KeyMissingError,
    StorageError,
    WrongKeyError,
    database_key,
    database_path,
    key_of,
    open_database,
)
from kiosk.storage.faults import boundary
from kiosk.storage.keys import DatabaseKey, FileKind, file_header, kind_of, resolve_key
from kiosk.storage.migrations import MIGRATIONS

# The live database is only ever opened with open_database. The raw engine connections here
# are on copies: the new backup file being written, and a backup opened read-only to check it.

FILE_MODE = 0o600
FOLDER_MODE = 0o700
REPLACED_FOLDER = "replaced"  # inside the data folder: databases a restore put aside
KIOSK_TABLES = ("intakes", "_sqlite_migrations")
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")  # SQLite's files that belong to one database
_DAILY = re.compile(r"kiosk-(\d{4}-\d{2}-\d{2})\.db")


def daily_name(day: date) -> str:
    """The file name of the daily backup of ``day``: kiosk-YYYY-MM-DD.db."""
    return f"kiosk-{day.isoformat()}.db"


@boundary
def backup_to(db: Database, target: Path) -> Path:
    """Copy the database to ``target``: encrypted with its key, checked, fsynced, then renamed
    into place; returns it.

    The copy is read through a connection of its own with SQLite's online backup API, so the
    kiosk keeps writing meanwhile and a transaction still open on ``db`` is never copied.
    A failure (a full disk, an unwritable folder) leaves no file behind. An in-memory database
    (the tests') is encrypted with the key resolve_key finds for ``target``.
    """
    live = _file_of(db)
    if live is not None and _same_file(live, target):
        raise StorageError(f"{target}: this is the database itself; back it up to another file")
    key = key_of(db)
    if live is not None and key is not None:
        source = open_database(live, key=key, migrate=False, check=None)
    else:
        source = db
        key = resolve_key(target, protected=(), create=True)
    try:
        temp = _write_copy(
            source.conn, target, key, "backup not written", same_key=source is not db
        )
    finally:
        if source is not db:
            source.close()
    _rename(temp, target, "backup not written")
    return target


@boundary
def check_backup(path: Path, key: DatabaseKey | None = None) -> int:
    """Check a backup read-only: a whole, undamaged kiosk database; returns its number of intakes.

    An encrypted backup is read with ``key`` (default: the one resolve_key finds); a plaintext
    one from an earlier version of the kiosk needs no key.
    """
    try:
        header = file_header(path)
        if not path.is_file():
            raise FileNotFoundError(f"no such file: {path}")
    except OSError as exc:
        raise StorageError(f"{path}: cannot be read ({_os_problem(exc)})") from None
    kind = kind_of(header)
    if kind is FileKind.NONE:
        raise StorageError(f"{path}: not a kiosk backup (the file is empty)")
    if kind is not FileKind.PLAINTEXT and key is None:
        try:
            key = resolve_key(path, protected=(), create=False)
        except KeyMissingError:
            if kind is FileKind.OTHER:
                raise StorageError(f"{path}: not a kiosk backup (not a database)") from None
            raise
    try:
        conn = _open_read_only(path, None if kind is FileKind.PLAINTEXT else key)
        try:
            count = _check(conn, path)
        finally:
            conn.close()
    except engine.Error as exc:
        if kind is FileKind.KIOSK and key is not None and not key.made(header):
            raise WrongKeyError(
                f"{path}: made with another key; the key in {key.source} does not open it"
            ) from None
        if kind is FileKind.OTHER:
            raise StorageError(
                f"{path}: not a kiosk backup (not a database this kiosk made, or damaged)"
            ) from None
        raise StorageError(f"{path}: damaged: {_sqlite_problem(exc)}") from None
    if kind is not FileKind.PLAINTEXT and key is not None and not key.made(header):
        raise StorageError(f"{path}: damaged: its first bytes are overwritten")
    return count


@boundary
def restore_from(
    source: Path, data_dir: Path, *, now: datetime, key: DatabaseKey | None = None
) -> Path | None:
    """Put a checked backup in place of the data folder's database; where the replaced one is kept.

    A damaged or foreign ``source``, or one made with another key, is refused and nothing
    changes. The replaced database (with its write-ahead log folded in when it still opens) is
    kept as replaced/kiosk-<UTC stamp>.db; None when the folder had none. The restored database
    is encrypted with ``key`` (default: the one resolve_key finds) and migrated if the backup is
    older. A plaintext backup from an earlier version of the kiosk is restored encrypted.
    """
    live = database_path(data_dir)
    plaintext = kind_of(file_header(source)) is FileKind.PLAINTEXT
    if key is None:
        key = database_key(live) if plaintext else database_key(live, create=False)
    check_backup(source, key)
    if _same_file(source, live):
        raise StorageError(f"{source}: this is the database in use; there is nothing to restore")
    try:
        conn = _open_read_only(source, None if plaintext else key)
    except engine.Error as exc:
        raise StorageError(f"{source}: cannot be opened ({_sqlite_problem(exc)})") from None
    try:
        temp = _write_copy(conn, live, key, "not restored", same_key=not plaintext)
    finally:
        conn.close()
    try:
        kept = _move_aside(live, data_dir / REPLACED_FOLDER, now, key)
    except BaseException:
        _remove(temp)
        raise
    try:
        _rename(temp, live, "not restored")
        open_database(live, key=key).close()  # migrates a backup from an older kiosk
    except StorageError as exc:
        _remove_with_side_files(live)
        raise StorageError(f"{source}: {_put_back(kept, live, str(exc))}") from None
    return kept


@boundary
def daily_backup(db: Database, folder: Path, keep: int, today: date) -> Path | None:
    """Take today's backup into ``folder`` unless there is one; keep only the newest ``keep``.

    Returns the new backup, or None when today's was already there. Today's backup is never
    deleted, whatever ``keep`` says.
    """
    target = folder / daily_name(today)
    taken = None if target.exists() else backup_to(db, target)
    dailies = sorted(_dailies(folder), reverse=True)
    for _, old in dailies[max(keep, 1) :]:
        if old.name == target.name:
            continue
        try:
            old.unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(
                f"{old}: an old backup cannot be deleted ({_os_problem(exc)})"
            ) from None
    return taken


# --- copying ---------------------------------------------------------------------------------


def _write_copy(
    source: sqlite3.Connection, target: Path, key: DatabaseKey, failure: str, *, same_key: bool
) -> Path:
    """A checked, fsynced, encrypted copy of ``source`` in a hidden temporary file next to
    ``target``; ``same_key`` when ``source`` is encrypted with ``key`` already."""
    folder = target.parent
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        os.close(handle)
    except OSError as exc:
        raise StorageError(
            f"{target}: {failure}: the folder {folder} cannot be used ({_os_problem(exc)})"
        ) from None
    temp = Path(name)
    try:
        _copy_and_check(source, temp, key, same_key=same_key)
        _fsync(temp)
    except engine.Error as exc:
        _remove_with_side_files(temp)
        raise StorageError(f"{target}: {failure}: {_sqlite_problem(exc)}") from None
    except OSError as exc:
        _remove_with_side_files(temp)
        raise StorageError(f"{target}: {failure}: {_os_problem(exc)}") from None
    except BaseException:
        _remove_with_side_files(temp)
        raise
    return temp


def _copy_and_check(
    source: sqlite3.Connection, temp: Path, key: DatabaseKey, *, same_key: bool
) -> None:
    if not same_key:  # plaintext or in memory: the backup API cannot encrypt, the export can
        engine.export(source, temp, key)
    copy = engine.connect(temp, key, wal=False)  # one self-contained file, no -wal
    try:
        if same_key:
            source.backup(copy)  # all pages in one step: one consistent snapshot
            copy.execute("PRAGMA journal_mode = DELETE")  # the source's WAL mode came along
        problems = _integrity(copy)
    finally:
        copy.close()
    if problems:
        raise StorageError(f"the copy is damaged: {problems}")
    temp.chmod(FILE_MODE)


def _rename(temp: Path, target: Path, failure: str) -> None:
    """Atomically put ``temp`` at ``target``; on failure remove ``temp`` and change nothing."""
    try:
        temp.replace(target)
    except OSError as exc:
        _remove(temp)
        raise StorageError(f"{target}: {failure}: {_os_problem(exc)}") from None
    _fsync_folder(target.parent)


def _move_aside(live: Path, folder: Path, now: datetime, key: DatabaseKey) -> Path | None:
    """Move the live database and its side files into ``folder``; the kept path, or None."""
    if not any(_with_suffix(live, s).exists() for s in ("", *SIDE_SUFFIXES)):
        return None
    if live.exists():
        # Fold the write-ahead log into the file when it still opens, so the kept copy is one file.
        with contextlib.suppress(StorageError, engine.Error):
            db = open_database(live, key=key, migrate=False)
            try:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                db.close()
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        kept = folder / f"kiosk-{stamp}.db"
        number = 1
        while any(_with_suffix(kept, s).exists() for s in ("", *SIDE_SUFFIXES)):
            number += 1
            kept = folder / f"kiosk-{stamp}-{number}.db"
        _move_with_side_files(live, kept)
        for suffix in ("", *SIDE_SUFFIXES):
            with contextlib.suppress(FileNotFoundError):
                _with_suffix(kept, suffix).chmod(FILE_MODE)
    except OSError as exc:
        raise StorageError(
            f"{live}: not restored: the database in use cannot be moved to {folder}"
            f" ({_os_problem(exc)})"
        ) from None
    _fsync_folder(folder)
    return kept


def _put_back(kept: Path | None, live: Path, problem: str) -> str:
    """Return the replaced database to its place after a failed restore; what to tell."""
    if kept is None:
        return f"not restored: {problem}"
    try:
        _move_with_side_files(kept, live)
    except OSError:
        return f"not restored: {problem}; the database that was in use is kept at {kept}"
    return f"not restored: {problem}; the database in use is as it was"


def _move_with_side_files(source: Path, target: Path) -> None:
    """Rename a database and whichever of its -wal, -shm, -journal exist (stale ones would spoil
    whatever database takes the name next)."""
    for suffix in ("", *SIDE_SUFFIXES):
        origin = _with_suffix(source, suffix)
        if origin.exists():
            origin.replace(_with_suffix(target, suffix))
    _fsync_folder(source.parent)


# --- checking --------------------------------------------------------------------------------


def _open_read_only(path: Path, key: DatabaseKey | None = None) -> sqlite3.Connection:
    """A read-only connection on a backup: with ``key`` (default: the one resolve_key finds),
    or none for a plaintext backup of an earlier kiosk."""
    kind = kind_of(file_header(path))
    if kind is FileKind.PLAINTEXT:
        return engine.connect(path, None, read_only=True)
    return engine.connect(
        path, key or resolve_key(path, protected=(), create=False), read_only=True
    )


@boundary
def memory_copy(path: Path, key: DatabaseKey | None = None) -> Database:
    """A private in-memory copy of the backup ``path`` (not migrated; the file is only read).

    The copy is encrypted in memory with the backup's key, because SQLCipher copies pages
    only between databases keyed alike; callers see an ordinary database.
    """
    if kind_of(file_header(path)) is not FileKind.PLAINTEXT:
        key = key or resolve_key(path, protected=(), create=False)
    else:
        key = None
    source = _open_read_only(path, key)
    try:
        memory = engine.connect(None, key)
        try:
            source.backup(memory)
        except BaseException:
            memory.close()
            raise
    finally:
        source.close()
    return engine.KioskDatabase(memory, strict=True)


def _check(conn: sqlite3.Connection, path: Path) -> int:
    problems = _integrity(conn)
    if problems:
        raise StorageError(f"{path}: damaged: {problems}")
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [name for name in KIOSK_TABLES if name not in tables]
    if missing:
        raise StorageError(f"{path}: not a kiosk backup (it has no {' or '.join(missing)} table)")
    applied = {
        row[0]
        for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATIONS.name]
        )
    }
    unknown = sorted(applied - _known_migrations())
    if unknown:
        raise StorageError(
            f"{path}: made by a newer version of the kiosk (schema {', '.join(unknown)});"
            " update this kiosk first"
        )
    return int(conn.execute("SELECT count(*) FROM intakes").fetchone()[0])


def _known_migrations() -> set[str]:
    empty = open_database(None, migrate=False)
    try:
        return {migration.name for migration in MIGRATIONS.pending(empty)}
    finally:
        empty.close()


def _integrity(conn: sqlite3.Connection) -> str:
    """'' when ``PRAGMA integrity_check`` says ok, else its first findings."""
    rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check").fetchall()]
    if rows == ["ok"]:
        return ""
    more = f" (and {len(rows) - 3} more)" if len(rows) > 3 else ""
    return "; ".join(rows[:3]) + more


# --- files -----------------------------------------------------------------------------------


def _dailies(folder: Path) -> list[tuple[date, Path]]:
    try:
        names = [entry.name for entry in folder.iterdir()]
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise StorageError(
            f"{folder}: the backup folder cannot be read ({_os_problem(exc)})"
        ) from None
    found = []
    for name in names:
        match = _DAILY.fullmatch(name)
        if match is None:
            continue
        try:
            day = date.fromisoformat(match[1])
        except ValueError:
            continue
        found.append((day, folder / name))
    return found


def _file_of(db: Database) -> Path | None:
    """The file of the main database, or None when it lives in memory."""
    for _, name, file in db.conn.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return Path(file) if file else None
    return None


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return False


def _with_suffix(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _fsync(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable; some file systems cannot sync a folder, which is then left as is."""
    with contextlib.suppress(OSError):
        _fsync(folder)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _remove_with_side_files(path: Path) -> None:
    for suffix in ("", *SIDE_SUFFIXES):
        _remove(_with_suffix(path, suffix))


def _os_problem(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    return (exc.strerror or str(exc)).lower()


def _sqlite_problem(exc: sqlite3.Error) -> str:
    code = exc.sqlite_errorcode & 0xFF
    if code == sqlite3.SQLITE_FULL:
        return "the disk is full"
    if code == sqlite3.SQLITE_IOERR or "disk I/O error" in str(exc):  # sqlcipher_export: code 1
        return f"the file cannot be written; is the disk full? ({exc})"
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN):
        return f"the file cannot be written ({exc})"
    return str(exc)
