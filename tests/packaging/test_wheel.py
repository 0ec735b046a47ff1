"""The wheel built from this checkout, installed with pip into a new virtual environment outside
it, runs: forms check, demo, every export format, and the window up to its ``ready`` line.

The install is a real ``pip install`` of the wheel with its dependencies (PySide6 and the rest
from PyPI or pip's cache): measured at about 15 s and 750 MB in a temporary folder, removed
after the module. Nothing of the checkout is on the new environment's path.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers.program import launch, stop_after_line

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "setup.py", "README.md", "kiosk", "forms", "resources")
DAY = "2026-11-21"
INTAKES = 6
KEY = "3c" * 32  # a database key for the temporary data folder (KIOSK_DB_KEY)
pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run ``command`` to the end (by default without the test run's PYTHONPATH); its stdout, or
    a failure showing both streams."""
    if env is None:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, (
        f"{command} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    )
    return done.stdout


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """A temporary folder outside the checkout, removed afterwards (the venv is large)."""
    with tempfile.TemporaryDirectory(prefix="kiosk-wheel-") as name:
        folder = Path(name).resolve()
        assert not folder.is_relative_to(REPO)
        yield folder


@pytest.fixture(scope="module")
def wheel(scratch: Path) -> Path:
    """The wheel built from a copy of the checkout (a build leaves build/ and *.egg-info)."""
    source = scratch / "source"
    source.mkdir()
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=skip)
        else:
            shutil.copy2(path, source / name)
    dist = scratch / "dist"
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", dist, source, cwd=scratch)
    (built,) = dist.glob("infusion_kiosk-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(scratch: Path, wheel: Path) -> Path:
    """A new virtual environment with the wheel installed by pip; its bin folder."""
    folder = scratch / "venv"
    run(sys.executable, "-m", "venv", folder, cwd=scratch)
    python = folder / "bin" / "python"
    run(python, "-m", "pip", "install", "-q", "--disable-pip-version-check", wheel, cwd=scratch)
    return folder / "bin"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A clean environment: no PYTHONPATH, nothing of the test run; a temp data folder and key."""
    home = tmp_path / "home"
    runtime = tmp_path / "runtime"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_RUNTIME_DIR": str(runtime),
        "LANG": "C.UTF-8",
        "KIOSK_DATA_DIR": str(tmp_path / "data"),
        "KIOSK_DB_KEY": KEY,
        "QT_QPA_PLATFORM": "offscreen",
    }


def test_the_wheel_carries_the_content_and_no_screenshots(wheel: Path) -> None:
    """Every shipped form and resource file the kiosk reads is in the wheel; screenshots and the
    translation sources are not."""
    names = set(zipfile.ZipFile(wheel).namelist())
    forms = {p.relative_to(REPO / "forms").as_posix() for p in (REPO / "forms").rglob("*.toml")}
    assert forms and {f"kiosk/content/forms/{name}" for name in forms} <= names
    for name in ("theme/base.qss", "fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf",
                 "fonts/LICENSE-DejaVu.txt", "i18n/kiosk_es.qm"):  # fmt: skip
        assert f"kiosk/content/resources/{name}" in names
    migrations = {p.name for p in (REPO / "kiosk" / "server" / "migrations").glob("*.sql")}
    assert migrations and {f"kiosk/server/migrations/{name}" for name in migrations} <= names
    assert not [n for n in names if "screenshots" in n or n.endswith((".ts", ".png"))]
    assert not [n for n in names if not n.startswith(("kiosk/", "infusion_kiosk-"))]


def test_kiosk_imports_the_installed_copy(venv: Path, env: dict[str, str], tmp_path: Path) -> None:
    """In the new environment ``kiosk`` and its content come from the venv, not the checkout."""
    probe = (
        "import json, sys, kiosk, kiosk.content as c;"
        "print(json.dumps([kiosk.__file__, str(c.forms_dir()), str(c.resources_dir()), sys.path]))"
    )
    found = json.loads(run(venv / "python", "-c", probe, cwd=tmp_path, env=env))
    module, forms, resources, path = found
    root = venv.parent.resolve()
    for place in (module, forms, resources):
        assert Path(place).resolve().is_relative_to(root), place
    assert Path(forms).resolve() == Path(module).resolve().parent / "content" / "forms"
    assert not [p for p in path if p and Path(p).resolve().is_relative_to(REPO)]


def test_the_installed_server_package_reads_its_migrations(
    venv: Path, env: dict[str, str], tmp_path: Path
) -> None:
    """The clinic server's SQL migrations are found in the installed package (importlib.resources)."""
    probe = (
        "from kiosk.server import schema; print([m.version for m in schema.shipped_migrations()])"
    )
    shipped = sorted((REPO / "kiosk" / "server" / "migrations").glob("*.sql"))
    expected = str(list(range(1, len(shipped) + 1)))
    assert run(venv / "python", "-c", probe, cwd=tmp_path, env=env).strip() == expected


def test_qt_finds_the_installed_theme_fonts_and_translation(
    venv: Path, env: dict[str, str], tmp_path: Path
) -> None:
    """Qt opens the files by name from the installed package: fonts, the theme, the Spanish .qm."""
    probe = (
        "import json;"
        "from PySide6.QtWidgets import QApplication;"
        "from kiosk.ui.i18n import Translations;"
        "from kiosk.ui.theme import load_fonts, stylesheet;"
        "app = QApplication([]); Translations().use('es');"
        "print(json.dumps([list(load_fonts()), stylesheet('large')]))"
    )
    families, qss = json.loads(run(venv / "python", "-c", probe, cwd=tmp_path, env=env))
    assert "DejaVu Sans" in families
    assert "px;" in qss and "@base_px" not in qss


def test_forms_check_demo_and_every_export(venv: Path, env: dict[str, str], tmp_path: Path) -> None:
    """The installed command checks the shipped forms, makes a demo day and exports it as CSV,
    JSON, FHIR and a PDF report, each well-formed and holding the day's intakes."""
    kiosk = venv / "infusion-kiosk"
    assert run(kiosk, "forms", "check", cwd=tmp_path, env=env).startswith("forms OK")
    said = run(kiosk, "demo", "--intakes", str(INTAKES), "--date", DAY, cwd=tmp_path, env=env)
    assert f"{INTAKES} intakes for {DAY}" in said
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("csv", "json", "fhir", "pdf"):
        said = run(
            kiosk, "export", "--date", DAY, "--format", fmt, "--out", out, cwd=tmp_path, env=env
        )
        assert f"exported {INTAKES} intakes" in said
    rows = list(csv.DictReader(io.StringIO((out / f"kiosk-{DAY}.csv").read_text(encoding="utf-8"))))
    assert len(rows) == INTAKES
    records = json.loads((out / f"kiosk-{DAY}.json").read_text(encoding="utf-8"))
    assert len(records) == INTAKES
    bundle = json.loads((out / f"kiosk-{DAY}.fhir.json").read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle" and bundle["entry"]
    report = PdfReader(out / f"kiosk-{DAY}.pdf")
    assert report.pages and report.pages[0].extract_text().strip()


def test_the_window_starts_offscreen_and_stops_on_sigterm(
    venv: Path, env: dict[str, str], tmp_path: Path
) -> None:
    """The installed kiosk opens its window (theme, fonts, translations found) and stops with 0."""
    process = launch([str(venv / "infusion-kiosk")], cwd=tmp_path, env=env)
    lines, code, err = stop_after_line(process, "ready data_dir=")
    assert any("mode=kiosk" in line for line in lines)
    assert code == 0, err
    assert "Traceback" not in err
    assert "stopped code=0" in err
