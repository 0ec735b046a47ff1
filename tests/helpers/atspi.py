"""A desktop for assistive technology under test: Xvfb, a session bus with the AT-SPI bus, the
real kiosk on it (xcb, accessibility on) and an AT-SPI client in Debian's python3 with gi."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.helpers.program import REPO

SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
CLIENT = REPO / "tests" / "e2e" / "atspi_client.py"
APP_NAME = "infusion-kiosk"
WAIT = 30.0  # the longest any one screen may take to appear on a slow CI machine


class DesktopUnavailableError(Exception):
    """Xvfb, the session bus or the AT-SPI bus could not start here."""


def missing_parts() -> list[str]:
    """What this machine lacks for the AT-SPI tests (Debian packages in brackets)."""
    missing = []
    for program, package in (
        ("Xvfb", "xvfb"),
        ("dbus-daemon", "dbus-daemon"),
    ):
        if shutil.which(program) is None:
            missing.append(f"{program} ({package})")
    if not Path(BUS_LAUNCHER).exists():
        missing.append(f"{BUS_LAUNCHER} (at-spi2-core)")
    probe = (
        subprocess.run(
            [
                SYSTEM_PYTHON,
                "-c",
                "import gi; gi.require_version('Atspi', '2.0'); from gi.repository import Atspi",
            ],
            capture_output=True,
            check=False,
        )
        if Path(SYSTEM_PYTHON).exists()
        else None
    )
    if probe is None or probe.returncode != 0:
        missing.append("python3 with Atspi 2.0 (python3-gi gir1.2-atspi-2.0)")
    return missing


def _start(command: list[str], env: dict[str, str], **kwargs: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command, env=env, text=True, start_new_session=True, stdin=subprocess.DEVNULL, **kwargs
    )


def _first_line(process: subprocess.Popen[str], what: str) -> str:
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line:
        raise DesktopUnavailableError(f"{what} did not start (exit code {process.poll()})")
    return line


def _stop(process: subprocess.Popen[str]) -> None:
    if process.stdout is not None:
        process.stdout.close()
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def desktop() -> Iterator[dict[str, str]]:
    """Xvfb at 1280x800, a session bus and the AT-SPI bus; yields the environment to run in."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    started: list[subprocess.Popen[str]] = []
    try:
        xvfb = _start(
            ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        started.append(xvfb)
        env["DISPLAY"] = ":" + _first_line(xvfb, "Xvfb")
        bus = _start(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        started.append(bus)
        env["DBUS_SESSION_BUS_ADDRESS"] = _first_line(bus, "the session bus")
        env.pop("AT_SPI_BUS_ADDRESS", None)
        launcher = _start(
            [BUS_LAUNCHER, "--launch-immediately"],
            env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(launcher)
        yield env
    finally:
        for process in reversed(started):
            _stop(process)


@dataclass
class Kiosk:
    """The kiosk program running on the desktop; its log goes to a file."""

    process: subprocess.Popen[str]
    log: Path

    def log_text(self) -> str:
        """Everything the kiosk logged so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, needle: str) -> None:
        """Until the log holds ``needle`` (or the kiosk ended)."""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if needle in self.log_text():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"no {needle!r} in the kiosk's log:\n{self.log_text()}")

    def stop(self) -> int:
        """SIGTERM, as systemd stops it; its exit code (negative: killed by that signal)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode


def start_kiosk(env: dict[str, str], data_dir: Path, log: Path, *extra: str) -> Kiosk:
    """``python main.py --data-dir DATA --windowed`` on the desktop, accessibility always on."""
    kiosk_env = {
        **env,
        "QT_QPA_PLATFORM": "xcb",
        "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
        "QT_ACCESSIBILITY": "1",
    }
    kiosk_env.pop("QT_IM_MODULE", None)
    handle = log.open("w", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(REPO / "main.py"), "--data-dir", str(data_dir), "--windowed", *extra],
        cwd=REPO,
        env=kiosk_env,
        stdin=subprocess.DEVNULL,
        stdout=handle,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    handle.close()
    return Kiosk(process, log)


@dataclass
class Node:
    """One accessible object as the client last saw it."""

    id: int
    parent: int | None
    role: str
    name: str
    description: str
    states: list[str]
    actions: list[str]
    text: str | None
    children: int

    @property
    def showing(self) -> bool:
        """Shown on screen (the kiosk's hidden widgets stay in the tree, not showing)."""
        return "showing" in self.states

    @property
    def enabled(self) -> bool:
        """Enabled and sensitive, as a screen reader tells it."""
        return "enabled" in self.states and "sensitive" in self.states


@dataclass
class Client:
    """The AT-SPI client process and the last tree it read."""

    process: subprocess.Popen[str]
    nodes: list[Node] = field(default_factory=list)

    def ask(self, op: str, **args: Any) -> Any:
        """One request; its answer (a failure in the client raises here)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"op": op, **args}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError(f"the AT-SPI client ended (exit code {self.process.poll()})")
        answer = json.loads(line)
        if "error" in answer:
            raise AssertionError(f"AT-SPI {op} {args}: {answer['error']}")
        return answer["ok"]

    def tree(self) -> list[Node]:
        """The showing tree of the kiosk, read afresh."""
        self.nodes = [Node(**raw) for raw in self.ask("tree")]
        return self.nodes

    def find_all(self, role: str | None = None, name: str | None = None) -> list[Node]:
        """Showing nodes of the last tree with this role and exact name."""
        return [
            n
            for n in self.nodes
            if n.showing and (role is None or n.role == role) and (name is None or n.name == name)
        ]

    def wait_for(
        self, role: str | None = None, name: str | None = None, *, enabled: bool = True
    ) -> Node:
        """Read the tree until a showing (and enabled) node with this role and name is there."""
        found = self.wait_until(
            lambda: [n for n in self.find_all(role, name) if n.enabled or not enabled],
            f"{role} {name!r}",
        )
        return found[0]

    def wait_until(self, probe: Callable[[], Any], what: str) -> Any:
        """Read the tree until ``probe`` gives something true; that thing."""
        deadline = time.monotonic() + WAIT
        while True:
            self.tree()
            found = probe()
            if found:
                return found
            if time.monotonic() > deadline:
                shown = "\n".join(
                    f"  {n.role} {n.name!r} {n.actions}" for n in self.nodes if n.showing
                )
                raise AssertionError(f"{what} did not appear; showing:\n{shown}")
            time.sleep(0.1)

    def press(self, role: str, name: str) -> None:
        """The default action of a showing, enabled control (no mouse, no key)."""
        self.act(self.wait_for(role, name))

    def act(self, node: Node) -> None:
        """Press ``node`` through AT-SPI ("Press" when offered, else its first action)."""
        assert node.actions, f"{node.role} {node.name!r} offers no action"
        action = "Press" if "Press" in node.actions else node.actions[0]
        assert self.ask("do", id=node.id, action=action) is not False

    def children_of(self, node: Node) -> list[Node]:
        """The showing children of ``node`` in the last tree."""
        return [n for n in self.nodes if n.parent == node.id and n.showing]

    def parent_of(self, node: Node) -> Node:
        """The parent of ``node`` in the last tree."""
        return next(n for n in self.nodes if n.id == node.parent)

    def type_into(self, role: str, name: str, text: str) -> None:
        """Focus a field and set its text through EditableText (no key events)."""
        node = self.wait_for(role, name)
        self.ask("focus", id=node.id)
        assert self.ask("set_text", id=node.id, text=text)

    def close(self) -> None:
        """End the client."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        if self.process.stdout is not None:
            self.process.stdout.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_client(env: dict[str, str]) -> Client:
    """The AT-SPI client on the desktop's buses."""
    process = subprocess.Popen(
        [SYSTEM_PYTHON, str(CLIENT), APP_NAME],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    return Client(process)
