"""One view per question type: big choice buttons, an hours pad, text and phone fields."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.forms.model import Answer, Question, QuestionType
from kiosk.ui.widgets.buttons import text_label, touch_button
from kiosk.ui.widgets.number_pad import NumberPad, apply_key

CHECK = "✓  "


class QuestionView(QWidget):
    """A question's text, its answer control and a line for what to fix."""

    changed = Signal()

    def __init__(
        self, question: Question, text: str, hint: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.question = question
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 8, 0, 8)
        self.layout_.setSpacing(12)
        self.text = text_label(text, "QuestionText")
        self.layout_.addWidget(self.text)
        if hint:
            self.layout_.addWidget(text_label(hint, "Hint"))
        self.problem = text_label("", "Problem")
        self.problem.hide()

    def finish_layout(self) -> None:
        """Put the problem line under the control."""
        self.layout_.addWidget(self.problem)

    def value(self) -> Answer | None:
        """The answer on screen, None when there is none."""
        raise NotImplementedError

    def set_value(self, value: Answer) -> None:
        """Show an earlier answer."""
        raise NotImplementedError

    def set_problem(self, text: str | None) -> None:
        """Show or hide what to fix."""
        self.problem.setText("⚠ " + text if text else "")
        self.problem.setVisible(bool(text))


class ChoiceView(QuestionView):
    """Yes/No, one choice or several: a column of big buttons; the chosen one shows a tick."""

    def __init__(
        self,
        question: Question,
        text: str,
        hint: str,
        options: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(question, text, hint, parent)
        self.multi = question.type is QuestionType.MULTI_CHOICE
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multi)
        self.buttons: dict[str, QAbstractButton] = {}
        self._labels: dict[str, str] = {}
        row = QHBoxLayout() if question.type is QuestionType.YES_NO else QVBoxLayout()
        row.setSpacing(12)
        for value, label in options:
            button = touch_button(label, role="Answer", checkable=True)
            button.toggled.connect(self._toggled)
            self.group.addButton(button)
            row.addWidget(button)
            self.buttons[value] = button
            self._labels[value] = label
        self.layout_.addLayout(row)
        self.finish_layout()

    def _toggled(self) -> None:
        for value, button in self.buttons.items():
            button.setText((CHECK if button.isChecked() else "") + self._labels[value])
        self.changed.emit()

    def value(self) -> Answer | None:
        chosen = [v for v, b in self.buttons.items() if b.isChecked()]
        if self.multi:
            return chosen
        return chosen[0] if chosen else None

    def set_value(self, value: Answer) -> None:
        selected = set(value) if isinstance(value, list) else {str(value)}
        for option, button in self.buttons.items():
            button.setChecked(option in selected)

    def choose(self, value: str) -> None:
        """Touch the button of ``value``."""
        self.buttons[value].click()


class HoursView(QuestionView):
    """A number of hours typed on a big pad."""

    def __init__(
        self, question: Question, text: str, hint: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, text, hint, parent)
        self.field = QLineEdit()
        self.field.setReadOnly(True)
        self.field.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.field.setAccessibleName(text)
        self.field.setPlaceholderText(self.tr("hours"))
        self.field.setMaximumWidth(260)
        unit = text_label(self.tr("hours"), "Subtitle", wrap=False)
        pad = NumberPad(decimal=True, columns=6)
        pad.setMaximumWidth(720)
        pad.key_pressed.connect(self._key)
        line = QHBoxLayout()
        line.addWidget(self.field)
        line.addWidget(unit)
        line.addStretch(1)
        self.layout_.addLayout(line)
        self.layout_.addWidget(pad)
        self.finish_layout()

    def _key(self, key: str) -> None:
        self.field.setText(apply_key(self.field.text(), key, 6))
        self.changed.emit()

    def value(self) -> Answer | None:
        return self.field.text() or None

    def set_value(self, value: Answer) -> None:
        self.field.setText(str(value))


class TextView(QuestionView):
    """Free text or a phone number, typed on the on-screen keyboard."""

    def __init__(
        self, question: Question, text: str, hint: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, text, hint, parent)
        self.field = QLineEdit()
        self.field.setAccessibleName(text)
        self.field.setMaxLength(question.max_length)
        hints = Qt.InputMethodHint.ImhNoPredictiveText
        if question.type is QuestionType.PHONE:
            hints |= Qt.InputMethodHint.ImhDialableCharactersOnly
        self.field.setInputMethodHints(hints)
        self.field.textChanged.connect(lambda _text: self.changed.emit())
        self.layout_.addWidget(self.field)
        self.finish_layout()

    def value(self) -> Answer | None:
        return self.field.text() or None

    def set_value(self, value: Answer) -> None:
        self.field.setText(str(value))
