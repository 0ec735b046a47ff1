"""What the admin pages work over, whether the kiosk's own database or the clinic server: the
staff, the appointments and the audit log as Protocols both sides satisfy (mypy proves it)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kiosk.core.appointments import Appointment
from kiosk.core.audit import AuditEntry
from kiosk.core.staff import Role, StaffMember

if TYPE_CHECKING:
    from kiosk.services.appointments import AppointmentService
    from kiosk.services.audit import AuditService
    from kiosk.services.staff import StaffService


class StaffBook(Protocol):
    """Staff accounts an admin manages; ``by`` names the admin (the audit entry's actor).
    A change is refused with StaffError (LastAdminError for the last active admin,
    PinPolicyError for a weak PIN)."""

    def members(self, include_disabled: bool = False) -> list[StaffMember]: ...

    def add(self, name: str, role: Role | str, pin: str, *, by: str) -> StaffMember: ...

    def disable(self, staff_id: int, *, by: str) -> StaffMember: ...

    def enable(self, staff_id: int, *, by: str) -> StaffMember: ...

    def set_role(self, staff_id: int, role: Role | str, *, by: str) -> StaffMember: ...

    def reset_pin(self, staff_id: int, pin: str, *, by: str) -> StaffMember: ...


class StaffLocks(Protocol):
    """Lockouts after too many wrong PINs: who is locked until when, and lifting one."""

    def locked(self) -> dict[int, datetime]: ...

    def unlock(self, staff_id: int, *, by: str) -> StaffMember: ...


class AppointmentBook(Protocol):
    """Booked visits an admin manages: rows as dicts (id, day, time, first_name, last_name,
    birth_date, note); a refused one is AppointmentImportError."""

    def upcoming(self, day: date) -> list[dict[str, object]]: ...

    def add(self, appointment: Appointment, *, by: str) -> None: ...

    def edit(self, appointment_id: int | str, appointment: Appointment, *, by: str) -> None: ...

    def import_file(self, path: Path, *, by: str) -> int: ...


class AuditBook(Protocol):
    """An audit log read, oldest first, filtered by UTC day, person and action."""

    def entries(
        self, *, day: str | None = None, actor: str | None = None, action: str | None = None
    ) -> list[AuditEntry]: ...


if TYPE_CHECKING:  # mypy proves the kiosk's own services are what the admin pages work over

    def _is_a_staff_book(book: StaffService) -> StaffBook:
        return book

    def _is_an_appointment_book(book: AppointmentService) -> AppointmentBook:
        return book

    def _is_an_audit_book(book: AuditService) -> AuditBook:
        return book
