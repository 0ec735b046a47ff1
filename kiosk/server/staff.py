"""Staff on the clinic server: the accounts every station signs in with, and each sign-in attempt
settled by the server itself (``staff_sign_in``), so the lockout counts across stations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg

from kiosk.core.forms.settings import StaffSettings
from kiosk.core.staff import (
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
