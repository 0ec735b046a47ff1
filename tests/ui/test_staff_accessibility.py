"""The staff screens through Qt's accessibility interface, in English and in Spanish: the PIN
prompt, the board, an intake in detail, the vitals, discharge and aftercare dialogs, the admin
pages and their dialogs. Every control a nurse or admin reaches has a spoken name that says
what it is for (a button's holds its visible words), no name is a bare symbol, no label reads
as a generic word instead of what it says, and a read-only field refuses text set from outside."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QWidget

from kiosk.core.clock import FakeClock, today
from kiosk.core.staff import Signer
from kiosk.core.vitals import Phase
from kiosk.services.demo.day import make_demo
from kiosk.services.discharge import DischargeDesk
from kiosk.ui.admin.dialogs import AppointmentDialog, NewPinDialog, StaffDialog
from kiosk.ui.admin.view import AdminView
from kiosk.ui.main_window import MainWindow
from kiosk.ui.staff.aftercare_view import AftercareDialog
from kiosk.ui.staff.dialogs import DischargeDialog, Notice, VitalsDialog
from kiosk.ui.staff.pin_dialog import PinDialog, StaffChoice
from kiosk.ui.staff.station import StationView
from tests.helpers.accessible_names import interface, what_is_wrong
from tests.helpers.station import add_staff
from tests.helpers.watch import make_ready
from tests.helpers.widgets import flush_deletes

pytestmark = pytest.mark.usefixtures("cheap_pins")


@pytest.fixture(params=["en", "es"])
def language(request: Any, kiosk_window: MainWindow) -> Iterator[str]:
    """The staff screens built in English, then in Spanish."""
    kiosk_window.translations.use(request.param)
    yield request.param
    kiosk_window.translations.use("en")


@pytest.fixture
def demo(kiosk_window: MainWindow, clock: FakeClock) -> list[int]:
    """A demo clinic day on the kiosk: patients part way and done, flags, signed consents."""
    return make_demo(kiosk_window.context, 6, today(clock), seed=3)


def shown(widget: QWidget, qtbot: Any) -> QWidget:
    """``widget`` on screen at the kiosk's size."""
    qtbot.addWidget(widget)
    if not isinstance(widget, QDialog):
        widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()
    return widget


@pytest.fixture
def station(
    kiosk_window: MainWindow, language: str, demo: list[int], qtbot: Any
) -> Iterator[StationView]:
    """An admin's station on the kiosk's demo day, in the language of the test."""
    _, admin = add_staff(kiosk_window)
    view = StationView.on_kiosk(kiosk_window.context, admin, lambda: language)
    shown(view, qtbot)
    yield view
    view.lock()
    view.close()
    flush_deletes()


def test_the_pin_prompt_names_every_name_key_and_field(
    kiosk_window: MainWindow, language: str, qtbot: Any
) -> None:
    """Names, digits, Delete, Cancel and Sign in are named; the PIN box refuses text from an
    accessibility client (only the pad fills it); a refusal reads in words."""
    members = [StaffChoice(1, "Nora Nurse", "nurse"), StaffChoice(2, "Ada Admin", "admin")]
    dialog = PinDialog(members, "⚠ Wrong PIN.")
    shown(dialog, qtbot)
    assert not what_is_wrong(dialog), what_is_wrong(dialog)
    assert interface(dialog.message).text(QAccessible.Text.Name) == "Wrong PIN."
    keys = {b.text(): b for b in dialog.findChildren(QAbstractButton)}
    keys["4"].click()
    keys["2"].click()
    assert dialog.field.text() == "42"
    interface(dialog.field).setText(QAccessible.Text.Value, "999999")
    assert dialog.field.text() == "42"
    dialog.reject()


def test_the_board_and_an_intake_in_detail_speak_names(
    station: StationView, demo: list[int], language: str, qtbot: Any
) -> None:
    """The board (table, banner, Admin, Lock) and each demo intake in detail (its actions, the
    consent copy, the scroll area): every control named, no symbol read as a name; in Spanish
    the names are Spanish."""
    lock = interface(station.lock_button).text(QAccessible.Text.Name)
    assert lock == {"en": "Lock", "es": "Bloquear"}[language]
    wrong = what_is_wrong(station)
    for intake_id in demo:
        detail = station.open_intake(intake_id)
        assert detail is not None
        button = getattr(detail, "consent_button", None)
        if button is not None and button.isVisible():
            button.click()  # the signed copy's pages shown too, once drawn
            qtbot.waitUntil(lambda detail=detail: not detail.copy_job.busy)
        QApplication.processEvents()
        wrong += what_is_wrong(station)
    station.show_board()
    assert not wrong, sorted(set(wrong))


def test_the_vitals_discharge_aftercare_and_notice_dialogs_speak_names(
    station: StationView, demo: list[int], qtbot: Any
) -> None:
    """Each of the nurse's dialogs, a refusal showing: named fields, check box and buttons."""
    wrong: list[str] = []
    for phase in Phase:
        wrong += what_is_wrong(shown(VitalsDialog(phase, message="⚠ Try again."), qtbot))
    wrong += what_is_wrong(shown(DischargeDialog("Sam", "555-0100", "⚠ Not saved."), qtbot))
    wrong += what_is_wrong(shown(Notice("⚠ Printer away."), qtbot))
    desk: DischargeDesk = station.desk
    signer = Signer(station.member.id, station.member.name)
    chosen = next(i for i in demo if station.station.intake(i).consent is not None)
    make_ready(station.station, chosen, signer)
    desk.discharge(
        chosen, driver_name="Sam Ride", driver_phone="555-0100", driver_present=True, nurse=signer
    )
    wrong += what_is_wrong(shown(AftercareDialog(desk, chosen, signer), qtbot))
    for dialog in QApplication.topLevelWidgets():
        if isinstance(dialog, QDialog):
            dialog.close()
    assert not wrong, sorted(set(wrong))


def test_the_admin_pages_and_their_dialogs_speak_names(station: StationView, qtbot: Any) -> None:
    """Every admin page (appointments, staff, audit log, consent versions) and the appointment,
    staff and PIN dialogs."""
    admin = station.open_admin()
    assert isinstance(admin, AdminView)
    wrong: list[str] = []
    for page, button in admin.tabs.items():
        button.click()
        assert admin.pages.currentWidget() is page
        wrong += what_is_wrong(station)
    for dialog in (
        AppointmentDialog({"date": "2026-01-02"}, "⚠ Bad date."),
        StaffDialog("⚠ The two PINs differ."),
        NewPinDialog("Nora Nurse", "⚠ Too short."),
    ):
        wrong += what_is_wrong(shown(dialog, qtbot))
        dialog.close()
    station.show_board()
    assert not wrong, sorted(set(wrong))


def test_problem_lines_read_their_words_not_a_label(station: StationView) -> None:
    """A refusal above the board reads what it says, without the warning sign."""
    station.message.setText("")
    station._say("The clinic server cannot be reached.")
    name = interface(station.message).text(QAccessible.Text.Name)
    assert name == "The clinic server cannot be reached."
    station.board.show_fault("⚠ The board cannot be read.")
    assert interface(station.board.fault).text(QAccessible.Text.Name) == (
        "The board cannot be read."
    )
