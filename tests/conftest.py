"""Shared fixtures: every test gets its own data folder, an in-memory database and a fake clock."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("QT_IM_MODULE", None)  # tests never load the on-screen keyboard

import psycopg
from psycopg import sql
from sqlite_utils import Database

from kiosk.core import pins
from kiosk.core.clock import FakeClock
from kiosk.core.forms import FormsBundle, load_forms, shipped_forms_dir
from kiosk.core.session import IntakeSession
from kiosk.documents.consent_pdf import render_consent
from kiosk.server import schema
from kiosk.services.context import KioskContext, open_context
from kiosk.storage.db import open_database
from kiosk.storage.intakes import IntakeRepository
from kiosk.storage.keys import ENV_KEY, ENV_KEY_FILE, create_key_file
from tests.helpers import cups, pg
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


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg.PgCluster]:
    """A throwaway PostgreSQL cluster on 127.0.0.1 with TLS (its own CA), for the clinic server
    tests and the kiosk's sync tests; stopped and removed afterwards."""
    missing = pg.missing_parts()
    if missing:
        pytest.skip(
            f"PostgreSQL is not installed (missing: {', '.join(missing)}); install the Debian"
            " packages postgresql and openssl, as .ci/run does"
        )
    started = time.monotonic()
    try:
        cluster = pg.start_cluster()
    except (pg.PgSetupError, OSError, psycopg.Error) as exc:
        pytest.fail(f"Could not start the test PostgreSQL cluster: {exc}", pytrace=False)
    print(f"\ntest PostgreSQL cluster started in {time.monotonic() - started:.2f} s")
    yield cluster
    cluster.stop()


@pytest.fixture
def server_url(pg_cluster: pg.PgCluster, request: pytest.FixtureRequest) -> Iterator[str]:
    """The superuser's URL to a new, empty database for this test; dropped afterwards, with
    every kiosk and station login (roles are cluster-wide)."""
    name = pg.safe_identifier(f"t_{request.node.name}")
    with schema.connect(pg_cluster.url()) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield pg_cluster.url(name)
    with schema.connect(pg_cluster.url()) as admin:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        logins = admin.execute(
            "SELECT r.rolname FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid"
            " JOIN pg_roles g ON g.oid = m.roleid"
            " WHERE g.rolname IN ('kiosk_device', 'kiosk_station', 'kiosk_admin')"
        ).fetchall()
        for (role,) in logins:
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(str(role))))


@pytest.fixture
def initialised(server_url: str) -> str:
    """``server_url`` with the schema applied."""
    with schema.connect(server_url) as conn:
        schema.apply_migrations(conn)
    return server_url
