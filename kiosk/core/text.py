"""Text the clinic writes in several languages, and the languages the kiosk speaks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

LANGUAGES: tuple[str, ...] = ("en", "es")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Localized:
    """One text in every supported language."""

    values: Mapping[str, str]

    def get(self, language: str) -> str:
        """The text in ``language``; every language is present once loaded."""
        return self.values[language]

    def format(self, language: str, **fields: object) -> str:
        """The text in ``language`` with ``{placeholders}`` filled in."""
        return self.values[language].format(**fields)
