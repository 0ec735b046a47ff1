"""Helpers every PDF document shares: text from anyone made safe for reportlab's markup."""

from __future__ import annotations

from xml.sax.saxutils import escape

from kiosk.documents.fonts import display_text


def markup(text: str) -> str:
    """Plain text as safe Paragraph markup: cleaned, in drawing order, with <, > and & escaped."""
    return escape(display_text(text))
