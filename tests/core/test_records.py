"""The records session and storage exchange: stages in the day's order, and plain frozen records."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, date, datetime

import pytest

from kiosk.core.identity import Identity
from kiosk.core.records import NewIntake, Progress, Stage, StepRecord


def test_stages_are_in_the_order_of_the_day() -> None:
    """Checking in, checklist done, consent signed, in chair, discharged: order 0 to 4."""
    assert [(stage.value, stage.order) for stage in Stage] == [
        ("checking_in", 0),
        ("checklist_done", 1),
        ("consent_signed", 2),
        ("in_chair", 3),
        ("discharged", 4),
    ]


def test_a_later_stage_always_has_a_higher_order() -> None:
    """Order grows strictly along the day, so 'never move back' is one comparison."""
    stages = list(Stage)
    for earlier, later in itertools.pairwise(stages):
        assert earlier.order < later.order
    assert max(Stage, key=lambda s: s.order) is Stage.DISCHARGED


def test_a_stage_reads_back_from_its_stored_text() -> None:
    """The text in the intakes.stage column gives the stage back."""
    assert Stage("in_chair") is Stage.IN_CHAIR
    with pytest.raises(ValueError, match="'seated'"):
        Stage("seated")


def test_a_step_record_carries_nothing_extra_by_default() -> None:
    """A step with only answers has no flags, score, stage or time, and cannot be changed."""
    record = StepRecord(1, "checklist:page1", "checklist", (), ())
    assert (record.flags, record.score, record.stage, record.confirmed_at) == ((), None, None, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.stage = Stage.CHECKLIST_DONE  # type: ignore[misc]


def test_progress_of_a_new_intake_is_empty_and_its_own() -> None:
    """Two Progress records never share their answers or confirmed steps."""
    one, two = Progress(1, verified=True), Progress(2, verified=False)
    one.answers["checklist"] = {"q": "yes"}
    one.confirmed.add("checklist:page1")
    assert (two.answers, two.confirmed) == ({}, set())
    assert not (two.consent_signed or two.completed)


def test_a_new_intake_is_frozen() -> None:
    """What the identify step hands to storage cannot change on the way."""
    new = NewIntake(
        date(2026, 11, 21),
        Identity("Ana", "Ruiz", date(1980, 1, 2)),
        "es",
        None,
        {"checklist": "1"},
        datetime(2026, 11, 21, 15, 0, tzinfo=UTC),
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        new.language = "en"  # type: ignore[misc]
