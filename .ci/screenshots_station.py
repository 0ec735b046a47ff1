"""Screenshots of the nurse station on demo data: run under Xvfb (see README).

Usage: xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python .ci/screenshots_station.py OUT_DIR
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.core import pins
from kiosk.core.clock import FakeClock
from kiosk.core.staff import Role
from kiosk.core.vitals import Phase, Vitals
from kiosk.services.context import open_context
from kiosk.services.demo.day import make_demo
from kiosk.storage.staff import StaffRepository
from kiosk.ui import theme
from kiosk.ui.app import build_main_window, ensure_application
from kiosk.ui.main_window import MainWindow
from kiosk.ui.staff.aftercare_view import AftercareDialog
from kiosk.ui.staff.dialogs import DischargeDialog, VitalsDialog
from kiosk.ui.staff.pin_dialog import PinDialog, StaffChoice


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    app = ensure_application()
    pins.DEFAULT_COST = 2**10
    data = Path(tempfile.mkdtemp())
    clock = FakeClock(datetime(2026, 11, 21, 17, 30, tzinfo=UTC))
    context = open_context(data, clock=clock)
    earlier = FakeClock(datetime(2026, 11, 14, 17, 0, tzinfo=UTC))
    make_demo(open_context(data, clock=earlier), 6, earlier.now().date(), seed=7)
    make_demo(context, 9, clock.now().date(), seed=7)
    staff = StaffRepository(context.db, clock, context.forms.settings.staff)
    nurse = staff.add("Nora Nurse", Role.NURSE, "482915")
    admin = staff.add("Ada Admin", Role.ADMIN, "739164")
    context.close()

    def grab(widget: QWidget, name: str) -> None:
        app.processEvents()
        QTest.qWait(100)
        widget.grab().save(str(out / f"station-{name}.png"))

    window = build_main_window(data, clock=clock)
    assert isinstance(window, MainWindow)
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    choices = [StaffChoice(m.id, m.name, m.role.value) for m in staff_members(window)]
    pin_dialog = PinDialog(choices, "", nurse.id, window)
    pin_dialog.field.setText("48")
    pin_dialog.resize(640, 720)
    pin_dialog.show()
    grab(pin_dialog, "01-pin")
    pin_dialog.close()
    PinDialog.ask = classmethod(lambda cls, *a, **k: (nurse.id, "482915"))  # type: ignore[method-assign,assignment]
    window.open_staff()
    station = window.station
    assert station is not None
    grab(window, "02-board")
    alert_row = next((r for r in station.board.rows if r.open_alerts), station.board.rows[0])
    station.open_intake(alert_row.id)
    grab(window, "03-detail-top")
    vitals = VitalsDialog(Phase.PRE, window)
    for name, value in zip(
        ("systolic", "diastolic", "heart_rate", "spo2"), ("182", "96", "88", "97"), strict=True
    ):
        vitals.fields[name].setText(value)
    vitals.resize(560, 420)
    vitals.show()
    grab(vitals, "04-vitals")
    vitals.close()
    VitalsDialog.ask = classmethod(lambda cls, *a: Vitals(182, 96, 88, 97))  # type: ignore[method-assign,assignment]
    station.record_vitals(Phase.PRE)
    done_row = next(
        r
        for r in station.board.rows
        if r.completed_at and station.desk.ride_defaults(r.id)[0]
    )
    station.open_intake(done_row.id)
    name, phone = station.desk.ride_defaults(done_row.id)
    discharge = DischargeDialog(name, phone, "", window)
    discharge.resize(640, 420)
    discharge.show()
    grab(discharge, "05-discharge")
    discharge.close()
    DischargeDialog.ask = classmethod(lambda cls, parent, n, p, m="": (n, p, True))  # type: ignore[method-assign,assignment]

    def show_sheet(
        cls: type[AftercareDialog], parent: QWidget, desk: object, intake: int, by: object
    ) -> None:
        dialog = cls(desk, intake, by, parent)  # type: ignore[arg-type]
        dialog.show()
        grab(dialog, "06-aftercare")
        dialog.close()

    AftercareDialog.present = classmethod(show_sheet)  # type: ignore[method-assign,assignment]
    station.discharge()
    station.show_board()
    grab(window, "07-board-after")
    window.lock_station()
    PinDialog.ask = classmethod(lambda cls, *a, **k: (admin.id, "739164"))  # type: ignore[method-assign,assignment]
    window.open_staff()
    assert window.station is not None
    view = window.station.open_admin()
    for number, page in enumerate(
        (view.appointments, view.staff, view.audit, view.consent), start=8
    ):
        view.show_page(page)
        grab(window, f"{number:02d}-admin-{type(page).__name__}")
    window.allow_close = True
    window.close()
    recovery_shots(out, app, data, clock, admin.id)
    return 0


def recovery_shots(out: Path, app: QApplication, data: Path, clock: FakeClock, admin: int) -> None:
    """The recovery screen at the largest text size: patients, the admin PIN, the backup, and
    the same kiosk without a backup; then a nurse's failed save on the station."""
    from kiosk.core.forms import load_forms, shipped_forms_dir  # noqa: PLC0415
    from kiosk.storage.backup import backup_to, daily_name  # noqa: PLC0415
    from kiosk.storage.db import database_path  # noqa: PLC0415
    from kiosk.ui.recovery import RecoveryWindow  # noqa: PLC0415
    from kiosk.ui.staff.dialogs import Notice  # noqa: PLC0415
    from kiosk.ui.staff.faults import not_saved_text  # noqa: PLC0415

    context = open_context(data, clock=clock)
    backup_to(context.db, data / "backups" / daily_name(clock.now().date()))
    context.db.execute("PRAGMA query_only = 1")
    try:
        context.db.execute("DELETE FROM vitals")
    except Exception as refused:  # noqa: BLE001 - a real refusal, for the notice's words
        notice = Notice(not_saved_text(refused))
    context.close()
    with database_path(data).open("r+b") as handle:
        handle.write(b"\xa5" * 100)
    forms = load_forms(shipped_forms_dir())

    def shoot(window: QWidget, name: str) -> None:
        app.processEvents()
        QTest.qWait(100)
        window.grab().save(str(out / f"station-{name}.png"))

    from kiosk.storage.db import DatabaseDamagedError  # noqa: PLC0415

    problem = DatabaseDamagedError(f"{database_path(data)}: the database file is damaged")
    recovery = RecoveryWindow(problem, data, forms, clock, text_size="extra_large")
    recovery.resize(1280, 800)
    recovery.show()
    QTest.qWaitForWindowExposed(recovery)
    shoot(recovery, "21-recovery-patients")
    notice.setParent(recovery, notice.windowFlags())  # the window's text size, as in use
    notice.show()
    notice.adjustSize()
    shoot(notice, "20-not-saved")
    notice.close()
    members = [StaffChoice(admin, "Ada Admin", "admin")]
    message = "⚠ The database is damaged. An admin signs in to restore a backup."
    pin_dialog = PinDialog(members, message, admin, recovery)
    pin_dialog.setStyleSheet(theme.stylesheet("extra_large"))
    pin_dialog.field.setText("7391")
    pin_dialog.resize(720, 780)
    pin_dialog.show()
    shoot(pin_dialog, "22-recovery-pin")
    pin_dialog.close()
    PinDialog.ask = classmethod(lambda cls, *a, **k: (admin, "739164"))  # type: ignore[method-assign,assignment]
    recovery.open_staff()
    shoot(recovery, "23-recovery-backup")
    recovery.lock()
    for old in (data / "backups").glob("*.db"):
        old.unlink()
    recovery.open_staff()
    shoot(recovery, "24-recovery-no-backup")
    recovery.allow_close = True
    recovery.close()


def staff_members(window: MainWindow) -> list:  # type: ignore[type-arg]
    """The staff accounts the window knows."""
    return window.staff.members()


if __name__ == "__main__":
    sys.exit(main())
