"""The nurse station on the clinic server: a desktop window with staff sign-in, the clinic's
board of today that follows the server's notices, the alert banner, and the server away said
at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.idle import IdlePolicy
from kiosk.core.staff import Signer, StaffMember
from kiosk.core.text import fill_in
from kiosk.services.station_desk import Notice, ServerAwayError, StaleViewError, StationDesk
from kiosk.ui.i18n import Translations
from kiosk.ui.staff.board import BoardView
from kiosk.ui.staff.detail import IntakeDetailView
from kiosk.ui.staff.gate import refusal_text
from kiosk.ui.staff.pin_dialog import PinDialog, StaffChoice
from kiosk.ui.widgets.buttons import text_label, touch_button
from kiosk.ui.widgets.idle_guard import IdleGuard


class StationWindow(QMainWindow):
    """Sign-in, then the board; locks back to sign-in after the staff idle time. The board is
    read again on each notice of the server (no polling); while the server is away a banner
    says so and the board is marked as not current."""

    notice_heard = Signal()  # from the listener's thread to this one
    state_heard = Signal(bool, str)

    def __init__(
        self,
        desk: StationDesk,
        translations: Translations,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.translations = translations  # the station's language; back to English on close
        self.member: StaffMember | None = None
        self.signer: Signer | None = None
        self.connected: bool | None = None  # None: not known yet
        self.detail: IntakeDetailView | None = None
        self.setWindowTitle(self.tr("Nurse station"))

        self.away = text_label(
            self.tr("The clinic server cannot be reached. Retrying…"), "ServerAway"
        )
        self.away.setAccessibleName(self.tr("Server status"))
        self.away.hide()

        gate = self._gate_page()
        signed = self._signed_page(desk, self.language)
        self.pages = QStackedWidget()
        self.gate = gate
        self.signed = signed
        self.pages.addWidget(gate)
        self.pages.addWidget(signed)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.away)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(body)

        seconds = desk.forms.settings.staff.idle_lock_seconds
        self.idle = IdleGuard(IdlePolicy(desk.clock, seconds, 0), self)
        self.idle.expired.connect(self.lock)
        self.notice_heard.connect(self._on_notice)
        self.state_heard.connect(self._on_state)
        self.listener = desk.follow(self._heard, self.state_heard.emit)

    def _gate_page(self) -> QWidget:
        """Sign-in: the station's name and the Sign in button."""
        self.sign_in_button = touch_button(self.tr("Sign in"), role="Primary")
        self.sign_in_button.clicked.connect(self.sign_in)
        self.gate_message = text_label("", "Problem")
        self.gate_message.hide()
        gate = QWidget()
        gate_layout = QVBoxLayout(gate)
        gate_layout.setContentsMargins(48, 48, 48, 48)
        gate_layout.addWidget(text_label(self.tr("Nurse station"), "Title"))
        gate_layout.addWidget(
            text_label(self.tr("Staff only. Sign in with your name and PIN."), "Subtitle")
        )
        gate_layout.addWidget(self.gate_message)
        gate_layout.addWidget(self.sign_in_button)
        gate_layout.addStretch(1)
        return gate

    def _signed_page(self, desk: StationDesk, language: Callable[[], str]) -> QWidget:
        """Who is signed in, Lock, what was refused, and the board."""
        self.board = BoardView(desk.station, desk.clock, language)
        self.board.acknowledge.connect(self.acknowledge)
        self.board.open_intake.connect(self.open_intake)
        self.who = text_label("", "Subtitle")
        self.lock_button = touch_button(self.tr("Lock"), role="Secondary")
        self.lock_button.clicked.connect(self.lock)
        self.not_current = text_label(
            self.tr("Not current: the board shows what was read before the server went away."),
            "Problem",
        )
        self.not_current.hide()
        self.message = text_label("", "Problem")  # an act refused, until the next act
        self.message.hide()
        for line in (self.not_current, self.message):
            line.setContentsMargins(24, 0, 24, 0)
        bar = QHBoxLayout()
        bar.setContentsMargins(24, 8, 24, 0)
        bar.addWidget(self.who, 1)
        bar.addWidget(self.lock_button)
        self.board_pages = QStackedWidget()
        self.board_pages.addWidget(self.board)
        signed = QWidget()
        signed_layout = QVBoxLayout(signed)
        signed_layout.setContentsMargins(0, 0, 0, 0)
        signed_layout.addLayout(bar)
        signed_layout.addWidget(self.not_current)
        signed_layout.addWidget(self.message)
        signed_layout.addWidget(self.board_pages, 1)
        return signed

    def language(self) -> str:
        """The station's language now (en, es)."""
        return self.translations.language

    # --- what the listener hears (its own thread) ------------------------------------------

    def _heard(self, _notice: Notice) -> None:
        self.notice_heard.emit()

    def _on_notice(self) -> None:
        if self.member is not None:
            self.board.refresh()
            if self.detail is not None:
                self._reopen_detail()

    def _on_state(self, connected: bool, _why: str) -> None:
        self.connected = connected
        self.away.setVisible(not connected)
        self.board_pages.setEnabled(connected)
        self.not_current.setVisible(not connected and self.member is not None)
        if connected and self.member is not None:
            self.board.refresh()  # what happened while the server was away

    # --- sign-in and lock ----------------------------------------------------------------

    def sign_in(self) -> StaffMember | None:
        """Ask who and the PIN until a right PIN (signed in) or Cancel (None)."""
        try:
            members = self.desk.members()
        except ServerAwayError:
            self._gate_problem(self.tr("The clinic server cannot be reached. Retrying…"))
            return None
        if not members:
            self._gate_problem(
                self.tr(
                    "No staff accounts are on the clinic server yet. An admin adds them:"
                    " python -m kiosk server staff add"
                )
            )
            return None
        choices = [StaffChoice(m.id, m.name, m.role.value) for m in members]
        message = ""
        chosen: int | None = None
        while True:
            answer = PinDialog.ask(self, choices, message, chosen)
            if answer is None:
                return None
            chosen, pin = answer
            try:
                result = self.desk.sign_in(chosen, pin)
            except ServerAwayError:
                self._gate_problem(self.tr("The clinic server cannot be reached. Retrying…"))
                return None
            if result.ok and result.member is not None:
                self.signed_in(result.member)
                return result.member
            message = refusal_text(result, self.desk.clock)

    def _gate_problem(self, text: str) -> None:
        self.gate_message.setText("⚠ " + text)
        self.gate_message.show()

    def signed_in(self, member: StaffMember) -> None:
        """The board of today, for ``member``; the idle lock watches from now."""
        self.member = member
        self.signer = Signer(member.id, member.name)
        self.gate_message.hide()
        self.message.hide()
        self.who.setText(fill_in(self.tr("Signed in: %1 (%2)"), member.name, member.role.value))
        self.board.refresh()
        self.not_current.setVisible(self.connected is False)
        self.pages.setCurrentWidget(self.signed)
        self.idle.watch_application()
        self.idle.start()

    def lock(self) -> None:
        """Back to sign-in: nothing of the board stays on screen."""
        self.idle.stop()
        self.idle.unwatch_application()
        self.member = None
        self.signer = None
        self._drop_detail()
        self.board_pages.setCurrentWidget(self.board)
        self.board.rows = []  # nothing of the board stays behind the sign-in page
        self.board.table.setRowCount(0)
        self.board.banner.show_alerts([], self.language())
        self.message.hide()
        self.pages.setCurrentWidget(self.gate)

    # --- acts ----------------------------------------------------------------------------

    def acknowledge(self, flag_id: int) -> None:
        """The nurse saw the alert, on the version her board showed; a stale view is refused
        in words and the board read again."""
        if self.signer is None:
            return
        self.message.hide()
        try:
            self.desk.acknowledge(flag_id, self.signer)
        except StaleViewError as refused:
            self._say(
                self.tr("Not acknowledged: the patient's record changed meanwhile.")
                + " "
                + str(refused)
            )
        except ServerAwayError:
            self._say(self.tr("Not acknowledged: the clinic server cannot be reached."))
        except LookupError:
            self._say(self.tr("Not acknowledged: that alert is no longer on the server."))
        if self.connected:
            self.board.refresh()
        if self.detail is not None:
            self._reopen_detail()

    def _say(self, text: str) -> None:
        self.message.setText("⚠ " + text)
        self.message.show()

    def open_intake(self, intake_id: int) -> IntakeDetailView | None:
        """One intake in detail, read from the server (reading only in this version)."""
        if self.signer is None:
            return None
        try:
            self.desk.station.view_intake(intake_id, self.signer)
            detail = IntakeDetailView(self.desk.station, self.desk.forms, intake_id, self.language)
        except (ServerAwayError, LookupError):
            self._say(self.tr("The intake cannot be read from the clinic server now."))
            return None
        self._drop_detail()
        self._show_detail(detail)
        return detail

    def _show_detail(self, detail: IntakeDetailView) -> None:
        for button in detail.action_buttons:  # vitals, chair, discharge: not in this version
            button.hide()
        detail.back.connect(self.show_board)
        detail.acknowledge.connect(self.acknowledge)
        self.detail = detail
        self.board_pages.addWidget(detail)
        self.board_pages.setCurrentWidget(detail)

    def _reopen_detail(self) -> None:
        if self.detail is not None:
            intake_id = self.detail.intake_id
            try:
                fresh = IntakeDetailView(
                    self.desk.station, self.desk.forms, intake_id, self.language
                )
            except (ServerAwayError, LookupError):
                return
            self._drop_detail()
            self._show_detail(fresh)

    def show_board(self) -> None:
        """The board again, freshly read."""
        self._drop_detail()
        self.board_pages.setCurrentWidget(self.board)
        if self.member is not None:
            self.board.refresh()

    def _drop_detail(self) -> None:
        if self.detail is not None:
            self.board_pages.removeWidget(self.detail)
            self.detail.deleteLater()
            self.detail = None

    # --- closing -------------------------------------------------------------------------

    def shut(self) -> None:
        """Stop listening, stop the idle lock and close the server session."""
        self.idle.stop()
        self.idle.unwatch_application()
        self.listener.stop()
        self.desk.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window ends the station's session."""
        self.shut()
        super().closeEvent(event)
