"""The staff corner of a networked kiosk (real PostgreSQL): with a station credential it signs
staff in against the clinic server's staff and opens the station view on the server's board
(every kiosk's patients); with the server down it falls back to this kiosk's staff and board,
marked local only; without a station credential, or without a server, it is the kiosk's own."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.staff import Role
from kiosk.services import server
from kiosk.services.station_desk import ENV_STATION_CREDENTIAL
from kiosk.ui.app import build_main_window
from kiosk.ui.main_window import MainWindow
from kiosk.ui.staff.station import StationView
from tests.helpers.clinic import DAY
from tests.helpers.pg import PgCluster
from tests.helpers.station import NURSE_PIN, add_member, answer_pins, corner_credential
from tests.helpers.sync import SyncedKiosk, server_rows, synced_kiosks
from tests.helpers.widgets import flush_deletes
from tests.ui.conftest import close_window

pytestmark = pytest.mark.usefixtures("cheap_pins")

KIOSKS = (("lobby", 10, 3), ("annex", 3, 11))
WAIT_MS = 15_000
SERVER_PIN = "483920"
LOCAL_ONLY = "⚠ Local only: this kiosk's patients. The clinic server cannot be reached."


@pytest.fixture
def kiosks(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[SyncedKiosk]]:
    made = synced_kiosks(pg_cluster, initialised, tmp_path, monkeypatch, DAY, KIOSKS)
    yield made
    for kiosk in made:
        kiosk.context.close()


@pytest.fixture
def station_credential(initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A station login's credential file, owner-only outside the data folder, named by
    $KIOSK_STATION_CREDENTIAL."""
    return corner_credential(initialised, tmp_path, monkeypatch)


@pytest.fixture
def server_nurse(initialised: str) -> int:
    """Nora, a nurse on the clinic server; her staff id there."""
    return server.staff_add(initialised, "Nora", "nurse", SERVER_PIN).id


@pytest.fixture
def lobby(
    qtbot: Any, kiosks: list[SyncedKiosk], tmp_path: Path
) -> Iterator[Callable[[], MainWindow]]:
    """Opens the lobby kiosk's window (its data folder, synced to the server) at 1280x800."""
    made: list[MainWindow] = []

    def open_one() -> MainWindow:
        window = build_main_window(tmp_path / "data-lobby", clock=kiosks[0].context.clock)
        assert isinstance(window, MainWindow)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield open_one
    for window in made:
        close_window(window)
    flush_deletes()


def station_of(window: MainWindow) -> StationView:
    assert isinstance(window.station, StationView)
    return window.station


@pytest.mark.usefixtures("station_credential")
def test_the_corner_signs_nora_in_on_the_server_and_shows_both_kiosks_patients(
    lobby: Callable[[], MainWindow],
    server_nurse: int,
    initialised: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The prompt lists the server's staff; a wrong PIN is counted on the server, her server
    PIN opens the station view on the clinic's board (both kiosks), with no local-only mark."""
    window = lobby()
    add_member(window, "Kim Local", Role.NURSE, NURSE_PIN)  # the kiosk's own: not asked
    prompt = answer_pins(monkeypatch, [(server_nurse, "000000"), (server_nurse, SERVER_PIN)])
    window.open_staff()
    assert prompt.names[0] == ["Nora"] and prompt.messages[0] == ""
    assert "Wrong PIN" in prompt.messages[1]
    station = station_of(window)
    assert station.member.name == "Nora" and station.context is None
    assert {row.device for row in station.board.rows} == {"lobby", "annex"}
    assert len(station.board.rows) == sum(count for _, count, _ in KIOSKS)
    assert not station.scope.isVisible() and station.admin_button is None
    attempts = server_rows(initialised, "SELECT action FROM audit WHERE actor = 'Nora' ORDER BY id")
    assert [a for (a,) in attempts] == ["sign_in_failed", "sign_in"]
    station.lock()
    flush_deletes()
    assert window.station is None


@pytest.mark.usefixtures("station_credential", "server_nurse")
def test_with_the_server_down_the_corner_falls_back_to_this_kiosk_marked_local_only(
    lobby: Callable[[], MainWindow],
    pg_cluster: PgCluster,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    qtbot: Any,
) -> None:
    """The server stopped (pg_ctl stop -m immediate): the prompt says so and lists this
    kiosk's staff; the board holds this kiosk's patients only, marked local only (saved in
    $STATION_SCREENSHOTS when set)."""
    window = lobby()
    local = add_member(window, "Kim Local", Role.NURSE, NURSE_PIN)
    prompt = answer_pins(monkeypatch, [(local.id, NURSE_PIN)])
    pg_cluster.stop_immediate()
    try:
        window.open_staff()
    finally:
        pg_cluster.start()
    assert prompt.messages[0] == (
        "⚠ The clinic server cannot be reached: sign in with your PIN on this kiosk."
    )
    assert prompt.names[0] == ["Kim Local"]
    station = station_of(window)
    assert station.member.name == "Kim Local" and station.context is window.context
    assert station.scope.isVisible() and station.scope.text() == LOCAL_ONLY
    assert len(station.board.rows) == KIOSKS[0][1]
    assert {row.device for row in station.board.rows} == {""}  # the kiosk's own database
    folder = Path(os.environ.get("STATION_SCREENSHOTS") or tmp_path)
    flush_deletes()
    qtbot.wait(200)  # laid out as the event loop would have it before a paint
    assert window.grab().save(str(folder / "corner-local-only-en.png"))


def test_without_a_station_credential_a_networked_kiosk_keeps_its_own_corner(
    lobby: Callable[[], MainWindow], server_nurse: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server set but no station credential: the corner is the kiosk's own, as before."""
    monkeypatch.delenv(ENV_STATION_CREDENTIAL, raising=False)
    window = lobby()
    local = add_member(window, "Kim Local", Role.NURSE, NURSE_PIN)
    prompt = answer_pins(monkeypatch, [(local.id, NURSE_PIN)])
    window.open_staff()
    assert prompt.names[0] == ["Kim Local"] and prompt.messages[0] == ""
    station = station_of(window)
    assert not station.scope.isVisible()
    assert len(station.board.rows) == KIOSKS[0][1]
    del server_nurse


def test_a_kiosk_without_a_server_keeps_its_own_corner(
    kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No clinic server (even with a station credential named): the kiosk's own corner."""
    monkeypatch.setenv(ENV_STATION_CREDENTIAL, "/nonexistent/station.credential")
    local = add_member(kiosk_window, "Kim Local", Role.NURSE, NURSE_PIN)
    prompt = answer_pins(monkeypatch, [(local.id, NURSE_PIN)])
    kiosk_window.open_staff()
    assert prompt.names[0] == ["Kim Local"] and prompt.messages[0] == ""
    station = station_of(kiosk_window)
    assert not station.scope.isVisible() and station.context is kiosk_window.context


@pytest.mark.usefixtures("station_credential")
def test_the_corner_follows_the_servers_notices_and_says_when_it_goes_away(
    lobby: Callable[[], MainWindow],
    server_nurse: int,
    pg_cluster: PgCluster,
    initialised: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
) -> None:
    """Signed in on the server, the corner's board follows the server's notices (no polling
    timer): a patient synced by a third kiosk shows; the server stopped is said above the board,
    which keeps its rows and takes no act; the server back, the board is read again."""
    window = lobby()
    answer_pins(monkeypatch, [(server_nurse, SERVER_PIN)])
    window.open_staff()
    station = station_of(window)
    before = len(station.board.rows)
    assert not station.board.timer.isActive()
    porch = synced_kiosks(
        pg_cluster, initialised, tmp_path / "porch", monkeypatch, DAY, [("porch", 1, 5)]
    )
    porch[0].context.close()
    qtbot.waitUntil(lambda: len(station.board.rows) == before + 1, timeout=WAIT_MS)
    pg_cluster.stop_immediate()
    try:
        qtbot.waitUntil(station.board.fault.isVisible, timeout=WAIT_MS)
        assert "The clinic server cannot be reached" in station.board.fault.text()
        assert not station.pages.isEnabled()
        assert len(station.board.rows) == before + 1
    finally:
        pg_cluster.start()
    qtbot.waitUntil(station.pages.isEnabled, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not station.board.fault.isVisible(), timeout=WAIT_MS)
    station.lock()
    flush_deletes()
