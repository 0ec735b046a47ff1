"""Scoring of the standard instruments (PHQ-9, GAD-7) and the item alert."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kiosk.core.flags import Flag, Level
from kiosk.core.forms.model import Instrument, SeverityBand


@dataclass(frozen=True)
class Score:
    """A total and its severity band."""

    instrument: str
    total: int
    severity: SeverityBand


def severity_for(instrument: Instrument, total: int) -> SeverityBand:
    """The band a total falls in."""
    for band in instrument.severity:
        if band.minimum <= total <= band.maximum:
            return band
    raise ValueError(f"{instrument.id} total {total} is outside 0..{instrument.max_total}")


def check_item(instrument: Instrument, item_id: str, value: int) -> None:
    """Refuse an item or value the instrument does not have."""
    if item_id not in {item.id for item in instrument.items}:
        raise ValueError(f"{instrument.id} has no item {item_id!r}")
    if value not in {v for v, _ in instrument.options}:
        raise ValueError(f"{instrument.id} item {item_id}: {value!r} is not an answer")


def score(instrument: Instrument, answers: Mapping[str, int]) -> Score | None:
    """The total once every item is answered, else None."""
    for item_id, value in answers.items():
        check_item(instrument, item_id, value)
    if any(item.id not in answers for item in instrument.items):
        return None
    total = sum(answers[item.id] for item in instrument.items)
    return Score(instrument.id, total, severity_for(instrument, total))


def item_alert(instrument: Instrument, item_id: str, value: int) -> Flag | None:
    """The immediate alert an item raises (PHQ-9 item 9 above 0), or None."""
    alert = instrument.alert
    if alert is None or alert.item != item_id or value <= alert.above:
        return None
    return Flag(
        code=f"{instrument.id}_alert",
        level=Level.RED,
        source=instrument.id,
        reason=alert.reason,
        alert=True,
    )
