"""The PIN prompt behind the discreet staff corner: masked digits on a number pad."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.ui.widgets.buttons import text_label, touch_button
from kiosk.ui.widgets.number_pad import NumberPad, apply_key

PIN_MAX = 12


class PinDialog(QDialog):
    """Asks for a staff PIN; the digits never show."""

    def __init__(self, message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Staff sign-in"))
        self.setModal(True)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setReadOnly(True)
        self.field.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.field.setAccessibleName(self.tr("PIN"))
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = text_label(message, "Problem")
        self.message.setVisible(bool(message))
        pad = NumberPad()
        pad.key_pressed.connect(
            lambda key: self.field.setText(apply_key(self.field.text(), key, PIN_MAX))
        )
        cancel = touch_button(self.tr("Cancel"), role="Secondary")
        cancel.clicked.connect(self.reject)
        self.ok_button = touch_button(self.tr("Sign in"), role="Primary")
        self.ok_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.setSpacing(16)
        layout.addWidget(text_label(self.tr("Staff only: enter your PIN"), "QuestionText"))
        layout.addWidget(self.field)
        layout.addWidget(self.message)
        layout.addWidget(pad)
        layout.addLayout(buttons)

    def pin(self) -> str:
        """The digits typed."""
        return self.field.text()

    @classmethod
    def ask(cls, parent: QWidget | None, message: str = "") -> str | None:
        """Show the prompt; the PIN, or None if cancelled. Tests replace this method."""
        dialog = cls(message, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.pin()
            return None
        finally:
            dialog.field.clear()
            dialog.deleteLater()
