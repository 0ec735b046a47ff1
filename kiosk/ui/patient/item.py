"""One PHQ-9 or GAD-7 item per screen, with four big answers."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from kiosk.core.flags import Flag
from kiosk.core.session import IntakeSession
from kiosk.core.text import fill_in
from kiosk.ui.patient.faults import SAVE_ERRORS
from kiosk.ui.patient.frame import ScreenFrame
from kiosk.ui.patient.reading import heading
from kiosk.ui.widgets.accessible import RADIO, group
from kiosk.ui.widgets.buttons import text_label
from kiosk.ui.widgets.choices import ChoiceButton, ChoiceRing


class ItemScreen(ScreenFrame):
    """Touching an answer commits it and moves on; so do Space and Enter on it, and its
    accessible action. The answers are radio buttons in a group named by the item."""

    save_failed = Signal(object)  # the storage error: the window shows the front desk screen

    def __init__(self, session: IntakeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        instrument, index = session.item()
        language = session.language
        item = instrument.items[index]
        stem = instrument.stem.get(language)
        number = fill_in(self.tr("Question %1 of %2"), str(index + 1), str(len(instrument.items)))
        self.body_layout.addWidget(text_label(stem, "Stem"))
        self.body_layout.addWidget(text_label(number, "Hint"))
        self.title = heading(text_label(item.text.get(language), "ItemText"))
        self.title.setAccessibleDescription(number + ". " + stem)  # read with the heading
        self.body_layout.addWidget(self.title)
        earlier = session.answers.get(instrument.id, {}).get(item.id)
        self.answers: dict[int, QPushButton] = {}
        answers = QWidget()
        group(answers, item.text.get(language), instrument.stem.get(language))
        column = QVBoxLayout(answers)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        self.ring = ChoiceRing(self)
        for value, label in instrument.options:
            button = ChoiceButton(label.get(language), RADIO)
            button.setMinimumHeight(80)
            if earlier == value:
                button.setChecked(True)
                button.setText("✓  " + label.get(language))
            button.clicked.connect(lambda _=False, v=value: self.choose(v))
            self.answers[value] = button
            self.ring.add(button)
            column.addWidget(button)
        self.body_layout.addWidget(answers)
        self.body_layout.addStretch(1)
        self.back_button.setVisible(session.can_go_back())
        self.back_button.clicked.connect(self._back)
        self.next_button.hide()

    def _back(self) -> None:
        # A method of the screen, not session.back itself: PySide keeps a record of every
        # connection to a plain object's method, for as long as the kiosk runs.
        self._session.back()

    def choose(self, value: int) -> Flag | None:
        """Commit the answer and move on (the session says when the calm message is due).

        Returns the alert raised, if any; None as well when saving failed.
        """
        for button in self.answers.values():
            button.setEnabled(False)
        try:
            return self._session.answer_item(value)
        except SAVE_ERRORS as error:
            self.save_failed.emit(error)
            return None
