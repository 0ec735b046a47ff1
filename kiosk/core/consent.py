"""The signed consent: what is hashed, what the copy shows, what is stored."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kiosk.core.forms.model import Consent
from kiosk.core.validation import Problem, check_name


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def text_sha256(consent: Consent, language: str) -> str:
    """SHA-256 of the exact consent text the patient read."""
    return sha256_hex(consent.text(language).encode("utf-8"))


class SignatureMethod(StrEnum):
    """How the patient signed: drawn on the pad, a typed name with an attestation, or before a
    staff member who witnessed it."""

    DRAWN = "drawn"
    TYPED = "typed"
    WITNESSED = "witnessed"


class TypedProblem(StrEnum):
    """Why a typed signature cannot be taken yet."""

    NAME_REQUIRED = "name_required"
    NAME_NOT_A_NAME = "name_not_a_name"  # no letter in it: digits or marks only
    NAME_TOO_LONG = "name_too_long"
    NOT_ATTESTED = "not_attested"


def check_typed_signature(typed_name: str, attested: bool) -> tuple[str, TypedProblem | None]:
    """A typed signature: the full name, checked as the printed name is (cleaned, not blank, not
    too long) and holding at least one letter, and the tick "this is my signature"."""
    name, invalid = check_name("typed_name", typed_name)
    if invalid is not None:
        too_long = invalid.problem is Problem.TOO_LONG
        return "", TypedProblem.NAME_TOO_LONG if too_long else TypedProblem.NAME_REQUIRED
    if not any(char.isalpha() for char in name):
        return "", TypedProblem.NAME_NOT_A_NAME
    if not attested:
        return name, TypedProblem.NOT_ATTESTED
    return name, None


class StaffAccounts(StrEnum):
    """Whose staff accounts a staff id is one of: this kiosk's own, or the clinic server's (the
    two count their ids apart, so the same number names different people)."""

    KIOSK = "kiosk"
    SERVER = "server"


@dataclass(frozen=True)
class Witness:
    """The staff member who witnessed a patient's consent; ``accounts`` says where
    ``staff_id`` is an id: the kiosk's staff or the clinic server's."""

    staff_id: int
    name: str
    accounts: StaffAccounts = StaffAccounts.KIOSK


@dataclass(frozen=True)
class ConsentCopy:
    """Everything the signed PDF copy shows."""

    clinic_name: str
    consent: Consent
    language: str
    printed_name: str
    birth_date: str
    meaning: str
    signed_at_local: datetime
    signed_at_utc: datetime
    signature_png: bytes
    text_sha256: str
    agreed_sections: tuple[str, ...]
    method: SignatureMethod = SignatureMethod.DRAWN
    typed_name: str = ""  # the typed signature (method typed)
    witness: Witness | None = None  # method witnessed


@dataclass(frozen=True)
class SignedConsent:
    """The row stored in one transaction when the patient certifies the copy."""

    version: int
    language: str
    text_sha256: str
    printed_name: str
    meaning: str
    signed_at_utc: datetime
    signature_png: bytes
    pdf: bytes
    pdf_sha256: str
    agreed_sections: tuple[str, ...]
    method: SignatureMethod = SignatureMethod.DRAWN
    typed_name: str = ""
    witness: Witness | None = None
