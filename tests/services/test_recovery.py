"""kiosk.services.recovery: the latest good backup, an admin's PIN checked against it, and the
``restore`` act that hands the sign-in attempts over (the recovery screen around them is in
tests/reliability/test_recovery.py)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from kiosk.core.clock import FakeClock
from kiosk.core.forms import load_forms, shipped_forms_dir
from kiosk.core.staff import Reason, Role
from kiosk.services.context import open_context
from kiosk.services.demo.day import make_demo
from kiosk.services.recovery import BackupSignIn, latest_backup, restore_backup
from kiosk.storage.audit import AuditLog
from kiosk.storage.backup import backup_to, daily_name
from kiosk.storage.db import database_path, open_database
from kiosk.storage.staff import StaffRepository
from tests.helpers.faults import checkpoint, damage_header, damage_middle_page

pytestmark = pytest.mark.usefixtures("cheap_pins")

ADMIN_PIN = "739164"
NURSE_PIN = "482915"
DAY = date(2026, 11, 21)


@dataclass
class Clinic:
    """A data folder with an admin, a nurse, three intakes in yesterday's backup and two after."""

    data_dir: Path
    backup: Path
    admin_id: int
    nurse_id: int


@pytest.fixture
def clinic(data_dir: Path, clock: FakeClock) -> Clinic:
    """The clinic, closed, its database file then damaged."""
    context = open_context(data_dir, clock=clock)
    try:
        staff = StaffRepository(context.db, clock, context.forms.settings.staff, cost=2**10)
        admin = staff.add("Ada Admin", Role.ADMIN, ADMIN_PIN)
        nurse = staff.add("Nora Nurse", Role.NURSE, NURSE_PIN)
        make_demo(context, 3, DAY, seed=1)
        backup = backup_to(context.db, data_dir / "backups" / daily_name(DAY))
        make_demo(context, 2, DAY, seed=2)
    finally:
        context.close()
    checkpoint(database_path(data_dir))
    damage_header(database_path(data_dir))
    return Clinic(data_dir, backup, admin.id, nurse.id)


@pytest.fixture
def signing(clinic: Clinic, clock: FakeClock) -> Iterator[BackupSignIn]:
    """Sign-in against the clinic's backup, always closed."""
    settings = load_forms(shipped_forms_dir()).settings.staff
    sign_in = BackupSignIn(clinic.backup, clock, settings)
    try:
        yield sign_in
    finally:
        sign_in.close()


def test_latest_backup_skips_a_damaged_newer_backup(clinic: Clinic) -> None:
    """The newest file is damaged: the older good one is found, with its intakes."""
    newer = clinic.backup.with_name(daily_name(date(2026, 11, 22)))
    newer.write_bytes(clinic.backup.read_bytes())
    damage_middle_page(newer)
    stamp = clinic.backup.stat().st_mtime
    os.utime(newer, (stamp + 3600, stamp + 3600))
    found = latest_backup(clinic.backup.parent)
    assert found is not None
    assert (found.path, found.intakes) == (clinic.backup, 3)
    assert found.taken.timestamp() == pytest.approx(stamp)


def test_latest_backup_of_no_folder_or_no_good_file_is_none(clinic: Clinic, tmp_path: Path) -> None:
    """No folder, or only damaged files: None (nothing to offer)."""
    assert latest_backup(tmp_path / "nowhere") is None
    damage_header(clinic.backup)
    assert latest_backup(clinic.backup.parent) is None


def test_backup_sign_in_offers_admins_and_counts_wrong_pins(
    signing: BackupSignIn, clinic: Clinic
) -> None:
    """Only admins are offered; a wrong PIN counts down; the admin's right PIN signs in;
    attempts() has exactly these two, oldest first."""
    assert [m.name for m in signing.admins()] == ["Ada Admin"]
    wrong = signing.sign_in(clinic.admin_id, "111999")
    assert not wrong.ok and wrong.reason is Reason.WRONG_PIN
    again = signing.sign_in(clinic.admin_id, "111998")
    assert again.attempts_left == wrong.attempts_left - 1
    right = signing.sign_in(clinic.admin_id, ADMIN_PIN)
    assert right.ok and right.member is not None and right.member.name == "Ada Admin"
    assert [(e.actor, e.action) for e in signing.attempts()] == [
        ("Ada Admin", "sign_in_failed"),
        ("Ada Admin", "sign_in_failed"),
        ("Ada Admin", "sign_in"),
    ]


def test_backup_sign_in_refuses_a_nurse_with_her_right_pin(
    signing: BackupSignIn, clinic: Clinic
) -> None:
    """Only an admin may restore: a nurse's right PIN gives no member, and the attempt handed
    over to the restored log is a failed sign-in ("not_admin"), never a sign-in."""
    nurse = signing.sign_in(clinic.nurse_id, NURSE_PIN)
    assert not nurse.ok and nurse.member is None and nurse.reason is Reason.UNKNOWN
    (attempt,) = signing.attempts()
    assert (attempt.actor, attempt.action) == ("Nora Nurse", "sign_in_failed")
    assert json.loads(attempt.detail) == {"reason": "not_admin"}


def test_backup_sign_in_never_writes_the_backup(signing: BackupSignIn, clinic: Clinic) -> None:
    """The attempts live in a private copy: the backup file's bytes are unchanged."""
    before = clinic.backup.read_bytes()
    signing.sign_in(clinic.admin_id, "111999")
    assert clinic.backup.read_bytes() == before


def test_restore_backup_hands_the_attempts_over_and_writes_restore(
    signing: BackupSignIn, clinic: Clinic, clock: FakeClock
) -> None:
    """The damaged database is kept aside; the restored one gets the attempts (marked as made
    during recovery) then ``restore`` by the admin, and its log checks clean under a new anchor."""
    signing.sign_in(clinic.admin_id, "111999")
    signing.sign_in(clinic.admin_id, ADMIN_PIN)
    found = latest_backup(clinic.backup.parent)
    assert found is not None
    damaged = database_path(clinic.data_dir).read_bytes()
    kept = restore_backup(
        found, clinic.data_dir, clock=clock, actor="Ada Admin", attempts=signing.attempts()
    )
    assert kept is not None and kept.read_bytes() == damaged
    db = open_database(database_path(clinic.data_dir))
    try:
        assert db.execute("SELECT count(*) FROM intakes").fetchone()[0] == 3
        log = AuditLog(db, clock)
        *_, failed, signed, restored = log.entries()
        assert [failed.action, signed.action, restored.action] == [
            "sign_in_failed",
            "sign_in",
            "restore",
        ]
        assert json.loads(failed.detail)["during"] == "recovery"
        assert (restored.actor, restored.subject) == ("Ada Admin", str(found.path.resolve()))
        assert json.loads(restored.detail) == {
            "intakes": 3,
            "replaced": str(kept),
            "reason": "damaged database",
        }
        assert log.check().problem is None
    finally:
        db.close()
