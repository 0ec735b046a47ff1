"""The nurse station on the clinic server: a desktop window with staff sign-in, then the same
station view as a kiosk's (every act, on the server's rows) on the clinic's board of today that
follows the server's notices, and the server away said at once."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.staff import StaffMember
from kiosk.services.admin_session import ServerAdmin
from kiosk.services.station_desk import Notice, ServerAwayError, StationDesk, Target
from kiosk.ui.admin.server_view import ServerAdminView
from kiosk.ui.i18n import Translations
from kiosk.ui.staff.gate import ask_pin
from kiosk.ui.staff.station import StationView
from kiosk.ui.widgets.accessible import problem_line
from kiosk.ui.widgets.buttons import text_label, touch_button


class StationWindow(QMainWindow):
    """Sign-in, then the station's view (kiosk.ui.staff.station) on the server's board: every
    act of the single kiosk's station, on the server's rows with their versions. The board is
    read again on each notice of the server (no polling); while the server is away a banner
    says so and the board is marked as not current. Locks back to sign-in after the staff idle
    time."""

    notice_heard = Signal()  # from the listener's thread to this one
    state_heard = Signal(bool, str)

    def __init__(
        self,
        desk: StationDesk,
        translations: Translations,
        parent: QWidget | None = None,
        *,
        admin: Target | None = None,
    ) -> None:
        """``admin``: the clinic server with this station's admin login (``server
        admin-login``), for an admin's admin pages; None: the station has none."""
        super().__init__(parent)
        self.desk = desk
        self.admin = admin
        self.translations = translations  # the station's language; back to English on close
        self.view: StationView | None = None
        self.connected: bool | None = None  # None: not known yet
        self.setWindowTitle(self.tr("Nurse station"))

        self.away = text_label(
            self.tr("The clinic server cannot be reached. Retrying…"), "ServerAway"
        )
        self.away.setAccessibleDescription(self.tr("Server status"))  # read by its words
        self.away.hide()

        self.gate = self._gate_page()
        self.signed = QWidget()
        self.signed_layout = QVBoxLayout(self.signed)
        self.signed_layout.setContentsMargins(0, 0, 0, 0)
        self.not_current = text_label(
            self.tr("Not current: the board shows what was read before the server went away."),
            "Problem",
        )
        self.not_current.setContentsMargins(24, 0, 24, 0)
        self.not_current.hide()
        self.signed_layout.addWidget(self.not_current)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.gate)
        self.pages.addWidget(self.signed)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.away)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(body)

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

    def language(self) -> str:
        """The station's language now (en, es)."""
        return self.translations.language

    @property
    def member(self) -> StaffMember | None:
        """Who is signed in (None: the sign-in page)."""
        return None if self.view is None else self.view.member

    # --- what the listener hears (its own thread) ------------------------------------------

    def _heard(self, _notice: Notice) -> None:
        self.notice_heard.emit()

    def _on_notice(self) -> None:
        if self.view is not None:
            self.view.refresh(soon=True)

    def _on_state(self, connected: bool, _why: str) -> None:
        self.connected = connected
        if not connected:
            self.desk.server_lost()
        self.away.setVisible(not connected)
        self.not_current.setVisible(not connected and self.view is not None)
        if self.view is not None:
            self.view.pages.setEnabled(connected)
            if connected:
                self.view.refresh(soon=True)  # what happened while the server was away

    # --- sign-in and lock ----------------------------------------------------------------

    def sign_in(self) -> StaffMember | None:
        """Ask who and the PIN until a right PIN (signed in) or Cancel (None); wrong PINs are
        counted on the server."""
        try:
            members = self.desk.members()
            if not members:
                self._gate_problem(
                    self.tr(
                        "No staff accounts are on the clinic server yet. An admin adds them:"
                        " python -m kiosk server staff add"
                    )
                )
                return None
            member = ask_pin(self, self.desk, self.desk.clock, members)
        except ServerAwayError:
            self._gate_problem(self.tr("The clinic server cannot be reached. Retrying…"))
            return None
        if member is not None:
            self.signed_in(member)
        return member

    def _gate_problem(self, text: str) -> None:
        problem_line(self.gate_message, "⚠ " + text)
        self.gate_message.show()

    def signed_in(self, member: StaffMember) -> StationView:
        """The board of today, for ``member``; the idle lock watches from now."""
        self._drop_view()
        self.gate_message.hide()
        view = StationView(
            self.desk.station,
            self.desk.discharge,
            member,
            self.language,
            polling=False,
            board_reads=self.desk.board_station,
            admin_pages=None if self.admin is None else self._admin_pages,
        )
        view.locked.connect(self.lock)
        view.pages.setEnabled(self.connected is not False)
        self.view = view
        self.signed_layout.addWidget(view, 1)
        self.not_current.setVisible(self.connected is False)
        self.pages.setCurrentWidget(self.signed)
        return view

    def _admin_pages(self, member: StaffMember) -> ServerAdminView:
        """The server's admin pages for ``member``, on a session of the admin login (closed
        when the pages are left); ServerAwayError when the server cannot be reached."""
        assert self.admin is not None
        session = ServerAdmin(self.admin, clinic=self.desk.clinic)
        try:
            pages = ServerAdminView(session, member, self.desk.clock)
        except BaseException:
            session.close()
            raise
        pages.destroyed.connect(session.close)
        return pages

    def lock(self) -> None:
        """Back to sign-in: nothing of the board stays on screen."""
        if self.view is not None and self.view.idle.enabled:
            self.view.lock()  # emits locked, which comes back here
            return
        self._drop_view()
        self.not_current.hide()
        self.pages.setCurrentWidget(self.gate)

    def _drop_view(self) -> None:
        view, self.view = self.view, None
        if view is not None:
            self.signed_layout.removeWidget(view)
            view.hide()
            view.deleteLater()

    # --- closing -------------------------------------------------------------------------

    def shut(self) -> None:
        """Stop listening, lock and close the server session."""
        self.lock()
        self.listener.stop()
        self.desk.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window ends the station's session."""
        self.shut()
        super().closeEvent(event)
