"""The nurse's small dialogs: vitals, discharge, and a plain message."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.text import fill_in
from kiosk.core.vitals import Phase, Vitals, parse_vitals
from kiosk.ui.widgets.accessible import problem_line
from kiosk.ui.widgets.buttons import text_label, touch_button

NOTICE_WIDTH = 640


def wrapped_label(text: str, role: str) -> QLabel:
    """A label of wrapped text for a dialog, as wide as a notice: wrapped text gets its height
    from a known width (``fit_wrapped`` when the dialog shows)."""
    label = text_label(text, role)
    label.setMinimumWidth(NOTICE_WIDTH)
    return label


def fit_wrapped(dialog: QDialog, *labels: QLabel) -> None:
    """Each wrapped label tall enough for every line at the font the window's text size
    gives, and the dialog sized to them (call from ``showEvent``)."""
    for label in labels:
        label.ensurePolished()
        label.setMinimumHeight(label.heightForWidth(max(label.width(), NOTICE_WIDTH)))
    dialog.adjustSize()


def dialog_buttons(dialog: QDialog, cancel_text: str, ok_text: str) -> QHBoxLayout:
    """Cancel on the left, the act on the right (Enter in a field does it)."""
    cancel = touch_button(cancel_text, role="Secondary")
    cancel.clicked.connect(dialog.reject)
    ok = touch_button(ok_text, role="Primary")
    ok.clicked.connect(dialog.accept)
    ok.setDefault(True)  # Enter in a field saves (else the first button, Cancel, would take it)
    row = QHBoxLayout()
    row.addWidget(cancel)
    row.addStretch(1)
    row.addWidget(ok)
    dialog.ok_button = ok  # type: ignore[attr-defined]
    return row


class VitalsDialog(QDialog):
    """Blood pressure, heart rate and SpO2, checked against plausible ranges before saving."""

    def __init__(
        self,
        phase: Phase,
        parent: QWidget | None = None,
        *,
        values: Vitals | None = None,
        message: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Vitals"))
        titles = {
            Phase.PRE: self.tr("Vitals before the infusion"),
            Phase.DURING: self.tr("Vitals during the infusion"),
            Phase.DISCHARGE: self.tr("Vitals before discharge"),
        }
        title = titles[phase]
        captions = {
            "systolic": self.tr("Systolic (mmHg)"),
            "diastolic": self.tr("Diastolic (mmHg)"),
            "heart_rate": self.tr("Heart rate (per minute)"),
            "spo2": self.tr("SpO2 (%)"),
        }
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, caption in captions.items():
            field = QLineEdit()
            field.setAccessibleName(caption)
            field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
            field.setMaxLength(3)
            if values is not None:  # what the nurse typed before, offered again
                field.setText(str(getattr(values, name)))
            self.fields[name] = field
            form.addRow(caption, field)
        self.problem = text_label("", "Problem")
        problem_line(self.problem, message, now=False)
        self.problem.setVisible(bool(message))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(text_label(title, "QuestionText"))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addLayout(dialog_buttons(self, self.tr("Cancel"), self.tr("Save vitals")))
        self.fields["systolic"].selectAll()  # focus starts here: typing replaces a prefill
        self.vitals: Vitals | None = None

    def accept(self) -> None:
        """Save only plausible readings; otherwise say which and why."""
        vitals, problems = parse_vitals({k: f.text() for k, f in self.fields.items()})
        if problems:
            name, (low, high) = next(iter(problems.items()))
            problem_line(
                self.problem,
                "⚠ "
                + fill_in(
                    self.tr("%1 must be a whole number from %2 to %3."),
                    self.fields[name].accessibleName(),
                    str(low),
                    str(high),
                ),
            )
            self.problem.show()
            self.fields[name].setFocus()
            return
        self.vitals = vitals
        super().accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        phase: Phase,
        *,
        values: Vitals | None = None,
        message: str = "",
    ) -> Vitals | None:
        """The readings, or None if cancelled; ``values`` prefill the fields and ``message``
        says why they are asked again (a save that did not go through). Tests replace this
        method."""
        dialog = cls(phase, parent, values=values, message=message)
        try:
            return dialog.vitals if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class DischargeDialog(QDialog):
    """The driver, prefilled from what the patient said, and "the driver is here"."""

    def __init__(
        self,
        name: str,
        phone: str,
        message: str = "",
        parent: QWidget | None = None,
        *,
        present: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Discharge"))
        self.name = QLineEdit(name)
        self.name.setAccessibleName(self.tr("Driver's name"))
        self.phone = QLineEdit(phone)
        self.phone.setAccessibleName(self.tr("Driver's phone"))
        self.phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.present = QCheckBox(self.tr("The driver is here, and is an adult (18 or older)"))
        self.present.setChecked(present)
        form = QFormLayout()
        form.addRow(self.tr("Driver's name"), self.name)
        form.addRow(self.tr("Driver's phone"), self.phone)
        self.problem = text_label("", "Problem")
        problem_line(self.problem, message, now=False)
        self.problem.setVisible(bool(message))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(text_label(self.tr("Who is driving the patient home?"), "QuestionText"))
        layout.addLayout(form)
        layout.addWidget(self.present)
        layout.addWidget(self.problem)
        layout.addLayout(dialog_buttons(self, self.tr("Cancel"), self.tr("Discharge now")))
        self.name.selectAll()  # focus starts here: typing replaces the prefilled name

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        name: str,
        phone: str,
        message: str = "",
        *,
        present: bool = False,
    ) -> tuple[str, str, bool] | None:
        """(driver name, phone, driver present), or None if cancelled; ``present`` prefills
        the driver's box (a try again after a save that did not go through). Tests replace
        this method."""
        dialog = cls(name, phone, message, parent, present=present)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.name.text(), dialog.phone.text(), dialog.present.isChecked()
        finally:
            dialog.deleteLater()


class Notice(QDialog):
    """A plain message with one OK button."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Notice"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        self.label = wrapped_label(text, "QuestionText")
        layout.addWidget(self.label)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        ok = touch_button(self.tr("OK"), role="Primary")
        ok.clicked.connect(self.accept)
        layout.addWidget(ok, 0, Qt.AlignmentFlag.AlignRight)

    def showEvent(self, event: QShowEvent) -> None:
        """Tall enough for every line of the text at the font the window's text size gives."""
        fit_wrapped(self, self.label)
        super().showEvent(event)

    @classmethod
    def show_message(cls, parent: QWidget | None, text: str) -> None:
        """Show and wait for OK. Tests replace this method."""
        dialog = cls(text, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
