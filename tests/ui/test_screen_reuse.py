"""Page and item screens are made once and refilled step after step, patient after patient; a
wipe leaves nothing they showed behind."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QApplication

from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.item import ItemScreen
from kiosk.ui.patient.page import PageScreen
from kiosk.ui.patient.questions import ChoiceView, TextView
from kiosk.ui.widgets.accessible import announcer
from tests.helpers.kiosk_driver import KioskDriver
from tests.helpers.widgets import all_texts, flush_deletes

BIRTH = date(1958, 3, 14)
SECRET = "Quetzalcoatlina 7 mg at dawn"


def test_an_item_screen_is_refilled_with_the_next_item(
    driver: KioskDriver, kiosk_window: MainWindow
) -> None:
    """The next PHQ-9 item shows on the same screen: its own heading, focused and announced,
    no answer left chosen, every answer usable; Back shows the item before with its answer."""
    said: list[str] = []
    announcer().announced.connect(lambda _kind, text: said.append(text))
    driver.start()
    driver.identify("Ana", "Ruiz", BIRTH)
    driver.walk_pages()
    item = driver.screen()
    assert isinstance(item, ItemScreen)
    first = item.title.text()
    driver.tap(item.answers[2])
    assert driver.screen() is item
    second = item.title.text()
    assert second not in ("", first)
    assert QApplication.focusWidget() is item.title
    assert said[-1] == second
    assert not any(button.isChecked() for button in item.answers.values())
    assert all(button.isEnabled() for button in item.answers.values())
    assert item.answers[2].text() == item.answers[2].accessibleName()  # no tick left over
    driver.tap(item.back_button)
    assert driver.screen() is item and item.title.text() == first
    assert item.answers[2].isChecked() and item.answers[2].text().startswith("✓")
    assert said[-1] == first


def test_a_page_screen_is_refilled_and_its_follow_ups_still_appear(
    driver: KioskDriver, kiosk_window: MainWindow
) -> None:
    """The checklist's second page shows on the first page's screen, with its own questions
    only; a follow-up appears when its answer calls for it; Back brings the first page's
    answers back."""
    driver.start()
    driver.identify("Ana", "Ruiz", BIRTH)
    page = driver.screen()
    assert isinstance(page, PageScreen)
    first_ids = set(page.views)
    first_title = page.title.text()
    driver.fill_page()
    assert driver.screen() is page
    assert page.title.text() != first_title
    assert set(page.views).isdisjoint(first_ids)
    assert QApplication.focusWidget() is page.title
    today = page.views["benzodiazepine_today"]
    detail = page.views["benzodiazepine_detail"]
    assert isinstance(today, ChoiceView) and not detail.isVisible()
    driver.tap(today.buttons["yes"])
    assert detail.isVisible()
    driver.tap(page.back_button)
    assert driver.screen() is page and set(page.views) == first_ids
    assert all(view.value() is not None for view in page.views.values())


def test_a_refill_and_a_wipe_leave_nothing_of_what_the_screens_held(
    driver: KioskDriver, kiosk_window: MainWindow
) -> None:
    """A typed answer is nowhere in the application once the page screen shows the next page;
    once the items show, the page screen waiting (hidden) for the ride-home pages holds no
    answer; a wipe empties both screens of every text and answer."""
    driver.start()
    driver.identify("Ana", "Ruiz", BIRTH)
    driver.fill_page()
    page = driver.screen()
    assert isinstance(page, PageScreen)
    today = page.views["benzodiazepine_today"]
    assert isinstance(today, ChoiceView)
    driver.tap(today.buttons["yes"])
    detail = page.views["benzodiazepine_detail"]
    assert isinstance(detail, TextView)
    detail.field.setText(SECRET)
    driver.tap(page.next_button)
    flush_deletes()
    assert driver.screen() is page
    assert not any("Quetzalcoatlina" in text for text in all_texts())
    while isinstance(driver.screen(), PageScreen):
        driver.fill_page()
    item = driver.screen()
    assert isinstance(item, ItemScreen)
    first_item = item.title.text()
    assert kiosk_window.stack.indexOf(page) >= 0 and not page.isVisible()
    assert page.views == {}  # confirmed and out of sight: its answers are gone already
    kiosk_window.wipe()
    flush_deletes()
    texts = all_texts()
    assert first_item not in texts and "Question 1 of 9" not in texts
    assert page.title.text() == "" and page.views == {}
    assert item.title.text() == "" and not any(b.text() for b in item.answers.values())
    assert not any(b.isChecked() for b in item.answers.values())


def test_the_next_patient_gets_the_same_screens_in_their_own_language(
    driver: KioskDriver, kiosk_window: MainWindow
) -> None:
    """After a wipe the page and item screens are refilled for the next patient, Back and
    Next in the language that patient chose."""
    driver.start("en")
    driver.identify("Ana", "Ruiz", BIRTH)
    page = driver.screen()
    assert isinstance(page, PageScreen) and page.next_button.text() == "Next"
    kiosk_window.wipe()
    flush_deletes()
    driver.start("es")
    driver.identify("Rosa", "Vega", BIRTH, "es")
    assert driver.screen() is page
    assert page.next_button.text() == "Siguiente" and page.back_button.text() != "Back"
    assert page.views and all(view.value() is None for view in page.views.values())
