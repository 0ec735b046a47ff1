"""Vitals a nurse records: plausible ranges, and the clinic's limits that raise a flag."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.core.flags import Flag, Level
from kiosk.core.forms.settings import VitalsSettings
from kiosk.core.text import Localized, fill_names

# What a monitor can show; outside these a value is a typing slip, not a reading.
RANGES = {
    "systolic": (50, 260),
    "diastolic": (20, 160),
    "heart_rate": (20, 250),
    "spo2": (50, 100),
}


class Phase(StrEnum):
    """When the vitals were taken."""

    PRE = "pre"
    DURING = "during"
    DISCHARGE = "discharge"


@dataclass(frozen=True)
class Vitals:
    """One set of readings."""

    systolic: int
    diastolic: int
    heart_rate: int
    spo2: int


def parse_vitals(values: dict[str, str]) -> tuple[Vitals | None, dict[str, tuple[int, int]]]:
    """Whole numbers within RANGES; the problems are field -> the range it must be in."""
    problems: dict[str, tuple[int, int]] = {}
    numbers: dict[str, int] = {}
    for name, (low, high) in RANGES.items():
        text = values.get(name, "").strip()
        # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
        if (
            not (text.isascii() and text.isdigit() and len(text) <= 4)
            or not low <= int(text) <= high
        ):
            problems[name] = (low, high)
        else:
            numbers[name] = int(text)
    if not problems and numbers["diastolic"] >= numbers["systolic"]:
        problems["diastolic"] = (RANGES["diastolic"][0], numbers["systolic"] - 1)
    if problems:
        return None, problems
    return Vitals(**numbers), {}


def vitals_flags(vitals: Vitals, phase: Phase, limits: VitalsSettings) -> list[Flag]:
    """Flags for readings outside the clinic's limits (settings [vitals])."""
    when = {
        "pre": ("before the infusion", "antes de la infusión"),
        "during": ("during the infusion", "durante la infusión"),
        "discharge": ("at discharge", "al alta"),
    }[phase.value]
    checks = [
        (
            "bp_high",
            vitals.systolic > limits.systolic_max or vitals.diastolic > limits.diastolic_max,
            f"{vitals.systolic}/{vitals.diastolic}",
            (
                "Blood pressure {v} {w} is above the clinic's limit",
                "Presión arterial {v} {w} por encima del límite",
            ),
        ),
        (
            "hr_out",
            not limits.heart_rate_min <= vitals.heart_rate <= limits.heart_rate_max,
            str(vitals.heart_rate),
            (
                "Heart rate {v} {w} is outside the clinic's limits",
                "Frecuencia cardiaca {v} {w} fuera de los límites",
            ),
        ),
        (
            "spo2_low",
            vitals.spo2 < limits.spo2_min,
            f"{vitals.spo2}%",
            (
                "Oxygen saturation {v} {w} is below the clinic's limit",
                "Saturación de oxígeno {v} {w} por debajo del límite",
            ),
        ),
    ]
    return [
        Flag(
            code=f"vitals_{phase.value}_{code}",
            level=Level.RED,
            source="vitals",
            reason=Localized(
                {
                    "en": fill_names(en, {"v": value, "w": when[0]}),
                    "es": fill_names(es, {"v": value, "w": when[1]}),
                }
            ),
        )
        for code, outside, value, (en, es) in checks
        if outside
    ]
