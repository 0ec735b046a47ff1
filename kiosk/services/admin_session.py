"""An admin's session on the clinic server for the admin pages of a server station: an admin
login (``server admin-login``, never the station's own login), opened when first needed and
again after it was lost, and the staff, appointments, conflicts and audit log the pages work
over; every act through kiosk.services.server_admin, audited in its own transaction."""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import psycopg
from psycopg import conninfo

from kiosk.core.appointments import Appointment, AppointmentImportError, parse_csv
from kiosk.core.audit import AuditAction, AuditEntry
from kiosk.core.forms.model import FormsBundle
from kiosk.core.staff import Role, StaffError, StaffMember, clean_name, parse_role
from kiosk.server import admin, audit, conflicts, devices, schema
from kiosk.server import staff as server_staff
from kiosk.server.client import Target
from kiosk.server.conflicts import OTHER_CONTENT, Conflict, ConflictError, Resolution
from kiosk.services.context import backup_folder
from kiosk.services.server import ConflictRefusedError, resolved
from kiosk.services.server_admin import (
    Connection,
    appointment_added,
    appointment_edited,
    changed,
    new_pin_hash,
    staff_added,
)
from kiosk.services.station_desk import ServerAwayError, StationSetupError, desk_target
from kiosk.storage.credential import CredentialError, read_credential

if TYPE_CHECKING:
    from kiosk.services.admin_ports import AppointmentBook, AuditBook, StaffBook, StaffLocks

T = TypeVar("T")
ENV_ADMIN_CREDENTIAL = "KIOSK_SERVER_ADMIN_CREDENTIAL"
APPLICATION = "kiosk-admin"

__all__ = [
    "ENV_ADMIN_CREDENTIAL",
    "OTHER_CONTENT",
    "AdminSetupError",
    "Conflict",
    "ConflictRefusedError",
    "Resolution",
    "ServerAdmin",
    "ServerAppointments",
    "ServerAwayError",
    "ServerConflicts",
    "ServerStaffAdmin",
    "admin_target",
]


class AdminSetupError(Exception):
    """This station has no admin login set, or its credential file is wrong."""


def admin_target(forms: FormsBundle, data_dir: Path) -> Target:
    """The clinic server as this station reaches it (``[server]`` url and CA), with the admin
    login's credential: ``$KIOSK_SERVER_ADMIN_CREDENTIAL`` or ``[server] admin_credential``
    (owner-only, outside the data and backup folders). AdminSetupError when none is set."""
    chosen = os.environ.get(ENV_ADMIN_CREDENTIAL) or forms.settings.server.admin_credential
    if not chosen:
        raise AdminSetupError(
            f"no admin login is set on this station: [server] admin_credential or"
            f" ${ENV_ADMIN_CREDENTIAL} (python -m kiosk server admin-login NAME --out FILE)"
        )
    try:
        target = desk_target(forms, data_dir)
        protected = (data_dir, backup_folder(data_dir, forms.settings.backup))
        credential = read_credential(Path(chosen).expanduser(), protected)
    except (CredentialError, StationSetupError) as exc:
        raise AdminSetupError(str(exc)) from None
    return dataclasses.replace(target, credential=credential)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class ServerAdmin:
    """An admin's session on the clinic server for the admin pages, through an admin login
    (``target``: a Target or a conninfo). The connection is opened when first needed and
    again after it was lost; every server trouble is ServerAwayError (a StorageError: the
    pages say it). ``staff``, ``appointments``, ``conflicts`` and ``audit`` are what the pages
    work over. Closed by ``close``."""

    def __init__(
        self,
        target: Target | str,
        *,
        clinic: str | None = None,
        cost: int | None = None,
    ) -> None:
        base = target.conninfo() if isinstance(target, Target) else target
        self.conninfo = conninfo.make_conninfo(base, application_name=APPLICATION)
        chosen = clinic or (target.clinic if isinstance(target, Target) else "")
        self.clinic = chosen or devices.DEFAULT_CLINIC
        self.cost = cost
        self._conn: Connection | None = None
        self.staff = ServerStaffAdmin(self)
        self.appointments = ServerAppointments(self)
        self.conflicts = ServerConflicts(self)
        self.audit = ServerAuditLog(self)

    def connection(self) -> Connection:
        """The open connection, opened (again) when there is none or it was lost."""
        if self._conn is not None and self._conn.broken:
            self.close()
        if self._conn is None:
            try:
                self._conn = schema.connect(self.conninfo)
                audit.require(self._conn)
                server_staff.require_admin(self._conn)
            except psycopg.Error as exc:
                self.close()
                raise ServerAwayError(_one_line(exc)) from None
            except (audit.AuditMissingError, server_staff.StaffAdminMissingError) as exc:
                self.close()
                raise ServerAwayError(str(exc)) from None
        return self._conn

    def guard(self, act: Callable[[Connection], T]) -> T:
        """``act`` on the connection; a lost connection or a server refusing becomes
        ServerAwayError (StaffError, AppointmentImportError, ConflictError pass)."""
        conn = self.connection()
        try:
            return act(conn)
        except psycopg.Error as exc:
            if conn.broken or isinstance(exc, psycopg.OperationalError):
                self.close()
            raise ServerAwayError(_one_line(exc)) from None

    def close(self) -> None:
        """Close the connection (it is opened again at the next use)."""
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None


class ServerStaffAdmin:
    """The server's staff as the staff page manages them (kiosk.services.admin_ports.StaffBook)."""

    def __init__(self, session: ServerAdmin) -> None:
        self._session = session

    def members(self, include_disabled: bool = False) -> list[StaffMember]:
        """Members by name; inactive ones only when asked."""
        return self._session.guard(
            lambda c: server_staff.members(c, include_disabled=include_disabled)
        )

    def locked(self) -> dict[int, datetime]:
        """The members locked out now, by id: until when."""
        return self._session.guard(server_staff.locked)

    def add(self, name: str, role: Role | str, pin: str, *, by: str) -> StaffMember:
        """A new, active member for every station (``staff_add``); PinPolicyError for a weak
        PIN, StaffError for a taken name (said before the slow hash)."""
        name = clean_name(name)
        role = parse_role(role)
        taken = {m.name.casefold() for m in self.members(include_disabled=True)}
        if name.casefold() in taken:
            raise StaffError(f"there is already a staff member called {name!r}")
        pin_hash = new_pin_hash(pin, self._session.cost)
        return self._session.guard(lambda c: staff_added(c, name, role, pin_hash, by))

    def disable(self, staff_id: int, *, by: str) -> StaffMember:
        """No more sign-in (``staff_disable``); never the last active admin."""
        return self._session.guard(
            lambda c: changed(c, staff_id, AuditAction.STAFF_DISABLE, by, active=False)
        )

    def enable(self, staff_id: int, *, by: str) -> StaffMember:
        """Sign-in again (``staff_enable``)."""
        return self._session.guard(
            lambda c: changed(c, staff_id, AuditAction.STAFF_ENABLE, by, active=True)
        )

    def set_role(self, staff_id: int, role: Role | str, *, by: str) -> StaffMember:
        """A nurse or an admin (``staff_role``); the last active admin stays one."""
        chosen = parse_role(role)
        return self._session.guard(
            lambda c: changed(c, staff_id, AuditAction.STAFF_ROLE, by, role=chosen)
        )

    def reset_pin(self, staff_id: int, pin: str, *, by: str) -> StaffMember:
        """A new PIN, any lockout lifted (``staff_reset_pin``); the policy applies."""
        pin_hash = new_pin_hash(pin, self._session.cost)
        return self._session.guard(
            lambda c: changed(c, staff_id, AuditAction.STAFF_RESET_PIN, by, pin_hash=pin_hash)
        )

    def unlock(self, staff_id: int, *, by: str) -> StaffMember:
        """The lockout lifted (``staff_unlock``)."""
        return self._session.guard(
            lambda c: changed(c, staff_id, AuditAction.STAFF_UNLOCK, by, unlock=True)
        )


class ServerAppointments:
    """The clinic's appointments on the server as the appointments page manages them
    (kiosk.services.admin_ports.AppointmentBook); an edit keeps the appointment's UUID."""

    def __init__(self, session: ServerAdmin) -> None:
        self._session = session

    def upcoming(self, day: date) -> list[dict[str, object]]:
        """The clinic's appointments on ``day`` and later, soonest first (``id``: the UUID)."""
        clinic = self._session.clinic
        return self._session.guard(lambda c: admin.upcoming(c, day, clinic))

    def add(self, appointment: Appointment, *, by: str) -> None:
        """Book one (``add_appointment``)."""
        clinic = self._session.clinic
        self._session.guard(lambda c: appointment_added(c, appointment, clinic, by))

    def edit(self, appointment_id: int | str, appointment: Appointment, *, by: str) -> None:
        """Change one (``edit_appointment``), keeping its UUID."""
        clinic = self._session.clinic
        uuid = str(appointment_id)
        self._session.guard(lambda c: appointment_edited(c, uuid, appointment, clinic, by))

    def import_file(self, path: Path, *, by: str) -> int:
        """Book a CSV file's appointments, all or none (``import_appointments``); how many."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise AppointmentImportError(f"{path}: cannot be read ({exc})") from None
        rows = parse_csv(text, str(path))
        clinic = self._session.clinic

        def book(conn: Connection) -> int:
            with conn.transaction():
                count = admin.import_appointments(conn, rows, clinic)
                audit.record(
                    conn, by, AuditAction.APPOINTMENTS_IMPORT, path.name,
                    appointments=count, days=sorted({r.day.isoformat() for r in rows}),
                    clinic=clinic,
                )  # fmt: skip
            return count

        return self._session.guard(book)


class ServerConflicts:
    """The conflicts set aside on the server, and resolving one (audited)."""

    def __init__(self, session: ServerAdmin) -> None:
        self._session = session

    def listed(self, *, resolved: bool = False) -> list[Conflict]:
        """Open conflicts by id (with ``resolved``, every one)."""
        return self._session.guard(lambda c: conflicts.listed(c, resolved=resolved))

    def resolve(self, conflict_id: int, how: Resolution, *, by: str) -> Conflict:
        """Keep the server's content or take the kiosk's (``resolve_conflict``);
        ConflictRefusedError when it cannot be resolved that way (resolved meanwhile, or the
        kiosk's step has none of its own to replace)."""
        try:
            return self._session.guard(lambda c: resolved(c, conflict_id, how, by))
        except ConflictError as exc:
            raise ConflictRefusedError(str(exc)) from None


class ServerAuditLog:
    """The server's audit log, read (kiosk.services.admin_ports.AuditBook)."""

    def __init__(self, session: ServerAdmin) -> None:
        self._session = session

    def entries(
        self, *, day: str | None = None, actor: str | None = None, action: str | None = None
    ) -> list[AuditEntry]:
        """Entries oldest first, of one UTC day, person or action when asked."""
        found = self._session.guard(lambda c: audit.entries(c, actor=actor, action=action))
        return [e for e in found if day is None or e.at.startswith(day)]


if TYPE_CHECKING:  # mypy proves the server's books are what the admin pages work over

    def _is_a_staff_book(book: ServerStaffAdmin) -> StaffBook:
        return book

    def _has_staff_locks(book: ServerStaffAdmin) -> StaffLocks:
        return book

    def _is_an_appointment_book(book: ServerAppointments) -> AppointmentBook:
        return book

    def _is_an_audit_book(book: ServerAuditLog) -> AuditBook:
        return book
