"""The nurse station: sign-in with a PIN, the board, the item-9 banner, detail, vitals, discharge, printing."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.clock import FakeClock
from kiosk.core.forms import shipped_forms_dir
from kiosk.core.vitals import Phase, Vitals
from kiosk.storage.audit import AuditLog
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.item import ItemScreen
from kiosk.ui.patient.welcome import WelcomeScreen
from kiosk.ui.staff.aftercare_view import AftercareDialog
from kiosk.ui.staff.dialogs import DischargeDialog, Notice, VitalsDialog
from kiosk.ui.staff.station import StationView
from tests.helpers.cups import CupsPdfQueue
from tests.helpers.kiosk_driver import KioskDriver
from tests.helpers.station import NURSE_PIN, add_staff, answer_pins, print_now, sign_in
from tests.helpers.watch import make_ready
from tests.helpers.widgets import all_texts, flush_deletes

pytestmark = pytest.mark.usefixtures("cheap_pins")

BIRTH = date(1968, 5, 17)


def test_without_staff_accounts_the_corner_explains_how_to_add_one(
    kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No accounts yet: a notice names the command that adds the first admin; the kiosk stays."""
    shown: list[str] = []
    monkeypatch.setattr(
        Notice, "show_message", classmethod(lambda cls, parent, text: shown.append(text))
    )
    kiosk_window.open_staff()
    assert shown and "staff add --role admin" in shown[0]
    assert kiosk_window.station is None


def test_right_pin_opens_the_station_and_wrong_pins_count_down(
    kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wrong PIN says how many tries are left; the right one opens the board."""
    nurse, _ = add_staff(kiosk_window)
    prompt = answer_pins(monkeypatch, [(nurse.id, "999111"), (nurse.id, NURSE_PIN)])
    kiosk_window.open_staff()
    assert "4" in prompt.messages[1] and "Wrong PIN" in prompt.messages[1]
    station = kiosk_window.station
    assert isinstance(station, StationView)
    assert kiosk_window.modes.currentWidget() is station
    assert "Nora Nurse" in "\n".join(all_texts())


def test_five_wrong_pins_lock_the_account_even_after_a_restart(
    kiosk_window: MainWindow,
    more_windows: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    clock: FakeClock,
) -> None:
    """Five wrong PINs lock the account for five minutes; a new kiosk process still refuses it."""
    nurse, _ = add_staff(kiosk_window)
    prompt = answer_pins(monkeypatch, [(nurse.id, "999111")] * 5 + [None])
    kiosk_window.open_staff()
    assert "locked until" in prompt.messages[-1]
    assert kiosk_window.station is None
    restarted = more_windows()
    again = answer_pins(monkeypatch, [(nurse.id, NURSE_PIN), None])
    restarted.open_staff()
    assert restarted.station is None and "locked until" in again.messages[-1]
    clock.advance(5 * 60 + 1)
    station = sign_in(restarted, monkeypatch, nurse, NURSE_PIN)
    assert station.member.name == "Nora Nurse"


def test_the_station_locks_itself_after_two_idle_minutes(
    kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    """Idle for idle_lock_seconds: back to Welcome, nothing of the board left on screen."""
    nurse, _ = add_staff(kiosk_window)
    station = sign_in(kiosk_window, monkeypatch, nurse, NURSE_PIN)
    clock.advance(kiosk_window.context.forms.settings.staff.idle_lock_seconds - 5)
    station.idle.poll()
    assert kiosk_window.station is station
    clock.advance(10)
    station.idle.poll()
    flush_deletes()
    assert kiosk_window.station is None
    assert isinstance(kiosk_window.current_screen(), WelcomeScreen)
    assert "Nora Nurse" not in "\n".join(all_texts())


def test_board_follows_a_patient_at_the_kiosk_and_the_alert_stays_until_acknowledged(
    kiosk_window: MainWindow,
    driver: KioskDriver,
    more_windows: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
) -> None:
    """A nurse's screen shows the patient arrive and move on; PHQ-9 item 9 raises a banner that
    stays until acknowledged, and the acknowledgement records who and when."""
    nurse, _ = add_staff(kiosk_window)
    desk = more_windows()
    station = sign_in(desk, monkeypatch, nurse, NURSE_PIN)
    board = station.board
    driver.start()
    driver.identify("Walter", "Nguyen", BIRTH)
    qtbot.waitUntil(lambda: any(r.name == "Walter Nguyen" for r in board.rows), timeout=5000)
    assert board.rows[0].stage == "checking_in" and not board.rows[0].verified
    driver.walk_pages()
    qtbot.waitUntil(lambda: board.rows and board.rows[0].stage == "checklist_done", timeout=5000)
    for _ in range(9):
        screen = driver.screen()
        assert isinstance(screen, ItemScreen)
        instrument, index = kiosk_window.session.item()
        if instrument.items[index].id == "phq9_9":
            driver.tap(screen.answers[1])
            break
        driver.tap(screen.answers[0])
    qtbot.waitUntil(lambda: bool(board.rows and board.rows[0].open_alerts), timeout=5000)
    assert board.banner.isVisible(), (
        board.banner.isVisibleTo(desk),
        station.isVisible(),
        desk.isVisible(),
    )
    assert "Walter Nguyen" in "\n".join(all_texts())
    station.idle.still_here()
    board.poll()
    assert board.banner.isVisible()  # still there until someone acknowledges
    flag = board.rows[0].open_alerts[0]
    station.acknowledge(flag.id)
    assert not board.banner.isVisible()
    row = next(iter(desk.context.db.query("SELECT * FROM flags WHERE id = ?", [flag.id])))
    assert row["acknowledged_by"] == "Nora Nurse" and row["acknowledged_at"]


def walk_patient(driver: KioskDriver, first: str, last: str) -> None:
    """A whole intake at the kiosk, then back to Welcome."""
    driver.run_intake(first, last, BIRTH)
    driver.finish()


def test_detail_vitals_discharge_and_the_printed_aftercare_sheet(
    kiosk_window: MainWindow,
    driver: KioskDriver,
    more_windows: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    cups_queue: CupsPdfQueue,
    tmp_path: Path,
    qtbot: Any,
    clock: FakeClock,
) -> None:
    """The nurse opens the intake (answers as shown, scores, trend, consent), records vitals
    outside the limits (a flag), discharges with the driver, and the aftercare sheet comes out
    of the real CUPS queue holding the patient, the driver and the no-driving-until time."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed")
    forms = tmp_path / "forms"
    shutil.copytree(shipped_forms_dir(), forms)
    settings = forms / "settings.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace('queue = ""', f'queue = "{cups_queue.queue}"'),
        encoding="utf-8",
    )
    nurse, _ = add_staff(kiosk_window)
    walk_patient(driver, "Grace", "Okafor")
    desk = more_windows(forms)
    station = sign_in(desk, monkeypatch, nurse, NURSE_PIN)
    intake_id = station.board.rows[0].id
    detail = station.open_intake(intake_id)
    texts = "\n".join(all_texts())
    assert "How many hours ago did you last eat any food?" in texts
    assert "Grace Okafor" in texts
    assert "checklist 2026.1" in texts
    assert detail.trend.points and {p.instrument for p in detail.trend.points} == {"phq9", "gad7"}
    detail.consent_button.click()  # drawn off the UI thread: "Preparing…", then the pages
    assert detail.copy_state.text() == "Preparing the signed copy…" and detail.copy_job.busy
    qtbot.waitUntil(lambda: not detail.copy_job.busy and detail.consent_pages.count() >= 2)
    assert detail.copy_state.isHidden()

    monkeypatch.setattr(
        VitalsDialog, "ask", classmethod(lambda cls, parent, phase: Vitals(182, 96, 88, 97))
    )
    station.record_vitals(Phase.PRE)
    flags = {r["code"] for r in desk.context.db.query("SELECT code FROM flags")}
    assert "vitals_pre_bp_high" in flags
    assert next(iter(desk.context.db.query("SELECT stage FROM intakes")))["stage"] == "in_chair"

    clock.advance(90 * 60)
    answers = iter([("Ana Ruiz", "(555) 010-2233", False), ("Ana Ruiz", "(555) 010-2233", True)])
    seen: list[str] = []

    def discharge_answer(cls: Any, parent: Any, name: str, phone: str, message: str = "") -> Any:
        seen.append(message)
        return next(answers)

    monkeypatch.setattr(DischargeDialog, "ask", classmethod(discharge_answer))
    printed: list[Any] = []

    def print_once(cls: Any, parent: Any, desk_: Any, intake: int, by: Any) -> None:
        dialog = cls(desk_, intake, by, parent)
        printed.append(print_now(dialog))
        dialog.deleteLater()

    monkeypatch.setattr(AftercareDialog, "present", classmethod(print_once))
    started = time.time()
    make_ready(station.station, intake_id, station.signer)
    station.refresh()
    station.discharge()
    assert "driver is here" in seen[1]
    assert printed and printed[0].sent, printed
    out = cups_queue.wait_for_pdf(after=started)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    # The cups-pdf queue re-distills the PDF with Ghostscript, which keeps the look of accented
    # letters but not their text layer; accented names are read from the sheet itself elsewhere.
    assert "Grace Okafor" in text
    assert "Ana Ruiz" in text and "(555) 010-2233" in text
    record = next(iter(desk.context.db.query("SELECT * FROM discharges")))
    sheet, _ = station.desk.sheet(intake_id)
    assert sheet.no_driving_line.split("until")[-1].strip(" .") in " ".join(text.split())
    prints = list(desk.context.db.query("SELECT * FROM prints"))
    assert (
        prints[0]["status"] == "sent"
        and prints[0]["printed_by"] == "Nora Nurse"
        and prints[0]["job_id"]
    )
    assert record["nurse_name"] == "Nora Nurse"
    assert next(iter(desk.context.db.query("SELECT stage FROM intakes")))["stage"] == "discharged"


def discharge_and_print(
    kiosk_window: MainWindow,
    driver: KioskDriver,
    more_windows: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    settings_edits: dict[str, str],
) -> tuple[Any, str]:
    """A patient through the kiosk, then a nurse discharges and touches Print once, with these
    lines of settings.toml replaced; the print outcome and what the nurse read."""
    forms = tmp_path / "forms"
    shutil.copytree(shipped_forms_dir(), forms)
    settings = forms / "settings.toml"
    text = settings.read_text(encoding="utf-8")
    for old, new in settings_edits.items():
        text = text.replace(old, new)
    settings.write_text(text, encoding="utf-8")
    nurse, _ = add_staff(kiosk_window)
    walk_patient(driver, "Ana", "Ruiz")
    desk = more_windows(forms)
    station = sign_in(desk, monkeypatch, nurse, NURSE_PIN)
    intake_id = station.board.rows[0].id
    make_ready(station.station, intake_id, station.signer)
    station.open_intake(intake_id)
    monkeypatch.setattr(
        DischargeDialog,
        "ask",
        classmethod(lambda cls, parent, name, phone, message="": (name, phone, True)),
    )
    seen: list[Any] = []

    def print_once(cls: Any, parent: Any, desk_: Any, intake: int, by: Any) -> None:
        dialog = cls(desk_, intake, by, parent)
        seen.extend([print_now(dialog), dialog.status.text()])
        dialog.deleteLater()

    monkeypatch.setattr(AftercareDialog, "present", classmethod(print_once))
    station.discharge()
    outcome, status = seen
    return outcome, status


def test_a_missing_printer_saves_the_sheet_and_says_where(
    kiosk_window: MainWindow,
    driver: KioskDriver,
    more_windows: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    cups_queue: CupsPdfQueue,
) -> None:
    """With CUPS running, printing to a queue that does not exist: a clear message naming it,
    the PDF saved to a folder, recorded."""
    del cups_queue  # only its running scheduler is needed
    outcome, status = discharge_and_print(
        kiosk_window,
        driver,
        more_windows,
        monkeypatch,
        tmp_path,
        {'queue = ""': 'queue = "NoSuchPrinter"'},
    )
    assert not outcome.sent and outcome.saved_path is not None and outcome.saved_path.is_file()
    assert outcome.saved_path.read_bytes().startswith(b"%PDF")
    assert "NoSuchPrinter" in outcome.message
    assert str(outcome.saved_path) in status
    row = next(iter(kiosk_window.context.db.query("SELECT * FROM prints")))
    assert row["status"] == "saved" and row["saved_path"] == str(outcome.saved_path)


def test_no_printer_and_no_folder_still_tells_the_nurse(
    kiosk_window: MainWindow,
    driver: KioskDriver,
    more_windows: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    cups_queue: CupsPdfQueue,
) -> None:
    """Printer missing and the folder for unprinted sheets unusable: a plain message, no crash."""
    del cups_queue  # only its running scheduler is needed
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    outcome, status = discharge_and_print(
        kiosk_window,
        driver,
        more_windows,
        monkeypatch,
        tmp_path,
        {'queue = ""': 'queue = "NoSuchPrinter"', 'save_folder = ""': f'save_folder = "{blocker}"'},
    )
    assert not outcome.sent and outcome.saved_path is None
    assert "could not be saved" in status


def test_the_audit_log_records_the_nurses_acts(
    kiosk_window: MainWindow,
    driver: KioskDriver,
    more_windows: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A failed and a right sign-in, opening an intake and acknowledging a flag are audited."""
    nurse, _ = add_staff(kiosk_window)
    driver.run_intake("Ana", "Ruiz", BIRTH, item_value=lambda item: 1 if item == "phq9_9" else 0)
    driver.finish()
    desk = more_windows()
    answer_pins(monkeypatch, [(nurse.id, "999111"), (nurse.id, NURSE_PIN)])
    desk.open_staff()
    station = desk.station
    assert isinstance(station, StationView)
    detail = station.open_intake(station.board.rows[0].id)
    flag = next(iter(desk.context.db.query("SELECT id FROM flags WHERE alert = 1")))
    station.acknowledge(flag["id"])
    del detail
    actions = [r["action"] for r in desk.context.db.query("SELECT action FROM audit ORDER BY id")]
    assert actions[:3] == ["sign_in_failed", "sign_in", "view_intake"]
    assert actions.count("view_intake") == 1  # refreshing the page after an act is not a new view
    assert "acknowledge" in actions
    assert AuditLog(desk.context.db, desk.context.clock).verify() is None
