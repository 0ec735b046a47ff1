"""The intake and the nurse's board with the keyboard alone: Tab, the arrows, Space, Enter and
typing (QTest key events only, never a touch), and a focus ring one can see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QWidget,
)

from kiosk.core.vitals import Phase, Vitals
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.consent import ConsentScreen
from kiosk.ui.patient.item import ItemScreen
from kiosk.ui.patient.page import PageScreen
from kiosk.ui.patient.questions import ChoiceView
from kiosk.ui.staff.dialogs import DischargeDialog, VitalsDialog
from kiosk.ui.staff.pin_dialog import PinDialog, StaffChoice
from kiosk.ui.staff.station import StationView
from kiosk.ui.widgets.buttons import RING_WIDTH
from kiosk.ui.widgets.focus_ring import GAP, HeadingRing
from tests.helpers.keys import (
    KeyboardPatient,
    arrow_until,
    focused,
    press,
    tab_until,
    type_text,
)
from tests.helpers.kiosk_driver import KioskDriver
from tests.helpers.station import NURSE_PIN, add_staff, sign_in

pytestmark = pytest.mark.usefixtures("cheap_pins")

BIRTH = ("03", "14", "1975")


def walk_to_sign(window: MainWindow, language: str = "en") -> ConsentScreen:
    """Welcome to the consent's sign page by keyboard alone."""
    patient = KeyboardPatient(window)
    patient.welcome(language, "large")
    patient.identify("José", "Muñoz", BIRTH)
    patient.walk_pages()
    patient.items(0)
    patient.walk_pages()
    return patient.consent_to_sign()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_whole_intake_to_the_sign_page_by_keyboard(
    kiosk_window: MainWindow, driver: KioskDriver, language: str
) -> None:
    """Tab, arrows, Space, Enter and typing take a patient from Welcome to the sign page; every
    answer is stored as a touch would store it (None of these chosen by keyboard too)."""
    screen = walk_to_sign(kiosk_window, language)
    assert kiosk_window.session.language == language
    assert kiosk_window.session.text_size == "large"
    answers = kiosk_window.session.answers
    assert answers["checklist"]["stimulants_recent"] == ["none"]
    assert answers["checklist"]["hours_since_food"] in (12, "12")
    assert all(v == 0 for v in answers["phq9"].values()) and len(answers["phq9"]) == 9
    assert len(answers["gad7"]) == 7
    assert screen.stack.currentWidget() is screen.sign
    assert kiosk_window.session.identity is not None
    assert set(driver.screens) >= {"IdentifyScreen", "PageScreen", "ItemScreen", "ConsentScreen"}


def test_keyboard_signs_with_the_typed_signature_and_certifies(kiosk_window: MainWindow) -> None:
    """On the sign page: "Sign by typing my name", the name typed, the attestation checked,
    then "See my signed copy" and "This is my signature": Done."""
    screen = walk_to_sign(kiosk_window)
    named = {b.accessibleName(): b for b in screen.findChildren(QAbstractButton)}
    assert "Sign by typing my name" in named
    KeyboardPatient(kiosk_window).activate(named["Sign by typing my name"])
    field = tab_until(lambda w: w.accessibleName() == "Your full name, typed as your signature")
    field.setFocus()
    type_text("José Muñoz")
    box = tab_until(lambda w: w.accessibleName() == "Typing my name here is my signature")
    press(Qt.Key.Key_Space)
    assert isinstance(box, QAbstractButton) and box.isChecked()
    KeyboardPatient(kiosk_window).activate(screen.sign.next_button)
    KioskDriver.wait_for_copy(screen)  # the copy is prepared in the background
    KeyboardPatient(kiosk_window).activate(screen.review.next_button)
    assert type(kiosk_window.current_screen()).__name__ == "DoneScreen"


def test_a_new_screen_puts_focus_on_its_heading(kiosk_window: MainWindow) -> None:
    """Welcome, Identify and a checklist page: focus lands on the heading, never a container."""
    patient = KeyboardPatient(kiosk_window)
    assert focused() is kiosk_window.current_screen().title  # type: ignore[attr-defined]
    patient.welcome("en", "normal")
    assert focused().text() == "Who are you?"  # type: ignore[attr-defined]
    patient.identify("Ana", "Ruiz", BIRTH)
    page = kiosk_window.current_screen()
    assert isinstance(page, PageScreen)
    assert focused() is page.title


def test_tab_reaches_a_group_once_and_the_arrows_move_round_it(kiosk_window: MainWindow) -> None:
    """On a multiple-choice question Tab stops once in the group (at the first answer); Down goes
    through every answer to "None of these" and round; Tab then leaves the group."""
    page = to_page_with(kiosk_window, "stimulants_recent")
    view = page.views["stimulants_recent"]
    assert isinstance(view, ChoiceView)
    tab_until(view.isAncestorOf)
    buttons = list(view.buttons.values())
    assert focused() is buttons[0]
    seen = [focused()]
    for _ in buttons:
        press(Qt.Key.Key_Down)
        seen.append(focused())
    assert seen[-1] is buttons[0] and set(seen) == set(buttons)
    arrow_until(view.buttons["none"])
    press(Qt.Key.Key_Space)
    assert view.value() == ["none"]
    press(Qt.Key.Key_Tab)
    assert not view.isAncestorOf(focused())


def to_page_with(
    window: MainWindow, qid: str, text_size: str = "normal", language: str = "en"
) -> PageScreen:
    """By keyboard, on to the checklist page that asks ``qid``."""
    patient = KeyboardPatient(window)
    patient.welcome(language, text_size)
    patient.identify("Ana", "Ruiz", BIRTH)
    while True:
        page = window.current_screen()
        assert isinstance(page, PageScreen)
        if qid in page.views:
            return page
        patient.page()


def patient_safe(page: PageScreen, qid: str) -> Any:
    """A flag-free answer to one question of ``page``."""
    from tests.helpers.intake import rule_safe_answer  # noqa: PLC0415

    return rule_safe_answer(page._session, page.views[qid].question)


def test_focus_follows_reading_order_question_answers_back_next(kiosk_window: MainWindow) -> None:
    """On a PHQ-9 item: the heading, then the answer group, then Back, then Next's place (Stop
    and start over in the header come after the screen's last control: Read this to me, then
    Stop and start over)."""
    patient = KeyboardPatient(kiosk_window)
    patient.welcome("en", "normal")
    patient.identify("Ana", "Ruiz", BIRTH)
    patient.walk_pages()
    item = kiosk_window.current_screen()
    assert isinstance(item, ItemScreen)
    assert focused() is item.title
    order = []
    for _ in range(4):
        press(Qt.Key.Key_Tab)
        order.append(focused())
    assert order[0] is item.answers[0]
    assert order[1] is item.back_button
    reader = kiosk_window.read_button
    if reader.isVisible():  # a speech engine is there
        assert order[2] is reader
        assert order[3] is kiosk_window.start_over_button
    else:
        assert order[2] is kiosk_window.start_over_button


def test_the_board_by_keyboard_reaches_acknowledge_and_opens_an_intake(
    kiosk_window: MainWindow,
    driver: KioskDriver,
    more_windows: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
) -> None:
    """Tab leaves the table at once; Tab then reaches the banner's Open and Acknowledge; Space
    acknowledges; the arrows move in the table and Enter opens the row."""
    nurse, _ = add_staff(kiosk_window)
    driver.start()
    driver.identify("Walter", "Nguyen", date(1975, 3, 14))
    driver.walk_pages()
    driver.answer_items(lambda item: 1 if item == "phq9_9" else 0)
    desk = more_windows()
    station = sign_in(desk, monkeypatch, nurse, NURSE_PIN)
    assert isinstance(station, StationView)
    board = station.board
    qtbot.waitUntil(lambda: bool(board.rows and board.rows[0].open_alerts), timeout=5000)
    # The shapes read as words: the flags cell and the unverified name.
    model = board.table.model()
    spoken = [model.index(0, c).data(Qt.ItemDataRole.AccessibleTextRole) for c in range(4)]
    assert spoken[1] == "Walter Nguyen, unverified"
    assert spoken[3].startswith("alert: ") and "▲" not in spoken[3]
    table = QAccessible.queryAccessibleInterface(board.table)
    cells = [table.child(i).text(QAccessible.Text.Name) for i in range(table.childCount())]
    assert any(name.startswith("alert: ") for name in cells), cells
    assert not any(set(name) & set("▲●◆⚠✓—") for name in cells), cells
    desk.activateWindow()
    QApplication.processEvents()
    board.table.setFocus()
    assert focused() is board.table
    press(Qt.Key.Key_Tab)
    assert focused() is not board.table, "Tab stays in the table"
    names = [b.accessibleName() for b in board.banner.findChildren(QAbstractButton)]
    assert "Open Walter Nguyen" in names and "Acknowledge alert for Walter Nguyen" in names
    tab_until(lambda w: w.accessibleName() == "Open Walter Nguyen")
    ack = tab_until(lambda w: w.accessibleName() == "Acknowledge alert for Walter Nguyen")
    flag = board.rows[0].open_alerts[0]
    press(Qt.Key.Key_Space)
    row = next(iter(desk.context.db.query("SELECT * FROM flags WHERE id = ?", [flag.id])))
    assert row["acknowledged_by"] == "Nora Nurse"
    del ack
    board.table.setFocus()
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Up)
    assert board.table.currentIndex().row() == 0
    press(Qt.Key.Key_Return)
    assert station.detail is not None and station.detail.intake_id == board.rows[0].id


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_focused_answer_shows_a_clear_ring_at_the_largest_text(
    kiosk_window: MainWindow, language: str, tmp_path: Path
) -> None:
    """At 1280x800 and the largest text the focused answer of a multiple-choice page has a thick
    ring (black, or amber on a chosen answer); a picture is kept for a person to look at."""
    page = to_page_with(kiosk_window, "stimulants_recent", "extra_large", language)
    view = page.views["stimulants_recent"]
    assert isinstance(view, ChoiceView)
    tab_until(view.isAncestorOf)
    arrow_until(view.buttons["none"])
    press(Qt.Key.Key_Space)
    press(Qt.Key.Key_Up)  # focus on the answer above, unchosen; "None of these" chosen
    QApplication.processEvents()
    picture = kiosk_window.grab()
    shots = Path(tmp_path)
    picture.save(str(shots / f"focus-{language}.png"))
    for button, ring in ((focused(), QColor("#000000")),):
        corner = button.mapTo(kiosk_window, QPoint(2, button.height() // 2))
        colour = picture.toImage().pixelColor(corner * picture.devicePixelRatio())
        assert abs(colour.red() - ring.red()) < 40 and abs(colour.blue() - ring.blue()) < 40, (
            colour.name()
        )
    chosen = view.buttons["none"]
    chosen.setFocus()
    QApplication.processEvents()
    picture = kiosk_window.grab()
    picture.save(str(shots / f"focus-chosen-{language}.png"))
    corner = chosen.mapTo(kiosk_window, QPoint(2, chosen.height() // 2))
    assert picture.toImage().pixelColor(corner).name() == "#ffbf47"


def keyboard_dialog(dialog: QDialog, qtbot: Any) -> QDialog:
    """``dialog`` shown and active, as a nurse's keyboard finds it."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    QApplication.processEvents()
    return dialog


def test_the_vitals_dialog_is_filled_and_saved_by_keyboard(qtbot: Any) -> None:
    """Focus starts on the first reading; Tab goes systolic, diastolic, heart rate, SpO2, then
    Cancel and Save vitals; Enter in a field saves; a refused reading takes focus, is corrected
    by typing and Enter saves."""
    dialog = keyboard_dialog(VitalsDialog(Phase.PRE), qtbot)
    assert isinstance(dialog, VitalsDialog)
    fields = list(dialog.fields.values())
    assert focused() is fields[0]
    order = [focused()]
    for _ in range(5):
        press(Qt.Key.Key_Tab)
        order.append(focused())
    assert order[:4] == fields
    assert [w.accessibleName() for w in order[4:]] == ["Cancel", "Save vitals"]
    tab_until(lambda w: w is fields[0])
    for value in ("128", "82", "71", "9"):  # SpO2 9%: refused
        type_text(value)
        press(Qt.Key.Key_Tab)
    tab_until(lambda w: w is fields[3])
    press(Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.vitals is None
    assert focused() is fields[3] and dialog.problem.isVisible()
    press(Qt.Key.Key_End)
    press(Qt.Key.Key_Backspace)
    type_text("97")
    press(Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.vitals == Vitals(128, 82, 71, 97)


def test_the_vitals_dialog_saves_from_its_button_with_space(qtbot: Any) -> None:
    """Tab to Save vitals and Space saves what was typed; Enter on Cancel cancels."""
    dialog = keyboard_dialog(VitalsDialog(Phase.DISCHARGE), qtbot)
    assert isinstance(dialog, VitalsDialog)
    for value in ("118", "76", "64", "99"):
        type_text(value)
        press(Qt.Key.Key_Tab)
    tab_until(lambda w: w is dialog.ok_button)  # type: ignore[attr-defined]
    press(Qt.Key.Key_Space)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.vitals == Vitals(118, 76, 64, 99)
    again = keyboard_dialog(VitalsDialog(Phase.PRE), qtbot)
    tab_until(lambda w: w.accessibleName() == "Cancel")
    press(Qt.Key.Key_Return)
    assert again.result() == QDialog.DialogCode.Rejected


def test_the_discharge_dialog_is_filled_and_saved_by_keyboard(qtbot: Any) -> None:
    """Focus starts on the driver's name (prefilled, typed over); Tab to the phone, Tab to the
    driver's box and Space checks it; Enter discharges with what was typed."""
    dialog = keyboard_dialog(DischargeDialog("Sam Ride", "555-0100"), qtbot)
    assert isinstance(dialog, DischargeDialog)
    assert focused() is dialog.name
    type_text("Rosa Díaz")
    press(Qt.Key.Key_Tab)
    assert focused() is dialog.phone
    type_text("555-0199")
    press(Qt.Key.Key_Tab)
    assert focused() is dialog.present
    press(Qt.Key.Key_Space)
    assert dialog.present.isChecked()
    order = []
    for _ in range(2):
        press(Qt.Key.Key_Tab)
        order.append(focused().accessibleName())
    assert order == ["Cancel", "Discharge now"]
    tab_until(lambda w: w is dialog.present)
    press(Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.name.text(), dialog.phone.text()) == ("Rosa Díaz", "555-0199")
    assert dialog.present.isChecked()


def laid_out(heading: QWidget) -> list[QRect]:
    """Where the heading and everything beside it are (the ring itself aside)."""
    parent = heading.parentWidget()
    assert parent is not None
    return [w.geometry() for w in parent.findChildren(QWidget) if not isinstance(w, HeadingRing)]


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_focused_heading_shows_a_ring_that_moves_nothing(
    kiosk_window: MainWindow, tmp_path: Path, language: str
) -> None:
    """At 1280x800 and the largest text the heading that takes focus when Identify appears has
    a thick black ring just outside it; Tab moves focus on and the ring goes, with the heading
    and everything beside it exactly where they were (the ring is in no layout). Pictures are
    kept for a person to look at."""
    patient = KeyboardPatient(kiosk_window)
    patient.welcome(language, "extra_large")
    title = focused()
    assert isinstance(title, QLabel) and title.property("kioskRole") == "heading"
    QApplication.processEvents()
    place = laid_out(title)
    picture = kiosk_window.grab()
    picture.save(str(tmp_path / f"heading-focused-{language}.png"))
    ratio = picture.devicePixelRatio()
    middle = title.height() // 2
    ring_at = -(GAP + RING_WIDTH // 2) - 1  # the middle of the ring's stroke, left of the words
    edges = [
        title.mapTo(kiosk_window, QPoint(ring_at, middle)),
        title.mapTo(kiosk_window, QPoint(title.width() // 2, ring_at)),
    ]
    for edge in edges:
        colour = picture.toImage().pixelColor(edge * ratio)
        assert colour.lightness() < 60, colour.name()
    press(Qt.Key.Key_Tab)
    assert focused() is not title
    QApplication.processEvents()
    unfocused = kiosk_window.grab()
    unfocused.save(str(tmp_path / f"heading-unfocused-{language}.png"))
    for edge in edges:
        assert unfocused.toImage().pixelColor(edge * ratio).lightness() > 200
    assert laid_out(title) == place


def test_the_pin_prompt_takes_typed_digits_and_enter(qtbot: Any) -> None:
    """At a desk with a keyboard: the name chosen with Space, the PIN typed as digits (not
    shown), a wrong digit taken back with Backspace, letters ignored, Enter signs in."""
    dialog = keyboard_dialog(
        PinDialog([StaffChoice(1, "Nora Nurse", "nurse"), StaffChoice(2, "Ali Admin", "admin")]),
        qtbot,
    )
    assert isinstance(dialog, PinDialog)
    tab_until(lambda w: w is dialog.name_buttons[1])
    press(Qt.Key.Key_Space)
    type_text("4826139x")
    press(Qt.Key.Key_Backspace)
    assert dialog.field.text() == "482613"
    assert dialog.field.echoMode() is QLineEdit.EchoMode.Password
    press(Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.choice() == (1, "482613")
