"""Text in several languages, the languages the kiosk speaks, and filling in a text's markers."""

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


_MARKER = re.compile(r"%(\d)")


def fill_in(template: str, *values: object) -> str:
    """``template`` (a ``tr()`` text) with %1 as the first of ``values``, %2 the second, ...

    One scan of the template: a value that itself holds %2 or {until} (a name, an answer) is
    shown as it is, never read again. A marker without a value (and %0) stays as written, like
    QString.arg. PySide6 has no QString, hence this.
    """
    if len(values) > 9:
        raise ValueError("at most nine values: %10 would read as %1 and a 0")
    texts = [str(value) for value in values]

    def one(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return texts[index] if 0 <= index < len(texts) else match.group(0)

    return _MARKER.sub(one, template)


_SENTENCE_ENDS = tuple(".:;!?”\"')»")


def reflow(text: str) -> str:
    """Lines a page broke in the middle of a sentence joined again (a line that does not end a
    sentence, followed by one that starts with a small letter); headings, list lines and blank
    lines stay where they were."""
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if out and out[-1] and line[:1].islower() and not out[-1].endswith(_SENTENCE_ENDS):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)
