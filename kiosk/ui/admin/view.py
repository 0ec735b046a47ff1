"""The admin view: big buttons switch between appointments, staff, audit log and consent pages."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core.staff import StaffMember
from kiosk.services.appointments import AppointmentService
from kiosk.services.audit import AuditService
from kiosk.services.context import KioskContext
from kiosk.services.staff import StaffService
from kiosk.ui.admin.appointments_page import AppointmentsPage
from kiosk.ui.admin.audit_page import AuditPage
from kiosk.ui.admin.consent_page import ConsentPage
from kiosk.ui.admin.staff_page import StaffPage
from kiosk.ui.admin.tabs import PageTabs

Page = AppointmentsPage | StaffPage | AuditPage | ConsentPage


class AdminView(QWidget):
    """What an admin manages; ``back`` returns to the board."""

    back = Signal()

    def __init__(
        self, context: KioskContext, admin: StaffMember, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.appointments = AppointmentsPage(AppointmentService(context), context.clock, admin.name)
        self.staff = StaffPage(StaffService(context), admin)
        self.audit = AuditPage(AuditService(context))
        self.consent = ConsentPage(context, admin.name)
        pages: tuple[tuple[Page, str], ...] = (
            (self.appointments, self.tr("Appointments")),
            (self.staff, self.tr("Staff")),
            (self.audit, self.tr("Audit log")),
            (self.consent, self.tr("Consent versions")),
        )
        self.page_tabs = PageTabs(
            self, pages, self.show_page, self.tr("Back to the board"), self.back.emit
        )
        self.pages = self.page_tabs.stack
        self.back_button = self.page_tabs.back_button
        self.tabs = self.page_tabs.buttons
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.page_tabs.bar)
        layout.addWidget(self.pages, 1)
        self.show_page(self.appointments)

    def show_page(self, page: Page) -> None:
        """One page, freshly read."""
        page.refresh()
        self.page_tabs.select(page)
