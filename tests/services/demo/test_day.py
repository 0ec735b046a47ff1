"""make_demo: a reproducible day of intakes, each through the real session and storage, and with
the nurses the infusion day through the real station (the ``kiosk demo`` command around it is in
tests/cli/test_cli_demo.py)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.consent import text_sha256
from kiosk.core.infusion import standing_of
from kiosk.core.observation import ChairState
from kiosk.services.context import KioskContext, open_context
from kiosk.services.demo.day import (
    DemoError,
    board_moment,
    board_states,
    demo_zone,
    make_demo,
)
from kiosk.services.station import StationService
from tests.helpers.rows import Rows
from tests.helpers.visits import check_gone_home

DAY = date(2026, 11, 21)


def test_make_demo_returns_the_ids_of_new_intakes_of_the_day(kiosk: KioskContext) -> None:
    """``count`` ids, in the order made, each an intake of that day."""
    ids = make_demo(kiosk, 6, DAY, seed=3)
    assert len(ids) == 6 and ids == sorted(ids)
    rows = Rows(kiosk.db)
    for intake_id in ids:
        intake = rows.intake(intake_id)
        assert intake is not None and intake["day"] == DAY.isoformat()


def test_every_demo_intake_went_through_the_real_session(kiosk: KioskContext) -> None:
    """Each intake has confirmed steps; each finished one has its consent signed on the
    current version with the published text's hash and a real PDF."""
    ids = make_demo(kiosk, 6, DAY, seed=3)
    rows = Rows(kiosk.db)
    finished = 0
    for intake_id in ids:
        assert rows.steps(intake_id)
        intake = rows.intake(intake_id)
        assert intake is not None
        if intake["completed_at"]:
            finished += 1
            [consent] = rows.consents(intake_id)
            assert consent["version"] == kiosk.forms.consent.version
            assert consent["text_sha256"] == text_sha256(kiosk.forms.consent, consent["language"])
            assert consent["pdf"].startswith(b"%PDF")
    assert finished >= 1


def test_the_same_patients_twice_in_one_folder_is_refused(kiosk: KioskContext) -> None:
    """A second run with the same seed and day: DemoError, no new intake."""
    make_demo(kiosk, 3, DAY, seed=3)
    with pytest.raises(DemoError):
        make_demo(kiosk, 3, DAY, seed=3)
    assert kiosk.db.execute("SELECT count(*) FROM intakes").fetchone()[0] == 3


# --- the nurses' side: the infusion, the watch after it, the door --------------------------------


def _seen(kiosk: KioskContext, hour: int = 14, minute: int = 0) -> datetime:
    return datetime.combine(DAY, time(hour, minute), demo_zone(kiosk.forms.settings))


def _stored_times(kiosk: KioskContext, intake_ids: list[int]) -> list[datetime]:
    """Every time the station's acts stored for these intakes."""
    marks = ",".join("?" * len(intake_ids))
    columns = {
        "vitals": ("recorded_at",),
        "infusions": ("started_at", "ended_at"),
        "side_effects": ("seen_at", "recorded_at"),
        "readiness_checks": ("recorded_at",),
        "discharges": ("discharged_at",),
        "flags": ("raised_at", "acknowledged_at"),
    }
    times: list[datetime] = []
    for table, names in columns.items():
        for row in kiosk.db.query(
            f"SELECT {', '.join(names)} FROM {table} WHERE intake_id IN ({marks})",
            intake_ids,
        ):
            times += [datetime.fromisoformat(v) for v in row.values() if v is not None]
    return times


@pytest.mark.parametrize(
    ("seed", "hour", "count"), [(0, 14, 20), (1, 14, 20), (2, 11, 10), (3, 17, 12)]
)
def test_the_day_seen_at_a_moment_has_a_patient_in_each_state(
    kiosk: KioskContext, seed: int, hour: int, count: int
) -> None:
    """With the nurses, a day seen at a moment (11:00, the earliest today is seen at, to the
    evening): the board has patients waiting, in the chair (just one with vitals overdue), in
    observation, ready and gone home; exactly one reading during an infusion raised a flag, on
    a patient still in the chair; nothing is stored after the moment."""
    seen = _seen(kiosk, hour)
    ids = make_demo(kiosk, count, DAY, seed=seed, nurses=True, until=seen)
    station = StationService.on(kiosk)
    rows = [row for row in station.board(DAY) if row.id in set(ids)]
    states = board_states(rows, seen, kiosk.forms.settings)
    assert all(states[name] >= 1 for name in states), states
    assert states["vitals overdue"] == 1
    flagged = [r for r in rows if any(f.code.startswith("vitals_during_") for f in r.flags)]
    assert len(flagged) == 1
    assert standing_of(flagged[0], seen, kiosk.forms.settings).state is ChairState.IN_CHAIR
    assert max(_stored_times(kiosk, ids)) <= seen
    for row in rows:
        if row.stage == "discharged":
            check_gone_home(station.intake(row.id), kiosk.forms.settings)


def test_the_same_seed_and_moment_give_the_same_day(kiosk: KioskContext, tmp_path: Path) -> None:
    """The nurses' side is as reproducible as the patients': the same infusion times, vitals,
    side effects and readiness checks in another folder."""
    seen = _seen(kiosk, 13, 30)
    other = open_context(tmp_path / "other", clock=kiosk.clock)
    try:
        contents = []
        for context in (kiosk, other):
            make_demo(context, 12, DAY, seed=5, nurses=True, until=seen)
            contents.append(
                [
                    list(context.db.query(f"SELECT * FROM {table} ORDER BY rowid"))
                    for table in ("infusions", "vitals", "side_effects", "readiness_checks")
                ]
            )
        assert contents[0] == contents[1]
    finally:
        other.close()


def test_a_day_that_ran_its_course_sent_everyone_home(kiosk: KioskContext) -> None:
    """With the nurses and no moment: every complete intake was infused, watched, checked
    ready (or overridden with a reason) and discharged; those who walked away never sat."""
    ids = make_demo(kiosk, 12, DAY, seed=4, nurses=True)
    station = StationService.on(kiosk)
    for intake_id in ids:
        intake = station.intake(intake_id)
        if intake.completed_at is None:
            assert intake.infusion is None and intake.discharge is None
        else:
            check_gone_home(intake, kiosk.forms.settings)


def test_a_few_intakes_with_the_nurses(kiosk: KioskContext) -> None:
    """Two intakes seen at a moment: no error, at least one goes home or stands somewhere."""
    ids = make_demo(kiosk, 2, DAY, seed=1, nurses=True, until=_seen(kiosk, 11))
    assert len(ids) == 2


def test_without_the_nurses_the_intakes_stop_at_the_kiosk(kiosk: KioskContext) -> None:
    """The default (the tests that go on from a demo day want it): no infusion, no vitals, no
    discharge."""
    make_demo(kiosk, 6, DAY, seed=3)
    for table in ("infusions", "vitals", "readiness_checks", "discharges"):
        assert kiosk.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_board_moment() -> None:
    """Today is seen now, but not before 11:00 and not after 18:30 (then it ran its course); a
    day to come at 14:00; a day gone by ran its course."""
    tz = ZoneInfo("America/Chicago")

    def now(hour: int, minute: int = 0) -> datetime:
        return datetime.combine(DAY, time(hour, minute), tz)

    assert board_moment(DAY, now(15, 20), tz) == now(15, 20)
    assert board_moment(DAY, now(9, 0), tz) == now(11, 0)
    assert board_moment(DAY, now(19, 0), tz) is None
    assert board_moment(DAY, now(9) + timedelta(days=1), tz) is None
    assert board_moment(DAY, now(9) - timedelta(days=1), tz) == now(14, 0)
