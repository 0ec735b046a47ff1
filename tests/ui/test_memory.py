"""A kiosk runs for months: patient after patient leaves nothing behind in the window."""

from __future__ import annotations

import ctypes
import gc
import weakref
from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QPixmap, QPixmapCache
from PySide6.QtPdf import QPdfDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea, QScroller, QWidget
from sqlcipher3 import _sqlite3 as sqlcipher_module  # type: ignore[attr-defined]

from kiosk.core.forms import load_forms, shipped_forms_dir
from kiosk.documents.consent_pdf import render_consent
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.frame import TouchScrollArea
from kiosk.ui.patient.page import PageScreen
from kiosk.ui.patient.pdf_view import RenderedPdf, page_labels, render_pdf
from kiosk.ui.widgets.worker import LatestJob
from tests.helpers.consent import make_copy
from tests.helpers.kiosk_driver import KioskDriver
from tests.helpers.widgets import flush_deletes


def _patients(driver: KioskDriver, window: MainWindow, first: int) -> None:
    """Two patients: a whole intake in English to Done, then one in Spanish, with the largest
    text, who walks away after two checklist pages (the idle wipe)."""
    birth = date(1970, 1, 1) + timedelta(days=first)
    driver.run_intake("Ana", "Ruiz", birth, language="en")
    driver.finish()
    driver.start("es", "extra_large")
    driver.identify("Rosa", "Vega", birth + timedelta(days=1), "es")
    driver.fill_page()
    driver.fill_page()
    window.wipe()
    flush_deletes()
    gc.collect()


def _live_objects() -> Counter[str]:
    """Every QObject reachable from the application and its windows, by class."""
    app = QApplication.instance()
    assert app is not None
    seen: dict[int, QObject] = {}
    for root in [app, *QApplication.topLevelWidgets()]:
        for obj in [root, *root.findChildren(QObject)]:
            seen[id(obj)] = obj
    return Counter(type(obj).__name__ for obj in seen.values())


def _gesture_types_registered() -> int:
    """How many gesture recognizers Qt has handed out so far (each one takes a new number)."""
    probe = QWidget()
    number = QScroller.grabGesture(probe, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    QScroller.ungrabGesture(probe)
    probe.deleteLater()
    flush_deletes()
    return int(number.value)


def test_patients_leave_no_widgets_objects_or_gesture_recognizers_behind(
    driver: KioskDriver, kiosk_window: MainWindow
) -> None:
    """After a first pair of patients, four more pairs add no widget, no QObject and no
    gesture recognizer: the counts by class are the same, and the only gesture number handed
    out in between is the probe's own."""
    _patients(driver, kiosk_window, 0)
    widgets = Counter(type(w).__name__ for w in QApplication.allWidgets())
    objects = _live_objects()
    gestures = _gesture_types_registered()

    for pair in range(1, 5):
        _patients(driver, kiosk_window, pair * 10)

    assert Counter(type(w).__name__ for w in QApplication.allWidgets()) == widgets
    assert _live_objects() == objects
    assert _gesture_types_registered() == gestures + 1


def test_screens_of_past_patients_are_collected(
    driver: KioskDriver, kiosk_window: MainWindow
) -> None:
    """Every screen shown to later patients, and its Python object, is gone once they left:
    nothing (a timer's callback, a connection, a cache) keeps a past screen alive. The page
    and item screens are the exception by design: made once, refilled for every patient and
    emptied between them (tests/ui/test_screen_reuse.py)."""
    _patients(driver, kiosk_window, 0)
    screens: list[weakref.ref[QWidget]] = []

    def remember(_name: str) -> None:
        screens.append(weakref.ref(kiosk_window.current_screen()))

    kiosk_window.screen_changed.connect(remember)
    _patients(driver, kiosk_window, 10)
    kiosk_window.screen_changed.disconnect(remember)
    assert len(screens) > 10
    refilled = kiosk_window.refilled_screens()
    assert {type(screen).__name__ for screen in refilled} == {"PageScreen", "ItemScreen"}
    kept = [ref() for ref in screens[:-1]]  # the last is the Welcome screen on display now
    left = [s for s in kept if s is not None and not any(s is r for r in refilled)]
    assert [type(screen).__name__ for screen in left] == []


def _drag_up(area: QScrollArea, distance: int) -> None:
    """A finger pressed low on ``area`` and slid up, as a patient scrolls a long page."""
    viewport = area.viewport()
    window = area.window()
    handle = window.windowHandle()
    x, bottom = viewport.width() // 2, viewport.height() - 20

    def at(y: int) -> QPoint:
        return viewport.mapTo(window, QPoint(x, y))

    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(bottom))
    for y in range(bottom, bottom - distance, -10):
        QTest.mouseMove(handle, at(y))
        QTest.qWait(15)  # a finger takes time to move; QScroller follows it in steps
    QTest.mouseRelease(
        handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(bottom - distance)
    )
    QApplication.processEvents()


def test_a_finger_still_scrolls_a_screen_that_reuses_an_earlier_screens_area(
    driver: KioskDriver, kiosk_window: MainWindow, qtbot: Any
) -> None:
    """The finger-scrolled areas are lent from screen to screen: a checklist page with the
    largest text, in an area an earlier screen used, starts at the top and scrolls by a drag."""
    _patients(driver, kiosk_window, 0)
    lent_before = {id(a) for a in QApplication.allWidgets() if isinstance(a, TouchScrollArea)}
    driver.start("en", "extra_large")
    driver.identify("Ana", "Ruiz", date(1990, 5, 5), "en")
    screen = driver.screen()
    assert isinstance(screen, PageScreen)
    area = screen.scroll_area
    assert id(area) in lent_before
    bar = area.verticalScrollBar()
    assert bar.value() == 0
    assert bar.maximum() > 0, "the page should be taller than the screen at this text size"
    _drag_up(area, 300)
    qtbot.waitUntil(lambda: bar.value() > 0)


def test_signed_copies_share_one_pdf_document_per_thread(qapp: QApplication) -> None:
    """Every signed copy, drawn on the UI thread or on the documents' worker, is rendered by
    that thread's one QPdfDocument, kept for the process: QtPdf shuts its PDF library down with
    the last document and leaks on each restart. Two documents at most, however many copies."""
    pdf = render_consent(make_copy(load_forms(shipped_forms_dir()).consent))
    job = LatestJob()
    drawn: list[RenderedPdf] = []

    def counted() -> int:
        gc.collect()
        return sum(isinstance(o, QPdfDocument) for o in gc.get_objects())

    def one_of_each() -> None:
        labels = page_labels(render_pdf(pdf, 400, text=False))  # on the UI thread
        assert labels and not labels[0].pixmap().isNull()
        for label in labels:
            label.deleteLater()
        flush_deletes()
        job.start(lambda: render_pdf(pdf, 400), drawn.append, pytest.fail)
        assert job.wait()
        QApplication.processEvents()
        assert drawn and not drawn[-1].pages[0].isNull()

    one_of_each()
    documents = counted()
    assert documents <= 2
    for _ in range(3):
        one_of_each()
    assert len(drawn) == 4
    assert counted() == documents


def _sqlite_memory_used() -> int:
    """Bytes SQLite (the SQLCipher build the kiosk runs on) holds across the process now."""
    library = ctypes.CDLL(sqlcipher_module.__file__)
    library.sqlite3_memory_used.restype = ctypes.c_int64
    return int(library.sqlite3_memory_used())


def test_a_patient_who_leaves_takes_their_pictures_and_pages_out_of_memory(
    driver: KioskDriver, kiosk_window: MainWindow
) -> None:
    """Qt's pixmap cache kept the signed copy's page images (the patient's name and
    signature, ~4 MB) after they left, and the database connection kept the decrypted pages of
    their answers and consent (up to 8 MB): memory that grew patient after patient. Finish (the
    wipe) now empties both; a picture put in the pixmap cache on the Done screen stands for
    what Qt cached of this patient."""
    driver.run_intake("Ana", "Ruiz", date(1970, 1, 1))
    assert QPixmapCache.insert("kiosk-test-sentinel", QPixmap(8, 8))
    held = _sqlite_memory_used()
    driver.finish()
    assert QPixmapCache.find("kiosk-test-sentinel") is None
    assert held - _sqlite_memory_used() > 200_000
