"""The admin's conflicts page on the clinic server: the steps set aside (which kiosk, intake, step,
when; never what the patient said), each resolved by keeping the server's or taking the kiosk's."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QVBoxLayout, QWidget

from kiosk.core.text import fill_in
from kiosk.services.admin_session import (
    OTHER_CONTENT,
    Conflict,
    ConflictRefusedError,
    Resolution,
    ServerConflicts,
)
from kiosk.ui.admin.table import fill, make_table
from kiosk.ui.staff.faults import guarded
from kiosk.ui.widgets.buttons import text_label, touch_button


class ConflictsPage(QWidget):
    """Open conflicts, oldest first; each resolution is audited on the server with the admin's
    name, and the intake's records are made again when the kiosk's content is taken."""

    def __init__(
        self, conflicts: ServerConflicts, actor: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.conflicts = conflicts
        self.actor = actor
        self.rows: list[Conflict] = []
        self.table = make_table(
            [self.tr("Kiosk"), self.tr("Intake"), self.tr("Step"), self.tr("Received")],
            self.tr("Open conflicts"),
        )
        header = self.table.horizontalHeader()
        for index in (0, 1, 3):
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
        self.keep_button = touch_button(self.tr("Keep the server's"), role="Primary")
        self.keep_button.clicked.connect(lambda: self.resolve(Resolution.KEEP_SERVER))
        self.take_button = touch_button(self.tr("Take the kiosk's"), role="Secondary")
        self.take_button.clicked.connect(lambda: self.resolve(Resolution.TAKE_KIOSK))
        self.status = text_label("", "Problem")
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.take_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(self.tr("Conflicts"), "Title"))
        layout.addWidget(
            text_label(
                self.tr(
                    "A kiosk sent a step that does not agree with the one the server holds. Keep"
                    " the server's step, or take the kiosk's in its place: the intake's records"
                    " are made again, and the content replaced is kept on the server."
                ),
                "Hint",
            )
        )
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.refresh()

    def _step(self, conflict: Conflict) -> str:
        kinds = {
            "check_in": self.tr("check-in"),
            "step": self.tr("form step"),
            "consent": self.tr("consent"),
        }
        kind = kinds.get(conflict.kind, conflict.kind)
        if conflict.reason == OTHER_CONTENT:
            return fill_in(self.tr("%1, number %2"), kind, str(conflict.sequence))
        return fill_in(
            self.tr("%1, number %2 (taken by another step)"), kind, str(conflict.sequence)
        )

    def refresh(self) -> None:
        """Read the open conflicts again."""
        self.rows = self.conflicts.listed()
        fill(
            self.table,
            [
                [
                    c.device,
                    c.intake[:8],
                    self._step(c),
                    c.received_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                ]
                for c in self.rows
            ],
        )
        self.status.setText("" if self.rows else self.tr("No open conflicts."))

    @guarded
    def resolve(self, how: Resolution) -> None:
        """Resolve the selected conflict the way asked."""
        index = self.table.currentRow()
        if not 0 <= index < len(self.rows):
            self.status.setText(self.tr("Select a conflict first."))
            return
        conflict = self.rows[index]
        if how is Resolution.TAKE_KIOSK and conflict.reason != OTHER_CONTENT:
            self.status.setText(
                "⚠ "
                + self.tr(
                    "The kiosk's step number was taken by another step: there is no step of its"
                    " own to replace. Only the server's can be kept."
                )
            )
            return
        try:
            self.conflicts.resolve(conflict.id, how, by=self.actor)
        except ConflictRefusedError as problem:
            self.refresh()
            self.status.setText("⚠ " + str(problem))
            return
        done = (
            self.tr("Conflict %1 resolved: the server's step was kept.")
            if how is Resolution.KEEP_SERVER
            else self.tr(
                "Conflict %1 resolved: the kiosk's content was taken and the intake's records"
                " made again."
            )
        )
        self.refresh()
        self.status.setText(fill_in(done, str(conflict.id)))
