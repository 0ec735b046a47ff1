"""The admin pages of the clinic server, for a server station signed in as an admin:
appointments, staff (with lockouts), conflicts and the server's audit log, through an admin
login's session (kiosk.services.server_admin.ServerAdmin), never the station's own login."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core.clock import Clock
from kiosk.core.staff import Role, StaffMember
from kiosk.core.text import fill_in
from kiosk.services.admin_session import ServerAdmin, ServerAwayError
from kiosk.ui.admin.appointments_page import AppointmentsPage
from kiosk.ui.admin.audit_page import AuditPage
from kiosk.ui.admin.conflicts_page import ConflictsPage
from kiosk.ui.admin.staff_page import StaffPage
from kiosk.ui.admin.tabs import PageTabs
from kiosk.ui.widgets.buttons import text_label

Page = AppointmentsPage | StaffPage | ConflictsPage | AuditPage


class ServerAdminView(QWidget):
    """What an admin manages on the clinic server; ``back`` returns to the board (the session's
    connection is closed then, and opened again if the view is used again).

    ``session`` is an admin login's session (``ServerAdmin(admin_target(forms, data_dir))``);
    its connection is opened here, so a server away raises ServerAwayError from the
    constructor for the caller to say. ``admin`` is the staff member signed in at the station,
    named in every audit entry; a nurse is refused (PermissionError)."""

    back = Signal()

    def __init__(
        self,
        session: ServerAdmin,
        admin: StaffMember,
        clock: Clock,
        parent: QWidget | None = None,
    ) -> None:
        if admin.role is not Role.ADMIN or admin.disabled:
            raise PermissionError(f"{admin.name} is not an active admin")
        super().__init__(parent)
        self.session = session
        session.connection()
        self.appointments = AppointmentsPage(session.appointments, clock, admin.name)
        self.staff = StaffPage(session.staff, admin, locks=session.staff)
        self.conflicts = ConflictsPage(session.conflicts, admin.name)
        self.audit = AuditPage(session.audit)
        pages: tuple[tuple[Page, str], ...] = (
            (self.appointments, self.tr("Appointments")),
            (self.staff, self.tr("Staff")),
            (self.conflicts, self.tr("Conflicts")),
            (self.audit, self.tr("Server audit log")),
        )
        self.page_tabs = PageTabs(
            self, pages, self.show_page, self.tr("Back to the board"), self.leave
        )
        self.pages = self.page_tabs.stack
        self.back_button = self.page_tabs.back_button
        self.tabs = self.page_tabs.buttons
        self.away = text_label("", "Problem")
        self.away.setContentsMargins(24, 4, 24, 0)
        self.away.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.page_tabs.bar)
        layout.addWidget(self.away)
        layout.addWidget(self.pages, 1)
        self.show_page(self.appointments)

    def show_page(self, page: Page) -> None:
        """One page, freshly read from the server; a server away is said above it, and the
        page keeps the rows it last read (an act then is refused by a dialog, as ever)."""
        try:
            page.refresh()
        except ServerAwayError as away:
            self.away.setText(
                "⚠ "
                + fill_in(
                    self.tr(
                        "The clinic server cannot be reached (%1). This page shows what was"
                        " last read; try again in a moment."
                    ),
                    str(away),
                )
            )
            self.away.show()
        else:
            self.away.hide()
        self.page_tabs.select(page)

    def leave(self) -> None:
        """Close the session's connection and go back to the board."""
        self.session.close()
        self.back.emit()
