"""The board's rows as a table model, updated in place by intake id (never rebuilt)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

ROW_COLOURS = {0: "#fde2e2", 1: "#fdecec", 2: "#fff4de"}  # by urgency: alert, red, amber
COLUMNS = 4
STAGE = 2  # the column where the chair state is, and vitals overdue stand out
LOUD_COLOUR = "#8b0000"  # dark red on any row colour; never the only cue (words, a shape)

# Roles arrive as plain ints; compared as ints, a painted cell costs a few comparisons.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_SPOKEN = Qt.ItemDataRole.AccessibleTextRole.value
_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
_ID = Qt.ItemDataRole.UserRole.value
_FONT = Qt.ItemDataRole.FontRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class BoardLine:
    """One row as drawn: the intake's id, each cell's text shown and spoken (None: as shown),
    the row's urgency rank (its colour), and ``loud``: the stage cell stands out (vitals
    overdue)."""

    id: int
    shown: tuple[str, ...]
    spoken: tuple[str | None, ...]
    rank: int
    loud: bool = False


class BoardModel(QAbstractTableModel):
    """Today's intakes, one row each. ``update`` moves the rows to a new list by intake id:
    rows gone are removed, new ones inserted, moved ones moved and changed ones changed, each
    with its own signal, so the view keeps its selection, focus and scroll position."""

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._lines: list[BoardLine] = []
        self._brushes = {rank: QBrush(QColor(colour)) for rank, colour in ROW_COLOURS.items()}
        self._loud_brush = QBrush(QColor(LOUD_COLOUR))
        self._loud_font = QFont()
        self._loud_font.setBold(True)

    # --- the model ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        """The day's intakes (no children)."""
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        """Arrived, patient, stage, flags."""
        return 0 if parent.isValid() else COLUMNS

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        """A cell's text shown or spoken, the row's colour, or its intake id (UserRole)."""
        row = index.row()
        if not 0 <= row < len(self._lines):
            return None
        line = self._lines[row]
        if role == _DISPLAY:
            return line.shown[index.column()]
        if role == _SPOKEN:
            return line.spoken[index.column()]
        if role == _BACKGROUND:
            return self._brushes.get(line.rank)
        if role == _ID:
            return line.id
        if line.loud and index.column() == STAGE:
            if role == _FONT:
                return self._loud_font
            if role == _FOREGROUND:
                return self._loud_brush
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        """The column titles."""
        if (
            role == _DISPLAY
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Cells are selected, never edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # --- the board's own ---------------------------------------------------------------------

    @property
    def lines(self) -> tuple[BoardLine, ...]:
        """The rows in order."""
        return tuple(self._lines)

    def intake_id(self, row: int) -> int | None:
        """The intake on ``row`` (None past the end)."""
        return self._lines[row].id if 0 <= row < len(self._lines) else None

    def update(self, lines: Sequence[BoardLine]) -> list[int]:
        """Make the rows ``lines`` in place; the rows inserted, moved or changed (to be
        measured again), in their final places."""
        wanted = {line.id for line in lines}
        self._remove_gone(wanted)
        present = {line.id for line in self._lines}
        touched: set[int] = set()  # intake ids
        place = 0
        while place < len(lines):
            line = lines[place]
            here = self._lines[place] if place < len(self._lines) else None
            if here is not None and here.id == line.id:
                self._change(place, line, touched)
                place += 1
            elif line.id not in present:  # new: it and the new ones after it, at once
                end = place + 1
                while end < len(lines) and lines[end].id not in present:
                    end += 1
                self.beginInsertRows(QModelIndex(), place, end - 1)
                self._lines[place:place] = lines[place:end]
                self.endInsertRows()
                touched.update(new.id for new in lines[place:end])
                place = end
            else:  # further down until now: moved up to its place
                found = next(
                    i for i in range(place + 1, len(self._lines)) if self._lines[i].id == line.id
                )
                self.beginMoveRows(QModelIndex(), found, found, QModelIndex(), place)
                self._lines.insert(place, self._lines.pop(found))
                self.endMoveRows()
                touched.add(line.id)
                self._change(place, line, touched)
                place += 1
        return [place for place, line in enumerate(self._lines) if line.id in touched]

    def _change(self, place: int, line: BoardLine, touched: set[int]) -> None:
        """The row at ``place`` made ``line``: dataChanged for that row when it differs."""
        if self._lines[place] != line:
            self._lines[place] = line
            self.dataChanged.emit(self.index(place, 0), self.index(place, COLUMNS - 1))
            touched.add(line.id)

    def _remove_gone(self, wanted: set[int]) -> None:
        """Rows whose intake is no longer listed go, a run of neighbours at a time."""
        place = len(self._lines) - 1
        while place >= 0:
            if self._lines[place].id in wanted:
                place -= 1
                continue
            last = place
            while place > 0 and self._lines[place - 1].id not in wanted:
                place -= 1
            self.beginRemoveRows(QModelIndex(), place, last)
            del self._lines[place : last + 1]
            self.endRemoveRows()
            place -= 1
