"""Vitals: what a monitor can show, and the flags the clinic's own limits raise."""

from __future__ import annotations

import pytest

from kiosk.core.flags import Level
from kiosk.core.forms.settings import VitalsSettings
from kiosk.core.vitals import RANGES, Phase, Vitals, parse_vitals, vitals_flags

GOOD = {"systolic": "120", "diastolic": "80", "heart_rate": "72", "spo2": "98"}
LIMITS = VitalsSettings()  # 160/100, heart rate 50-110, SpO2 92


def test_plausible_readings_parse_to_vitals() -> None:
    """Whole numbers inside the ranges, spaces trimmed, make one Vitals and no problems."""
    vitals, problems = parse_vitals({**GOOD, "spo2": " 98 "})
    assert vitals == Vitals(120, 80, 72, 98)
    assert problems == {}


@pytest.mark.parametrize("name", list(RANGES))
def test_the_range_ends_are_accepted(name: str) -> None:
    """The lowest and highest value of each range is a reading (diastolic kept below systolic)."""
    for end in RANGES[name]:
        values = {**GOOD, name: str(end)}
        if name == "diastolic":
            values["systolic"] = "260"
        if name == "systolic":
            values["diastolic"] = "20"
        vitals, problems = parse_vitals(values)
        assert problems == {}, (name, end)
        assert getattr(vitals, name) == end


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("systolic", "49"),
        ("systolic", "261"),
        ("heart_rate", ""),
        ("heart_rate", "7.5"),
        ("spo2", "101"),
        ("spo2", "-5"),
        ("spo2", "9²"),
        ("diastolic", "٨٠"),
        ("diastolic", "00080"),
    ],
)
def test_a_slip_names_the_field_and_its_range(name: str, text: str) -> None:
    """Out of range, empty, decimal, signed, non-ASCII digits or over four digits: no Vitals,
    and the problem names the field with the range it must be in."""
    vitals, problems = parse_vitals({**GOOD, name: text})
    assert vitals is None
    assert problems == {name: RANGES[name]}


def test_diastolic_must_be_below_systolic() -> None:
    """A diastolic at or above the systolic is a problem: it must be below the systolic."""
    vitals, problems = parse_vitals({**GOOD, "systolic": "90", "diastolic": "90"})
    assert vitals is None
    assert problems == {"diastolic": (RANGES["diastolic"][0], 89)}


def test_readings_inside_the_limits_raise_no_flag() -> None:
    """Readings at the clinic's limits exactly raise nothing."""
    at_limits = Vitals(160, 100, 110, 92)
    assert vitals_flags(at_limits, Phase.PRE, LIMITS) == []
    assert vitals_flags(Vitals(120, 80, 50, 92), Phase.DISCHARGE, LIMITS) == []


def test_each_limit_crossed_raises_its_red_flag() -> None:
    """High pressure, a heart rate outside the limits and low SpO2 each raise a red vitals flag
    named by phase, saying the reading and when it was taken in both languages."""
    flags = vitals_flags(Vitals(170, 80, 120, 90), Phase.PRE, LIMITS)
    assert [flag.code for flag in flags] == [
        "vitals_pre_bp_high",
        "vitals_pre_hr_out",
        "vitals_pre_spo2_low",
    ]
    assert {flag.level for flag in flags} == {Level.RED}
    assert {flag.source for flag in flags} == {"vitals"}
    assert not any(flag.alert for flag in flags)
    bp = flags[0].reason
    assert bp.get("en") == "Blood pressure 170/80 before the infusion is above the clinic's limit"
    assert bp.get("es") == "Presión arterial 170/80 antes de la infusión por encima del límite"
    assert "90%" in flags[2].reason.get("en")


def test_a_high_diastolic_alone_is_high_pressure() -> None:
    """Diastolic above its limit flags blood pressure even when the systolic is fine."""
    flags = vitals_flags(Vitals(150, 101, 72, 98), Phase.DISCHARGE, LIMITS)
    assert [flag.code for flag in flags] == ["vitals_discharge_bp_high"]
    assert "at discharge" in flags[0].reason.get("en")
    assert "al alta" in flags[0].reason.get("es")


def test_the_flags_follow_the_clinics_own_limits() -> None:
    """A clinic with a lower heart-rate limit sees a flag for a rate the defaults accept."""
    strict = VitalsSettings(heart_rate_max=90)
    assert vitals_flags(Vitals(120, 80, 95, 98), Phase.PRE, LIMITS) == []
    flags = vitals_flags(Vitals(120, 80, 95, 98), Phase.PRE, strict)
    assert [flag.code for flag in flags] == ["vitals_pre_hr_out"]
    low = vitals_flags(Vitals(120, 80, 49, 98), Phase.PRE, LIMITS)
    assert [flag.code for flag in low] == ["vitals_pre_hr_out"]
