"""The clinic server's admin acts on staff and appointments, each with its entry in the server's
audit log in the act's own transaction: on an open connection (the admin pages' session,
kiosk.services.admin_session) and from the command line (a URL each time)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import psycopg

from kiosk.core import pins
from kiosk.core.appointments import Appointment
from kiosk.core.audit import AuditAction
from kiosk.core.identity import name_key
from kiosk.core.staff import (
    PinPolicyError,
    Role,
    StaffError,
    StaffMember,
    clean_name,
    parse_role,
)
from kiosk.server import admin, audit, devices, schema
from kiosk.server import staff as server_staff
from kiosk.services import server
from kiosk.services.server import (
    ConflictRefusedError,
    Credential,
    ServerProblemError,
)

Connection = psycopg.Connection[tuple[object, ...]]

__all__ = [
    "ConflictRefusedError",
    "Connection",
    "ServerProblemError",
    "admin_login",
    "appointment_add",
    "appointment_added",
    "appointment_edit",
    "appointment_edited",
    "appointments_upcoming",
    "changed",
    "new_pin_hash",
    "staff_added",
    "staff_disable",
    "staff_enable",
    "staff_member",
    "staff_reset_pin",
    "staff_set_role",
    "staff_unlock",
]


# --- the acts, on an open connection (the command line's and the pages') ----------------------


def _detail(member: StaffMember) -> dict[str, str]:
    return {"name": member.name, "role": member.role.value}


def changed(
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


def new_pin_hash(pin: str, cost: int | None) -> str:
    """The PIN checked against the policy and hashed here (slow: before any transaction); only
    its hash reaches the server."""
    problem = pins.pin_problem(pin)
    if problem is not None:
        raise PinPolicyError(problem)
    return pins.hash_pin(pin, cost=pins.DEFAULT_COST if cost is None else cost)


def staff_added(
    conn: Connection, name: str, role: Role | str, pin_hash: str, by: str
) -> StaffMember:
    with conn.transaction():
        member = server_staff.insert(conn, name, role, pin_hash)
        audit.record(conn, by, AuditAction.STAFF_ADD, f"staff {member.id}", **_detail(member))
    return member


def appointment_added(conn: Connection, row: Appointment, clinic: str, by: str | None) -> None:
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


def appointment_edited(
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
        server_staff.require_admin(conn)
        yield conn
    except (audit.AuditMissingError, server_staff.StaffAdminMissingError) as exc:
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
        return changed(conn, member.id, AuditAction.STAFF_DISABLE, by, active=False)


def staff_enable(url: str, name: str, *, by: str | None = None) -> StaffMember:
    """The member can sign in again (``staff_enable``)."""
    with _connected(url) as conn:
        member = _named(conn, name)
        return changed(conn, member.id, AuditAction.STAFF_ENABLE, by, active=True)


def staff_set_role(url: str, name: str, role: Role | str, *, by: str | None = None) -> StaffMember:
    """Make the member a nurse or an admin (``staff_role``); the last active admin stays one."""
    role = parse_role(role)
    with _connected(url) as conn:
        member = _named(conn, name)
        return changed(conn, member.id, AuditAction.STAFF_ROLE, by, role=role)


def staff_reset_pin(
    url: str, name: str, pin: str, *, by: str | None = None, cost: int | None = None
) -> StaffMember:
    """A new PIN, hashed here, any lockout lifted (``staff_reset_pin``); PinPolicyError for a
    weak PIN, StaffError for an unknown name."""
    clean_name(name)
    pin_hash = new_pin_hash(pin, cost)
    with _connected(url) as conn:
        member = _named(conn, name)
        return changed(conn, member.id, AuditAction.STAFF_RESET_PIN, by, pin_hash=pin_hash)


def staff_unlock(
    url: str, name: str, *, by: str | None = None
) -> tuple[StaffMember, datetime | None]:
    """Lift a lockout after too many wrong PINs (``staff_unlock``); the member and until when
    they were locked (None: they were not)."""
    with _connected(url) as conn:
        member = _named(conn, name)
        until = server_staff.locked(conn).get(member.id)
        return changed(conn, member.id, AuditAction.STAFF_UNLOCK, by, unlock=True), until


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
        appointment_added(conn, row, clinic, by)


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
        appointment_edited(conn, uuid, row, clinic, by)


def admin_login(
    url: str, name: str, out: Path | None = None, *, by: str | None = None
) -> Credential:
    """Make an admin login (``admin_<name>``, a member of ``kiosk_admin``: what the admin pages
    do, nothing else), audited (``admin_login``); with ``out``, its credential is written there
    owner-only, as ``station_login`` does."""
    return server.admin_login(url, name, out, by=by)
