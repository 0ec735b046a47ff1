"""Staff accounts: adding, listing, enabling, PIN changes and sign-in with a lasting lockout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from kiosk.core import pins
from kiosk.core.clock import Clock, utc_iso
from kiosk.core.forms.settings import StaffSettings
from kiosk.core.staff import (
    PinPolicyError,
    Reason,
    Role,
    SignIn,
    StaffError,
    StaffMember,
    clean_name,
    parse_role,
)
from kiosk.storage import engine
from kiosk.storage.faults import boundary_class

__all__ = ["PinVerdict", "StaffRepository"]


@dataclass(frozen=True)
class PinVerdict:
    """What ``StaffRepository.verify`` found: an outcome already (unknown, disabled, locked), or
    whether the PIN was right (and a stronger hash to store)."""

    staff_id: int
    outcome: SignIn | None
    member: StaffMember | None = None
    right: bool = False
    new_hash: str | None = None


def _member(row: dict[str, Any]) -> StaffMember:
    return StaffMember(
        id=int(row["id"]), name=row["name"], role=Role(row["role"]), disabled=bool(row["disabled"])
    )


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _check_pin(pin: str) -> None:
    problem = pins.pin_problem(pin)
    if problem is not None:
        raise PinPolicyError(problem)


@boundary_class
class StaffRepository:
    """Staff accounts on the database; every write is one transaction.

    Failed attempts and the lock are stored, so a restart neither forgets nor lifts them.
    """

    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: StaffSettings,
        *,
        cost: int | None = None,
    ) -> None:
        self.db = db
        self._clock = clock
        self._settings = settings
        self._cost = pins.DEFAULT_COST if cost is None else cost  # read now, so tests can lower it

    @property
    def _attempts(self) -> int:
        return max(1, self._settings.pin_attempts)

    # --- accounts ----------------------------------------------------------------------------

    def hash_new_pin(self, pin: str) -> str:
        """The stored form of a new PIN; PinPolicyError when the policy refuses it. Slow: call
        it before the transaction that stores it."""
        _check_pin(pin)
        return pins.hash_pin(pin, cost=self._cost)

    def add(self, name: str, role: Role | str, pin: str) -> StaffMember:
        """A new, enabled member; PinPolicyError for a weak PIN, StaffError for a taken name."""
        name = clean_name(name)
        parse_role(role)
        self.check_name_free(name)
        return self.insert(name, role, self.hash_new_pin(pin))

    def insert(self, name: str, role: Role | str, pin_hash: str) -> StaffMember:
        """Store a new, enabled member with a PIN hashed by ``hash_new_pin``; StaffError for an
        empty, odd or taken name."""
        name = clean_name(name)
        role = parse_role(role)
        now = utc_iso(self._clock.now())
        try:
            with self.db.atomic():
                self.check_name_free(name)
                cursor = self.db.execute(
                    "INSERT INTO staff (name, role, pin_hash, disabled, failed_attempts,"
                    " locked_until, created_at, updated_at) VALUES (?, ?, ?, 0, 0, NULL, ?, ?)",
                    [name, role.value, pin_hash, now, now],
                )
                staff_id = cursor.lastrowid
        except engine.IntegrityError:
            raise StaffError(f"there is already a staff member called {name!r}") from None
        assert staff_id is not None
        return StaffMember(id=int(staff_id), name=name, role=role, disabled=False)

    def check_name_free(self, name: str) -> None:
        """StaffError when another member (any case) has this name."""
        if self._one("SELECT id FROM staff WHERE name = ? COLLATE NOCASE", [name]) is not None:
            raise StaffError(f"there is already a staff member called {name!r}")

    def members(self, include_disabled: bool = False) -> list[StaffMember]:
        """Members sorted by name; disabled ones only when asked."""
        where = "" if include_disabled else " WHERE disabled = 0"
        rows = self._all(
            f"SELECT id, name, role, disabled FROM staff{where} ORDER BY name COLLATE NOCASE, id",  # noqa: S608
            [],
        )
        return [_member(row) for row in rows]

    def get(self, staff_id: int) -> StaffMember | None:
        """One member, disabled or not; None when there is no such id."""
        row = self._one("SELECT id, name, role, disabled FROM staff WHERE id = ?", [staff_id])
        return None if row is None else _member(row)

    def count(self, role: Role | str | None = None, *, include_disabled: bool = False) -> int:
        """How many members (enabled ones unless asked), of one role or all."""
        clauses: list[str] = [] if include_disabled else ["disabled = 0"]
        params: list[Any] = []
        if role is not None:
            clauses.append("role = ?")
            params.append(parse_role(role).value)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        row = self._one(f"SELECT count(*) AS n FROM staff{where}", params)  # noqa: S608
        return int(row["n"]) if row is not None else 0

    def disable(self, staff_id: int) -> StaffMember:
        """The member can no longer sign in (their records keep their name)."""
        return self._set_disabled(staff_id, disabled=True)

    def enable(self, staff_id: int) -> StaffMember:
        """The member can sign in again."""
        return self._set_disabled(staff_id, disabled=False)

    def _set_disabled(self, staff_id: int, *, disabled: bool) -> StaffMember:
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE staff SET disabled = ?, updated_at = ? WHERE id = ?",
                [int(disabled), utc_iso(self._clock.now()), staff_id],
            )
            if cursor.rowcount != 1:
                raise StaffError(f"there is no staff member with id {staff_id}")
        member = self.get(staff_id)
        assert member is not None
        return member

    def set_role(self, staff_id: int, role: Role | str) -> StaffMember:
        """Make the member a nurse or an admin."""
        role = parse_role(role)
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE staff SET role = ?, updated_at = ? WHERE id = ?",
                [role.value, utc_iso(self._clock.now()), staff_id],
            )
            if cursor.rowcount != 1:
                raise StaffError(f"there is no staff member with id {staff_id}")
        member = self.get(staff_id)
        assert member is not None
        return member

    def reset_pin(self, staff_id: int, new_pin: str) -> StaffMember:
        """A new PIN (the policy applies); failed attempts and any lock are cleared."""
        if self.get(staff_id) is None:
            raise StaffError(f"there is no staff member with id {staff_id}")
        return self.store_pin(staff_id, self.hash_new_pin(new_pin))

    def store_pin(self, staff_id: int, pin_hash: str) -> StaffMember:
        """Store a PIN hashed by ``hash_new_pin``; failed attempts and any lock are cleared."""
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE staff SET pin_hash = ?, failed_attempts = 0, locked_until = NULL,"
                " updated_at = ? WHERE id = ?",
                [pin_hash, utc_iso(self._clock.now()), staff_id],
            )
            if cursor.rowcount != 1:
                raise StaffError(f"there is no staff member with id {staff_id}")
        member = self.get(staff_id)
        assert member is not None
        return member

    # --- sign-in -----------------------------------------------------------------------------

    def verify(self, staff_id: int, pin: str) -> PinVerdict:
        """Check a PIN against the stored hash, changing nothing (slow: call it outside any
        transaction); ``settle`` then stores the outcome. Locked and disabled accounts are
        refused before the PIN is looked at."""
        row = self._one(
            "SELECT id, name, role, disabled, pin_hash, locked_until FROM staff WHERE id = ?",
            [staff_id],
        )
        if row is None:
            return PinVerdict(staff_id, SignIn(False, None, None, 0, Reason.UNKNOWN))
        member = _member(row)
        if row["disabled"]:
            return PinVerdict(staff_id, SignIn(False, None, None, 0, Reason.DISABLED), member)
        now = self._clock.now()
        locked_until = _moment(row["locked_until"])
        if locked_until is not None and now < locked_until:
            refused = SignIn(False, None, locked_until, 0, Reason.LOCKED)
            return PinVerdict(staff_id, refused, member)
        stored: str = row["pin_hash"]
        if pins.verify_pin(pin, stored):
            new_hash = None
            if pins.needs_rehash(stored, cost=self._cost):
                new_hash = pins.hash_pin(pin, cost=self._cost)
            return PinVerdict(staff_id, None, member, right=True, new_hash=new_hash)
        return PinVerdict(staff_id, None, member, right=False)

    def settle(self, verdict: PinVerdict) -> SignIn:
        """Store what ``verify`` found (failed attempts, the lock, a stronger hash) in one
        transaction (or the caller's), and say how the attempt ended."""
        if verdict.outcome is not None:
            return verdict.outcome
        assert verdict.member is not None
        now = self._clock.now()
        if verdict.right:
            return self._right_pin(verdict.member, verdict.new_hash, now)
        return self._wrong_pin(verdict.staff_id, now)

    def _right_pin(self, member: StaffMember, new_hash: str | None, now: datetime) -> SignIn:
        at = utc_iso(now)
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE staff SET failed_attempts = 0, locked_until = NULL,"
                " pin_hash = coalesce(?, pin_hash), updated_at = ?"
                " WHERE id = ? AND disabled = 0 AND (locked_until IS NULL OR locked_until <= ?)",
                [new_hash, at, member.id, at],
            )
            changed = cursor.rowcount
        if changed != 1:  # locked or disabled by another kiosk while the PIN was checked
            return self._refusal(member.id)
        return SignIn(True, member, None, self._attempts, Reason.OK)

    def _wrong_pin(self, staff_id: int, now: datetime) -> SignIn:
        at = utc_iso(now)
        with self.db.atomic():
            rows = self.db.execute(
                "UPDATE staff SET failed_attempts = failed_attempts + 1, locked_until = NULL,"
                " updated_at = ? WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?)"
                " RETURNING failed_attempts",
                [at, staff_id, at],
            ).fetchall()
            if not rows:
                locked_until = None
            elif int(rows[0][0]) < self._attempts:
                return SignIn(False, None, None, self._attempts - int(rows[0][0]), Reason.WRONG_PIN)
            else:
                locked_until = utc_iso(now + timedelta(minutes=self._settings.lockout_minutes))
                self.db.execute(
                    "UPDATE staff SET failed_attempts = 0, locked_until = ? WHERE id = ?",
                    [locked_until, staff_id],
                )
        if locked_until is None:  # locked by another kiosk while the PIN was checked
            return self._refusal(staff_id)
        return SignIn(False, None, _moment(locked_until), 0, Reason.LOCKED)

    def _refusal(self, staff_id: int) -> SignIn:
        row = self._one("SELECT disabled, locked_until FROM staff WHERE id = ?", [staff_id])
        if row is None:
            return SignIn(False, None, None, 0, Reason.UNKNOWN)
        if row["disabled"]:
            return SignIn(False, None, None, 0, Reason.DISABLED)
        return SignIn(False, None, _moment(row["locked_until"]), 0, Reason.LOCKED)

    # --- queries -----------------------------------------------------------------------------

    def _one(self, sql: str, params: list[Any]) -> dict[str, Any] | None:
        rows = self._all(sql, params)
        return rows[0] if rows else None

    def _all(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        return list(self.db.query(sql, params))
