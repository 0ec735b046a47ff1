"""A real X window (xcb under Xvfb), as on a clinic's touchscreen: the system libraries are there."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

import pytest

from tests.helpers.program import REPO, launch, wait_for_line

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        shutil.which("xvfb-run") is None, reason="xvfb-run (Debian xvfb) is not installed"
    ),
]


def kiosk_pid(data_dir: Path) -> int:
    """The Python process running main.py on ``data_dir`` (xvfb-run's shell has the same arguments)."""
    python = Path(sys.executable).resolve()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
            exe = (entry / "exe").resolve()
        except OSError:
            continue
        if exe == python and str(data_dir).encode() in args:
            return int(entry.name)
    raise AssertionError("the kiosk process was not found")


def test_kiosk_opens_a_real_full_screen_window_under_xvfb(tmp_path: Path) -> None:
    """Under Xvfb at 1280x800 with the xcb platform the kiosk starts full screen and stops on SIGTERM."""
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    env.pop("QT_IM_MODULE", None)
    process = launch(
        [
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1280x800x24",
            sys.executable,
            str(REPO / "main.py"),
            "--data-dir",
            str(tmp_path / "data"),
        ],
        cwd=REPO,
        env=env,
        new_session=True,
    )
    try:
        wait_for_line(process, "ready data_dir=", timeout=90)
        os.kill(kiosk_pid(tmp_path / "data"), signal.SIGTERM)  # the kiosk, not Xvfb
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    _, err = process.communicate()
    assert "Traceback" not in err
    assert "stopped code=0" in err, err
