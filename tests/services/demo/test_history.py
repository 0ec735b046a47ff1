"""make_history: earlier clinic days copied from intakes the real session made (the ``kiosk demo
--history`` command around it is in tests/cli/test_cli_demo.py)."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.services.context import KioskContext
from kiosk.services.demo.day import DemoError, make_demo
from kiosk.services.demo.history import make_history
from kiosk.services.station import StationService
from tests.helpers.visits import check_gone_home

MONDAY = date(2026, 11, 23)


def test_make_history_writes_count_intakes_on_weekdays_before_the_day(
    kiosk: KioskContext,
) -> None:
    """Five intakes fit one clinic day: the Friday before the Monday given, which it returns;
    every intake is on it; each complete one discharged, with its consent."""
    assert make_history(kiosk, 5, MONDAY, seed=1) == [date(2026, 11, 20)]
    days = [r["day"] for r in kiosk.db.query("SELECT day FROM intakes")]
    assert days == ["2026-11-20"] * 5
    complete = kiosk.db.execute(
        "SELECT count(*) FROM intakes WHERE completed_at IS NOT NULL"
    ).fetchone()[0]
    discharged = kiosk.db.execute("SELECT count(*) FROM discharges").fetchone()[0]
    consents = kiosk.db.execute("SELECT count(DISTINCT intake_id) FROM consents").fetchone()[0]
    assert discharged == consents == complete >= 1


def test_make_history_of_nothing_writes_nothing(kiosk: KioskContext) -> None:
    """A count below one: no days, no intakes."""
    assert make_history(kiosk, 0, MONDAY) == []
    assert kiosk.db.execute("SELECT count(*) FROM intakes").fetchone()[0] == 0


def test_make_history_needs_a_folder_without_intakes(kiosk: KioskContext) -> None:
    """Intakes already there: DemoError, nothing added."""
    make_demo(kiosk, 1, MONDAY, seed=1)
    with pytest.raises(DemoError):
        make_history(kiosk, 5, MONDAY)
    assert kiosk.db.execute("SELECT count(*) FROM intakes").fetchone()[0] == 1


def test_history_days_carry_the_infusion_day(kiosk: KioskContext) -> None:
    """Every discharged earlier intake was infused (40 minutes to two hours, after check-in)
    with vitals before, every interval during and after it, watched the observation period and
    checked ready before it went; some had side effects, some readings rose during the
    infusion, some first checks failed and passed later; an override is rare and has its
    reason (and its red flag)."""
    make_history(kiosk, 400, MONDAY, seed=2)
    station = StationService.on(kiosk)
    ids = [
        int(r["id"]) for r in kiosk.db.query("SELECT id FROM intakes WHERE stage = 'discharged'")
    ]
    complete = kiosk.db.execute(
        "SELECT count(*) FROM intakes WHERE completed_at IS NOT NULL"
    ).fetchone()[0]
    assert len(ids) == complete > 300
    went = [check_gone_home(station.intake(i), kiosk.forms.settings) for i in ids]
    with_effects = sum(1 for w in went if w.side_effects)
    assert 0 < with_effects < len(went)  # not on every patient
    assert any(w.rose for w in went)
    assert any(w.failed_first and not w.override for w in went)
    overrides = sum(1 for w in went if w.override)
    assert 0 < overrides <= len(went) * 0.05
