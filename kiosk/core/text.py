"""Text the clinic writes in several languages, and the languages the kiosk speaks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

LANGUAGES: tuple[str, ...] = ("en", "es")
DEFAULT_LANGUAGE = "en"

# {{ and }} (a brace written out), or {name}, {name!r}, {name:>8}: str.format's flat fields.
_FIELD = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)(?:!([rsa]))?(?::([^{}]*))?\}")


def fill_names(template: str, values: Mapping[str, object]) -> str:
    """``template`` with every ``{name}`` replaced by ``values[name]``, in one pass.

    A value that itself holds {until} or %1 (a name, an answer) is shown as it is, never read
    again. The fields are those of str.format without attributes or indexes; a name missing
    from ``values`` raises KeyError, a spec the value cannot take ValueError.
    """

    def one(match: re.Match[str]) -> str:
        whole, name, conversion, spec = match.group(0, 1, 2, 3)
        if name is None:
            return whole[0]
        value = values[name]
        if conversion == "r":
            value = repr(value)
        elif conversion == "a":
            value = ascii(value)
        elif conversion == "s":
            value = str(value)
        return format(value, spec or "")

    return _FIELD.sub(one, template)


@dataclass(frozen=True)
class Localized:
    """One text in every supported language."""

    values: Mapping[str, str]

    def get(self, language: str) -> str:
        """The text in ``language``; every language is present once loaded."""
        return self.values[language]

    def format(self, language: str, **fields: object) -> str:
        """The text in ``language`` with ``{placeholders}`` filled in."""
        return fill_names(self.values[language], fields)
