"""make_history: earlier clinic days copied from intakes the real session made (the ``kiosk demo
--history`` command around it is in tests/cli/test_cli_demo.py)."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.services.context import KioskContext
from kiosk.services.demo.day import DemoError, make_demo
from kiosk.services.demo.history import make_history

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
