"""StaffService: each act stores its change and exactly one audit entry, in one transaction; the
last active admin is kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from kiosk.core import pins
from kiosk.core.clock import FakeClock
from kiosk.core.forms import FormsBundle
from kiosk.core.staff import Reason, Role, StaffError
from kiosk.services.context import KioskContext
from kiosk.services.staff import LastAdminError, StaffService
from kiosk.storage.errors import StorageFault
from tests.helpers.audit import audit_rows, refuse_audit

PIN = "482915"
NEW_PIN = "739164"
WRONG_PIN = "605193"
CHEAP = 2**4
BY = "Ada Admin"


@pytest.fixture
def context(db: Database, forms: FormsBundle, clock: FakeClock, tmp_path: Path) -> KioskContext:
    """A kiosk context on the in-memory database (closed by the ``db`` fixture)."""
    return KioskContext(tmp_path / "data", forms, db, clock)


@pytest.fixture
def staff(context: KioskContext) -> StaffService:
    """The staff service, hashing PINs cheaply."""
    return StaffService(context, cost=CHEAP)


def staff_rows(db: Database) -> list[dict[str, Any]]:
    """Every stored staff row, as the table holds it."""
    return list(db.query("SELECT * FROM staff ORDER BY id"))


def new_entry(db: Database, before: int) -> dict[str, Any]:
    """The one audit row written since there were ``before``; fails unless exactly one."""
    rows = audit_rows(db)
    assert len(rows) == before + 1, rows[before:]
    return rows[-1]


def assert_no_secret(db: Database, entry: dict[str, Any], *pins_given: str) -> None:
    """Neither a PIN nor any stored PIN hash (nor a piece of one) is in the entry."""
    text = " ".join(str(entry[key]) for key in ("actor", "action", "subject", "detail"))
    secrets = [*pins_given, "scrypt"]
    for row in staff_rows(db):
        secrets.extend(str(row["pin_hash"]).split("$")[2:])
    for secret in secrets:
        assert secret not in text


def test_add_stores_the_member_and_one_staff_add_entry(staff: StaffService, db: Database) -> None:
    """``add``: an enabled member whose PIN verifies, and one ``staff_add`` entry by ``by`` naming
    them and their role; no PIN or hash in it."""
    member = staff.add("Nora  Nurse", Role.NURSE, PIN, by=BY)
    [row] = staff_rows(db)
    assert (row["id"], row["name"], row["role"], row["disabled"]) == (
        member.id,
        "Nora Nurse",
        "nurse",
        0,
    )
    assert pins.verify_pin(PIN, row["pin_hash"])
    entry = new_entry(db, 0)
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        BY,
        "staff_add",
        f"staff {member.id}",
    )
    assert json.loads(entry["detail"]) == {"name": "Nora Nurse", "role": "nurse"}
    assert_no_secret(db, entry, PIN)


def test_disable_and_enable_store_the_switch_with_their_entries(
    staff: StaffService, db: Database
) -> None:
    """``disable`` then ``enable``: the stored flag follows, each with one entry
    (``staff_disable``, ``staff_enable``) by ``by``."""
    nurse = staff.add("Nora Nurse", Role.NURSE, PIN, by=BY)
    before = len(audit_rows(db))
    assert staff.disable(nurse.id, by=BY).disabled
    assert staff_rows(db)[0]["disabled"] == 1
    entry = new_entry(db, before)
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        BY,
        "staff_disable",
        f"staff {nurse.id}",
    )
    assert not staff.enable(nurse.id, by="command line").disabled
    assert staff_rows(db)[0]["disabled"] == 0
    entry = new_entry(db, before + 1)
    assert (entry["actor"], entry["action"]) == ("command line", "staff_enable")
    assert json.loads(entry["detail"]) == {"name": "Nora Nurse", "role": "nurse"}
    assert_no_secret(db, entry, PIN)


def test_set_role_stores_the_role_with_a_staff_role_entry(
    staff: StaffService, db: Database
) -> None:
    """``set_role``: a nurse made an admin; one ``staff_role`` entry by ``by`` with the new role."""
    staff.add("Ada Admin", Role.ADMIN, PIN, by="command line")
    nurse = staff.add("Nora Nurse", Role.NURSE, NEW_PIN, by=BY)
    before = len(audit_rows(db))
    assert staff.set_role(nurse.id, "admin", by=BY).role is Role.ADMIN
    assert staff_rows(db)[1]["role"] == "admin"
    entry = new_entry(db, before)
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        BY,
        "staff_role",
        f"staff {nurse.id}",
    )
    assert json.loads(entry["detail"]) == {"name": "Nora Nurse", "role": "admin"}


def test_set_role_refuses_an_unknown_role_or_member(staff: StaffService, db: Database) -> None:
    """An unknown role or id is a StaffError; nothing is stored or audited."""
    nurse = staff.add("Nora Nurse", Role.NURSE, PIN, by=BY)
    before = (staff_rows(db), audit_rows(db))
    with pytest.raises(StaffError, match="unknown role 'doctor'"):
        staff.set_role(nurse.id, "doctor", by=BY)
    with pytest.raises(StaffError, match="no staff member with id 99"):
        staff.set_role(99, Role.NURSE, by=BY)
    assert (staff_rows(db), audit_rows(db)) == before


def test_reset_pin_stores_the_new_pin_and_lifts_the_lock(
    staff: StaffService, db: Database, clock: FakeClock
) -> None:
    """``reset_pin``: the new PIN verifies, the lock and failed attempts are cleared; one
    ``staff_reset_pin`` entry by ``by`` with neither PIN nor hash in it."""
    nurse = staff.add("Nora Nurse", Role.NURSE, PIN, by=BY)
    for _ in range(5):
        staff.sign_in(nurse.id, WRONG_PIN)
    assert staff_rows(db)[0]["locked_until"] is not None
    before = len(audit_rows(db))
    staff.reset_pin(nurse.id, NEW_PIN, by=BY)
    [row] = staff_rows(db)
    assert pins.verify_pin(NEW_PIN, row["pin_hash"]) and not pins.verify_pin(PIN, row["pin_hash"])
    assert (row["failed_attempts"], row["locked_until"]) == (0, None)
    entry = new_entry(db, before)
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        BY,
        "staff_reset_pin",
        f"staff {nurse.id}",
    )
    assert_no_secret(db, entry, PIN, NEW_PIN, WRONG_PIN)
    assert staff.sign_in(nurse.id, NEW_PIN).ok


def test_sign_in_records_success_and_failure_by_the_member(
    staff: StaffService, db: Database
) -> None:
    """``sign_in``: a wrong PIN counts a failed attempt with one ``sign_in_failed`` entry, the
    right one clears it with one ``sign_in`` entry; the actor is the member, never the PIN."""
    nurse = staff.add("Nora Nurse", Role.NURSE, PIN, by=BY)
    before = len(audit_rows(db))
    assert staff.sign_in(nurse.id, WRONG_PIN).reason is Reason.WRONG_PIN
    assert staff_rows(db)[0]["failed_attempts"] == 1
    entry = new_entry(db, before)
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        "Nora Nurse",
        "sign_in_failed",
        f"staff {nurse.id}",
    )
    assert json.loads(entry["detail"]) == {"reason": "wrong_pin"}
    assert_no_secret(db, entry, PIN, WRONG_PIN)
    assert staff.sign_in(nurse.id, PIN).ok
    assert staff_rows(db)[0]["failed_attempts"] == 0
    entry = new_entry(db, before + 1)
    assert (entry["actor"], entry["action"]) == ("Nora Nurse", "sign_in")
    assert json.loads(entry["detail"]) == {"reason": "ok"}
    assert_no_secret(db, entry, PIN)


def test_sign_in_as_nobody_is_recorded_by_the_id(staff: StaffService, db: Database) -> None:
    """An id with no account: ``sign_in_failed`` by "staff <id>", reason unknown."""
    assert staff.sign_in(42, PIN).reason is Reason.UNKNOWN
    entry = new_entry(db, 0)
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        "staff 42",
        "sign_in_failed",
        "staff 42",
    )
    assert json.loads(entry["detail"]) == {"reason": "unknown"}


ACTS: dict[str, Callable[[StaffService, int], object]] = {
    "add": lambda staff, _: staff.add("Sam Nurse", Role.NURSE, NEW_PIN, by=BY),
    "disable": lambda staff, nurse: staff.disable(nurse, by=BY),
    "enable": lambda staff, nurse: staff.enable(nurse, by=BY),
    "set_role": lambda staff, nurse: staff.set_role(nurse, Role.ADMIN, by=BY),
    "reset_pin": lambda staff, nurse: staff.reset_pin(nurse, NEW_PIN, by=BY),
    "sign_in (wrong PIN)": lambda staff, nurse: staff.sign_in(nurse, WRONG_PIN),
    "sign_in (right PIN)": lambda staff, nurse: staff.sign_in(nurse, PIN),
}


@pytest.mark.parametrize("act", ACTS)
def test_a_refused_audit_entry_leaves_the_change_unstored(
    staff: StaffService, db: Database, act: str
) -> None:
    """When the audit log refuses the entry, the act fails as a StorageFault and its change is
    not stored either: the staff table is exactly as before."""
    staff.add("Ada Admin", Role.ADMIN, PIN, by="command line")
    nurse = staff.add("Nora Nurse", Role.NURSE, PIN, by=BY)
    if act == "enable":
        staff.disable(nurse.id, by=BY)
    if act == "sign_in (right PIN)":
        staff.sign_in(nurse.id, WRONG_PIN)  # a failed attempt the right PIN would clear
    before = (staff_rows(db), audit_rows(db))
    refuse_audit(db)
    with pytest.raises(StorageFault, match="the audit log refuses this entry"):
        ACTS[act](staff, nurse.id)
    assert (staff_rows(db), audit_rows(db)) == before
    assert not db.conn.in_transaction


def test_the_last_active_admin_cannot_be_disabled_or_demoted(
    staff: StaffService, db: Database
) -> None:
    """The only active admin: ``disable`` and ``set_role`` to nurse raise LastAdminError naming
    them, with a message saying what to do; nothing is stored or audited."""
    admin = staff.add("Ada Admin", Role.ADMIN, PIN, by="command line")
    staff.add("Nora Nurse", Role.NURSE, NEW_PIN, by=BY)
    before = (staff_rows(db), audit_rows(db))
    for act in (
        lambda: staff.disable(admin.id, by=BY),
        lambda: staff.set_role(admin.id, Role.NURSE, by=BY),
    ):
        with pytest.raises(LastAdminError) as caught:
            act()
        assert caught.value.name == "Ada Admin"
        assert str(caught.value) == (
            "Ada Admin is the last active admin: add or enable another admin first, so someone"
            " can still manage staff"
        )
        assert isinstance(caught.value, StaffError)
    assert (staff_rows(db), audit_rows(db)) == before


def test_a_second_admin_lets_the_first_go(staff: StaffService, db: Database) -> None:
    """With a second active admin the first can be demoted and disabled; then the second is the
    last and is kept."""
    ada = staff.add("Ada Admin", Role.ADMIN, PIN, by="command line")
    bea = staff.add("Bea Boss", Role.ADMIN, NEW_PIN, by="command line")
    assert staff.set_role(ada.id, Role.NURSE, by=BY).role is Role.NURSE
    staff.set_role(ada.id, Role.ADMIN, by=BY)
    assert staff.disable(ada.id, by=BY).disabled
    assert staff.count(Role.ADMIN) == 1
    with pytest.raises(LastAdminError, match=r"^Bea Boss is the last active admin"):
        staff.disable(bea.id, by=BY)
    with pytest.raises(LastAdminError, match=r"^Bea Boss is the last active admin"):
        staff.set_role(bea.id, Role.NURSE, by=BY)
    actions = [row["action"] for row in audit_rows(db)]
    assert actions[-3:] == ["staff_role", "staff_role", "staff_disable"]


def test_a_disabled_admin_does_not_count(staff: StaffService, db: Database) -> None:
    """A disabled admin is no admin: the one active admin is still the last; enabling the other
    makes the change possible."""
    ada = staff.add("Ada Admin", Role.ADMIN, PIN, by="command line")
    bea = staff.add("Bea Boss", Role.ADMIN, NEW_PIN, by="command line")
    staff.disable(bea.id, by=BY)
    with pytest.raises(LastAdminError, match=r"^Ada Admin "):
        staff.disable(ada.id, by=BY)
    with pytest.raises(LastAdminError, match=r"^Ada Admin "):
        staff.set_role(ada.id, Role.NURSE, by=BY)
    assert staff.set_role(bea.id, Role.NURSE, by=BY).role is Role.NURSE  # disabled: allowed
    staff.set_role(bea.id, Role.ADMIN, by=BY)
    staff.enable(bea.id, by=BY)
    assert staff.disable(ada.id, by=BY).disabled
    assert [(m.name, m.role.value, m.disabled) for m in staff.members(include_disabled=True)] == [
        ("Ada Admin", "admin", True),
        ("Bea Boss", "admin", False),
    ]
