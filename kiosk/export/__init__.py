"""Record exports (CSV, JSON) streamed from the database a page at a time; no Qt."""

from kiosk.export.csv_export import COLUMNS, write_csv
from kiosk.export.json_export import MissingPdfError, write_json
from kiosk.storage.reader import IntakeRecord, iter_intakes, read_snapshot

__all__ = [
    "COLUMNS",
    "IntakeRecord",
    "MissingPdfError",
    "iter_intakes",
    "read_snapshot",
    "write_csv",
    "write_json",
]
