"""The one injectable clock: wall time for records, monotonic time for timeouts."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    """Where every part of the kiosk asks what time it is."""

    def now(self) -> datetime:
        """Aware UTC datetime."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back, for timeouts."""
        ...

    def local_now(self) -> datetime:
        """Aware datetime in the clinic's time zone."""
        ...


class SystemClock:
    """The real clock."""

    def __init__(self, tz: ZoneInfo | None = None) -> None:
        self._tz = tz

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    def local_now(self) -> datetime:
        return datetime.now(UTC).astimezone(self._tz)


@dataclass
class FakeClock:
    """A clock tests move by hand."""

    current: datetime = field(default_factory=lambda: datetime(2026, 11, 21, 15, 0, tzinfo=UTC))
    tz: ZoneInfo | None = None
    mono: float = 1000.0

    def now(self) -> datetime:
        return self.current.astimezone(UTC)

    def monotonic(self) -> float:
        return self.mono

    def local_now(self) -> datetime:
        if self.tz is None:
            return self.current
        return self.current.astimezone(self.tz)

    def advance(self, seconds: float) -> None:
        """Move both wall and monotonic time forward."""
        self.current += timedelta(seconds=seconds)
        self.mono += seconds


def today(clock: Clock) -> date:
    """The clinic's calendar day."""
    return clock.local_now().date()


def utc_iso(moment: datetime) -> str:
    """ISO 8601 text of an aware datetime in UTC, to the second."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()
