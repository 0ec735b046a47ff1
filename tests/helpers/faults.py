"""Real storage faults for tests: a full disk, read-only files, a damaged database file."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

PAGE_SIZE_OFFSET = 16  # where the page size sits in an SQLite file's header
PLAINTEXT_HEADER = b"SQLite format 3\x00"
SQLCIPHER_PAGE_SIZE = 4096  # an encrypted file's header is not readable: SQLCipher 4's default


def fill_disk(db: Database) -> None:
    """Let the database grow no more (SQLite's max_page_count): the next new page is SQLITE_FULL."""
    pages = int(db.execute("PRAGMA page_count").fetchone()[0])
    db.execute(f"PRAGMA max_page_count = {pages}")


def free_disk(db: Database) -> None:
    """Undo ``fill_disk``."""
    db.execute("PRAGMA max_page_count = 4294967294")


def chattr(flag: str, *paths: Path) -> None:
    """``chattr FLAG PATHS`` (``+i`` makes files immutable even for root); skips the test when
    the file system or the user cannot."""
    try:
        result = subprocess.run(
            ["chattr", flag, *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except FileNotFoundError:
        pytest.skip("chattr is not installed (Debian package e2fsprogs)")
    if result.returncode != 0:
        pytest.skip(f"chattr {flag} does not work here: {result.stderr.strip()}")


@contextlib.contextmanager
def immutable(*paths: Path) -> Iterator[None]:
    """The files or folders cannot be changed, created in or deleted, even by root, until the end."""
    existing = [p for p in paths if p.exists()]
    chattr("+i", *existing)
    try:
        yield
    finally:
        chattr("-i", *existing)


def checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file (so damage written to the file is what SQLite reads)."""
    from kiosk.storage.db import open_database  # noqa: PLC0415 - the kiosk's own opener

    db = open_database(path, migrate=False)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def damage_header(path: Path) -> None:
    """Overwrite the first 100 bytes (SQLite's file header) with junk."""
    with path.open("r+b") as handle:
        handle.write(b"\xa5" * 100)


def damage_middle_page(path: Path) -> int:
    """Overwrite one page in the middle of the file with junk; returns its page number."""
    with path.open("r+b") as handle:
        header = handle.read(100)
        size = SQLCIPHER_PAGE_SIZE
        if header.startswith(PLAINTEXT_HEADER):
            size = int.from_bytes(header[PAGE_SIZE_OFFSET : PAGE_SIZE_OFFSET + 2], "big")
            size = 65536 if size == 1 else size
        handle.seek(0, 2)
        pages = handle.tell() // size
        if pages < 3:
            raise ValueError(f"{path} has {pages} pages: too small to damage one in the middle")
        number = pages // 2 + 1  # 1-based, never the first page
        handle.seek((number - 1) * size)
        handle.write(bytes((i * 37 + 11) % 256 for i in range(size)))
    return number
