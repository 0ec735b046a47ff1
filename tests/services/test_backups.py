"""BackupService and restore: the ``backup`` act with its intakes (``daily`` for the kiosk's own),
the automatic backup that never stops the kiosk, and ``restore`` starting a new audit anchor."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.core.audit import AuditAction, AuditEntry
from kiosk.core.clock import FakeClock
from kiosk.services.backups import KIOSK, BackupService, restore
from kiosk.services.context import KioskContext, open_context
from kiosk.services.demo.day import make_demo
from kiosk.storage.audit import AuditLog
from kiosk.storage.audit_anchor import anchor_place, read_anchor
from kiosk.storage.backup import check_backup, daily_name
from tests.helpers.audit import refuse_audit

DAY = date(2026, 11, 21)  # the FakeClock's day
BY = "Ada Admin"


@pytest.fixture
def kiosk(kiosk: KioskContext) -> KioskContext:
    """A kiosk with three demo intakes, always closed."""
    make_demo(kiosk, 3, DAY, seed=1)
    return kiosk


def with_backup(context: KioskContext, **settings: object) -> None:
    """The context's ``[backup]`` settings changed as a clinic would in settings.toml."""
    backup = replace(context.forms.settings.backup, **settings)
    context.forms = replace(context.forms, settings=replace(context.forms.settings, backup=backup))


def backups(context: KioskContext) -> list[AuditEntry]:
    """Every ``backup`` entry, oldest first."""
    return AuditLog(context.db, context.clock).entries(action=AuditAction.BACKUP)


def test_backup_to_copies_and_audits_the_intakes(kiosk: KioskContext, tmp_path: Path) -> None:
    """backup_to: a checked copy holding the intakes, and one ``backup`` entry by the person
    naming the file and its intakes (no ``daily``)."""
    target = tmp_path / "usb" / "copy.db"
    assert BackupService(kiosk).backup_to(target, by=BY) == 3
    assert check_backup(target, kiosk.key) == 3
    [entry] = backups(kiosk)
    assert (entry.actor, entry.subject) == (BY, str(target.resolve()))
    assert json.loads(entry.detail) == {"intakes": 3}


def test_daily_takes_one_backup_a_day_and_audits_it_as_daily(
    kiosk: KioskContext, tmp_path: Path
) -> None:
    """daily: today's file in the backup folder with a ``backup`` entry marked ``daily``; asked
    again the same day, None and no second entry."""
    folder = tmp_path / "backups"
    with_backup(kiosk, folder=str(folder))
    service = BackupService(kiosk)
    assert service.folder() == folder
    assert service.today_name() == daily_name(DAY)
    assert service.daily(by=KIOSK) == (folder / daily_name(DAY), 3)
    assert service.daily(by=KIOSK) is None
    [entry] = backups(kiosk)
    assert (entry.actor, entry.subject) == (KIOSK, str((folder / daily_name(DAY)).resolve()))
    assert json.loads(entry.detail) == {"intakes": 3, "daily": True}


def test_daily_keeps_only_as_many_as_the_settings_say(
    kiosk: KioskContext, clock: FakeClock
) -> None:
    """With ``keep = 2``, the third day's backup deletes the first day's."""
    with_backup(kiosk, keep=2)
    service = BackupService(kiosk)
    for _ in range(3):
        assert service.daily(by=KIOSK) is not None
        clock.advance(24 * 3600)
    names = sorted(p.name for p in service.folder().iterdir())
    assert names == [daily_name(DAY + timedelta(days=1)), daily_name(DAY + timedelta(days=2))]
    assert len(backups(kiosk)) == 3


def test_automatic_only_when_the_settings_ask(kiosk: KioskContext) -> None:
    """``daily = 0``: no backup, no entry; ``daily = 1``: today's, by the kiosk."""
    service = BackupService(kiosk)
    with_backup(kiosk, daily=0)
    assert service.automatic() is None
    assert not service.folder().exists() and backups(kiosk) == []
    with_backup(kiosk, daily=1)
    assert service.automatic() == service.folder() / daily_name(DAY)
    assert [e.actor for e in backups(kiosk)] == [KIOSK]


def test_automatic_into_a_folder_that_cannot_be_written_logs_and_carries_on(
    kiosk: KioskContext, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The backup folder lies under a regular file: a warning in the log, None, no entry."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with_backup(kiosk, folder=str(blocker / "backups"))
    with caplog.at_level(logging.WARNING, logger="kiosk.services"):
        assert BackupService(kiosk).automatic() is None
    assert any("daily backup failed" in r.getMessage() for r in caplog.records)
    assert backups(kiosk) == []


def test_automatic_the_audit_log_refuses_logs_and_carries_on(
    kiosk: KioskContext, caplog: pytest.LogCaptureFixture
) -> None:
    """The ``backup`` entry cannot be written (a trigger raising ABORT): the backup is kept
    and returned, a warning says it is not audited and names the refusal, no entry."""
    refuse_audit(kiosk.db)
    with caplog.at_level(logging.WARNING, logger="kiosk.services"):
        made = BackupService(kiosk).automatic()
    assert made is not None and made.is_file()
    assert any(
        "not audited" in r.getMessage() and "the audit log refuses" in r.getMessage()
        for r in caplog.records
    )
    kiosk.db.execute("DROP TRIGGER temp.refuse_audit")
    assert backups(kiosk) == []


def test_automatic_does_not_hide_a_bug(
    kiosk: KioskContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only storage faults are swallowed: a programming error still raises."""

    def broken(self: BackupService) -> None:
        raise TypeError("a bug")

    monkeypatch.setattr(BackupService, "_take_daily", broken)
    with pytest.raises(TypeError):
        BackupService(kiosk).automatic()


def test_restore_puts_the_backup_back_keeps_the_replaced_file_and_starts_a_new_anchor(
    data_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    """restore: the backup's intakes are back, the replaced database is kept (with the intakes
    made after the backup), and ``restore`` (with its reason) is the first entry of a new
    anchor, so the shorter, older log checks clean."""
    source = tmp_path / "usb" / "copy.db"
    context = open_context(data_dir, clock=clock)
    try:
        make_demo(context, 3, DAY, seed=1)
        BackupService(context).backup_to(source, by=BY)
        make_demo(context, 2, DAY, seed=2)  # work done after the backup
    finally:
        context.close()

    restored = restore(source, data_dir, forms_folder=None, by=BY, reason="a bad morning")
    assert restored.intakes == 3
    assert restored.kept is not None and restored.kept.parent == data_dir / "replaced"
    assert check_backup(restored.kept) == 5

    context = open_context(data_dir, clock=clock)
    try:
        log = AuditLog(context.db, context.clock)
        entries = log.entries()
        last = entries[-1]
        assert (last.action, last.actor, last.subject) == ("restore", BY, str(source.resolve()))
        assert json.loads(last.detail) == {
            "intakes": 3,
            "replaced": str(restored.kept),
            "reason": "a bad morning",
        }
        place = anchor_place(context.db).path
        assert place is not None
        anchor = read_anchor(place)
        assert anchor is not None
        assert (anchor.entries, anchor.head_hash) == (last.id, last.hash)
        assert anchor.first_hash == entries[0].hash
        assert log.check().problem is None
    finally:
        context.close()
