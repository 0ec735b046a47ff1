"""The name key that matches a patient to an appointment, and the Identity record."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.core.identity import Identity, name_key


@pytest.mark.parametrize(
    ("typed", "booked"),
    [
        (("José  ", " O'Neil"), ("jose", "oneil")),
        (("JOSÉ", "O’NEIL"), ("José", "O'Neil")),
        (("Jose\u0301", "O Neil"), ("José", "ONeil")),  # a combining accent
        (("Ana-María", "de la Cruz"), ("ana maria", "DelaCruz")),
        (("Zoë", "Brontë."), ("zoe", "bronte")),
        (("Renée", "Straße"), ("renee", "STRASSE")),
        (("Ｊｏｓｅ", "Ｏ'Ｎｅｉｌ"), ("jose", "oneil")),  # full-width letters
    ],
)
def test_name_key_ignores_case_accents_spaces_and_punctuation(
    typed: tuple[str, str], booked: tuple[str, str]
) -> None:
    """What the patient types and what the booking says match despite case, accents and marks."""
    assert name_key(*typed) == name_key(*booked)


def test_name_key_of_the_example() -> None:
    """The documented example: 'José  O'Neil' folds to 'jose' and 'oneil'."""
    assert name_key("José ", " O'Neil") == "jose|oneil"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("Ana", "Ruiz"), ("Ana", "Ruis")),
        (("Ana", "Ruiz"), ("Anna", "Ruiz")),
        (("Ana", "Ruiz"), ("Ruiz", "Ana")),  # first and last swapped
        (("Anar", "uiz"), ("Ana", "Ruiz")),  # same letters, split differently
        (("Jose", "Oneil"), ("Jose", "ONeill")),
        (("Li", "Wei"), ("Li", "Wei2")),
    ],
)
def test_different_names_have_different_keys(one: tuple[str, str], other: tuple[str, str]) -> None:
    """Names that differ in a letter, a digit, or in which part is first, do not match."""
    assert name_key(*one) != name_key(*other)


def test_identity_key_and_full_name() -> None:
    """An Identity keeps the names as typed and matches by the folded key."""
    identity = Identity("José", "O'Neil", date(1980, 2, 29))
    assert identity.full_name == "José O'Neil"
    assert identity.key == name_key("jose", "oneil")


def test_names_without_letters_do_not_share_one_key() -> None:
    """Two names of only emoji or signs get different keys, so neither matches the other's
    appointment; punctuation and spaces around them still do not count."""
    assert name_key("😀", "🌵") != name_key("🎉", "🌵")
    assert name_key("😀", "🌵") == name_key(" 😀-", "🌵.")
    assert name_key("😀", "🌵") != "|"
    assert name_key("Ann", "Lee 😀") == name_key("Ann", "Lee")
