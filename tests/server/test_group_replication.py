"""A group's central reporting database subscribed to two clinic servers with PostgreSQL's own
logical replication: each clinic's intakes arrive by UUID with their clinic, though both
servers number their records 1, 2, 3 and both have a kiosk called lobby; a later sync on one
clinic arrives too. Three throwaway clusters: north and south (wal_level=logical), central."""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from kiosk.server import group, schema
from kiosk.services import server, sync
from kiosk.services.demo.day import make_demo
from tests.helpers import pg
from tests.helpers.clinic import DAY
from tests.helpers.sync import EnrolledKiosk, SyncedKiosk, server_rows, synced_kiosks

CLINICS = (("north", 3, 1), ("south", 2, 7))  # clinic, demo intakes, seed
DB = "clinic"
WAIT_SECONDS = 30.0


@dataclass
class Clinic:
    """A clinic's server (its own cluster), its kiosk lobby, the central's login to it."""

    name: str
    cluster: pg.PgCluster
    kiosk: SyncedKiosk
    reader_password: str

    @property
    def url(self) -> str:
        return self.cluster.url(DB)

    def publisher(self) -> str:
        """The libpq string the central cluster connects with (its postgres user reads the CA
        file in this cluster's folder)."""
        return psycopg.conninfo.make_conninfo(
            host=self.cluster.host,
            port=str(self.cluster.port),
            dbname=DB,
            user=f"group_{self.name}",
            password=self.reader_password,
            sslmode="verify-full",
            sslrootcert=str(self.cluster.ca_file),
        )


def _start(settings: dict[str, str] | None = None) -> pg.PgCluster:
    missing = pg.missing_parts()
    if missing:
        pytest.skip(f"PostgreSQL is not installed (missing: {', '.join(missing)})")
    return pg.start_cluster(settings)


@pytest.fixture
def clusters() -> Iterator[list[pg.PgCluster]]:
    """north, south (publishers) and central, stopped and removed afterwards."""
    started: list[pg.PgCluster] = []
    try:
        started.append(_start(pg.LOGICAL))
        started.append(_start(pg.LOGICAL))
        # the central's workers start within 0.2 s of CREATE SUBSCRIPTION (default: 5 s)
        started.append(_start({"wal_retrieve_retry_interval": "'200ms'"}))
        yield started
    finally:
        if len(started) == 3:  # the subscriptions first, or their slots keep the publishers busy
            with contextlib.suppress(psycopg.Error), schema.connect(started[2].url(DB)) as central:
                for name in group.subscriptions(central):
                    central.execute(sql.SQL("DROP SUBSCRIPTION {}").format(sql.Identifier(name)))
        for cluster in started:
            cluster.stop()


@pytest.fixture
def clinics(
    clusters: list[pg.PgCluster], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[Clinic]]:
    """Each clinic's server initialised and published, a replication login for the central
    database in kiosk_group_reader, and a kiosk lobby that synced a demo day."""
    made = []
    for (name, count, seed), cluster in zip(CLINICS, clusters, strict=False):
        with schema.connect(cluster.url()) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB)))
        server.init(cluster.url(DB))
        published = server.publish(cluster.url(DB))
        assert published.wal_level == "logical"
        password = secrets.token_urlsafe(16)
        with schema.connect(cluster.url(DB)) as admin:
            admin.execute(
                sql.SQL("CREATE ROLE {} LOGIN REPLICATION PASSWORD {} IN ROLE {}").format(
                    sql.Identifier(f"group_{name}"), sql.Literal(password),
                    sql.Identifier(group.READER),
                )
            )  # fmt: skip
        [kiosk] = synced_kiosks(
            cluster, cluster.url(DB), tmp_path / name, monkeypatch, DAY, [("lobby", count, seed)],
            clinic=name,
        )  # fmt: skip
        made.append(Clinic(name, cluster, kiosk, password))
    yield made
    for clinic in made:
        clinic.kiosk.context.close()


Held = set[tuple[object, ...]]


def held(url: str) -> Held:
    """What a database holds of the published rows: each intake record (UUID, clinic, the
    clinic's own id, stage) and each step (UUID, clinic, device, sequence, SHA-256)."""
    records = server_rows(url, "SELECT 'record', uuid::text, clinic, id, stage FROM records_intakes")
    steps = server_rows(url, "SELECT 'step', uuid::text, clinic, device, sequence, sha256 FROM steps")
    intakes = server_rows(url, "SELECT 'intake', uuid::text, clinic, device FROM intakes")
    return set(records) | set(steps) | set(intakes)


def wait_for(url: str, wanted: Held) -> Held:
    """What the central database holds once it holds ``wanted`` (or after WAIT_SECONDS)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        found = held(url)
        if wanted <= found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_the_central_database_holds_every_clinics_intakes(
    clusters: list[pg.PgCluster], clinics: list[Clinic], monkeypatch: pytest.MonkeyPatch
) -> None:
    north, south = clinics
    ids = [{r[3] for r in held(c.url) if r[0] == "record"} for c in clinics]
    assert ids[0] & ids[1]  # both servers number their records 1, 2, 3...
    both = held(north.url) | held(south.url)
    assert {(r[0], r[2]) for r in both} == {
        (kind, clinic) for kind in ("record", "step", "intake") for clinic in ("north", "south")
    }

    central = clusters[2]
    with schema.connect(central.url()) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB)))
    server.central_init(central.url(DB))
    server.central_init(central.url(DB))  # idempotent
    with schema.connect(central.url(DB)) as conn:
        for clinic in clinics:
            assert group.subscribe(conn, clinic.name, clinic.publisher()) == f"kiosk_{clinic.name}"
        assert group.subscriptions(conn) == ["kiosk_north", "kiosk_south"]
    assert wait_for(central.url(DB), both) == both

    # A later sync on north: its new intakes (inserted, then updated as their steps apply,
    # published under their UUIDs) arrive centrally too, each with its stage as it ended.
    kiosk = EnrolledKiosk(
        "lobby",
        f"postgresql://{north.cluster.host}:{north.cluster.port}/{DB}",
        north.cluster.ca_file,
        north.kiosk.context.data_dir.parent / "secrets" / "lobby.credential",
    )
    for variable, value in kiosk.env(KIOSK_SERVER_CLINIC="north").items():
        monkeypatch.setenv(variable, value)
    make_demo(north.kiosk.context, 2, DAY + timedelta(days=1), seed=9)
    assert sync.sync_now(north.kiosk.context).status.waiting == 0
    later = held(north.url) | held(south.url)
    assert len([r for r in later - both if r[0] == "record"]) == 2
    assert wait_for(central.url(DB), later) == later
