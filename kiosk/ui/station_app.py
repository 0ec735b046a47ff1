"""The nurse station on the clinic server as a program: the application, the desk, the window."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.forms import FormsBundle
from kiosk.services.context import clinic_clock
from kiosk.services.station_desk import StationDesk, Target
from kiosk.ui import theme
from kiosk.ui.app import _loop, _prepare, ensure_application
from kiosk.ui.i18n import Translations
from kiosk.ui.staff.server_window import StationWindow

WINDOW_SIZE = (1280, 800)


def build_station(desk: StationDesk, language: str = "en") -> StationWindow:
    """The station's window on ``desk`` in ``language`` (en, es), not yet shown; closing it
    ends the desk's session."""
    ensure_application()
    translations = Translations()
    translations.use(language)
    window = StationWindow(desk, translations)
    window.setStyleSheet(theme.stylesheet())
    window.resize(*WINDOW_SIZE)
    return window


def run_station(
    forms: FormsBundle,
    target: Target,
    *,
    windowed: bool,
    language: str,
    data_dir: Path | None = None,
) -> int:
    """Run the station until its window is closed: an ordinary desktop window (maximised
    unless ``windowed``), never the patient's lockdown. ``data_dir``: where an aftercare sheet
    that could not be printed is saved (unless ``[printing] save_folder`` says)."""
    app = _prepare(True)  # a desktop with a keyboard: no on-screen keyboard
    desk = StationDesk(target, forms, clinic_clock(forms), data_dir=data_dir)
    window = build_station(desk, language)
    if windowed:
        window.show()
    else:
        window.showMaximized()
    try:
        return _loop(app)
    finally:
        window.shut()
