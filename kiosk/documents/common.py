"""Helpers every PDF document shares: safe markup for text from anyone, and the letter page set-up."""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import letter
from reportlab.platypus import SimpleDocTemplate

from kiosk.documents.fonts import clean_text, display_text


def markup(text: str) -> str:
    """Plain text as safe Paragraph markup: cleaned, in drawing order, with <, > and & escaped."""
    return escape(display_text(text))


def letter_document(
    buffer: BytesIO,
    *,
    margin_x: float,
    margin_y: float,
    title: str,
    author: str,
    language: str,
    subject: str = "",
) -> SimpleDocTemplate:
    """A US-letter document that gives identical bytes for identical content (``invariant``)."""
    return SimpleDocTemplate(
        buffer,
        pagesize=letter,
        invariant=1,
        leftMargin=margin_x,
        rightMargin=margin_x,
        topMargin=margin_y,
        bottomMargin=margin_y,
        title=_one_line(title),
        author=_one_line(author),
        subject=subject,
        creator="infusion-kiosk",
        lang=language,
    )


def _one_line(text: str) -> str:
    """A metadata field on one line: any line break or run of white space is one space."""
    return " ".join(clean_text(text).split())
