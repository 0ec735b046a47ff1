"""QApplication set-up, the in-process entry ``build_main_window`` and ``run_kiosk``."""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from kiosk.context import KioskContext, clinic_clock, forms_dir, open_context
from kiosk.core.clock import Clock, today
from kiosk.core.forms import load_forms
from kiosk.documents.consent_pdf import render_consent
from kiosk.forms_audit import record_forms_changes
from kiosk.storage import engine
from kiosk.storage.audit import AuditLog
from kiosk.storage.backup import daily_backup
from kiosk.storage.db import StorageError
from kiosk.ui import theme
from kiosk.ui.main_window import MainWindow
from kiosk.ui.recovery import RecoveryWindow

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
        log.info("daily backup path=%s", made)
        try:
            AuditLog(context.db, context.clock).record("kiosk", "backup", str(made), daily=True)
        except engine.Error as problem:
            log.warning("daily backup not audited: %s", problem)
    return made


def note_forms_changes(context: KioskContext) -> list[str]:
    """Audit settings and form files changed since the last start; never raises."""
    try:
        return record_forms_changes(context.db, context.clock, context.forms_folder or forms_dir())
    except (StorageError, engine.Error, OSError) as problem:
        log.warning("settings and forms changes not audited: %s", problem)
        return []


def run_kiosk(context: KioskContext, *, windowed: bool) -> int:
    """Run the kiosk until it is closed; full screen and locked down unless ``windowed``."""
    app = _prepare(windowed)
    _start_kiosk(context, windowed=windowed)
    return _loop(app)


def run_recovery(
    problem: StorageError, data_dir: Path, *, forms_folder: Path | None, windowed: bool
) -> int:
    """The recovery screen instead of check-in (the database could not be opened); once staff
    have restored a backup or put the problem right, the normal kiosk carries on."""
    app = _prepare(windowed)
    forms = load_forms(forms_dir(forms_folder))
    recovery = RecoveryWindow(
        problem,
        data_dir,
        forms,
        clinic_clock(forms),
        forms_folder=forms_folder,
        kiosk_mode=not windowed,
    )
    opened: list[KioskContext] = []

    def carry_on(context: KioskContext) -> None:
        opened.append(context)
        _start_kiosk(context, windowed=windowed)
        recovery.allow_close = True
        recovery.close()
        recovery.deleteLater()

    recovery.recovered.connect(carry_on)
    _show(recovery, windowed)
    log.warning("recovery screen data_dir=%s problem=%s", data_dir, problem)
    try:
        return _loop(app)
    finally:
        for context in opened:
            context.close()


def _prepare(windowed: bool) -> QApplication:
    """The application, with the on-screen keyboard in kiosk mode and SIGTERM/Ctrl+C handled."""
    if not windowed and "QT_IM_MODULE" not in os.environ:
        os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
    app = ensure_application()
    if os.environ.get("QT_IM_MODULE") == "qtvirtualkeyboard" and not virtual_keyboard_available():
        log.warning("Qt's virtual keyboard plugin is missing: no on-screen keyboard")
    # SIGTERM (systemd, a test) and Ctrl+C stop the kiosk cleanly, even in kiosk mode.
    # The exit is queued, so a signal arriving just before the event loop starts still ends it.
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: QTimer.singleShot(0, lambda: app.exit(0)))
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)  # lets Python run signal handlers during Qt's loop
    wake.start(200)
    return app


def _show(window: QMainWindow, windowed: bool) -> None:
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    if windowed:
        window.resize(1280, 800)
        window.show()
    else:
        window.showFullScreen()


def _start_kiosk(context: KioskContext, *, windowed: bool) -> MainWindow:
    """The patient window on screen, today's backup, and the hourly look for the next one."""
    window = build_window(context, kiosk_mode=not windowed)
    _show(window, windowed)
    note_forms_changes(context)
    take_daily_backup(context)
    backups = QTimer(window)
    backups.timeout.connect(lambda: take_daily_backup(context))
    backups.start(BACKUP_CHECK_MS)
    log.info("ready data_dir=%s mode=%s", context.data_dir, "windowed" if windowed else "kiosk")
    return window


def _loop(app: QApplication) -> int:
    code = app.exec()
    log.info("stopped code=%s", code)
    return code
