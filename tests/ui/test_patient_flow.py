"""The patient's whole way through the real main window, in English and in Spanish."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

from kiosk.core.appointments import parse_csv
from kiosk.core.consent import sha256_hex
from kiosk.storage.appointments import import_appointments
from kiosk.ui.app import build_main_window
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.crisis import CrisisScreen
from kiosk.ui.patient.done import DoneScreen
from kiosk.ui.patient.item import ItemScreen
from kiosk.ui.patient.page import PageScreen
from kiosk.ui.patient.welcome import WelcomeScreen
from tests.helpers.kiosk_driver import KioskDriver
from tests.helpers.pdf import pdf_text
from tests.helpers.widgets import all_texts, flush_deletes
from tests.ui.conftest import close_window

BIRTH = date(1975, 3, 14)


def touch_targets_ok(screen: QWidget) -> None:
    """Every control a finger touches has a name for screen readers and is at least 48 px tall."""
    for control in [*screen.findChildren(QAbstractButton), *screen.findChildren(QLineEdit)]:
        if not control.isVisible():
            continue
        assert control.accessibleName(), (
            f"{type(control).__name__} {control.text()!r} has no accessibleName"
        )
        assert control.height() >= 48, f"{control.accessibleName()!r} is {control.height()} px tall"


def test_whole_intake_in_english(driver: KioskDriver, kiosk_window: MainWindow) -> None:
    """Welcome to Done in English: every step stored, the consent row and a PDF with the printed name."""
    driver.on_screen = touch_targets_ok
    driver.run_intake("José", "Muñoz", BIRTH)
    db = kiosk_window.context.db
    intake = next(iter(db.query("SELECT * FROM intakes")))
    assert intake["stage"] == "consent_signed"
    assert intake["completed_at"] is not None
    assert intake["language"] == "en"
    assert json.loads(intake["form_versions"]) == kiosk_window.context.forms.versions()
    consent = next(iter(db.query("SELECT * FROM consents")))
    assert consent["version"] == 1
    assert consent["printed_name"] == "José Muñoz"
    assert consent["meaning"] == "I consent to ketamine infusion treatment"
    assert consent["pdf_sha256"] == sha256_hex(consent["pdf"])
    assert consent["signature_png"].startswith(b"\x89PNG")
    text = pdf_text(consent["pdf"])
    assert "José Muñoz" in text
    assert "I consent to ketamine infusion treatment" in text
    scores = {r["instrument"]: r for r in db.query("SELECT * FROM scores")}
    assert scores["phq9"]["total"] == 0 and scores["gad7"]["severity"] == "minimal"
    steps = {r["step_key"] for r in db.query("SELECT step_key FROM steps")}
    assert "consent" in steps and "phq9:phq9_9" in steps and "gad7:gad7_7" in steps
    assert driver.screens[0] == "IdentifyScreen" and driver.screens[-1] == "DoneScreen"
    driver.finish()
    assert isinstance(driver.screen(), WelcomeScreen)


def test_whole_intake_in_spanish(driver: KioskDriver, kiosk_window: MainWindow) -> None:
    """Welcome to Done in Spanish: Spanish words on screen, the consent copy in Spanish."""
    seen: list[str] = []
    driver.on_screen = lambda screen: seen.extend(all_texts())
    driver.run_intake("María", "López", BIRTH, language="es", text_size="large")
    joined = "\n".join(seen)
    assert "¿Quién es usted?" in joined or "Fecha de nacimiento" in joined
    assert "Durante las últimas 2 semanas" in joined
    db = kiosk_window.context.db
    consent = next(iter(db.query("SELECT * FROM consents")))
    assert consent["language"] == "es"
    text = pdf_text(consent["pdf"])
    assert "María López" in text
    assert "Doy mi consentimiento" in text
    answers = list(db.query("SELECT question_text FROM answers WHERE form_id = 'phq9'"))
    assert answers and all("Poco interés" in a["question_text"] or a for a in answers)
    assert any("Poco interés" in a["question_text"] for a in answers)


def test_item_9_alert_is_stored_at_once_and_the_patient_sees_988(
    driver: KioskDriver, kiosk_window: MainWindow
) -> None:
    """PHQ-9 item 9 above 0: an alert flag is committed before the calm message with 988 shows."""
    driver.start()
    driver.identify("Ana", "Ruiz", BIRTH)
    driver.walk_pages()
    while True:
        screen = driver.screen()
        assert isinstance(screen, ItemScreen)
        instrument, index = kiosk_window.session.item()
        if instrument.items[index].id == "phq9_9":
            driver.tap(screen.answers[2])
            break
        driver.tap(screen.answers[0])
    crisis = driver.screen()
    assert isinstance(crisis, CrisisScreen)
    flags = list(kiosk_window.context.db.query("SELECT * FROM flags WHERE alert = 1"))
    assert len(flags) == 1 and flags[0]["level"] == "red" and flags[0]["source"] == "phq9"
    texts = "\n".join(all_texts())
    assert "988" in texts
    assert "nurse" in texts
    assert "can't" not in texts.lower() and "cannot" not in texts.lower()
    driver.tap(crisis.continue_button)
    screen = driver.screen()
    assert isinstance(screen, ItemScreen)
    assert kiosk_window.session.item()[0].id == "gad7"


def test_unverified_identity_goes_on_and_shows_no_other_patient(
    driver: KioskDriver, kiosk_window: MainWindow
) -> None:
    """No matching appointment: the intake goes on, marked unverified, and no booked name ever shows."""
    rows = parse_csv(
        "date,time,first_name,last_name,date_of_birth\n2026-11-21,09:00,Zelda,Quintero,1980-01-02\n"
    )
    import_appointments(kiosk_window.context.db, rows, kiosk_window.context.clock)
    driver.start()
    driver.identify("Walter", "Nguyen", BIRTH)
    assert isinstance(driver.screen(), PageScreen)
    intake = next(iter(kiosk_window.context.db.query("SELECT verified FROM intakes")))
    assert intake["verified"] == 0
    assert not any("Zelda" in t or "Quintero" in t for t in all_texts())


def test_matching_appointment_verifies_across_accents(
    driver: KioskDriver, kiosk_window: MainWindow
) -> None:
    """A booked 'Jose Munoz' matches 'josé muñoz' typed at the kiosk: verified."""
    rows = parse_csv(
        "date,time,first_name,last_name,date_of_birth\n2026-11-21,09:00,Jose,Munoz,1975-03-14\n"
    )
    import_appointments(kiosk_window.context.db, rows, kiosk_window.context.clock)
    driver.start()
    driver.identify("josé", "muñoz", BIRTH)
    intake = next(iter(kiosk_window.context.db.query("SELECT verified FROM intakes")))
    assert intake["verified"] == 1


def test_required_answer_keeps_the_patient_on_the_page(
    driver: KioskDriver, kiosk_window: MainWindow
) -> None:
    """Next with nothing answered: a plain message by the question, nothing stored, same page."""
    driver.start()
    driver.identify("Ana", "Ruiz", BIRTH)
    screen = driver.screen()
    assert isinstance(screen, PageScreen)
    before = kiosk_window.session.current.key
    driver.tap(screen.next_button)
    assert driver.screen() is screen
    assert kiosk_window.session.current.key == before
    problems = [v.problem.text() for v in screen.views.values() if v.problem.isVisible()]
    assert problems and all(p.startswith("⚠") for p in problems)
    assert not list(kiosk_window.context.db.query("SELECT * FROM answers"))


def test_identify_problems_are_shown(driver: KioskDriver) -> None:
    """A blank name or date gives a message on screen, not a crash."""
    driver.start()
    screen = driver.screen()
    driver.tap(screen.next_button)  # type: ignore[attr-defined]
    assert screen.first_problem.isVisible()  # type: ignore[attr-defined]
    assert screen.birth_problem.isVisible()  # type: ignore[attr-defined]


def test_back_from_the_signature_clears_it(driver: KioskDriver, kiosk_window: MainWindow) -> None:
    """Going Back from the signature page wipes the signature; the copy is not stored."""
    driver.start()
    driver.identify("Ana", "Ruiz", BIRTH)
    driver.walk_pages()
    driver.answer_items()
    driver.walk_pages()
    screen = driver.agree_to_every_section()
    screen.sign.pad.draw_stroke([(10, 10), (200, 120), (300, 40)])
    assert screen.sign.pad.has_signature()
    driver.tap(screen.sign.back_button)
    assert not screen.sign.pad.has_signature()
    assert screen.sign.pad.signature_png() == b""
    assert not list(kiosk_window.context.db.query("SELECT id FROM consents"))


def test_done_returns_to_welcome_by_itself(driver: KioskDriver, qtbot: Any) -> None:
    """After Done, the kiosk goes back to Welcome without a touch."""
    driver.run_intake("Ana", "Ruiz", BIRTH)
    done = driver.screen()
    assert isinstance(done, DoneScreen)
    done.timer.start(10)
    qtbot.waitUntil(lambda: isinstance(driver.screen(), WelcomeScreen), timeout=2000)


def test_text_size_grows_fonts_and_targets(driver: KioskDriver, kiosk_window: MainWindow) -> None:
    """Extra large text: bigger font and taller touch targets than normal."""
    screen = driver.screen()
    assert isinstance(screen, WelcomeScreen)
    normal = screen.start_button.height()
    driver.tap(screen.size_buttons["extra_large"])
    flush_deletes()
    screen.start_button.adjustSize()
    assert "font-size: 33px" in kiosk_window.styleSheet()
    assert screen.start_button.sizeHint().height() >= normal


def test_kiosk_mode_ignores_close_and_escape(qtbot: Any, data_dir: Any, clock: Any) -> None:
    """Full-screen kiosk mode: closing and Escape do nothing; the window is frameless."""
    window = build_main_window(data_dir, clock=clock, kiosk_mode=True)
    assert isinstance(window, MainWindow)
    window.show()
    qtbot.waitExposed(window)
    try:
        assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
        window.close()
        assert window.isVisible()
        qtbot.keyClick(window, Qt.Key.Key_Escape)
        assert window.isVisible()
    finally:
        close_window(window)
        flush_deletes()


@pytest.mark.parametrize("text_size", ["normal", "large", "extra_large"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_screen_fits_a_1280x800_touchscreen(
    driver: KioskDriver, kiosk_window: MainWindow, text_size: str, language: str
) -> None:
    """At every text size and language no screen asks for more than 1280x800: they scroll instead."""
    too_big: list[str] = []

    def fits(screen: QWidget) -> None:
        hint = kiosk_window.minimumSizeHint()
        if hint.width() > 1280 or hint.height() > 800:
            too_big.append(f"{type(screen).__name__}: {hint.width()}x{hint.height()}")

    driver.on_screen = fits
    driver.run_intake("Ana", "Ruiz", BIRTH, language=language, text_size=text_size)
    fits(driver.screen())
    assert not too_big


def test_stop_and_start_over_is_on_every_patient_screen_after_welcome(
    driver: KioskDriver, kiosk_window: MainWindow
) -> None:
    """The header's "Stop and start over" shows, named and finger-sized, on every screen from
    Identify to the signed copy, the calm message included; never on Welcome or Done."""
    seen: list[tuple[str, bool]] = []
    button = kiosk_window.start_over_button

    def check(screen: QWidget) -> None:
        seen.append((type(screen).__name__, button.isVisible()))
        if button.isVisible():
            assert button.accessibleName() == "Stop and start over"
            assert button.height() >= 48 and button.width() >= 200

    driver.on_screen = check
    driver.run_intake("Ana", "Ruiz", BIRTH, item_value=lambda item: 1 if item == "phq9_9" else 0)
    names = {name for name, _ in seen}
    assert {"WelcomeScreen", "IdentifyScreen", "PageScreen", "ItemScreen"} <= names
    assert {"CrisisScreen", "ConsentScreen", "DoneScreen"} <= names
    for name, visible in seen:
        assert visible is (name not in ("WelcomeScreen", "DoneScreen")), name
