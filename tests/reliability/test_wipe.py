"""The wipe: after completion, the idle timeout or "Stop and start over", nothing of the patient
is left in any widget, undo history, picture, signature pad, the clipboard or the session.

A real intake is driven with distinctive text (names and answers typed key by key, so fields
have an undo history; a name copied to the clipboard; a drawn signature; the signed copy on
screen), then every live widget of the application is walked (tests/helpers/widgets.py),
right after the wipe and again once the old screens are deleted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from kiosk.core.clock import FakeClock
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.consent import ConsentScreen
from kiosk.ui.patient.identify import IdentifyScreen
from kiosk.ui.patient.page import PageScreen
from kiosk.ui.patient.questions import TextView
from kiosk.ui.patient.welcome import WelcomeScreen
from tests.helpers.kiosk_driver import SIGNATURE, KioskDriver
from tests.helpers.widgets import flush_deletes, patient_traces
from tests.ui import conftest as ui_conftest

# The GUI fixtures of tests/ui: the real window on a temp data folder and a finger on it, and
# the checks for leaked windows and unanswered dialogs.
kiosk_window = ui_conftest.kiosk_window
driver = ui_conftest.driver
_no_leaked_windows = ui_conftest._no_leaked_windows
_no_unanswered_dialogs = ui_conftest._no_unanswered_dialogs

FIRST, LAST = "Philippa", "Xylander-Ørsted"
BIRTH = date(1947, 9, 3)
DETAIL = "Quokkazepam 2 mg at dawn"
DRIVER, PHONE = "Bartholomew Quince", "(555) 013-7788"
ANSWERS = {
    "benzodiazepine_today": "yes",
    "benzodiazepine_detail": DETAIL,
    "has_ride": "yes",
    "driver_name": DRIVER,
    "driver_phone": PHONE,
}
SECRETS = (
    FIRST,
    LAST,
    "Xylander",
    "Ørsted",
    "Quokkazepam",
    "Bartholomew",
    "Quince",
    "013-7788",
    "1947",
    "September 3",
    "septiembre",
)


def identify_by_keys(driver: KioskDriver, qtbot: Any, language: str = "en") -> None:
    """Type the name key by key (fields keep an undo history), copy the last name, Continue."""
    screen = driver.screen()
    assert isinstance(screen, IdentifyScreen)
    qtbot.keyClicks(screen.first_name, FIRST)
    qtbot.keyClicks(screen.last_name, LAST)
    assert screen.last_name.text() == LAST and screen.last_name.isUndoAvailable()
    screen.last_name.selectAll()
    screen.last_name.copy()  # the clipboard (and on X11 the selection) now holds the name
    digits = "03091947" if language == "es" else "09031947"
    screen.birth_date.type_digits(digits)
    assert screen.birth_date.value() == BIRTH
    driver.tap(screen.next_button)


def fill_pages(driver: KioskDriver) -> None:
    """Answer pages while pages show, with the distinctive answers where they apply."""
    while isinstance(driver.screen(), PageScreen):
        driver.fill_page(ANSWERS)


def assert_wiped(window: MainWindow, driver: KioskDriver) -> None:
    """Welcome, and no trace of the patient: first right after the wipe, while the old screen
    waits for deletion, then once it is gone; the session holds nobody."""
    assert isinstance(driver.screen(), WelcomeScreen)
    assert patient_traces(SECRETS) == []
    flush_deletes()
    assert patient_traces(SECRETS) == []
    session = window.session
    assert not session.started and session.identity is None
    assert session.answers == {} and session.confirmed == set()
    assert not window.overlay.isVisible() and not window.start_over_card.isVisible()
    assert not window.start_over_button.isVisible()


def test_the_walker_finds_what_a_wipe_must_remove(driver: KioskDriver, qtbot: Any) -> None:
    """Mid-intake the walker does see the names, the undo history, the clipboard, the ink and
    the signed copy's pictures: a clean result after a wipe means something."""
    driver.start()
    identify_by_keys(driver, qtbot)
    fill_pages(driver)
    driver.answer_items()
    fill_pages(driver)
    screen = driver.agree_to_every_section()
    screen.sign.pad.draw_stroke(SIGNATURE)
    qtbot.keyClicks(screen.sign.printed_name, " Jr")
    driver.see_copy(screen)
    found = "\n".join(patient_traces(SECRETS))
    for trace in ("Xylander", "an undo history", "the clipboard", "ink", "a picture"):
        assert trace in found, trace
    assert "Quince" not in found  # confirmed pages are gone already


def test_after_completion(
    driver: KioskDriver, kiosk_window: MainWindow, qtbot: Any, tally: Any
) -> None:
    """A whole intake (typed names, answers, a drawn signature) to Done, then Finish: nothing
    of the patient anywhere."""
    driver.start()
    identify_by_keys(driver, qtbot)
    fill_pages(driver)
    driver.answer_items()
    fill_pages(driver)
    driver.sign_consent()
    assert patient_traces(SECRETS)  # the name is still on the clipboard
    driver.finish()
    assert_wiped(kiosk_window, driver)
    stored = {
        r["question_id"]: r["value"] for r in kiosk_window.context.db.query("SELECT * FROM answers")
    }
    assert DETAIL in stored["benzodiazepine_detail"] and DRIVER in stored["driver_name"]
    tally.add("wipes checked")


def test_after_idle_timeout_on_the_signed_copy(
    driver: KioskDriver, kiosk_window: MainWindow, clock: FakeClock, qtbot: Any, tally: Any
) -> None:
    """In Spanish, walking away while the signed copy shows (pictures of the name and the
    signature, the printed name typed): after the warning, nothing of the patient anywhere, and
    the kiosk is back in English."""
    driver.start("es")
    identify_by_keys(driver, qtbot, "es")
    fill_pages(driver)
    driver.answer_items()
    fill_pages(driver)
    screen = driver.agree_to_every_section()
    assert isinstance(screen, ConsentScreen)
    screen.sign.pad.draw_stroke(SIGNATURE)
    qtbot.keyClicks(screen.sign.printed_name, " Jr")
    driver.see_copy(screen)
    assert screen.review.pages.count() >= 1
    settings = kiosk_window.context.forms.settings.kiosk
    clock.advance(settings.idle_timeout_seconds + 1)
    kiosk_window.idle.poll()
    assert kiosk_window.overlay.isVisible()
    clock.advance(settings.idle_warning_seconds)
    kiosk_window.idle.poll()
    assert_wiped(kiosk_window, driver)
    assert kiosk_window.translations.language == "en"
    assert not list(kiosk_window.context.db.query("SELECT id FROM consents"))
    tally.add("wipes checked")


def test_after_stop_and_start_over(
    driver: KioskDriver, kiosk_window: MainWindow, qtbot: Any, tally: Any
) -> None:
    """Typing an answer (not yet confirmed), copying it, then "Stop and start over": nothing of
    the patient anywhere; the confirmed page is kept and the same patient resumes at the page
    they stopped on."""
    driver.start()
    identify_by_keys(driver, qtbot)
    driver.fill_page()
    page = driver.screen()
    assert isinstance(page, PageScreen)
    driver.tap(page.views["benzodiazepine_today"].buttons["yes"])  # type: ignore[attr-defined]
    view = page.views["benzodiazepine_detail"]
    assert isinstance(view, TextView) and view.isVisible()
    qtbot.keyClicks(view.field, DETAIL)
    view.field.selectAll()
    view.field.copy()
    assert view.field.isUndoAvailable()
    driver.start_over()
    assert_wiped(kiosk_window, driver)
    steps = [r["step_key"] for r in kiosk_window.context.db.query("SELECT step_key FROM steps")]
    assert steps == ["checklist:fasting"]
    driver.start()
    driver.identify(FIRST, LAST, BIRTH)
    assert kiosk_window.session.current.key == "checklist:benzodiazepines"
    fresh = driver.screen()
    assert isinstance(fresh, PageScreen)
    fields = [f for f in fresh.findChildren(QLineEdit) if f.text()]
    assert fields == []  # the unconfirmed answer was never saved
    tally.add("wipes checked")


def test_keep_going_keeps_everything(
    driver: KioskDriver, kiosk_window: MainWindow, qtbot: Any
) -> None:
    """ "No, keep going" closes the question and leaves the screen exactly as it was."""
    driver.start()
    screen = driver.screen()
    assert isinstance(screen, IdentifyScreen)
    qtbot.keyClicks(screen.first_name, FIRST)
    driver.tap(kiosk_window.start_over_button)
    assert kiosk_window.start_over_card.isVisible()
    qtbot.mouseClick(kiosk_window.start_over_card.keep_button, Qt.MouseButton.LeftButton)
    assert not kiosk_window.start_over_card.isVisible()
    assert driver.screen() is screen and screen.first_name.text() == FIRST
