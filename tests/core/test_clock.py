"""The clock: the real one in UTC and in the clinic's zone, the fake one tests move, today, utc_iso."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from kiosk.core.clock import Clock, FakeClock, SystemClock, today, utc_iso

CHICAGO = ZoneInfo("America/Chicago")


def test_the_system_clock_is_aware_utc_and_monotonic() -> None:
    """SystemClock.now() is an aware UTC datetime close to the machine's; monotonic never goes back."""
    clock: Clock = SystemClock()
    before = datetime.now(UTC)
    now = clock.now()
    assert now.tzinfo is UTC
    assert abs(now - before) < timedelta(seconds=5)
    first = clock.monotonic()
    assert clock.monotonic() >= first


def test_the_system_clock_gives_local_time_in_the_clinic_zone() -> None:
    """local_now() is the same moment as now(), written in the zone it was given."""
    clock = SystemClock(CHICAGO)
    local = clock.local_now()
    assert local.tzinfo is CHICAGO
    assert abs(local - clock.now()) < timedelta(seconds=5)


def test_the_fake_clock_starts_at_a_known_moment() -> None:
    """A new FakeClock says 2026-11-21 15:00 UTC, monotonic 1000."""
    clock = FakeClock()
    assert clock.now() == datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
    assert clock.monotonic() == 1000.0


def test_advance_moves_wall_and_monotonic_time_together() -> None:
    """advance(90) moves now() and monotonic() forward by 90 seconds each."""
    clock = FakeClock()
    clock.advance(90)
    assert clock.now() == datetime(2026, 11, 21, 15, 1, 30, tzinfo=UTC)
    assert clock.monotonic() == 1090.0


def test_the_fake_clock_now_is_utc_whatever_zone_it_was_set_in() -> None:
    """A FakeClock set to a time in another offset still answers now() in UTC."""
    clock = FakeClock(datetime(2026, 11, 21, 9, 0, tzinfo=timezone(timedelta(hours=-6))))
    assert clock.now() == datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
    assert clock.now().tzinfo is UTC


def test_the_fake_clock_local_time_in_a_zone() -> None:
    """With a zone, local_now() is the same moment in that zone; without, the moment as set."""
    assert FakeClock().local_now() == datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
    local = FakeClock(tz=CHICAGO).local_now()
    assert local.tzinfo is CHICAGO
    assert (local.hour, local.minute) == (9, 0)


def test_today_is_the_clinic_day_not_the_utc_day() -> None:
    """At 02:00 UTC on the 22nd it is still the 21st in Chicago: today() says the 21st."""
    moment = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
    assert today(FakeClock(moment, tz=CHICAGO)) == date(2026, 11, 21)
    assert today(FakeClock(moment)) == date(2026, 11, 22)


def test_utc_iso_is_utc_to_the_second() -> None:
    """utc_iso turns any aware datetime into ISO 8601 text in UTC, microseconds dropped
    (03:30 in Chicago on the day daylight time starts is 08:30 UTC)."""
    moment = datetime(2026, 3, 8, 3, 30, 15, 999_999, tzinfo=CHICAGO)
    assert utc_iso(moment) == "2026-03-08T08:30:15+00:00"
    assert utc_iso(datetime(2026, 11, 21, 15, 0, tzinfo=UTC)) == "2026-11-21T15:00:00+00:00"
