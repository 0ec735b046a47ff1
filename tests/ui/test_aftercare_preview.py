"""The aftercare preview at the station is made (reportlab) and drawn (QtPdf) off the UI thread:
"Preparing the aftercare sheet…", then the pages and Print; closed while it is prepared, the
dialog goes quietly."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

from kiosk.core.staff import Signer
from kiosk.services.context import KioskContext
from kiosk.services.discharge import DischargeDesk, SheetDraft, SheetRead
from kiosk.ui.patient.pdf_view import render_pdf
from kiosk.ui.staff.aftercare_view import AftercareDialog
from kiosk.ui.widgets.accessible import announcer
from kiosk.ui.widgets.worker import wait_for_pool
from tests.helpers.station import one_discharged
from tests.helpers.widgets import flush_deletes

NURSE = Signer(None, "Nora Nurse")
WAIT = 60.0  # seconds: a guard against a hang, never a measure


@pytest.fixture
def discharged(data_dir: Path) -> Iterator[tuple[KioskContext, int]]:
    """A kiosk context with one of today's patients discharged."""
    with one_discharged(data_dir, NURSE) as made:
        yield made


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, list[int]]]:
    """The sheet's PDF is made only once the event is set; the threads it was made on."""
    opened = threading.Event()
    threads: list[int] = []
    original = SheetDraft.render

    def held(draft: SheetDraft) -> SheetRead:
        threads.append(threading.get_ident())
        assert opened.wait(WAIT), "the test never opened the gate"
        return original(draft)

    monkeypatch.setattr(SheetDraft, "render", held)
    yield opened, threads
    opened.set()
    assert wait_for_pool(msecs=int(WAIT * 1000))
    QApplication.processEvents()


def page_pictures(dialog: AftercareDialog) -> list[QLabel]:
    """The preview's pages on display."""
    return [
        label
        for label in dialog.findChildren(QLabel)
        if label.accessibleName().startswith("Page ") and not label.pixmap().isNull()
    ]


def test_preparing_then_the_pages_then_print(
    discharged: tuple[KioskContext, int],
    gate: tuple[threading.Event, list[int]],
    qtbot: Any,
) -> None:
    """Shows "Preparing the aftercare sheet…" (said to assistive technology) and Print not
    touchable while the sheet is made on the worker; then its pages, Print touchable, and the
    pages are those of the sheet Print sends."""
    context, intake_id = discharged
    opened, threads = gate
    said: list[tuple[str, str]] = []
    announcer().announced.connect(lambda kind, words: said.append((kind, words)))
    desk = DischargeDesk(context)
    dialog = AftercareDialog(desk, intake_id, NURSE)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.preparing and dialog.preparing_label.isVisible()
    assert dialog.preparing_label.text() == "Preparing the aftercare sheet…"
    assert ("alert", "Preparing the aftercare sheet…") in said
    assert not dialog.print_button.isEnabled() and page_pictures(dialog) == []
    opened.set()
    qtbot.waitUntil(lambda: not dialog.preparing, timeout=int(WAIT * 1000))
    assert threads and threads[0] != threading.get_ident()  # made off the UI thread
    assert not dialog.preparing_label.isVisible()
    assert dialog.print_button.isEnabled()
    pictures = page_pictures(dialog)
    expected = render_pdf(desk.read_sheet(intake_id).pdf, AftercareDialog.PAGE_WIDTH, text=False)
    assert len(pictures) == len(expected.pages) >= 1
    assert pictures[0].pixmap().toImage() == expected.pages[0].convertToFormat(
        pictures[0].pixmap().toImage().format()
    )


def test_closing_the_preview_while_it_is_prepared(
    discharged: tuple[KioskContext, int],
    gate: tuple[threading.Event, list[int]],
    qtbot: Any,
) -> None:
    """The nurse closes the preview before the sheet is ready: the dialog goes, and the sheet
    made afterwards is dropped without a crash; the next preview shows its pages."""
    context, intake_id = discharged
    opened, _threads = gate
    desk = DischargeDesk(context)
    dialog = AftercareDialog(desk, intake_id, NURSE)
    dialog.show()
    assert dialog.preparing
    dialog.accept()
    dialog.deleteLater()
    flush_deletes()
    opened.set()
    assert wait_for_pool(msecs=int(WAIT * 1000))
    QApplication.processEvents()
    flush_deletes()
    again = AftercareDialog(desk, intake_id, NURSE)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: not again.preparing, timeout=int(WAIT * 1000))
    assert page_pictures(again) and again.print_button.isEnabled()


def test_a_sheet_that_cannot_be_made_is_said_and_not_printable(
    discharged: tuple[KioskContext, int], monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    """The sheet's PDF fails on the worker: the preview says so in words, Print stays off."""
    context, intake_id = discharged

    def broken(_draft: SheetDraft) -> SheetRead:
        raise ValueError("no fonts")

    monkeypatch.setattr(SheetDraft, "render", broken)
    dialog = AftercareDialog(DischargeDesk(context), intake_id, NURSE)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.preparing, timeout=int(WAIT * 1000))
    assert not dialog.preparing_label.isVisible() and page_pictures(dialog) == []
    assert dialog.status.text() == (
        "⚠ The aftercare sheet could not be shown. Tell the clinic's admin."
    )
    assert not dialog.print_button.isEnabled()


def test_print_goes_off_the_ui_thread_and_a_close_meanwhile_still_records_it(
    discharged: tuple[KioskContext, int], gate: tuple[threading.Event, list[int]], qtbot: Any
) -> None:
    """Print: "Sending to the printer…" with Print held while the sheet is made and handed to
    CUPS on the printing thread, the UI thread serving events meanwhile; the nurse closes the
    preview before the printer answered: the close waits for the answer and the attempt is
    recorded once (sent, or saved to the folder where this machine has no default printer)."""
    context, intake_id = discharged
    opened, threads = gate
    opened.set()  # the preview is made at once
    dialog = AftercareDialog(DischargeDesk(context), intake_id, NURSE)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.preparing, timeout=int(WAIT * 1000))
    opened.clear()  # the print's sheet is held until the UI thread has shown it is free
    dialog.print_sheet()
    assert dialog.printing
    assert dialog.status.text() == "Sending to the printer…"
    assert not dialog.print_button.isEnabled()
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=int(WAIT * 1000))  # served while held
    assert dialog.printing and threads[-1] != threading.get_ident()
    opened.set()
    dialog.accept()  # closed before the printer answered: waits for it, then records
    timer.stop()
    assert not dialog.printing
    assert len(dialog.outcomes) == 1
    rows = list(context.db.query("SELECT status FROM prints WHERE intake_id = ?", [intake_id]))
    assert [r["status"] for r in rows] in (["sent"], ["saved"])
