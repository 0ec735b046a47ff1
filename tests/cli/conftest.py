"""Fixtures of the command-line tests: every test runs on a fresh data folder under tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder in tmp_path, also set as $KIOSK_DATA_DIR so nothing reaches the real one."""
    folder = tmp_path / "data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(folder))
    monkeypatch.delenv("KIOSK_FORMS_DIR", raising=False)
    return folder
