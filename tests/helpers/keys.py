"""A keyboard on the real window: Tab, the arrows, Space, Enter and typing, and nothing else."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.core.forms.model import Answer
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.consent import ConsentScreen
from kiosk.ui.patient.crisis import CrisisScreen
from kiosk.ui.patient.identify import IdentifyScreen
from kiosk.ui.patient.item import ItemScreen
from kiosk.ui.patient.page import PageScreen
from kiosk.ui.patient.questions import ChoiceView, HoursView, TextView
from kiosk.ui.patient.welcome import WelcomeScreen
from tests.helpers.intake import rule_safe_answer

MOST_TABS = 60  # more tab stops than any screen has


def focused() -> QWidget:
    """The widget with keyboard focus (there always is one while the keyboard is used)."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def press(key: Qt.Key) -> None:
    """One key, to whatever has focus."""
    QTest.keyClick(focused(), key)
    QApplication.processEvents()


def type_text(text: str) -> None:
    """Type ``text`` into the focused widget, key by key (a letter QTest has no key for, such
    as é, comes as the key event of a keyboard layout that has it)."""
    for char in text:
        widget = focused()
        if char.isascii():
            QTest.keyClick(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(widget, event)
        QApplication.processEvents()


def tab_until(reached: Callable[[QWidget], bool], *, back: bool = False) -> QWidget:
    """Press Tab (Shift+Tab with ``back``) until the focused widget is one ``reached`` wants."""
    for _ in range(MOST_TABS):
        if reached(focused()):
            return focused()
        if back:
            QTest.keyClick(focused(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
        else:
            QTest.keyClick(focused(), Qt.Key.Key_Tab)
        QApplication.processEvents()
    raise AssertionError(f"Tab never reached it; focus on {describe(focused())}")


def arrow_until(target: QWidget) -> None:
    """Press Down until ``target`` has focus (the arrows go round a group)."""
    for _ in range(MOST_TABS):
        if focused() is target:
            return
        press(Qt.Key.Key_Down)
    raise AssertionError(f"the arrows never reached {describe(target)}")


def describe(widget: QWidget) -> str:
    """A widget for a failure message."""
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{type(widget).__name__} {widget.accessibleName()!r} {text!r}"


class KeyboardPatient:
    """Walks the intake with the keyboard alone; every step re-reads the current screen."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        window.activateWindow()
        QApplication.processEvents()

    def screen(self) -> QWidget:
        """The patient screen on display."""
        return self.window.current_screen()

    def activate(self, button: QWidget) -> None:
        """Tab to ``button`` and press Enter."""
        tab_until(lambda w: w is button)
        press(Qt.Key.Key_Return)

    def welcome(self, language: str, text_size: str) -> None:
        """Choose a language and a text size with the arrows and Space, then Start."""
        screen = self.screen()
        assert isinstance(screen, WelcomeScreen)
        for buttons, code in (
            (screen.language_buttons, language),
            (screen.size_buttons, text_size),
        ):
            tab_until(lambda w, b=buttons: w in b.values())  # type: ignore[misc]
            screen = self.screen()
            assert isinstance(screen, WelcomeScreen)
            arrow_until(buttons[code])
            press(Qt.Key.Key_Space)
        assert screen.language_buttons[language].isChecked()
        self.activate(screen.start_button)

    def identify(self, first: str, last: str, month_day_year: tuple[str, str, str]) -> None:
        """Type the names, then the date of birth into its boxes, then Continue."""
        screen = self.screen()
        assert isinstance(screen, IdentifyScreen)
        tab_until(lambda w: w is screen.first_name)
        type_text(first)
        press(Qt.Key.Key_Tab)
        assert focused() is screen.last_name
        type_text(last)
        month, day, year = month_day_year
        boxes = screen.birth_date.fields
        tab_until(lambda w: w in boxes.values())
        order = screen.birth_date._order
        digits = {"month": month, "day": day, "year": year}
        type_text("".join(digits[name] for name in order))
        self.activate(screen.next_button)

    def page(self) -> None:
        """Answer every question shown with a safe answer, then Next."""
        screen = self.screen()
        assert isinstance(screen, PageScreen), type(screen).__name__
        answered: set[str] = set()
        while True:
            pending = [v for q, v in screen.views.items() if v.isVisible() and q not in answered]
            if not pending:
                break
            view = pending[0]
            self.answer(view, rule_safe_answer(screen._session, view.question))
            answered.add(view.question.id)
        self.activate(screen.next_button)

    def answer(self, view: QWidget, value: Answer) -> None:
        """Tab into a question and answer it with the keys."""
        tab_until(lambda w: view.isAncestorOf(w) and w.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if isinstance(view, ChoiceView):
            for option in value if isinstance(value, list) else [value]:
                button = view.buttons[str(option)]
                arrow_until(button)
                if not button.isChecked():
                    press(Qt.Key.Key_Space)
        elif isinstance(view, HoursView | TextView):
            assert focused() is view.field
            type_text(str(value))
        assert view.value() == value or view.value() == str(value), (view.value(), value)

    def items(self, value: int = 0) -> None:
        """Answer each PHQ-9 and GAD-7 item: the arrows to the answer, then Enter."""
        while True:
            screen = self.screen()
            if isinstance(screen, CrisisScreen):
                self.activate(screen.continue_button)
                continue
            if not isinstance(screen, ItemScreen):
                return
            tab_until(lambda w, s=screen: w in s.answers.values())  # type: ignore[misc]
            arrow_until(screen.answers[value])
            press(Qt.Key.Key_Return)

    def consent_to_sign(self) -> ConsentScreen:
        """Agree to every section with Space, then on to the sign page."""
        screen = self.screen()
        assert isinstance(screen, ConsentScreen)
        for button in screen.read.agree_buttons.values():
            tab_until(lambda w, b=button: w is b)  # type: ignore[misc]
            press(Qt.Key.Key_Space)
        self.activate(screen.read.next_button)
        assert screen.stack.currentWidget() is screen.sign
        return screen

    def walk_pages(self) -> None:
        """Pages while pages show."""
        while isinstance(self.screen(), PageScreen):
            before = self.window.session.current.key
            self.page()
            assert self.window.session.current.key != before, "the page did not move on"
