"""PDF documents made with reportlab: data in, bytes out."""

from kiosk.documents.consent_pdf import render_consent

__all__ = ["render_consent"]
