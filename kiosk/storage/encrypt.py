"""Encrypting a plaintext database of an earlier kiosk in place: checked, then swapped in."""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kiosk.storage import engine
from kiosk.storage.errors import DatabaseDamagedError, StorageError
from kiosk.storage.faults import boundary
from kiosk.storage.keys import DatabaseKey, FileKind, file_kind

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")  # SQLite's files that belong to one database
FILE_MODE = 0o600


@boundary
def encrypt_plaintext(path: Path, key: DatabaseKey) -> None:
    """Replace the plaintext database ``path`` (and its -wal, -shm) with an encrypted copy.

    The copy is written next to it with sqlcipher_export, must pass integrity_check with every
    table's row count equal to the original's, is fsynced, then renamed over the original in
    one step; the plaintext -wal and -shm are removed. On any failure the original is left as
    it was. Other kiosk processes wait on a lock of the folder meanwhile, and find the work done.
    """
    with _folder_lock(path.parent):
        if file_kind(path) is not FileKind.PLAINTEXT:
            return  # another process encrypted it while we waited
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(handle)
        temp = Path(name)
        try:
            counts = _export(path, temp, key)
            _check(temp, key, counts)
            # WAL is switched on here, under the folder's lock: two kiosks opening the new file
            # at once would otherwise both ask for the switch, and one can be refused as locked
            engine.connect(temp, key).close()
            temp.chmod(FILE_MODE)
            _fsync(temp)
            temp.replace(path)
        except BaseException:
            _remove_with_side_files(temp)
            raise
        for suffix in SIDE_SUFFIXES:  # the plaintext's: they would spoil the new file
            with contextlib.suppress(FileNotFoundError):
                path.with_name(path.name + suffix).unlink()
        _fsync(path.parent)


def _export(path: Path, temp: Path, key: DatabaseKey) -> dict[str, int]:
    plain = engine.connect(path, None)
    try:
        rows = [str(row[0]) for row in plain.execute("PRAGMA quick_check")]
        if rows != ["ok"]:
            raise DatabaseDamagedError(
                f"{path}: the database file is damaged ({'; '.join(rows[:3])});"
                " it was not encrypted"
            )
        counts = _counts(plain)
        engine.export(plain, temp, key)
    finally:
        plain.close()  # the last connection folds the -wal into the file
    return counts


def _check(temp: Path, key: DatabaseKey, counts: dict[str, int]) -> None:
    copy = engine.connect(temp, key, wal=False)
    try:
        rows = [str(row[0]) for row in copy.execute("PRAGMA integrity_check")]
        found = _counts(copy)
    finally:
        copy.close()
    if rows != ["ok"] or found != counts:
        raise StorageError(
            f"{temp}: the encrypted copy does not match the database; nothing changed"
        )


def _counts(conn: engine.Connection) -> dict[str, int]:
    names = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])  # noqa: S608
        for name in names
    }


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):  # some file systems cannot sync a folder
        handle = os.open(path, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _remove_with_side_files(path: Path) -> None:
    for suffix in ("", *SIDE_SUFFIXES):
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
