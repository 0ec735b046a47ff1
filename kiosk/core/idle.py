"""When a kiosk nobody touches warns, and when it wipes: a pure policy on the injected clock."""

from __future__ import annotations

from enum import StrEnum

from kiosk.core.clock import Clock


class IdleState(StrEnum):
    """Where the idle countdown is."""

    ACTIVE = "active"
    WARNING = "warning"
    EXPIRED = "expired"


class IdlePolicy:
    """Active until ``timeout`` seconds without a touch, then a warning for ``warning`` seconds."""

    def __init__(self, clock: Clock, timeout: float, warning: float) -> None:
        self._clock = clock
        self.timeout = timeout
        self.warning = warning
        self._last = clock.monotonic()

    def touch(self) -> None:
        """Someone touched the screen."""
        self._last = self._clock.monotonic()

    def idle_for(self) -> float:
        """Seconds since the last touch."""
        return self._clock.monotonic() - self._last

    def state(self) -> IdleState:
        """The state now."""
        idle = self.idle_for()
        if idle < self.timeout:
            return IdleState.ACTIVE
        if idle < self.timeout + self.warning:
            return IdleState.WARNING
        return IdleState.EXPIRED

    def seconds_left(self) -> int:
        """Whole seconds until the wipe, during the warning."""
        return max(0, int(self.timeout + self.warning - self.idle_for() + 0.999))
