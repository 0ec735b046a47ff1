"""Drives the real kiosk window the way a patient's finger would, screen by screen."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea, QWidget

from kiosk.core.forms.model import Answer, Question
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.consent import ConsentScreen
from kiosk.ui.patient.crisis import CrisisScreen
from kiosk.ui.patient.done import DoneScreen
from kiosk.ui.patient.front_desk import FrontDeskScreen
from kiosk.ui.patient.identify import IdentifyScreen
from kiosk.ui.patient.item import ItemScreen
from kiosk.ui.patient.page import PageScreen
from kiosk.ui.patient.questions import ChoiceView, HoursView, TextView
from kiosk.ui.patient.welcome import WelcomeScreen
from tests.helpers.intake import rule_safe_answer

SIGNATURE = [(40, 150), (80, 100), (120, 160), (160, 90), (200, 150), (260, 110), (320, 150)]


class KioskDriver:
    """Touches buttons with qtbot; every step re-reads the current screen (old ones are deleted)."""

    def __init__(self, window: MainWindow, qtbot: Any) -> None:
        self.window = window
        self.qtbot = qtbot
        self.screens: list[str] = []
        self.on_screen: Callable[[QWidget], None] | None = None
        window.screen_changed.connect(self.screens.append)

    def screen(self) -> QWidget:
        """The patient screen on display."""
        return self.window.current_screen()

    def tap(self, button: QAbstractButton) -> None:
        """A finger on a button."""
        assert button.isVisible() and button.isEnabled(), f"cannot touch {button.text()!r}"
        window = button.window()
        if not window.isActiveWindow():  # a finger on a screen makes its window the active one
            window.activateWindow()
            QApplication.processEvents()
        parent = button.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(button)  # a finger scrolls to a button before touching it
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def _seen(self) -> QWidget:
        screen = self.screen()
        if self.on_screen is not None:
            self.on_screen(screen)
        return screen

    # --- the way through --------------------------------------------------------------------

    def start(self, language: str = "en", text_size: str = "normal") -> None:
        """Welcome: language, text size, Start."""
        screen = self._seen()
        assert isinstance(screen, WelcomeScreen)
        self.tap(screen.language_buttons[language])  # type: ignore[arg-type]
        self.tap(screen.size_buttons[text_size])
        self.tap(screen.start_button)

    def identify(self, first: str, last: str, birth: date, language: str = "en") -> None:
        """Type the name and the date of birth on the pad, then Continue."""
        self.type_identity(first, last, birth, language)
        screen = self.screen()
        assert isinstance(screen, IdentifyScreen)
        self.tap(screen.next_button)

    def fill_page(self, overrides: Mapping[str, Answer] | None = None) -> None:
        """Answer every visible question (safe answers unless overridden), then Next."""
        overrides = overrides or {}
        screen = self._seen()
        assert isinstance(screen, PageScreen), type(screen).__name__
        answered: set[str] = set()
        while True:
            pending = [
                view
                for qid, view in screen.views.items()
                if view.isVisible() and qid not in answered
            ]
            if not pending:
                break
            for view in pending:
                value = overrides.get(view.question.id, self.safe_answer(screen, view.question))
                self.set_answer(view, value)
                answered.add(view.question.id)
        self.tap(screen.next_button)

    def safe_answer(self, screen: PageScreen, question: Question) -> Answer:
        """An answer that raises no flag."""
        return rule_safe_answer(screen._session, question)

    def set_answer(self, view: Any, value: Answer) -> None:
        """Touch the buttons or type the text of one answer."""
        if isinstance(view, ChoiceView):
            for option in value if isinstance(value, list) else [value]:
                self.tap(view.buttons[str(option)])
        elif isinstance(view, HoursView):
            for key in str(value):
                view._key(key)
        elif isinstance(view, TextView):
            view.field.setText(str(value))

    def answer_items(self, value_for: Callable[[str], int] = lambda _item: 0) -> list[str]:
        """Answer PHQ-9 and GAD-7 items until another kind of screen shows; returns crisis screens seen."""
        crises: list[str] = []
        while True:
            screen = self._seen()
            if isinstance(screen, CrisisScreen):
                crises.append("crisis")
                self.tap(screen.continue_button)
                continue
            if not isinstance(screen, ItemScreen):
                return crises
            instrument, index = screen._session.item()
            self.tap(screen.answers[value_for(instrument.items[index].id)])

    def agree_to_every_section(self) -> ConsentScreen:
        """Touch "I agree" under every consent section, then go on to the signature."""
        screen = self._seen()
        assert isinstance(screen, ConsentScreen)
        for button in screen.read.agree_buttons.values():
            self.tap(button)
        self.tap(screen.read.next_button)
        return screen

    def to_sign(
        self, first: str, last: str, birth: date, language: str = "en", text_size: str = "normal"
    ) -> ConsentScreen:
        """Welcome to the consent's sign screen with safe answers."""
        self.start(language, text_size)
        self.identify(first, last, birth, language)
        self.walk_pages()
        self.answer_items()
        self.walk_pages()
        return self.agree_to_every_section()

    def sign_consent(self, printed_name: str | None = None) -> None:
        """Agree to every section, sign, look at the copy, certify."""
        screen = self.agree_to_every_section()
        if printed_name is not None:
            screen.sign.printed_name.setText(printed_name)
        screen.sign.pad.draw_stroke(SIGNATURE)
        self.see_copy(screen)
        assert screen.review.pages.count() >= 1
        self.tap(screen.review.next_button)

    def see_copy(self, screen: ConsentScreen) -> None:
        """Touch "See my signed copy", then wait while the copy is prepared in the background."""
        self.tap(screen.sign.next_button)
        self.wait_for_copy(screen)

    @staticmethod
    def wait_for_copy(screen: ConsentScreen, seconds: float = 60) -> None:
        """Let posted events through until the signed copy being prepared shows (or is
        dropped). Not a nested event loop (QTest.qWait): that would also delete the screens
        deleted later, which the benchmarks' steps, run without a loop, leave to the next
        touch as before."""
        deadline = time.monotonic() + seconds
        while screen.review.preparing:
            assert time.monotonic() < deadline, "the signed copy was never prepared"
            QApplication.processEvents()
            time.sleep(0.002)  # the worker's turn

    def run_intake(
        self,
        first: str,
        last: str,
        birth: date,
        *,
        language: str = "en",
        text_size: str = "normal",
        item_value: Callable[[str], int] = lambda _item: 0,
    ) -> None:
        """A whole intake from Welcome to Done."""
        self.start(language, text_size)
        self.identify(first, last, birth, language)
        self.walk_pages()
        self.answer_items(item_value)
        self.walk_pages()
        self.sign_consent()
        assert isinstance(self._seen(), DoneScreen)

    def walk_pages(self) -> None:
        """Fill pages with safe answers while pages show."""
        while isinstance(self.screen(), PageScreen):
            before = self.window.session.current.key
            self.fill_page()
            assert self.window.session.current.key != before, "the page did not move on"

    def finish(self) -> None:
        """Done's Finish button: back to Welcome."""
        screen = self.screen()
        assert isinstance(screen, DoneScreen)
        self.tap(screen.close_button)
        QApplication.processEvents()

    # --- stopping, and the steps one by one -------------------------------------------------

    def type_identity(self, first: str, last: str, birth: date, language: str = "en") -> None:
        """Type the name and the date of birth on Identify without touching Continue."""
        screen = self._seen()
        assert isinstance(screen, IdentifyScreen)
        screen.first_name.setText(first)
        screen.last_name.setText(last)
        day, month, year = f"{birth.day:02d}", f"{birth.month:02d}", f"{birth.year:04d}"
        screen.birth_date.type_digits(
            day + month + year if language == "es" else month + day + year
        )
        assert screen.birth_date.value() == birth

    def start_over(self) -> None:
        """The header's "Stop and start over", then "Yes, start over" on the question."""
        self.tap(self.window.start_over_button)
        card = self.window.start_over_card
        assert card.isVisible()
        self.tap(card.start_over_button)
        QApplication.processEvents()

    def ready_to_save(self) -> Callable[[], None]:
        """Get the screen on display ready to save (the consent signed and shown as a copy) and
        return the one touch that saves it: a page's Next, an item's answer, "This is my
        signature". The calm message is continued past first; it saves nothing."""
        screen = self._seen()
        if isinstance(screen, CrisisScreen):
            self.tap(screen.continue_button)
            return self.ready_to_save()
        if isinstance(screen, PageScreen):
            return self.fill_page
        if isinstance(screen, ItemScreen):
            first = screen.answers[min(screen.answers)]
            return lambda: self.tap(first)
        if isinstance(screen, ConsentScreen):
            self.agree_to_every_section()
            screen.sign.pad.draw_stroke(SIGNATURE)
            self.see_copy(screen)
            return lambda: self.tap(screen.review.next_button)
        if isinstance(screen, IdentifyScreen):
            return lambda: self.tap(screen.next_button)
        raise AssertionError(f"nothing to save on {type(screen).__name__}")

    def at_front_desk(self) -> bool:
        """Whether the "Please see the front desk" screen shows."""
        return isinstance(self.screen(), FrontDeskScreen)
