"""The admin's audit page: the log as a table, filtered by day, person and action; the kiosk's
own log or the clinic server's (any AuditBook)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.services.admin_ports import AuditBook
from kiosk.ui.admin.table import fill, make_table
from kiosk.ui.widgets.buttons import text_label, touch_button


class AuditPage(QWidget):
    """Read-only: the log is never changed from here."""

    def __init__(self, log: AuditBook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.log = log
        self.day = self._filter(self.tr("Day (YYYY-MM-DD, UTC)"))
        self.person = self._filter(self.tr("Person"))
        self.action = self._filter(self.tr("Action"))
        self.show_button = touch_button(self.tr("Show"), role="Primary")
        self.show_button.clicked.connect(self.refresh)
        self.table = make_table(
            [self.tr("When (UTC)"), self.tr("Who"), self.tr("Action"), self.tr("Subject")],
            self.tr("Audit log"),
        )
        filters = QHBoxLayout()
        for field in (self.day, self.person, self.action):
            filters.addWidget(field, 1)
        filters.addWidget(self.show_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(self.tr("Audit log"), "Title"))
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.refresh()

    @staticmethod
    def _filter(name: str) -> QLineEdit:
        field = QLineEdit()
        field.setAccessibleName(name)
        field.setPlaceholderText(name)
        return field

    def refresh(self) -> None:
        """The entries that match every filter that is filled in."""
        entries = self.log.entries(
            day=self.day.text().strip() or None,
            actor=self.person.text().strip() or None,
            action=self.action.text().strip() or None,
        )
        fill(self.table, [[e.at, e.actor, e.action, e.subject] for e in entries])
