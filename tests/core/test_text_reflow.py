"""A PDF page's text read as sentences: lines broken mid-sentence joined, the rest kept."""

from __future__ import annotations

from kiosk.core.text import reflow


def test_a_sentence_broken_over_lines_is_one_line_again() -> None:
    """ "La ketamina está / aprobada como…" is one line; a heading after a full stop is not."""
    page = "Sobre este tratamiento\nLa ketamina está\naprobada como medicina.\nVersión 1\n"
    assert (
        reflow(page)
        == "Sobre este tratamiento\nLa ketamina está aprobada como medicina.\nVersión 1"
    )


def test_a_title_broken_before_a_small_word_is_joined() -> None:
    """A title the page wrapped ("…con infusión / de ketamina") reads as one line."""
    assert reflow("Consentimiento para el tratamiento con infusión\nde ketamina") == (
        "Consentimiento para el tratamiento con infusión de ketamina"
    )


def test_capitals_after_a_line_end_blank_lines_and_finished_sentences_stay() -> None:
    """A new capitalised line, a line after a colon and blank lines are left as they are."""
    page = "Printed name: José Muñoz\nSigned: Saturday\n\nnote in small letters\nReady:\nyes"
    assert reflow(page) == page
