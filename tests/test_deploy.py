"""The systemd units in deploy/: they parse, restart the kiosk on failure, run real commands and
read the environment variables the kiosk reads."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest

from kiosk.cli.app import _with_default_command, build_parser
from kiosk.services.sync import ENV_SERVER_CA, ENV_SERVER_CREDENTIAL, ENV_SERVER_URL

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    """A unit file read as INI (systemd's syntax is a superset for what these files use)."""
    parser = configparser.ConfigParser(strict=True, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / name, encoding="utf-8")
    return parser


def test_the_kiosk_unit_restarts_on_failure_and_reads_the_environment_file() -> None:
    """The kiosk window's unit: Restart=on-failure with a start limit, the env file optional
    (a single kiosk has none), a private umask, installed into the graphical session."""
    kiosk = unit("infusion-kiosk.service")
    service = kiosk["Service"]
    assert service["Restart"] == "on-failure"
    assert int(service["StartLimitBurst"]) >= 3
    assert service["EnvironmentFile"].startswith("-")
    assert service["UMask"] == "0077"
    assert kiosk["Install"]["WantedBy"] == "graphical-session.target"


@pytest.mark.parametrize("name", ["infusion-kiosk.service", "infusion-kiosk-sync.service"])
def test_each_unit_runs_a_command_the_kiosk_has(name: str) -> None:
    """ExecStart is ``python -m kiosk ...`` with arguments the kiosk's own parser accepts."""
    words = shlex.split(unit(name)["Service"]["ExecStart"])
    assert words[1:3] == ["-m", "kiosk"]
    args = build_parser().parse_args(_with_default_command(words[3:]))
    assert callable(args.handler)


def test_the_timer_starts_the_sync_service_again_and_again() -> None:
    """The timer has a boot delay and a repeat, and is installed with timers.target."""
    timer = unit("infusion-kiosk-sync.timer")
    assert timer["Timer"]["OnBootSec"] and timer["Timer"]["OnUnitActiveSec"]
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_the_example_environment_sets_exactly_what_the_kiosk_reads() -> None:
    """kiosk.env.example names the server's URL (no user or password in it), CA and credential."""
    lines = (DEPLOY / "kiosk.env.example").read_text(encoding="utf-8").splitlines()
    pairs = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    assert set(pairs) == {ENV_SERVER_URL, ENV_SERVER_CA, ENV_SERVER_CREDENTIAL}
    assert pairs[ENV_SERVER_URL].startswith("postgresql://")
    assert "@" not in pairs[ENV_SERVER_URL]
