"""Audio help: the words "Read this to me" gathers on each screen, and a real engine saying them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core.clock import FakeClock
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.identify import IdentifyScreen
from kiosk.ui.patient.item import ItemScreen
from kiosk.ui.patient.page import PageScreen
from kiosk.ui.widgets.buttons import text_label, touch_button
from kiosk.ui.widgets.read_aloud import (
    ReadAloudButton,
    Reader,
    reader,
    screen_words,
    spoken_text,
    use_reader,
)
from tests.helpers.kiosk_driver import KioskDriver
from tests.helpers.speech import SpeechServer, missing_programs, start_speech_server

BIRTH = date(1975, 3, 14)


@pytest.fixture(autouse=True)
def _own_reader() -> Iterator[None]:
    """Each test makes the kiosk's reader afresh (its engine connects where the test says)."""
    use_reader(None)
    yield
    use_reader(None)


@pytest.fixture
def speech_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SpeechServer]:
    """A real speech-dispatcher with espeak-ng for this test; the reader connects to it."""
    missing = missing_programs()
    if missing:
        pytest.skip(
            f"no speech engine: {', '.join(missing)} not installed (Debian packages "
            "speech-dispatcher and espeak-ng)"
        )
    started = start_speech_server(tmp_path / "speech")
    if isinstance(started, str):
        pytest.skip(started)
    monkeypatch.setenv("SPEECHD_ADDRESS", started.address)
    yield started
    use_reader(None)
    started.stop()


def to_identify(driver: KioskDriver, language: str) -> IdentifyScreen:
    driver.start(language)
    screen = driver.screen()
    assert isinstance(screen, IdentifyScreen)
    return screen


def to_first_page(driver: KioskDriver, language: str) -> PageScreen:
    to_identify(driver, language)
    driver.identify("Ana", "Ruiz", BIRTH, language)
    screen = driver.screen()
    assert isinstance(screen, PageScreen)
    return screen


def to_first_item(driver: KioskDriver, language: str) -> ItemScreen:
    to_first_page(driver, language)
    driver.walk_pages()
    screen = driver.screen()
    assert isinstance(screen, ItemScreen)
    return screen


# --- the words gathered -----------------------------------------------------------------------


def test_identify_words_in_english(driver: KioskDriver) -> None:
    """Identify reads its heading, what to do, each field's caption, then Back and Continue;
    the date pad's keys are not read out one by one."""
    to_identify(driver, "en")
    assert driver.window.read_button.words() == [
        "Who are you?",
        "Please type your name and date of birth as on your ID.",
        "First name",
        "Last name",
        "Date of birth",
        "Month",
        "Day",
        "Year",
        "Back",
        "Continue",
    ]


def test_identify_words_in_spanish(driver: KioskDriver) -> None:
    """The same screen in Spanish reads the Spanish words, in the Spanish date order."""
    to_identify(driver, "es")
    words = driver.window.read_button.words()
    assert words[0] == "Díganos quién es usted"
    assert words[2:8] == ["Nombre", "Apellido", "Fecha de nacimiento", "Día", "Mes", "Año"]
    assert words[-2:] == ["Atrás", "Continuar"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_page_reads_title_questions_hints_then_next(driver: KioskDriver, language: str) -> None:
    """A checklist page: its title, each visible question with its hint, then Next; never
    what the patient typed."""
    screen = to_first_page(driver, language)
    view = next(iter(screen.views.values()))
    driver.set_answer(view, "7")
    words = driver.window.read_button.words()
    assert words[0] == screen.findChildren(QLabel)[0].text()
    for view in screen.views.values():
        if view.isVisible():
            assert view.text.text() in words
    assert words[-1] == ("Next" if language == "en" else "Siguiente")
    assert "7" not in " ".join(words)
    assert words.index(next(iter(screen.views.values())).text.text()) == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_item_reads_stem_question_then_answers_in_order(driver: KioskDriver, language: str) -> None:
    """A PHQ-9 item: the stem, "Question 1 of 9", the item, then its four answers in order."""
    screen = to_first_item(driver, language)
    words = driver.window.read_button.words()
    answers = [b.accessibleName() for b in screen.answers.values()]
    assert words[-4:] == answers or words[-5:-1] == answers  # Back follows when it shows
    assert words[1] == ("Question 1 of 9" if language == "en" else "Pregunta 1 de 9")
    first = words[0]
    assert ("Over the last 2 weeks" in first) if language == "en" else ("2 semanas" in first)


def test_a_chosen_answer_is_said_to_be_chosen_and_symbols_are_not_read(qtbot: Any) -> None:
    """Tick marks, warning signs and pad keys are left out; a checked button says it is
    the patient's choice."""
    screen = QWidget()
    qtbot.addWidget(screen)
    column = QVBoxLayout(screen)
    column.addWidget(text_label("⚠ Please answer this question"))
    column.addWidget(text_label("✓"))
    chosen = touch_button("✓  Yes", checkable=True, accessible="Yes")
    chosen.setChecked(True)
    column.addWidget(chosen)
    column.addWidget(touch_button("No", checkable=True))
    column.addWidget(touch_button("7"))
    hidden = text_label("Not shown")
    hidden.hide()
    column.addWidget(hidden)
    assert screen_words(screen) == ["Please answer this question", "Yes, your choice", "No"]
    assert spoken_text(["Is it?", "Yes", "No"]) == "Is it? Yes. No."


def test_the_button_is_on_every_patient_screen_and_reads_only_the_screen(
    driver: KioskDriver,
) -> None:
    """The header's button shows on every patient screen from Welcome to Done, named and
    finger-sized; what it reads is the screen alone: never its own words, the clinic's name
    or "Stop and start over"."""
    seen: list[str] = []
    button = driver.window.read_button

    def check(screen: QWidget) -> None:
        seen.append(type(screen).__name__)
        assert button.isVisible()
        assert button.height() >= 48 and button.accessibleName() == button.text()
        words = button.words()
        assert words, type(screen).__name__
        assert "Read this to me" not in words and "Stop and start over" not in words
        assert driver.window.clinic_label.text() not in words

    driver.on_screen = check
    driver.run_intake("Ana", "Ruiz", BIRTH, item_value=lambda item: 1 if item == "phq9_9" else 0)
    check(driver.screen())
    assert {"WelcomeScreen", "IdentifyScreen", "PageScreen", "ItemScreen"} <= set(seen)
    assert {"CrisisScreen", "ConsentScreen", "DoneScreen"} <= set(seen)
    assert isinstance(button, ReadAloudButton)


# --- no engine, a failing engine ---------------------------------------------------------------


def test_without_an_engine_the_button_is_hidden(qtbot: Any) -> None:
    """A kiosk with no speech engine at all shows no audio button, and a touch does nothing."""
    use_reader(Reader(engine="no-such-engine"))
    screen = QWidget()
    qtbot.addWidget(screen)
    column = QVBoxLayout(screen)
    column.addWidget(text_label("Who are you?"))
    button = ReadAloudButton(lambda: screen)
    column.addWidget(button)
    screen.show()
    assert not button.isVisible()
    button.click()
    assert not reader().speaking() and reader().last_text == ""


def test_an_engine_that_cannot_connect_says_audio_help_is_not_available(
    driver: KioskDriver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The speechd engine with no speech-dispatcher to reach: the touch returns at once, the
    button says audio help is not available (and cannot be touched), and the next screen's
    button says so too. Skipped when the engine's plugin itself is missing."""
    if not Reader().installed():
        pytest.skip("Qt's speechd text-to-speech plugin is not in this PySide6")
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{tmp_path / 'nobody-here.sock'}")
    to_identify(driver, "en")
    driver.window.read_button.click()
    assert reader().broken
    assert driver.window.read_button.text() == "No audio help"
    assert not driver.window.read_button.isEnabled()
    driver.identify("Ana", "Ruiz", BIRTH)
    page = driver.screen()
    assert isinstance(page, PageScreen)
    assert driver.window.read_button.text() == "No audio help"


# --- a real engine: speech-dispatcher with espeak-ng ---------------------------------------------


def heard(speech_server: SpeechServer, qtbot: Any, count: int) -> list[tuple[str, str]]:
    """Wait until the engine has been given ``count`` messages; they, in order."""
    qtbot.waitUntil(lambda: len(speech_server.said()) >= count, timeout=20000)
    return speech_server.said()


def test_real_engine_reads_a_screen_in_english_then_in_spanish(
    speech_server: SpeechServer, driver: KioskDriver, kiosk_window: MainWindow, qtbot: Any
) -> None:
    """speech-dispatcher's espeak-ng is given the screen's words, in English with an English
    voice, and after starting over in Spanish with a Spanish voice; espeak-ng makes sound."""
    to_identify(driver, "en")
    words = driver.window.read_button.words()
    driver.tap(driver.window.read_button)
    assert heard(speech_server, qtbot, 1) == [("en-us", spoken_text(words))]
    assert "Who are you?" in speech_server.said()[0][1]
    qtbot.waitUntil(lambda: driver.window.read_button.text() == "Stop reading", timeout=20000)

    driver.start_over()
    qtbot.waitUntil(lambda: not reader().speaking(), timeout=20000)
    to_identify(driver, "es")
    words = driver.window.read_button.words()
    driver.tap(driver.window.read_button)
    voice, text = heard(speech_server, qtbot, 2)[1]
    assert (voice, text) == ("es", spoken_text(words))
    assert text.startswith("Díganos quién es usted. Por favor, escriba su nombre")
    qtbot.waitUntil(lambda: speech_server.wav_bytes() > 1000, timeout=20000)


def test_real_engine_stops_on_a_second_touch_and_on_a_new_screen(
    speech_server: SpeechServer, driver: KioskDriver, kiosk_window: MainWindow, qtbot: Any
) -> None:
    """Touching the button while it reads stops the voice; so does moving to the next screen
    and the idle wipe; the button does not change the screen or the answers."""
    screen = to_identify(driver, "en")
    driver.tap(driver.window.read_button)
    qtbot.waitUntil(lambda: reader().speaking(), timeout=20000)
    assert driver.window.read_button.text() == "Stop reading"
    assert driver.window.read_button.accessibleName() == "Stop reading"
    driver.tap(driver.window.read_button)
    qtbot.waitUntil(lambda: not reader().speaking(), timeout=20000)
    assert driver.window.read_button.text() == "Read this to me"
    assert driver.screen() is screen

    driver.tap(driver.window.read_button)
    qtbot.waitUntil(lambda: reader().speaking(), timeout=20000)
    driver.identify("Ana", "Ruiz", BIRTH)
    assert isinstance(driver.screen(), PageScreen)
    qtbot.waitUntil(lambda: not reader().speaking(), timeout=20000)
    assert reader().last_text == ""

    page = driver.screen()
    assert isinstance(page, PageScreen)
    driver.tap(driver.window.read_button)
    qtbot.waitUntil(lambda: reader().speaking(), timeout=20000)
    kiosk_window.idle.expired.emit()  # the patient walked away
    qtbot.waitUntil(lambda: not reader().speaking(), timeout=20000)
    assert len(speech_server.said()) == 3


def test_no_idle_warning_while_reading_and_the_wait_starts_again_after(
    speech_server: SpeechServer,
    driver: KioskDriver,
    kiosk_window: MainWindow,
    qtbot: Any,
    clock: FakeClock,
) -> None:
    """A patient listening to a long screen is not asked "Are you still there?"; once the
    reading ends, the usual wait applies and then the warning comes."""
    timeout = kiosk_window.context.forms.settings.kiosk.idle_timeout_seconds
    to_first_page(driver, "en")
    driver.tap(driver.window.read_button)
    qtbot.waitUntil(lambda: reader().speaking(), timeout=20000)
    clock.advance(timeout + 1)
    kiosk_window.idle.poll()
    assert not kiosk_window.overlay.isVisible()
    driver.tap(driver.window.read_button)  # stop
    qtbot.waitUntil(lambda: not reader().speaking(), timeout=20000)
    clock.advance(timeout - 1)
    kiosk_window.idle.poll()
    assert not kiosk_window.overlay.isVisible()
    clock.advance(2)
    kiosk_window.idle.poll()
    assert kiosk_window.overlay.isVisible()


def test_real_engine_without_a_voice_for_the_language_says_so(
    speech_server: SpeechServer, qtbot: Any
) -> None:
    """An engine with English and Spanish voices only: a French reading is refused without a
    sound and the language is marked as having no voice; English still reads."""
    shared = reader()
    assert not shared.speak(["Bonjour"], "fr")
    assert not shared.can_speak("fr") and shared.can_speak("en")
    assert shared.speak(["Hello"], "en")
    assert heard(speech_server, qtbot, 1) == [("en-us", "Hello.")]
