"""Qt's virtual keyboard under a real X display: it shows for a name field, in the patient's
language, and the field being typed in stays above it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.program import REPO

PROBE = Path(__file__).with_name("keyboard_probe.py")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        shutil.which("xvfb-run") is None, reason="xvfb-run (Debian xvfb) is not installed"
    ),
]


@pytest.mark.parametrize(("language", "locale"), [("en", "en_US"), ("es", "es_MX")])
def test_keyboard_shows_in_the_patients_language_below_the_field(
    language: str, locale: str
) -> None:
    """Touching the first-name field shows the keyboard in the lower half with the patient's
    layout, and the field's bottom edge is above the keyboard's top."""
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable, str(PROBE), language],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("visible=")), "")
    assert line, result.stdout + result.stderr
    values = dict(part.split("=", 1) for part in line.split())
    assert values["visible"] == "True"
    assert values["locale"] == locale
    assert 300 <= int(values["top"]) <= 500
    assert int(values["field_bottom"]) < int(values["top"])
