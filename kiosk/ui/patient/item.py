"""One PHQ-9 or GAD-7 item per screen, with four big answers; refilled item after item."""

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
    accessible action. The answers are radio buttons in a group named by the item.

    Made once and refilled (``refill``) with the next item: new texts, answers cleared, so a
    step re-polishes no widgets under the window's style sheet.
    """

    save_failed = Signal(object)  # the storage error: the window shows the front desk screen

    def __init__(self, session: IntakeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.stem = text_label("", "Stem")
        self.number = text_label("", "Hint")
        self.title = heading(text_label("", "ItemText"))
        self.body_layout.addWidget(self.stem)
        self.body_layout.addWidget(self.number)
        self.body_layout.addWidget(self.title)
        self.answers: dict[int, QPushButton] = {}
        self._labels: dict[int, str] = {}
        self.answer_group = QWidget()
        column = QVBoxLayout(self.answer_group)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        self.ring = ChoiceRing(self)
        instrument, _index = session.item()
        for value, _label in instrument.options:
            button = ChoiceButton("", RADIO)
            button.setMinimumHeight(80)
            button.clicked.connect(lambda _=False, v=value: self.choose(v))
            self.answers[value] = button
            self.ring.add(button)
            column.addWidget(button)
        self.body_layout.addWidget(self.answer_group)
        self.body_layout.addStretch(1)
        self.back_button.clicked.connect(self._back)
        self.next_button.hide()
        self.refill()

    def fits(self) -> bool:
        """Whether the session's current item has the answers this screen was made with."""
        instrument, _index = self._session.item()
        return [value for value, _label in instrument.options] == list(self.answers)

    def refill(self) -> None:
        """Show the session's current item: its texts, its earlier answer if any, the others
        cleared, every answer usable again, scrolled to the top."""
        session = self._session
        instrument, index = session.item()
        language = session.language
        item = instrument.items[index]
        stem = instrument.stem.get(language)
        text = item.text.get(language)
        number = fill_in(self.tr("Question %1 of %2"), str(index + 1), str(len(instrument.items)))
        self.stem.setText(stem)
        self.number.setText(number)
        self.title.setText(text)
        self.title.setAccessibleDescription(number + ". " + stem)  # read with the heading
        group(self.answer_group, text, stem)
        earlier = session.answers.get(instrument.id, {}).get(item.id)
        for value, label in instrument.options:
            button = self.answers[value]
            words = label.get(language)
            self._labels[value] = words
            button.setEnabled(True)
            button.setChecked(earlier == value)
            button.setText(("✓  " if earlier == value else "") + words)
            button.setAccessibleName(words.replace("&", ""))
        self.ring.settle()
        self.name_bar()
        self.scroll_area.verticalScrollBar().setValue(0)
        self.back_button.setVisible(session.can_go_back())

    def let_go(self) -> None:
        """Another kind of screen shows: no answer is left chosen on this one meanwhile."""
        for value, button in self.answers.items():
            button.setChecked(False)
            button.setText(self._labels.get(value, ""))

    def empty(self) -> None:
        """The patient is forgotten: no item text and no answer is left; the screen waits for
        the next patient's first item."""
        self.let_go()
        for label in (self.stem, self.number, self.title):
            label.setText("")
        self.title.setAccessibleDescription("")
        group(self.answer_group, "", "")
        for button in self.answers.values():
            button.setText("")
            button.setAccessibleName("")
        self._labels.clear()
        self.scroll_area.verticalScrollBar().setValue(0)

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
