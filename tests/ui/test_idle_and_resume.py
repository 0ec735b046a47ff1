"""Walking away: the idle warning, the wipe, and coming back to finish the same intake."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from kiosk.core.clock import FakeClock
from kiosk.storage.db import database_path, open_database
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.identify import IdentifyScreen
from kiosk.ui.patient.page import PageScreen
from kiosk.ui.patient.questions import ChoiceView
from kiosk.ui.patient.welcome import WelcomeScreen
from kiosk.ui.widgets.signature_pad import SignaturePad
from tests.helpers.kiosk_driver import SIGNATURE, KioskDriver
from tests.helpers.widgets import all_texts, flush_deletes

BIRTH = date(1961, 7, 30)
SECRET_FIRST = "Philomena"
SECRET_LAST = "Zabriskie-Ødegård"


def go_idle(window: MainWindow, clock: FakeClock, seconds: float) -> None:
    """Let ``seconds`` pass with nobody touching, then let the guard look at the clock."""
    clock.advance(seconds)
    window.idle.poll()


def test_idle_warning_then_wipe_leaves_no_patient_text(
    driver: KioskDriver, kiosk_window: MainWindow, clock: FakeClock
) -> None:
    """After the timeout a warning; after the warning every widget, the clipboard and the
    signature pad are empty of the patient, Welcome shows, and confirmed steps stay stored."""
    settings = kiosk_window.context.forms.settings.kiosk
    driver.start()
    driver.identify(SECRET_FIRST, SECRET_LAST, BIRTH)
    driver.fill_page()
    QGuiApplication.clipboard().setText(SECRET_LAST)
    screen = driver.screen()
    assert isinstance(screen, PageScreen)
    go_idle(kiosk_window, clock, settings.idle_timeout_seconds - 1)
    assert not kiosk_window.overlay.isVisible()
    go_idle(kiosk_window, clock, 2)
    assert kiosk_window.overlay.isVisible()
    assert kiosk_window.overlay.countdown.text() == str(settings.idle_warning_seconds - 1)
    assert settings.idle_warning_seconds >= 20
    go_idle(kiosk_window, clock, settings.idle_warning_seconds)
    flush_deletes()
    assert isinstance(driver.screen(), WelcomeScreen)
    assert not kiosk_window.overlay.isVisible()
    texts = "\n".join(all_texts())
    assert SECRET_FIRST not in texts and "Zabriskie" not in texts
    assert QGuiApplication.clipboard().text() == ""
    for field in kiosk_window.findChildren(QLineEdit):
        assert not field.isUndoAvailable()
    assert not kiosk_window.session.started and kiosk_window.session.answers == {}
    steps = list(kiosk_window.context.db.query("SELECT step_key FROM steps"))
    assert [s["step_key"] for s in steps] == ["checklist:fasting"]


def test_wipe_during_signature_leaves_no_signature(
    driver: KioskDriver, kiosk_window: MainWindow, clock: FakeClock
) -> None:
    """A signature drawn but not certified is gone after the idle wipe, and nothing was stored."""
    driver.start()
    driver.identify(SECRET_FIRST, SECRET_LAST, BIRTH)
    driver.walk_pages()
    driver.answer_items()
    driver.walk_pages()
    screen = driver.agree_to_every_section()
    screen.sign.pad.draw_stroke(SIGNATURE)
    settings = kiosk_window.context.forms.settings.kiosk
    go_idle(kiosk_window, clock, settings.idle_timeout_seconds + settings.idle_warning_seconds)
    flush_deletes()
    assert isinstance(driver.screen(), WelcomeScreen)
    for pad in kiosk_window.findChildren(SignaturePad):
        assert not pad.has_signature()
    assert "Zabriskie" not in "\n".join(all_texts())
    assert not list(kiosk_window.context.db.query("SELECT id FROM consents"))


def test_still_here_keeps_the_patients_place(
    driver: KioskDriver, kiosk_window: MainWindow, clock: FakeClock
) -> None:
    """Touching "I'm still here" hides the warning and keeps everything on screen."""
    driver.start()
    screen = driver.screen()
    assert isinstance(screen, IdentifyScreen)
    screen.first_name.setText(SECRET_FIRST)
    settings = kiosk_window.context.forms.settings.kiosk
    go_idle(kiosk_window, clock, settings.idle_timeout_seconds + 1)
    assert kiosk_window.overlay.isVisible()
    driver.tap(kiosk_window.overlay.button)
    assert not kiosk_window.overlay.isVisible()
    go_idle(kiosk_window, clock, settings.idle_warning_seconds + 1)
    assert driver.screen() is screen
    assert screen.first_name.text() == SECRET_FIRST


def test_touching_the_screen_resets_the_idle_timer(
    driver: KioskDriver, kiosk_window: MainWindow, clock: FakeClock, qtbot: Any
) -> None:
    """Any touch while answering counts as activity."""
    driver.start()
    settings = kiosk_window.context.forms.settings.kiosk
    go_idle(kiosk_window, clock, settings.idle_timeout_seconds - 5)
    screen = driver.screen()
    assert isinstance(screen, IdentifyScreen)
    driver.tap(screen.birth_date.pad.findChildren(type(screen.next_button))[0])
    go_idle(kiosk_window, clock, 10)
    assert not kiosk_window.overlay.isVisible()


def test_resume_the_same_day_starts_at_the_first_unconfirmed_step(
    driver: KioskDriver, kiosk_window: MainWindow, clock: FakeClock
) -> None:
    """Same name and birth date later that day (other case, no accents): the intake resumes
    where it stopped, with the earlier answers there to change."""
    driver.start()
    driver.identify("José", "Muñoz", BIRTH)
    driver.fill_page()
    driver.fill_page(
        {"benzodiazepine_today": "yes", "benzodiazepine_detail": "Ativan 1 mg at 7 am"}
    )
    stopped_at = kiosk_window.session.current.key
    settings = kiosk_window.context.forms.settings.kiosk
    go_idle(kiosk_window, clock, settings.idle_timeout_seconds + settings.idle_warning_seconds)
    flush_deletes()
    assert isinstance(driver.screen(), WelcomeScreen)
    clock.advance(600)
    driver.start()
    driver.identify("JOSE", "munoz", BIRTH)
    assert kiosk_window.session.current.key == stopped_at
    intakes = list(kiosk_window.context.db.query("SELECT id FROM intakes"))
    assert len(intakes) == 1
    page = driver.screen()
    assert isinstance(page, PageScreen)
    driver.tap(page.back_button)
    back = driver.screen()
    assert isinstance(back, PageScreen)
    view = back.views["benzodiazepine_today"]
    assert isinstance(view, ChoiceView) and view.value() == "yes"
    assert back.views["benzodiazepine_detail"].value() == "Ativan 1 mg at 7 am"


def test_each_confirmed_step_is_committed_before_the_next_screen(
    driver: KioskDriver, kiosk_window: MainWindow
) -> None:
    """When a new screen appears, another connection already reads the step that led to it."""
    path = database_path(kiosk_window.context.data_dir)
    seen: list[tuple[str, str, bool]] = []

    def check(_name: str) -> None:
        step = kiosk_window.session.current
        confirmed = kiosk_window.session.confirmed
        other = open_database(path, migrate=False, check=None)  # another connection
        try:
            stored = {r["step_key"] for r in other.query("SELECT step_key FROM steps")}
        finally:
            other.close()
        seen.append((step.key, _name, confirmed <= stored))

    kiosk_window.screen_changed.connect(check)
    driver.run_intake("Ana", "Ruiz", BIRTH)
    assert len(seen) > 20
    assert all(ok for _, _, ok in seen), [s for s in seen if not s[2]]
