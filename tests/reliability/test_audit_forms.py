"""Settings and forms edited by hand show up in the audit log at the next start of the kiosk."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.clock import FakeClock
from kiosk.services.consent_versions import publish_consent
from kiosk.services.context import open_context
from kiosk.services.forms_audit import (
    FORMS_CHANGED,
    SETTINGS_CHANGED,
    folder_state,
    record_forms_changes,
)
from kiosk.storage.audit import AuditLog


@pytest.fixture
def forms(forms_copy: Path) -> Path:
    """A copy of the shipped forms folder the clinic may edit."""
    return forms_copy


@pytest.fixture
def start(data_dir: Path, forms: Path) -> Callable[[], list[str]]:
    """Start the kiosk (as far as the audit is concerned): the actions it recorded."""

    def run() -> list[str]:
        context = open_context(data_dir, forms_folder=forms, clock=FakeClock())
        try:
            return record_forms_changes(context.db, context.clock, forms)
        finally:
            context.close()

    return run


def details(data_dir: Path, forms: Path, action: str) -> list[dict[str, Any]]:
    """The details of every entry of ``action``, oldest first."""
    context = open_context(data_dir, forms_folder=forms, clock=FakeClock())
    try:
        return [
            json.loads(e.detail) for e in AuditLog(context.db, context.clock).entries(action=action)
        ]
    finally:
        context.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_first_start_records_the_initial_hashes(
    start: Callable[[], list[str]], data_dir: Path, forms: Path
) -> None:
    """Both entries, with no previous hash; the forms entry lists every form file."""
    assert start() == [SETTINGS_CHANGED, FORMS_CHANGED]
    state = folder_state(forms)
    [settings] = details(data_dir, forms, SETTINGS_CHANGED)
    assert settings == {"file": "settings.toml", "sha256": state.settings, "previous": ""}
    [form_files] = details(data_dir, forms, FORMS_CHANGED)
    assert form_files["previous"] == "" and form_files["sha256"] == state.forms_sha256
    assert "settings.toml" not in form_files["files"]
    assert {"checklist.toml", "phq9.toml", "consent/v1.toml"} <= set(form_files["added"])


def test_an_unchanged_folder_records_nothing(start: Callable[[], list[str]]) -> None:
    """Restarting with the same files adds no entry."""
    start()
    assert start() == []
    assert start() == []


def test_an_edited_setting_is_recorded_with_both_hashes(
    start: Callable[[], list[str]], data_dir: Path, forms: Path
) -> None:
    """Changing one setting gives a settings entry whose previous hash is the last one."""
    start()
    before = folder_state(forms).settings
    edit(forms / "settings.toml", "fasting_food_hours = 6", "fasting_food_hours = 8")
    assert start() == [SETTINGS_CHANGED]
    latest = details(data_dir, forms, SETTINGS_CHANGED)[-1]
    assert latest["previous"] == before
    assert latest["sha256"] == folder_state(forms).settings != before


def test_edited_and_added_form_files_are_named(
    start: Callable[[], list[str]], data_dir: Path, forms: Path
) -> None:
    """An edited checklist and a published consent version: one forms entry naming both."""
    start()
    edit(forms / "checklist.toml", "# Pre-infusion checklist", "# Pre-infusion checklist (edited)")
    context = open_context(data_dir, forms_folder=forms, clock=FakeClock())
    try:
        v2 = forms / "v2.toml.new"
        text = (forms / "consent" / "v1.toml").read_text(encoding="utf-8")
        v2.write_text(text.replace("version = 1", "version = 2", 1), encoding="utf-8")
        publish_consent(context, v2, "Ada Admin")
        v2.unlink()
    finally:
        context.close()
    assert start() == [FORMS_CHANGED]
    latest = details(data_dir, forms, FORMS_CHANGED)[-1]
    assert (latest["added"], latest["removed"], latest["changed"]) == (
        ["consent/v2.toml"],
        [],
        ["checklist.toml"],
    )


def test_changing_back_is_a_change_too(
    start: Callable[[], list[str]], data_dir: Path, forms: Path
) -> None:
    """Undoing an edit is recorded as well: each entry compares with the one before it."""
    start()
    settings = forms / "settings.toml"
    original = settings.read_text(encoding="utf-8")
    edit(settings, "keep = 14", "keep = 30")
    start()
    settings.write_text(original, encoding="utf-8")
    assert start() == [SETTINGS_CHANGED]
    entries = details(data_dir, forms, SETTINGS_CHANGED)
    assert len(entries) == 3 and entries[2]["sha256"] == entries[0]["sha256"]


def test_the_entries_keep_the_chain_intact(
    start: Callable[[], list[str]], data_dir: Path, forms: Path
) -> None:
    """Settings entries are ordinary audit entries: the log still verifies."""
    start()
    edit(forms / "settings.toml", "keep = 14", "keep = 7")
    start()
    context = open_context(data_dir, forms_folder=forms, clock=FakeClock())
    try:
        assert AuditLog(context.db, context.clock).verify() is None
    finally:
        context.close()
