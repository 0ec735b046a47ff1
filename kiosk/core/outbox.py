"""What a kiosk hands to the clinic server: each confirmed step as canonical JSON and its SHA-256."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from kiosk.core.clock import utc_iso
from kiosk.core.consent import SignedConsent
from kiosk.core.flags import Flag, Level
from kiosk.core.records import NewIntake, StepRecord

FORMAT = 1
"""The version of the step content below; the server records it with every step."""


class Kind(StrEnum):
    """What a step in the outbox is."""

    CHECK_IN = "check_in"  # the patient identified: a new intake
    STEP = "step"  # a page or question confirmed
    CONSENT = "consent"  # the consent signed: the intake is complete


@dataclass(frozen=True)
class Entry:
    """One outbox entry before it is stored: its kind, canonical text and urgency."""

    kind: Kind
    text: str
    urgent: bool

    @property
    def sha256(self) -> str:
        """The lower-case hex SHA-256 of the UTF-8 text (what the server checks and compares)."""
        return sha256_hex(self.text)


@dataclass(frozen=True)
class Pending:
    """A stored entry not yet acknowledged by the server, in the order it is sent."""

    sequence: int
    uuid: str
    intake: str
    text: str
    sha256: str
    urgent: bool


def canonical(content: Mapping[str, Any]) -> str:
    """Sorted keys, no spaces, UTF-8 as is: the one text a content is hashed and sent as."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(text: str) -> str:
    """The lower-case hex SHA-256 of ``text`` in UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _entry(kind: Kind, intake: str, content: dict[str, Any], urgent: bool = False) -> Entry:
    return Entry(
        kind, canonical({"format": FORMAT, "kind": kind.value, "intake": intake, **content}), urgent
    )


def is_urgent(flags: Iterable[Flag]) -> bool:
    """An item 9 alert or a red flag: its intake is sent ahead of the rest."""
    return any(flag.alert or flag.level is Level.RED for flag in flags)


def check_in(intake: str, new: NewIntake, appointment: str | None) -> Entry:
    """The patient identified: who, which day, the server appointment matched (its UUID)."""
    return _entry(
        Kind.CHECK_IN,
        intake,
        {
            "day": new.day.isoformat(),
            "first_name": new.identity.first_name,
            "last_name": new.identity.last_name,
            "birth_date": new.identity.birth_date.isoformat(),
            "appointment": appointment,
            "verified": new.appointment_id is not None,
            "language": new.language,
            "form_versions": dict(sorted(new.form_versions.items())),
            "at": utc_iso(new.created_at),
        },
    )


def flag_content(flag: Flag) -> dict[str, Any]:
    """A flag as JSON: code, level, source, its reason in every language, alert."""
    return {
        "code": flag.code,
        "level": flag.level.value,
        "source": flag.source,
        "reason": dict(sorted(flag.reason.values.items())),
        "alert": flag.alert,
    }


def step(intake: str, record: StepRecord, at: datetime) -> Entry:
    """A confirmed page or question: its answers as the patient saw them, flags, score, stage."""
    score = record.score
    return _entry(
        Kind.STEP,
        intake,
        {
            "step": record.step_key,
            "form": record.form_id,
            "replaces": list(record.replaces),
            "answers": [
                {
                    "form": a.form_id,
                    "question": a.question_id,
                    "value": a.value,
                    "question_text": a.question_text,
                    "answer_text": a.answer_text,
                }
                for a in record.answers
            ],
            "flags": [flag_content(flag) for flag in record.flags],
            "score": None
            if score is None
            else {
                "instrument": score.instrument,
                "total": score.total,
                "severity": score.severity.key,
            },
            "stage": record.stage.value if record.stage is not None else None,
            "at": utc_iso(at),
        },
        urgent=is_urgent(record.flags),
    )


def consent(intake: str, signed: SignedConsent, at: datetime) -> Entry:
    """The signed consent with its PDF copy (base64, the signature drawn in it, or the typed
    name or the witness written in it) and how it was signed: complete."""
    return _entry(
        Kind.CONSENT,
        intake,
        {
            "version": signed.version,
            "language": signed.language,
            "text_sha256": signed.text_sha256,
            "printed_name": signed.printed_name,
            "meaning": signed.meaning,
            "signed_at": utc_iso(signed.signed_at_utc),
            "agreed_sections": list(signed.agreed_sections),
            "pdf_sha256": signed.pdf_sha256,
            "pdf": base64.b64encode(signed.pdf).decode("ascii"),
            "at": utc_iso(at),
            "signature_method": signed.method.value,
            "typed_name": signed.typed_name,
            "witness": None
            if signed.witness is None
            else {
                "staff_id": signed.witness.staff_id,
                "name": signed.witness.name,
                "accounts": signed.witness.accounts.value,
            },
        },
    )


def backoff_seconds(failures: int, *, first: float = 1.0, most: float = 60.0) -> float:
    """How long the sync waits after ``failures`` failures in a row: 1, 2, 4... up to a minute."""
    if failures <= 0:
        return 0.0
    return float(min(most, first * 2.0 ** min(failures - 1, 16)))
