"""Parse settings.toml into Settings: known sections and keys only, with sane values."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from pathlib import Path, PurePath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.core.forms.errors import FormError
from kiosk.core.forms.reader import TableReader
from kiosk.core.forms.settings import Settings
from kiosk.core.forms.toml_file import read_toml
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
            elif item.type == "bool":
                values[item.name] = reader.boolean(item.name, default)
                continue
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


# A clinic id as the clinic server writes it (a device name's pattern).
_CLINIC_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

# The largest sane value of a duration by its unit (a week), so a typo such as an extra row of
# zeros is a clear form error instead of a timer that overflows when the kiosk starts.
_LIMITS = {"_seconds": 7 * 24 * 3600, "_minutes": 7 * 24 * 60, "_hours": 7 * 24}
_COUNT_LIMIT = 100_000


def _check_limits(settings: Settings, file: str) -> None:
    for section in fields(settings):
        values = getattr(settings, section.name)
        for item in fields(values):
            value = getattr(values, item.name)
            if isinstance(value, str):
                continue
            unit = next((u for u in _LIMITS if item.name.endswith(u)), None)
            limit = _LIMITS[unit] if unit else _COUNT_LIMIT
            if value > limit:
                what = unit.lstrip("_") if unit else ""
                raise FormError(
                    file, f"{section.name}.{item.name}", f"must be at most {limit} {what}".rstrip()
                )


def _check_settings(settings: Settings, file: str) -> None:
    _check_limits(settings, file)
    if settings.kiosk.default_language not in LANGUAGES:
        raise FormError(file, "kiosk.default_language", f"must be one of {', '.join(LANGUAGES)}")
    if settings.kiosk.idle_warning_seconds < 20:
        raise FormError(file, "kiosk.idle_warning_seconds", "must be at least 20 seconds")
    if settings.kiosk.idle_timeout_seconds < 15:
        raise FormError(file, "kiosk.idle_timeout_seconds", "must be at least 15 seconds")
    if settings.monitoring.vitals_every_minutes < 1:
        raise FormError(file, "monitoring.vitals_every_minutes", "must be at least 1 minute")
    if settings.staff.pin_attempts < 1:
        raise FormError(file, "staff.pin_attempts", "must be at least 1")
    for where, path in (
        ("security.key_file", settings.security.key_file),
        ("server.ca_file", settings.server.ca_file),
        ("server.credential_file", settings.server.credential_file),
        ("server.station_credential_file", settings.server.station_credential_file),
        ("server.admin_credential", settings.server.admin_credential),
    ):
        if path and not PurePath(path).is_absolute() and not path.startswith("~"):
            raise FormError(file, where, "must be an absolute path (or start with ~)")
    url = settings.server.url
    if url and not url.startswith(("postgresql://", "postgres://")):
        raise FormError(file, "server.url", "must start with postgresql://")
    if url and "@" in url.split("?", 1)[0]:
        raise FormError(
            file, "server.url", "must not hold a user or password: they are in the credential file"
        )
    if settings.server.clinic and not _CLINIC_ID.match(settings.server.clinic):
        raise FormError(
            file,
            "server.clinic",
            "must be a lower-case letter, then letters, digits or _ (up to 40), e.g. north",
        )
    if settings.clinic.time_zone:
        try:
            ZoneInfo(settings.clinic.time_zone)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder, too long
            raise FormError(file, "clinic.time_zone", "is not a known time zone") from None


def load_settings(folder: Path) -> Settings:
    """The forms folder's settings.toml alone, checked as load_forms checks it (FormError): for
    a command that needs the clinic's settings but none of its forms (an export)."""
    if not folder.is_dir():
        raise FormError(str(folder), "", "forms folder does not exist")
    return parse_settings(read_toml(folder / "settings.toml", "settings.toml"), "settings.toml")
