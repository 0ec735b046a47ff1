"""A card over the whole patient screen: the idle warning and the start-over question."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.ui.accessibility import COVER, COVER_HOST, children_changed

_SHIELDED = "kiosk_shielded"  # a widget a card disabled, to be enabled again after


class Cover(QWidget):
    """Covers its host, keeps its size, follows the language; hidden until ``cover``.

    A subclass builds its card with ``card``, then calls ``retranslate`` (its own) and ``hide``.
    While a card shows, what is beneath it is disabled and left out of the accessible tree
    (kiosk.ui.accessibility): neither a finger, a key nor a screen reader reaches it.
    """

    def __init__(self, host: QWidget, object_name: str) -> None:
        super().__init__(host)
        self._host = host
        self.setObjectName(object_name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setProperty(COVER, True)
        host.setProperty(COVER_HOST, True)
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

    def showEvent(self, event: QShowEvent) -> None:
        """What is beneath goes out of reach."""
        super().showEvent(event)
        self._shield()

    def hideEvent(self, event: QHideEvent) -> None:
        """What is beneath comes back once no card shows."""
        super().hideEvent(event)
        self._shield()

    def _shield(self) -> None:
        host = self._host
        beneath = [w for w in host.children() if isinstance(w, QWidget) and not w.property(COVER)]
        covered = any(
            isinstance(w, QWidget) and w.property(COVER) and not w.isHidden()
            for w in host.children()
        )
        changed = False
        for widget in beneath:
            if covered and widget.isEnabled() and not widget.isWindow():
                widget.setProperty(_SHIELDED, True)
                widget.setEnabled(False)
                changed = True
            elif not covered and widget.property(_SHIELDED):
                widget.setProperty(_SHIELDED, False)
                widget.setEnabled(True)
                changed = True
        if changed:
            children_changed(host)

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
