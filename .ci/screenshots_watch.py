"""Screenshots of the nurse station's watch on demo data: the board with a patient waiting, one
in the chair with vitals overdue, one in observation with minutes left, one ready and one
discharged by an override (its red flag); an intake in detail and the readiness checklist. In
English and Spanish, at the normal and the largest text size, 1280x800. Run under Xvfb:

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python .ci/screenshots_watch.py OUT_DIR [EXTRA.qm]

EXTRA.qm: a translation to load over the shipped one (texts not yet in resources/i18n).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.core import pins
from kiosk.core.clock import FakeClock
from kiosk.core.infusion import Mark
from kiosk.core.staff import Role, Signer
from kiosk.core.vitals import Phase, Vitals
from kiosk.services.context import open_context
from kiosk.services.demo.day import make_demo
from kiosk.services.station import StationService
from kiosk.storage.staff import StaffRepository
from kiosk.ui import theme
from kiosk.ui.app import build_main_window, ensure_application
from kiosk.ui.main_window import MainWindow
from kiosk.ui.staff.pin_dialog import PinDialog
from kiosk.ui.staff.readiness_dialog import ReadinessDialog
from tests.helpers.watch import make_ready

BASELINE = Vitals(128, 82, 72, 98)
OVERRIDE = "Patient's driver had to leave; alert, walking well, vitals at baseline"


def watch_day(data: Path, clock: FakeClock) -> tuple[int, list[int]]:
    """Five of today's patients, one in each state of the watch; the nurse's id and the
    intakes (waiting, vitals overdue, observation, ready, discharged by override)."""
    context = open_context(data, clock=clock)
    ids = make_demo(context, 5, clock.now().date(), seed=7)
    staff = StaffRepository(context.db, clock, context.forms.settings.staff)
    member = staff.add("Nora Nurse", Role.NURSE, "482915")
    nurse = Signer(member.id, member.name)
    station = StationService.on(context)
    chair, watching, ready, gone = ids[1], ids[2], ids[3], ids[4]
    station.record_vitals(chair, Phase.PRE, BASELINE, nurse)
    station.mark_infusion(chair, Mark.STARTED, nurse)
    clock.advance(25 * 60)  # no vitals since: overdue
    for row in station.board(clock.now().date()):
        for flag in row.open_alerts:  # seen: the banner leaves the board to the rows
            station.acknowledge(flag.id, nurse)
    make_ready(station, watching, nurse, minutes_ago=18)
    make_ready(station, ready, nurse)
    station.record_vitals(gone, Phase.PRE, BASELINE, nurse)
    station.mark_infusion(gone, Mark.STARTED, nurse)
    station.discharge(
        gone,
        driver_name="Pat Driver",
        driver_phone="555 123 4567",
        driver_present=True,
        nurse=nurse,
        override_reason=OVERRIDE,
    )
    context.close()
    return member.id, ids


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    app = ensure_application()
    pins.DEFAULT_COST = 2**10
    clock = FakeClock(datetime(2026, 11, 21, 17, 30, tzinfo=UTC))
    data = Path(tempfile.mkdtemp())
    nurse, ids = watch_day(data, clock)
    extra = QTranslator()
    extra_loaded = len(sys.argv) > 2 and extra.load(sys.argv[2])
    PinDialog.ask = classmethod(lambda cls, *a, **k: (nurse, "482915"))  # type: ignore[method-assign,assignment]
    for language in ("en", "es"):
        if language == "es" and extra_loaded:
            QCoreApplication.installTranslator(extra)
        for size in ("normal", "extra_large"):
            shoot(app, data, clock=clock, language=language, size=size, ids=ids, out=out)
    return 0


def shoot(
    app: QApplication,
    data: Path,
    *,
    clock: FakeClock,
    language: str,
    size: str,
    ids: list[int],
    out: Path,
) -> None:
    """The board, the intake in observation, and the checklist, in one language and size."""
    window = build_main_window(data, clock=clock)
    assert isinstance(window, MainWindow)
    window.resize(1280, 800)
    window.session.begin(language, size)
    window.translations.use(language)
    window.setStyleSheet(theme.stylesheet(size))
    window.show()
    QTest.qWaitForWindowExposed(window)

    def grab(widget: QWidget, name: str) -> None:
        app.processEvents()
        QTest.qWait(150)
        widget.grab().save(str(out / f"watch-{name}-{language}-{size}.png"))

    window.wipe = lambda: None  # type: ignore[method-assign]  # keep this language and size
    window.open_staff()
    station = window.station
    assert station is not None
    station.board.refresh()
    grab(window, "board")
    station.open_intake(ids[2])
    grab(window, "detail")
    record = station.station.intake(ids[3])
    dialog = ReadinessDialog(
        station.forms.readiness,
        record,
        language,
        lambda a, c: station.station.score_readiness(record, a, c),
        window,
    )
    dialog.setStyleSheet(theme.stylesheet(size))
    for item, option in {"ambulation": "with_help", "nausea": "moderate"}.items():
        dialog.options[item][option].click()
    for item in ("pain", "bleeding"):
        dialog.options[item]["minimal"].click()
    dialog.requirements["escort_present"].click()
    dialog.show()
    grab(dialog, "readiness")
    dialog.close()
    window.allow_close = True
    window.close()
    window.context.close()


if __name__ == "__main__":
    sys.exit(main())
