"""Identify: first and last name and date of birth, matched to today's appointments."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kiosk.core.session import IdentifyResult, IntakeSession, Outcome
from kiosk.ui.messages import problem_text
from kiosk.ui.patient.faults import SAVE_ERRORS
from kiosk.ui.patient.frame import ScreenFrame
from kiosk.ui.patient.reading import heading
from kiosk.ui.widgets.accessible import alert, group, set_invalid
from kiosk.ui.widgets.buttons import text_label
from kiosk.ui.widgets.date_input import DateOfBirthInput
from kiosk.ui.widgets.fields import guard_typed


class IdentifyScreen(ScreenFrame):
    """Never shows anyone else's name: the match happens in storage, silently."""

    cancelled = Signal()
    identified = Signal(object)  # IdentifyResult
    save_failed = Signal(object)  # the storage error: the window shows the front desk screen

    def __init__(self, session: IntakeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        add = self.body_layout.addWidget
        add(heading(text_label(self.tr("Who are you?"), "Title")))
        add(
            text_label(
                self.tr("Please type your name and date of birth as on your ID."), "Subtitle"
            )
        )
        names = QHBoxLayout()
        names.setSpacing(24)
        self.first_name, self.first_problem = self._name_field(names, self.tr("First name"))
        self.last_name, self.last_problem = self._name_field(names, self.tr("Last name"))
        self.body_layout.addLayout(names)
        self.birth_box = QWidget()
        group(self.birth_box, self.tr("Date of birth"))
        birth = QVBoxLayout(self.birth_box)
        birth.setContentsMargins(0, 0, 0, 0)
        birth.setSpacing(20)
        birth.addWidget(text_label(self.tr("Date of birth"), "QuestionText"))
        self.birth_date = DateOfBirthInput(session.language)
        birth.addWidget(self.birth_date)
        self.birth_problem = text_label("", "Problem")
        birth.addWidget(self.birth_problem)
        add(self.birth_box)
        self.body_layout.addStretch(1)
        for label in (self.first_problem, self.last_problem, self.birth_problem):
            label.hide()
        self.next_button.setText(self.tr("Continue"))
        self.next_button.setAccessibleName(self.tr("Continue"))
        self.next_button.clicked.connect(self.submit)
        self.back_button.clicked.connect(self.cancelled)  # signal to signal: nothing kept

    def _name_field(self, row: QHBoxLayout, caption: str) -> tuple[QLineEdit, QLabel]:
        box = QWidget()
        group(box, caption)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(text_label(caption, "QuestionText"))
        field = guard_typed(QLineEdit())
        field.setAccessibleName(caption)
        field.setInputMethodHints(
            Qt.InputMethodHint.ImhNoPredictiveText | Qt.InputMethodHint.ImhNoAutoUppercase
        )
        field.setMaxLength(200)
        column.addWidget(field)
        problem = text_label("", "Problem")
        column.addWidget(problem)
        column.addStretch(1)
        row.addWidget(box, 1)
        return field, problem

    def _group_of(self, problem: QLabel) -> QWidget:
        parent = problem.parentWidget()
        assert parent is not None
        return parent

    def submit(self) -> IdentifyResult | None:
        """Ask the session to identify; show what to fix, or move on (None: saving failed)."""
        try:
            result = self._session.identify(
                self.first_name.text(), self.last_name.text(), self.birth_date.value()
            )
        except SAVE_ERRORS as error:
            self.save_failed.emit(error)
            return None
        targets: dict[str, QLabel] = {
            "first_name": self.first_problem,
            "last_name": self.last_problem,
            "date_of_birth": self.birth_problem,
        }
        for label in targets.values():
            label.hide()
            set_invalid(self._group_of(label), None)
        if result.outcome is Outcome.INVALID:
            for problem in result.problems:
                label = targets[problem.question]
                words = problem_text(problem)
                label.setText("⚠ " + words)
                label.show()
                set_invalid(self._group_of(label), words)
                alert(label, words)
            first = targets[result.problems[0].question] if result.problems else None
            if first is not None and self.next_button.hasFocus():
                fields = {self.first_problem: self.first_name, self.last_problem: self.last_name}
                fields.get(first, self.birth_date.first_field()).setFocus()
            return result
        self.identified.emit(result)
        return result
