"""What Qt's stock accessible interfaces do not say: answers as radio buttons and check boxes
whose default action is a touch, named groups that can be marked invalid, headings, and
announcements of new screens and refusals."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QAccessibleInterface,
    QAccessibleStateChangeEvent,
)
from PySide6.QtWidgets import QAbstractButton, QAccessibleWidget, QLabel, QWidget

_A = QAccessibleActionInterface
ROLE = "kioskRole"  # a widget property: one of the kinds below
INVALID = "kioskInvalid"  # a widget property: the group's answer was refused
RADIO, CHECK_BOX, GROUP, HEADING = "radio", "check", "group", "heading"

_ROLES = {
    RADIO: QAccessible.Role.RadioButton,
    CHECK_BOX: QAccessible.Role.CheckBox,
    GROUP: QAccessible.Role.Grouping,
    HEADING: QAccessible.Role.Heading,
}


class ChoiceInterface(QAccessibleWidget):
    """A checkable touch button read as a radio button or a check box; its default action is a
    click, exactly what a finger does (Qt's own "Toggle" only flips the checked state)."""

    def __init__(self, button: QAbstractButton, role: QAccessible.Role) -> None:
        super().__init__(button, role, "")
        self._button = button

    def state(self) -> QAccessible.State:
        """Checkable, and checked when chosen."""
        state = super().state()
        state.checkable = True
        state.checked = self._button.isChecked()
        return state

    def text(self, kind: QAccessible.Text) -> str:
        """The name falls back on the visible words."""
        value = super().text(kind)
        if kind is QAccessible.Text.Name and not value:
            return self._button.text().replace("&", "")
        return value

    def actionNames(self) -> list[str]:
        """Choose (a click), then move focus."""
        if not self._button.isEnabled():
            return []
        first = _A.toggleAction() if self.role() is QAccessible.Role.CheckBox else _A.pressAction()
        return [first, _A.setFocusAction()]

    def doAction(self, name: str) -> None:
        """Press or Toggle clicks the button as a touch does."""
        if not self._button.isEnabled():
            return
        if name in (_A.pressAction(), _A.toggleAction()):
            self._button.click()
        elif name == _A.setFocusAction():
            self._button.setFocus()

    def keyBindingsForAction(self, name: str) -> list[str]:
        """Space and Enter choose."""
        if name in (_A.pressAction(), _A.toggleAction()):
            return ["Space", "Enter"]
        return []


class GroupInterface(QAccessibleWidget):
    """A named group (a question and its answers, a pad, a field with its caption); invalid
    while what it holds was refused."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget, QAccessible.Role.Grouping, "")

    def state(self) -> QAccessible.State:
        """Invalid while refused."""
        state = super().state()
        state.invalid = bool(self.widget().property(INVALID))
        return state


class HeadingInterface(QAccessibleWidget):
    """A screen's heading: read by its words, found by heading navigation."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label, QAccessible.Role.Heading, "")
        self._label = label

    def text(self, kind: QAccessible.Text) -> str:
        """The name is the heading's words unless named otherwise."""
        value = super().text(kind)
        if kind is QAccessible.Text.Name and not value:
            return self._label.text()
        return value


def _factory(_key: str, obj: QObject) -> QAccessibleInterface | None:
    if not isinstance(obj, QWidget):
        return None
    kind = obj.property(ROLE)
    if kind is None:
        return None
    if kind in (RADIO, CHECK_BOX) and isinstance(obj, QAbstractButton):
        return ChoiceInterface(obj, _ROLES[kind])
    if kind == GROUP:
        return GroupInterface(obj)
    if kind == HEADING and isinstance(obj, QLabel):
        return HeadingInterface(obj)
    return None


_INSTALLED: list[bool] = []


def install() -> None:
    """Register the kiosk's interfaces with Qt (once)."""
    if not _INSTALLED:
        QAccessible.installFactory(_factory)
        _INSTALLED.append(True)


def mark(widget: QWidget, kind: str) -> None:
    """Give ``widget`` one of the kiosk's accessible kinds. With assistive technology on, Qt
    makes a widget's stock interface at its first name or text change (a button's constructor
    already has one), and keeps it: that one is dropped so that the kiosk's is made instead."""
    install()
    widget.setProperty(ROLE, kind)
    if not QAccessible.isActive():
        return
    made = QAccessible.queryAccessibleInterface(widget)
    if made is not None and made.role() is not _ROLES[kind]:
        QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(made))


def group(widget: QWidget, name: str, description: str = "") -> None:
    """Make ``widget`` a named group."""
    mark(widget, GROUP)
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)


class Announcer(QObject):
    """Says what screen readers are told, as a signal too (what a test can watch)."""

    announced = Signal(str, str)  # "screen" or "alert", and the words


_ANNOUNCER: list[Announcer] = []


def announcer() -> Announcer:
    """The application's announcer."""
    if not _ANNOUNCER:
        _ANNOUNCER.append(Announcer(QCoreApplication.instance()))
    return _ANNOUNCER[0]


def announce(widget: QWidget, text: str) -> None:
    """Tell assistive technology ``text`` now (a new screen)."""
    if text:
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))
    announcer().announced.emit("screen", text)


def alert(label: QWidget, text: str) -> None:
    """An alert: ``label`` now says ``text`` (a refusal); assistive technology reads it at once."""
    label.setAccessibleName(text)
    QAccessible.updateAccessibility(QAccessibleEvent(label, QAccessible.Event.Alert))
    announcer().announced.emit("alert", text)


WARNING = "⚠"


def problem_line(label: QLabel, text: str, *, now: bool = True) -> None:
    """``label`` shows ``text`` (a refusal, its warning sign first), read in words: the sign is
    shown, not spoken. ``now``: assistive technology reads it at once, as an alert (not for a
    dialog being made with its problem already in it: the dialog's opening reads it)."""
    label.setText(text)
    words = text.removeprefix(WARNING).strip()
    if now:
        alert(label, words)
    else:
        label.setAccessibleName(words)


def set_invalid(widget: QWidget, problem: str | None) -> None:
    """Mark a group invalid with what to fix as its description, or valid again."""
    was = bool(widget.property(INVALID))
    widget.setProperty(INVALID, bool(problem))
    widget.setAccessibleDescription(problem or "")
    if was != bool(problem):
        changed = QAccessible.State()
        changed.invalid = True
        QAccessible.updateAccessibility(QAccessibleStateChangeEvent(widget, changed))
