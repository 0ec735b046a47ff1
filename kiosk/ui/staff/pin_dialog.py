"""The staff sign-in behind the discreet corner: touch your name, type your PIN (never shown)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.widgets.accessible import problem_line
from kiosk.ui.widgets.buttons import text_label, touch_button
from kiosk.ui.widgets.fields import PadField
from kiosk.ui.widgets.number_pad import BACKSPACE, NumberPad, apply_key

PIN_MAX = 12


@dataclass(frozen=True)
class StaffChoice:
    """A name on the sign-in screen."""

    id: int
    name: str
    role: str


class PinDialog(QDialog):
    """Asks who is signing in and for their PIN; the digits never show."""

    def __init__(
        self,
        members: Sequence[StaffChoice],
        message: str = "",
        preselect: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Staff sign-in"))
        self.setModal(True)
        self.names = QButtonGroup(self)
        grid = QGridLayout()
        self.name_buttons: dict[int, QPushButton] = {}
        for index, member in enumerate(members):
            button = touch_button(member.name, checkable=True)
            button.setChecked(member.id == preselect or len(members) == 1)
            self.names.addButton(button, member.id)
            self.name_buttons[member.id] = button
            grid.addWidget(button, index // 3, index % 3)
        self.field = PadField()  # only the pad fills it, never an accessibility client
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.field.setAccessibleName(self.tr("PIN"))
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = text_label("", "Problem")
        problem_line(self.message, message, now=False)
        self.message.setVisible(bool(message))
        pad = NumberPad()
        pad.key_pressed.connect(self.press_key)
        cancel = touch_button(self.tr("Cancel"), role="Secondary")
        cancel.clicked.connect(self.reject)
        self.ok_button = touch_button(self.tr("Sign in"), role="Primary")
        self.ok_button.clicked.connect(self._submit)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(
            text_label(self.tr("Staff only. Touch your name, then enter your PIN."), "QuestionText")
        )
        layout.addLayout(grid)
        layout.addWidget(self.field)
        layout.addWidget(self.message)
        layout.addWidget(pad)
        layout.addLayout(buttons)
        self.ok_button.setDefault(True)  # Enter signs in (set once the button is in the dialog)

    def press_key(self, key: str) -> None:
        """A key of the pad, or the same digit or Backspace typed on a keyboard."""
        self.field.put(apply_key(self.field.text(), key, PIN_MAX))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Digits and Backspace typed anywhere in the prompt go to the PIN, as the pad's do;
        typing from a chosen name moves focus on to "Sign in", so Enter then signs in."""
        if event.key() == Qt.Key.Key_Backspace:
            self.press_key(BACKSPACE)
        elif len(event.text()) == 1 and event.text() in "0123456789":
            self.press_key(event.text())
            if self.focusWidget() in self.name_buttons.values():
                self.ok_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            super().keyPressEvent(event)

    def _submit(self) -> None:
        if self.names.checkedId() < 0:
            problem_line(self.message, "⚠ " + self.tr("Touch your name first."))
            self.message.show()
            return
        self.accept()

    def choice(self) -> tuple[int, str]:
        """The chosen staff id and the digits typed."""
        return self.names.checkedId(), self.field.text()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        members: Sequence[StaffChoice],
        message: str = "",
        preselect: int | None = None,
    ) -> tuple[int, str] | None:
        """Show the prompt; (staff id, PIN), or None if cancelled. Tests replace this method."""
        dialog = cls(members, message, preselect, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.choice()
            return None
        finally:
            dialog.field.put("")
            dialog.deleteLater()
