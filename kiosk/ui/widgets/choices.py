"""Big answer buttons read as radio buttons or check boxes, and the group a keyboard moves in."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPaintEvent
from PySide6.QtWidgets import QPushButton, QScrollArea, QSizePolicy, QWidget

from kiosk.ui.widgets.accessible import CHECK_BOX, RADIO, mark
from kiosk.ui.widgets.buttons import paint_focus_ring

_BACK = (Qt.Key.Key_Up, Qt.Key.Key_Left)
_ON = (Qt.Key.Key_Down, Qt.Key.Key_Right)


class ChoiceRing(QObject):
    """The answers of one question: Tab stops at one of them (the chosen one, else the first);
    the arrow keys move among them, round the ends."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.buttons: list[ChoiceButton] = []

    def add(self, button: ChoiceButton) -> None:
        """One more answer, in reading order."""
        button.ring = self
        self.buttons.append(button)
        self.settle()

    def settle(self, current: ChoiceButton | None = None) -> None:
        """Make ``current`` (else the chosen answer, else the first) the group's one tab stop."""
        if current is None:
            chosen = [b for b in self.buttons if b.isChecked()]
            current = chosen[0] if chosen else (self.buttons[0] if self.buttons else None)
        for button in self.buttons:
            button.setFocusPolicy(
                Qt.FocusPolicy.StrongFocus if button is current else Qt.FocusPolicy.ClickFocus
            )

    def move(self, button: ChoiceButton, step: int) -> bool:
        """Focus the answer ``step`` away from ``button`` (hidden or disabled ones skipped)."""
        usable = [b for b in self.buttons if b.isVisibleTo(b.window()) and b.isEnabled()]
        if button not in usable or len(usable) < 2:
            return False
        target = usable[(usable.index(button) + step) % len(usable)]
        reason = Qt.FocusReason.BacktabFocusReason if step < 0 else Qt.FocusReason.TabFocusReason
        target.setFocus(reason)
        self.settle(target)
        return True


class ChoiceButton(QPushButton):
    """A checkable touch button: a radio button (one answer) or a check box (several) to
    assistive technology, whose default action is a touch. Space or Enter chooses it."""

    def __init__(self, text: str, kind: str = RADIO, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        assert kind in (RADIO, CHECK_BOX)
        self.ring: ChoiceRing | None = None
        self.setObjectName("Answer")
        self.setCheckable(True)
        self.setAccessibleName(text.replace("&", ""))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(48)
        mark(self, kind)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The button, then its focus ring."""
        super().paintEvent(event)
        paint_focus_ring(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows move within the group; Enter chooses, as Space does."""
        key = event.key()
        moves = self.ring is not None and key in _BACK + _ON
        if moves and self.ring is not None and self.ring.move(self, -1 if key in _BACK else 1):
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not event.isAutoRepeat():
                self.click()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """The focused answer is the group's tab stop, and in view."""
        super().focusInEvent(event)
        if self.ring is not None:
            self.ring.settle(self)
        if event.reason() is Qt.FocusReason.MouseFocusReason:
            return  # a finger on it: scrolling now would move it from under the finger
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(self, 24, 24)
