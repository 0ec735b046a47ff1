"""Identify: first and last name and date of birth, matched to today's appointments."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from kiosk.core.session import IdentifyResult, IntakeSession, Outcome
from kiosk.ui.messages import problem_text
from kiosk.ui.patient.faults import SAVE_ERRORS
from kiosk.ui.patient.frame import ScreenFrame
from kiosk.ui.widgets.buttons import text_label
from kiosk.ui.widgets.date_input import DateOfBirthInput


class IdentifyScreen(ScreenFrame):
    """Never shows anyone else's name: the match happens in storage, silently."""

    cancelled = Signal()
    identified = Signal(object)  # IdentifyResult
    save_failed = Signal(object)  # the storage error: the window shows the front desk screen

    def __init__(self, session: IntakeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        add = self.body_layout.addWidget
        add(text_label(self.tr("Who are you?"), "Title"))
        add(
            text_label(
                self.tr("Please type your name and date of birth as on your ID."), "Subtitle"
            )
        )
        names = QGridLayout()
        names.setHorizontalSpacing(24)
        self.first_name, self.first_problem = self._name_field(names, 0, self.tr("First name"))
        self.last_name, self.last_problem = self._name_field(names, 1, self.tr("Last name"))
        self.body_layout.addLayout(names)
        add(text_label(self.tr("Date of birth"), "QuestionText"))
        self.birth_date = DateOfBirthInput(session.language)
        add(self.birth_date)
        self.birth_problem = text_label("", "Problem")
        add(self.birth_problem)
        self.body_layout.addStretch(1)
        for label in (self.first_problem, self.last_problem, self.birth_problem):
            label.hide()
        self.next_button.setText(self.tr("Continue"))
        self.next_button.setAccessibleName(self.tr("Continue"))
        self.next_button.clicked.connect(self.submit)
        self.back_button.clicked.connect(self.cancelled)  # signal to signal: nothing kept

    def _name_field(self, grid: QGridLayout, column: int, caption: str) -> tuple[QLineEdit, QLabel]:
        grid.addWidget(text_label(caption, "QuestionText"), 0, column)
        field = QLineEdit()
        field.setAccessibleName(caption)
        field.setInputMethodHints(
            Qt.InputMethodHint.ImhNoPredictiveText | Qt.InputMethodHint.ImhNoAutoUppercase
        )
        field.setMaxLength(200)
        grid.addWidget(field, 1, column)
        problem = text_label("", "Problem")
        grid.addWidget(problem, 2, column)
        return field, problem

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
        if result.outcome is Outcome.INVALID:
            for problem in result.problems:
                label = targets[problem.question]
                label.setText("⚠ " + problem_text(problem))
                label.show()
            return result
        self.identified.emit(result)
        return result
