"""Where things are by default: the data folder ($KIOSK_DATA_DIR), the clinic server ($KIOSK_SERVER_URL)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "infusion-kiosk"
ENV_SERVER_URL = "KIOSK_SERVER_URL"  # the clinic server's postgresql:// URL


def default_data_dir() -> Path:
    """The embedded default: the platform's user data folder, or $KIOSK_DATA_DIR."""
    override = os.environ.get("KIOSK_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))
