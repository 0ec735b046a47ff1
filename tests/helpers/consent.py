"""A signed consent copy with fixed signer, moment and signature, for rendering the consent PDF."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from kiosk.core.consent import ConsentCopy, text_sha256
from kiosk.core.forms.model import Consent
from tests.helpers.images import tiny_png


def make_copy(consent: Consent, language: str = "en", **changes: Any) -> ConsentCopy:
    """A signed copy of ``consent`` on Saturday 21 November 2026 at 3:04 PM, UTC-5."""
    local = datetime(2026, 11, 21, 15, 4, tzinfo=timezone(timedelta(hours=-5)))
    copy = ConsentCopy(
        clinic_name="Riverside Infusion Clinic",
        consent=consent,
        language=language,
        printed_name="Maria O'Brien",
        birth_date="1984-03-09",
        meaning=consent.meaning.get(language),
        signed_at_local=local,
        signed_at_utc=local.astimezone(UTC),
        signature_png=tiny_png(120, 40),
        text_sha256=text_sha256(consent, language),
        agreed_sections=tuple(section.id for section in consent.sections),
    )
    return replace(copy, **changes)
