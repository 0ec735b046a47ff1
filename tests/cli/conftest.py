"""Fixtures of the command-line tests: every test runs on a fresh data folder under tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.core.forms import shipped_forms_dir


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder in tmp_path, also set as $KIOSK_DATA_DIR so nothing reaches the real one."""
    folder = tmp_path / "data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(folder))
    monkeypatch.delenv("KIOSK_FORMS_DIR", raising=False)
    return folder


@pytest.fixture
def forms_copy(tmp_path: Path) -> Path:
    """A copy of the shipped forms folder that a test may break."""
    target = tmp_path / "forms"
    shutil.copytree(shipped_forms_dir(), target)
    return target
