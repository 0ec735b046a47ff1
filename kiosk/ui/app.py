"""QApplication set-up, the in-process entry ``build_main_window``, ``run_kiosk`` and a start."""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMainWindow

from kiosk.core.clock import Clock
from kiosk.core.forms import FormsBundle, load_forms
from kiosk.services.context import (
    KioskContext,
    clinic_clock,
    database_path,
    forms_dir,
    open_context,
)
from kiosk.services.faults import StorageError
from kiosk.services.intake import CONSENT_RENDERER
from kiosk.services.process_memory import return_large_blocks
from kiosk.ui import accessibility, theme
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.welcome import WelcomeScreen
from kiosk.ui.start_check import StartCheck
from kiosk.ui.sync_link import SyncLink

if TYPE_CHECKING:
    from kiosk.ui.recovery import RecoveryWindow

APP_ID = "infusion-kiosk"
BACKUP_CHECK_MS = 60 * 60 * 1000  # look once an hour whether today's backup is there
log = logging.getLogger("kiosk.ui")


def ensure_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created once with the shipped fonts."""
    return_large_blocks()  # a kiosk runs for weeks: freed pictures and PDFs go back at once
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or [sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_ID)
    accessibility.install()  # before any accessible interface is made
    theme.load_fonts()
    return app


def virtual_keyboard_available() -> bool:
    """Whether Qt's virtual keyboard plugin ships with this Qt."""
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    return any((plugins / "platforminputcontexts").glob("*qtvirtualkeyboard*"))


def build_window(context: KioskContext, *, kiosk_mode: bool = False) -> MainWindow:
    """The main window on an opened context; the window closes the context when destroyed."""
    ensure_application()
    window = MainWindow(context, CONSENT_RENDERER, kiosk_mode=kiosk_mode)
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


def run_kiosk(context: KioskContext, *, windowed: bool) -> int:
    """Run the kiosk until it is closed; full screen and locked down unless ``windowed``."""
    app = _prepare(windowed)
    start = KioskStart(context, windowed=windowed)
    start.begin()
    try:
        return _loop(app)
    finally:
        start.stop()


def run_recovery(
    problem: StorageError, data_dir: Path, *, forms_folder: Path | None, windowed: bool
) -> int:
    """The recovery screen instead of check-in (the database could not be opened); once staff
    have restored a backup or put the problem right, the normal kiosk carries on."""
    app = _prepare(windowed)
    forms = load_forms(forms_dir(forms_folder))
    starts: list[KioskStart] = []
    show_recovery(
        problem,
        data_dir,
        forms,
        clinic_clock(forms),
        forms_folder=forms_folder,
        windowed=windowed,
        started=starts.append,
    )
    try:
        return _loop(app)
    finally:
        for start in starts:
            start.stop()
            start.context.close()


def show_recovery(
    problem: StorageError,
    data_dir: Path,
    forms: FormsBundle,
    clock: Clock,
    *,
    forms_folder: Path | None,
    windowed: bool,
    started: Callable[[KioskStart], None],
) -> RecoveryWindow:
    """The recovery screen on display; once the database works again it closes itself and a
    normal kiosk start (handed to ``started``) carries on."""
    from kiosk.ui.recovery import RecoveryWindow  # noqa: PLC0415  (not needed for Welcome)

    recovery = RecoveryWindow(
        problem,
        data_dir,
        forms,
        clock,
        forms_folder=forms_folder,
        kiosk_mode=not windowed,
    )

    def carry_on(context: KioskContext) -> None:
        start = KioskStart(context, windowed=windowed)
        started(start)
        start.begin()
        recovery.allow_close = True
        recovery.close()

    recovery.recovered.connect(carry_on)
    _show(recovery, windowed)
    log.warning("recovery screen data_dir=%s problem=%s", data_dir, problem)
    return recovery


class KioskStart(QObject):
    """One start of the kiosk on an opened context (opened with the light check only).

    ``begin`` shows the patient window at once, with Welcome's Start held and "Getting ready…",
    while the full ``quick_check`` reads the whole file in a thread of its own (StartCheck).
    Sound: Start works, settings changes are audited, ``ready`` is logged, today's backup is
    taken and the clinic server sync starts when ``[server]`` is set (``sync``; wrong settings
    are told to staff on the staff side and on stderr, and the kiosk works on its own).
    Damaged (or unreadable): the recovery screen replaces the patient window, which has
    taken no intake, no backup is taken and no sync started. ``settled`` carries None or the problem found.
    """

    settled = Signal(object)

    def __init__(self, context: KioskContext, *, windowed: bool) -> None:
        super().__init__(QApplication.instance())
        self.context = context
        self.sync = SyncLink()
        self._stopped = False
        self.windowed = windowed
        self.window = build_window(context, kiosk_mode=not windowed)
        self.ready = False
        self.recovery: RecoveryWindow | None = None
        self.later: list[KioskStart] = []  # the start after a restore on the recovery screen
        self._window_gone = False
        self.check = StartCheck(database_path(context.data_dir), context.key, self)
        self.check.checked.connect(self._checked)
        self.window.screen_changed.connect(self._hold_start)
        self.window.destroyed.connect(self._gone)

    def begin(self) -> None:
        """The window on screen with Start held, and the check under way."""
        _show(self.window, self.windowed)
        self._hold_start()
        self.check.start()
        log.info("checking the database data_dir=%s", self.context.data_dir)

    def stop(self) -> None:
        """End a check still running (the kiosk is closing), and those of later starts, whose
        databases this closes (the caller closes the one it opened); stop the sync."""
        self._stopped = True
        self.check.stop()
        self.sync.stop()
        for start in self.later:
            start.stop()
            start.context.close()

    @Slot()
    def _hold_start(self) -> None:
        """Any Welcome screen shown before the check has passed keeps Start held."""
        if self._window_gone:
            return
        screen = self.window.current_screen()
        if isinstance(screen, WelcomeScreen):
            screen.set_ready(self.ready)

    @Slot()
    def _gone(self) -> None:
        self._window_gone = True

    @Slot(object)
    def _checked(self, problem: StorageError | None) -> None:
        if self._window_gone:  # closed meanwhile: nothing to make ready
            return
        if problem is None:
            self._ready()
        else:
            self._recover(problem)
        self.settled.emit(problem)

    def _ready(self) -> None:
        # Loaded once the window shows and the check has passed, not before Welcome is painted.
        from kiosk.services.backups import BackupService  # noqa: PLC0415
        from kiosk.services.forms_audit import note_forms_changes  # noqa: PLC0415

        context = self.context
        self.ready = True
        self._hold_start()
        note_forms_changes(context)
        # After the first paint and the check, never before: a backup reads the whole file too.
        daily = BackupService(context).automatic
        QTimer.singleShot(0, self.window, daily)
        QTimer.singleShot(0, self.window, self._start_sync)
        backups = QTimer(self.window)
        backups.timeout.connect(daily)
        backups.start(BACKUP_CHECK_MS)
        mode = "windowed" if self.windowed else "kiosk"
        log.info("ready data_dir=%s mode=%s", context.data_dir, mode)

    def _start_sync(self) -> None:
        """The clinic server sync, when one is configured; the staff side shows how it goes."""
        if self._stopped or self._window_gone:
            return
        self.sync = SyncLink.start(self.context)
        self.window.server_link = self.sync

    def _recover(self, problem: StorageError) -> None:
        context = self.context
        log.error("the database check at start failed: %s", problem)
        self.recovery = show_recovery(
            problem,
            context.data_dir,
            context.forms,
            context.clock,
            forms_folder=context.forms_folder,
            windowed=self.windowed,
            started=self.later.append,
        )
        self.window.allow_close = True
        self.window.close()


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


def _loop(app: QApplication) -> int:
    code = app.exec()
    log.info("stopped code=%s", code)
    return code
