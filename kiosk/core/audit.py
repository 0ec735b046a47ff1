"""The audit chain: each entry's SHA-256 covers its fields and the previous entry's hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """One thing someone did, as stored."""

    id: int
    at: str
    actor: str
    action: str
    subject: str
    detail: str  # JSON text
    previous_hash: str
    hash: str


def entry_hash(
    previous_hash: str, *, at: str, actor: str, action: str, subject: str, detail: str
) -> str:
    """The hash that chains an entry to the one before it."""
    canonical = json.dumps([previous_hash, at, actor, action, subject, detail], ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def first_bad(entries: list[AuditEntry]) -> tuple[int, str] | None:
    """(id, why) of the first entry that was changed, removed or reordered; None if the chain holds."""
    previous = GENESIS
    expected_id: int | None = None
    for entry in entries:
        if expected_id is not None and entry.id != expected_id:
            return entry.id, f"entry {expected_id} is missing (removed, or the log was reordered)"
        if entry.previous_hash != previous:
            return entry.id, "it does not follow the entry before it"
        fields = {"at": entry.at, "actor": entry.actor, "action": entry.action}
        if entry_hash(previous, **fields, subject=entry.subject, detail=entry.detail) != entry.hash:
            return entry.id, "its contents were changed"
        previous = entry.hash
        expected_id = entry.id + 1
    return None
