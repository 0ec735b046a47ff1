"""The audit anchor file on its own: where it lives, its round trip, damage told apart, and when it moves."""

from __future__ import annotations

import json
import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.core.audit import Anchor, AuditAction
from kiosk.core.clock import FakeClock
from kiosk.storage.audit import AuditLog
from kiosk.storage.audit_anchor import (
    HEAD_DIR_ENV,
    AnchorUnreadableError,
    advance_anchor,
    anchor_place,
    read_anchor,
    write_anchor,
)
from kiosk.storage.db import database_path, open_database

ANCHOR = Anchor(first_hash="a" * 64, entries=3, head_hash="c" * 64, at="2026-11-21T15:00:00+00:00")


@pytest.fixture
def file_db(data_dir: Path) -> Iterator[Database]:
    """The kiosk database of a data folder, always closed."""
    database = open_database(database_path(data_dir))
    try:
        yield database
    finally:
        database.close()


def test_an_anchor_reads_back_as_written(tmp_path: Path) -> None:
    """write_anchor then read_anchor gives the same anchor; the file is owner-only JSON with no
    temporary file left beside it."""
    path = tmp_path / "heads" / "data.audit-head"
    write_anchor(path, ANCHOR)
    assert read_anchor(path) == ANCHOR
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["format"] == 1
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    newer = Anchor(ANCHOR.first_hash, 4, "d" * 64, ANCHOR.at)
    write_anchor(path, newer)
    assert read_anchor(path) == newer


def test_no_anchor_file_is_no_anchor(tmp_path: Path) -> None:
    """A missing file reads as None (a log not anchored yet), not as damage."""
    assert read_anchor(tmp_path / "none.audit-head") is None


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"first": "a", "entries": 1, "head": "b"}',
        '{"first": "a", "entries": 0, "head": "b", "at": "t"}',
        '{"first": "a", "entries": "1", "head": "b", "at": "t"}',
        '{"first": 1, "entries": 1, "head": "b", "at": "t"}',
        "\udcff",
    ],
)
def test_a_damaged_anchor_is_told_apart(tmp_path: Path, text: str) -> None:
    """Text that is not an anchor (not JSON, a field missing, no entries, a wrong type, not
    UTF-8) raises AnchorUnreadableError naming the file."""
    path = tmp_path / "data.audit-head"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(AnchorUnreadableError, match=str(path)):
        read_anchor(path)


def test_where_the_anchor_lives(
    file_db: Database, data_dir: Path, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beside the data folder as <folder>.audit-head; none for memory or a copy under another
    name; in $KIOSK_AUDIT_HEAD_DIR, named by folder and path, when that is set."""
    assert anchor_place(file_db).path == data_dir.parent / "data.audit-head"
    assert anchor_place(db).path is None
    assert "memory" in anchor_place(db).why_none
    copy = open_database(tmp_path / "copy.db")
    try:
        assert anchor_place(copy).path is None
        assert "copy" in anchor_place(copy).why_none
        monkeypatch.setenv(HEAD_DIR_ENV, str(tmp_path / "heads"))
        place = anchor_place(file_db).path
        assert place is not None
        assert place.parent == tmp_path / "heads"
        assert place.name.startswith("data-") and place.name.endswith(".audit-head")
        assert anchor_place(copy).path not in (None, place)
    finally:
        copy.close()


def test_the_anchor_moves_forward_only_with_a_log_that_matches(
    file_db: Database, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """advance_anchor names the newest entry; a log that no longer matches its anchor leaves the
    anchor as evidence (with a warning) unless a restore restarts it."""
    log = AuditLog(file_db, FakeClock())
    place = data_dir.parent / "data.audit-head"
    advance_anchor(file_db, "t")
    assert read_anchor(place) is None  # an empty log has nothing to anchor
    log.record("Ada", AuditAction.EXPORT, "one")
    log.record("Ada", AuditAction.EXPORT, "two")
    anchor = read_anchor(place)
    assert anchor is not None
    assert anchor.entries == 2
    foreign = Anchor("f" * 64, 1, "f" * 64, "t")
    write_anchor(place, foreign)
    with caplog.at_level(logging.WARNING, logger="kiosk.audit"):
        log.record("Ada", AuditAction.EXPORT, "three")
    assert read_anchor(place) == foreign
    assert "no longer matches its anchor" in caplog.text
    advance_anchor(file_db, "later", restart=True)
    restarted = read_anchor(place)
    assert restarted is not None
    assert (restarted.entries, restarted.first_hash) == (3, anchor.first_hash)


def test_a_damaged_anchor_is_kept_and_never_raises(
    file_db: Database, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An unreadable anchor file is left as it is, the entry still recorded, with a warning."""
    place = data_dir.parent / "data.audit-head"
    place.write_text("damaged")
    with caplog.at_level(logging.WARNING, logger="kiosk.audit"):
        AuditLog(file_db, FakeClock()).record("Ada", AuditAction.EXPORT, "one")
    assert place.read_text() == "damaged"
    assert "audit anchor damaged" in caplog.text
