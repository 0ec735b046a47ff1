"""Controls that say what they are and do, through Qt's accessibility interface (what AT-SPI
serves to Orca and switch access): roles, groups, default actions, names, refusals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QAccessible, QAccessibleActionInterface
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui import theme
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.identify import IdentifyScreen
from kiosk.ui.patient.item import ItemScreen
from kiosk.ui.patient.page import PageScreen
from kiosk.ui.patient.questions import ChoiceView, HoursView, QuestionView
from kiosk.ui.patient.welcome import WelcomeScreen
from kiosk.ui.resources import I18N_DIR
from kiosk.ui.staff.labels import spoken_level
from kiosk.ui.widgets.accessible import announcer
from kiosk.ui.widgets.number_pad import NumberPad
from tests.helpers.accessible_names import what_is_wrong
from tests.helpers.kiosk_driver import KioskDriver

BIRTH = date(1975, 3, 14)
SYMBOLS = set("✓—▲⚠.●◆⌫⋯")


def interface(widget: QWidget) -> Any:
    """The accessible interface Qt gives assistive technology for ``widget``."""
    found = QAccessible.queryAccessibleInterface(widget)
    assert found is not None and found.isValid()
    return found


def default_action(widget: QWidget) -> None:
    """What a screen reader's "activate" or a switch's select does: the first action."""
    actions = interface(widget).actionInterface()
    assert actions is not None
    names = actions.actionNames()
    assert names, "no action"
    actions.doAction(names[0])
    QApplication.processEvents()


def to_page(driver: KioskDriver, qid: str, language: str = "en") -> PageScreen:
    """Touch on to the checklist page that asks ``qid``."""
    driver.start(language)
    driver.identify("Ana", "Ruiz", BIRTH, language)
    while True:
        page = driver.screen()
        assert isinstance(page, PageScreen)
        if qid in page.views:
            return page
        driver.fill_page()


@pytest.fixture(params=[False, True], ids=["reader-later", "reader-running"])
def reader_running(request: pytest.FixtureRequest) -> Iterator[bool]:
    """Assistive technology off while the kiosk builds its screens (asked only afterwards), or
    already on, as under a running screen reader: then Qt makes a widget's stock interface at
    its first name change, and the kiosk's own must still be the one served."""
    was = QAccessible.isActive()
    QAccessible.setActive(request.param)
    yield request.param
    QAccessible.setActive(was)


def test_the_default_action_of_a_language_and_a_text_size_does_what_a_touch_does(
    reader_running: bool, kiosk_window: MainWindow
) -> None:
    """Activating "Español" switches the words to Spanish; "Extra large" applies the size."""
    screen = kiosk_window.current_screen()
    assert isinstance(screen, WelcomeScreen)
    default_action(screen.language_buttons["es"])
    assert kiosk_window.session.language == "es"
    assert screen.start_button.text() == "Comenzar"
    default_action(screen.size_buttons["extra_large"])
    assert kiosk_window.session.text_size == "extra_large"
    assert kiosk_window.styleSheet() == theme.stylesheet("extra_large")
    assert screen.size_buttons["extra_large"].isChecked()
    assert not screen.size_buttons["normal"].isChecked()


def test_the_default_action_of_an_item_answer_commits_it(
    reader_running: bool, kiosk_window: MainWindow, driver: KioskDriver
) -> None:
    """Activating a PHQ-9 answer stores it and moves on to the next item, as a touch does."""
    driver.start()
    driver.identify("Ana", "Ruiz", BIRTH)
    driver.walk_pages()
    item = driver.screen()
    assert isinstance(item, ItemScreen)
    assert interface(item.answers[2]).role() is QAccessible.Role.RadioButton
    first = item.title.text()
    default_action(item.answers[2])
    assert kiosk_window.session.answers["phq9"]["phq9_1"] == 2
    after = driver.screen()
    assert isinstance(after, ItemScreen)
    assert kiosk_window.session.item()[1] == 1
    assert after.title.text() not in ("", first)  # the next item, on the refilled screen
    assert not any(button.isChecked() for button in after.answers.values())


def test_answers_are_radio_buttons_or_check_boxes_in_a_group_named_by_the_question(
    reader_running: bool, driver: KioskDriver
) -> None:
    """One choice: radio buttons; several: check boxes; each inside a group whose name is the
    question; the default action checks and unchecks as a touch does."""
    page = to_page(driver, "benzodiazepine_today")
    single = page.views["benzodiazepine_today"]
    assert isinstance(single, ChoiceView)
    group = interface(single)
    assert group.role() is QAccessible.Role.Grouping
    assert group.text(QAccessible.Text.Name) == single.text.text()
    yes = interface(single.buttons["yes"])
    assert yes.role() is QAccessible.Role.RadioButton
    assert yes.parent().text(QAccessible.Text.Name) == single.text.text()
    assert yes.text(QAccessible.Text.Name) == "Yes"
    default_action(single.buttons["no"])
    assert single.value() == "no" and interface(single.buttons["no"]).state().checked
    driver.fill_page()
    page = driver.screen()
    assert isinstance(page, PageScreen)
    multi = page.views["stimulants_recent"]
    assert isinstance(multi, ChoiceView)
    none = multi.buttons["none"]
    assert interface(none).role() is QAccessible.Role.CheckBox
    assert interface(none).actionInterface().actionNames()[0] == (
        QAccessibleActionInterface.toggleAction()
    )
    default_action(none)
    assert multi.value() == ["none"]
    default_action(none)
    assert multi.value() == []


def test_a_refused_next_is_an_alert_and_marks_the_question_invalid(
    driver: KioskDriver,
) -> None:
    """Next with a question unanswered: its problem is announced as an alert, the question's
    group is invalid and describes the problem; answered, it is valid again."""
    page = to_page(driver, "stimulants_recent")
    said: list[tuple[str, str]] = []
    announcer().announced.connect(lambda kind, text: said.append((kind, text)))
    view = page.views["stimulants_recent"]
    assert not page.submit()
    alerts = [text for kind, text in said if kind == "alert"]
    assert alerts and alerts[0] == view.problem.accessibleName()
    assert "⚠" not in alerts[0]
    state = interface(view).state()
    assert state.invalid
    assert interface(view).text(QAccessible.Text.Description) == alerts[0]
    driver.tap(view.buttons["none"])  # type: ignore[attr-defined]
    assert page.submit()


def test_identify_refusals_are_alerts_on_invalid_fields(driver: KioskDriver) -> None:
    """Continue with nothing typed: each missing field's group is invalid, with an alert."""
    driver.start()
    screen = driver.screen()
    assert isinstance(screen, IdentifyScreen)
    said: list[str] = []
    announcer().announced.connect(lambda kind, text: said.append(kind))
    screen.submit()
    assert said.count("alert") == 3
    assert interface(screen.first_name.parentWidget()).state().invalid
    assert interface(screen.birth_box).state().invalid


def test_text_set_through_accessibility_is_checked_like_typed_text(driver: KioskDriver) -> None:
    """A pad's read-only box refuses text from an accessibility client; a typed field refuses a
    control character typing could not give, and keeps its length limit."""
    page = to_page(driver, "hours_since_food")
    hours = page.views["hours_since_food"]
    assert isinstance(hours, HoursView)
    box = interface(hours.field)
    box.setText(QAccessible.Text.Value, "99")
    assert hours.field.text() == ""
    editable = box.editableTextInterface()
    if editable is not None:
        editable.insertText(0, "7")
    assert hours.field.text() == ""
    hours.pad.keys["7"].click()
    assert hours.field.text() == "7"
    driver.window.wipe()
    driver.start()
    screen = driver.screen()
    assert isinstance(screen, IdentifyScreen)
    name = interface(screen.first_name)
    name.setText(QAccessible.Text.Value, "Ana")
    assert screen.first_name.text() == "Ana"
    name.setText(QAccessible.Text.Value, "Ana\nDROP")
    assert screen.first_name.text() == "Ana"
    name.setText(QAccessible.Text.Value, "x" * 500)
    assert len(screen.first_name.text()) == 200


def test_two_pads_on_a_page_are_named_for_their_fields(driver: KioskDriver) -> None:
    """The fasting page's two hour pads are groups named for their questions; the date pad is
    named for the box it fills and follows the box."""
    page = to_page(driver, "hours_since_food")
    pads = [p for p in page.findChildren(NumberPad) if p.isVisible()]
    names = [interface(p).text(QAccessible.Text.Name) for p in pads]
    assert len(pads) == 2 and len(set(names)) == 2 and all(names)
    assert interface(pads[0]).role() is QAccessible.Role.Grouping
    assert interface(pads[0].keys["."]).text(QAccessible.Text.Name) == "Decimal point"
    driver.window.wipe()
    driver.start()
    screen = driver.screen()
    assert isinstance(screen, IdentifyScreen)
    pad = screen.birth_date.pad
    assert interface(pad).text(QAccessible.Text.Name) == "Date of birth: month"
    screen.birth_date.type_digits("03")
    assert interface(pad).text(QAccessible.Text.Name) == "Date of birth: day"


def test_every_control_on_every_screen_speaks_a_name(driver: KioskDriver) -> None:
    """From Welcome to Done: every focusable control has a name, no name is a bare symbol and a
    button's name holds its visible words (a voice control user says what they see)."""
    wrong: list[str] = []
    driver.on_screen = lambda screen: wrong.extend(what_is_wrong(screen))
    driver.run_intake("Ana", "Ruiz", BIRTH, item_value=lambda item: 1 if item == "phq9_9" else 0)
    wrong.extend(what_is_wrong(driver.screen()))
    assert not wrong, sorted(set(wrong))


def spanish_has(context: str, source: str) -> bool:
    """Whether the shipped Spanish translation has this text yet."""
    translator = QTranslator()
    assert translator.load(str(I18N_DIR / "kiosk_es.qm"))
    return bool(translator.translate(context, source))


def test_names_are_in_the_patients_language(driver: KioskDriver) -> None:
    """In Spanish the pads, the decimal point and the flag words are Spanish."""
    driver.start("es")
    screen = driver.screen()
    assert isinstance(screen, IdentifyScreen)
    assert interface(screen.birth_date.pad).text(QAccessible.Text.Name) == (
        "Fecha de nacimiento: día"
    )
    assert QCoreApplication.translate("NumberPad", "Decimal point") == "Punto decimal"
    assert spoken_level("red", False) == "indicador rojo"
    assert spoken_level("red", True) == "alerta"


def test_question_groups_have_names_in_english(driver: KioskDriver) -> None:
    """Each question on a page is a group named by its question, described by its hint."""
    page = to_page(driver, "hours_since_food")
    for view in page.findChildren(QuestionView):
        if view.isVisible():
            assert interface(view).text(QAccessible.Text.Name) == view.text.text()
