"""The admin's audit page: the log as a table, filtered by day, person and action; the kiosk's
own log or the clinic server's (any AuditBook)."""

from __future__ import annotations

import json

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.core.audit import AuditAction, AuditEntry
from kiosk.core.text import fill_in
from kiosk.services.admin_ports import AuditBook
from kiosk.ui.admin.table import fill, make_table
from kiosk.ui.widgets.buttons import text_label, touch_button

OVERRIDE_BACKGROUND = "#fde2e2"  # the board's red row
OVERRIDE_TEXT = "#8b0000"


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
        fill(self.table, [[e.at, e.actor, e.action, self._subject(e)] for e in entries])
        for row, entry in enumerate(entries):
            if entry.action == AuditAction.DISCHARGE_OVERRIDE.value:
                self._stand_out(row)

    def _subject(self, entry: AuditEntry) -> str:
        """The subject; a discharge before the patient was ready with the nurse's reason."""
        if entry.action != AuditAction.DISCHARGE_OVERRIDE.value:
            return entry.subject
        try:
            reason = str(json.loads(entry.detail or "{}").get("reason", ""))
        except (ValueError, AttributeError):
            reason = ""
        return fill_in(self.tr("● %1 — discharged before ready: %2"), entry.subject, reason)

    def _stand_out(self, row: int) -> None:
        """An override row in red and bold (its words say so too)."""
        font = QFont(self.table.font())
        font.setBold(True)
        for column in range(self.table.columnCount()):
            item = self.table.item(row, column)
            if item is not None:
                item.setBackground(QBrush(QColor(OVERRIDE_BACKGROUND)))
                item.setForeground(QBrush(QColor(OVERRIDE_TEXT)))
                item.setFont(font)
