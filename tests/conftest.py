"""Shared fixtures: every test gets its own data folder, an in-memory database and a fake clock."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("QT_IM_MODULE", None)  # tests never load the on-screen keyboard

from sqlite_utils import Database

from kiosk.core import pins
from kiosk.core.clock import FakeClock
from kiosk.core.forms import FormsBundle, load_forms, shipped_forms_dir
from kiosk.core.session import IntakeSession
from kiosk.documents.consent_pdf import render_consent
from kiosk.services.context import KioskContext, open_context
from kiosk.storage.db import open_database
from kiosk.storage.intakes import IntakeRepository
from kiosk.storage.keys import ENV_KEY, ENV_KEY_FILE, create_key_file
from tests.helpers import cups
from tests.helpers.clinic import build_clinic


@pytest.fixture(scope="session", autouse=True)
def _session_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One database key for the whole run, in a private temporary folder: no test ever reads or
    makes the real ~/.config/infusion-kiosk/kiosk.key. Set in os.environ, so the programs the
    e2e tests start use it too. A test may override it with monkeypatch."""
    key_file = tmp_path_factory.mktemp("keys") / "kiosk.key"
    create_key_file(key_file)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_KEY_FILE, str(key_file))
        patch.delenv(ENV_KEY, raising=False)
        patch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
        yield key_file


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
def forms_copy(tmp_path: Path) -> Path:
    """A copy of the shipped forms folder that a test may edit or break."""
    target = tmp_path / "forms"
    shutil.copytree(shipped_forms_dir(), target)
    return target


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


@pytest.fixture(scope="session")
def cups_queue() -> Iterator[cups.CupsPdfQueue]:
    """A running cupsd with the cups-pdf queue KioskTestPDF; kept for the session and reruns."""
    missing = cups.missing_parts()
    if missing:
        pytest.skip(
            f"CUPS with cups-pdf is not installed (missing: {', '.join(missing)}); "
            "install the Debian packages cups printer-driver-cups-pdf, as .ci/run does"
        )
    try:
        queue = cups.start_pdf_queue()
    except (cups.CupsSetupError, OSError, subprocess.SubprocessError) as exc:
        pytest.fail(f"Could not bring up the CUPS test queue: {exc}", pytrace=False)
    yield queue
    queue.remove_printed()


@pytest.fixture(scope="session")
def clinic_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo clinic of tests/helpers/clinic.py: a data folder with 20 demo intakes on DAY and 5 on NEXT_DAY; tests only read it."""
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


@pytest.fixture
def cheap_pins(monkeypatch: pytest.MonkeyPatch) -> None:
    """PINs hashed cheaply (the kiosk uses scrypt at N=2**17, 0.4 s a sign-in): for modules that
    sign staff in many times (``pytestmark = pytest.mark.usefixtures("cheap_pins")``)."""
    monkeypatch.setattr(pins, "DEFAULT_COST", 2**10)
