"""The board's table view: columns sized to their contents, measuring only the rows that changed."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView, QWidget

from kiosk.ui.staff.board_model import COLUMNS, BoardLine, BoardModel


class BoardTable(QTableView):
    """A table on a BoardModel whose ResizeToContents columns are as wide as Qt would make them
    (each cell's delegate size hint, a pixel more for the grid), with each row's cells measured
    once while the row stays the same: Qt measures every cell of the column after any change,
    which for a clinic day is thousands of calls into the model for one patient's step."""

    def __init__(self, model: BoardModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self._board = model
        self._measured: dict[int, tuple[BoardLine, tuple[int, ...]]] = {}  # intake id -> cells

    def sizeHintForColumn(self, column: int) -> int:
        """The widest cell of ``column`` (0 with no rows), as QTableView measures it."""
        self.ensurePolished()
        option: QStyleOptionViewItem | None = None
        measured: dict[int, tuple[BoardLine, tuple[int, ...]]] = {}
        hint = 0
        for row, line in enumerate(self._board.lines):
            kept = self._measured.get(line.id)
            if kept is None or kept[0] != line:
                if option is None:
                    option = QStyleOptionViewItem()
                    self.initViewItemOption(option)
                kept = (line, tuple(self._width(option, row, c) for c in range(COLUMNS)))
            measured[line.id] = kept
            hint = max(hint, kept[1][column])
        self._measured = measured
        return hint + 1 if self.showGrid() else hint

    def forget(self) -> None:
        """Nothing of the rows measured is kept (the station locked)."""
        self._measured = {}

    def _width(self, option: QStyleOptionViewItem, row: int, column: int) -> int:
        index = self._board.index(row, column)
        return self.itemDelegateForIndex(index).sizeHint(option, index).width()

    def changeEvent(self, event: QEvent) -> None:
        """A new font or style measures every cell again."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._measured = {}
        super().changeEvent(event)
