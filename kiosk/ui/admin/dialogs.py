"""The admin's small dialogs: an appointment, a new staff member, a new PIN."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.staff import Role
from kiosk.core.text import fill_in
from kiosk.ui.widgets.accessible import problem_line
from kiosk.ui.widgets.buttons import text_label, touch_button


def _field(text: str, name: str, *, secret: bool = False) -> QLineEdit:
    field = QLineEdit(text)
    field.setAccessibleName(name)
    if secret:
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    return field


def _frame(
    dialog: QDialog, title: str, form: QFormLayout, message: str, texts: tuple[str, str]
) -> None:
    """Title, fields, the problem if any, then Cancel and OK (``texts``)."""
    cancel = touch_button(texts[0], role="Secondary")
    cancel.clicked.connect(dialog.reject)
    ok = touch_button(texts[1], role="Primary")
    ok.clicked.connect(dialog.accept)
    ok.setDefault(True)  # Enter in a field saves (else the first button, Cancel, would take it)
    row = QHBoxLayout()
    row.addWidget(cancel)
    row.addStretch(1)
    row.addWidget(ok)
    problem = text_label("", "Problem")
    problem_line(problem, message, now=False)
    problem.setVisible(bool(message))
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(32, 24, 32, 24)
    layout.addWidget(text_label(title, "QuestionText"))
    layout.addLayout(form)
    layout.addWidget(problem)
    layout.addLayout(row)


class AppointmentDialog(QDialog):
    """Date, time, names and date of birth of one appointment."""

    def __init__(
        self, values: dict[str, str], message: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Appointment"))
        captions = {
            "date": self.tr("Date (YYYY-MM-DD)"),
            "time": self.tr("Time (HH:MM)"),
            "first_name": self.tr("First name"),
            "last_name": self.tr("Last name"),
            "date_of_birth": self.tr("Date of birth (YYYY-MM-DD)"),
            "note": self.tr("Note"),
        }
        self.fields = {k: _field(values.get(k, ""), c) for k, c in captions.items()}
        form = QFormLayout()
        for key, caption in captions.items():
            form.addRow(caption, self.fields[key])
        _frame(self, self.tr("Appointment"), form, message, (self.tr("Cancel"), self.tr("Save")))

    @classmethod
    def ask(
        cls, parent: QWidget | None, values: dict[str, str], message: str = ""
    ) -> dict[str, str] | None:
        """The fields as typed, or None if cancelled. Tests replace this method."""
        dialog = cls(values, message, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return {k: f.text() for k, f in dialog.fields.items()}
        finally:
            dialog.deleteLater()


class StaffDialog(QDialog):
    """A new staff member: name, role and the PIN twice."""

    def __init__(self, message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add staff member"))
        self.name = _field("", self.tr("Name"))
        self.role = QComboBox()
        self.role.setAccessibleName(self.tr("Role"))
        self.role.addItem(self.tr("Nurse"), Role.NURSE.value)
        self.role.addItem(self.tr("Admin"), Role.ADMIN.value)
        self.pin = _field("", self.tr("PIN"), secret=True)
        self.again = _field("", self.tr("PIN again"), secret=True)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("PIN"), self.pin)
        form.addRow(self.tr("PIN again"), self.again)
        _frame(
            self, self.tr("Add staff member"), form, message, (self.tr("Cancel"), self.tr("Add"))
        )

    @classmethod
    def ask(cls, parent: QWidget | None, message: str = "") -> tuple[str, Role, str, str] | None:
        """(name, role, PIN, PIN again), or None if cancelled. Tests replace this method."""
        dialog = cls(message, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            role = Role(dialog.role.currentData())
            return dialog.name.text(), role, dialog.pin.text(), dialog.again.text()
        finally:
            dialog.deleteLater()


class NewPinDialog(QDialog):
    """A new PIN for one staff member, typed twice."""

    def __init__(self, name: str, message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reset PIN"))
        self.pin = _field("", self.tr("New PIN"), secret=True)
        self.again = _field("", self.tr("New PIN again"), secret=True)
        form = QFormLayout()
        form.addRow(self.tr("New PIN"), self.pin)
        form.addRow(self.tr("New PIN again"), self.again)
        title = fill_in(self.tr("New PIN for %1"), name)
        _frame(self, title, form, message, (self.tr("Cancel"), self.tr("Save PIN")))

    @classmethod
    def ask(cls, parent: QWidget | None, name: str, message: str = "") -> tuple[str, str] | None:
        """(PIN, PIN again), or None if cancelled. Tests replace this method."""
        dialog = cls(name, message, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.pin.text(), dialog.again.text()
        finally:
            dialog.deleteLater()
