"""The clinic server's admin acts on staff, appointments and conflicts, from the command line (a
URL each time) and from the admin pages (``ServerAdmin``, an admin login's session), each act
with its entry in the server's audit log in the act's own transaction."""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import psycopg
from psycopg import conninfo

from kiosk.core import pins
from kiosk.core.appointments import Appointment, AppointmentImportError, parse_csv
from kiosk.core.audit import AuditAction, AuditEntry
from kiosk.core.forms.model import FormsBundle
from kiosk.core.identity import name_key
from kiosk.core.staff import (
    PinPolicyError,
    Role,
    StaffError,
    StaffMember,
    clean_name,
    parse_role,
)
from kiosk.server import admin, audit, conflicts, devices, schema
from kiosk.server import staff as server_staff
from kiosk.server.client import Target
from kiosk.server.conflicts import OTHER_CONTENT, Conflict, ConflictError, Resolution
from kiosk.services import server
from kiosk.services.context import backup_folder
from kiosk.services.server import (
    ConflictRefusedError,
    Credential,
    ServerProblemError,
    resolved,
)
from kiosk.services.station_desk import ServerAwayError, StationSetupError, desk_target
from kiosk.storage.credential import CredentialError, read_credential

if TYPE_CHECKING:
    from kiosk.services.admin_ports import AppointmentBook, AuditBook, StaffBook, StaffLocks

T = TypeVar("T")
Connection = psycopg.Connection[tuple[object, ...]]
ENV_ADMIN_CREDENTIAL = "KIOSK_SERVER_ADMIN_CREDENTIAL"
APPLICATION = "kiosk-admin"

__all__ = [
    "ENV_ADMIN_CREDENTIAL",
    "OTHER_CONTENT",
    "AdminSetupError",
    "Conflict",
    "ConflictError",
    "ConflictRefusedError",
    "Resolution",
    "ServerAdmin",
    "ServerAppointments",
    "ServerAwayError",
    "ServerConflicts",
    "ServerProblemError",
    "ServerStaffAdmin",
    "admin_login",
    "admin_target",
    "appointment_add",
    "appointment_edit",
    "appointments_upcoming",
    "staff_disable",
    "staff_enable",
    "staff_member",
    "staff_reset_pin",
    "staff_set_role",
    "staff_unlock",
]


class AdminSetupError(Exception):
    """This station has no admin login set, or its credential file is wrong."""


# --- the acts, on an open connection (the command line's and the pages') ----------------------


def _detail(member: StaffMember) -> dict[str, str]:
    return {"name": member.name, "role": member.role.value}


def _changed(
    conn: Connection,
    staff_id: int,
    action: AuditAction,
    by: str | None,
    *,
    active: bool | None = None,
    role: Role | None = None,
    pin_hash: str | None = None,
    unlock: bool = False,
) -> StaffMember:
    """One staff change and its audit entry in one transaction (``staff_change`` on the server:
    never the last active admin, LastAdminError then; StaffError for an unknown member)."""
    with conn.transaction():
        member = server_staff.change(
            conn, staff_id, active=active, role=role, pin_hash=pin_hash, unlock=unlock
        )
        audit.record(conn, by, action, f"staff {member.id}", **_detail(member))
    return member


def _new_pin_hash(pin: str, cost: int | None) -> str:
    """The PIN checked against the policy and hashed here (slow: before any transaction); only
    its hash reaches the server."""
    problem = pins.pin_problem(pin)
    if problem is not None:
        raise PinPolicyError(problem)
    return pins.hash_pin(pin, cost=pins.DEFAULT_COST if cost is None else cost)


def _added(conn: Connection, name: str, role: Role | str, pin_hash: str, by: str) -> StaffMember:
    with conn.transaction():
        member = server_staff.insert(conn, name, role, pin_hash)
        audit.record(conn, by, AuditAction.STAFF_ADD, f"staff {member.id}", **_detail(member))
    return member


def _appointment_added(conn: Connection, row: Appointment, clinic: str, by: str | None) -> None:
    with conn.transaction():
        admin.import_appointments(conn, [row], clinic)
        found = conn.execute(
            "SELECT uuid::text FROM appointments WHERE clinic = %s AND day = %s"
            " AND name_key = %s AND birth_date = %s",
            (clinic, row.day, name_key(row.first_name, row.last_name), row.birth_date),
        ).fetchone()
        audit.record(
            conn,
            by,
            AuditAction.APPOINTMENT_ADD,
            row.day.isoformat(),
            clinic=clinic,
            appointment=str(found[0]) if found else "",
        )


def _appointment_edited(
    conn: Connection, uuid: str, row: Appointment, clinic: str, by: str | None
) -> None:
    with conn.transaction():
        admin.edit_appointment(conn, uuid, row, clinic)
        audit.record(
            conn, by, AuditAction.APPOINTMENT_EDIT, f"appointment {uuid}",
            clinic=clinic, day=row.day.isoformat(),
        )  # fmt: skip


# --- the command line: one connection per act -------------------------------------------------


@contextlib.contextmanager
def _connected(url: str) -> Iterator[Connection]:
    """A connection to the server; a server away or refusing is ServerProblemError in one line,
    a refused change (StaffError, AppointmentImportError) passes as it is."""
    try:
        conn = schema.connect(url)
    except psycopg.Error as exc:
        raise ServerProblemError(f"cannot reach the clinic server: {exc}") from None
    try:
        audit.require(conn)
        yield conn
    except audit.AuditMissingError as exc:
        raise ServerProblemError(str(exc)) from None
    except psycopg.Error as exc:
        raise ServerProblemError(f"the clinic server refused: {exc}") from None
    finally:
        conn.close()


def _named(conn: Connection, name: str) -> StaffMember:
    member = server_staff.named(conn, name)
    if member is None:
        raise StaffError(
            f"there is no staff member called {clean_name(name)!r} on the clinic server"
        )
    return member


def staff_member(url: str, name: str) -> StaffMember | None:
    """The member called ``name`` (any case), active or not; None when there is none."""
    with _connected(url) as conn:
        return server_staff.named(conn, name)


def staff_disable(url: str, name: str, *, by: str | None = None) -> StaffMember:
    """The member can no longer sign in at any station (``staff_disable``); never the last
    active admin (LastAdminError). StaffError for an unknown name."""
    with _connected(url) as conn:
        member = _named(conn, name)
        return _changed(conn, member.id, AuditAction.STAFF_DISABLE, by, active=False)


def staff_enable(url: str, name: str, *, by: str | None = None) -> StaffMember:
    """The member can sign in again (``staff_enable``)."""
    with _connected(url) as conn:
        member = _named(conn, name)
        return _changed(conn, member.id, AuditAction.STAFF_ENABLE, by, active=True)


def staff_set_role(url: str, name: str, role: Role | str, *, by: str | None = None) -> StaffMember:
    """Make the member a nurse or an admin (``staff_role``); the last active admin stays one."""
    role = parse_role(role)
    with _connected(url) as conn:
        member = _named(conn, name)
        return _changed(conn, member.id, AuditAction.STAFF_ROLE, by, role=role)


def staff_reset_pin(
    url: str, name: str, pin: str, *, by: str | None = None, cost: int | None = None
) -> StaffMember:
    """A new PIN, hashed here, any lockout lifted (``staff_reset_pin``); PinPolicyError for a
    weak PIN, StaffError for an unknown name."""
    clean_name(name)
    pin_hash = _new_pin_hash(pin, cost)
    with _connected(url) as conn:
        member = _named(conn, name)
        return _changed(conn, member.id, AuditAction.STAFF_RESET_PIN, by, pin_hash=pin_hash)


def staff_unlock(
    url: str, name: str, *, by: str | None = None
) -> tuple[StaffMember, datetime | None]:
    """Lift a lockout after too many wrong PINs (``staff_unlock``); the member and until when
    they were locked (None: they were not)."""
    with _connected(url) as conn:
        member = _named(conn, name)
        until = server_staff.locked(conn).get(member.id)
        return _changed(conn, member.id, AuditAction.STAFF_UNLOCK, by, unlock=True), until


def appointments_upcoming(
    url: str, day: date, *, clinic: str = devices.DEFAULT_CLINIC
) -> list[dict[str, object]]:
    """The clinic's appointments on ``day`` and later, soonest first (``id``: the UUID)."""
    with _connected(url) as conn:
        return admin.upcoming(conn, day, clinic)


def appointment_add(
    url: str, row: Appointment, *, clinic: str = devices.DEFAULT_CLINIC, by: str | None = None
) -> None:
    """Book one appointment (``add_appointment``); the same person on the same day replaces the
    earlier one, which keeps its UUID."""
    with _connected(url) as conn:
        _appointment_added(conn, row, clinic, by)


def appointment_edit(
    url: str,
    uuid: str,
    row: Appointment,
    *,
    clinic: str = devices.DEFAULT_CLINIC,
    by: str | None = None,
) -> None:
    """Change one appointment, which keeps its UUID (``edit_appointment``);
    AppointmentImportError for an unknown one or a duplicate."""
    with _connected(url) as conn:
        _appointment_edited(conn, uuid, row, clinic, by)


def admin_login(
    url: str, name: str, out: Path | None = None, *, by: str | None = None
) -> Credential:
    """Make an admin login (``admin_<name>``, a member of ``kiosk_admin``: what the admin pages
    do, nothing else), audited (``admin_login``); with ``out``, its credential is written there
    owner-only, as ``station_login`` does."""
    return server.admin_login(url, name, out, by=by)


# --- the admin pages: one admin login's session -------------------------------------------------


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
            except psycopg.Error as exc:
                self.close()
                raise ServerAwayError(_one_line(exc)) from None
            except audit.AuditMissingError as exc:
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
        pin_hash = _new_pin_hash(pin, self._session.cost)
        return self._session.guard(lambda c: _added(c, name, role, pin_hash, by))

    def disable(self, staff_id: int, *, by: str) -> StaffMember:
        """No more sign-in (``staff_disable``); never the last active admin."""
        return self._session.guard(
            lambda c: _changed(c, staff_id, AuditAction.STAFF_DISABLE, by, active=False)
        )

    def enable(self, staff_id: int, *, by: str) -> StaffMember:
        """Sign-in again (``staff_enable``)."""
        return self._session.guard(
            lambda c: _changed(c, staff_id, AuditAction.STAFF_ENABLE, by, active=True)
        )

    def set_role(self, staff_id: int, role: Role | str, *, by: str) -> StaffMember:
        """A nurse or an admin (``staff_role``); the last active admin stays one."""
        chosen = parse_role(role)
        return self._session.guard(
            lambda c: _changed(c, staff_id, AuditAction.STAFF_ROLE, by, role=chosen)
        )

    def reset_pin(self, staff_id: int, pin: str, *, by: str) -> StaffMember:
        """A new PIN, any lockout lifted (``staff_reset_pin``); the policy applies."""
        pin_hash = _new_pin_hash(pin, self._session.cost)
        return self._session.guard(
            lambda c: _changed(c, staff_id, AuditAction.STAFF_RESET_PIN, by, pin_hash=pin_hash)
        )

    def unlock(self, staff_id: int, *, by: str) -> StaffMember:
        """The lockout lifted (``staff_unlock``)."""
        return self._session.guard(
            lambda c: _changed(c, staff_id, AuditAction.STAFF_UNLOCK, by, unlock=True)
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
        self._session.guard(lambda c: _appointment_added(c, appointment, clinic, by))

    def edit(self, appointment_id: int | str, appointment: Appointment, *, by: str) -> None:
        """Change one (``edit_appointment``), keeping its UUID."""
        clinic = self._session.clinic
        uuid = str(appointment_id)
        self._session.guard(lambda c: _appointment_edited(c, uuid, appointment, clinic, by))

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
