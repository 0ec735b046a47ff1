"""Consent versions: how often each was signed, and publishing the next one from a TOML file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from kiosk.core.audit import AuditAction
from kiosk.core.forms import FormError, load_forms
from kiosk.core.forms.loader import parse_consent, read_toml
from kiosk.services.context import KioskContext, forms_dir


class PublishError(ValueError):
    """A consent file that cannot be published; the message says why in plain words."""


class ConsentVersion(NamedTuple):
    """One consent version as the admin sees it."""

    version: int
    title_en: str
    signed_count: int
    is_current: bool


def forms_folder(context: KioskContext) -> Path:
    """The forms folder the context was loaded from."""
    return context.forms_folder if context.forms_folder is not None else forms_dir()


def consent_summary(context: KioskContext) -> list[ConsentVersion]:
    """Every version, oldest first, with how many signed consents the database holds for it."""
    counts = {
        int(row["version"]): int(row["n"])
        for row in context.db.query("SELECT version, count(*) AS n FROM consents GROUP BY version")
    }
    current = context.forms.consent.version
    return [
        ConsentVersion(number, consent.title.get("en"), counts.get(number, 0), number == current)
        for number, consent in sorted(context.forms.consents.items())
    ]


def publish_consent(context: KioskContext, source: Path, actor: str) -> int:
    """Copy ``source`` in as the next version, reload the forms and audit it; the new number.

    Signed copies are stored with their text and PDF and are never touched. A version the audit
    log cannot record is removed again and the forms are as before.
    """
    folder = forms_folder(context)
    name = source.name
    try:
        data = read_toml(source, name)
        consent = parse_consent(data, name, context.forms.settings.placeholders())
    except FormError as problem:
        raise PublishError(str(problem)) from None
    expected = context.forms.consent.version + 1
    if consent.version != expected:
        raise PublishError(
            f"{name}: the version must be {expected} (the current one is {expected - 1}),"
            f" not {consent.version}"
        )
    target = folder / "consent" / f"v{consent.version}.toml"
    content = source.read_bytes()
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise PublishError(f"{target} already exists; it is never overwritten") from None
    except OSError as exc:
        raise PublishError(f"{target} cannot be written ({exc.strerror})") from None
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    previous = context.forms
    try:
        context.forms = load_forms(folder)
    except FormError as problem:
        target.unlink()
        raise PublishError(str(problem)) from None
    try:
        with context.act() as act:
            act.record(actor, AuditAction.PUBLISH_CONSENT, f"v{consent.version}")
    except BaseException:  # never a published version the audit log does not show
        target.unlink(missing_ok=True)
        context.forms = previous
        raise
    return consent.version
