"""The audit chain: each entry's SHA-256 covers its fields and the previous entry's hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum

GENESIS = "0" * 64


class AuditAction(StrEnum):
    """Every act the audit log records, with one name wherever it comes from (screen or command)."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    VIEW_INTAKE = "view_intake"
    ACKNOWLEDGE = "acknowledge"
    VITALS = "vitals"
    SEAT = "seat"
    DISCHARGE = "discharge"
    DISCHARGE_OVERRIDE = "discharge_override"  # discharged before the checklist passed: a red flag
    INFUSION_START = "infusion_start"
    INFUSION_END = "infusion_end"
    INFUSION_CORRECT = "infusion_correct"
    SIDE_EFFECT = "side_effect"
    READINESS = "readiness"
    PRINT = "print"
    PRINT_FAILED = "print_failed"
    AFTERCARE_WRITTEN = "aftercare_written"
    STAFF_ADD = "staff_add"
    STAFF_DISABLE = "staff_disable"
    STAFF_ENABLE = "staff_enable"
    STAFF_RESET_PIN = "staff_reset_pin"
    STAFF_ROLE = "staff_role"
    STAFF_UNLOCK = "staff_unlock"
    APPOINTMENT_ADD = "add_appointment"
    APPOINTMENT_EDIT = "edit_appointment"
    APPOINTMENTS_IMPORT = "import_appointments"
    EXPORT = "export"
    BACKUP = "backup"
    RESTORE = "restore"
    PUBLISH_CONSENT = "publish_consent"
    SETTINGS_CHANGED = "settings_changed"
    FORMS_CHANGED = "forms_changed"
    # on the clinic server's own log
    DEVICE_ENROL = "enrol_device"
    DEVICE_REVOKE = "revoke_device"
    STATION_LOGIN = "station_login"
    ADMIN_LOGIN = "admin_login"
    CONFLICT_RESOLVE = "resolve_conflict"
    GROUP_PUBLISH = "publish_for_group"


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


@dataclass(frozen=True)
class Anchor:
    """The log's first hash and its newest entry, as last written outside the database.

    The chain alone shows a changed, removed or reordered entry, but not the newest entries cut
    off, nor a log rewritten from the start with fresh hashes: the anchor shows both.
    """

    first_hash: str
    entries: int  # the id of the newest entry anchored (ids run 1, 2, 3, ...)
    head_hash: str
    at: str


def anchor_problem(entries: list[AuditEntry], anchor: Anchor) -> tuple[int, str] | None:
    """(id, why) when an intact chain is not the one the anchor recorded; None when it is."""
    if not entries:
        return 1, f"the log is empty, but {anchor.entries} entries were anchored on {anchor.at}"
    if entries[0].hash != anchor.first_hash:
        return entries[0].id, (
            "the log does not start as anchored: the database was replaced or its log rewritten"
        )
    newest = entries[-1].id
    if newest < anchor.entries:
        missing = (
            f"entry {anchor.entries} is"
            if newest + 1 == anchor.entries
            else f"entries {newest + 1} to {anchor.entries} are"
        )
        return newest + 1, (
            f"{missing} missing: the end of the log was cut off"
            f" ({anchor.entries} entries were anchored on {anchor.at})"
        )
    anchored = {entry.id: entry.hash for entry in entries}.get(anchor.entries)
    if anchored != anchor.head_hash:
        return anchor.entries, "it differs from its anchored hash: the log was rewritten up to here"
    return None
