"""Two kiosk processes and two nurse stations on one clinic server (real PostgreSQL): while
both kiosks take intakes through their own sync, both stations' boards come to show every
patient of both kiosks (the union of their outboxes' intakes, by UUID), and an item 9 alert
shows on both stations until one acknowledges."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.forms import FormsBundle
from kiosk.services import server
from kiosk.services.context import open_context
from kiosk.services.station_desk import StationDesk, Target
from kiosk.ui.staff.pin_dialog import PinDialog
from kiosk.ui.staff.server_window import StationWindow
from kiosk.ui.station_app import build_station
from tests.helpers.crash.patients import parent_clock
from tests.helpers.pg import PgCluster
from tests.helpers.sync import dbname, enrol_kiosk, server_rows
from tests.helpers.sync_faults import SyncKiosk
from tests.helpers.widgets import flush_deletes

pytestmark = pytest.mark.usefixtures("cheap_pins")

PIN = "483920"
COST = 2**10
WAIT_MS = 30_000
PATIENTS = 4  # each kiosk's; the seeds give at least one item 9 alert between them
SEEDS = {"north": 5, "south": 8}


@pytest.fixture
def kiosk_processes(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path
) -> Iterator[list[SyncKiosk]]:
    """Two kiosks enrolled on the server, each a process taking PATIENTS whole intakes and
    syncing them; killed at the end whatever happened."""
    made = []
    for name, seed in SEEDS.items():
        direct = enrol_kiosk(pg_cluster, initialised, name, tmp_path / "secrets")
        made.append(
            SyncKiosk(name, tmp_path / name / "data", direct, direct, seed, tmp_path / "logs")
        )
    for kiosk in made:
        kiosk.start(new=PATIENTS, drain=30.0)
    yield made
    for kiosk in made:
        if kiosk.process is not None:
            kiosk.process.kill()
            kiosk.process.finish()


@pytest.fixture
def stations(
    qtbot: Any,
    pg_cluster: PgCluster,
    initialised: str,
    forms: FormsBundle,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[list[StationWindow]]:
    """Two station windows on the server, signed in as Nora, on the kiosks' clinic day."""
    nurse = server.staff_add(initialised, "Nora", "nurse", PIN).id
    credential = server.station_login(initialised, "desk").conninfo()
    url = f"postgresql://{pg_cluster.host}:{pg_cluster.port}/{dbname(initialised)}"
    made = []
    for _ in range(2):
        desk = StationDesk(Target(url, pg_cluster.ca_file, credential), forms, parent_clock())
        window = build_station(desk)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
    monkeypatch.setattr(PinDialog, "ask", classmethod(lambda *_a, **_k: (nurse, PIN)))
    for window in made:
        qtbot.waitUntil(lambda w=window: w.connected is True, timeout=WAIT_MS)
        assert window.sign_in() is not None
    yield made
    for window in made:
        window.shut()
        window.deleteLater()
    flush_deletes()


def intake_uuids(kiosk: SyncKiosk) -> set[str]:
    """The UUIDs of the kiosk's intakes."""
    context = open_context(kiosk.data_dir, clock=parent_clock())
    try:
        return {str(row["uuid"]) for row in context.db.query("SELECT uuid FROM intakes")}
    finally:
        context.close()


def test_two_stations_follow_two_kiosk_processes_and_share_one_alert(
    kiosk_processes: list[SyncKiosk],
    stations: list[StationWindow],
    initialised: str,
    qtbot: Any,
) -> None:
    for kiosk in kiosk_processes:
        lines = kiosk.collect()  # the process ends once its patients are done and sent
        assert "DRAINED" in lines, f"{kiosk.name} did not drain: {kiosk.stderr_text()[-2000:]}"
    expected = set().union(*(intake_uuids(k) for k in kiosk_processes))
    on_server = dict(server_rows(initialised, "SELECT uuid::text, id FROM records_intakes"))
    assert expected and set(on_server) == expected
    wanted = {on_server[uuid] for uuid in expected}
    for window in stations:
        qtbot.waitUntil(
            lambda w=window: {r.id for r in w.view.board.rows} == wanted, timeout=WAIT_MS
        )
        assert {r.device for r in window.view.board.rows} == set(SEEDS)
    first, second = stations
    alerts = [f.id for row in first.view.board.rows for f in row.open_alerts]
    assert alerts, "the seeds were chosen to give an item 9 alert"
    assert first.view.board.banner.isVisible() and second.view.board.banner.isVisible()
    for flag in alerts:
        first.view.acknowledge(flag)
    qtbot.waitUntil(lambda: not any(r.open_alerts for r in second.view.board.rows), timeout=WAIT_MS)
    assert not first.view.board.banner.isVisible() and not second.view.board.banner.isVisible()
