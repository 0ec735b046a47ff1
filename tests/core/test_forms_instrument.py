"""A scored instrument parsed on its own: options, items, severity bands, the alert."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.core.forms.errors import FormError
from kiosk.core.forms.parse_instrument import parse_instrument

FILE = "phq2.toml"


def text(en: str) -> dict[str, str]:
    """A localized text table."""
    return {"en": en, "es": en + " (es)"}


def instrument() -> dict[str, Any]:
    """A small valid instrument: two items scored 0-2, totals 0..4 in two bands, an alert."""
    return {
        "form": {
            "id": "phq2",
            "version": "1",
            "kind": "instrument",
            "title": text("PHQ-2"),
            "stem": text("Over the last two weeks"),
        },
        "options": [
            {"value": 0, "label": text("Never")},
            {"value": 1, "label": text("Some days")},
            {"value": 2, "label": text("Most days")},
        ],
        "items": [
            {"id": "interest", "text": text("Little interest")},
            {"id": "mood", "text": text("Feeling down")},
        ],
        "severity": [
            {"min": 0, "max": 2, "label": text("Low"), "key": "low"},
            {"min": 3, "max": 4, "label": text("High"), "key": "high"},
        ],
        "alert": {"item": "mood", "above": 1, "reason": text("Mood answered most days")},
    }


def test_an_instrument_is_parsed() -> None:
    """Options, items, bands and alert come through in order; the highest total is items x top value."""
    parsed = parse_instrument(instrument(), FILE)
    assert (parsed.id, parsed.version, parsed.file) == ("phq2", "1", FILE)
    assert [value for value, _ in parsed.options] == [0, 1, 2]
    assert [item.id for item in parsed.items] == ["interest", "mood"]
    assert [band.key for band in parsed.severity] == ["low", "high"]
    assert parsed.max_total == 4
    assert parsed.alert is not None
    assert (parsed.alert.item, parsed.alert.above) == ("mood", 1)


def test_the_alert_is_optional_and_its_threshold_defaults_to_zero() -> None:
    """Without [alert] there is none; an alert without 'above' fires above 0."""
    data = instrument()
    del data["alert"]
    assert parse_instrument(data, FILE).alert is None
    data = instrument()
    del data["alert"]["above"]
    alert = parse_instrument(data, FILE).alert
    assert alert is not None
    assert alert.above == 0


def mistake(data: dict[str, Any]) -> FormError:
    """The FormError parse_instrument raises for ``data``, which names this file."""
    with pytest.raises(FormError) as caught:
        parse_instrument(data, FILE)
    assert caught.value.file == FILE
    return caught.value


def change(path: str, value: Any) -> dict[str, Any]:
    """A valid instrument with one key set (``options[1].value``, ``form.kind``, ...)."""
    data = instrument()
    *parents, last = path.split(".")
    target: Any = data
    for part in parents:
        name, _, index = part.partition("[")
        target = target[name]
        if index:
            target = target[int(index.rstrip("]"))]
    target[last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "key", "problem"),
    [
        ("form.kind", "questionnaire", "form.kind", "must be 'instrument'"),
        ("form.id", "PHQ2", "form.id", "lower-case letters"),
        ("options[1].value", 2, "options", "0, 1, 2, ... in order"),
        ("items[1].id", "interest", "items[1].id", "duplicate item id 'interest'"),
        ("severity[1].key", "low", "severity", "band keys must differ"),
        ("severity[1].min", 4, "severity", "without gaps"),
        ("severity[1].max", 3, "severity", "bands must end at 4"),
        ("alert.item", "sleep", "alert.item", "item 'sleep' which does not exist"),
        ("alert.above", 2, "alert.above", "between 0 and 1"),
        ("items[0].text", text("Little {interest}"), "items[0].text.en", "is not a setting"),
        ("severity[0].colour", "green", "severity[0].colour", "unknown key"),
    ],
)
def test_each_kind_of_mistake_names_its_key(path: str, value: Any, key: str, problem: str) -> None:
    """The wrong kind, a bad id, options out of order, a duplicate item or band key, bands with a
    gap or ending short, an alert on no item or above the top answer, a placeholder in standard
    wording and an unknown key: each a FormError at its key."""
    error = mistake(change(path, value))
    assert error.key == key
    assert problem in error.problem
