"""A card over the whole patient screen: the idle warning and the start-over question."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget


class Cover(QWidget):
    """Covers its host, keeps its size, follows the language; hidden until ``cover``.

    A subclass builds its card with ``card``, then calls ``retranslate`` (its own) and ``hide``.
    """

    def __init__(self, host: QWidget, object_name: str) -> None:
        super().__init__(host)
        self._host = host
        self.setObjectName(object_name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        host.installEventFilter(self)

    def card(self, object_name: str) -> tuple[QFrame, QVBoxLayout]:
        """A new card frame on this cover and the column its contents go in."""
        frame = QFrame(self)
        frame.setObjectName(object_name)
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(48, 40, 48, 40)
        inner.setSpacing(24)
        return frame, inner

    def retranslate(self) -> None:
        """Every text in the current language."""

    def cover(self) -> None:
        """Show over the host's whole screen, on top."""
        self.setGeometry(self._host.rect())
        self.show()
        self.raise_()

    def changeEvent(self, event: QEvent) -> None:
        """Follow the patient's language."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Stay the size of the host."""
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self._host.rect())
        return False
