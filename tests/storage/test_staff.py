"""Staff accounts: add, list, get, sign-in with a stored lockout, disable, enable, PIN reset."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.core.clock import FakeClock
from kiosk.core.forms.settings import StaffSettings
from kiosk.core.staff import PinPolicyError, Reason, Role, SignIn, StaffError, StaffMember
from kiosk.storage.db import open_database
from kiosk.storage.staff import StaffRepository

CHEAP = 2**10
PIN = "482915"
WRONG = "739104"
SETTINGS = StaffSettings()  # 5 attempts, 5 minutes


@pytest.fixture
def staff(db: Database, clock: FakeClock) -> StaffRepository:
    """A staff repository with cheap hashing on the in-memory database."""
    return StaffRepository(db, clock, SETTINGS, cost=CHEAP)


@pytest.fixture
def nurse(staff: StaffRepository) -> StaffMember:
    """One nurse whose PIN is PIN."""
    return staff.add("Nora Nurse", Role.NURSE, PIN)



def attempt(staff: StaffRepository, staff_id: int, pin: str) -> SignIn:
    """One sign-in attempt as storage keeps it: the PIN checked, then the outcome stored."""
    return staff.settle(staff.verify(staff_id, pin))

def _row(db: Database, staff_id: int) -> dict[str, object]:
    return next(iter(db.query("SELECT * FROM staff WHERE id = ?", [staff_id])))


def _fail(staff: StaffRepository, staff_id: int, times: int) -> None:
    for _ in range(times):
        assert not attempt(staff, staff_id, WRONG).ok


def test_add_list_get(staff: StaffRepository) -> None:
    """Added members come back by id and in the list, sorted by name, with their role."""
    zoe = staff.add("Zoe Admin", Role.ADMIN, "739104")
    ann = staff.add("  Ann   Lee ", "nurse", PIN)
    assert ann == StaffMember(id=ann.id, name="Ann Lee", role=Role.NURSE, disabled=False)
    assert staff.get(zoe.id) == zoe
    assert staff.get(999) is None
    assert staff.members() == [ann, zoe]
    assert staff.count() == 2
    assert staff.count(Role.ADMIN) == 1
    assert staff.count("nurse") == 1


def test_pin_is_stored_hashed(db: Database, nurse: StaffMember) -> None:
    """The row holds an scrypt hash, not the PIN; a new member starts unlocked with no failures."""
    row = _row(db, nurse.id)
    assert str(row["pin_hash"]).startswith("scrypt$n=1024,r=8,p=1$")
    assert PIN not in str(row["pin_hash"])
    assert row["failed_attempts"] == 0
    assert row["locked_until"] is None
    assert row["created_at"] == "2026-11-21T15:00:00+00:00"


def test_duplicate_name_is_refused(staff: StaffRepository, nurse: StaffMember) -> None:
    """A name already in use (in any letter case) is a StaffError; nothing is added."""
    with pytest.raises(StaffError, match="already"):
        staff.add("Nora Nurse", Role.ADMIN, "739104")
    with pytest.raises(StaffError, match="already"):
        staff.add("nora nurse", Role.ADMIN, "739104")
    assert staff.members() == [nurse]


@pytest.mark.parametrize(
    ("name", "message"), [("   ", "empty"), ("x" * 61, "longer"), ("Ann\x00Lee", "characters")]
)
def test_bad_names_are_refused(staff: StaffRepository, name: str, message: str) -> None:
    """Empty, over-long and unprintable names are refused."""
    with pytest.raises(StaffError, match=message):
        staff.add(name, Role.NURSE, PIN)


def test_unknown_role_is_refused(staff: StaffRepository) -> None:
    """Only nurse and admin exist."""
    with pytest.raises(StaffError, match="unknown role"):
        staff.add("Ann Lee", "doctor", PIN)


@pytest.mark.parametrize(
    ("pin", "code"),
    [("12345", "too_short"), ("12a456", "not_digits"), ("1" * 13, "too_long"),
     ("123456", "common"), ("373737", "repeated"), ("234567", "sequential")],
)  # fmt: skip
def test_add_enforces_the_policy(staff: StaffRepository, pin: str, code: str) -> None:
    """A weak PIN is a PinPolicyError carrying the rule's code; nothing is added."""
    with pytest.raises(PinPolicyError) as caught:
        staff.add("Ann Lee", Role.NURSE, pin)
    assert caught.value.code == code
    assert pin not in str(caught.value)
    assert staff.count(include_disabled=True) == 0


def test_right_pin_signs_in(staff: StaffRepository, nurse: StaffMember) -> None:
    """The right PIN answers ok with the member and every attempt left."""
    result = attempt(staff, nurse.id, PIN)
    assert result.ok
    assert result.reason == Reason.OK
    assert result.reason.value == "ok"
    assert result.member == nurse
    assert result.locked_until is None
    assert result.attempts_left == 5


def test_wrong_pin_counts(db: Database, staff: StaffRepository, nurse: StaffMember) -> None:
    """Each wrong PIN is counted in the database and the attempts left go down."""
    for left in (4, 3, 2):
        result = attempt(staff, nurse.id, WRONG)
        assert not result.ok
        assert result.member is None
        assert result.reason == Reason.WRONG_PIN
        assert result.attempts_left == left
        assert result.locked_until is None
    assert _row(db, nurse.id)["failed_attempts"] == 3


def test_five_wrong_lock_for_five_minutes(
    db: Database, staff: StaffRepository, nurse: StaffMember, clock: FakeClock
) -> None:
    """The fifth wrong PIN in a row locks for five minutes: 4m59s later still locked, 5m01s not."""
    start = clock.now()
    _fail(staff, nurse.id, 4)
    fifth = attempt(staff, nurse.id, WRONG)
    assert fifth.reason == Reason.LOCKED
    assert fifth.locked_until == start + timedelta(minutes=5)
    assert fifth.attempts_left == 0
    row = _row(db, nurse.id)
    assert row["failed_attempts"] == 0  # the counter starts again after the lock
    assert row["locked_until"] == "2026-11-21T15:05:00+00:00"
    clock.advance(4 * 60 + 59)
    assert attempt(staff, nurse.id, PIN).reason == Reason.LOCKED
    clock.advance(2)
    result = attempt(staff, nurse.id, PIN)
    assert result.ok
    assert _row(db, nurse.id)["locked_until"] is None


def test_right_pin_during_lockout_fails_without_counting(
    db: Database, staff: StaffRepository, nurse: StaffMember, clock: FakeClock
) -> None:
    """While locked even the right PIN is refused as locked, and nothing is counted or extended."""
    _fail(staff, nurse.id, 5)
    clock.advance(60)
    for pin in (PIN, WRONG):
        result = attempt(staff, nurse.id, pin)
        assert not result.ok
        assert result.member is None
        assert result.reason == Reason.LOCKED
        assert result.locked_until is not None
        assert result.locked_until.isoformat() == "2026-11-21T15:05:00+00:00"
    assert _row(db, nurse.id)["failed_attempts"] == 0
    assert _row(db, nurse.id)["locked_until"] == "2026-11-21T15:05:00+00:00"


def test_after_a_lock_expires_there_are_five_fresh_attempts(
    staff: StaffRepository, nurse: StaffMember, clock: FakeClock
) -> None:
    """Once the lock has run out the count starts from zero, and five more wrong PINs lock again."""
    _fail(staff, nurse.id, 5)
    clock.advance(5 * 60)
    assert attempt(staff, nurse.id, WRONG).attempts_left == 4
    _fail(staff, nurse.id, 3)
    again = attempt(staff, nurse.id, WRONG)
    assert again.reason == Reason.LOCKED
    assert again.locked_until == clock.now() + timedelta(minutes=5)


def test_counter_and_lock_survive_a_restart(tmp_path: Path, clock: FakeClock) -> None:
    """Failures and the lock are committed: a new connection and repository still see them."""
    path = tmp_path / "kiosk.db"
    db = open_database(path)
    try:
        staff = StaffRepository(db, clock, SETTINGS, cost=CHEAP)
        member = staff.add("Nora Nurse", Role.NURSE, PIN)
        _fail(staff, member.id, 3)
    finally:
        db.close()
    db = open_database(path)
    try:
        staff = StaffRepository(db, clock, SETTINGS, cost=CHEAP)
        assert attempt(staff, member.id, WRONG).attempts_left == 1  # three were remembered
        assert attempt(staff, member.id, WRONG).reason == Reason.LOCKED
    finally:
        db.close()
    db = open_database(path)
    try:
        staff = StaffRepository(db, clock, SETTINGS, cost=CHEAP)
        result = attempt(staff, member.id, PIN)
        assert result.reason == Reason.LOCKED
        clock.advance(5 * 60 + 1)
        assert attempt(staff, member.id, PIN).ok
    finally:
        db.close()


def test_right_pin_resets_the_counter(
    db: Database, staff: StaffRepository, nurse: StaffMember
) -> None:
    """A right PIN after four wrong ones clears the count: four more wrong ones do not lock."""
    _fail(staff, nurse.id, 4)
    assert attempt(staff, nurse.id, PIN).ok
    assert _row(db, nurse.id)["failed_attempts"] == 0
    _fail(staff, nurse.id, 4)
    assert attempt(staff, nurse.id, PIN).ok


def test_settings_change_attempts_and_minutes(db: Database, clock: FakeClock) -> None:
    """The clinic's pin_attempts and lockout_minutes are the ones applied."""
    staff = StaffRepository(
        db, clock, StaffSettings(pin_attempts=2, lockout_minutes=15), cost=CHEAP
    )
    member = staff.add("Nora Nurse", Role.NURSE, PIN)
    assert attempt(staff, member.id, WRONG).attempts_left == 1
    locked = attempt(staff, member.id, WRONG)
    assert locked.reason == Reason.LOCKED
    assert locked.locked_until == clock.now() + timedelta(minutes=15)


def test_disabled_cannot_sign_in(db: Database, staff: StaffRepository, nurse: StaffMember) -> None:
    """A disabled member is refused as disabled (PIN not counted); enabled again, they sign in."""
    assert staff.disable(nurse.id).disabled
    result = attempt(staff, nurse.id, PIN)
    assert (result.ok, result.reason, result.member) == (False, Reason.DISABLED, None)
    assert attempt(staff, nurse.id, WRONG).reason == Reason.DISABLED
    assert _row(db, nurse.id)["failed_attempts"] == 0
    assert staff.members() == []
    assert staff.members(include_disabled=True) == [staff.get(nurse.id)]
    assert staff.count() == 0
    assert staff.count(include_disabled=True) == 1
    assert not staff.enable(nurse.id).disabled
    assert attempt(staff, nurse.id, PIN).ok


def test_unknown_member(staff: StaffRepository) -> None:
    """Signing in, disabling, enabling or resetting an unknown id is refused plainly."""
    assert attempt(staff, 42, PIN).reason == Reason.UNKNOWN
    for change in (staff.disable, staff.enable):
        with pytest.raises(StaffError, match="no staff member with id 42"):
            change(42)
    with pytest.raises(StaffError, match="no staff member with id 42"):
        staff.reset_pin(42, PIN)


def test_reset_pin_clears_the_lock(
    db: Database, staff: StaffRepository, nurse: StaffMember
) -> None:
    """A new PIN lifts the lock at once; the old PIN no longer works."""
    _fail(staff, nurse.id, 5)
    assert attempt(staff, nurse.id, PIN).reason == Reason.LOCKED
    staff.reset_pin(nurse.id, "739105")
    row = _row(db, nurse.id)
    assert (row["failed_attempts"], row["locked_until"]) == (0, None)
    assert attempt(staff, nurse.id, PIN).reason == Reason.WRONG_PIN
    assert attempt(staff, nurse.id, "739105").ok


def test_reset_pin_enforces_the_policy(
    db: Database, staff: StaffRepository, nurse: StaffMember
) -> None:
    """A weak new PIN is refused and the old hash stays."""
    before = _row(db, nurse.id)["pin_hash"]
    with pytest.raises(PinPolicyError) as caught:
        staff.reset_pin(nurse.id, "987654")
    assert caught.value.code == "sequential"
    assert _row(db, nurse.id)["pin_hash"] == before


def test_weaker_hash_is_upgraded_on_sign_in(
    db: Database, clock: FakeClock, nurse: StaffMember
) -> None:
    """A hash made at a lower cost than the repository's is replaced after a right PIN."""
    stronger = StaffRepository(db, clock, SETTINGS, cost=2**11)
    assert attempt(stronger, nurse.id, PIN).ok
    assert str(_row(db, nurse.id)["pin_hash"]).startswith("scrypt$n=2048,")
    assert attempt(stronger, nurse.id, PIN).ok
