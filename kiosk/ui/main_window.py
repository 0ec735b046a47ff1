"""The kiosk window: header, the current patient screen, idle guard, lockdown, staff corner."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QClipboard, QGuiApplication, QPixmapCache, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.consent import StaffAccounts, Witness
from kiosk.core.idle import IdlePolicy
from kiosk.core.session import ConsentRenderer, Outcome, StepKind
from kiosk.core.staff import StaffMember
from kiosk.services.context import KioskContext
from kiosk.services.intake import start_session
from kiosk.services.staff import StaffService
from kiosk.ui import theme
from kiosk.ui.i18n import Translations
from kiosk.ui.patient.crisis import CrisisScreen
from kiosk.ui.patient.done import DoneScreen
from kiosk.ui.patient.faults import SAVE_ERRORS, SaveFault, save_fault
from kiosk.ui.patient.frame import ScreenFrame
from kiosk.ui.patient.front_desk import FrontDeskScreen
from kiosk.ui.patient.identify import IdentifyScreen
from kiosk.ui.patient.item import ItemScreen
from kiosk.ui.patient.page import PageScreen
from kiosk.ui.patient.reading import PageWatch, present
from kiosk.ui.patient.scrub import scrub
from kiosk.ui.patient.start_over import StartOverCard
from kiosk.ui.patient.welcome import WelcomeScreen
from kiosk.ui.sync_link import SyncLink
from kiosk.ui.widgets.buttons import text_label, touch_button
from kiosk.ui.widgets.idle_guard import IdleGuard
from kiosk.ui.widgets.idle_overlay import IdleOverlay
from kiosk.ui.widgets.kiosk_window import KioskWindow
from kiosk.ui.widgets.read_aloud import ReadAloudButton, reader, stop_reading

if TYPE_CHECKING:
    from kiosk.services.station_desk import StationDesk
    from kiosk.ui.staff.station import StationView

log = logging.getLogger("kiosk.ui.patient")


class MainWindow(KioskWindow):
    """Shows exactly one patient screen at a time; a wipe rebuilds everything.

    When saving fails, ``fault`` holds what happened (a SaveFault: kind, step, error, advice,
    never patient text) and ``save_failed`` carries it; the front desk screen then stays until
    a staff member signs in, and ``fault`` is cleared when that staff session locks.
    """

    screen_changed = Signal(str)  # the new screen's class name
    save_failed = Signal(object)  # a SaveFault, as the front desk screen appears

    def __init__(
        self,
        context: KioskContext,
        render_consent: ConsentRenderer,
        *,
        kiosk_mode: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(kiosk_mode=kiosk_mode, parent=parent)
        self.context = context
        self.staff = StaffService(context)
        self.station: StationView | None = None
        self.fault: SaveFault | None = None
        # The page and item screens, made once and refilled step after step, patient after
        # patient, rather than made again; emptied whenever a patient is forgotten.
        self._kept: dict[StepKind, ScreenFrame] = {}
        self.server_link = SyncLink()  # the start replaces it with the running sync (kiosk.ui.app)
        settings = context.forms.settings
        self.translations = Translations()
        self.session = start_session(context, render_consent)
        self.session.subscribe(self._sync)
        self.idle = IdleGuard(
            IdlePolicy(
                context.clock,
                settings.kiosk.idle_timeout_seconds,
                settings.kiosk.idle_warning_seconds,
            ),
            self,
        )
        self.idle.watch_application()
        self.setWindowTitle(settings.clinic.name)
        self.translations.use(self.session.language)

        root = QWidget()
        root.setObjectName("KioskRoot")
        self.root_layout = QVBoxLayout(root)
        self.root_layout.setContentsMargins(0, 0, 0, 0)
        self.root_layout.setSpacing(0)
        header = self._build_header(settings.clinic.name)
        self.stack = QStackedWidget()
        self.root_layout.addWidget(header)
        self.root_layout.addWidget(self.stack, 1)
        self.modes = QStackedWidget()
        self.modes.addWidget(root)
        self.patient_root = root
        self.setCentralWidget(self.modes)
        self.overlay = IdleOverlay(root)
        self.overlay.still_here.connect(self._still_here)
        self.idle.warn.connect(self.overlay.warn)
        self.idle.warn.connect(self._warned)  # after the overlay's: hidden before it is painted
        reader().speaking_changed.connect(self._reading)
        self.idle.expired.connect(self.wipe)
        self.start_over_card = StartOverCard(root)
        self.start_over_card.confirmed.connect(self.start_over)
        self.start_over_card.kept.connect(self.start_over_card.hide)

        method = QGuiApplication.inputMethod()
        method.visibleChanged.connect(self._keyboard_changed)
        method.keyboardRectangleChanged.connect(self._keyboard_changed)

        self._apply_size("normal")
        self.retranslate()
        self.show_welcome()

    def _build_header(self, clinic_name: str) -> QWidget:
        """Clinic name, the progress bar and the discreet staff corner."""
        header = QWidget()
        header.setObjectName("Header")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        header_layout = QHBoxLayout(header)
        header_layout.setContentsMargins(24, 0, 0, 0)
        self.clinic_label = text_label(clinic_name, "ClinicName", wrap=False)
        self.clinic_label.setMinimumWidth(160)  # a long name is cut before the buttons are
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(480)
        self.start_over_button = touch_button("", role="StartOver")
        self.start_over_button.clicked.connect(self.ask_start_over)
        self.start_over_button.hide()
        self.staff_corner = touch_button("⋯", role="StaffCorner")
        self.staff_corner.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.staff_corner.clicked.connect(self.open_staff)
        header_layout.addWidget(self.clinic_label)
        header_layout.addStretch(1)
        header_layout.addWidget(self.progress)
        header_layout.addStretch(1)
        self.read_button = ReadAloudButton(self.current_screen)  # audio help, on every screen
        header_layout.addWidget(self.read_button)
        header_layout.addSpacing(16)
        header_layout.addWidget(self.start_over_button)
        header_layout.addSpacing(32)  # well apart from the staff corner
        header_layout.addWidget(self.staff_corner)
        return header

    def changeEvent(self, event: QEvent) -> None:
        """Names for screen readers follow the language."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Every text the window itself owns, in the current language."""
        self.setAccessibleName(self.tr("Check-in kiosk"))
        self.progress.setAccessibleName(self.tr("Progress"))
        self.staff_corner.setAccessibleName(self.tr("Staff"))
        self.start_over_button.setText(self.tr("Stop and start over"))
        self.start_over_button.setAccessibleName(self.tr("Stop and start over"))

    def showEvent(self, event: QShowEvent) -> None:
        """The first screen is presented (focus on its heading) once the window shows."""
        super().showEvent(event)
        if self.modes.currentWidget() is self.patient_root and self.stack.currentWidget():
            present(self.current_screen())

    # --- screens ----------------------------------------------------------------------------

    def current_screen(self) -> QWidget:
        """The patient screen on display."""
        widget = self.stack.currentWidget()
        assert widget is not None
        return widget

    def _show(self, screen: QWidget) -> None:
        stop_reading()  # what was being read belongs to the screen going
        old = self.stack.currentWidget()
        if screen is not old:
            if self.stack.indexOf(screen) < 0:
                self.stack.addWidget(screen)
                PageWatch(screen)  # a screen of pages (consent) presents each page as it comes
            self.stack.setCurrentWidget(screen)
            if isinstance(old, PageScreen | ItemScreen):
                old.let_go()  # kept or not, it holds nothing of the patient from now on
            if old is not None and old not in self._kept.values():
                self.stack.removeWidget(old)
                scrub(old)
                old.deleteLater()
        # Lay a refilled screen out now, not when events are next processed: the next touch
        # must land where the screen shows its answers (and a screen made anew costs nothing).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self._update_progress()
        self.start_over_card.hide()
        self.start_over_button.setVisible(
            isinstance(screen, ScreenFrame | CrisisScreen) or _is_consent(screen)
        )
        present(screen)  # focus on its heading, which is announced
        self.screen_changed.emit(type(screen).__name__)

    def refilled_screens(self) -> list[QWidget]:
        """The page and item screens kept from patient to patient (empty between them)."""
        return list(self._kept.values())

    def _empty_kept(self) -> None:
        """Empty the screens kept for refilling (texts, answers, the page's questions): they
        wait, holding nothing of the patient just forgotten, for the next one."""
        for screen in self._kept.values():
            if isinstance(screen, PageScreen | ItemScreen):
                screen.empty()

    def _page_screen(self) -> PageScreen:
        """The checklist page screen, refilled with the current page (made at the first)."""
        page = self._kept.get(StepKind.PAGE)
        if isinstance(page, PageScreen):
            page.refill()
            return page
        page = PageScreen(self.session)
        page.save_failed.connect(self.show_front_desk)
        self._kept[StepKind.PAGE] = page
        return page

    def _item_screen(self) -> ItemScreen:
        """The PHQ-9/GAD-7 item screen, refilled with the current item (made at the first, and
        again when an instrument's answers differ from the last one's)."""
        item = self._kept.get(StepKind.ITEM)
        if isinstance(item, ItemScreen) and item.fits():
            item.refill()
            return item
        if item is not None:
            del self._kept[StepKind.ITEM]
            if item is not self.stack.currentWidget():
                self.stack.removeWidget(item)
                scrub(item)
                item.deleteLater()
        item = ItemScreen(self.session)
        item.save_failed.connect(self.show_front_desk)
        self._kept[StepKind.ITEM] = item
        return item

    def show_welcome(self) -> None:
        """The Welcome screen in the kiosk's default language."""
        settings = self.context.forms.settings
        screen = WelcomeScreen(settings.clinic.name, self.session.language, self.session.text_size)
        screen.language_chosen.connect(self._choose_language)
        screen.size_chosen.connect(self._apply_size)
        screen.start_requested.connect(self.start)
        self._show(screen)

    def _choose_language(self, language: str) -> None:
        self.session.begin(language, self.session.text_size)
        self.translations.use(language)

    def _apply_size(self, text_size: str) -> None:
        self.session.begin(self.session.language, text_size)
        sheet = theme.stylesheet(text_size)
        if sheet != self.styleSheet():  # a new sheet re-polishes every widget in the window
            self.setStyleSheet(sheet)

    def start(self) -> None:
        """Welcome's Start: identify next, and the idle guard watches."""
        with self.idle.aside():
            screen = IdentifyScreen(self.session)
            screen.cancelled.connect(self.wipe)
            screen.save_failed.connect(lambda error: self.show_front_desk(error, "identify"))
            self._show(screen)
        self.idle.start()

    def _sync(self) -> None:
        """Build (or refill) the screen of the session's current step."""
        if not self.session.started:
            return
        with self.idle.aside():
            self._step_screen()

    def _step_screen(self) -> None:
        step = self.session.current
        settings = self.context.forms.settings
        screen: QWidget
        if self.session.calm_message_due:
            clinic = settings.clinic
            crisis = CrisisScreen(clinic.crisis_line, clinic.emergency_number)
            crisis.continued.connect(self._calm_message_seen)
            screen = crisis
        elif step.kind is StepKind.PAGE:
            screen = self._page_screen()
        elif step.kind is StepKind.ITEM:
            screen = self._item_screen()
        elif step.kind is StepKind.CONSENT:
            # The consent screens (QtPdf, the signing ways) load with the first consent.
            from kiosk.ui.patient.consent import ConsentScreen  # noqa: PLC0415

            consent = ConsentScreen(self.session, witness_sign_in=self._witness_sign_in)
            consent.save_failed.connect(self.show_front_desk)
            screen = consent
        else:
            done = DoneScreen(
                settings.kiosk.done_return_seconds,
                already_done=self.session.outcome is Outcome.ALREADY_DONE,
            )
            done.finished.connect(self.wipe)
            screen = done
        self._show(screen)

    def _witness_sign_in(self, parent: QWidget, message: str) -> Witness | None:
        """A staff member signs in to witness a patient's consent (None: cancelled, or the
        sign-in could not be saved, which the front desk screen says). As in the staff corner, a
        kiosk with a clinic server and a station credential signs the witness in on the server
        (wrong PINs counted there); when the server cannot be reached, on this kiosk, the prompt
        saying so. The idle guard waits meanwhile: a wipe under the open PIN prompt would take
        the consent screen from beneath it."""
        from kiosk.ui.staff.gate import sign_in  # noqa: PLC0415  (loaded when staff are needed)

        self.idle.stop()
        try:
            desk = self._clinic_desk()
            if desk is not None:
                from kiosk.services.station_desk import ServerAwayError  # noqa: PLC0415

                try:
                    member = sign_in(parent, desk, self.context.clock, message)
                except ServerAwayError as exc:
                    log.warning("the witness signs in on this kiosk: %s", exc)
                    away = self.tr(
                        "The clinic server cannot be reached: sign in with your PIN on this kiosk."
                    )
                    message = "⚠ " + away + "\n" + message
                else:
                    return _witness(member, StaffAccounts.SERVER)
                finally:
                    desk.close()
            try:
                member = sign_in(parent, self.staff, self.context.clock, message)
            except SAVE_ERRORS as error:
                self.show_front_desk(error, "witness sign-in")
                return None
            return _witness(member, StaffAccounts.KIOSK)
        finally:
            if self.session.started:
                self.idle.start()

    def _calm_message_seen(self) -> None:
        # Not connected to the session's method itself: PySide keeps a record of every
        # connection to a plain object's method for as long as the kiosk runs.
        self.session.calm_message_seen()

    def _update_progress(self) -> None:
        screen = self.stack.currentWidget()
        show = self.session.started and (isinstance(screen, ScreenFrame) or _is_consent(screen))
        self.progress.setVisible(show)
        if show:
            number, total = self.session.position()
            # setValue repaints at once; painted instead with the new screen, in one go.
            self.progress.setUpdatesEnabled(False)
            self.progress.setRange(0, total)
            self.progress.setValue(number)
            self.progress.setUpdatesEnabled(True)

    # --- faults -----------------------------------------------------------------------------

    def show_front_desk(self, error: BaseException, step: str | None = None) -> None:
        """Saving failed: log why, forget the patient on screen, and ask them to see the front desk.

        The step that failed is not confirmed; every step confirmed before it stays stored.
        The screen takes no input and stays until a staff member signs in: a kiosk that
        cannot save must not invite the next person to type in answers it would lose.
        """
        fault = save_fault(
            error,
            step or self.session.current.key,
            self.session.intake_id,
            self.context.clock.now(),
        )
        log.error(fault.log_line())
        self.fault = fault
        self._forget_patient()
        self._show(FrontDeskScreen(fault.kind))
        self.save_failed.emit(fault)

    # --- idle, start over and wipe ----------------------------------------------------------

    def _reading(self, _speaking: bool) -> None:
        """A reading's start and end count as the patient's activity."""
        if self.idle.enabled and not self.overlay.isVisible():
            self.idle.policy.touch()

    def _warned(self, _seconds_left: int) -> None:
        """No "Are you still there?" while the kiosk reads to the patient (a consent read out
        takes minutes); the wait starts again when the reading ends."""
        if reader().speaking():
            self._still_here()

    def _still_here(self) -> None:
        self.overlay.hide()
        self.idle.still_here()

    def ask_start_over(self) -> None:
        """The header's "Stop and start over": ask first (a touch by mistake costs nothing)."""
        self.start_over_card.ask()

    def start_over(self) -> None:
        """The patient chose to stop: wipe and go back to Welcome; confirmed steps stay stored."""
        log.info("patient started over step=%s", self.session.current.key)
        self.wipe()

    def wipe(self) -> None:
        """Forget the patient on screen: confirmed steps stay stored for the nurse."""
        with self.idle.aside():
            self._forget_patient()
            self.translations.use(self.session.language)
            self._apply_size("normal")
            self.show_welcome()

    def _forget_patient(self) -> None:
        """Everything of the patient outside the screen itself: the session, clipboard, input."""
        self.idle.stop()
        stop_reading()  # nothing of this patient's screens is read on
        self.overlay.hide()
        self.start_over_card.hide()
        self.session.forms = self.context.forms  # a consent version published meanwhile
        self.session.reset()
        self._empty_kept()
        clipboard = QGuiApplication.clipboard()
        clipboard.clear(QClipboard.Mode.Clipboard)
        if clipboard.supportsSelection():  # X11's selection holds whatever was last selected
            clipboard.clear(QClipboard.Mode.Selection)
        QGuiApplication.inputMethod().reset()  # text being composed on the on-screen keyboard
        # Qt's pixmap cache keeps a reference to pictures it painted: the signed copy's page
        # images (the patient's name and signature, ~4 MB) stayed in it after they left, until
        # other pictures pushed them out. Style pictures in it are simply made again.
        QPixmapCache.clear()
        self.context.release_memory()  # the database's decrypted pages of this patient

    # --- on-screen keyboard -----------------------------------------------------------------

    def _keyboard_changed(self) -> None:
        """Keep the focused field above the on-screen keyboard."""
        method = QGuiApplication.inputMethod()
        self.translations.sync_keyboard()  # the keyboard is made when first shown
        height = int(method.keyboardRectangle().height()) if method.isVisible() else 0
        self.root_layout.setContentsMargins(0, 0, 0, height)

    # --- staff corner and lockdown ----------------------------------------------------------

    def open_staff(self) -> None:
        """The discreet corner: staff sign-in, then the station (the patient screen is wiped
        first). A kiosk with a clinic server and a station credential signs staff in on the
        server and shows the clinic's board; when the server cannot be reached, staff sign in
        on this kiosk and the board, of this kiosk's patients only, says so."""
        # The staff side (sign-in, dialogs) loads at the first touch of the corner, not before
        # Welcome is painted.
        from kiosk.ui.staff.dialogs import Notice  # noqa: PLC0415
        from kiosk.ui.staff.faults import advice_for  # noqa: PLC0415
        from kiosk.ui.staff.gate import sign_in  # noqa: PLC0415

        self.idle.stop()
        desk = self._clinic_desk()
        message = scope = ""
        if desk is not None:
            from kiosk.services.station_desk import ServerAwayError  # noqa: PLC0415

            try:
                member = sign_in(self, desk, self.context.clock)
            except ServerAwayError:
                desk.close()
                message = "⚠ " + self.tr(
                    "The clinic server cannot be reached: sign in with your PIN on this kiosk."
                )
                scope = "⚠ " + self.tr(
                    "Local only: this kiosk's patients. The clinic server cannot be reached."
                )
            else:
                if member is None:
                    desk.close()
                    self._staff_cancelled()
                    return
                self.wipe()
                from kiosk.ui.staff.station import StationView  # noqa: PLC0415

                self._show_station(
                    StationView.on_clinic_server(
                        self.context, desk, member, self._language, sync=self._server_link
                    )
                )
                return
        try:
            member = sign_in(self, self.staff, self.context.clock, message)
        except SAVE_ERRORS as error:  # the database failed under the sign-in itself
            self.show_front_desk(error, "staff sign-in")
            Notice.show_message(
                self,
                "⚠ "
                + self.tr("The sign-in could not be saved, so the station cannot open.")
                + " "
                + advice_for(error),
            )
            return
        if member is None:
            self._staff_cancelled()
            return
        self.wipe()
        # The station (discharge, printing, the admin pages) loads with the first sign-in, not
        # before Welcome is painted: the patient screens never need it.
        from kiosk.ui.staff.station import StationView  # noqa: PLC0415

        self._show_station(
            StationView.on_kiosk(
                self.context, member, self._language, sync=self._server_link, scope=scope
            )
        )

    def _clinic_desk(self) -> StationDesk | None:
        """The clinic server's station for the corner (None: this kiosk's own staff and board:
        no server, no station credential, or its settings are wrong, which the log says)."""
        from kiosk.services.station_desk import (  # noqa: PLC0415
            StationDesk,
            StationSetupError,
            corner_target,
        )

        try:
            target = corner_target(self.context.forms, self.context.data_dir)
        except StationSetupError as exc:
            log.warning("the staff corner stays on this kiosk: %s", exc)
            return None
        if target is None:
            return None
        return StationDesk(
            target, self.context.forms, self.context.clock, data_dir=self.context.data_dir
        )

    def _staff_cancelled(self) -> None:
        if self.session.started:
            self.idle.start()

    def _language(self) -> str:
        return self.translations.language

    def _show_station(self, station: StationView) -> None:
        self.station = station
        self.station.locked.connect(self.lock_station)
        self.modes.addWidget(self.station)
        self.modes.setCurrentWidget(self.station)
        self.screen_changed.emit("StationView")

    def _server_link(self) -> SyncLink:
        return self.server_link

    def lock_station(self) -> None:
        """The staff side locked (by hand or idle): back to Welcome, nothing of it left."""
        station = self.station
        self.station = None
        self.modes.setCurrentWidget(self.patient_root)
        if station is not None:
            self.modes.removeWidget(station)
            scrub(station)
            station.deleteLater()
        self.fault = None  # a staff member has seen to the kiosk
        self.wipe()

    def closing(self) -> None:
        """Lock the station and stop watching for touches before the window closes."""
        if self.station is not None:
            self.station.lock()
        self.idle.unwatch_application()
        self.idle.stop()


def _witness(member: StaffMember | None, accounts: StaffAccounts) -> Witness | None:
    """The staff member signed in as a witness, with whose accounts they are one of."""
    return None if member is None else Witness(member.id, member.name, accounts)


def _is_consent(screen: QWidget | None) -> bool:
    """Whether ``screen`` is the consent's (its module is loaded when the first one is made)."""
    module = sys.modules.get("kiosk.ui.patient.consent")
    return module is not None and isinstance(screen, module.ConsentScreen)
