"""Exports that cannot be written: a folder nobody may write in (immutable, binding root too),
a path through a file, a full file system, a database that cannot record the export. Each
gives one clear line, leaves nothing partial behind, and the audit log claims no export."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.core.clock import FakeClock
from kiosk.core.faults import ADVICE, Fault
from kiosk.services.context import open_context
from kiosk.storage.audit import AuditLog
from kiosk.storage.db import database_path
from tests.helpers.clinic import DAY, build_clinic
from tests.helpers.faults import checkpoint, immutable


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with a day of intakes, built once."""
    folder = tmp_path_factory.mktemp("export-faults") / "data"
    build_clinic(folder)
    return folder


@pytest.fixture
def clinic(template: Path, data_dir: Path) -> Path:
    """This test's own copy of the data folder."""
    shutil.copytree(template, data_dir)
    return data_dir


def export(data_dir: Path, out: Path) -> int:
    """``kiosk export`` of the clinic's day as CSV to ``out``."""
    argv = ["--data-dir", str(data_dir), "export", "--date", DAY.isoformat(), "--format", "csv"]
    return main([*argv, "--out", str(out)])


def exports(data_dir: Path) -> list[dict[str, Any]]:
    """The export entries of the audit log."""
    context = open_context(data_dir, clock=FakeClock())
    try:
        entries = AuditLog(context.db, context.clock).entries(action="export")
    finally:
        context.close()
    return [json.loads(e.detail) for e in entries]


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    """The only line on stderr, checked to be one and no traceback."""
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("kiosk: error: ")
    return err


@contextlib.contextmanager
def tiny_file_system(where: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs mounted at ``where`` (skips when mounting is not allowed here)."""
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], capture_output=True, timeout=30, check=False)


def test_an_immutable_folder(
    clinic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: Any
) -> None:
    """chattr +i on the --out folder: exit 1, 'cannot write', the folder stays empty."""
    folder = tmp_path / "exports"
    folder.mkdir()
    with immutable(folder):
        tally.add("faults injected")
        assert export(clinic, folder) == 1
        assert list(folder.iterdir()) == []
    assert f"cannot write {folder}" in one_error_line(capsys)
    assert exports(clinic) == []


def test_a_path_through_a_file(
    clinic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: Any
) -> None:
    """--out under something that is a file, not a folder: exit 1, the file is untouched."""
    blocker = tmp_path / "report.txt"
    blocker.write_text("keep me", encoding="utf-8")
    tally.add("faults injected")
    assert export(clinic, blocker / "day.csv") == 1
    assert "Not a directory" in one_error_line(capsys)
    assert blocker.read_text(encoding="utf-8") == "keep me"
    assert exports(clinic) == []


def test_a_full_file_system(
    clinic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: Any
) -> None:
    """The export's file system is full: exit 1, no partial file left."""
    with tiny_file_system(tmp_path / "small") as small:
        filler = small / "filler"
        with filler.open("wb") as handle, contextlib.suppress(OSError):
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        tally.add("faults injected")
        code = export(clinic, small)
        left = sorted(p.name for p in small.iterdir())
    err = one_error_line(capsys)
    assert code == 1, err
    assert "No space left on device" in err
    assert left == ["filler"]
    assert exports(clinic) == []


def test_a_database_that_cannot_record_the_export(
    clinic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: Any
) -> None:
    """The database is immutable: the rows can be read but the audit entry cannot be written,
    so the written export is removed again and the audit log claims nothing."""
    db = database_path(clinic)
    checkpoint(db)
    out = tmp_path / "out"
    out.mkdir()
    with immutable(db):
        tally.add("faults injected")
        code = export(clinic, out)
    err = one_error_line(capsys)
    assert code == 1, err
    assert "cannot be written" in err or "read-only" in err
    assert ADVICE[Fault.READ_ONLY].command in err  # the kind arrived from storage
    assert list(out.iterdir()) == []
    assert exports(clinic) == []
