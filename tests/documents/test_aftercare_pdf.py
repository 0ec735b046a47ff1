"""The aftercare sheet PDF: what it says, that it fits one page, and hostile names."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from kiosk.core.aftercare import AftercareInput, AftercareSheet, SeenEffect, compose_aftercare
from kiosk.core.forms import FormsBundle
from kiosk.documents import aftercare_pdf, render_aftercare
from tests.helpers.pdf import pdf_text

CHICAGO = ZoneInfo("America/Chicago")
ARABIC = "محمد"
HOSTILE_NAMES = {
    "markup": "O'Brien \"Jr\" <script>alert('x')</script> & <b>bold</b> &amp;",
    "accents": "José Nuñez Ñandú Zoë Çelik",
    "arabic": ARABIC,
    "emoji": "Ana 😀👩🏽‍⚕️ Ruiz",
    "controls": "Ana\x00\x07\x1b\x7f\x85 Ruiz\r\n\tend",
    "long_word": "Ñ" * 10_000,
    "long_words": "Zoë " * 2_500,
}


def make_sheet(forms: FormsBundle, language: str = "en", **changes: object) -> AftercareSheet:
    """A sheet for a discharge on Saturday 21 November 2026 at 3:04 PM in Chicago."""
    data = AftercareInput(
        patient_name="Margaret O'Brien",
        language=language,
        discharged_at=datetime(2026, 11, 21, 15, 4, tzinfo=CHICAGO),
        driver_name="Ana Ruiz",
        driver_phone="(555) 123-4567",
        nurse_name="Kim Lee, RN",
        next_appointment=datetime(2026, 11, 28, 10, 0, tzinfo=CHICAGO),
    )
    return compose_aftercare(forms, replace(data, **changes), CHICAGO)


def flat(text: str) -> str:
    """Text with every run of white space (line breaks, no-break spaces) as one space."""
    return " ".join(text.split())


def pages(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


@pytest.mark.parametrize("language", ["en", "es"])
def test_sheet_text_holds_every_line(forms, tmp_path, language):
    """Patient, driver, the full no-driving line, instructions and help numbers are in the PDF."""
    sheet = make_sheet(forms, language)
    pdf = render_aftercare(sheet)
    text = flat(pdf_text(pdf))
    lines = [
        sheet.clinic_name,
        sheet.clinic_phone,
        sheet.title,
        sheet.patient_name,
        sheet.date_line,
        sheet.no_driving_line,
        sheet.ride_line,
        sheet.instructions_heading,
        *sheet.instructions,
        sheet.emergency_heading,
        *sheet.emergency_lines,
        sheet.questions_line,
        sheet.next_appointment_line,
        sheet.nurse_line,
    ]
    for line in lines:
        assert flat(line) in text
    assert "Ana Ruiz" in text
    assert "911" in text
    assert "988" in text
    assert pages(pdf) == 1


def test_english_and_spanish_no_driving_lines(forms, tmp_path):
    """The no-driving line reads in full, with weekday, date and time, in each language."""
    english = flat(pdf_text(render_aftercare(make_sheet(forms, "en"))))
    spanish = flat(pdf_text(render_aftercare(make_sheet(forms, "es"))))
    assert "Do not drive or use machinery until Sunday, November 22, 2026, 3:04 PM." in english
    assert "hasta el domingo, 22 de noviembre de 2026, 15:04." in spanish
    assert "Sunday" not in spanish


def test_without_next_appointment(forms, tmp_path):
    """With no appointment booked the sheet has no next-appointment line."""
    text = flat(pdf_text(render_aftercare(make_sheet(forms, next_appointment=None))))
    assert "Next appointment" not in text
    assert "Discharged by Kim Lee, RN" in text


@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_hostile_names_render(forms, name):
    """Markup, accents, Arabic, emoji, controls and 10,000 characters render as patient or driver."""
    for field in ("patient_name", "driver_name"):
        pdf = render_aftercare(make_sheet(forms, **{field: name}))
        assert pdf.startswith(b"%PDF-")
        assert pages(pdf) >= 1


def test_hostile_name_text_survives(forms, tmp_path):
    """Markup shows as typed, accents and Arabic read back, control characters show as U+FFFD."""
    name = " ".join(HOSTILE_NAMES[key] for key in ("markup", "accents", "arabic")) + " \x00\x07 end"
    text = flat(pdf_text(render_aftercare(make_sheet(forms, "es", patient_name=name))))
    assert HOSTILE_NAMES["markup"] in text
    assert HOSTILE_NAMES["accents"] in unicodedata.normalize("NFC", text)
    assert ARABIC in unicodedata.normalize("NFKC", text)
    assert "\x00" not in text
    assert "\x07" not in text
    assert "\ufffd\ufffd" in text  # where pdftotext puts it next to the Arabic may vary


@pytest.mark.parametrize("name", [HOSTILE_NAMES["long_word"], HOSTILE_NAMES["long_words"]])
def test_long_name_wraps_inside_the_margins(forms, tmp_path, name):
    """A 10,000-character name wraps over lines and pages instead of running off the page."""
    pdf = render_aftercare(make_sheet(forms, patient_name=name))
    bbox = pdf_text(pdf, "-bbox")
    right = [float(part.split('"')[1]) for part in bbox.split() if part.startswith("xMax=")]
    assert right
    assert max(right) <= 612 - aftercare_pdf.MARGIN + 1
    assert pages(pdf) > 1


def test_same_sheet_gives_identical_bytes(forms):
    """Rendering the same sheet twice gives byte-identical PDFs (invariant mode)."""
    sheet = make_sheet(forms, "es", patient_name=ARABIC)
    assert render_aftercare(sheet) == render_aftercare(sheet)
    assert render_aftercare(sheet) != render_aftercare(replace(sheet, patient_name="Someone"))


# --- What happened today ------------------------------------------------------------------------

DAY_OF = {
    "infusion_started_at": datetime(2026, 11, 21, 13, 2, tzinfo=CHICAGO),
    "infusion_ended_at": datetime(2026, 11, 21, 13, 47, tzinfo=CHICAGO),
    "side_effects": (
        SeenEffect("nausea", "mild", datetime(2026, 11, 21, 13, 20, tzinfo=CHICAGO)),
        SeenEffect("dizziness", "moderate", datetime(2026, 11, 21, 13, 50, tzinfo=CHICAGO)),
        SeenEffect(
            "other", "severe", datetime(2026, 11, 21, 14, 5, tzinfo=CHICAGO), "itchy <b>skin</b>"
        ),
    ),
}
TODAY_WORDS = {
    "en": [
        "What happened today",
        "Your infusion started at 1:02 PM and ended at 1:47 PM.",
        "What we noticed during your visit:",
        "1:20 PM: Feeling sick to your stomach (nausea), mild",
        "1:50 PM: Feeling dizzy, moderate",
        "2:05 PM: Something else: itchy <b>skin</b>, severe",
        "If these continue",
        "If you still feel dizzy: sit or lie down until it passes, and get up slowly.",
    ],
    "es": [
        "Lo que pasó hoy",
        "Su infusión empezó a las 13:02 y terminó a las 13:47.",
        "Lo que notamos durante su visita:",
        "13:20: Malestar de estómago (náuseas), intensidad leve",
        "13:50: Mareo, intensidad moderada",
        "14:05: Otra molestia: itchy <b>skin</b>, intensidad fuerte",
        "Si esto continúa",
        "Si sigue con mareo: siéntese o acuéstese hasta que se le pase, y levántese despacio.",
    ],
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_what_happened_today_reads_back(forms, language):
    """pdftotext reads the section in the patient's language: the times, each side effect (the
    nurse's words as typed, markup and all) and what to do if they continue; every line of the
    sheet is still there, the help box on the first page."""
    sheet = make_sheet(forms, language, **DAY_OF)
    pdf = render_aftercare(sheet)
    text = flat(pdf_text(pdf))
    for words in TODAY_WORDS[language]:
        assert words in text
    for line in (*sheet.if_continues_lines, *sheet.instructions, sheet.nurse_line):
        assert flat(line) in text
    first_page = flat(pdf_text(pdf, "-l", "1"))
    for line in (sheet.no_driving_line, *sheet.instructions, *sheet.emergency_lines):
        assert flat(line) in first_page
    assert text.index(TODAY_WORDS[language][0]) > text.index(flat(sheet.emergency_lines[-1]))


def test_without_the_day_the_sheet_is_the_same_bytes(forms):
    """An intake with nothing of the day recorded prints exactly as before; texts without
    [today] print no section even when the day was recorded."""
    before = render_aftercare(make_sheet(forms))
    assert render_aftercare(make_sheet(forms, infusion_started_at=None)) == before
    assert "What happened today" not in pdf_text(before)
    assert pages(before) == 1
    without = replace(forms, aftercare=replace(forms.aftercare, today=None))
    assert render_aftercare(make_sheet(without, **DAY_OF)) == before


def test_an_infusion_without_side_effects_fits_the_page_in_english(forms):
    """The times and "no side effects" alone still fit one English page."""
    pdf = render_aftercare(make_sheet(forms, infusion_started_at=DAY_OF["infusion_started_at"]))
    text = flat(pdf_text(pdf))
    assert "Your infusion started at 1:02 PM." in text
    assert "We did not notice any side effects." in text
    assert pages(pdf) == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_page_that_runs_on_names_the_patient(forms, language):
    """When the day's account runs onto a second page, that page names the patient, the
    clinic, the date and its number, so a loose page is never anyone else's."""
    sheet = make_sheet(forms, language, **DAY_OF)
    pdf = render_aftercare(sheet)
    assert pages(pdf) == 2
    second = flat(pdf_text(pdf, "-f", "2", "-l", "2"))
    assert f"{sheet.patient_name} · {sheet.clinic_name}" in second
    assert f"{flat(sheet.date_line)} · 2" in second
