"""The shipped program, ``python main.py``, as a subprocess: starting it and reading its log lines."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def launch(
    command: list[str], *, cwd: Path, env: dict[str, str], new_session: bool = False
) -> subprocess.Popen[str]:
    """``command`` started with no stdin, stdout and stderr captured as text (``new_session``: in
    a process group of its own, for a test that has to kill a wrapper and its children)."""
    return subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=new_session,
    )


def start(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """``python main.py ARGS`` offscreen, stderr captured line by line."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    env.pop("QT_IM_MODULE", None)
    return launch([sys.executable, str(REPO / "main.py"), *args], cwd=REPO, env=env)


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


def stop_after_line(
    process: subprocess.Popen[str], needle: str, timeout: float = 60
) -> tuple[list[str], int, str]:
    """Wait for a line holding ``needle``, then stop the program with SIGTERM: the lines read up
    to it, its exit code and the rest of its stderr. Killed if it gets neither there nor out."""
    try:
        lines = wait_for_line(process, needle, timeout)
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    _, err = process.communicate()
    return lines, code, err
