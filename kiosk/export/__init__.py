"""Record exports (CSV, JSON, FHIR) written from the read model as it streams; no Qt, no SQL."""

from kiosk.core.intake_record import IntakeRecord
from kiosk.export.csv_export import COLUMNS, write_csv, write_csv_lines
from kiosk.export.json_export import MissingPdfError, write_json

__all__ = [
    "COLUMNS",
    "IntakeRecord",
    "MissingPdfError",
    "write_csv",
    "write_csv_lines",
    "write_json",
]
