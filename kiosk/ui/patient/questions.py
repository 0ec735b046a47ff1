"""One view per question type: big choice buttons, an hours pad, text and phone fields."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.forms.model import Answer, Question, QuestionType
from kiosk.ui.widgets.accessible import CHECK_BOX, RADIO, alert, group, set_invalid
from kiosk.ui.widgets.buttons import text_label
from kiosk.ui.widgets.choices import ChoiceButton, ChoiceRing
from kiosk.ui.widgets.fields import PadField, guard_typed
from kiosk.ui.widgets.number_pad import TYPED_KEYS, NumberPad, apply_key

CHECK = "✓  "


class QuestionView(QWidget):
    """A question's text, its answer control and a line for what to fix: to assistive
    technology a group named by the question, invalid while its answer is refused."""

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
        group(self, text, hint)

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
        """Show or hide what to fix; a refusal is announced and marks the question invalid."""
        self.problem.setText("⚠ " + text if text else "")
        self.problem.setVisible(bool(text))
        set_invalid(self, text)
        if text:
            alert(self.problem, text)
        else:
            self.problem.setAccessibleName("")

    def first_control(self) -> QWidget | None:
        """Where the keyboard goes to fix this answer."""
        return None


class ChoiceView(QuestionView):
    """Yes/No, one choice or several: a column of big buttons; the chosen one shows a tick.

    One choice: radio buttons; several: check boxes (to assistive technology). Tab reaches
    the group, the arrow keys move in it, Space or Enter chooses.
    """

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
        self.ring = ChoiceRing(self)
        row = QHBoxLayout() if question.type is QuestionType.YES_NO else QVBoxLayout()
        row.setSpacing(12)
        for value, label in options:
            button = ChoiceButton(label, CHECK_BOX if self.multi else RADIO)
            self.ring.add(button)
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
        self.ring.settle()

    def first_control(self) -> QWidget | None:
        return next(
            (b for b in self.ring.buttons if b.focusPolicy() & Qt.FocusPolicy.TabFocus), None
        )

    def choose(self, value: str) -> None:
        """Touch the button of ``value``."""
        self.buttons[value].click()


class HoursView(QuestionView):
    """A number of hours typed on a big pad, or on a keyboard with the box focused."""

    def __init__(
        self, question: Question, text: str, hint: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, text, hint, parent)
        self.field = PadField()
        self.field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.field.setAccessibleName(text)
        self.field.setAccessibleDescription(self.tr("hours"))
        self.field.setPlaceholderText(self.tr("hours"))
        self.field.setMaximumWidth(260)
        self.field.installEventFilter(self)
        unit = text_label(self.tr("hours"), "Subtitle", wrap=False)
        self.pad = pad = NumberPad(decimal=True, columns=6)
        pad.set_field(text)
        pad.setMaximumWidth(720)
        pad.key_pressed.connect(self._key)
        line = QHBoxLayout()
        line.addWidget(self.field)
        line.addWidget(unit)
        line.addStretch(1)
        self.layout_.addLayout(line)
        self.layout_.addWidget(pad)
        self.finish_layout()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Digits, a point and Backspace typed in the box go in as the pad's keys."""
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = TYPED_KEYS.get(Qt.Key(event.key()))
            if key is not None:
                self._key(key)
                return True
        return False

    def _key(self, key: str) -> None:
        self.field.put(apply_key(self.field.text(), key, 6))
        self.changed.emit()

    def value(self) -> Answer | None:
        return self.field.text() or None

    def set_value(self, value: Answer) -> None:
        self.field.put(str(value))

    def first_control(self) -> QWidget | None:
        return self.field


class TextView(QuestionView):
    """Free text or a phone number, typed on the on-screen keyboard."""

    def __init__(
        self, question: Question, text: str, hint: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, text, hint, parent)
        self.field = guard_typed(QLineEdit())
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

    def first_control(self) -> QWidget | None:
        return self.field
