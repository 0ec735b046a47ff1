"""The shipped program, ``python main.py``, as a subprocess: starting it and reading its log lines."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def start(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """``python main.py ARGS`` offscreen, stderr captured line by line."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    env.pop("QT_IM_MODULE", None)
    return subprocess.Popen(
        [sys.executable, str(REPO / "main.py"), *args],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_line(process: subprocess.Popen[str], needle: str, timeout: float = 60) -> list[str]:
    """Read stderr until a line holds ``needle``; the lines read so far."""
    assert process.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            if process.poll() is not None:
                break
            continue
        lines.append(line.rstrip("\n"))
        if needle in line:
            return lines
    process.kill()
    raise AssertionError(f"no line with {needle!r} within {timeout} s; got {lines}")
