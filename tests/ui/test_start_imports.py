"""What the kiosk loads before Welcome is painted: the patient screens, not the rest."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers.program import REPO

# Loaded when first used: the signed copy (reportlab, PIL), the consent screens (QtPdf), the
# staff side, the recovery screen, the backups, the clinic server's client.
LATER = (
    "reportlab",
    "PIL",
    "kiosk.documents",
    "PySide6.QtPdf",
    "kiosk.ui.patient.consent",
    "kiosk.ui.staff",
    "kiosk.ui.admin",
    "kiosk.ui.recovery",
    "kiosk.services.backups",
    "kiosk.services.station_desk",
    "kiosk.server",
    "psycopg",
)


def test_the_window_module_loads_nothing_welcome_does_not_need() -> None:
    """Importing kiosk.ui.app (what the kiosk's start does before building the window) loads
    none of the modules only the consent, the staff side, a recovery or a backup need."""
    code = (
        "import sys, kiosk.ui.app; "
        f"later = {LATER!r}; "
        "print(sorted(m for m in sys.modules if m.startswith(later) and "
        "(m in later or m.startswith(tuple(p + '.' for p in later)))))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
