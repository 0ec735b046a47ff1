"""The nurse's dialogs of the infusion's watch: a corrected time, a side effect seen, and the
reason for a discharge before the patient is ready."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.faults import DischargeProblem
from kiosk.core.infusion import REASON_MAX, Mark, clean_reason
from kiosk.core.side_effects import OTHER_TEXT_MAX, Severity, SideEffect, SideEffectKind
from kiosk.core.text import fill_in
from kiosk.ui.staff.dialogs import dialog_buttons, fit_wrapped, wrapped_label
from kiosk.ui.staff.faults import discharge_problem_text
from kiosk.ui.staff.watch_words import severity_words, side_effect_words
from kiosk.ui.widgets.accessible import group, problem_line
from kiosk.ui.widgets.buttons import text_label

TIME_FORMAT = "HH:mm"
DATE_TIME_FORMAT = "yyyy-MM-dd HH:mm"


def to_qt(moment: datetime, zone: tzinfo | None) -> QDateTime:
    """``moment`` as the clinic's wall time, to the minute."""
    local = moment.astimezone(zone)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def from_qt(value: QDateTime, zone: tzinfo | None) -> datetime:
    """A wall time typed at the station, in the clinic's time zone (aware)."""
    day, at = value.date(), value.time()
    naive = datetime(day.year(), day.month(), day.day(), at.hour(), at.minute())
    return naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()


def _named(edit: QDateTimeEdit, name: str) -> None:
    """A time field named for a screen reader, the text field inside it too."""
    edit.setAccessibleName(name)
    inner = edit.findChild(QLineEdit)
    if inner is not None:
        inner.setAccessibleName(name)


def _problem(message: str) -> QLabel:
    label = text_label("", "Problem")
    problem_line(label, message, now=False)
    label.setVisible(bool(message))
    return label


@dataclass(frozen=True)
class Correction:
    """Which of the infusion's times, the new time, and why."""

    mark: Mark
    at: datetime
    reason: str


class CorrectTimeDialog(QDialog):
    """Which time (the start or the end), the new time and a reason of at least 10
    characters; the station refuses in words what will not do, and asks again as typed."""

    def __init__(
        self,
        started: datetime | None,
        ended: datetime | None,
        zone: tzinfo | None,
        parent: QWidget | None = None,
        *,
        values: Correction | None = None,
        message: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Correct the infusion's time"))
        self.zone = zone
        self.times = {Mark.STARTED: started, Mark.ENDED: ended}
        never = self.tr("not marked")
        self.which = {
            Mark.STARTED: QRadioButton(
                fill_in(
                    self.tr("The start (now %1)"),
                    to_qt(started, zone).toString(TIME_FORMAT) if started else never,
                )
            ),
            Mark.ENDED: QRadioButton(
                fill_in(
                    self.tr("The end (now %1)"),
                    to_qt(ended, zone).toString(TIME_FORMAT) if ended else never,
                )
            ),
        }
        choice = QWidget()
        group(choice, self.tr("Which time"))
        row = QHBoxLayout(choice)
        row.setContentsMargins(0, 0, 0, 0)
        self._group = QButtonGroup(self)
        for button in self.which.values():
            self._group.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        self.which[Mark.ENDED].setEnabled(ended is not None)
        self.when = QDateTimeEdit()
        self.when.setDisplayFormat(DATE_TIME_FORMAT)
        _named(self.when, self.tr("The new time"))
        self.reason = QLineEdit()
        self.reason.setMaxLength(REASON_MAX)
        self.reason.setAccessibleName(self.tr("Why the time is corrected (at least 10 characters)"))
        self.reason.setPlaceholderText(self.tr("For example: marked late, the pump log says 10:05"))
        chosen = values.mark if values is not None else (Mark.ENDED if ended else Mark.STARTED)
        self.which[chosen].setChecked(True)
        self._show_time(chosen)
        if values is not None:
            self.when.setDateTime(to_qt(values.at, zone))
            self.reason.setText(values.reason)
        for mark, button in self.which.items():
            button.toggled.connect(lambda on, m=mark: self._show_time(m) if on else None)
        form = QFormLayout()
        form.addRow(self.tr("Which time"), choice)
        form.addRow(self.tr("The new time"), self.when)
        form.addRow(self.tr("Why"), self.reason)
        self.problem = _problem(message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(
            text_label(
                self.tr("The old time, the new one, why and who are kept in the record."),
                "QuestionText",
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addLayout(dialog_buttons(self, self.tr("Cancel"), self.tr("Save the correction")))
        self.correction: Correction | None = None

    def _show_time(self, mark: Mark) -> None:
        """The chosen time as marked, to change."""
        moment = self.times[mark]
        if moment is not None:
            self.when.setDateTime(to_qt(moment, self.zone))

    def chosen(self) -> Mark:
        """The time being corrected."""
        return Mark.ENDED if self.which[Mark.ENDED].isChecked() else Mark.STARTED

    def accept(self) -> None:
        """What was typed; the station checks it."""
        self.correction = Correction(
            self.chosen(), from_qt(self.when.dateTime(), self.zone), self.reason.text()
        )
        super().accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        started: datetime | None,
        ended: datetime | None,
        zone: tzinfo | None,
        *,
        values: Correction | None = None,
        message: str = "",
    ) -> Correction | None:
        """The correction, or None if cancelled; ``values`` and ``message``: asked again after
        a refusal. Tests replace this method."""
        dialog = cls(started, ended, zone, parent, values=values, message=message)
        try:
            return dialog.correction if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class SideEffectDialog(QDialog):
    """What was seen (in words), how bad, when (now unless changed), and for "other" what."""

    def __init__(self, now: datetime, zone: tzinfo | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Side effect seen"))
        self.now = now
        self.zone = zone
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("What was seen"))
        for kind, words in side_effect_words().items():
            self.kind.addItem(words, kind.value)
        self.severity: dict[Severity, QRadioButton] = {}
        how = QWidget()
        group(how, self.tr("How bad"))
        row = QHBoxLayout(how)
        row.setContentsMargins(0, 0, 0, 0)
        self._group = QButtonGroup(self)
        for severity, words in severity_words().items():
            button = QRadioButton(words)
            self._group.addButton(button)
            self.severity[severity] = button
            row.addWidget(button)
        row.addStretch(1)
        self.seen = QTimeEdit()
        self.seen.setDisplayFormat(TIME_FORMAT)
        _named(self.seen, self.tr("Time seen"))
        self.seen.setTime(to_qt(now, zone).time())
        self.other = QLineEdit()
        self.other.setMaxLength(OTHER_TEXT_MAX)
        self.other.setAccessibleName(self.tr("What it was, in words (for Other)"))
        self.kind.currentIndexChanged.connect(self._other_enabled)
        self._other_enabled()
        form = QFormLayout()
        form.addRow(self.tr("What was seen"), self.kind)
        form.addRow(self.tr("What it was, for Other"), self.other)
        form.addRow(self.tr("How bad"), how)
        form.addRow(self.tr("Time seen"), self.seen)
        self.problem = _problem("")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addLayout(dialog_buttons(self, self.tr("Cancel"), self.tr("Save the side effect")))
        self.effect: SideEffect | None = None

    def _other_enabled(self) -> None:
        self.other.setEnabled(self.chosen_kind() is SideEffectKind.OTHER)

    def chosen_kind(self) -> SideEffectKind:
        """The kind chosen in the list."""
        return SideEffectKind(self.kind.currentData())

    def _refuse(self, text: str, focus: QWidget) -> None:
        problem_line(self.problem, "⚠ " + text)
        self.problem.show()
        focus.setFocus()

    def accept(self) -> None:
        """Save a side effect that is whole: how bad, a time that has come, and words for
        "other"; otherwise say what is missing."""
        severity = next((s for s, b in self.severity.items() if b.isChecked()), None)
        if severity is None:
            self._refuse(self.tr("Choose how bad it was."), self.severity[Severity.MILD])
            return
        day = to_qt(self.now, self.zone).date()
        seen = from_qt(QDateTime(day, self.seen.time()), self.zone)
        if seen > self.now:
            self._refuse(self.tr("That time has not come yet."), self.seen)
            return
        kind = self.chosen_kind()
        text = self.other.text().strip() if kind is SideEffectKind.OTHER else ""
        if kind is SideEffectKind.OTHER and not text:
            self._refuse(self.tr("Say in words what the other side effect was."), self.other)
            return
        self.effect = SideEffect(kind, severity, seen, text)
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, now: datetime, zone: tzinfo | None) -> SideEffect | None:
        """The side effect, or None if cancelled. Tests replace this method."""
        dialog = cls(now, zone, parent)
        try:
            return dialog.effect if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class OverrideDialog(QDialog):
    """Why the patient goes before they are ready, written down (at least 10 characters): it
    is recorded as an override, a red flag on the board and the audit log."""

    def __init__(
        self, why_not: str, parent: QWidget | None = None, *, reason: str = "", message: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Discharge anyway"))
        self.reason = QLineEdit(reason)
        self.reason.setMaxLength(REASON_MAX)
        self.reason.setAccessibleName(
            self.tr("Why the patient goes before ready (at least 10 characters)")
        )
        self.problem = _problem(message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.wrapped = (
            wrapped_label(why_not, "QuestionText"),
            wrapped_label(
                self.tr(
                    "Discharging now is recorded as an override with your reason and shows as"
                    " a red flag."
                ),
                "",
            ),
        )
        for label in self.wrapped:
            layout.addWidget(label)
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addLayout(
            dialog_buttons(self, self.tr("Cancel"), self.tr("Continue to the discharge"))
        )

    def showEvent(self, event: QShowEvent) -> None:
        """Tall enough for every line of why the patient is not ready, at the window's size."""
        fit_wrapped(self, *self.wrapped)
        super().showEvent(event)

    def accept(self) -> None:
        """Go on only with a reason in words."""
        if clean_reason(self.reason.text()) is None:
            problem_line(
                self.problem,
                "⚠ " + discharge_problem_text(DischargeProblem.OVERRIDE_REASON),
            )
            self.problem.show()
            self.reason.setFocus()
            return
        super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, why_not: str, *, reason: str = "", message: str = ""
    ) -> str | None:
        """The reason written, or None if cancelled. Tests replace this method."""
        dialog = cls(why_not, parent, reason=reason, message=message)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.reason.text()
        finally:
            dialog.deleteLater()
