"""The chair-to-door countdown and vitals due, on real time spans: across midnight and a
daylight-saving change the minutes left are the minutes a patient actually waits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.observation import (
    ChairState,
    Infusion,
    Standing,
    VitalsDue,
    standing,
    vitals_due,
)

CHICAGO = ZoneInfo("America/Chicago")


def at(hour: int, minute: int, day: int = 5, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=CHICAGO)


def test_waiting_in_the_chair_in_observation_then_ready() -> None:
    """Before the start: waiting; running: in the chair; ended 10:40 with 30 minutes: in
    observation, 30 minutes left at 10:40, 1 left at 11:09:30, ready at 11:10."""
    assert standing(Infusion(), at(10, 0), 30).state is ChairState.WAITING
    running = Infusion(started_at=at(10, 0))
    assert standing(running, at(10, 20), 30).state is ChairState.IN_CHAIR
    ended = Infusion(started_at=at(10, 0), ended_at=at(10, 40))
    assert standing(ended, at(10, 40), 30) == Standing(ChairState.OBSERVATION, 30, at(11, 10))
    late = standing(ended, at(11, 9) + timedelta(seconds=30), 30)
    assert (late.state, late.minutes_left) == (ChairState.OBSERVATION, 1)
    assert standing(ended, at(11, 10), 30).state is ChairState.READY


def test_an_infusion_ending_before_midnight_is_watched_into_the_next_day() -> None:
    """Ended 23:50 with 30 minutes: at 00:05 the next day 15 minutes are left; ready 00:20."""
    ended = Infusion(started_at=at(23, 0), ended_at=at(23, 50))
    after = standing(ended, at(0, 5, day=6), 30)
    assert (after.state, after.minutes_left) == (ChairState.OBSERVATION, 15)
    assert standing(ended, at(0, 20, day=6), 30).state is ChairState.READY


def test_the_fall_back_hour_counts_real_minutes() -> None:
    """On 1 November 2026 Chicago's clocks go from 01:59 CDT back to 01:00 CST. An infusion
    ending 01:50 CDT with 30 minutes of observation ends at 01:20 CST (30 real minutes), not at
    02:20: at 01:10 CST (20 real minutes later) 10 minutes are left."""
    end = datetime(2026, 11, 1, 6, 50, tzinfo=UTC).astimezone(CHICAGO)  # 01:50 CDT
    assert end.utcoffset() == timedelta(hours=-5)
    ended = Infusion(started_at=end - timedelta(minutes=40), ended_at=end)
    now = end + timedelta(minutes=20)  # 01:10 CST
    assert now.astimezone(CHICAGO).utcoffset() == timedelta(hours=-6)
    shown = standing(ended, now.astimezone(CHICAGO), 30)
    assert (shown.state, shown.minutes_left) == (ChairState.OBSERVATION, 10)
    assert shown.observation_ends is not None
    assert shown.observation_ends - end == timedelta(minutes=30)


def test_vitals_are_due_from_the_last_reading_and_overdue_half_an_interval_later() -> None:
    """Every 15 minutes: none at 10:10 after a 10:00 start, due at 10:15, overdue at 10:23;
    a reading at 10:16 starts the count again; never due outside the chair."""
    running = Infusion(started_at=at(10, 0))
    assert vitals_due(running, None, at(10, 10), 15) is VitalsDue.NOT_NOW
    assert vitals_due(running, None, at(10, 15), 15) is VitalsDue.DUE
    assert vitals_due(running, None, at(10, 23), 15) is VitalsDue.OVERDUE
    assert vitals_due(running, at(10, 16), at(10, 25), 15) is VitalsDue.NOT_NOW
    assert vitals_due(Infusion(), None, at(12, 0), 15) is VitalsDue.NOT_NOW
    ended = Infusion(started_at=at(10, 0), ended_at=at(10, 40))
    assert vitals_due(ended, None, at(12, 0), 15) is VitalsDue.NOT_NOW


def test_times_without_a_zone_and_an_end_before_the_start_are_refused() -> None:
    """A naive time or an infusion ending before it began is a programming slip: refused."""
    with pytest.raises(ValueError, match="time zone"):
        Infusion(started_at=datetime(2026, 12, 5, 10, 0))
    with pytest.raises(ValueError, match="before it started"):
        Infusion(started_at=at(10, 0), ended_at=at(9, 59))
    with pytest.raises(ValueError, match="before it started"):
        Infusion(ended_at=at(9, 59))
