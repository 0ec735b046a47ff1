"""The clinic server's board notices and its coming and going, as Qt signals on the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.services.station_desk import Notice, StationDesk


class ServerFollower(QObject):
    """Listens to ``desk``'s board notices on a thread of its own (kiosk.server.listen) and
    hands them over as ``notice`` and ``state`` (connected, why), delivered on the thread this
    object lives on. ``stop`` ends the listening."""

    notice = Signal()
    state = Signal(bool, str)

    def __init__(self, desk: StationDesk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listener = desk.follow(self._heard, self.state.emit)

    def _heard(self, _notice: Notice) -> None:
        self.notice.emit()

    def stop(self) -> None:
        """Stop listening and close the listener's connection."""
        self.listener.stop()
