"""Booked visits: add, edit and import, each with its audit entry in one transaction."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kiosk.core.appointments import Appointment, AppointmentImportError, parse_csv
from kiosk.core.audit import AuditAction
from kiosk.services.context import KioskContext
from kiosk.storage import appointments


class AppointmentService:
    """The appointments of one kiosk; ``by`` names who acts (a staff member, or the command line)."""

    def __init__(self, context: KioskContext) -> None:
        self.context = context

    def upcoming(self, day: date) -> list[dict[str, object]]:
        """Appointments on ``day`` and later, soonest first."""
        return appointments.upcoming(self.context.db, day)

    def add(self, appointment: Appointment, *, by: str) -> None:
        """Store one appointment (``add_appointment``); the same person on the same day replaces
        the earlier row."""
        context = self.context
        with context.act() as act:
            appointments.import_appointments(context.db, [appointment], context.clock)
            act.record(by, AuditAction.APPOINTMENT_ADD, appointment.day.isoformat())

    def edit(self, appointment_id: int | str, appointment: Appointment, *, by: str) -> None:
        """Change one appointment (``edit_appointment``); AppointmentImportError when it would
        duplicate another."""
        appointment_id = int(appointment_id)
        with self.context.act() as act:
            appointments.edit(self.context.db, appointment_id, appointment)
            act.record(by, AuditAction.APPOINTMENT_EDIT, f"appointment {appointment_id}")

    def import_file(self, path: Path, *, by: str) -> int:
        """Import an appointments CSV, all or nothing (``import_appointments``); how many rows.
        AppointmentImportError names the file and the line of a bad row."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise AppointmentImportError(f"{path}: cannot be read ({exc})") from None
        rows = parse_csv(text, str(path))
        context = self.context
        with context.act() as act:
            count = appointments.import_appointments(context.db, rows, context.clock)
            act.record(by, AuditAction.APPOINTMENTS_IMPORT, path.name, count=count)
        return count
