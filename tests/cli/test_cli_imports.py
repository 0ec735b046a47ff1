"""Commands import what they use: a CSV export and ``--help`` load neither Qt, nor the PDF library,
nor the FHIR writer, nor the clinic server's driver (checked in a real subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli.app import COMMANDS, GROUPS, command_of
from tests.helpers.clinic import DAY, build_clinic

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("PySide6", "shiboken6", "reportlab", "fhir", "kiosk.export.fhir", "psycopg", "kiosk.ui")
"""Top-level packages (and kiosk modules) a CSV export or the help never needs."""

# Runs ``python -m kiosk ARGS`` in this process and writes every module it imported to a file.
WRAPPER = """
import json, runpy, sys
out = sys.argv[1]
sys.argv = ["kiosk", *sys.argv[2:]]
try:
    runpy.run_module("kiosk", run_name="__main__", alter_sys=True)
finally:
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(sorted(sys.modules), handle)
"""


def _imported(tmp_path: Path, *args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """The modules ``python -m kiosk ARGS`` imported, and how it ended."""
    listing = tmp_path / "modules.json"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH")))),
    }
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(listing), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return set(json.loads(listing.read_text("utf-8"))), done


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(f"{h}.") for h in HEAVY))


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with a day of intakes."""
    folder = tmp_path_factory.mktemp("imports") / "data"
    build_clinic(folder, first_day=3, next_day=0)
    return folder


def test_a_csv_export_imports_no_qt_no_pdf_library_no_fhir_writer(
    clinic: Path, tmp_path: Path
) -> None:
    """``kiosk export --format csv`` of a day writes the file without loading any heavy module."""
    out = tmp_path / "day.csv"
    modules, done = _imported(
        tmp_path, "--data-dir", str(clinic), "export", "--date", DAY.isoformat(),
        "--format", "csv", "--out", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_text("utf-8").count("\n") == 4  # the header and three intakes
    assert _heavy(modules) == []
    assert "kiosk.cli.export" in modules
    assert "kiosk.cli.server" not in modules  # no other command's module


def test_an_empty_days_csv_export_imports_no_heavy_module(clinic: Path, tmp_path: Path) -> None:
    """A day without intakes: the export is start-up alone, and loads nothing heavy either."""
    modules, done = _imported(
        tmp_path, "--data-dir", str(clinic), "export", "--date", "2020-01-05",
        "--format", "csv", "--out", str(tmp_path / "empty.csv"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _heavy(modules) == []


@pytest.mark.parametrize("args", [("--help",), ("export", "--help")])
def test_the_help_imports_no_heavy_module(tmp_path: Path, args: tuple[str, ...]) -> None:
    """``kiosk --help`` loads no command's module at all; ``kiosk export --help`` only its own."""
    modules, done = _imported(tmp_path, *args)
    assert done.returncode == 0, done.stderr
    assert "usage: kiosk" in done.stdout
    assert _heavy(modules) == []
    commands = {m for m in modules if m.startswith("kiosk.cli.")} - {
        "kiosk.cli.app",
        "kiosk.cli.command",
    }
    assert commands == ({"kiosk.cli.export"} if "export" in args else set())
    if args == ("--help",):
        assert not any(m.startswith("kiosk.storage") for m in modules)


def test_the_table_lists_every_command_of_every_module_with_its_own_help() -> None:
    """Each row of the lazy table is a command of the module it names, with the same help line;
    and every command of those modules is in the table."""
    for listed in COMMANDS:
        command = command_of(listed)
        assert command.help == listed.help, listed.words
    import importlib  # noqa: PLC0415

    listed_words = {c.words for c in COMMANDS}
    for module in {c.module for c in COMMANDS}:
        for command in importlib.import_module(f"kiosk.cli.{module}").COMMANDS:
            assert command.words in listed_words, command.words
    assert {c.words[0] for c in COMMANDS if len(c.words) == 2} == set(GROUPS)
