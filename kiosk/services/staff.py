"""Staff accounts and sign-in: each change and its audit entry in one transaction."""

from __future__ import annotations

from sqlite_utils import Database

from kiosk.core import pins
from kiosk.core.audit import AuditAction
from kiosk.core.clock import Clock
from kiosk.core.forms.settings import StaffSettings
from kiosk.core.staff import (
    LastAdminError,
    Reason,
    Role,
    SignIn,
    StaffError,
    StaffMember,
    clean_name,
    parse_role,
)
from kiosk.services.context import KioskContext
from kiosk.storage.acts import one_act
from kiosk.storage.staff import StaffRepository

__all__ = ["LastAdminError", "StaffService", "sign_in"]


def sign_in(
    db: Database,
    clock: Clock,
    settings: StaffSettings,
    staff_id: int,
    pin: str,
    *,
    cost: int | None = None,
    admins_only: bool = False,
) -> SignIn:
    """Check a PIN (slow, outside any transaction), then store the outcome and its audit entry
    (``sign_in`` or ``sign_in_failed``, never the PIN) in one transaction. ``cost``: the
    hashing cost a weaker stored hash is raised to (default: pins.DEFAULT_COST).
    ``admins_only``: a nurse is refused whatever her PIN (``sign_in_failed``, reason
    ``not_admin``), and nothing of hers is counted or changed."""
    staff = StaffRepository(db, clock, settings, cost=cost)
    verdict = staff.verify(staff_id, pin)
    member = verdict.member
    not_admin = admins_only and member is not None and member.role is not Role.ADMIN
    with one_act(db, clock) as act:
        if not_admin:
            result = SignIn(False, None, None, 0, Reason.UNKNOWN)
        else:
            result = staff.settle(verdict)
        act.record(
            member.name if member else f"staff {staff_id}",
            AuditAction.SIGN_IN if result.ok else AuditAction.SIGN_IN_FAILED,
            f"staff {staff_id}",
            reason="not_admin" if not_admin else result.reason.value,
        )
    return result


class StaffService:
    """Staff accounts of one kiosk; ``by`` names who acts (a staff member, or the command line)."""

    def __init__(self, context: KioskContext, *, cost: int | None = None) -> None:
        self.context = context
        self._cost = cost  # the PIN hashing cost; None: pins.DEFAULT_COST when hashing

    @property
    def _staff(self) -> StaffRepository:
        # DEFAULT_COST is read at call time so tests can make hashing cheap by patching it.
        context = self.context
        cost = pins.DEFAULT_COST if self._cost is None else self._cost
        return StaffRepository(context.db, context.clock, context.forms.settings.staff, cost=cost)

    # --- reads -------------------------------------------------------------------------------

    def members(self, include_disabled: bool = False) -> list[StaffMember]:
        """Members sorted by name; disabled ones only when asked."""
        return self._staff.members(include_disabled)

    def get(self, staff_id: int) -> StaffMember | None:
        """One member, disabled or not; None when there is no such id."""
        return self._staff.get(staff_id)

    def count(self, role: Role | str | None = None, *, include_disabled: bool = False) -> int:
        """How many members (enabled ones unless asked), of one role or all."""
        return self._staff.count(role, include_disabled=include_disabled)

    # --- acts --------------------------------------------------------------------------------

    def sign_in(self, staff_id: int, pin: str) -> SignIn:
        """A sign-in attempt, stored and audited (see ``sign_in``)."""
        context = self.context
        settings = context.forms.settings.staff
        cost = pins.DEFAULT_COST if self._cost is None else self._cost
        return sign_in(context.db, context.clock, settings, staff_id, pin, cost=cost)

    def add(self, name: str, role: Role | str, pin: str, *, by: str) -> StaffMember:
        """A new, enabled member (``staff_add``); PinPolicyError for a weak PIN, StaffError for
        a taken name."""
        staff = self._staff
        staff.check_name_free(clean_name(name))  # said before the slow hash
        pin_hash = staff.hash_new_pin(pin)  # slow: before the transaction
        with self.context.act() as act:
            member = staff.insert(name, role, pin_hash)
            act.record(by, AuditAction.STAFF_ADD, f"staff {member.id}", **_detail(member))
        return member

    def disable(self, staff_id: int, *, by: str) -> StaffMember:
        """The member can no longer sign in (``staff_disable``); never the last active admin."""
        staff = self._staff
        with self.context.act() as act:
            self._keep_an_admin(staff, staff_id)
            member = staff.disable(staff_id)
            act.record(by, AuditAction.STAFF_DISABLE, f"staff {member.id}", **_detail(member))
        return member

    def enable(self, staff_id: int, *, by: str) -> StaffMember:
        """The member can sign in again (``staff_enable``)."""
        staff = self._staff
        with self.context.act() as act:
            member = staff.enable(staff_id)
            act.record(by, AuditAction.STAFF_ENABLE, f"staff {member.id}", **_detail(member))
        return member

    def set_role(self, staff_id: int, role: Role | str, *, by: str) -> StaffMember:
        """Make the member a nurse or an admin (``staff_role``); the last active admin stays one."""
        staff = self._staff
        role = parse_role(role)
        with self.context.act() as act:
            if role is not Role.ADMIN:
                self._keep_an_admin(staff, staff_id)
            member = staff.set_role(staff_id, role)
            act.record(by, AuditAction.STAFF_ROLE, f"staff {member.id}", **_detail(member))
        return member

    def reset_pin(self, staff_id: int, pin: str, *, by: str) -> StaffMember:
        """A new PIN, any lockout lifted (``staff_reset_pin``); the policy applies."""
        staff = self._staff
        if staff.get(staff_id) is None:
            raise StaffError(f"there is no staff member with id {staff_id}")
        pin_hash = staff.hash_new_pin(pin)  # slow: before the transaction
        with self.context.act() as act:
            member = staff.store_pin(staff_id, pin_hash)
            act.record(by, AuditAction.STAFF_RESET_PIN, f"staff {member.id}", **_detail(member))
        return member

    @staticmethod
    def _keep_an_admin(staff: StaffRepository, staff_id: int) -> None:
        """LastAdminError when ``staff_id`` is the only enabled admin."""
        member = staff.get(staff_id)
        if member is None:
            raise StaffError(f"there is no staff member with id {staff_id}")
        if member.role is Role.ADMIN and not member.disabled and staff.count(Role.ADMIN) <= 1:
            raise LastAdminError(member.name)


def _detail(member: StaffMember) -> dict[str, str]:
    return {"name": member.name, "role": member.role.value}
