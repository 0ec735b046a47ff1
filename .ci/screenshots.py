"""Screenshots of every patient screen from a real window: run under Xvfb (see README).

Usage: xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python .ci/screenshots.py OUT_DIR [en|es] [normal|large|extra_large]
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.core.clock import FakeClock
from kiosk.ui.app import build_main_window, ensure_application
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.consent import ConsentScreen
from kiosk.ui.patient.item import ItemScreen
from tests.helpers.kiosk_driver import SIGNATURE, KioskDriver


class Finger:
    """The one qtbot method the driver uses, on plain QTest."""

    @staticmethod
    def mouseClick(widget: QWidget, button: Qt.MouseButton) -> None:
        QTest.mouseClick(widget, button)
        QApplication.processEvents()


def main() -> int:
    out = Path(sys.argv[1])
    language = sys.argv[2] if len(sys.argv) > 2 else "en"
    size = sys.argv[3] if len(sys.argv) > 3 else "normal"
    out.mkdir(parents=True, exist_ok=True)
    app = ensure_application()
    window = build_main_window(Path(tempfile.mkdtemp()), clock=FakeClock())
    assert isinstance(window, MainWindow)
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    driver = KioskDriver(window, Finger())
    count = 0

    def shot(name: str) -> None:
        nonlocal count
        app.processEvents()
        QTest.qWait(50)
        count += 1
        window.grab().save(str(out / f"{language}-{size}-{count:02d}-{name}.png"))

    welcome = driver.screen()
    driver.tap(welcome.language_buttons[language])  # type: ignore[attr-defined]
    driver.tap(welcome.size_buttons[size])  # type: ignore[attr-defined]
    shot("welcome")
    driver.tap(driver.screen().start_button)  # type: ignore[attr-defined]
    screen = driver.screen()
    screen.first_name.setText("José")  # type: ignore[attr-defined]
    screen.last_name.setText("Muñoz")  # type: ignore[attr-defined]
    screen.birth_date.type_digits("14031975" if language == "es" else "03141975")  # type: ignore[attr-defined]
    shot("identify")
    window.ask_start_over()
    shot("start-over")
    driver.tap(window.start_over_card.keep_button)
    driver.tap(screen.next_button)  # type: ignore[attr-defined]
    while not isinstance(driver.screen(), ItemScreen):
        shot(f"page-{window.session.current.id}")
        driver.fill_page()
    shot("phq9-item")
    while isinstance(driver.screen(), ItemScreen):
        screen = driver.screen()
        instrument, index = window.session.item()
        item = instrument.items[index].id
        driver.tap(screen.answers[1 if item == "phq9_9" else 0])  # type: ignore[attr-defined]
        if item == "phq9_9":
            shot("calm-message")
            driver.tap(driver.screen().continue_button)  # type: ignore[attr-defined]
    while not isinstance(driver.screen(), ConsentScreen):
        shot(f"page-{window.session.current.id}")
        driver.fill_page()
    consent = driver.screen()
    assert isinstance(consent, ConsentScreen)
    shot("consent-read")
    for button in consent.read.agree_buttons.values():
        driver.tap(button)
    driver.tap(consent.read.next_button)
    consent.sign.pad.draw_stroke(SIGNATURE)
    shot("consent-sign")
    driver.tap(consent.sign.next_button)
    shot("consent-copy")
    driver.tap(consent.review.next_button)
    shot("done")
    window.idle.poll()
    window.overlay.warn(27)
    shot("idle-warning")
    window.show_front_desk(sqlite3.OperationalError("database or disk is full"), "screenshot")
    shot("front-desk")
    window.allow_close = True
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
