"""The run command on its own: the kiosk on an opened context, or the recovery path when storage fails."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import kiosk_run
from kiosk.cli.command import PROG
from kiosk.core.forms import shipped_forms_dir
from kiosk.services.context import KioskContext
from kiosk.storage.db import database_path, open_database
from kiosk.storage.errors import KeyMissingError, StorageError
from kiosk.storage.keys import ENV_KEY_FILE
from kiosk.ui import app


def arguments(
    data_dir: Path, *, windowed: bool = True, forms_dir: Path | None = None
) -> argparse.Namespace:
    """What the parser gives run()."""
    return argparse.Namespace(data_dir=data_dir, forms_dir=forms_dir, windowed=windowed)


def test_run_hands_an_open_context_to_the_kiosk_and_closes_it(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kiosk window gets the context on the data folder and the windowed choice; its exit
    code is run's, and the context is closed once the window is gone."""
    seen: list[KioskContext] = []

    def run_kiosk(context: KioskContext, *, windowed: bool) -> int:
        assert windowed is True
        assert context.data_dir == data_dir
        context.db.execute("SELECT 1")  # open while the window runs
        seen.append(context)
        return 7

    monkeypatch.setattr(app, "run_kiosk", run_kiosk)
    assert kiosk_run.run(arguments(data_dir)) == 7
    with pytest.raises(Exception, match="closed"):
        seen[0].db.execute("SELECT 1")


def test_the_context_is_closed_when_the_window_fails(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A window that raises still leaves the database closed behind it."""
    seen: list[KioskContext] = []

    def run_kiosk(context: KioskContext, *, windowed: bool) -> int:
        seen.append(context)
        raise RuntimeError("window broke")

    monkeypatch.setattr(app, "run_kiosk", run_kiosk)
    with pytest.raises(RuntimeError, match="window broke"):
        kiosk_run.run(arguments(data_dir))
    with pytest.raises(Exception, match="closed"):
        seen[0].db.execute("SELECT 1")


def test_a_key_problem_at_open_starts_the_recovery_path(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A storage problem at open (here the key file gone) is told on stderr in one line with
    the advice, then the recovery screen gets the problem, the folders and the windowed choice;
    its exit code is run's and the kiosk window never starts."""
    open_database(database_path(data_dir)).close()
    monkeypatch.setenv(ENV_KEY_FILE, str(tmp_path / "gone" / "kiosk.key"))
    calls: list[dict[str, Any]] = []

    def run_recovery(
        problem: StorageError, folder: Path, *, forms_folder: Path | None, windowed: bool
    ) -> int:
        calls.append(
            {"problem": problem, "folder": folder, "forms": forms_folder, "windowed": windowed}
        )
        return 3

    def run_kiosk(context: KioskContext, *, windowed: bool) -> int:
        raise AssertionError("the kiosk must not start")

    monkeypatch.setattr(app, "run_recovery", run_recovery)
    monkeypatch.setattr(app, "run_kiosk", run_kiosk)
    forms = shipped_forms_dir()
    assert kiosk_run.run(arguments(data_dir, windowed=False, forms_dir=forms)) == 3
    assert len(calls) == 1
    assert isinstance(calls[0]["problem"], KeyMissingError)
    assert (calls[0]["folder"], calls[0]["forms"], calls[0]["windowed"]) == (data_dir, forms, False)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{PROG}: ") and "kiosk.key" in lines[0]
    assert lines[1] == f"{PROG}: the kiosk shows staff the recovery screen instead of check-in"


def test_run_is_one_command_with_a_windowed_option() -> None:
    """The module offers one command, 'run', whose only option is --windowed."""
    (command,) = kiosk_run.COMMANDS
    assert (command.words, command.handler) == (("run",), kiosk_run.run)
    assert command.configure is not None
    parser = argparse.ArgumentParser()
    command.configure(parser)
    assert parser.parse_args(["--windowed"]).windowed is True
    assert parser.parse_args([]).windowed is False
