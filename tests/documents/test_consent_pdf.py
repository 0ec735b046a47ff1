"""The signed consent copy PDF: its text, its layout limits, and hostile input."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from kiosk.core.forms import load_forms, shipped_forms_dir
from kiosk.core.forms.model import Consent, ConsentSection
from kiosk.core.text import Localized
from kiosk.documents import consent_pdf, fonts, render_consent
from kiosk.documents.consent_pdf import format_signed_at
from kiosk.documents.fonts import display_text, register_fonts
from tests.helpers.consent import make_copy
from tests.helpers.images import tiny_png
from tests.helpers.pdf import pdf_text

ARABIC = "محمد"
HOSTILE_NAMES = {
    "quotes_and_tags": "O'Brien \"Jr\" <script>alert('x')</script> & <b>bold</b> &amp;",
    "emoji": "Ana 😀👩🏽‍⚕️🇲🇽 Ruiz",
    "arabic": ARABIC,
    "hebrew_and_digits": "שלום 123 Cohen",
    "combining": "Jose\u0301 Nun\u0303ez",
    "controls": "Ana\x00\x07\x1b\x7f\x85 Ruiz\r\n\tend",
    "lone_surrogate": "Ana \ud800 Ruiz",
    "long_word": "Ñ" * 10_000,
    "long_words": "Zoë " * 2_500,
}


def png_bytes(width: int = 120, height: int = 40) -> bytes:
    """A small RGBA PNG: a black diagonal stroke on a transparent background."""
    return tiny_png(width, height)


def localized(en: str, es: str) -> Localized:
    return Localized({"en": en, "es": es})


@pytest.fixture
def consent() -> Consent:
    """A small consent written here, so these tests do not depend on forms/."""
    return Consent(
        version=1,
        title=localized("Consent for ketamine infusion", "Consentimiento para la infusión"),
        meaning=localized(
            "I consent to ketamine infusion treatment",
            "Doy mi consentimiento para recibir tratamiento con infusión de ketamina",
        ),
        sections=(
            ConsentSection(
                "treatment",
                localized("About this treatment", "Sobre este tratamiento"),
                localized(
                    "A low dose through a drip.\n\nThis is regular care & not a study <really>.",
                    "Una dosis baja por goteo.\n\nEsto es atención normal y no un estudio.",
                ),
            ),
            ConsentSection(
                "right_to_stop",
                localized("You can stop at any time", "Puede parar en cualquier momento"),
                localized("Tell a nurse and we will stop.", "Dígale a una enfermera y pararemos."),
            ),
        ),
    )


def test_english_copy_shows_name_meaning_headings_and_hash(consent, tmp_path):
    """The English copy holds the clinic, title, version, headings, signer, dates and hash."""
    copy = make_copy(consent)
    text = pdf_text(render_consent(copy))
    expected = [
        "Riverside Infusion Clinic",
        "Consent for ketamine infusion",
        "Version 1",
        "About this treatment",
        "You can stop at any time",
        "This is regular care & not a study <really>.",
        "Agreed to each section: yes",
        "I consent to ketamine infusion treatment",
        "Printed name: Maria O'Brien",
        "Date of birth: 1984-03-09",
        "Signed: Saturday, November 21, 2026, 3:04 PM",
        "2026-11-21T20:04:00+00:00",
        f"Consent text SHA-256: {copy.text_sha256}",
        "Page 1 of 1",
    ]
    for line in expected:
        assert line in text


def test_spanish_copy_uses_spanish_text_labels_and_date(consent, tmp_path):
    """The Spanish copy has the Spanish consent, labels, weekday and month."""
    copy = make_copy(consent, "es")
    text = pdf_text(render_consent(copy))
    expected = [
        "Consentimiento para la infusión",
        "Versión 1",
        "Sobre este tratamiento",
        "Puede parar en cualquier momento",
        "Doy mi consentimiento",
        "Aceptó cada sección: sí",
        "Firmado: sábado, 21 de noviembre de 2026, 15:04",
        copy.text_sha256,
        "Página 1 de 1",
    ]
    for line in expected:
        assert line in text
    assert "Signed:" not in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_shipped_consent_shows_every_section_heading(language, tmp_path):
    """The consent shipped in forms/ renders with all its headings, the meaning and the hash."""
    shipped = load_forms(shipped_forms_dir()).consent
    copy = make_copy(shipped, language)
    pdf = render_consent(copy)
    text = " ".join(pdf_text(pdf).split())
    for section in shipped.sections:
        assert " ".join(section.heading.get(language).split()) in text
    assert " ".join(copy.meaning.split()) in text
    assert copy.text_sha256 in text
    pages = len(PdfReader(BytesIO(pdf)).pages)
    for page in range(1, pages + 1):
        footer = pdf_text(pdf, "-f", str(page), "-l", str(page))
        assert copy.text_sha256 in footer
        label = "Page {} of {}" if language == "en" else "Página {} de {}"
        assert label.format(page, pages) in footer


def test_same_copy_gives_identical_bytes(consent):
    """Rendering the same copy twice gives byte-identical PDFs (invariant mode)."""
    copy = make_copy(consent, printed_name=HOSTILE_NAMES["arabic"])
    first = render_consent(copy)
    assert first.startswith(b"%PDF-")
    assert render_consent(copy) == first


def test_different_signers_give_different_bytes(consent):
    """The bytes depend on the content: another name gives another PDF."""
    assert render_consent(make_copy(consent)) != render_consent(
        make_copy(consent, printed_name="Someone Else")
    )


@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_hostile_name_renders(consent, name):
    """A name with markup, emoji, right-to-left text, controls or 10,000 characters renders."""
    pdf = render_consent(make_copy(consent, printed_name=name))
    assert len(PdfReader(BytesIO(pdf)).pages) >= 1


def test_hostile_name_text_survives(consent, tmp_path):
    """Markup shows as typed, Arabic and the accented name read back, controls show as U+FFFD."""
    name = " ".join(HOSTILE_NAMES[key] for key in ("quotes_and_tags", "arabic", "combining"))
    name += " \x00\x07 end"
    text = " ".join(pdf_text(render_consent(make_copy(consent, printed_name=name))).split())
    # The PDF holds Arabic in its joined presentation forms; NFKC maps them back to the letters.
    normal = unicodedata.normalize("NFKC", text)
    assert HOSTILE_NAMES["quotes_and_tags"] in text
    assert ARABIC in normal
    assert unicodedata.normalize("NFC", "José Nuñez") in unicodedata.normalize("NFC", text)
    assert "\x00" not in text
    assert "\x07" not in text
    assert "\ufffd\ufffd" in text  # where pdftotext puts it next to the Arabic may vary


@pytest.mark.parametrize("name", [HOSTILE_NAMES["long_word"], HOSTILE_NAMES["long_words"]])
def test_long_name_wraps_inside_the_margins(consent, tmp_path, name):
    """A 10,000-character name wraps over lines and pages instead of running off the page."""
    pdf = render_consent(make_copy(consent, printed_name=name))
    bbox = pdf_text(pdf, "-bbox")
    page_width = 612
    right = [float(part.split('"')[1]) for part in bbox.split() if part.startswith("xMax=")]
    assert right
    assert max(right) <= page_width - consent_pdf.MARGIN + 1
    assert bbox.count("Ñ" if "Ñ" in name else "Zoë") > 0


@pytest.mark.parametrize(
    "signature",
    [b"", b"not an image at all", png_bytes()[:60], b"\x89PNG\r\n\x1a\n" + b"\x00" * 40],
    ids=["empty", "text", "truncated", "header_only"],
)
def test_unreadable_signature_raises_value_error(consent, signature):
    """Signature bytes that are not a readable image raise ValueError."""
    with pytest.raises(ValueError, match="signature"):
        render_consent(make_copy(consent, signature_png=signature))


def test_unknown_language_raises_value_error(consent):
    """A language the PDF has no labels for is refused clearly."""
    with pytest.raises(ValueError, match="fr"):
        render_consent(replace(make_copy(consent), language="fr"))


def test_signature_fits_its_box(consent):
    """A wide and a tall signature are both drawn within 3.5 x 1.3 inches, keeping their shape."""
    for width, height in ((1200, 100), (100, 400)):
        image = consent_pdf._signature_image(png_bytes(width, height))
        assert image.drawWidth <= 3.5 * 72 + 1e-6
        assert image.drawHeight <= 1.3 * 72 + 1e-6
        assert image.drawWidth / image.drawHeight == pytest.approx(width / height)


@pytest.mark.parametrize(
    ("moment", "language", "expected"),
    [
        (datetime(2026, 11, 21, 15, 4), "en", "Saturday, November 21, 2026, 3:04 PM"),
        (datetime(2026, 11, 21, 15, 4), "es", "sábado, 21 de noviembre de 2026, 15:04"),
        (datetime(2026, 1, 5, 0, 7), "en", "Monday, January 5, 2026, 12:07 AM"),
        (datetime(2026, 1, 5, 12, 30), "en", "Monday, January 5, 2026, 12:30 PM"),
        (datetime(2026, 1, 7, 9, 5), "es", "miércoles, 7 de enero de 2026, 09:05"),
    ],
)
def test_signed_time_is_written_out(moment, language, expected):
    """The local signing time is written with our own month and weekday names."""
    assert format_signed_at(moment, language) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Maria", "Maria"),
        ("שלום", "םולש"),
        ("Ana שלום 12 end", "Ana 12 םולש end"),
        ("لا", "\ufefb"),
        ("a\x00b\x1fc\td\ne\r\nf\u202eg", "a\ufffdb\ufffdc\td\ne f\ufffdg"),
    ],
)
def test_display_text_orders_and_cleans(text, expected):
    """Right-to-left runs are reversed for drawing, lam-alef joins, controls show as U+FFFD."""
    assert display_text(text) == expected


def test_arabic_letters_join():
    """محمد is drawn with initial, medial, medial and final forms, right to left."""
    assert display_text(ARABIC) == "\ufeaa\ufee4\ufea4\ufee3"
    assert unicodedata.normalize("NFKC", display_text(ARABIC))[::-1] == ARABIC


def test_register_fonts_is_idempotent():
    """Registering the fonts twice gives the same names and no error."""
    assert register_fonts() == register_fonts() == ("DejaVuSans", "DejaVuSans-Bold")


def test_missing_font_names_the_path(tmp_path, monkeypatch):
    """A missing font file raises RuntimeError naming the file."""
    monkeypatch.setattr(fonts, "FONTS_DIR", tmp_path)
    register_fonts.cache_clear()
    try:
        with pytest.raises(RuntimeError, match=re.escape(str(tmp_path / "DejaVuSans.ttf"))):
            register_fonts()
    finally:
        register_fonts.cache_clear()
