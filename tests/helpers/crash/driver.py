"""Starting the crash worker and killing it with SIGKILL at a chosen moment."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
STALL_SECONDS = 120  # a worker silent this long is stuck: the test fails rather than hangs


@dataclass(frozen=True)
class KillPlan:
    """When to kill: after the ``count``-th line starting with ``after``, then ``delay`` seconds."""

    mode: str  # "saved" (between writes), "will" (inside a write), "time", "open"
    after: str
    count: int
    delay: float


class WorkerProcess:
    """One run of the worker, its lines read by a thread as they come."""

    def __init__(
        self,
        args: list[str],
        stderr: Path,
        *,
        module: str = "tests.helpers.crash.worker",
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.lines: list[str] = []
        self.eof = False
        self.killed = False
        self._cond = threading.Condition()
        self._stderr = stderr
        with stderr.open("wb") as err:
            # the environment is inherited (``env`` adds to it), so the worker opens the
            # database as the test does
            self.proc = subprocess.Popen(
                [sys.executable, "-m", module, *args],
                cwd=REPO,
                stdout=subprocess.PIPE,
                stderr=err,
                env={**os.environ, **env} if env is not None else None,
            )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            if raw.endswith(b"\n"):  # a line cut short by the kill was never reported
                with self._cond:
                    self.lines.append(raw.decode("utf-8").rstrip("\n"))
                    self._cond.notify_all()
        with self._cond:
            self.eof = True
            self._cond.notify_all()

    def wait_for(self, prefix: str, count: int) -> bool:
        """Wait for the ``count``-th line starting with ``prefix``; False if the worker ended."""

        def seen() -> bool:
            return sum(line.startswith(prefix) for line in self.lines) >= count

        with self._cond:
            self._cond.wait_for(lambda: self.eof or seen(), timeout=STALL_SECONDS)
            if not (self.eof or seen()):
                self.kill()
                raise TimeoutError(f"the crash worker printed nothing new for {STALL_SECONDS} s")
            return seen()

    def wait_until(self, seen: Callable[[list[str]], bool], timeout: float) -> bool:
        """Wait until ``seen`` holds of the lines so far; False if the worker ended or the
        time ran out first."""
        with self._cond:
            self._cond.wait_for(lambda: self.eof or seen(self.lines), timeout=timeout)
            return seen(self.lines)

    def kill(self) -> None:
        """SIGKILL, unless it already ended."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.killed = True

    def finish(self) -> list[str]:
        """Wait for the process and its last lines; every complete line it wrote counts."""
        self.proc.wait()
        self._reader.join()
        assert self.proc.stdout is not None
        self.proc.stdout.close()
        return list(self.lines)

    def failure(self) -> str | None:
        """Why the worker ended on its own with an error, or None."""
        code = self.proc.returncode
        if self.killed or code == 0:
            return None
        tail = self._stderr.read_text(errors="replace").strip().splitlines()[-15:]
        return f"the worker exited with {code}:\n" + "\n".join(tail)


def run_and_kill(args: list[str], plan: KillPlan, stderr: Path) -> WorkerProcess:
    """Start the worker and kill it as ``plan`` says (it may finish first); returns it ended."""
    worker = WorkerProcess(args, stderr)
    if worker.wait_for(plan.after, plan.count):
        if plan.delay > 0:
            time.sleep(plan.delay)
        worker.kill()
    worker.finish()
    return worker
