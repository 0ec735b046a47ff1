"""The empty-day export's floor: a Python process that opens the kiosk's encrypted database with
the kiosk's own engine and key, and runs one query (the CSV's rows) into a CSV file.

    python benchmarks/open_query.py DATA_DIR FIRST LAST OUT

No forms, no migrations, no audit entry: what any Python program reading the same rows pays.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from common import csv_floor_query, raw_connection


def main() -> None:
    """Open, query, write, close."""
    data_dir, first, last, out = sys.argv[1:5]
    conn, _ = raw_connection(Path(data_dir) / "kiosk.db")
    try:
        cursor = conn.execute(csv_floor_query(first, last))
        with Path(out).open("w", encoding="utf-8", newline="") as sink:
            writer = csv.writer(sink)
            writer.writerow([column[0] for column in cursor.description])
            writer.writerows(cursor)
    finally:
        conn.close()


if __name__ == "__main__":
    main()
