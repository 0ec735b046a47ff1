"""Flags for the nurse: levels and the order the board shows them in."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.core.flags import Flag, Level
from kiosk.core.text import Localized

REASON = Localized({"en": "why", "es": "por qué"})


def test_alerts_rank_before_red_before_amber() -> None:
    """An alert ranks first whatever its level, then red flags, then amber ones."""
    amber = Flag("a", Level.AMBER, "checklist", REASON)
    red = Flag("r", Level.RED, "checklist", REASON)
    alert = Flag("x", Level.AMBER, "phq9", REASON, alert=True)
    assert [alert.rank, red.rank, amber.rank] == [0, 1, 2]
    assert sorted([amber, red, alert], key=lambda f: f.rank) == [alert, red, amber]


def test_levels_are_the_words_stored() -> None:
    """Level values are the text the database keeps ('red', 'amber')."""
    assert [level.value for level in Level] == ["red", "amber"]
    assert Level("red") is Level.RED


def test_a_flag_is_not_an_alert_by_default_and_cannot_change() -> None:
    """A flag raised by a rule is no alert unless said; a flag is frozen once made."""
    flag = Flag("r", Level.RED, "checklist", REASON)
    assert flag.alert is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        flag.level = Level.AMBER  # type: ignore[misc]
