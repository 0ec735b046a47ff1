"""The admin's appointments page: today's and upcoming visits, add, edit and import a CSV; the
kiosk's own or the clinic server's (any AppointmentBook)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.core.appointments import Appointment, AppointmentImportError, appointment_from_fields
from kiosk.core.clock import Clock, today
from kiosk.core.text import fill_in
from kiosk.services.admin_ports import AppointmentBook
from kiosk.ui.admin.dialogs import AppointmentDialog
from kiosk.ui.admin.table import fill, make_table
from kiosk.ui.staff.faults import guarded
from kiosk.ui.widgets.buttons import text_label, touch_button

_KEYS = ("date", "time", "first_name", "last_name", "date_of_birth", "note")


class AppointmentsPage(QWidget):
    """Every change goes through the appointments' own rules and is audited with the admin's name."""

    def __init__(
        self,
        appointments: AppointmentBook,
        clock: Clock,
        actor: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.actor = actor
        self.appointments = appointments
        self.rows: list[dict[str, object]] = []
        self.table = make_table(
            [
                self.tr("Date"),
                self.tr("Time"),
                self.tr("First name"),
                self.tr("Last name"),
                self.tr("Date of birth"),
                self.tr("Note"),
            ],
            self.tr("Today's and upcoming appointments"),
        )
        self.add_button = touch_button(self.tr("Add appointment"), role="Primary")
        self.add_button.clicked.connect(self.add)
        self.edit_button = touch_button(self.tr("Edit"), role="Secondary")
        self.edit_button.clicked.connect(self.edit)
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("CSV file to import"))
        self.path.setPlaceholderText(self.tr("Path of a CSV file"))
        self.import_button = touch_button(self.tr("Import CSV"), role="Secondary")
        self.import_button.clicked.connect(self.import_csv)
        self.status = text_label("", "Problem")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        importer = QHBoxLayout()
        importer.addWidget(self.path, 1)
        importer.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(self.tr("Appointments"), "Title"))
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addLayout(importer)
        layout.addWidget(self.status)
        self.refresh()

    def refresh(self) -> None:
        """Read the appointments again."""
        self.rows = self.appointments.upcoming(today(self.clock))
        fill(
            self.table,
            [
                [r["day"], r["time"], r["first_name"], r["last_name"], r["birth_date"], r["note"]]
                for r in self.rows
            ],
        )

    def _ask(self, values: dict[str, str]) -> Appointment | None:
        """Ask until the fields pass the appointment rules, or the admin cancels."""
        message = ""
        while True:
            answer = AppointmentDialog.ask(self, values, message)
            if answer is None:
                return None
            try:
                return appointment_from_fields(answer)
            except AppointmentImportError as problem:
                values, message = answer, "⚠ " + str(problem)

    @guarded
    def add(self) -> None:
        """A new appointment."""
        appointment = self._ask({"date": today(self.clock).isoformat()})
        if appointment is None:
            return
        self.appointments.add(appointment, by=self.actor)
        self.status.setText(self.tr("Appointment saved."))
        self.refresh()

    @guarded
    def edit(self) -> None:
        """Change the selected appointment."""
        index = self.table.currentRow()
        if not 0 <= index < len(self.rows):
            self.status.setText(self.tr("Select an appointment first."))
            return
        row = self.rows[index]
        columns = ("day", "time", "first_name", "last_name", "birth_date", "note")
        appointment = self._ask({k: str(row[c]) for k, c in zip(_KEYS, columns, strict=True)})
        if appointment is None:
            return
        try:
            key = row["id"]
            self.appointments.edit(
                key if isinstance(key, int) else str(key), appointment, by=self.actor
            )
        except AppointmentImportError as problem:
            self.status.setText("⚠ " + str(problem))
            return
        self.status.setText(self.tr("Appointment saved."))
        self.refresh()

    @guarded
    def import_csv(self) -> None:
        """Import the file named in the path field; all rows or none."""
        text = self.path.text().strip()
        if not text:
            self.status.setText(self.tr("Type the path of a CSV file first."))
            return
        try:
            count = self.appointments.import_file(Path(text), by=self.actor)
        except AppointmentImportError as problem:
            self.status.setText("⚠ " + fill_in(self.tr("Nothing imported: %1"), str(problem)))
            return
        self.status.setText(fill_in(self.tr("%1 appointments imported."), str(count)))
        self.refresh()
