"""The audit log's anchor: its first hash and newest entry, in an owner-only file beside the data folder.

Someone who edits the database file can drop the triggers, delete the newest entries or rewrite
the whole chain with fresh hashes; the anchor, kept where editing the table does not reach, shows
that. It lives in ``<data folder>.audit-head`` (beside the data folder, not in it), or in the
folder ``$KIOSK_AUDIT_HEAD_DIR`` names (point it where the database key is kept).

The anchor is written only after the entry it names is committed, so it can lag behind the log
(a crash in between, two processes writing at once) but never run ahead of it: a lagging anchor
weakens the check for a moment, it never raises a false alarm.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from kiosk.core.audit import Anchor
from kiosk.storage.db import DB_FILENAME

HEAD_DIR_ENV = "KIOSK_AUDIT_HEAD_DIR"
SUFFIX = ".audit-head"
FILE_MODE = 0o600
_FORMAT = 1

log = logging.getLogger("kiosk.audit")


class AnchorUnreadableError(ValueError):
    """The anchor file is there but cannot be read as one."""


@dataclass(frozen=True)
class AnchorPlace:
    """Where a database's anchor is kept; ``path`` is None when it has none (a copy, in memory)."""

    path: Path | None
    why_none: str = ""


def database_file(db: Database) -> Path | None:
    """The file of the database's main schema; None for an in-memory database."""
    for row in db.execute("PRAGMA database_list").fetchall():
        if row[1] == "main":
            return Path(row[2]) if row[2] else None
    return None


def anchor_place(db: Database) -> AnchorPlace:
    """Where this database's anchor is kept: only the kiosk's own database file has one."""
    database = database_file(db)
    if database is None:
        return AnchorPlace(None, "the database is in memory")
    database = database.resolve()
    folder = os.environ.get(HEAD_DIR_ENV)
    if folder:
        digest = hashlib.sha256(str(database).encode("utf-8")).hexdigest()[:20]
        return AnchorPlace(Path(folder) / f"{database.parent.name}-{digest}{SUFFIX}")
    if database.name != DB_FILENAME:
        return AnchorPlace(None, f"{database.name} is a copy, not a data folder's {DB_FILENAME}")
    return AnchorPlace(database.parent.parent / f"{database.parent.name}{SUFFIX}")


def read_anchor(path: Path) -> Anchor | None:
    """The anchor in ``path``; None when there is none; AnchorUnreadableError when it is damaged."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeError) as exc:
        raise AnchorUnreadableError(f"{path}: cannot be read ({exc})") from None
    try:
        data = json.loads(text)
        anchor = Anchor(
            first_hash=data["first"], entries=data["entries"], head_hash=data["head"], at=data["at"]
        )
    except (ValueError, KeyError, TypeError):
        raise AnchorUnreadableError(f"{path}: not an audit anchor") from None
    fields_ok = (
        isinstance(anchor.first_hash, str)
        and isinstance(anchor.head_hash, str)
        and isinstance(anchor.at, str)
        and isinstance(anchor.entries, int)
        and anchor.entries >= 1
    )
    if not fields_ok:
        raise AnchorUnreadableError(f"{path}: not an audit anchor")
    return anchor


def write_anchor(path: Path, anchor: Anchor) -> None:
    """Replace the anchor file whole (a new owner-only file renamed into place); OSError on failure."""
    data = {
        "format": _FORMAT,
        "first": anchor.first_hash,
        "entries": anchor.entries,
        "head": anchor.head_hash,
        "at": anchor.at,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(json.dumps(data, indent=2) + "\n")
            handle.flush()
            os.fsync(handle.fileno())  # whole before it is renamed in: a crash never damages it
        Path(temp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temp).unlink()
        raise


def _ends(db: Database) -> tuple[str, int, str] | None:
    """(first hash, newest id, newest hash) of the log; None when it is empty."""
    first = db.execute("SELECT hash FROM audit ORDER BY id LIMIT 1").fetchone()
    last = db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    if first is None or last is None:
        return None
    return str(first[0]), int(last[0]), str(last[1])


def _still_holds(db: Database, anchor: Anchor, first_hash: str) -> bool:
    """Whether the log still starts and passes through where the anchor says."""
    row = db.execute("SELECT hash FROM audit WHERE id = ?", [anchor.entries]).fetchone()
    return first_hash == anchor.first_hash and row is not None and row[0] == anchor.head_hash


def advance_anchor(db: Database, at: str, *, restart: bool = False) -> None:
    """Anchor the newest committed entry; never raises (a failure is logged as a warning).

    An anchor the log no longer matches, or a damaged one, is kept as it is, as evidence for
    ``audit verify``, unless ``restart``: a restore puts an older database in place on purpose.
    """
    try:
        place = anchor_place(db)
        if place.path is None:
            return
        ends = _ends(db)
        if ends is None:
            return
        first_hash, newest, head_hash = ends
        if not restart:
            try:
                current = read_anchor(place.path)
            except AnchorUnreadableError as problem:
                log.warning("audit anchor damaged; it is kept: %s", problem)
                return
            if current is not None:
                if not _still_holds(db, current, first_hash):
                    log.warning(
                        "the audit log no longer matches its anchor %s; the anchor is kept:"
                        " run 'kiosk audit verify'",
                        place.path,
                    )
                    return
                if newest <= current.entries:
                    return
        write_anchor(place.path, Anchor(first_hash, newest, head_hash, at))
    except Exception as exc:  # noqa: BLE001 - the entry is committed; the caller must not fail
        log.warning("audit anchor not written: %s", exc)
