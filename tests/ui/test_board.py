"""The nurse's board updated in place (kiosk.ui.staff.board, board_model): a refresh changes,
inserts, removes and moves only the rows whose intake changed, never resets the model, and
keeps the selection, the focus and the urgency order."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QApplication, QTableView

from kiosk.core.board import sort_board
from kiosk.core.clock import FakeClock, today
from kiosk.core.staff import Signer
from kiosk.core.vitals import Phase, Vitals
from kiosk.services.context import KioskContext, open_context
from kiosk.services.demo.day import make_demo
from kiosk.services.station import StationService
from kiosk.ui.staff.board import BoardView
from kiosk.ui.staff.board_model import ROW_COLOURS, BoardLine, BoardModel
from kiosk.ui.staff.labels import stage_label

NURSE = Signer(None, "Nora Nurse")
CALM = Vitals(systolic=120, diastolic=80, heart_rate=70, spo2=98)


@dataclass
class Heard:
    """Every change signal of a model, in order: (signal, first row, last row)."""

    model: BoardModel
    signals: list[tuple[str, int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        model = self.model
        model.dataChanged.connect(
            lambda top, bottom, _roles=(): self.signals.append(
                ("dataChanged", top.row(), bottom.row())
            )
        )
        model.rowsInserted.connect(lambda _p, a, b: self.signals.append(("rowsInserted", a, b)))
        model.rowsRemoved.connect(lambda _p, a, b: self.signals.append(("rowsRemoved", a, b)))
        model.rowsMoved.connect(lambda _p, a, b, _d, to: self.signals.append(("rowsMoved", a, to)))
        model.modelReset.connect(lambda: self.signals.append(("modelReset", -1, -1)))
        model.layoutChanged.connect(lambda *_: self.signals.append(("layoutChanged", -1, -1)))

    def take(self) -> list[tuple[str, int, int]]:
        """The signals heard since the last take."""
        heard, self.signals = self.signals, []
        return heard


@pytest.fixture
def context(data_dir: Path, clock: FakeClock) -> Iterator[KioskContext]:
    """A kiosk's own database with six demo intakes of the clock's day."""
    made = open_context(data_dir, clock=clock)
    make_demo(made, 6, today(clock), seed=5)
    try:
        yield made
    finally:
        made.db.close()


@pytest.fixture
def board(context: KioskContext, clock: FakeClock, qtbot: Any) -> BoardView:
    """The board on that database, shown."""
    view = BoardView(StationService.on(context), clock, lambda: "en")
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def ids(view: BoardView) -> list[int]:
    """The intakes on the board's rows, top to bottom."""
    model = view.table.model()
    return [model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]


def model_colour(view: BoardView, row: int) -> QColor:
    """The background colour of a row's cells."""
    brush = view.table.model().index(row, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush)
    return brush.color()


def line(intake: int, stage: str = "consent", rank: int = 3) -> BoardLine:
    """A row as the board draws it."""
    return BoardLine(
        intake, ("09:00", f"P{intake}", stage, "—"), (None, f"P{intake}", None, "No flags"), rank
    )


def test_a_refresh_with_one_patient_changed_changes_that_row_alone(
    board: BoardView, context: KioskContext
) -> None:
    """Vitals recorded for one patient (her stage moves on): the refresh emits dataChanged for
    her row only; no reset, no insert, no removal; nothing at all when nothing changed."""
    heard = Heard(board.model)
    board.refresh()
    assert heard.take() == []  # nothing changed: nothing emitted
    station = StationService.on(context)
    place = next(i for i, row in enumerate(board.rows) if row.stage not in ("infusion",))
    patient = board.rows[place]
    station.record_vitals(patient.id, Phase.PRE, CALM, NURSE)
    board.refresh()
    assert ids(board)[place] == patient.id
    assert heard.take() == [("dataChanged", place, place)]
    assert board.rows[place].stage != patient.stage
    stage = board.table.model().index(place, 2).data()  # the stage, then where she stands
    assert stage.split("\n")[0] == stage_label(board.rows[place].stage)


def test_a_new_patient_is_inserted_and_a_gone_one_removed(
    board: BoardView, context: KioskContext, clock: FakeClock
) -> None:
    """A patient checking in is one rowsInserted at her place by urgency; an intake no longer
    of the day (moved to another day) is one rowsRemoved; the rest are untouched."""
    heard = Heard(board.model)
    before = ids(board)
    make_demo(context, 1, today(clock), seed=99)
    board.refresh()
    signals = heard.take()
    assert [s[0] for s in signals] == ["rowsInserted"]
    new = next(i for i in ids(board) if i not in before)
    assert signals[0][1:] == (ids(board).index(new),) * 2
    after = ids(board)
    gone = after[2]
    with context.db.conn:  # a wrongly dated intake corrected: no longer today's
        context.db.execute("UPDATE intakes SET day = ? WHERE id = ?", ["2026-11-20", gone])
    board.refresh()
    assert heard.take() == [("rowsRemoved", 2, 2)]
    assert ids(board) == [i for i in after if i != gone]


def test_selection_focus_and_order_are_kept_across_refreshes(
    board: BoardView, context: KioskContext, clock: FakeClock
) -> None:
    """The nurse's selected row stays selected and current, and the table keeps the focus,
    while another patient's high blood pressure moves her up the board and two patients check
    in; the rows stay in urgency order, each with its own texts."""
    board.activateWindow()
    board.table.setFocus()
    heard = Heard(board.model)
    rows = len(board.rows)
    chosen = ids(board)[-2]
    board.table.selectRow(rows - 2)
    calm = next(r for r in reversed(board.rows) if not r.flags and r.id != chosen)
    station = StationService.on(context)
    station.record_vitals(calm.id, Phase.PRE, Vitals(210, 125, 70, 98), NURSE)
    make_demo(context, 2, today(clock), seed=42)
    board.refresh()
    QApplication.processEvents()
    kinds = {s[0] for s in heard.take()}
    assert "rowsMoved" in kinds and "rowsInserted" in kinds
    assert not kinds & {"modelReset", "layoutChanged"}
    assert board.table.hasFocus()
    current = board.table.currentIndex()
    assert current.isValid() and current.data(Qt.ItemDataRole.UserRole) == chosen
    selected = board.table.selectionModel().selectedRows()
    assert [i.data(Qt.ItemDataRole.UserRole) for i in selected] == [chosen]
    assert [r.id for r in board.rows] == [r.id for r in sort_board(board.rows)] == ids(board)
    red = ids(board).index(calm.id)  # up among the red rows, in their colour
    assert board.model.lines[red].rank == 1
    assert model_colour(board, red) == QColor(ROW_COLOURS[1])
    model = board.table.model()
    spoken = [model.index(r, 1).data(Qt.ItemDataRole.AccessibleTextRole) for r in range(rows + 2)]
    assert [name.split(",")[0] for name in spoken] == [r.name for r in board.rows]


def test_clearing_the_board_keeps_nothing_of_a_patient(board: BoardView) -> None:
    """The station locked: no row, no row's texts kept to compare or measure with."""
    assert board.rows
    board.clear()
    gc.collect()
    assert board.model.rowCount() == 0 and board.rows == []
    assert not [o for o in gc.get_objects() if isinstance(o, BoardLine)]


def test_the_model_moves_inserts_removes_and_changes_by_intake_id(qtbot: Any) -> None:
    """BoardModel.update: a row that moved up is one rowsMoved, a changed one dataChanged for
    its row, gone ones one rowsRemoved per run of neighbours, new ones one rowsInserted per run;
    a persistent index follows its intake; never a reset or a layout change."""
    model = BoardModel(["Arrived", "Patient", "Stage", "Flags"])
    heard = Heard(model)
    assert model.update([line(i) for i in (1, 2, 3, 4, 5)]) == [0, 1, 2, 3, 4]
    assert heard.take() == [("rowsInserted", 0, 4)]
    kept = QPersistentModelIndex(model.index(3, 1))  # intake 4
    assert model.update([line(i) for i in (1, 2, 3, 4, 5)]) == []
    assert heard.take() == []
    assert model.update([line(1), line(2, "infusion"), line(3), line(4), line(5)]) == [1]
    assert heard.take() == [("dataChanged", 1, 1)]
    # 4 moves to the top (a new red flag), 2 and 3 go, 6 and 7 arrive between 1 and 5
    changed = model.update([line(4, rank=1), line(1), line(6), line(7), line(5)])
    assert [row.id for row in model.lines] == [4, 1, 6, 7, 5]
    assert heard.take() == [
        ("rowsRemoved", 1, 2),
        ("rowsMoved", 1, 0),
        ("dataChanged", 0, 0),
        ("rowsInserted", 2, 3),
    ]
    assert changed == [0, 2, 3]
    assert kept.isValid() and kept.row() == 0 and kept.data(Qt.ItemDataRole.UserRole) == 4
    assert model.update([]) == [] and heard.take() == [("rowsRemoved", 0, 4)]
    assert model.rowCount() == 0 and model.data(QModelIndex()) is None


def test_columns_are_as_wide_as_qt_measures_them_after_a_change(
    board: BoardView, context: KioskContext
) -> None:
    """The table measures only the rows that changed, yet each column is as wide as Qt's own
    measure of every cell: after a long name arrives, and after it goes again."""
    table = board.table
    last = board.rows[-1]

    def agree() -> None:
        for column in range(3):
            assert table.sizeHintForColumn(column) == QTableView.sizeHintForColumn(table, column)

    agree()
    with context.db.conn:  # a name corrected at the desk
        context.db.execute(
            "UPDATE intakes SET first_name = ? WHERE id = ?", ["Maximiliana Esperanza", last.id]
        )
    board.refresh()
    agree()
    QApplication.processEvents()
    assert table.columnWidth(1) >= QTableView.sizeHintForColumn(table, 1)
    with context.db.conn:
        context.db.execute("UPDATE intakes SET first_name = ? WHERE id = ?", ["Al", last.id])
    board.refresh()
    agree()
