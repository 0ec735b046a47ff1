"""AuditService: reading the audit log by day, person and action, and its check finding a
changed entry."""

from __future__ import annotations

import pytest

from kiosk.core.audit import AuditAction
from kiosk.core.clock import FakeClock
from kiosk.services.audit import AuditService
from kiosk.services.context import KioskContext

DAY_ONE, DAY_TWO = "2026-11-21", "2026-11-22"  # UTC days of the FakeClock and the next


@pytest.fixture
def kiosk(kiosk: KioskContext, clock: FakeClock) -> KioskContext:
    """A kiosk whose log holds four acts by two people over two UTC days."""
    for actor, action, subject in [
        ("Ada Admin", AuditAction.STAFF_ADD, "Nora Nurse"),
        ("Nora Nurse", AuditAction.SIGN_IN, "Nora Nurse"),
        ("Nora Nurse", AuditAction.VIEW_INTAKE, "intake 1"),
        ("Ada Admin", AuditAction.EXPORT, "/tmp/x.csv"),
    ]:
        if action is AuditAction.VIEW_INTAKE:
            clock.advance(24 * 3600)  # the last two on the next day
        with kiosk.act() as act:
            act.record(actor, action, subject)
    return kiosk


def test_entries_oldest_first_filtered_by_day_actor_and_action(kiosk: KioskContext) -> None:
    """Each filter alone and together; no filter gives every entry, oldest first."""
    service = AuditService(kiosk)
    every = service.entries()
    assert [e.action for e in every] == ["staff_add", "sign_in", "view_intake", "export"]
    assert [e.id for e in every] == sorted(e.id for e in every)
    assert [e.action for e in service.entries(day=DAY_ONE)] == ["staff_add", "sign_in"]
    assert [e.action for e in service.entries(day=DAY_TWO)] == ["view_intake", "export"]
    assert [e.action for e in service.entries(actor="Ada Admin")] == ["staff_add", "export"]
    assert [e.subject for e in service.entries(action="sign_in")] == ["Nora Nurse"]
    assert [e.action for e in service.entries(day=DAY_TWO, actor="Nora Nurse")] == ["view_intake"]
    assert service.entries(day=DAY_ONE, action="export") == []
    assert service.entries(actor="Nobody") == []


def test_check_of_an_untouched_log_finds_nothing(kiosk: KioskContext) -> None:
    """Every entry counted, no problem, and the anchor beside the data folder is read."""
    found = AuditService(kiosk).check()
    assert found.entries == 4 and found.problem is None
    assert found.anchor is not None and found.anchor.entries == 4


def test_check_finds_a_changed_entry(kiosk: KioskContext) -> None:
    """Someone with the file drops the append-only trigger and edits entry 2: check names it."""
    kiosk.db.execute("DROP TRIGGER IF EXISTS audit_no_update")
    kiosk.db.execute("UPDATE audit SET actor = 'Someone Else' WHERE id = 2")
    found = AuditService(kiosk).check()
    assert found.problem is not None
    assert found.problem[0] == 2 and "changed" in found.problem[1]
