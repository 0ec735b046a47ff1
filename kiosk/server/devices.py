"""Enrolling a kiosk (a LOGIN role in ``kiosk_device``) and revoking it; a nurse station's
login (a LOGIN role in ``kiosk_station``)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

import psycopg
from psycopg import sql

GROUP = "kiosk_device"
STATION_GROUP = "kiosk_station"
ADMIN_GROUP = "kiosk_admin"
RESERVED = frozenset({"device", "station", "admin"})  # kiosk_device...: groups, not kiosks
DEFAULT_CLINIC = "main"  # the clinic of a server that serves one
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
CLINIC_ID = _NAME  # a clinic id is written as a device name is


class DeviceError(Exception):
    """A device name that is wrong, taken or unknown; the message says which."""


@dataclass(frozen=True)
class Credential:
    """A kiosk's login, shown once: the role and its password."""

    user: str
    password: str

    def conninfo(self) -> str:
        """The libpq ``user=... password=...`` pair the kiosk adds to the server's URL."""
        return f"user={self.user} password={self.password}"


@dataclass(frozen=True)
class Device:
    """An enrolled kiosk as the server records it."""

    name: str
    login_role: str
    enrolled_at: datetime
    revoked_at: datetime | None
    clinic: str = DEFAULT_CLINIC


def login_role(name: str) -> str:
    """The database role of the kiosk called ``name``: ``kiosk_<name>``."""
    check_name(name)
    return f"kiosk_{name}"


def check_name(name: str) -> None:
    """A device name is lower-case letters, digits and underscores, a letter first, up to 40."""
    if not _NAME.match(name):
        raise DeviceError(
            f"{name!r}: a device name is a lower-case letter, then letters, digits or _ (up to 40)"
        )
    if name in RESERVED:
        raise DeviceError(f"{name!r}: the name is kept for the server's own roles; choose another")


def check_clinic(clinic: str) -> None:
    """A clinic id is written as a device name is: ``north``, ``riverside_2``."""
    if not CLINIC_ID.match(clinic):
        raise DeviceError(
            f"{clinic!r}: a clinic id is a lower-case letter, then letters, digits or _ (up to 40)"
        )


def enrol(
    conn: psycopg.Connection[tuple[object, ...]], name: str, clinic: str = DEFAULT_CLINIC
) -> Credential:
    """Create the kiosk's login in the ``kiosk_device`` group and record the device in
    ``clinic``, in one transaction. Only a SCRAM verifier made here reaches the server, never
    the password."""
    role = login_role(name)
    check_clinic(clinic)
    password = secrets.token_urlsafe(32)
    verifier = conn.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    with conn.transaction():
        taken = conn.execute("SELECT 1 FROM devices WHERE name = %s", (name,)).fetchone()
        if taken is not None:
            raise DeviceError(
                f"{name}: already enrolled (a name is never reused, even revoked: enrol another)"
            )
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
            raise DeviceError(f"{name}: the role {role} exists already on this server")
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                sql.Identifier(role), sql.Literal(verifier.decode()), sql.Identifier(GROUP)
            )
        )
        if clinic == DEFAULT_CLINIC:  # the column's default (a schema before clinics: no column)
            conn.execute("INSERT INTO devices (name, login_role) VALUES (%s, %s)", (name, role))
        else:
            conn.execute(
                "INSERT INTO devices (name, login_role, clinic) VALUES (%s, %s, %s)",
                (name, role, clinic),
            )
    return Credential(role, password)


def station_role(name: str) -> str:
    """The database role of the nurse station called ``name``: ``station_<name>``."""
    check_name(name)
    return f"station_{name}"


def station_login(conn: psycopg.Connection[tuple[object, ...]], name: str) -> Credential:
    """Create a nurse station's login in the ``kiosk_station`` group (it may read the clinic's
    records and call the station functions, nothing else), in the caller's transaction or one
    of its own. Only a SCRAM verifier made here reaches the server, never the password."""
    return _group_login(conn, name, station_role(name), STATION_GROUP, "station login")


def admin_role(name: str) -> str:
    """The database role of the admin login called ``name``: ``admin_<name>``."""
    check_name(name)
    return f"admin_{name}"


def admin_login(conn: psycopg.Connection[tuple[object, ...]], name: str) -> Credential:
    """Create an admin login in the ``kiosk_admin`` group (staff, appointments, conflicts and
    the audit log, as the admin pages need them; nothing else), as ``station_login`` does."""
    return _group_login(conn, name, admin_role(name), ADMIN_GROUP, "admin login")


def _group_login(
    conn: psycopg.Connection[tuple[object, ...]], name: str, role: str, group: str, what: str
) -> Credential:
    password = secrets.token_urlsafe(32)
    verifier = conn.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    with conn.transaction():
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
            raise DeviceError(f"{name}: the {what} {role} exists already on this server")
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                sql.Identifier(role), sql.Literal(verifier.decode()), sql.Identifier(group)
            )
        )
    return Credential(role, password)


def revoke(conn: psycopg.Connection[tuple[object, ...]], name: str) -> Device:
    """Turn the kiosk's login off (NOLOGIN), mark it revoked and end its open sessions."""
    with conn.transaction():
        role = mark_revoked(conn, name)
    end_sessions(conn, role)
    return device(conn, name)


def mark_revoked(conn: psycopg.Connection[tuple[object, ...]], name: str) -> str:
    """Turn the kiosk's login off (NOLOGIN) and mark it revoked, in the caller's transaction
    (or one of its own); its login role. Its open sessions end with ``end_sessions`` after
    COMMIT."""
    check_name(name)
    with conn.transaction():
        row = conn.execute(
            "UPDATE devices SET revoked_at = coalesce(revoked_at, now()) WHERE name = %s"
            " RETURNING login_role",
            (name,),
        ).fetchone()
        if row is None:
            raise DeviceError(f"{name}: no such device")
        role = str(row[0])
        conn.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(role)))
    return role


def end_sessions(conn: psycopg.Connection[tuple[object, ...]], role: str) -> None:
    """End every open session of the login ``role`` (after its NOLOGIN was committed)."""
    conn.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (role,)
    )


def device(conn: psycopg.Connection[tuple[object, ...]], name: str) -> Device:
    """The device called ``name``."""
    row = conn.execute(
        "SELECT name, login_role, enrolled_at, revoked_at, clinic FROM devices WHERE name = %s",
        (name,),
    ).fetchone()
    if row is None:
        raise DeviceError(f"{name}: no such device")
    return Device(str(row[0]), str(row[1]), row[2], row[3], str(row[4]))  # type: ignore[arg-type]
