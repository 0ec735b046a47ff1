"""The PDF fonts: registered once, and text from anyone made drawable as documented."""

from __future__ import annotations

import pytest
from reportlab.pdfbase import pdfmetrics

from kiosk.documents import fonts
from kiosk.documents.fonts import (
    PLACEHOLDER,
    clean_text,
    display_text,
    join_arabic,
    register_fonts,
    visual_order,
)


def test_the_fonts_are_registered_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """After the first call, register_fonts() hands back the names without registering again."""
    register_fonts()
    calls: list[object] = []
    monkeypatch.setattr(pdfmetrics, "registerFont", calls.append)
    assert register_fonts() == (fonts.REGULAR, fonts.BOLD)
    assert calls == []
    assert {fonts.REGULAR, fonts.BOLD} <= set(pdfmetrics.getRegisteredFontNames())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\r\nb\rc\vd\fe\u2028f\u2029g\x85h", "a b c d e f g h"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        (
            "nul\x00 esc\x1b del\x7f c1\x9b",
            f"nul{PLACEHOLDER} esc{PLACEHOLDER} del{PLACEHOLDER} c1{PLACEHOLDER}",
        ),
        ("bidi\u202eoverride\u2066isolate", f"bidi{PLACEHOLDER}override{PLACEHOLDER}isolate"),
        ("lone\ud800surrogate", f"lone{PLACEHOLDER}surrogate"),
    ],
)
def test_clean_text_turns_breaks_into_spaces_and_controls_into_the_placeholder(
    text: str, expected: str
) -> None:
    """Every kind of line break becomes a space; tab and newline stay; other controls, bidi
    overrides and isolates, and lone surrogates show as U+FFFD."""
    assert clean_text(text) == expected


def test_text_the_fonts_cannot_draw_shows_the_placeholder() -> None:
    """A letter neither font has (Chinese) is U+FFFD; accented Latin, Greek and Cyrillic stay."""
    assert display_text("José Ωμέγα Юлия") == "José Ωμέγα Юлия"
    assert display_text("王芳") == PLACEHOLDER * 2


def test_invisible_characters_are_left_out() -> None:
    """A soft hyphen, a zero-width space, and a formatting character the fonts lack vanish
    instead of showing as U+FFFD."""
    assert display_text("Ma\u00adria\u200b Lo\U000e0001pez") == "Maria Lopez"


def test_left_to_right_text_is_untouched() -> None:
    """Text with no right-to-left letters comes back as it went in, brackets and all."""
    assert visual_order("Ana (12) <x>") == "Ana (12) <x>"
    assert join_arabic("Ana") == "Ana"


def test_brackets_inside_a_right_to_left_run_are_mirrored() -> None:
    """Reversed for drawing, a bracket between Hebrew letters is mirrored so it still encloses."""
    assert visual_order("א(ב)ג") == "ג(ב)א"
    assert visual_order("שלום 2026") == "2026 םולש"


def test_characters_beyond_the_basic_plane_read_back_right() -> None:
    """The ToUnicode map writes U+1F600 as its UTF-16 pair (D83D DE00), not as U+1F60."""
    cmap = fonts._to_unicode_cmap("F", [0x41, 0x1F600])
    assert "<00> <0041>" in cmap
    assert "<01> <D83DDE00>" in cmap
    assert "2 beginbfchar" in cmap


def test_text_seen_as_plain_before_does_not_hide_what_still_needs_reshaping() -> None:
    """display_text remembers the characters it leaves alone; a later text made of those and
    one more that needs work (a right-to-left letter, a soft hyphen, a line separator) is still
    reshaped, and plain text comes back as it went in."""
    for plain in ("Maria Lopez (12)", "José Núñez, ¿mañana?", "Ana"):
        assert display_text(plain) == plain
    assert display_text("Maria\u00ad Lopez") == "Maria Lopez"
    assert display_text("Ana\u2028Lopez") == "Ana Lopez"
    assert display_text("Ana שלום") == "Ana םולש"
    assert display_text("Ana \u202e") == f"Ana {PLACEHOLDER}"
    assert display_text("Maria Lopez (12)") == "Maria Lopez (12)"
