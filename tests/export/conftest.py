"""Fixtures of the export tests: one demo clinic built per session, opened fresh by each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.clock import FakeClock
from kiosk.services.context import KioskContext, open_context
from tests.helpers.clinic import build_clinic


@pytest.fixture(scope="session")
def clinic_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with 20 demo intakes on DAY and 5 on NEXT_DAY; tests only read it."""
    folder = tmp_path_factory.mktemp("export-clinic") / "data"
    build_clinic(folder, first_day=20, next_day=5)
    return folder


@pytest.fixture
def clinic(clinic_dir: Path) -> Iterator[KioskContext]:
    """The demo clinic opened on a fake clock, always closed."""
    context = open_context(clinic_dir, clock=FakeClock())
    try:
        yield context
    finally:
        context.close()
