"""Shared fixtures: every test gets its own data folder, an in-memory database and a fake clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("QT_IM_MODULE", None)  # tests never load the on-screen keyboard

from sqlite_utils import Database

from kiosk.core.clock import FakeClock
from kiosk.core.forms import FormsBundle, load_forms, shipped_forms_dir
from kiosk.core.session import IntakeSession
from kiosk.documents.consent_pdf import render_consent
from kiosk.storage.db import open_database
from kiosk.storage.intakes import IntakeRepository


@pytest.fixture(autouse=True)
def _isolated_data(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test ever touches a real clinic's data folder."""
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path_factory.mktemp("kiosk-data")))
    monkeypatch.delenv("KIOSK_FORMS_DIR", raising=False)


@pytest.fixture(scope="session")
def forms() -> FormsBundle:
    """The shipped forms."""
    return load_forms(shipped_forms_dir())


@pytest.fixture
def clock() -> FakeClock:
    """A clock tests move by hand: 2026-11-21 15:00 UTC."""
    return FakeClock()


@pytest.fixture
def db() -> Iterator[Database]:
    """A migrated in-memory database, always closed."""
    database = open_database(None)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def repo(db: Database, clock: FakeClock) -> IntakeRepository:
    """The intake repository on the in-memory database."""
    return IntakeRepository(db, clock)


@pytest.fixture
def session(forms: FormsBundle, repo: IntakeRepository, clock: FakeClock) -> IntakeSession:
    """A patient session on the real storage and the real consent renderer."""
    return IntakeSession(forms, repo, clock, render_consent)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder for a whole kiosk."""
    return tmp_path / "data"
