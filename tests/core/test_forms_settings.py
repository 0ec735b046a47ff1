"""settings.toml parsed on its own: defaults, types, limits, and the settings as placeholders."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.core.forms.errors import FormError
from kiosk.core.forms.parse_settings import parse_settings
from kiosk.core.forms.settings import Settings, VitalsSettings

FILE = "settings.toml"


def error_of(data: dict[str, Any]) -> FormError:
    """The FormError parse_settings raises for ``data``."""
    with pytest.raises(FormError) as caught:
        parse_settings(data, FILE)
    assert caught.value.file == FILE
    return caught.value


def test_an_empty_file_is_every_default() -> None:
    """No section at all gives the defaults of every section."""
    assert parse_settings({}, FILE) == Settings()


def test_a_section_sets_only_what_it_names() -> None:
    """A value given replaces its default; the rest of the section keeps theirs."""
    settings = parse_settings({"vitals": {"spo2_min": 90}, "clinic": {"name": "North"}}, FILE)
    assert settings.vitals == VitalsSettings(spo2_min=90)
    assert settings.clinic.name == "North"
    assert settings.clinic.phone == Settings().clinic.phone


def test_a_whole_number_is_taken_for_hours() -> None:
    """A float setting accepts an integer and keeps it as a float."""
    settings = parse_settings({"intake": {"fasting_food_hours": 8}}, FILE)
    assert settings.intake.fasting_food_hours == 8.0
    assert isinstance(settings.intake.fasting_food_hours, float)


@pytest.mark.parametrize(
    ("data", "key", "problem"),
    [
        ({"vitals": {"spo2": 90}}, "vitals.spo2", "unknown key"),
        ({"printer": {}}, "printer", "unknown key"),
        ({"vitals": []}, "vitals", "expected a table"),
        ({"clinic": {"name": 5}}, "clinic.name", "must be a string"),
        ({"vitals": {"spo2_min": 91.5}}, "vitals.spo2_min", "must be a whole number"),
        ({"vitals": {"spo2_min": True}}, "vitals.spo2_min", "must be a whole number"),
        ({"intake": {"fasting_food_hours": "6"}}, "intake.fasting_food_hours", "must be a number"),
        ({"intake": {"fasting_food_hours": float("nan")}}, "intake.fasting_food_hours", "finite"),
        ({"staff": {"lockout_minutes": -1}}, "staff.lockout_minutes", "must not be negative"),
        (
            {"staff": {"idle_lock_seconds": 10**6}},
            "staff.idle_lock_seconds",
            "at most 604800 seconds",
        ),
        ({"backup": {"keep": 10**6}}, "backup.keep", "must be at most 100000"),
        ({"kiosk": {"default_language": "fr"}}, "kiosk.default_language", "must be one of en, es"),
        ({"kiosk": {"idle_warning_seconds": 19}}, "kiosk.idle_warning_seconds", "at least 20"),
        ({"kiosk": {"idle_timeout_seconds": 14}}, "kiosk.idle_timeout_seconds", "at least 15"),
        ({"staff": {"pin_attempts": 0}}, "staff.pin_attempts", "at least 1"),
        ({"security": {"key_file": "k.key"}}, "security.key_file", "absolute path"),
        ({"clinic": {"time_zone": "Mars/Olympus"}}, "clinic.time_zone", "not a known time zone"),
        ({"server": {"clinic": "North"}}, "server.clinic", "must be a lower-case letter"),
        ({"server": {"clinic": "2nd_street"}}, "server.clinic", "must be a lower-case letter"),
        ({"server": {"clinic": "north side"}}, "server.clinic", "must be a lower-case letter"),
        ({"server": {"clinic": "n" * 41}}, "server.clinic", "up to 40"),
    ],
)
def test_each_kind_of_mistake_names_its_key(data: dict[str, Any], key: str, problem: str) -> None:
    """Unknown keys and sections, wrong types, negative or huge values, and values the kiosk
    cannot use each raise a FormError at section.key."""
    error = error_of(data)
    assert error.key == key
    assert problem in error.problem


@pytest.mark.parametrize("key_file", ["/etc/kiosk/k.key", "~/k.key"])
def test_a_key_file_may_be_absolute_or_in_the_home_folder(key_file: str) -> None:
    """An absolute path or one starting with ~ is a key file the kiosk can find."""
    assert parse_settings({"security": {"key_file": key_file}}, FILE).security.key_file == key_file


@pytest.mark.parametrize("clinic", ["", "north", "riverside_2", "a" * 40])
def test_a_clinic_id_is_written_as_a_device_name(clinic: str) -> None:
    """[server] clinic: empty (the enrolment decides) or a lower-case id, as the server writes
    devices' names."""
    assert parse_settings({"server": {"clinic": clinic}}, FILE).server.clinic == clinic


def test_a_known_time_zone_is_kept() -> None:
    """An IANA zone name is accepted as given."""
    settings = parse_settings({"clinic": {"time_zone": "America/Chicago"}}, FILE)
    assert settings.clinic.time_zone == "America/Chicago"


def test_placeholders_are_every_setting_by_its_bare_name() -> None:
    """Each setting is a placeholder under its own name; 6.0 reads as 6, 6.5 stays 6.5."""
    names = parse_settings({"intake": {"fasting_food_hours": 6.5}}, FILE).placeholders()
    assert names["fasting_food_hours"] == 6.5
    assert names["fasting_clear_liquid_hours"] == 2
    assert isinstance(names["fasting_clear_liquid_hours"], int)
    assert names["phone"] == Settings().clinic.phone
    assert len(names) == sum(
        len(vars(getattr(Settings(), section))) for section in vars(Settings())
    )
