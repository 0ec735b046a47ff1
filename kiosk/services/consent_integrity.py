"""Signed consents checked byte for byte: the PDF against its stored SHA-256, the text hash
against the consent version as published in the forms folder."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from kiosk.core.consent import text_sha256
from kiosk.core.forms import FormsBundle

PDF_CHANGED = "the PDF changed (its bytes no longer match the SHA-256 stored when it was signed)"


class NoSuchConsentError(LookupError):
    """There is no signed consent with that id."""


@dataclass(frozen=True)
class ConsentFinding:
    """One signed consent whose stored bytes or hashes no longer agree; never patient details."""

    consent_id: int
    intake_id: int
    version: int
    language: str
    signed_at: str
    problems: tuple[str, ...]

    def describe(self) -> str:
        """One line: which consent, of which intake, and what changed."""
        return (
            f"consent {self.consent_id} (intake {self.intake_id}, v{self.version}"
            f" {self.language}, signed {self.signed_at}): {'; '.join(self.problems)}"
        )


@dataclass(frozen=True)
class ConsentCheck:
    """How many consents were checked and the ones that changed."""

    checked: int
    findings: tuple[ConsentFinding, ...]


def _text_problem(row: dict[str, Any], forms: FormsBundle) -> str | None:
    version, language = int(row["version"]), str(row["language"])
    consent = forms.consents.get(version)
    if consent is None:
        return f"the text cannot be checked: consent v{version} is not in the forms folder"
    try:
        published = text_sha256(consent, language)
    except KeyError:
        return f"the text cannot be checked: consent v{version} has no {language!r} text"
    if published != row["text_sha256"]:
        return (
            f"the text changed (its stored SHA-256 differs from consent v{version} {language}"
            " as published now: the stored hash, the consent file or a setting its text uses"
            " was edited)"
        )
    return None


def _problems(row: dict[str, Any], forms: FormsBundle) -> tuple[str, ...]:
    problems = []
    text = _text_problem(row, forms)
    if text is not None:
        problems.append(text)
    pdf = row["pdf"]
    if not isinstance(pdf, bytes) or hashlib.sha256(pdf).hexdigest() != row["pdf_sha256"]:
        problems.append(PDF_CHANGED)
    return tuple(problems)


def _rows(db: Database, consent_id: int | None) -> Iterator[dict[str, Any]]:
    """One row at a time: a clinic's PDFs together would not fit in memory."""
    where, params = ("WHERE id = ?", [consent_id]) if consent_id is not None else ("", [])
    yield from db.query(
        "SELECT id, intake_id, version, language, signed_at, text_sha256, pdf, pdf_sha256"  # noqa: S608 - fixed text
        f" FROM consents {where} ORDER BY id",
        params,
    )


def check_consents(db: Database, forms: FormsBundle, consent_id: int | None = None) -> ConsentCheck:
    """Recompute the hashes of one consent (NoSuchConsentError if absent) or of every one."""
    checked = 0
    findings = []
    for row in _rows(db, consent_id):
        checked += 1
        problems = _problems(row, forms)
        if problems:
            findings.append(
                ConsentFinding(
                    consent_id=int(row["id"]),
                    intake_id=int(row["intake_id"]),
                    version=int(row["version"]),
                    language=str(row["language"]),
                    signed_at=str(row["signed_at"]),
                    problems=problems,
                )
            )
    if consent_id is not None and checked == 0:
        raise NoSuchConsentError(f"there is no signed consent with id {consent_id}")
    return ConsentCheck(checked, tuple(findings))
