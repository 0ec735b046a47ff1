"""QApplication set-up, the in-process entry ``build_main_window`` and ``run_kiosk``."""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from kiosk.context import KioskContext, open_context
from kiosk.core.clock import Clock, today
from kiosk.documents.consent_pdf import render_consent
from kiosk.storage.audit import AuditLog
from kiosk.storage.backup import daily_backup
from kiosk.storage.db import StorageError
from kiosk.ui import theme
from kiosk.ui.main_window import MainWindow

APP_ID = "infusion-kiosk"
BACKUP_CHECK_MS = 60 * 60 * 1000  # look once an hour whether today's backup is there
log = logging.getLogger("kiosk.ui")


def ensure_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created once with the shipped fonts."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or [sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_ID)
    theme.load_fonts()
    return app


def virtual_keyboard_available() -> bool:
    """Whether Qt's virtual keyboard plugin ships with this Qt."""
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    return any((plugins / "platforminputcontexts").glob("*qtvirtualkeyboard*"))


def build_window(context: KioskContext, *, kiosk_mode: bool = False) -> MainWindow:
    """The main window on an opened context; the window closes the context when destroyed."""
    ensure_application()
    window = MainWindow(context, render_consent, kiosk_mode=kiosk_mode)
    window.destroyed.connect(context.close)
    return window


def build_main_window(
    data_dir: Path,
    *,
    clock: Clock | None = None,
    forms_dir: Path | None = None,
    kiosk_mode: bool = False,
) -> QMainWindow:
    """The whole app on ``data_dir`` (database created and migrated if new), not yet shown."""
    context = open_context(data_dir, forms_folder=forms_dir, clock=clock)
    return build_window(context, kiosk_mode=kiosk_mode)


def take_daily_backup(context: KioskContext) -> Path | None:
    """Today's automatic backup if the settings ask for one and it is not there yet; never raises."""
    settings = context.forms.settings.backup
    if not settings.daily:
        return None
    folder = Path(settings.folder) if settings.folder else context.data_dir / "backups"
    try:
        made = daily_backup(context.db, folder, settings.keep, today(context.clock))
    except StorageError as problem:
        log.warning("daily backup failed: %s", problem)
        return None
    if made is not None:
        AuditLog(context.db, context.clock).record("kiosk", "backup", str(made), daily=True)
        log.info("daily backup path=%s", made)
    return made


def run_kiosk(context: KioskContext, *, windowed: bool) -> int:
    """Run the kiosk until it is closed; full screen and locked down unless ``windowed``."""
    if not windowed and "QT_IM_MODULE" not in os.environ:
        os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
    app = ensure_application()
    if os.environ.get("QT_IM_MODULE") == "qtvirtualkeyboard" and not virtual_keyboard_available():
        log.warning("Qt's virtual keyboard plugin is missing: no on-screen keyboard")
    window = build_window(context, kiosk_mode=not windowed)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    if windowed:
        window.resize(1280, 800)
        window.show()
    else:
        window.showFullScreen()
    # SIGTERM (systemd, a test) and Ctrl+C stop the kiosk cleanly, even in kiosk mode.
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: app.exit(0))
    wake = QTimer(window)
    wake.timeout.connect(lambda: None)  # lets Python run signal handlers during Qt's loop
    wake.start(200)
    take_daily_backup(context)
    backups = QTimer(window)
    backups.timeout.connect(lambda: take_daily_backup(context))
    backups.start(BACKUP_CHECK_MS)
    log.info("ready data_dir=%s mode=%s", context.data_dir, "windowed" if windowed else "kiosk")
    code = app.exec()
    log.info("stopped code=%s", code)
    return code
