"""The nurse's board order: open alerts, then red, then amber, then none; earliest first within."""

from __future__ import annotations

from datetime import date

from kiosk.core.board import sort_board, urgency
from kiosk.core.intake_record import FlagRecord, IntakeSummary


def flag(level: str, *, alert: bool = False, acknowledged: bool = False) -> FlagRecord:
    return FlagRecord(
        id=1,
        code="x",
        level=level,
        source="checklist",
        alert=alert,
        reason={"en": "x"},
        raised_at="2026-11-21T09:00:00+00:00",
        acknowledged_at="2026-11-21T09:05:00+00:00" if acknowledged else None,
    )


def row(intake_id: int, arrived: str, *flags: FlagRecord) -> IntakeSummary:
    at = f"2026-11-21T{arrived}:00+00:00"
    return IntakeSummary(
        id=intake_id,
        day=date(2026, 11, 21),
        first_name="P",
        last_name=str(intake_id),
        birth_date=date(1980, 1, 1),
        verified=False,
        language="en",
        stage="checking_in",
        form_versions={},
        created_at=at,
        updated_at=at,
        completed_at=None,
        flags=flags,
    )


def test_urgency_ranks_and_arrival() -> None:
    """Rank 0 open alert, 1 red (an acknowledged alert is still red), 2 amber, 3 none; then
    the arrival time."""
    assert urgency(row(1, "09:00", flag("red", alert=True))) == (0, "2026-11-21T09:00:00+00:00")
    assert urgency(row(2, "09:00", flag("red", alert=True, acknowledged=True)))[0] == 1
    assert urgency(row(3, "09:00", flag("red"), flag("amber")))[0] == 1
    assert urgency(row(4, "09:00", flag("amber")))[0] == 2
    assert urgency(row(5, "09:00"))[0] == 3


def test_sort_board_most_urgent_first_then_earliest() -> None:
    """A mixed day sorts by rank, and by arrival within a rank; the list given is not changed."""
    rows = [
        row(1, "08:00"),
        row(2, "08:30", flag("amber")),
        row(3, "10:00", flag("red", alert=True)),
        row(4, "09:00", flag("red")),
        row(5, "07:45", flag("red")),
        row(6, "11:00", flag("red", alert=True)),
        row(7, "07:00", flag("red", alert=True, acknowledged=True)),
    ]
    given = list(rows)
    assert [r.id for r in sort_board(rows)] == [3, 6, 7, 5, 4, 2, 1]
    assert rows == given
