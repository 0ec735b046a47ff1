"""Who works the staff side: roles, accounts as the kiosk sees them, sign-in outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    """What a staff member may do: nurses run the station, admins also manage staff."""

    NURSE = "nurse"
    ADMIN = "admin"


NAME_MAX = 60


class StaffError(ValueError):
    """A staff change that cannot be made; the message says why in plain words."""


class LastAdminError(StaffError):
    """The change would leave no active admin; ``name`` is the admin it would have removed."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"{name} is the last active admin: add or enable another admin first, so someone"
            " can still manage staff"
        )
        self.name = name


class PinPolicyError(StaffError):
    """A new PIN the policy refuses; ``code`` is one of ``kiosk.core.pins.PROBLEMS``."""

    def __init__(self, code: str) -> None:
        super().__init__(f"the PIN is refused: {code}")
        self.code = code


class Reason(StrEnum):
    """How a sign-in attempt ended."""

    OK = "ok"
    WRONG_PIN = "wrong_pin"
    LOCKED = "locked"
    DISABLED = "disabled"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class StaffMember:
    """One staff account as the rest of the kiosk sees it (no PIN hash, no counters)."""

    id: int
    name: str
    role: Role
    disabled: bool


@dataclass(frozen=True)
class SignIn:
    """The outcome of one attempt; ``member`` is set exactly when ``ok``.

    ``locked_until`` is set when the account is locked, including by this very attempt (the
    last allowed wrong PIN answers ``locked``, not ``wrong_pin``).
    """

    ok: bool
    member: StaffMember | None
    locked_until: datetime | None
    attempts_left: int
    reason: Reason


def clean_name(name: str) -> str:
    """The name as stored: inner spaces collapsed; StaffError when empty, too long or odd."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise StaffError("the name is empty")
    if len(cleaned) > NAME_MAX:
        raise StaffError(f"the name is longer than {NAME_MAX} characters")
    if not cleaned.isprintable():
        raise StaffError("the name has characters that cannot be shown")
    return cleaned


def parse_role(role: Role | str) -> Role:
    """``role`` as a Role; StaffError naming the roles when it is none of them."""
    try:
        return Role(role)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise StaffError(f"unknown role {role!r} (one of: {choices})") from None


@dataclass(frozen=True)
class Signer:
    """Who acts, as records and the audit log name them (None id: the command line)."""

    id: int | None
    name: str
