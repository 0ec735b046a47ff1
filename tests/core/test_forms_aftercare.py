"""The aftercare sheet parsed on its own: its texts, lines, and the fields each text may use."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.core.forms.errors import FormError
from kiosk.core.forms.parse_aftercare import parse_aftercare

FILE = "aftercare.toml"
NAMES: dict[str, object] = {"no_driving_hours": 24, "crisis_line": "988"}


def text(en: str, es: str | None = None) -> dict[str, str]:
    """A localized text table."""
    return {"en": en, "es": es if es is not None else en}


def aftercare() -> dict[str, Any]:
    """A small valid aftercare sheet."""
    return {
        "aftercare": {
            "version": "2",
            "title": text("After your infusion"),
            "no_driving": text("Do not drive until {until}."),
            "ride": text("Driver: {driver} {phone}"),
            "instructions_heading": text("At home"),
            "emergency_heading": text("Emergency"),
            "questions": text("Questions? Call {clinic_phone}."),
            "next_appointment": text("Next: {next}"),
            "discharged_by": text("Discharged by {nurse}"),
        },
        "instructions": [{"id": "rest", "text": text("Rest for {no_driving_hours} hours.")}],
        "emergency": [{"id": "crisis", "text": text("Call {crisis_line} or {clinic_phone}.")}],
    }


def test_an_aftercare_sheet_is_parsed_with_its_fields_left_to_fill() -> None:
    """The texts keep their {fields} (filled per patient); lines come through in order."""
    parsed = parse_aftercare(aftercare(), FILE, NAMES)
    assert (parsed.version, parsed.file) == ("2", FILE)
    assert parsed.no_driving.get("en") == "Do not drive until {until}."
    assert [item.id for item in parsed.instructions] == ["rest"]
    assert [item.id for item in parsed.emergency] == ["crisis"]


def mistake(data: dict[str, Any]) -> FormError:
    """The FormError parse_aftercare raises for ``data``, which names this file."""
    with pytest.raises(FormError) as caught:
        parse_aftercare(data, FILE, NAMES)
    assert caught.value.file == FILE
    return caught.value


@pytest.mark.parametrize(
    ("key", "value", "where", "problem"),
    [
        (
            "no_driving",
            text("Do not drive.", "No maneje hasta {until}."),
            "aftercare.no_driving.en",
            "must contain {until}",
        ),
        ("ride", text("Driver: {phone}"), "aftercare.ride.en", "must contain {driver}"),
        (
            "title",
            text("Until {until}"),
            "aftercare.title.en",
            "is not a setting or one of {clinic_phone}",
        ),
        (
            "next_appointment",
            text("Next: {nurse} {next}"),
            "aftercare.next_appointment.en",
            "{nurse} is not",
        ),
        ("version", 2, "aftercare.version", "must be a non-empty string"),
        ("footer", text("x"), "aftercare.footer", "unknown key"),
    ],
)
def test_each_kind_of_mistake_in_the_texts_names_its_key(
    key: str, value: Any, where: str, problem: str
) -> None:
    """A line without its own first field (in either language), another line's field, an unknown
    key and a wrong type are FormErrors at the text's key."""
    data = aftercare()
    data["aftercare"][key] = value
    error = mistake(data)
    assert error.key == where
    assert problem in error.problem


def test_a_missing_text_is_required() -> None:
    """Every text of the sheet must be there."""
    data = aftercare()
    del data["aftercare"]["discharged_by"]
    error = mistake(data)
    assert (error.key, error.problem) == ("aftercare.discharged_by", "is required")


@pytest.mark.parametrize("block", ["instructions", "emergency"])
def test_each_kind_of_mistake_in_a_line_names_its_key(block: str) -> None:
    """A repeated id, a line's own field out of place, an unknown key and an empty block are
    named in the block they are in."""
    data = aftercare()
    data[block].append(dict(data[block][0]))
    assert mistake(data).key == f"{block}[1].id"
    data = aftercare()
    data[block][0]["text"] = text("Until {until}")
    assert mistake(data).key == f"{block}[0].text.en"
    data = aftercare()
    data[block][0]["urgent"] = True
    assert mistake(data).key == f"{block}[0].urgent"
    data = aftercare()
    data[block] = []
    assert mistake(data).key == block
