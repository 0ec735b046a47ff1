"""A signature pad for a finger or a mouse, with Clear, giving PNG bytes."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

MIN_INK = 30.0  # pixels of stroke before a signature counts


class SignaturePad(QWidget):
    """Collects strokes; ``signature_png()`` renders them on white."""

    changed = Signal()

    def __init__(self, prompt: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prompt = prompt
        self.setObjectName("SignaturePad")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(480, 200))
        self.setAccessibleName(self.tr("Signature area: sign here with your finger"))
        self._strokes: list[QPainterPath] = []
        self._ink = 0.0
        self._last: QPointF | None = None

    def has_signature(self) -> bool:
        """Whether enough has been drawn to count as a signature."""
        return self._ink >= MIN_INK

    def clear(self) -> None:
        """Wipe the pad."""
        self._strokes = []
        self._ink = 0.0
        self._last = None
        self.update()
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start a stroke."""
        point = event.position()
        path = QPainterPath(point)
        self._strokes.append(path)
        self._last = point
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Extend the stroke."""
        if self._last is None or not self._strokes:
            return
        point = event.position()
        self._strokes[-1].lineTo(point)
        delta = point - self._last
        self._ink += (delta.x() ** 2 + delta.y() ** 2) ** 0.5
        self._last = point
        self.update()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """End the stroke."""
        self._last = None
        self.changed.emit()
        event.accept()

    def draw_stroke(self, points: list[tuple[float, float]]) -> None:
        """Add a stroke by coordinates (used by tests and the demo)."""
        if len(points) < 2:
            return
        path = QPainterPath(QPointF(*points[0]))
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            path.lineTo(QPointF(x1, y1))
            self._ink += ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
        self._strokes.append(path)
        self.update()
        self.changed.emit()

    def _pen(self) -> QPen:
        pen = QPen(QColor("#0b1f33"), 4)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def paintEvent(self, event: QPaintEvent) -> None:
        """The dashed frame comes from QSS; the ink and the baseline are drawn here."""
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#9fb0c0"), 2))
        baseline = self.height() - 48
        painter.drawLine(24, baseline, self.width() - 24, baseline)
        painter.drawText(QRectF(24, baseline - 34, 40, 30), "✕")
        if not self._strokes and self._prompt:
            painter.drawText(
                QRectF(0, 0, self.width(), baseline), Qt.AlignmentFlag.AlignCenter, self._prompt
            )
        painter.setPen(self._pen())
        for path in self._strokes:
            painter.drawPath(path)
        painter.end()

    def signature_png(self) -> bytes:
        """The strokes on white, as PNG bytes, cropped to the ink with a margin."""
        if not self._strokes:
            return b""
        bounds = QRectF()
        for path in self._strokes:
            bounds = bounds.united(path.boundingRect())
        bounds = bounds.adjusted(-12, -12, 12, 12)
        image = QImage(
            max(1, int(bounds.width())), max(1, int(bounds.height())), QImage.Format.Format_RGB32
        )
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(-bounds.topLeft())
        painter.setPen(self._pen())
        for path in self._strokes:
            painter.drawPath(path)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; Qt wants str
        buffer.close()
        return bytes(data.data())
