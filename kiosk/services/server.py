"""The clinic server's admin acts (initialise its schema, enrol or revoke a kiosk, book
appointments, resolve a conflict), each with its entry in the server's audit log in the act's
own transaction; and that log read back and checked."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

from kiosk.core import pins
from kiosk.core.appointments import AppointmentImportError, parse_csv
from kiosk.core.audit import AuditAction, AuditEntry, first_bad
from kiosk.core.staff import PinPolicyError, Role, StaffError, StaffMember, clean_name
from kiosk.server import admin, audit, conflicts, devices, group, schema
from kiosk.server import staff as server_staff
from kiosk.server.admin import DeviceState
from kiosk.server.conflicts import Conflict, ConflictError, Resolution
from kiosk.server.devices import Credential, Device, DeviceError
from kiosk.server.group import Published
from kiosk.services.places import ENV_SERVER_URL

DEFAULT_CLINIC = devices.DEFAULT_CLINIC
CREDENTIAL_FILE_MODE = 0o600

__all__ = [
    "DEFAULT_CLINIC",
    "ENV_SERVER_URL",
    "AuditCheck",
    "AuditEntry",
    "Conflict",
    "ConflictRefusedError",
    "Credential",
    "Device",
    "DeviceState",
    "Published",
    "Resolution",
    "ServerProblemError",
    "admin_login",
    "audit_check",
    "audit_entries",
    "central_init",
    "conflicts_open",
    "enrol",
    "import_appointments",
    "init",
    "publish",
    "records_problems",
    "resolve_conflict",
    "resolved",
    "revoke",
    "staff_add",
    "staff_members",
    "station_login",
    "status",
]


class ServerProblemError(Exception):
    """The server cannot be reached or refused the act; the message says why, in one line."""


class ConflictRefusedError(ServerProblemError):
    """A conflict that is unknown, already resolved, or cannot be resolved the way asked."""


@dataclass(frozen=True)
class InitDone:
    """What ``init`` did: the versions applied now and the schema's version after it."""

    applied: list[int]
    version: int


@contextlib.contextmanager
def _connected(url: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    try:
        conn = schema.connect(url)
    except psycopg.Error as exc:
        raise ServerProblemError(f"cannot reach the clinic server: {exc}") from None
    try:
        yield conn
    except (DeviceError, audit.AuditMissingError, StaffError, group.GroupError) as exc:
        raise ServerProblemError(str(exc)) from None
    except ConflictError as exc:
        raise ConflictRefusedError(str(exc)) from None
    except psycopg.Error as exc:
        raise ServerProblemError(f"the clinic server refused: {exc}") from None
    finally:
        conn.close()


def init(url: str) -> InitDone:
    """Apply the migrations the server lacks (each in its own transaction)."""
    with _connected(url) as conn:
        applied = schema.apply_migrations(conn)
        return InitDone(applied, schema.current_version(conn))


def publish(url: str, *, by: str | None = None) -> Published:
    """Publish this clinic server's intakes, steps and intake records for a group's central
    reporting database (PostgreSQL logical replication; idempotent), audited."""
    with _connected(url) as conn:
        audit.require(conn)
        with conn.transaction():
            done = group.publish(conn)
            audit.record(
                conn, by, AuditAction.GROUP_PUBLISH, done.publication, tables=list(done.tables)
            )
        return done


def central_init(url: str) -> None:
    """Create the tables of a group's central reporting database (idempotent); each clinic's
    subscription fills them."""
    with _connected(url) as conn:
        group.create_central(conn)


def _enrolled(
    conn: psycopg.Connection[tuple[object, ...]], name: str, clinic: str, by: str | None
) -> Credential:
    audit.require(conn)
    with conn.transaction():
        credential = devices.enrol(conn, name, clinic)
        audit.record(
            conn, by, AuditAction.DEVICE_ENROL, name, login_role=credential.user, clinic=clinic
        )
    return credential


def enrol(
    url: str,
    name: str,
    out: Path | None = None,
    *,
    clinic: str = devices.DEFAULT_CLINIC,
    by: str | None = None,
) -> Credential:
    """Make the kiosk's login in ``clinic``; with ``out``, also write its credential there,
    owner-only (0600). The file is made first, so a file already there changes nothing on the
    server. ``by``: who (the audit entry's actor; None: the server login)."""
    _check_name(name)
    _check_clinic(clinic)
    return _made(url, out, lambda conn: _enrolled(conn, name, clinic, by), f"{name} was enrolled")


def station_login(
    url: str, name: str, out: Path | None = None, *, by: str | None = None
) -> Credential:
    """Make a nurse station's login (``station_<name>``, a member of ``kiosk_station``: it reads
    the clinic's records and calls the station functions), audited (``station_login``); with
    ``out``, its credential is written there owner-only (0600), as ``enrol`` does."""
    return _new_login(
        url, name, out, by, make_login=devices.station_login, action=AuditAction.STATION_LOGIN
    )


def admin_login(
    url: str, name: str, out: Path | None = None, *, by: str | None = None
) -> Credential:
    """Make an admin login (``admin_<name>``, a member of ``kiosk_admin``: staff, appointments,
    conflicts and the audit log as the admin pages need them, nothing else), audited
    (``admin_login``); with ``out``, its credential is written there owner-only."""
    return _new_login(
        url, name, out, by, make_login=devices.admin_login, action=AuditAction.ADMIN_LOGIN
    )


def _new_login(
    url: str,
    name: str,
    out: Path | None,
    by: str | None,
    *,
    make_login: Callable[[psycopg.Connection[tuple[object, ...]], str], Credential],
    action: AuditAction,
) -> Credential:
    """A login made by ``make_login`` and its audit entry in one transaction."""
    _check_name(name)

    def make(conn: psycopg.Connection[tuple[object, ...]]) -> Credential:
        audit.require(conn)
        with conn.transaction():
            credential = make_login(conn, name)
            audit.record(conn, by, action, name, login_role=credential.user)
        return credential

    return _made(url, out, make, f"the login of {name} was made")


def _made(
    url: str,
    out: Path | None,
    make: Callable[[psycopg.Connection[tuple[object, ...]]], Credential],
    done: str,
) -> Credential:
    """A login made by ``make`` on the server; with ``out``, its credential written there,
    owner-only. The file is made first, so a file already there changes nothing on the server."""
    if out is None:
        with _connected(url) as conn:
            return make(conn)
    try:
        handle = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, CREDENTIAL_FILE_MODE)
    except OSError as exc:
        raise ServerProblemError(
            f"{out}: the credential file cannot be made ({exc.strerror})"
        ) from None
    written = False
    try:
        with _connected(url) as conn:
            credential = make(conn)
        try:
            os.write(handle, (credential.conninfo() + "\n").encode("ascii"))
            os.fsync(handle)
        except OSError as exc:
            raise ServerProblemError(
                f"{out}: the credential cannot be written ({exc.strerror}); {done}"
                " all the same: revoke it and make another"
            ) from None
        written = True
    finally:
        os.close(handle)
        if not written:
            with contextlib.suppress(OSError):
                out.unlink()
    return credential


def _check_name(name: str) -> None:
    try:
        devices.check_name(name)
    except (DeviceError, audit.AuditMissingError) as exc:
        raise ServerProblemError(str(exc)) from None
    except ConflictError as exc:
        raise ConflictRefusedError(str(exc)) from None


def _check_clinic(clinic: str) -> None:
    try:
        devices.check_clinic(clinic)
    except DeviceError as exc:
        raise ServerProblemError(str(exc)) from None


def revoke(url: str, name: str, *, by: str | None = None) -> Device:
    """Shut the kiosk's login out and mark the device revoked (audited); end its sessions."""
    with _connected(url) as conn:
        audit.require(conn)
        with conn.transaction():
            role = devices.mark_revoked(conn, name)
            audit.record(conn, by, AuditAction.DEVICE_REVOKE, name, login_role=role)
        devices.end_sessions(conn, role)
        return devices.device(conn, name)


def import_appointments(
    url: str, path: Path, *, clinic: str = devices.DEFAULT_CLINIC, by: str | None = None
) -> int:
    """Book the appointments of a CSV file on the server for ``clinic``, every row or none, for
    that clinic's kiosks to pull; how many. AppointmentImportError names the file and the line
    of a bad row."""
    _check_clinic(clinic)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AppointmentImportError(f"{path}: cannot be read ({exc})") from None
    rows = parse_csv(text, str(path))
    with _connected(url) as conn, conn.transaction():
        audit.require(conn)
        count = admin.import_appointments(conn, rows, clinic)
        days = sorted({row.day.isoformat() for row in rows})
        audit.record(
            conn,
            by,
            AuditAction.APPOINTMENTS_IMPORT,
            path.name,
            appointments=count,
            days=days,
            clinic=clinic,
        )
        return count


def status(url: str) -> list[DeviceState]:
    """Every enrolled kiosk: last seen, clock, steps, sequence gaps, conflicts."""
    with _connected(url) as conn:
        return admin.device_states(conn)


def records_problems(url: str) -> int:
    """How many stored steps the clinic's records could not take (the steps are kept)."""
    with _connected(url) as conn:
        return admin.records_problems(conn)


def conflicts_open(url: str, *, resolved: bool = False) -> list[Conflict]:
    """The conflicts an admin has still to resolve (with ``resolved``, all of them), by id."""
    with _connected(url) as conn:
        return conflicts.listed(conn, resolved=resolved)


def resolve_conflict(
    url: str, conflict_id: int, how: Resolution, *, by: str | None = None
) -> Conflict:
    """Resolve one open conflict (keep the server's content, or take the kiosk's and make the
    intake's records again), with its audit entry, in one transaction. ``by``: who (None: the
    server login)."""
    with _connected(url) as conn:
        audit.require(conn)
        return resolved(conn, conflict_id, how, by)


def resolved(
    conn: psycopg.Connection[tuple[object, ...]],
    conflict_id: int,
    how: Resolution,
    by: str | None,
) -> Conflict:
    """``resolve_conflict`` on an open connection: the resolution and its audit entry in one
    transaction. ConflictError when it cannot be resolved that way."""
    with conn.transaction():
        who = by or _login(conn)
        done = conflicts.resolve(conn, conflict_id, how, who)
        audit.record(
            conn,
            who,
            AuditAction.CONFLICT_RESOLVE,
            f"conflict {conflict_id}",
            resolution=str(how),
            device=done.device,
            step=done.step_uuid,
            intake=done.intake,
            reason=done.reason,
        )
        return done


def _login(conn: psycopg.Connection[tuple[object, ...]]) -> str:
    row = conn.execute("SELECT session_user::text").fetchone()
    assert row is not None
    return str(row[0])


@dataclass(frozen=True)
class AuditCheck:
    """The server's audit chain checked: how many entries, the first bad one (None: sound) and
    the newest entry's hash (to note down: a log cut short or rewritten no longer ends in it)."""

    entries: int
    problem: tuple[int, str] | None
    head_hash: str | None


def audit_check(url: str) -> AuditCheck:
    """Walk the server's audit chain and recompute every hash here."""
    with _connected(url) as conn:
        audit.require(conn)
        found = audit.checked(conn)
    head = found[-1].hash if found else None
    return AuditCheck(len(found), first_bad(found), head)


def audit_entries(
    url: str, *, actor: str | None = None, action: str | None = None
) -> list[AuditEntry]:
    """The server's audit entries, oldest first, optionally of one person or action."""
    with _connected(url) as conn:
        audit.require(conn)
        return audit.entries(conn, actor=actor, action=action)


def staff_add(
    url: str,
    name: str,
    role: Role | str,
    pin: str,
    *,
    by: str | None = None,
    cost: int | None = None,
) -> StaffMember:
    """A new, active staff member on the server, for every station (``staff_add``, audited on
    the server). The PIN is hashed here (kiosk.core.pins): only its hash reaches the server.
    PinPolicyError for a weak PIN; ServerProblemError for a taken name or a server refusing."""
    name = clean_name(name)
    problem = pins.pin_problem(pin)
    if problem is not None:
        raise PinPolicyError(problem)
    pin_hash = pins.hash_pin(pin, cost=pins.DEFAULT_COST if cost is None else cost)
    with _connected(url) as conn, conn.transaction():
        audit.require(conn)
        member = server_staff.insert(conn, name, role, pin_hash)
        audit.record(
            conn, by, AuditAction.STAFF_ADD, f"staff {member.id}",
            name=member.name, role=member.role.value,
        )  # fmt: skip
        return member


def staff_members(url: str) -> list[StaffMember]:
    """Every staff member on the server, inactive ones too, by name (never a PIN hash)."""
    with _connected(url) as conn:
        return server_staff.members(conn, include_disabled=True)
