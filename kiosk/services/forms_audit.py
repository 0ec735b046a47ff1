"""Changes to settings.toml and the form files, written to the audit log when the kiosk starts.

The kiosk has no settings editor: a clinic edits ``settings.toml`` and the forms folder by hand.
At each start their SHA-256 is compared with the last one in the audit log; a difference (or the
very first start) adds a ``settings_changed`` or ``forms_changed`` entry naming what changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kiosk.core.audit import AuditAction
from kiosk.core.clock import Clock
from kiosk.services.context import KioskContext, forms_dir
from kiosk.storage.audit import AuditLog
from kiosk.storage.faults import is_storage_fault

SETTINGS_FILE = "settings.toml"
SETTINGS_CHANGED = AuditAction.SETTINGS_CHANGED
FORMS_CHANGED = AuditAction.FORMS_CHANGED
log = logging.getLogger("kiosk.services")
ACTOR = "kiosk"  # who the audit log says noticed it: nobody edits through the kiosk


@dataclass(frozen=True)
class FolderState:
    """The content hashes of the settings file and of every form file (by path in the folder)."""

    settings: str
    forms: dict[str, str]

    @property
    def forms_sha256(self) -> str:
        """One hash over every form file's path and content."""
        canonical = json.dumps(sorted(self.forms.items()), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(folder: Path) -> FolderState:
    """Hash what the forms loader reads: settings.toml, the other *.toml, consent/*.toml."""
    forms = {
        path.relative_to(folder).as_posix(): _sha256(path)
        for path in sorted([*folder.glob("*.toml"), *folder.glob("consent/*.toml")])
        if path.name != SETTINGS_FILE or path.parent != folder
    }
    return FolderState(_sha256(folder / SETTINGS_FILE), forms)


def _last_detail(log: AuditLog, action: AuditAction) -> dict[str, Any] | None:
    """The details of the newest entry of ``action``; None when there is none."""
    entries = log.entries(action=action)
    if not entries:
        return None
    try:
        detail = json.loads(entries[-1].detail)
    except ValueError:
        return {}
    return detail if isinstance(detail, dict) else {}


def _form_differences(
    before: dict[str, str], after: dict[str, str]
) -> tuple[list[str], list[str], list[str]]:
    """The form files added, removed and changed, each sorted."""
    return (
        sorted(after.keys() - before.keys()),
        sorted(before.keys() - after.keys()),
        sorted(p for p in after.keys() & before.keys() if after[p] != before[p]),
    )


def record_forms_changes(
    db: Database, clock: Clock, folder: Path, *, actor: str = ACTOR
) -> list[str]:
    """Audit settings and forms whose hash differs from the last one recorded; the actions added.

    Call it once the forms have loaded, at each start of the kiosk. The first start records the
    initial hashes (``previous`` is then empty).
    """
    state = folder_state(folder)
    log = AuditLog(db, clock)
    subject = str(folder.resolve())
    recorded: list[str] = []
    last = _last_detail(log, SETTINGS_CHANGED)
    previous = "" if last is None else str(last.get("sha256", ""))
    if previous != state.settings:
        log.record(
            actor,
            SETTINGS_CHANGED,
            subject,
            file=SETTINGS_FILE,
            sha256=state.settings,
            previous=previous,
        )
        recorded.append(SETTINGS_CHANGED)
    last = _last_detail(log, FORMS_CHANGED)
    previous = "" if last is None else str(last.get("sha256", ""))
    if previous != state.forms_sha256:
        files = last.get("files") if last is not None else None
        before = {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
        added, removed, changed = _form_differences(before, state.forms)
        log.record(
            actor,
            FORMS_CHANGED,
            subject,
            sha256=state.forms_sha256,
            previous=previous,
            added=added,
            removed=removed,
            changed=changed,
            files=state.forms,
        )
        recorded.append(FORMS_CHANGED)
    return recorded


def note_forms_changes(context: KioskContext) -> list[str]:
    """``record_forms_changes`` at a kiosk's start; never raises (a failure is logged)."""
    try:
        return record_forms_changes(context.db, context.clock, context.forms_folder or forms_dir())
    except Exception as problem:
        if not isinstance(problem, OSError) and not is_storage_fault(problem):
            raise
        log.warning("settings and forms changes not audited: %s", problem)
        return []
