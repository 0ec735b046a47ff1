"""The check command: a sound database says so with its intakes; a damaged one names the damage
and what to do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.clock import FakeClock, today
from kiosk.services.context import open_context
from kiosk.services.demo.day import make_demo
from kiosk.storage.db import database_path
from tests.helpers.faults import checkpoint, damage_middle_page


def add_intakes(data_dir: Path, count: int) -> None:
    context = open_context(data_dir, clock=FakeClock())
    try:
        make_demo(context, count, today(context.clock), seed=4)
    finally:
        context.close()


@pytest.mark.parametrize("argv", [["check"], ["check", "--full"]])
def test_a_sound_database_is_sound_with_its_intakes(
    data_dir: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """quick_check (or integrity_check with --full) finds nothing: exit 0 and the intakes held."""
    add_intakes(data_dir, 3)
    assert main(["--data-dir", str(data_dir), *argv]) == 0
    captured = capsys.readouterr()
    assert captured.out == "database sound: 3 intakes\n"
    assert captured.err == ""


def test_a_new_data_folder_is_sound_and_empty(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a data folder without a database yet, check makes the empty one and finds it sound."""
    assert main(["--data-dir", str(data_dir), "check"]) == 0
    assert capsys.readouterr().out == "database sound: 0 intakes\n"
    assert database_path(data_dir).is_file()


def test_a_damaged_database_without_a_backup_says_to_call_support(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A damaged page and no backup yet: exit 1, one line naming the damage, no backup to restore,
    and the file to leave as it is."""
    add_intakes(data_dir, 3)
    path = database_path(data_dir)
    checkpoint(path)
    damage_middle_page(path)
    assert main(["--data-dir", str(data_dir), "check"]) == 1
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert captured.out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"kiosk: error: {path}: the database file is damaged")
    assert "There is no good backup" in err and f"leave {path} as it is" in err


def test_help_lists_check(capsys: pytest.CaptureFixture[str]) -> None:
    """``kiosk --help`` names the check command."""
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^\s+check\s+read the whole database", out, re.MULTILINE), out
