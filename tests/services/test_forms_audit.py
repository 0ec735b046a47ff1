"""note_forms_changes and record_forms_changes: ``settings_changed`` and ``forms_changed`` at a
kiosk's start (first start both, unchanged nothing, an edited setting only its own), never
stopping the kiosk when the database or the folder refuses. The kinds of edits are in
tests/reliability/test_audit_forms.py."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from kiosk.core.audit import AuditAction
from kiosk.services.context import KioskContext
from kiosk.services.forms_audit import ACTOR, note_forms_changes, record_forms_changes
from kiosk.storage.audit import AuditLog

BOTH = [AuditAction.SETTINGS_CHANGED, AuditAction.FORMS_CHANGED]


@pytest.fixture
def kiosk_forms(forms_copy: Path) -> Path:
    """The kiosk on a copy of the shipped forms a test may edit."""
    return forms_copy


def folder(context: KioskContext) -> Path:
    assert context.forms_folder is not None
    return context.forms_folder


def test_the_first_start_records_both_then_an_unchanged_start_nothing(
    kiosk: KioskContext,
) -> None:
    """First start: ``settings_changed`` and ``forms_changed`` by the kiosk with no previous
    hash; started again unchanged: nothing more."""
    assert note_forms_changes(kiosk) == BOTH
    entries = AuditLog(kiosk.db, kiosk.clock).entries()
    assert [(e.actor, e.action) for e in entries] == [(ACTOR, a) for a in BOTH]
    assert all(json.loads(e.detail)["previous"] == "" for e in entries)
    assert all(e.subject == str(folder(kiosk).resolve()) for e in entries)
    assert note_forms_changes(kiosk) == []
    assert len(AuditLog(kiosk.db, kiosk.clock).entries()) == 2


def test_a_changed_setting_records_settings_changed_only(kiosk: KioskContext) -> None:
    """settings.toml edited by hand: one ``settings_changed`` with the new and previous hash."""
    record_forms_changes(kiosk.db, kiosk.clock, folder(kiosk))
    settings = folder(kiosk) / "settings.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert record_forms_changes(kiosk.db, kiosk.clock, folder(kiosk)) == [
        AuditAction.SETTINGS_CHANGED
    ]
    first, second = AuditLog(kiosk.db, kiosk.clock).entries(action=AuditAction.SETTINGS_CHANGED)
    assert json.loads(second.detail)["previous"] == json.loads(first.detail)["sha256"]


def test_a_database_that_refuses_is_logged_not_raised(
    kiosk: KioskContext, caplog: pytest.LogCaptureFixture
) -> None:
    """The connection made read-only: a warning in the log, nothing recorded, the kiosk goes on."""
    kiosk.db.execute("PRAGMA query_only = 1")
    with caplog.at_level(logging.WARNING, logger="kiosk.services"):
        assert note_forms_changes(kiosk) == []
    assert any("not audited" in r.getMessage() for r in caplog.records)
    kiosk.db.execute("PRAGMA query_only = 0")
    assert AuditLog(kiosk.db, kiosk.clock).entries() == []


def test_a_forms_folder_that_went_away_is_logged_not_raised(
    kiosk: KioskContext, caplog: pytest.LogCaptureFixture
) -> None:
    """The forms folder removed after the forms loaded (an OSError reading it): logged, []."""
    shutil.rmtree(folder(kiosk))
    with caplog.at_level(logging.WARNING, logger="kiosk.services"):
        assert note_forms_changes(kiosk) == []
    assert any("not audited" in r.getMessage() for r in caplog.records)


def test_a_bug_is_not_hidden(kiosk: KioskContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only storage and file faults are swallowed: a programming error still raises."""
    from kiosk.services import forms_audit  # noqa: PLC0415 - the module patched

    def broken(*args: object, **kwargs: object) -> list[str]:
        raise TypeError("a bug")

    monkeypatch.setattr(forms_audit, "record_forms_changes", broken)
    with pytest.raises(TypeError):
        note_forms_changes(kiosk)
