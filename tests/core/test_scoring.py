"""PHQ-9 and GAD-7 scoring at every severity boundary, and the PHQ-9 item 9 alert."""

from __future__ import annotations

import pytest

from kiosk.core.flags import Level
from kiosk.core.forms import FormsBundle, Instrument
from kiosk.core.scoring import check_item, item_alert, score, severity_for


def _instrument(forms: FormsBundle, instrument_id: str) -> Instrument:
    return forms.phq9 if instrument_id == "phq9" else forms.gad7


def answers_totalling(instrument: Instrument, total: int) -> dict[str, int]:
    """Every item answered, adding up to ``total`` (items filled 3, 3, ... then the rest)."""
    answers = {}
    left = total
    for item in instrument.items:
        answers[item.id] = min(3, left)
        left -= answers[item.id]
    assert left == 0, f"{total} is more than {instrument.id} can score"
    return answers


@pytest.mark.parametrize(
    ("instrument_id", "total", "severity"),
    [
        ("phq9", 0, "minimal"),
        ("phq9", 4, "minimal"),
        ("phq9", 5, "mild"),
        ("phq9", 9, "mild"),
        ("phq9", 10, "moderate"),
        ("phq9", 14, "moderate"),
        ("phq9", 15, "moderately_severe"),
        ("phq9", 19, "moderately_severe"),
        ("phq9", 20, "severe"),
        ("phq9", 27, "severe"),
        ("gad7", 0, "minimal"),
        ("gad7", 4, "minimal"),
        ("gad7", 5, "mild"),
        ("gad7", 9, "mild"),
        ("gad7", 10, "moderate"),
        ("gad7", 14, "moderate"),
        ("gad7", 15, "severe"),
        ("gad7", 21, "severe"),
    ],
)
def test_total_and_severity_at_each_boundary(
    forms: FormsBundle, instrument_id: str, total: int, severity: str
) -> None:
    """A complete set of answers scores its sum, in the band the published cut-offs give."""
    instrument = _instrument(forms, instrument_id)
    result = score(instrument, answers_totalling(instrument, total))
    assert result is not None
    assert (result.instrument, result.total, result.severity.key) == (
        instrument_id,
        total,
        severity,
    )
    assert severity_for(instrument, total).key == severity


@pytest.mark.parametrize("instrument_id", ["phq9", "gad7"])
def test_the_total_is_the_sum_whatever_the_order(forms: FormsBundle, instrument_id: str) -> None:
    """The total adds each item's value, wherever the high answers fall."""
    instrument = _instrument(forms, instrument_id)
    answers = {item.id: i % 4 for i, item in enumerate(instrument.items)}
    result = score(instrument, answers)
    assert result is not None
    assert result.total == sum(answers.values())


@pytest.mark.parametrize("instrument_id", ["phq9", "gad7"])
def test_a_total_outside_the_bands_is_an_error(forms: FormsBundle, instrument_id: str) -> None:
    """severity_for refuses a total above the instrument's maximum or below zero."""
    instrument = _instrument(forms, instrument_id)
    with pytest.raises(ValueError, match="outside"):
        severity_for(instrument, instrument.max_total + 1)
    with pytest.raises(ValueError, match="outside"):
        severity_for(instrument, -1)


@pytest.mark.parametrize("instrument_id", ["phq9", "gad7"])
@pytest.mark.parametrize("missing", [0, -1])
def test_incomplete_answers_have_no_score(
    forms: FormsBundle, instrument_id: str, missing: int
) -> None:
    """Until every item is answered there is no total (None), not a partial sum."""
    instrument = _instrument(forms, instrument_id)
    answers = {item.id: 3 for item in instrument.items}
    del answers[instrument.items[missing].id]
    assert score(instrument, answers) is None
    assert score(instrument, {}) is None


@pytest.mark.parametrize(
    ("instrument_id", "item_id", "value", "message"),
    [
        ("phq9", "phq9_10", 0, "has no item 'phq9_10'"),
        ("phq9", "gad7_1", 0, "has no item 'gad7_1'"),
        ("gad7", "phq9_9", 1, "has no item 'phq9_9'"),
        ("phq9", "phq9_1", 4, "4 is not an answer"),
        ("phq9", "phq9_1", -1, "-1 is not an answer"),
        ("gad7", "gad7_7", 4, "4 is not an answer"),
    ],
)
def test_a_wrong_item_or_value_is_refused(
    forms: FormsBundle, instrument_id: str, item_id: str, value: int, message: str
) -> None:
    """score() and check_item() raise ValueError for an item or value the instrument lacks."""
    instrument = _instrument(forms, instrument_id)
    with pytest.raises(ValueError, match=message):
        check_item(instrument, item_id, value)
    answers = {item.id: 0 for item in instrument.items}
    answers[item_id] = value
    with pytest.raises(ValueError, match=message):
        score(instrument, answers)
    with pytest.raises(ValueError, match=message):
        score(instrument, {item_id: value})  # even before the set is complete


@pytest.mark.parametrize("value", [1, 2, 3])
def test_phq9_item_9_above_zero_raises_the_alert(forms: FormsBundle, value: int) -> None:
    """PHQ-9 item 9 at 1, 2 or 3 raises a red alert flag for the nurse board."""
    flag = item_alert(forms.phq9, "phq9_9", value)
    assert flag is not None
    assert flag.code == "phq9_alert"
    assert flag.level is Level.RED
    assert flag.alert is True
    assert flag.source == "phq9"
    assert flag.rank == 0
    assert "item 9" in flag.reason.get("en")


def test_phq9_item_9_at_zero_raises_nothing(forms: FormsBundle) -> None:
    """'Not at all' on item 9 raises no alert."""
    assert item_alert(forms.phq9, "phq9_9", 0) is None


@pytest.mark.parametrize("item", [f"phq9_{n}" for n in range(1, 9)])
def test_other_phq9_items_raise_nothing(forms: FormsBundle, item: str) -> None:
    """Only item 9 alerts: the highest answer on any other PHQ-9 item raises nothing."""
    assert item_alert(forms.phq9, item, 3) is None


def test_gad7_has_no_alert(forms: FormsBundle) -> None:
    """GAD-7 carries no alert, so no item at any value raises one."""
    assert forms.gad7.alert is None
    for item in forms.gad7.items:
        for value in range(4):
            assert item_alert(forms.gad7, item.id, value) is None
