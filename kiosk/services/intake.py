"""The patient's intake on a kiosk: the session over the kiosk's own store and its signed copy."""

from __future__ import annotations

from kiosk.core.session import ConsentRenderer, IntakeSession
from kiosk.documents.consent_pdf import render_consent
from kiosk.services.context import KioskContext

CONSENT_RENDERER: ConsentRenderer = render_consent
"""What makes the consent's signed PDF copy (reportlab), for the patient screens."""


def start_session(context: KioskContext, render: ConsentRenderer = render_consent) -> IntakeSession:
    """A new intake session: every confirmed step is committed to the kiosk's database."""
    return IntakeSession(context.forms, context.intakes, context.clock, render)
