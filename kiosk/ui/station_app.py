"""The nurse station on the clinic server as a program: the application, the desk, the window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kiosk.core.forms import FormsBundle
from kiosk.services.admin_session import ENV_ADMIN_CREDENTIAL, AdminSetupError, admin_target
from kiosk.services.context import clinic_clock, default_data_dir
from kiosk.services.station_desk import StationDesk, Target
from kiosk.ui import theme
from kiosk.ui.app import _loop, _prepare, ensure_application
from kiosk.ui.i18n import Translations
from kiosk.ui.staff.server_window import StationWindow

WINDOW_SIZE = (1280, 800)


def build_station(
    desk: StationDesk, language: str = "en", *, admin: Target | None = None
) -> StationWindow:
    """The station's window on ``desk`` in ``language`` (en, es), not yet shown; closing it
    ends the desk's session. ``admin``: the server with the station's admin login, for the
    admin pages (None: none)."""
    ensure_application()
    translations = Translations()
    translations.use(language)
    window = StationWindow(desk, translations, admin=admin)
    window.setStyleSheet(theme.stylesheet())
    window.resize(*WINDOW_SIZE)
    return window


def station_admin(forms: FormsBundle, data_dir: Path | None) -> Target | None:
    """The server with this station's admin login, when one is set ([server] admin_credential
    or $KIOSK_SERVER_ADMIN_CREDENTIAL); a wrong one is said on stderr and the station has no
    admin pages."""
    try:
        return admin_target(forms, data_dir or default_data_dir())
    except AdminSetupError as problem:
        if os.environ.get(ENV_ADMIN_CREDENTIAL) or forms.settings.server.admin_credential:
            sys.stderr.write(f"kiosk: no admin pages on this station: {problem}\n")
        return None


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
    window = build_station(desk, language, admin=station_admin(forms, data_dir))
    if windowed:
        window.show()
    else:
        window.showMaximized()
    try:
        return _loop(app)
    finally:
        window.shut()
