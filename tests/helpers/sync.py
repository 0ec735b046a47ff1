"""Kiosks enrolled on the test cluster: their credential files and the environment that points
a kiosk (in this process or a child) at the server."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from kiosk.core.clock import FakeClock
from kiosk.server import devices, schema
from kiosk.services import server, sync
from kiosk.services.context import KioskContext, open_context
from kiosk.services.demo.day import make_demo
from tests.helpers.pg import PgCluster


def dbname(url: str) -> str:
    """The database name of a ``postgresql://`` URL."""
    return url.split("?", 1)[0].rsplit("/", 1)[1]


@dataclass(frozen=True)
class EnrolledKiosk:
    """A kiosk's server settings as its owner would set them: URL, CA file, credential file."""

    name: str
    url: str  # postgresql://host:port/db, no user or password
    ca_file: Path
    credential_file: Path

    def env(self, **overrides: str) -> dict[str, str]:
        """The environment variables that point a kiosk at the server."""
        return {
            "KIOSK_SERVER_URL": self.url,
            "KIOSK_SERVER_CA": str(self.ca_file),
            "KIOSK_SERVER_CREDENTIAL": str(self.credential_file),
            **overrides,
        }

    def via(self, host: str, port: int) -> EnrolledKiosk:
        """The same kiosk reaching the server through ``host:port`` (a fault proxy); the
        certificate is still checked against the name the server's certificate carries."""
        rest = self.url.split("://", 1)[1].split("/", 1)[1]
        return EnrolledKiosk(
            self.name,
            f"postgresql://{host}:{port}/{rest}",
            self.ca_file,
            self.credential_file,
        )


def enrol_kiosk(
    cluster: PgCluster,
    admin_url: str,
    name: str,
    folder: Path,
    *,
    audited: bool = True,
    clinic: str = server.DEFAULT_CLINIC,
) -> EnrolledKiosk:
    """Enrol ``name`` in ``clinic`` on the server at ``admin_url`` and write its credential
    owner-only under ``folder`` (made 0700). ``audited=False``: on a server whose schema
    predates its audit log (the default clinic only)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    credential = folder / f"{name}.credential"
    if audited:
        server.enrol(admin_url, name, credential, clinic=clinic)
    else:
        with schema.connect(admin_url) as admin:
            made = devices.enrol(admin, name)
        credential.write_text(made.conninfo() + "\n", encoding="ascii")
        credential.chmod(0o600)
    url = f"postgresql://{cluster.host}:{cluster.port}/{dbname(admin_url)}"
    return EnrolledKiosk(name, url, cluster.ca_file, credential)


def server_rows(admin_url: str, query: str, *params: object) -> list[tuple[object, ...]]:
    """Rows of an admin query on the server."""
    with schema.connect(admin_url) as admin:
        return admin.execute(query, params or None).fetchall()  # type: ignore[arg-type]


@dataclass
class SyncedKiosk:
    """A kiosk with a demo day, enrolled on the server and synced: its name, its open context."""

    name: str
    context: KioskContext

    def uuids(self) -> dict[int, str]:
        """Each of the kiosk's intake ids with its intake's UUID."""
        rows = self.context.db.execute("SELECT id, uuid FROM intakes").fetchall()
        return {int(r[0]): str(r[1]) for r in rows}


def synced_kiosks(
    cluster: PgCluster,
    admin_url: str,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    day: date,
    kiosks: Sequence[tuple[str, int, int]],
    *,
    clinic: str = server.DEFAULT_CLINIC,
) -> list[SyncedKiosk]:
    """Kiosks (name, intakes, demo seed) of ``clinic``, each in its own data folder with its own
    login, that made a demo ``day`` and synced it to the server at ``admin_url``; the caller
    closes them."""
    made = []
    for name, count, seed in kiosks:
        kiosk = enrol_kiosk(cluster, admin_url, name, folder / "secrets", clinic=clinic)
        for variable, value in kiosk.env().items():
            monkeypatch.setenv(variable, value)
        context = open_context(folder / f"data-{name}", clock=FakeClock())
        make_demo(context, count, day, seed=seed)
        sync.sync_now(context)
        made.append(SyncedKiosk(name, context))
    return made


def refuse_every_audit_entry(admin_url: str) -> None:
    """From now on every entry of the server's audit log fails (a trigger that fires before the
    chain's own), as a full disk or a broken log would."""
    with schema.connect(admin_url) as admin:
        admin.execute(
            "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS"
            " $$ BEGIN RAISE EXCEPTION 'the audit log is out of order'; END $$"
        )
        admin.execute(
            "CREATE TRIGGER audit_a_refused BEFORE INSERT ON audit"
            " FOR EACH ROW EXECUTE FUNCTION refuse_audit()"
        )
