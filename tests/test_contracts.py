"""The import contracts over the whole package hold, and break for each kind of slip they guard."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of kiosk/ and pyproject.toml to break on purpose; the checkout stays as it is."""
    shutil.copytree(REPO / "kiosk", tmp_path / "kiosk", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def lint(folder: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports on ``folder``'s copy of the package (found first on the path)."""
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def add_line(path: Path, line: str) -> None:
    """``line`` after the module's ``from __future__`` import."""
    text = path.read_text(encoding="utf-8")
    anchor = "from __future__ import annotations\n"
    assert anchor in text, path
    path.write_text(text.replace(anchor, anchor + line + "\n", 1), encoding="utf-8")


def test_the_package_keeps_every_contract(package: Path) -> None:
    """The package as it is: every contract kept (the same check .ci/run makes)."""
    result = lint(package)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_new_module_outside_the_layers_breaks_the_check(package: Path) -> None:
    """A new top-level module that no layer names is refused (the layers are exhaustive)."""
    (package / "kiosk" / "helpers.py").write_text('"""Somewhere new."""\n', encoding="utf-8")
    result = lint(package)
    assert result.returncode != 0
    assert "kiosk.helpers" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("services/forms_audit.py", "import PySide6", "Qt only in kiosk.ui"),
        ("storage/station.py", "from PySide6 import QtCore", "Qt only in kiosk.ui"),
        ("core/board.py", "import PySide6.QtWidgets", "Qt only in kiosk.ui"),
        ("services/consent_versions.py", "import kiosk.ui", "Layers point down"),
        ("core/ports.py", "import kiosk.services.station", "Layers point down"),
        ("storage/reader.py", "import kiosk.export", "Layers point down"),
        ("ui/staff/board.py", "import kiosk.storage.station", "never storage"),
        ("cli/staff.py", "from kiosk.storage import staff", "never storage"),
        ("ui/app.py", "import kiosk.printing", "never storage"),
        ("core/scoring.py", "import sqlite3", "The core is pure"),
        ("cli/server.py", "from kiosk.server import devices", "never storage"),
        ("ui/app.py", "import psycopg", "never storage"),
        ("server/steps.py", "import kiosk.services.server", "Layers point down"),
        ("core/scoring.py", "import psycopg", "The core is pure"),
    ],
)
def test_each_slip_breaks_its_contract(package: Path, module: str, line: str, contract: str) -> None:
    """Qt outside kiosk.ui, an import that points up, the screens or the command line reaching
    storage or the printer, and a database driver in the core: each is a broken contract."""
    add_line(package / "kiosk" / module, line)
    result = lint(package)
    assert result.returncode != 0, result.stdout
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in " ".join(broken.split()), result.stdout
