"""The signed copy is made (reportlab) and drawn (QtPdf) off the UI thread: "Preparing your
copy…" first, the screen and the idle guard alive meanwhile, and a wipe, Stop and start over or
Back while it is prepared leave nothing of it behind."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.core.clock import FakeClock
from kiosk.core.consent import ConsentCopy
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.consent import ConsentScreen
from kiosk.ui.patient.done import DoneScreen
from kiosk.ui.patient.pdf_view import render_pdf
from kiosk.ui.patient.welcome import WelcomeScreen
from kiosk.ui.widgets.accessible import announcer
from kiosk.ui.widgets.worker import wait_for_pool
from tests.helpers.kiosk_driver import SIGNATURE, KioskDriver
from tests.helpers.widgets import flush_deletes, patient_traces

BIRTH = date(1958, 11, 2)
FIRST, LAST = "Ottilie", "Quarrington"
WAIT = 60.0  # seconds: a guard against a hang, never a measure


@dataclass
class HeldRenderer:
    """The session's real renderer, held at a gate on the worker's thread until ``release``;
    every PDF it made, in order, and the thread it ran on."""

    original: Callable[[ConsentCopy], bytes]
    gate: threading.Event = field(default_factory=threading.Event)
    made: list[bytes] = field(default_factory=list)
    threads: list[int] = field(default_factory=list)
    started: threading.Event = field(default_factory=threading.Event)

    def __call__(self, copy: ConsentCopy) -> bytes:
        self.threads.append(threading.get_ident())
        self.started.set()
        assert self.gate.wait(WAIT), "the test never released the renderer"
        pdf = self.original(copy)
        self.made.append(pdf)
        return pdf

    def release(self) -> None:
        self.gate.set()


@pytest.fixture
def held(kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldRenderer]:
    """The window's session renders through a ``HeldRenderer`` (closed at first)."""
    session = kiosk_window.session
    renderer = HeldRenderer(session.render_copy)
    monkeypatch.setattr(session, "render_copy", renderer)
    yield renderer
    renderer.release()
    assert wait_for_pool(msecs=int(WAIT * 1000))
    QApplication.processEvents()


def to_review(driver: KioskDriver, first: str = FIRST, birth: date = BIRTH) -> ConsentScreen:
    """Welcome to the signature, signed with a finger, then "See my signed copy" touched."""
    driver.start()
    driver.identify(first, LAST, birth)
    driver.walk_pages()
    driver.answer_items()
    driver.walk_pages()
    screen = driver.agree_to_every_section()
    screen.sign.pad.draw_stroke(SIGNATURE)
    driver.tap(screen.sign.next_button)
    return screen


def finish_job() -> None:
    """Let the worker finish whatever it holds and deliver its outcome."""
    assert wait_for_pool(msecs=int(WAIT * 1000))
    QApplication.processEvents()
    flush_deletes()


def test_preparing_shows_then_the_copy(
    driver: KioskDriver, kiosk_window: MainWindow, held: HeldRenderer
) -> None:
    """While the copy is made: "Preparing your copy…" (said to assistive technology), no page,
    "This is my signature" not touchable, Back and "Stop and start over" touchable; then the
    pages and the text, and "This is my signature" certifies."""
    said: list[tuple[str, str]] = []
    announcer().announced.connect(lambda kind, words: said.append((kind, words)))
    screen = to_review(driver)
    review = screen.review
    assert screen.stack.currentWidget() is review and review.preparing
    assert review.preparing_label.isVisible()
    assert review.preparing_label.text() == "Preparing your copy…"
    assert ("alert", "Preparing your copy…") in said
    assert review.pages.count() == 0 and review.text.toPlainText() == ""
    assert not review.next_button.isEnabled()
    assert review.back_button.isVisible() and review.back_button.isEnabled()
    start_over = kiosk_window.start_over_button
    assert start_over.isVisible() and start_over.isEnabled()
    held.release()
    driver.wait_for_copy(screen)
    assert not review.preparing_label.isVisible()
    assert review.pages.count() >= 1 and f"{FIRST} {LAST}" in review.text.toPlainText()
    assert held.threads and held.threads[0] != threading.get_ident()  # made off the UI thread
    driver.tap(review.next_button)
    assert isinstance(driver.screen(), DoneScreen)


def test_the_ui_thread_is_serviced_while_the_copy_is_made(
    driver: KioskDriver, kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A timer on the UI thread keeps ticking while the worker makes and draws the copy: the
    worker, having made the PDF, sees the ticks go on before it hands the copy over (a render
    on the UI thread would never see one)."""
    session = kiosk_window.session
    original = session.render_copy
    ticks = [0]
    seen: list[tuple[int, int]] = []

    def watched(copy: ConsentCopy) -> bytes:
        before = ticks[0]
        pdf = original(copy)
        deadline = time.monotonic() + WAIT
        while ticks[0] < before + 3 and time.monotonic() < deadline:
            time.sleep(0.001)
        seen.append((before, ticks[0]))
        return pdf

    monkeypatch.setattr(session, "render_copy", watched)
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    timer.start()
    try:
        screen = to_review(driver)
        assert screen.review.preparing
        driver.wait_for_copy(screen)
    finally:
        timer.stop()
    ((before, after),) = seen
    assert after >= before + 3, "the UI thread was not serviced while the copy was made"
    assert screen.review.pages.count() >= 1


def test_the_stored_consent_is_the_pdf_shown(
    driver: KioskDriver, kiosk_window: MainWindow, held: HeldRenderer
) -> None:
    """Back while the copy is prepared drops it; signed again, the copy shown is the one
    stored, byte for byte, and its text is the text on screen."""
    screen = to_review(driver)
    driver.tap(screen.review.back_button)
    assert screen.stack.currentWidget() is screen.sign and not screen.review.preparing
    held.release()
    finish_job()
    assert screen.review.pages.count() == 0  # the dropped copy never showed
    screen.sign.pad.draw_stroke(SIGNATURE)
    driver.see_copy(screen)
    shown = screen.review.text.toPlainText()
    driver.tap(screen.review.next_button)
    assert isinstance(driver.screen(), DoneScreen)
    (row,) = kiosk_window.context.db.query("SELECT pdf FROM consents")
    assert len(held.made) == 2
    assert bytes(row["pdf"]) == held.made[-1]
    assert render_pdf(bytes(row["pdf"]), 0).text == shown


def test_an_idle_wipe_while_the_copy_is_prepared_leaves_nothing(
    driver: KioskDriver, kiosk_window: MainWindow, clock: FakeClock, held: HeldRenderer
) -> None:
    """The patient walks away while the copy is prepared: the idle guard still runs and wipes;
    when the worker finishes afterwards, nothing of the copy shows anywhere, nothing is
    stored, and nothing breaks."""
    screen = to_review(driver)
    review = weakref.ref(screen.review)
    assert screen.review.preparing
    settings = kiosk_window.context.forms.settings.kiosk
    clock.advance(settings.idle_timeout_seconds + 1)
    kiosk_window.idle.poll()
    assert kiosk_window.overlay.isVisible()
    clock.advance(settings.idle_warning_seconds)
    kiosk_window.idle.poll()
    del screen
    flush_deletes()
    assert isinstance(driver.screen(), WelcomeScreen)
    held.release()
    finish_job()
    gc.collect()
    assert review() is None  # the screen is gone; the finished job found nobody to tell
    assert patient_traces([FIRST, LAST]) == []
    assert not list(kiosk_window.context.db.query("SELECT id FROM consents"))


def test_a_wipe_between_the_copy_made_and_shown_shows_nothing(
    driver: KioskDriver, kiosk_window: MainWindow, held: HeldRenderer
) -> None:
    """The worker has finished, its copy is on its way to the screen, and the patient is wiped
    before it arrives: the screen being removed takes nothing more."""
    screen = to_review(driver)
    held.release()
    assert wait_for_pool(msecs=int(WAIT * 1000))  # made; not delivered yet
    assert screen.review.preparing
    kiosk_window.wipe()
    assert patient_traces([FIRST, LAST]) == []
    QApplication.processEvents()
    assert patient_traces([FIRST, LAST]) == []
    flush_deletes()
    assert patient_traces([FIRST, LAST]) == []


def test_stop_and_start_over_while_the_copy_is_prepared(
    driver: KioskDriver, kiosk_window: MainWindow, held: HeldRenderer, qtbot: Any
) -> None:
    """Touching "Stop and start over" while the copy is prepared: Welcome at once; the next
    patient's copy, made after the first one finished, shows only the next patient."""
    screen = to_review(driver)
    assert held.started.wait(WAIT)  # the first patient's copy is being made
    driver.start_over()
    del screen
    flush_deletes()
    assert isinstance(driver.screen(), WelcomeScreen)
    assert patient_traces([FIRST, LAST]) == []
    following = to_review(driver, "Bartholomew", date(1966, 4, 9))
    assert following.review.preparing
    held.release()
    driver.wait_for_copy(following)
    text = following.review.text.toPlainText()
    assert "Bartholomew" in text and FIRST not in text
    assert len(held.made) == 2  # the first was made, then dropped
    driver.tap(following.review.next_button)
    (row,) = kiosk_window.context.db.query("SELECT printed_name FROM consents")
    assert row["printed_name"].startswith("Bartholomew")


def test_a_copy_that_cannot_be_made_sends_the_patient_back_to_sign(
    driver: KioskDriver, kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The renderer fails on the worker: back on the sign page, which says so in words, the
    signature cleared; nothing stored."""

    def broken(_copy: ConsentCopy) -> bytes:
        raise ValueError("no fonts")

    monkeypatch.setattr(kiosk_window.session, "render_copy", broken)
    screen = to_review(driver)
    driver.wait_for_copy(screen)
    assert screen.stack.currentWidget() is screen.sign
    assert screen.sign.problem.text() == "⚠ Your copy could not be prepared. Please sign again."
    assert not screen.sign.pad.has_signature() and screen.review.pages.count() == 0
    assert not list(kiosk_window.context.db.query("SELECT id FROM consents"))
