"""PDF documents made with reportlab: data in, bytes out."""

from kiosk.documents.aftercare_pdf import render_aftercare
from kiosk.documents.consent_pdf import render_consent

__all__ = ["render_aftercare", "render_consent"]
