"""The readiness checklist as the clinic's form has it: each item's options, the requirements,
the vital-signs criterion computed from the readings, and the score as the nurse goes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.forms.model import ReadinessForm
from kiosk.core.intake_record import IntakeRecord
from kiosk.core.readiness import Readiness, readings_for, vitals_change, vitals_points
from kiosk.core.text import fill_in
from kiosk.ui.patient.frame import touch_scroll
from kiosk.ui.staff.dialogs import dialog_buttons
from kiosk.ui.staff.watch_words import reason_text
from kiosk.ui.widgets.accessible import group, problem_line
from kiosk.ui.widgets.buttons import text_label

Scorer = Callable[[dict[str, str], frozenset[str]], Readiness]
Answers = tuple[dict[str, str], frozenset[str]]


class ReadinessDialog(QDialog):
    """One radio button per option of each scored item (its words and points), a check box per
    requirement, the vital signs' points as computed, and the live score ("8 of 10") with what
    stops it passing, in the form's words. Save hands back the answers; the station scores and
    records them."""

    def __init__(
        self,
        form: ReadinessForm,
        intake: IntakeRecord,
        language: str,
        score: Scorer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.form = form
        self.language = language
        self._score = score
        self.setWindowTitle(form.title.get(language))
        self.vitals_points = 0
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(32, 24, 32, 24)
        column.setSpacing(12)
        column.addWidget(text_label(form.title.get(language), "Title"))
        self.vitals_line: QLabel | None = None
        if form.vitals is not None:
            self.vitals_line = text_label(self._vitals_words(intake), "QuestionText")
            column.addWidget(self.vitals_line)
        self._items(column)
        column.addStretch(1)
        self.score_line = text_label("", "QuestionText")
        self.reasons = text_label("", "")
        self.problem = text_label("", "Problem")
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 16)
        layout.addWidget(touch_scroll(body, finger=False, name=form.title.get(language)), 1)
        for line in (self.score_line, self.reasons, self.problem):
            line.setContentsMargins(32, 0, 32, 0)
            layout.addWidget(line)
        buttons_row = dialog_buttons(self, self.tr("Cancel"), self.tr("Save the check"))
        buttons_row.setContentsMargins(32, 0, 32, 0)
        layout.addLayout(buttons_row)
        self.answers: Answers | None = None
        self.scored: Readiness | None = None  # the score once every item is answered
        self._changed()
        if parent is not None:  # a long checklist: as much of the station's window as it has
            frame = parent.window().size()
            self.resize(max(640, frame.width() - 40), max(480, frame.height() - 20))

    def _items(self, column: QVBoxLayout) -> None:
        """Each scored item with its options, then the requirements."""
        language = self.language
        form = self.form
        self.options: dict[str, dict[str, QRadioButton]] = {}
        self._groups: list[QButtonGroup] = []
        for item in form.items:
            box = QWidget()
            group(box, item.text.get(language))
            rows = QVBoxLayout(box)
            rows.setContentsMargins(0, 0, 0, 0)
            rows.addWidget(text_label(item.text.get(language), "SectionHeading"))
            buttons = QButtonGroup(self)
            self._groups.append(buttons)
            self.options[item.id] = {}
            for option in item.options:
                button = QRadioButton(
                    fill_in(
                        self.tr("%1 (points: %2)"), option.text.get(language), str(option.points)
                    )
                )
                button.toggled.connect(self._changed)
                buttons.addButton(button)
                self.options[item.id][option.id] = button
                rows.addWidget(button)
            column.addWidget(box)
        column.addWidget(text_label(self.tr("Must hold whatever the score"), "SectionHeading"))
        self.requirements: dict[str, QCheckBox] = {}
        for requirement_id, text in form.requirements:
            check = QCheckBox(text.get(language))
            check.toggled.connect(self._changed)
            self.requirements[requirement_id] = check
            column.addWidget(check)

    def _vitals_words(self, intake: IntakeRecord) -> str:
        """The vital-signs criterion as computed from the readings, with its points."""
        assert self.form.vitals is not None
        criterion = self.form.vitals
        title = criterion.text.get(self.language)
        baseline, latest = readings_for(intake)
        if baseline is None or latest is None:
            return fill_in(
                self.tr("%1:\n0 of %2 points: no readings before the infusion and since it ended"),
                title,
                str(criterion.max_points),
            )
        self.vitals_points = vitals_points(criterion, baseline, latest)
        return fill_in(
            self.tr("%1:\n%2 of %3 points (largest change %4 %)"),
            title,
            str(self.vitals_points),
            str(criterion.max_points),
            str(round(vitals_change(baseline, latest) * 100)),
        )

    def chosen(self) -> Answers:
        """The option chosen for each item answered, and the requirements confirmed."""
        answers = {
            item: option
            for item, buttons in self.options.items()
            for option, button in buttons.items()
            if button.isChecked()
        }
        confirmed = frozenset(r for r, check in self.requirements.items() if check.isChecked())
        return answers, confirmed

    def unanswered(self) -> list[str]:
        """The items with no option chosen, in the form's words."""
        answers, _ = self.chosen()
        return [i.text.get(self.language) for i in self.form.items if i.id not in answers]

    def _changed(self, _on: bool = False) -> None:
        """The score so far, and once every item is answered whether it passes and why not."""
        answers, confirmed = self.chosen()
        points = self.vitals_points + sum(
            option.points
            for item in self.form.items
            if (chosen := answers.get(item.id)) is not None
            and (option := item.option(chosen)) is not None
        )
        self.score_line.setText(
            fill_in(self.tr("Score: %1 of %2"), str(points), str(self.form.max_score))
        )
        if self.unanswered():
            self.scored = None
            self.reasons.setText(self.tr("Choose an answer for each item."))
            return
        result = self._score(answers, confirmed)
        self.scored = result
        if result.passed:
            self.reasons.setText(self.tr("✓ Passes: ready to go home."))
        else:
            words = [
                reason_text(code, self.form, self.language, result.score, result.max_score)
                for code in result.reasons
            ]
            self.reasons.setText(self.tr("Does not pass:") + "\n" + "\n".join(words))

    def accept(self) -> None:
        """Save only with every item answered (a requirement left unchecked is a reason the
        check does not pass, recorded as such)."""
        missing = self.unanswered()
        if missing:
            problem_line(
                self.problem,
                "⚠ " + fill_in(self.tr("Choose an answer for: %1"), ", ".join(missing)),
            )
            self.problem.show()
            return
        self.answers = self.chosen()
        super().accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        form: ReadinessForm,
        intake: IntakeRecord,
        language: str,
        score: Scorer,
    ) -> Answers | None:
        """(answers, requirements confirmed), or None if cancelled. Tests replace this
        method."""
        dialog = cls(form, intake, language, score, parent)
        try:
            return dialog.answers if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
