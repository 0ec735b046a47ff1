"""Watches every touch, key, click and accessible action; says when to warn and when to wipe."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QAbstractButton

from kiosk.core.idle import IdlePolicy, IdleState

_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,  # QScroller takes the press of a finger-scrolled page
    QEvent.Type.MouseMove,
    QEvent.Type.KeyPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd,
    QEvent.Type.Wheel,
    QEvent.Type.InputMethod,
}
# Qt's AT-SPI bridge (Linux): every request of an assistive-technology client (a screen
# reader, switch access, voice control) is delivered to this object as a MetaCall event.
_ATSPI_BRIDGE = "AtSpiAdaptor"


def accessible_activity(watched: QObject, event: QEvent, kind: QEvent.Type | None = None) -> bool:
    """Whether ``event`` is a patient acting through assistive technology: a request from an
    AT-SPI client (an action, a text set, a focus grab, reading the screen aloud), or a button's
    click being played out (a button's default accessible action is an animated click, whose
    timer is the only event it makes). ``kind``: the event's type, when already asked."""
    kind = event.type() if kind is None else kind
    if kind == QEvent.Type.MetaCall:
        return watched.metaObject().className() == _ATSPI_BRIDGE
    if kind == QEvent.Type.Timer:
        return isinstance(watched, QAbstractButton)
    return False


class IdleGuard(QObject):
    """An application event filter around the pure IdlePolicy; ``poll()`` runs every second."""

    warn = Signal(int)  # seconds left before the wipe
    expired = Signal()
    resumed = Signal()

    def __init__(self, policy: IdlePolicy, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.policy = policy
        self._state = IdleState.ACTIVE
        self.enabled = False
        self._watching = False
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.poll)

    def start(self) -> None:
        """Begin watching (a patient started)."""
        self.policy.touch()
        self._state = IdleState.ACTIVE
        self.enabled = True
        self._timer.start()

    def stop(self) -> None:
        """Stop watching (back at Welcome, or staff took over)."""
        self.enabled = False
        self._timer.stop()
        self._state = IdleState.ACTIVE

    def watch_application(self) -> None:
        """See every input of the application (an application-wide event filter)."""
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            self._watching = True

    def unwatch_application(self) -> None:
        """Stop seeing the application's input (the window that owns it is going)."""
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._watching = False

    @contextmanager
    def aside(self) -> Iterator[None]:
        """While the window builds or refills a screen: the thousand-odd events that makes
        (child added, polish, resize, show...) are no one's touch, and each one through this
        Python filter costs time, so the filter steps aside and comes back after."""
        app = QCoreApplication.instance()
        watching = self._watching and app is not None
        if watching:
            assert app is not None
            app.removeEventFilter(self)
        try:
            yield
        finally:
            if watching and self._watching:
                assert app is not None
                app.installEventFilter(self)

    def still_here(self) -> None:
        """The patient touched "I'm still here"."""
        self.policy.touch()
        self._state = IdleState.ACTIVE
        self.resumed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any input while active counts as activity, also through assistive technology; during
        the warning only the button does."""
        if not self.enabled or self._state is not IdleState.ACTIVE:
            return False
        kind = event.type()  # asked once: every event of the application passes here
        if kind in _ACTIVITY or accessible_activity(watched, event, kind):
            self.policy.touch()
        return False

    def poll(self) -> None:
        """Compare the clock with the policy and signal a change."""
        if not self.enabled:
            return
        state = self.policy.state()
        if state is IdleState.WARNING:
            self._state = state
            self.warn.emit(self.policy.seconds_left())
        elif state is IdleState.EXPIRED:
            self.stop()
            self.expired.emit()
