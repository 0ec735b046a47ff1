"""The admin side of the station: appointments, staff, the audit log and consent versions."""
