"""The forms model: what its dataclasses work out (questions in order, totals, consent text, versions)."""

from __future__ import annotations

from dataclasses import replace

from kiosk.core.forms.model import (
    Consent,
    ConsentSection,
    FormsBundle,
    Instrument,
    InstrumentItem,
    Page,
    Question,
    Questionnaire,
    QuestionType,
)
from kiosk.core.text import Localized


def both(en: str, es: str) -> Localized:
    """A text in English and Spanish."""
    return Localized({"en": en, "es": es})


def test_questions_are_every_page_in_order() -> None:
    """questions() lists every question of every page by id, in page order."""
    q = Question("a", QuestionType.YES_NO, both("A", "A"))
    pages = (
        Page("p1", both("1", "1"), (q, replace(q, id="b"))),
        Page("p2", both("2", "2"), (replace(q, id="c"),)),
    )
    form = Questionnaire("ride", "1", both("R", "R"), pages, ())
    assert list(form.questions()) == ["a", "b", "c"]


def test_the_highest_total_is_items_times_the_top_answer() -> None:
    """Nine items scored 0-3 reach 27."""
    items = tuple(InstrumentItem(f"i{n}", both("x", "x")) for n in range(9))
    options = tuple((value, both(str(value), str(value))) for value in range(4))
    instrument = Instrument("phq9", "1", both("P", "P"), both("S", "S"), options, items, ())
    assert instrument.max_total == 27


def test_the_consent_text_is_title_sections_and_meaning_in_one_language() -> None:
    """The text whose hash is stored: title, each heading and body, the meaning, blank-line
    separated, ending in one newline, in the language asked for."""
    consent = Consent(
        1,
        both("Consent", "Consentimiento"),
        both("I agree", "Acepto"),
        (ConsentSection("risks", both("Risks", "Riesgos"), both("Some", "Algunos")),),
    )
    assert consent.text("en") == "Consent\n\nRisks\n\nSome\n\nI agree\n"
    assert consent.text("es") == "Consentimiento\n\nRiesgos\n\nAlgunos\n\nAcepto\n"


def test_the_bundle_shows_the_newest_consent_and_names_every_version(forms: FormsBundle) -> None:
    """A bundle's current consent is its highest version, and versions() names each form's."""
    newer = replace(forms.consent, version=forms.consent.version + 1)
    bundle = replace(forms, consents={**forms.consents, newer.version: newer})
    assert bundle.consent is newer
    versions = bundle.versions()
    assert versions["consent"] == str(newer.version)
    assert set(versions) == {
        forms.checklist.id,
        forms.phq9.id,
        forms.gad7.id,
        forms.ride.id,
        "consent",
    }
