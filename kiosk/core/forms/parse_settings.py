"""Parse settings.toml into Settings: known sections and keys only, with sane values."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.core.forms.errors import FormError
from kiosk.core.forms.reader import TableReader
from kiosk.core.forms.settings import Settings
from kiosk.core.text import LANGUAGES


def parse_settings(data: dict[str, Any], file: str) -> Settings:
    """settings.toml: known sections and keys only, each of its default's type."""
    top = TableReader(file, "", data)
    defaults = Settings()
    sections: dict[str, object] = {}
    for section in fields(defaults):
        current = getattr(defaults, section.name)
        reader = top.table(section.name, required=False)
        if reader is None:
            sections[section.name] = current
            continue
        values: dict[str, object] = {}
        for item in fields(current):
            default = getattr(current, item.name)
            if item.type == "str":
                raw = reader.raw(item.name, default)
                if not isinstance(raw, str):
                    raise reader.error(item.name, "must be a string")
                values[item.name] = raw
            elif item.type == "int":
                values[item.name] = reader.integer(item.name, default)
            else:
                values[item.name] = reader.number(item.name, default)
            if item.type != "str" and float(values[item.name]) < 0:  # type: ignore[arg-type]
                raise reader.error(item.name, "must not be negative")
        reader.finish()
        sections[section.name] = replace(current, **values)
    top.finish()
    settings = Settings(**sections)  # type: ignore[arg-type]
    _check_settings(settings, file)
    return settings


def _check_settings(settings: Settings, file: str) -> None:
    if settings.kiosk.default_language not in LANGUAGES:
        raise FormError(file, "kiosk.default_language", f"must be one of {', '.join(LANGUAGES)}")
    if settings.kiosk.idle_warning_seconds < 20:
        raise FormError(file, "kiosk.idle_warning_seconds", "must be at least 20 seconds")
    if settings.kiosk.idle_timeout_seconds < 15:
        raise FormError(file, "kiosk.idle_timeout_seconds", "must be at least 15 seconds")
    if settings.staff.pin_attempts < 1:
        raise FormError(file, "staff.pin_attempts", "must be at least 1")
    key_file = settings.security.key_file
    if key_file and not PurePath(key_file).is_absolute() and not key_file.startswith("~"):
        raise FormError(file, "security.key_file", "must be an absolute path (or start with ~)")
    if settings.clinic.time_zone:
        try:
            ZoneInfo(settings.clinic.time_zone)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder, too long
            raise FormError(file, "clinic.time_zone", "is not a known time zone") from None
