"""The idle policy: active, then a warning, then expired, on the fake clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.core.clock import FakeClock
from kiosk.core.idle import IdlePolicy, IdleState

TIMEOUT = 90
WARNING = 30


@pytest.fixture
def policy(clock: FakeClock) -> IdlePolicy:
    """A 90 s timeout with a 30 s warning, started now."""
    return IdlePolicy(clock, TIMEOUT, WARNING)


@pytest.mark.parametrize(
    ("idle", "state"),
    [
        (0, IdleState.ACTIVE),
        (89.9, IdleState.ACTIVE),
        (90, IdleState.WARNING),
        (100, IdleState.WARNING),
        (119.9, IdleState.WARNING),
        (120, IdleState.EXPIRED),
        (3600, IdleState.EXPIRED),
    ],
)
def test_state_after_idle_seconds(
    clock: FakeClock, policy: IdlePolicy, idle: float, state: IdleState
) -> None:
    """Active until the timeout, warning for the warning seconds, then expired."""
    clock.advance(idle)
    assert policy.idle_for() == pytest.approx(idle)
    assert policy.state() is state


def test_touch_resets_the_countdown(clock: FakeClock, policy: IdlePolicy) -> None:
    """A touch during the warning (or just before it) makes the kiosk active for a full timeout."""
    clock.advance(100)
    assert policy.state() is IdleState.WARNING
    policy.touch()
    assert policy.state() is IdleState.ACTIVE
    assert policy.idle_for() == 0
    clock.advance(89)
    assert policy.state() is IdleState.ACTIVE
    policy.touch()
    clock.advance(89)
    assert policy.state() is IdleState.ACTIVE
    clock.advance(1)
    assert policy.state() is IdleState.WARNING


def test_touch_after_expiry_starts_again(clock: FakeClock, policy: IdlePolicy) -> None:
    """Once expired, the next touch (a new patient) starts an active countdown again."""
    clock.advance(500)
    assert policy.state() is IdleState.EXPIRED
    policy.touch()
    assert policy.state() is IdleState.ACTIVE


def test_seconds_left_counts_down(clock: FakeClock, policy: IdlePolicy) -> None:
    """During the warning, seconds_left counts 30, 29, ... 1, then 0 when expired."""
    clock.advance(TIMEOUT)
    seen = []
    for _ in range(WARNING):
        assert policy.state() is IdleState.WARNING
        seen.append(policy.seconds_left())
        clock.advance(1)
    assert seen == list(range(WARNING, 0, -1))
    assert policy.state() is IdleState.EXPIRED
    assert policy.seconds_left() == 0
    clock.advance(10)
    assert policy.seconds_left() == 0


def test_seconds_left_rounds_up(clock: FakeClock, policy: IdlePolicy) -> None:
    """Part of a second left still shows as a whole second, never 0 before the wipe."""
    clock.advance(TIMEOUT + WARNING - 0.5)
    assert policy.state() is IdleState.WARNING
    assert policy.seconds_left() == 1


def test_idle_uses_monotonic_time(clock: FakeClock, policy: IdlePolicy) -> None:
    """Moving the wall clock alone (a time-zone or NTP change) does not expire the kiosk."""
    clock.current += timedelta(hours=5)
    assert policy.state() is IdleState.ACTIVE
