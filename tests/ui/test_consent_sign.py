"""The sign screen's other ways to sign (a typed name, a staff witness), the clinic's switches,
and the signed copy's text beside its pictures."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QCheckBox

from kiosk.core.clock import FakeClock
from kiosk.core.staff import Role
from kiosk.documents.consent_pdf import format_signed_at
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.consent import ConsentScreen
from kiosk.ui.patient.done import DoneScreen
from tests.helpers.accessible_names import what_is_wrong
from tests.helpers.kiosk_driver import SIGNATURE, KioskDriver
from tests.helpers.station import NURSE_PIN, add_member, answer_pins, sign_in
from tests.helpers.widgets import flush_deletes

pytestmark = pytest.mark.usefixtures("cheap_pins")

BIRTH = date(1975, 3, 14)


def to_sign(driver: KioskDriver, language: str = "en", text_size: str = "normal") -> ConsentScreen:
    """Welcome to the sign screen with safe answers, as José Muñoz."""
    return driver.to_sign("José", "Muñoz", BIRTH, language, text_size)


def words(text: str) -> str:
    return " ".join(text.split())


def test_the_sign_screen_offers_both_other_ways(driver: KioskDriver) -> None:
    """Beside the pad: "Sign by typing my name" and "Ask a staff member to witness", named as
    they read; the pad, Clear and Next as before."""
    screen = to_sign(driver)
    sign = screen.sign
    assert sign.typed_button is not None and sign.witness_button is not None
    assert sign.typed_button.isVisible() and sign.witness_button.isVisible()
    assert (
        sign.typed_button.text() == sign.typed_button.accessibleName() == "Sign by typing my name"
    )
    assert sign.witness_button.accessibleName() == "Ask a staff member to witness"
    assert sign.pad.isVisible() and sign.clear_button.isVisible()
    assert not sign.typed.isVisible() and not sign.draw_button.isVisible()
    assert not sign.next_button.isEnabled()  # drawing: Next waits for the ink, as before


def test_typed_is_refused_in_words_until_the_name_and_the_tick(
    driver: KioskDriver, kiosk_window: MainWindow, clock: FakeClock
) -> None:
    """Typed: Next with no name, with digits only, or without the tick stays and says why; with
    both the copy is made, its text (read from the PDF) has the name, the method and the time,
    and certifying stores a typed consent with no picture."""
    screen = to_sign(driver)
    sign = screen.sign
    assert sign.typed_button is not None
    driver.tap(sign.typed_button)
    assert sign.typed.isVisible() and not sign.pad.isVisible() and not sign.clear_button.isVisible()
    assert sign.draw_button.isVisible() and not sign.typed_button.isVisible()
    field = sign.typed.name
    assert field.accessibleName() == "Your full name, typed as your signature"
    tick = sign.typed.attest
    assert isinstance(tick, QCheckBox)
    assert tick.text() == tick.accessibleName() == "Typing my name here is my signature"
    assert sign.next_button.isEnabled()
    for name, ticked, problem in (
        ("", True, "Please type your full name as your signature."),
        ("12 34", True, "Please type your name in letters as your signature."),
        ("José Muñoz", False, "Please tick “Typing my name here is my signature”."),
    ):
        field.setText(name)
        tick.setChecked(ticked)
        driver.tap(sign.next_button)
        assert screen.stack.currentWidget() is sign
        assert sign.problem.isVisible() and sign.problem.text() == "⚠ " + problem
    tick.setChecked(True)
    driver.see_copy(screen)
    assert screen.stack.currentWidget() is screen.review
    text = words(screen.review.text.toPlainText())
    assert screen.review.text.isReadOnly()
    assert screen.review.text.accessibleName() == "Your signed copy as text"
    assert "Printed name: José Muñoz" in text
    assert "Signed by typing their name: José Muñoz (typed signature)" in text
    assert "Signature method: typed name" in text
    assert words(format_signed_at(clock.local_now(), "en")) in text
    assert "I consent to ketamine infusion treatment" in text
    driver.tap(screen.review.next_button)
    assert isinstance(driver.screen(), DoneScreen)
    (row,) = kiosk_window.context.db.query(
        "SELECT signature_method, typed_name, length(signature_png) AS png FROM consents"
    )
    assert row == {"signature_method": "typed", "typed_name": "José Muñoz", "png": 0}


def test_back_to_drawing_is_drawing_as_before(
    driver: KioskDriver, kiosk_window: MainWindow
) -> None:
    """From typed back to "Draw my signature instead": the pad, ink, Next; stored as drawn."""
    screen = to_sign(driver)
    sign = screen.sign
    assert sign.typed_button is not None
    driver.tap(sign.typed_button)
    driver.tap(sign.draw_button)
    assert sign.pad.isVisible() and not sign.typed.isVisible() and not sign.next_button.isEnabled()
    sign.pad.draw_stroke(SIGNATURE)
    driver.see_copy(screen)
    assert "Signature method: drawn on the screen" in words(screen.review.text.toPlainText())
    driver.tap(screen.review.next_button)
    (row,) = kiosk_window.context.db.query("SELECT signature_method, signature_png FROM consents")
    assert row["signature_method"] == "drawn" and row["signature_png"].startswith(b"\x89PNG")


def test_a_staff_member_witnesses_with_their_pin(
    driver: KioskDriver,
    kiosk_window: MainWindow,
    more_windows: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Witnessed: Next first says a staff member must sign in; a wrong PIN is counted and asked
    again; the right one names the witness, who must still tick that they witnessed it; the
    consent is stored with the staff member, and the nurse's detail says so in words."""
    nurse = add_member(kiosk_window, "Nora Nurse", Role.NURSE, NURSE_PIN)
    screen = to_sign(driver)
    sign = screen.sign
    assert sign.witness_button is not None and sign.witness is not None
    driver.tap(sign.witness_button)
    assert sign.witness.isVisible() and not sign.pad.isVisible()
    driver.tap(sign.next_button)
    assert sign.problem.text() == "⚠ A staff member must sign in to witness your consent."
    prompts = answer_pins(monkeypatch, [(nurse.id, "000000"), (nurse.id, NURSE_PIN)])
    driver.tap(sign.witness.staff_button)
    assert prompts.messages[0] == "Sign in to witness this patient's consent."
    assert "Wrong PIN" in prompts.messages[1]
    assert sign.witness.who.text() == "Witness: Nora Nurse"
    driver.tap(sign.next_button)
    assert screen.stack.currentWidget() is sign
    assert "I, Nora Nurse, witnessed this patient's consent" in sign.problem.text()
    assert (
        sign.witness.confirm.accessibleName() == "I, Nora Nurse, witnessed this patient's consent"
    )
    sign.witness.confirm.setChecked(True)
    driver.see_copy(screen)
    text = words(screen.review.text.toPlainText())
    assert f"Signed with a staff member as witness: Nora Nurse (staff no. {nurse.id})" in text
    driver.tap(screen.review.next_button)
    (row,) = kiosk_window.context.db.query(
        "SELECT signature_method, witness_staff_id, witness_name FROM consents"
    )
    assert row == {
        "signature_method": "witnessed",
        "witness_staff_id": nurse.id,
        "witness_name": "Nora Nurse",
    }
    desk = more_windows()
    station = sign_in(desk, monkeypatch, nurse, NURSE_PIN)
    detail = station.open_intake(station.board.rows[0].id)
    assert detail.signature_method.text() == "Signed with a staff member as witness: Nora Nurse"


def test_a_cancelled_witness_changes_nothing(
    driver: KioskDriver, kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel at the PIN: no witness, Next still refused in words."""
    add_member(kiosk_window, "Nora Nurse", Role.NURSE, NURSE_PIN)
    sign = to_sign(driver).sign
    assert sign.witness_button is not None and sign.witness is not None
    driver.tap(sign.witness_button)
    answer_pins(monkeypatch, [None])
    driver.tap(sign.witness.staff_button)
    assert sign.witness.witness() is None and not sign.witness.who.isVisible()
    driver.tap(sign.next_button)
    assert sign.problem.isVisible()


@pytest.mark.parametrize(("typed", "witnessed"), [(False, True), (True, False), (False, False)])
def test_the_clinic_switches_the_ways_off(
    forms_copy: Path,
    more_windows: Callable[..., MainWindow],
    qtbot: Any,
    typed: bool,
    witnessed: bool,
) -> None:
    """[consent] typed_signature / witnessed_signature = false: that button is not there."""
    settings = forms_copy / "settings.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        .replace("typed_signature = true", f"typed_signature = {str(typed).lower()}")
        .replace("witnessed_signature = true", f"witnessed_signature = {str(witnessed).lower()}"),
        encoding="utf-8",
    )
    window = more_windows(forms_copy, beside=False)
    sign = to_sign(KioskDriver(window, qtbot)).sign
    assert (sign.typed_button is not None) is typed
    assert (sign.witness_button is not None) is witnessed
    assert sign.pad.isVisible()


@pytest.mark.parametrize(
    ("language", "text_size"),
    [("en", "normal"), ("es", "normal"), ("en", "extra_large"), ("es", "extra_large")],
)
def test_screenshots_of_typed_signing(
    driver: KioskDriver,
    kiosk_window: MainWindow,
    qtbot: Any,
    tmp_path: Path,
    language: str,
    text_size: str,
) -> None:
    """The sign screen in typed mode at 1280x800 (saved in $SIGN_SCREENSHOTS when set), and the
    signed copy with its text; nothing asks for more than the screen."""
    folder = Path(os.environ.get("SIGN_SCREENSHOTS") or tmp_path)
    screen = to_sign(driver, language, text_size)
    sign = screen.sign
    assert sign.typed_button is not None
    driver.tap(sign.typed_button)
    sign.typed.name.setText("José Muñoz")
    sign.typed.attest.setChecked(True)
    flush_deletes()
    qtbot.wait(200)  # laid out as the event loop would have it before a paint
    hint = kiosk_window.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 800
    assert kiosk_window.grab().save(str(folder / f"sign-typed-{language}-{text_size}.png"))
    driver.see_copy(screen)
    said = {
        "en": "Signed by typing their name: José Muñoz",
        "es": "Firmó escribiendo su nombre: José Muñoz",
    }
    assert said[language] in words(screen.review.text.toPlainText())  # the patient's language
    QApplication.processEvents()
    qtbot.wait(200)
    assert kiosk_window.grab().save(str(folder / f"signed-copy-{language}-{text_size}.png"))
    review = screen.review
    review.scroll_area.verticalScrollBar().setValue(review.text_heading.y() - 16)
    QApplication.processEvents()
    qtbot.wait(200)
    assert review.text_heading.visibleRegion().boundingRect().height() > 0
    assert kiosk_window.grab().save(str(folder / f"signed-copy-text-{language}-{text_size}.png"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_way_and_the_copy_speak_their_visible_words(
    driver: KioskDriver, kiosk_window: MainWindow, language: str
) -> None:
    """On the sign screen drawn, typed and witnessed, and on the signed copy, every focusable
    control has a name, and a button's spoken name holds its visible words (a voice control
    user says "See my signed copy" or "This is my signature" as they read it)."""
    screen = to_sign(driver, language)
    sign = screen.sign
    wrong = what_is_wrong(screen)
    assert sign.typed_button is not None and sign.witness_button is not None
    driver.tap(sign.witness_button)
    wrong += what_is_wrong(screen)
    driver.tap(sign.typed_button)
    sign.typed.name.setText("José Muñoz")
    sign.typed.attest.setChecked(True)
    wrong += what_is_wrong(screen)
    driver.see_copy(screen)
    assert screen.review.isVisible()
    wrong += what_is_wrong(screen)
    assert not wrong, sorted(set(wrong))
    certify = screen.review.next_button
    assert certify.accessibleName() == certify.text()
    assert (
        certify.accessibleDescription()
        == {
            "en": "I certify this is my signed consent",
            "es": "Certifico que este es mi consentimiento firmado",
        }[language]
    )


@pytest.mark.parametrize("text_size", ["normal", "extra_large"])
def test_the_ways_to_sign_never_cut_their_words(driver: KioskDriver, text_size: str) -> None:
    """Side by side where they fit; stacked at the largest size in Spanish; either way each
    button is at least as wide as its words."""
    screen = to_sign(driver, "es", text_size)
    sign = screen.sign
    assert sign.typed_button is not None
    driver.tap(sign.typed_button)
    QApplication.processEvents()
    shown = [b for b in (sign.draw_button, sign.witness_button) if b is not None]
    for button in shown:
        assert button.isVisible()
        assert button.width() >= button.sizeHint().width(), button.text()
    tops = {b.geometry().top() for b in shown}
    assert len(tops) == (2 if text_size == "extra_large" else 1)
