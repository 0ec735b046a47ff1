"""What every PDF shares: safe markup from anyone's text, and a letter page with identical bytes."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph

from kiosk.documents.common import letter_document, markup
from kiosk.documents.fonts import PLACEHOLDER


def test_markup_escapes_what_paragraph_markup_would_read() -> None:
    """<, > and & come out escaped, so a name such as '<b>Ana</b> & co' is shown, not obeyed."""
    assert markup("<b>Ana</b> & co") == "&lt;b&gt;Ana&lt;/b&gt; &amp; co"


def test_markup_cleans_before_it_escapes() -> None:
    """A line break is a space and a control character the placeholder, then the text is escaped."""
    assert markup("A\r\nB\x00<") == f"A B{PLACEHOLDER}&lt;"


def render(title: str, text: str) -> bytes:
    """A one-paragraph letter document."""
    buffer = BytesIO()
    document = letter_document(
        buffer, margin_x=72, margin_y=72, title=title, author="Nurse\u2028Ana", language="es"
    )
    document.build([Paragraph(markup(text), getSampleStyleSheet()["Normal"])])
    return buffer.getvalue()


def test_the_same_content_gives_the_same_bytes() -> None:
    """A document is invariant: built twice, byte for byte the same; other text differs."""
    assert render("Copy", "Ana <Ruiz>") == render("Copy", "Ana <Ruiz>")
    assert render("Copy", "Ana <Ruiz>") != render("Copy", "Ana Ruiz")


def test_the_page_is_letter_with_a_clean_title_and_author() -> None:
    """US letter, the title and author on one line (a CR LF or a plain newline is a space), and
    the kiosk named as creator."""
    reader = PdfReader(BytesIO(render("Consent\r\n\ncopy", "x")))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == letter
    info = reader.metadata
    assert info is not None
    assert (info.title, info.author, info.creator) == (
        "Consent copy",
        "Nurse Ana",
        "infusion-kiosk",
    )
