"""The patient's intake on a kiosk: the session over the kiosk's own store and its signed copy."""

from __future__ import annotations

from kiosk.core.consent import ConsentCopy
from kiosk.core.session import ConsentRenderer, IntakeSession
from kiosk.services.context import KioskContext


def render_signed_copy(copy: ConsentCopy) -> bytes:
    """The consent's signed PDF copy (kiosk.documents.consent_pdf). reportlab is loaded here,
    at the first consent signed, not with the patient screens: Welcome does not need it."""
    from kiosk.documents.consent_pdf import render_consent  # noqa: PLC0415

    return render_consent(copy)


CONSENT_RENDERER: ConsentRenderer = render_signed_copy
"""What makes the consent's signed PDF copy (reportlab), for the patient screens."""


def start_session(
    context: KioskContext, render: ConsentRenderer = render_signed_copy
) -> IntakeSession:
    """A new intake session: every confirmed step is committed to the kiosk's database."""
    return IntakeSession(context.forms, context.intakes, context.clock, render)
