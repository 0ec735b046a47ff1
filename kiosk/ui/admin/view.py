"""The admin view: big buttons switch between appointments, staff, audit log and consent pages."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.staff import StaffMember
from kiosk.services.appointments import AppointmentService
from kiosk.services.audit import AuditService
from kiosk.services.context import KioskContext
from kiosk.services.staff import StaffService
from kiosk.ui.admin.appointments_page import AppointmentsPage
from kiosk.ui.admin.audit_page import AuditPage
from kiosk.ui.admin.consent_page import ConsentPage
from kiosk.ui.admin.staff_page import StaffPage
from kiosk.ui.widgets.buttons import touch_button

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
        self.pages = QStackedWidget()
        bar = QHBoxLayout()
        bar.setContentsMargins(24, 8, 24, 0)
        self.back_button = touch_button(self.tr("Back to the board"), role="Secondary")
        self.back_button.clicked.connect(self.back.emit)
        bar.addWidget(self.back_button)
        self.group = QButtonGroup(self)
        self.tabs: dict[QWidget, QPushButton] = {}
        pages: tuple[tuple[Page, str], ...] = (
            (self.appointments, self.tr("Appointments")),
            (self.staff, self.tr("Staff")),
            (self.audit, self.tr("Audit log")),
            (self.consent, self.tr("Consent versions")),
        )
        for page, caption in pages:
            button = touch_button(caption, role="Choice", checkable=True)
            button.clicked.connect(lambda _=False, p=page: self.show_page(p))
            self.group.addButton(button)
            self.pages.addWidget(page)
            self.tabs[page] = button
            # Wide enough for the bold label of the chosen page: the row is shared out evenly.
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)
        self.show_page(self.appointments)

    def show_page(self, page: Page) -> None:
        """One page, freshly read."""
        page.refresh()
        self.pages.setCurrentWidget(page)
        self.tabs[page].setChecked(True)
