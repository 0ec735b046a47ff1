"""Staff on the clinic server: the accounts every station signs in with, each sign-in attempt
settled by the server itself (``staff_sign_in``), so the lockout counts across stations, and an
admin's changes (``staff_change``), which never leave the clinic without an active admin."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg

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

Connection = psycopg.Connection[tuple[Any, ...]]


def _member(row: tuple[Any, ...]) -> StaffMember:
    return StaffMember(id=int(row[0]), name=str(row[1]), role=Role(row[2]), disabled=not row[3])


def insert(conn: Connection, name: str, role: Role | str, pin_hash: str) -> StaffMember:
    """Store a new, active member with a PIN already hashed (kiosk.core.pins) in the caller's
    transaction (or one of its own); StaffError for an empty, odd or taken name (any case)."""
    name = clean_name(name)
    role = parse_role(role)
    try:
        with conn.transaction():
            row = conn.execute(
                "INSERT INTO staff (name, role, pin_hash) VALUES (%s, %s, %s)"
                " RETURNING id, name, role, active",
                (name, role.value, pin_hash),
            ).fetchone()
    except psycopg.errors.UniqueViolation:
        raise StaffError(f"there is already a staff member called {name!r}") from None
    assert row is not None
    return _member(row)


def members(conn: Connection, *, include_disabled: bool = False) -> list[StaffMember]:
    """Members by name; inactive ones only when asked."""
    rows = conn.execute(
        "SELECT id, name, role, active FROM staff WHERE active OR %s ORDER BY lower(name), id",
        (include_disabled,),
    ).fetchall()
    return [_member(row) for row in rows]


def get(conn: Connection, staff_id: int) -> StaffMember | None:
    """One member, active or not; None when there is no such id."""
    row = conn.execute(
        "SELECT id, name, role, active FROM staff WHERE id = %s", (staff_id,)
    ).fetchone()
    return None if row is None else _member(row)


def named(conn: Connection, name: str) -> StaffMember | None:
    """The member called ``name`` (any case, spaces as stored), active or not; None: nobody."""
    row = conn.execute(
        "SELECT id, name, role, active FROM staff WHERE lower(name) = lower(%s)",
        (clean_name(name),),
    ).fetchone()
    return None if row is None else _member(row)


def locked(conn: Connection) -> dict[int, datetime]:
    """The members locked out now (too many wrong PINs), by id: until when."""
    rows = conn.execute(
        "SELECT id, locked_until FROM staff WHERE locked_until > clock_timestamp()"
    ).fetchall()
    return {int(row[0]): row[1] for row in rows}


def change(
    conn: Connection,
    staff_id: int,
    *,
    active: bool | None = None,
    role: Role | None = None,
    pin_hash: str | None = None,
    unlock: bool = False,
) -> StaffMember:
    """One change to a member in the caller's transaction (``staff_change``, the member's row
    locked to COMMIT): enabled or disabled, a role, a new PIN hash (which lifts any lockout), or
    only the lockout lifted. LastAdminError when it would leave no active admin; StaffError for
    an unknown member."""
    try:
        with conn.transaction():
            row = conn.execute(
                "SELECT id, name, role, active FROM staff_change(%s, %s, %s, %s, %s)",
                (staff_id, active, None if role is None else role.value, pin_hash, unlock),
            ).fetchone()
    except psycopg.errors.NoDataFound:
        raise StaffError(f"there is no staff member with id {staff_id}") from None
    except psycopg.Error as exc:
        if exc.sqlstate == LAST_ADMIN:
            raise LastAdminError(str(exc.diag.message_detail or "")) from None
        raise
    assert row is not None
    return _member(row)


LAST_ADMIN = "KS423"  # staff_change: the change would leave no active admin


class StaffAdminMissingError(Exception):
    """The server's schema predates staff administration (version 7): run ``server init``."""


def require_admin(conn: Connection) -> None:
    """Refuse, in words, a server whose schema has no staff administration yet."""
    row = conn.execute("SELECT to_regproc('public.staff_change') IS NOT NULL").fetchone()
    if row is None or not row[0]:
        raise StaffAdminMissingError(
            "the clinic server's schema has no staff administration yet:"
            " run python -m kiosk server init"
        )


def pin_hash(conn: Connection, staff_id: int) -> str | None:
    """The stored PIN hash to check a PIN against (on the station: scrypt is slow)."""
    row = conn.execute("SELECT staff_pin_hash(%s)", (staff_id,)).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def settle(
    conn: Connection,
    staff_id: int,
    *,
    right: bool,
    checked_hash: str,
    new_hash: str | None,
    settings: StaffSettings,
) -> SignIn:
    """The attempt counted on the server, in the caller's transaction: ``right`` whether the
    PIN matched ``checked_hash``; ``settings``' pin_attempts wrong PINs in a row lock the member
    for lockout_minutes, whichever stations they came from."""
    row = conn.execute(
        "SELECT outcome, attempts_left, locked_until FROM staff_sign_in(%s, %s, %s, %s, %s, %s)",
        (
            staff_id,
            right,
            checked_hash,
            new_hash,
            settings.pin_attempts,
            float(settings.lockout_minutes),
        ),
    ).fetchone()
    assert row is not None
    reason = Reason(str(row[0]))
    locked_until: datetime | None = row[2]
    member = get(conn, staff_id) if reason is Reason.OK else None
    return SignIn(reason is Reason.OK, member, locked_until, int(row[1]), reason)
