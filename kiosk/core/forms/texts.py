"""Checks shared by the form parsers: identifiers and {placeholder} texts."""

from __future__ import annotations

import re
import string

from kiosk.core.forms.errors import FormError
from kiosk.core.forms.reader import TableReader
from kiosk.core.text import LANGUAGES, Localized, fill_names

_ID = re.compile(r"[a-z][a-z0-9_]*")
# A format such as {name:>8} is fine; a width or precision of thousands of characters is not.
_LONG_NUMBER = re.compile(r"[0-9]{4,}")


def ident(reader: TableReader, name: str) -> str:
    """The identifier at ``name``: lower-case letters, digits and _, starting with a letter."""
    value = reader.string(name)
    if not _ID.fullmatch(value):
        raise reader.error(name, "must be lower-case letters, digits and _ starting with a letter")
    return value


def check_texts(
    file: str, key: str, text: Localized, names: dict[str, object], what: str = "a setting"
) -> None:
    """Every {placeholder} is one of ``names`` (``what`` in the message), and the text formats."""
    for language in LANGUAGES:
        value = text.get(language)
        try:
            fields = [
                (f, spec, conversion)
                for _, f, spec, conversion in string.Formatter().parse(value)
                if f is not None
            ]
        except ValueError as exc:
            raise FormError(file, f"{key}.{language}", f"bad {{placeholder}} ({exc})") from None
        parsed = [(name, spec) for name, spec, _ in fields]
        for name, _, conversion in fields:
            if conversion not in (None, "r", "s", "a"):
                raise FormError(
                    file, f"{key}.{language}", f"bad {{placeholder}} ({{{name}!{conversion}}})"
                )
        fields_used = [name for name, _ in parsed]
        for name, spec in parsed:
            if spec and ("{" in spec or _LONG_NUMBER.search(spec)):
                raise FormError(
                    file, f"{key}.{language}", f"the format of {{{name}}} is too large or nested"
                )
        for name in fields_used:
            if name not in names:
                raise FormError(file, f"{key}.{language}", f"{{{name}}} is not {what}")
        try:
            fill_names(value, names)
        except (ValueError, KeyError, IndexError, AttributeError, TypeError) as exc:
            raise FormError(file, f"{key}.{language}", f"cannot be filled in ({exc})") from None


def resolved(file: str, key: str, text: Localized, names: dict[str, object]) -> Localized:
    """The text with its {placeholders} filled in from the settings: what the patient reads."""
    check_texts(file, key, text, names)
    return Localized({lang: text.format(lang, **names) for lang in LANGUAGES})
