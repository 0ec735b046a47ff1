"""A strict reader over one parsed TOML table: typed getters, and unknown keys are errors."""

from __future__ import annotations

import math
from typing import Any

from kiosk.core.forms.errors import FormError
from kiosk.core.text import LANGUAGES, Localized

# TOML integers are 64-bit; a longer one is refused here rather than overflowing later.
INT_MIN = -(2**63)
INT_MAX = 2**63 - 1


class TableReader:
    """Reads keys of one table; ``finish()`` rejects keys nobody asked for."""

    def __init__(self, file: str, path: str, data: object) -> None:
        if not isinstance(data, dict):
            raise FormError(file, path or "(top)", "expected a table")
        self.file = file
        self.path = path
        self._data: dict[str, Any] = data
        self._seen: set[str] = set()

    def key(self, name: str) -> str:
        """Dotted path of ``name`` for messages."""
        return f"{self.path}.{name}" if self.path else name

    def error(self, name: str, problem: str) -> FormError:
        """A FormError at ``name`` in this table."""
        return FormError(self.file, self.key(name), problem)

    def has(self, name: str) -> bool:
        """Whether the table sets ``name``."""
        return name in self._data

    def raw(self, name: str, default: object = None, *, required: bool = False) -> Any:
        """The value as parsed, marking it seen."""
        self._seen.add(name)
        if name not in self._data:
            if required:
                raise self.error(name, "is required")
            return default
        return self._data[name]

    def string(self, name: str, default: str | None = None, *, required: bool = True) -> str:
        """A non-empty string."""
        value = self.raw(name, default, required=required and default is None)
        if not isinstance(value, str) or not value.strip():
            raise self.error(name, "must be a non-empty string")
        return value

    def integer(self, name: str, default: int | None = None) -> int:
        """An integer."""
        value = self.raw(name, default, required=default is None)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(name, "must be a whole number")
        if not INT_MIN <= value <= INT_MAX:
            raise self.error(name, "is too large")
        return value

    def number(self, name: str, default: float | None = None) -> float:
        """An integer or a float."""
        value = self.raw(name, default, required=default is None)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(name, "must be a number")
        if isinstance(value, int) and not INT_MIN <= value <= INT_MAX:
            raise self.error(name, "is too large")
        if not math.isfinite(value):
            raise self.error(name, "must be a finite number (not inf or nan)")
        return float(value)

    def boolean(self, name: str, default: bool) -> bool:
        """true or false."""
        value = self.raw(name, default)
        if not isinstance(value, bool):
            raise self.error(name, "must be true or false")
        return value

    def localized(self, name: str, *, required: bool = True) -> Localized | None:
        """A table with exactly one string per supported language."""
        value = self.raw(name, required=required)
        if value is None:
            return None
        sub = TableReader(self.file, self.key(name), value)
        texts = {}
        for language in LANGUAGES:
            text = sub.raw(language)
            if text is None:
                raise sub.error(language, "missing translation")
            if not isinstance(text, str) or not text.strip():
                raise sub.error(language, "must be a non-empty string")
            texts[language] = text.strip()
        sub.finish()
        return Localized(texts)

    def text(self, name: str) -> Localized:
        """A required localized text."""
        value = self.localized(name, required=True)
        assert value is not None
        return value

    def tables(self, name: str, *, required: bool = True) -> list[TableReader]:
        """An array of tables, each as a reader."""
        value = self.raw(name, [], required=required)
        if not isinstance(value, list) or (required and not value):
            raise self.error(name, "must be a non-empty array of tables")
        return [
            TableReader(self.file, f"{self.key(name)}[{i}]", item) for i, item in enumerate(value)
        ]

    def table(self, name: str, *, required: bool = True) -> TableReader | None:
        """A sub-table as a reader."""
        value = self.raw(name, required=required)
        if value is None:
            return None
        return TableReader(self.file, self.key(name), value)

    def finish(self) -> None:
        """Reject any key that was not read."""
        unknown = sorted(set(self._data) - self._seen)
        if unknown:
            raise self.error(unknown[0], "unknown key")
