"""A small chart of PHQ-9 and GAD-7 totals over a patient's visits."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.core.board import ScorePoint
from kiosk.core.forms.required import GAD7_FORM, PHQ9_FORM

SERIES = {
    PHQ9_FORM: ("PHQ-9", QColor("#1f5fa8"), 27),
    GAD7_FORM: ("GAD-7", QColor("#b35c00"), 21),
}


class TrendChart(QWidget):
    """One line per instrument, scaled to its maximum; each visit is a dot with its total."""

    def __init__(self, points: Sequence[ScorePoint], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points = list(points)
        self.setMinimumSize(QSize(420, 200))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        days = sorted({p.day for p in self.points})
        summary = "; ".join(
            f"{SERIES[p.instrument][0]} {p.day.isoformat()}: {p.total}"
            for p in self.points
            if p.instrument in SERIES
        )
        self.setAccessibleName(self.tr("Score trend over %n visit(s)", "", len(days)))
        self.setAccessibleDescription(summary)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Axes, one polyline per instrument, the totals as labels."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(40, 16, -16, -32)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#9fb0c0"), 1))
        painter.drawRect(area)
        days = sorted({p.day for p in self.points})
        if not days:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.tr("No scores yet"))
            painter.end()
            return
        step = area.width() / max(1, len(days) - 1)
        for legend_index, (instrument, (label, colour, top)) in enumerate(SERIES.items()):
            series = [p for p in self.points if p.instrument == instrument]
            path = QPainterPath()
            for index, point in enumerate(series):
                x = area.left() + (
                    days.index(point.day) * step if len(days) > 1 else area.width() / 2
                )
                y = area.bottom() - area.height() * point.total / top
                if index == 0:
                    path.moveTo(x, y)
                else:
                    path.lineTo(x, y)
                painter.setPen(QPen(colour, 2))
                painter.setBrush(colour)
                painter.drawEllipse(QPointF(x, y), 4, 4)
                painter.drawText(QPointF(x + 6, y - 6), str(point.total))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(colour, 2))
            painter.drawPath(path)
            painter.drawText(QPointF(area.left() + 8 + legend_index * 90, area.top() + 14), label)
        painter.setPen(QPen(QColor("#3b4b5b"), 1))
        for index, day in enumerate(days):
            x = area.left() + (index * step if len(days) > 1 else area.width() / 2)
            painter.drawText(
                QRectF(x - 40, area.bottom() + 4, 80, 20),
                Qt.AlignmentFlag.AlignHCenter,
                day.strftime("%m/%d"),
            )
        painter.end()
