"""What the running kiosk does by itself: today's automatic backup."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kiosk.context import open_context
from kiosk.core.clock import FakeClock
from kiosk.core.forms.settings import BackupSettings
from kiosk.storage.audit import AuditLog
from kiosk.ui.app import take_daily_backup


def test_the_kiosk_takes_one_backup_a_day(data_dir: Path) -> None:
    """The first look of a day makes kiosk-YYYY-MM-DD.db and audits it; a second look does nothing."""
    clock = FakeClock()
    context = open_context(data_dir, clock=clock)
    try:
        made = take_daily_backup(context)
        assert made == data_dir / "backups" / "kiosk-2026-11-21.db"
        assert made.is_file()
        assert take_daily_backup(context) is None
        clock.advance(24 * 3600)
        assert take_daily_backup(context) == data_dir / "backups" / "kiosk-2026-11-22.db"
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
        assert take_daily_backup(context) is None
    finally:
        context.close()
