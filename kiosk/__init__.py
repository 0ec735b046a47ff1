"""Intake and aftercare kiosk for ketamine infusion clinics."""

__version__ = "0.1.0"
