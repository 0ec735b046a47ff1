"""The signed consent: what is hashed, what the copy shows, what is stored."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from kiosk.core.forms.model import Consent


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def text_sha256(consent: Consent, language: str) -> str:
    """SHA-256 of the exact consent text the patient read."""
    return sha256_hex(consent.text(language).encode("utf-8"))


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
