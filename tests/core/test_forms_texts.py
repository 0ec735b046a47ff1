"""The parsers' shared checks: identifiers, and {placeholder} texts checked and filled in."""

from __future__ import annotations

import pytest

from kiosk.core.forms.errors import FormError
from kiosk.core.forms.reader import TableReader
from kiosk.core.forms.texts import check_texts, ident, resolved
from kiosk.core.text import Localized


def both(text: str) -> Localized:
    """The same text in English and Spanish."""
    return Localized({"en": text, "es": text})


@pytest.mark.parametrize("value", ["a", "fasting", "item_9", "q2b"])
def test_an_identifier_is_lower_case_letters_digits_and_underscore(value: str) -> None:
    """Identifiers start with a letter and use a-z, 0-9 and _."""
    assert ident(TableReader("f.toml", "form", {"id": value}), "id") == value


@pytest.mark.parametrize("value", ["Fasting", "9lives", "_x", "a-b", "a b", "é"])
def test_a_bad_identifier_names_file_and_key(value: str) -> None:
    """Capitals, a leading digit or _, and other characters are refused at file and key."""
    with pytest.raises(FormError) as caught:
        ident(TableReader("f.toml", "form", {"id": value}), "id")
    assert (caught.value.file, caught.value.key) == ("f.toml", "form.id")
    assert "lower-case letters" in caught.value.problem


def test_texts_with_known_placeholders_pass() -> None:
    """{name}, a format spec and {{ }} written out are fine when the name is known."""
    check_texts("f.toml", "k", both("{clinic} {hours:>3} {{braces}}"), {"clinic": "A", "hours": 6})


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{unknown}", "{unknown} is not a setting"),
        ("{hours", "bad {placeholder}"),
        ("{hours!x}", "bad {placeholder}"),
        ("{hours:{hours}}", "too large or nested"),
        ("{hours:99999}", "too large or nested"),
        ("{hours:d}", "cannot be filled in"),
    ],
)
def test_each_kind_of_bad_placeholder_names_the_language(text: str, problem: str) -> None:
    """An unknown name, broken braces, a bad conversion, a nested or huge format, and a format
    the value cannot take are FormErrors at key.<language>."""
    names = {"hours": 6.5}
    with pytest.raises(FormError) as caught:
        check_texts("f.toml", "pages[0].title", Localized({"en": "ok", "es": text}), names)
    assert caught.value.key == "pages[0].title.es"
    assert problem in caught.value.problem


def test_the_message_says_what_a_placeholder_may_be() -> None:
    """The ``what`` argument words the message for an unknown placeholder."""
    with pytest.raises(FormError, match=r"\{x\} is not one of \{until\}"):
        check_texts("f.toml", "k", both("{x}"), {}, "one of {until}")


def test_resolved_fills_the_settings_in_every_language() -> None:
    """resolved() is the text the patient reads: each language with its placeholders filled."""
    text = Localized({"en": "Call {phone}", "es": "Llame al {phone}"})
    filled = resolved("f.toml", "k", text, {"phone": "555"})
    assert filled == Localized({"en": "Call 555", "es": "Llame al 555"})
