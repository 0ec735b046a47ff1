"""What the running kiosk does by itself: the database check at start, today's automatic backup,
audited settings changes."""

from __future__ import annotations

import logging
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.clock import FakeClock
from kiosk.core.forms import shipped_forms_dir
from kiosk.core.forms.settings import BackupSettings
from kiosk.services.backups import BackupService
from kiosk.services.context import open_context
from kiosk.services.forms_audit import note_forms_changes
from kiosk.storage.audit import AuditLog
from kiosk.ui.app import KioskStart
from kiosk.ui.patient.welcome import WelcomeScreen
from tests.helpers.widgets import flush_deletes


def test_a_start_shows_welcome_at_once_and_start_works_once_the_check_passed(
    qtbot: Any, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The window is on screen before the full check has read the file: Start held and "Getting
    ready…" shown; a sound file then frees Start, logs ready, and only then takes today's backup
    (never before the first paint)."""
    context = open_context(data_dir, clock=FakeClock())
    start = KioskStart(context, windowed=True)
    try:
        with caplog.at_level(logging.INFO, logger="kiosk.ui"):
            start.begin()
            welcome = start.window.current_screen()
            assert isinstance(welcome, WelcomeScreen)
            assert start.window.isVisible()
            assert not welcome.start_button.isEnabled()
            assert welcome.getting_ready.isVisibleTo(welcome)
            assert welcome.getting_ready.text() == "Getting ready…"
            welcome.start_button.click()  # a patient touching Start meanwhile: nothing happens
            assert start.window.current_screen() is welcome
            assert not (data_dir / "backups").exists()
            assert "ready data_dir=" not in caplog.text
            with qtbot.waitSignal(start.settled, timeout=30_000) as settled:
                pass
            assert settled.args == [None]
            assert welcome.start_button.isEnabled()
            assert not welcome.getting_ready.isVisibleTo(welcome)
            assert "ready data_dir=" in caplog.text
            qtbot.waitUntil((data_dir / "backups" / "kiosk-2026-11-21.db").is_file)
        welcome.start_button.click()
        assert type(start.window.current_screen()).__name__ == "IdentifyScreen"
    finally:
        start.stop()
        start.window.allow_close = True
        start.window.close()
        context.close()
        flush_deletes()


def test_the_kiosk_takes_one_backup_a_day(data_dir: Path) -> None:
    """The first look of a day makes kiosk-YYYY-MM-DD.db and audits it; a second look does nothing."""
    clock = FakeClock()
    context = open_context(data_dir, clock=clock)
    try:
        made = BackupService(context).automatic()
        assert made == data_dir / "backups" / "kiosk-2026-11-21.db"
        assert made.is_file()
        assert BackupService(context).automatic() is None
        clock.advance(24 * 3600)
        assert BackupService(context).automatic() == data_dir / "backups" / "kiosk-2026-11-22.db"
        actions = [e.action for e in AuditLog(context.db, clock).entries()]
        assert actions == ["backup", "backup"]
    finally:
        context.close()


def test_a_failing_backup_does_not_stop_the_kiosk(data_dir: Path, tmp_path: Path) -> None:
    """A backup folder that cannot be made is logged, not raised."""
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    context = open_context(data_dir, clock=FakeClock())
    try:
        settings = replace(
            context.forms.settings, backup=BackupSettings(folder=str(blocker / "sub"))
        )
        context.forms = replace(context.forms, settings=settings)
        assert BackupService(context).automatic() is None
    finally:
        context.close()


def test_each_start_audits_settings_and_forms_that_changed(data_dir: Path, tmp_path: Path) -> None:
    """The first start records the settings' and forms' hashes; a start with the same files adds
    nothing; an edited settings.toml adds one settings_changed entry."""
    forms = tmp_path / "forms"
    shutil.copytree(shipped_forms_dir(), forms)
    clock = FakeClock()
    context = open_context(data_dir, forms_folder=forms, clock=clock)
    try:
        assert note_forms_changes(context) == ["settings_changed", "forms_changed"]
        assert note_forms_changes(context) == []
        settings = forms / "settings.toml"
        settings.write_text(settings.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
        assert note_forms_changes(context) == ["settings_changed"]
        actions = [e.action for e in AuditLog(context.db, clock).entries()]
        assert actions == ["settings_changed", "forms_changed", "settings_changed"]
    finally:
        context.close()


def test_settings_that_cannot_be_audited_do_not_stop_the_kiosk(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A database that refuses writes at start: the change is logged as not audited, not raised."""
    context = open_context(data_dir, clock=FakeClock())
    try:
        context.db.execute("PRAGMA query_only = ON")
        with caplog.at_level(logging.WARNING, logger="kiosk.ui"):
            assert note_forms_changes(context) == []
        assert "not audited" in caplog.text
    finally:
        context.close()
