"""The command line: help, the default command, forms check and appointments import."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.storage.db import database_path, open_database

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = ("run", "forms", "demo", "appointments")


def _count_appointments(data_dir: Path) -> int:
    db = open_database(database_path(data_dir))
    try:
        return int(next(iter(db.query("SELECT count(*) AS n FROM appointments")))["n"])
    finally:
        db.close()


def _write_csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join(("date,time,first_name,last_name,date_of_birth,note", *rows)) + "\n")
    return path


def test_help_lists_every_command(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--help` exits 0 and names run, forms, demo and appointments."""
    assert main(["--data-dir", str(data_dir), "--help"]) == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert command in out


def test_module_help_as_subprocess(data_dir: Path) -> None:
    """`python -m kiosk --help` lists the commands and never imports Qt."""
    env = {**os.environ, "KIOSK_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    probe_code = textwrap.dedent(
        """
        import runpy, sys
        sys.argv = ["kiosk", "--help"]
        try:
            runpy.run_module("kiosk", run_name="__main__")
        except SystemExit as exc:
            assert exc.code == 0, exc.code
        print("QT" if "PySide6" in sys.modules else "NO-QT")
        """
    )
    direct = subprocess.run(
        [sys.executable, "-m", "kiosk", "--help"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert direct.returncode == 0, direct.stderr
    for command in COMMANDS:
        assert command in direct.stdout
    probe = subprocess.run(
        [sys.executable, "-c", probe_code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip().endswith("NO-QT")
    assert not data_dir.exists()


@pytest.fixture
def fake_ui(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """A stand-in for kiosk.ui.app that records how run_kiosk was called."""
    calls: list[dict[str, Any]] = []
    module = ModuleType("kiosk.ui.app")

    def run_kiosk(context: Any, *, windowed: bool) -> int:
        calls.append({"data_dir": context.data_dir, "windowed": windowed})
        return 0

    def run_recovery(problem: Any, data_dir: Path, *, forms_folder: Any, windowed: bool) -> int:
        calls.append({"recovery": type(problem).__name__, "data_dir": data_dir})
        return 0

    module.run_kiosk = run_kiosk  # type: ignore[attr-defined]
    module.run_recovery = run_recovery  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kiosk.ui.app", module)
    return calls


def test_run_on_a_damaged_database_starts_the_recovery_screen(
    data_dir: Path, fake_ui: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    """A damaged database (no backup yet): run says so on stderr and what to do, and starts the
    recovery screen instead of the kiosk."""
    assert main(["--data-dir", str(data_dir), "forms", "check"]) == 0
    from kiosk.storage.db import open_database  # noqa: PLC0415

    open_database(database_path(data_dir)).close()
    with database_path(data_dir).open("r+b") as handle:
        handle.write(b"\xa5" * 100)
    assert main(["--data-dir", str(data_dir)]) == 0
    assert fake_ui == [{"recovery": "DatabaseDamagedError", "data_dir": data_dir}]
    err = capsys.readouterr().err
    assert "damaged" in err and "no good backup" in err and "recovery screen" in err


@pytest.mark.parametrize(
    ("argv", "windowed"),
    [([], False), (["--windowed"], True), (["run"], False), (["run", "--windowed"], True)],
)
def test_run_is_the_default_command(
    data_dir: Path, fake_ui: list[dict[str, Any]], argv: list[str], windowed: bool
) -> None:
    """No command, or only --windowed, runs the kiosk on the given data folder."""
    assert main(["--data-dir", str(data_dir), *argv]) == 0
    assert fake_ui == [{"data_dir": data_dir, "windowed": windowed}]


def test_run_uses_kiosk_data_dir_by_default(data_dir: Path, fake_ui: list[dict[str, Any]]) -> None:
    """Without --data-dir the kiosk opens $KIOSK_DATA_DIR (here a tmp folder)."""
    assert main([]) == 0
    assert fake_ui[0]["data_dir"] == data_dir
    assert database_path(data_dir).exists()


def test_forms_check_shipped(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`forms check` on the shipped forms exits 0 and prints every form's version."""
    assert main(["--data-dir", str(data_dir), "forms", "check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("forms OK: checklist ")
    for form in ("phq9", "gad7", "ride", "consent", "readiness"):
        assert f"{form} " in out


def test_forms_check_unknown_key(
    data_dir: Path, forms_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown key in checklist.toml exits 2 naming the file and the key, no traceback."""
    checklist = forms_copy / "checklist.toml"
    text = checklist.read_text(encoding="utf-8")
    checklist.write_text(text.replace("[form]\n", "[form]\ncolour = 'blue'\n", 1), encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "forms", "check", str(forms_copy)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "checklist.toml" in captured.err
    assert "colour" in captured.err
    assert "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 1


def test_broken_forms_dir_stops_any_command(
    data_dir: Path, forms_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--forms-dir pointing at broken forms gives one clear line for a command that opens them."""
    (forms_copy / "phq9.toml").unlink()
    csv = _write_csv(data_dir.parent / "a.csv", "2026-11-20,09:00,Ann,Lee,1980-01-01,")
    argv = ["--data-dir", str(data_dir), "--forms-dir", str(forms_copy), "appointments", "import"]
    assert main([*argv, str(csv)]) == 2
    err = capsys.readouterr().err
    assert "phq9.toml" in err
    assert "missing" in err
    assert "Traceback" not in err


def test_appointments_import_good_csv(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A good CSV (date,time,first_name,last_name,date_of_birth[,note]) imports every row."""
    csv = _write_csv(
        data_dir.parent / "appointments.csv",
        "2026-11-20,08:30,José,Muñoz,1971-05-02,first visit",
        "2026-11-20,09:15,Mary-Kate,O'Brien,1988-12-30,",
        "2026-11-20,10:00,Ana Sofía,Peña,2001-07-14,series 3 of 6",
    )
    assert main(["--data-dir", str(data_dir), "appointments", "import", str(csv)]) == 0
    assert "imported 3 appointments" in capsys.readouterr().out
    assert _count_appointments(data_dir) == 3


def test_appointments_import_bad_line(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad date on line 3 exits 2, names line 3, and imports nothing."""
    csv = _write_csv(
        data_dir.parent / "appointments.csv",
        "2026-11-20,08:30,José,Muñoz,1971-05-02,",
        "2026-11-20,09:15,Ann,Lee,12/30/1988,",
        "2026-11-20,10:00,Ana,Peña,2001-07-14,",
    )
    assert main(["--data-dir", str(data_dir), "appointments", "import", str(csv)]) == 2
    captured = capsys.readouterr()
    assert "line 3" in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""
    assert _count_appointments(data_dir) == 0


def test_appointments_import_missing_file(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CSV that does not exist gives one clear line and exit 2, and creates no database."""
    missing = data_dir.parent / "nope.csv"
    assert main(["--data-dir", str(data_dir), "appointments", "import", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "nope.csv" in err
    assert "no such file" in err
    assert not database_path(data_dir).exists()


def test_corrupt_database(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A kiosk.db of random bytes gives a clear one-line message and a non-zero exit."""
    data_dir.mkdir()
    database_path(data_dir).write_bytes(os.urandom(4096))
    csv = _write_csv(data_dir.parent / "a.csv", "2026-11-20,09:00,Ann,Lee,1980-01-01,")
    code = main(["--data-dir", str(data_dir), "appointments", "import", str(csv)])
    assert code != 0
    captured = capsys.readouterr()
    assert "kiosk.db" in captured.err
    assert "damaged" in captured.err
    assert "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 1


def test_unknown_command_is_a_usage_error(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown command exits 2 with argparse's message and does not start the kiosk."""
    assert main(["--data-dir", str(data_dir), "frobnicate"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert not data_dir.exists()
