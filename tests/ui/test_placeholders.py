"""Names and answers that look like placeholders (%1, %2, {until}, {nurse}) are shown, printed
and exported exactly as typed: every template is filled in one pass."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

import pytest

from kiosk.core.clock import FakeClock, today
from kiosk.core.ports import PrintAttempt
from kiosk.core.staff import Role
from kiosk.core.text import fill_in
from kiosk.core.vitals import Phase, Vitals
from kiosk.documents.day_report import render_day_report
from kiosk.export import write_csv, write_json
from kiosk.export.fhir import write_fhir
from kiosk.storage.reader import iter_intakes
from kiosk.ui.admin.dialogs import NewPinDialog, StaffDialog
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.done import DoneScreen
from kiosk.ui.patient.page import PageScreen
from kiosk.ui.staff.aftercare_view import AftercareDialog
from kiosk.ui.staff.dialogs import DischargeDialog, VitalsDialog
from tests.helpers.kiosk_driver import SIGNATURE, KioskDriver
from tests.helpers.pdf import pdf_text
from tests.helpers.station import ADMIN_PIN, NURSE_PIN, add_member, sign_in
from tests.helpers.watch import make_ready
from tests.helpers.widgets import every_text

pytestmark = pytest.mark.usefixtures("cheap_pins")

FIRST = "Ana %2"
LAST = "{until} Ruiz %1 %4"
PATIENT = f"{FIRST} {LAST}"
DRIVER = "{nurse} Dale %1%2%4"
PHONE = "(555) 010-2233"
NURSE = "Nora %1 %3 {until}"
ADMIN = "Ada %2 {nurse}"
NEW_STAFF = "Ned %1%2 {next}"
DETAIL = "Felt %1 and %2 since {until} ({nurse})"
BENZO = "Quillo %3 at {until}"
BIRTH = date(1968, 5, 17)
# Each value holds one plain word: wherever that word shows, the whole value must show with it.
VALUES = {
    "Ana": FIRST,
    "Ruiz": LAST,
    "Dale": DRIVER,
    "Nora": NURSE,
    "Ada": ADMIN,
    "Ned": NEW_STAFF,
    "Felt": DETAIL,
    "Quillo": BENZO,
}
ANSWERS = {
    "benzodiazepine_today": "yes",
    "benzodiazepine_detail": BENZO,
    "health_changes": "yes",
    "health_changes_detail": DETAIL,
    "has_ride": "yes",
    "driver_name": DRIVER,
    "driver_phone": PHONE,
}


def mangled(texts: Iterable[str]) -> list[str]:
    """The texts where a value's word shows without the whole value around it."""
    bad = []
    for text in texts:
        for word, value in VALUES.items():
            if len(re.findall(rf"(?<!\w){word}(?!\w)", text)) > text.count(value):
                bad.append(text)
    return bad


def shown(texts: Iterable[str], *values: str) -> None:
    """Every one of ``values`` is in one of ``texts``, and no value is mangled anywhere."""
    texts = list(texts)
    assert not mangled(texts), mangled(texts)
    everything = "\n".join(texts)
    for value in values:
        assert value in everything, f"{value!r} not shown"


def flat(text: str) -> str:
    return " ".join(text.split())


# --- the one-pass fill of Qt's markers ----------------------------------------------------------


def test_qt_markers_are_filled_once_and_values_are_never_read_again() -> None:
    assert fill_in("Signed in: %1 (%2)", FIRST, "nurse") == "Signed in: Ana %2 (nurse)"
    assert fill_in("%2, %1", LAST, "%1%2") == "%1%2, {until} Ruiz %1 %4"
    assert fill_in("%1 by %2; driver %3", "now", NURSE, DRIVER) == (
        "now by Nora %1 %3 {until}; driver {nurse} Dale %1%2%4"
    )
    for value in VALUES.values():
        assert fill_in("<%1>", value) == f"<{value}>"


def test_qt_markers_without_a_value_stay_as_qt_leaves_them() -> None:
    assert fill_in("%1 of %2", 3) == "3 of %2"
    assert fill_in("SpO2 %1% (%2)", 98, NURSE) == "SpO2 98% (Nora %1 %3 {until})"
    with pytest.raises(ValueError, match="nine"):
        fill_in("%1", *range(10))


# --- every screen, every PDF, every export --------------------------------------------------------


def walk_patient(driver: KioskDriver, seen: list[str]) -> None:
    """The whole intake with the tricky name and answers; every screen's texts into ``seen``."""
    driver.on_screen = lambda _screen: seen.extend(every_text())
    driver.start()
    driver.identify(FIRST, LAST, BIRTH)
    while isinstance(driver.screen(), PageScreen):
        driver.fill_page(ANSWERS)
    driver.answer_items(lambda item: 1 if item == "phq9_9" else 0)
    while isinstance(driver.screen(), PageScreen):
        driver.fill_page(ANSWERS)
    screen = driver.agree_to_every_section()
    assert screen.sign.printed_name.text() == PATIENT
    shown(every_text(), PATIENT)
    screen.sign.pad.draw_stroke(SIGNATURE)
    driver.see_copy(screen)
    seen.extend(every_text())
    driver.tap(screen.review.next_button)
    assert isinstance(driver.screen(), DoneScreen)
    seen.extend(every_text())
    driver.finish()
    driver.on_screen = None


def strings(value: Any) -> Iterator[str]:
    """Every string in decoded JSON."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def test_names_and_answers_show_print_and_export_as_typed(
    kiosk_window: MainWindow,
    driver: KioskDriver,
    more_windows: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    clock: FakeClock,
) -> None:
    """A patient, a driver and a nurse whose names hold %1, %2, {until} and {nurse}: the kiosk's
    screens, the station (sign-in line, board, alert, detail, discharge, aftercare preview), the
    consent copy, the aftercare sheet, the day report and the CSV, JSON and FHIR exports."""
    nurse = add_member(kiosk_window, NURSE, Role.NURSE, NURSE_PIN)
    seen: list[str] = []
    walk_patient(driver, seen)
    shown(seen, PATIENT)

    desk = more_windows()
    station = sign_in(desk, monkeypatch, nurse, NURSE_PIN)
    shown(every_text(), f"Signed in: {NURSE} (nurse)")
    board = station.board
    board.poll()
    assert [row.name for row in board.rows] == [PATIENT]
    assert board.banner.isVisible()
    shown(every_text(), f"ALERT: {PATIENT} —", f"Acknowledge alert for {PATIENT}")
    station.acknowledge(board.rows[0].open_alerts[0].id)

    intake_id = board.rows[0].id
    station.open_intake(intake_id)
    shown(every_text(), PATIENT, f"{DRIVER}, {PHONE}", DETAIL, BENZO, f"by {PATIENT} (“")
    shown(every_text(), f"✓ {NURSE}, ")
    monkeypatch.setattr(
        VitalsDialog, "ask", classmethod(lambda cls, parent, phase: Vitals(124, 81, 72, 98))
    )
    station.record_vitals(Phase.PRE)
    shown(every_text(), f"SpO2 98% ({NURSE})")

    clock.advance(90 * 60)
    offered: list[tuple[str, str]] = []

    def discharge_answer(cls: Any, parent: Any, name: str, phone: str, message: str = "") -> Any:
        offered.append((name, phone))
        return name, phone, True

    monkeypatch.setattr(DischargeDialog, "ask", classmethod(discharge_answer))
    previews: list[tuple[list[str], bytes]] = []

    def preview(cls: Any, parent: Any, desk_: Any, intake: int, by: Any) -> None:
        dialog = cls(desk_, intake, by, parent)
        previews.append((every_text(), desk_.sheet(intake)[1]))
        dialog.deleteLater()

    monkeypatch.setattr(AftercareDialog, "present", classmethod(preview))
    make_ready(station.station, intake_id, station.signer)
    station.refresh()
    station.discharge()
    assert offered == [(DRIVER, PHONE)]
    ((preview_texts, sheet_pdf),) = previews
    shown(preview_texts)
    station.station.store.record_print(
        intake_id,
        PrintAttempt(
            document="aftercare",
            staff_id=nurse.id,
            printed_by=NURSE,
            queue="Desk",
            job_id="7",
            status="sent",
        ),
    )
    station.open_intake(intake_id)
    shown(every_text(), f" by {NURSE}; driver {DRIVER}; no driving until", f"(job 7) by {NURSE}")

    sheet = flat(pdf_text(sheet_pdf))
    assert not mangled([sheet]), sheet
    for value in (PATIENT, f"{DRIVER}, phone {PHONE}", f"Discharged by {NURSE}"):
        assert value in sheet, value
    context = desk.context
    consent_pdf = next(iter(context.db.query("SELECT pdf FROM consents")))["pdf"]
    consent = flat(pdf_text(consent_pdf))
    assert PATIENT in consent and not mangled([consent]), consent

    day = today(clock)
    records = list(iter_intakes(context.db, day, day, include_pdf=True))
    report = flat(pdf_text(render_day_report(records, clinic_name="Clinic", first=day, last=day)))
    assert not mangled([report]), report
    assert FIRST in report and LAST in report, report

    out = io.StringIO()
    write_csv(records, out)
    cells = [cell for row in csv.reader(io.StringIO(out.getvalue())) for cell in row]
    assert not mangled(cells)
    for value in (FIRST, LAST, DRIVER, NURSE):  # the free-text answers are not CSV columns
        assert value in cells, value
    for write in (
        lambda out: write_json(records, out),
        lambda out: write_fhir(records, out, practice_name="Clinic"),
    ):
        out = io.StringIO()
        write(out)
        texts = list(strings(json.loads(out.getvalue())))
        assert not mangled(texts)
        for value in (FIRST, LAST, DRIVER, DETAIL, BENZO):
            assert value in texts, value


def test_admin_pages_show_staff_names_as_typed(
    kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The staff list, its messages, the PIN dialog's title and the audit log."""
    add_member(kiosk_window, NURSE, Role.NURSE, NURSE_PIN)
    admin = add_member(kiosk_window, ADMIN, Role.ADMIN, ADMIN_PIN)
    station = sign_in(kiosk_window, monkeypatch, admin, ADMIN_PIN)
    shown(every_text(), f"Signed in: {ADMIN} (admin)")
    view = station.open_admin()
    answers = [(NEW_STAFF, Role.NURSE, "615283", "615283")]
    monkeypatch.setattr(StaffDialog, "ask", classmethod(lambda cls, *a: answers.pop(0)))
    view.staff.add_button.click()
    shown(every_text(), f"{NEW_STAFF} was added.", NURSE, ADMIN)
    view.staff.select(NURSE)
    view.staff.set_disabled(disabled=True)
    shown(every_text(), f"{NURSE} was disabled.")
    titles: list[str] = []

    def new_pin(cls: Any, parent: Any, name: str, message: str = "") -> tuple[str, str]:
        dialog = cls(name, message, parent)
        titles.extend(every_text())
        dialog.deleteLater()
        return "905172", "905172"

    monkeypatch.setattr(NewPinDialog, "ask", classmethod(new_pin))
    view.staff.reset_pin()
    shown(titles, f"New PIN for {NURSE}")
    shown(every_text(), f"The PIN of {NURSE} was changed.")
    view.audit.refresh()
    shown(every_text(), ADMIN)
