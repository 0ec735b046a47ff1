"""The nurse station window on the clinic server (real PostgreSQL): a nurse signs in against
the server's staff, the board shows every synced kiosk's patients and follows the server's
notices (no polling), the alert banner stays on two stations until one acknowledges, and the
server away is said at once and cleared when it is back."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.forms import FormsBundle
from kiosk.services import server
from kiosk.services.station_desk import StationDesk, Target
from kiosk.ui.staff.pin_dialog import PinDialog
from kiosk.ui.staff.server_window import StationWindow
from kiosk.ui.station_app import build_station
from tests.helpers.clinic import DAY
from tests.helpers.fault_proxy import FaultProxy, Mode
from tests.helpers.pg import PgCluster
from tests.helpers.sync import SyncedKiosk, dbname, server_rows, synced_kiosks
from tests.helpers.widgets import flush_deletes

pytestmark = pytest.mark.usefixtures("cheap_pins")

KIOSKS = (("lobby", 10, 3), ("annex", 3, 11))
PIN = "483920"
COST = 2**10
WAIT_MS = 10_000


@pytest.fixture
def kiosks(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[SyncedKiosk]]:
    made = synced_kiosks(pg_cluster, initialised, tmp_path, monkeypatch, DAY, KIOSKS)
    yield made
    for kiosk in made:
        kiosk.context.close()


@pytest.fixture
def nurse(initialised: str) -> int:
    """Nora, a nurse on the server; her staff id."""
    return server.staff_add(initialised, "Nora", "nurse", PIN).id


@pytest.fixture
def station_credential(initialised: str) -> str:
    """A station login made as an admin makes it (server station-login)."""
    return server.station_login(initialised, "desk").conninfo()


@pytest.fixture
def proxy(pg_cluster: PgCluster) -> Iterator[FaultProxy]:
    running = FaultProxy(pg_cluster.host, pg_cluster.port)
    yield running
    running.close()


Open = Callable[..., StationWindow]


@pytest.fixture
def open_station(
    qtbot: Any,
    pg_cluster: PgCluster,
    initialised: str,
    station_credential: str,
    kiosks: list[SyncedKiosk],
    forms: FormsBundle,
) -> Iterator[Open]:
    """Opens station windows at 1280x800 on the server (or through a proxy's port); each is
    shut afterwards."""
    made: list[StationWindow] = []

    def open_one(port: int | None = None, language: str = "en") -> StationWindow:
        url = f"postgresql://{pg_cluster.host}:{port or pg_cluster.port}/{dbname(initialised)}"
        target = Target(url, pg_cluster.ca_file, station_credential)
        desk = StationDesk(target, forms, kiosks[0].context.clock, cost=COST)
        window = build_station(desk, language)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        qtbot.waitUntil(lambda: window.connected is True, timeout=WAIT_MS)
        return window

    yield open_one
    for window in made:
        window.shut()
        window.translations.use("en")
        window.deleteLater()
    flush_deletes()


def sign_in(window: StationWindow, staff_id: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PinDialog, "ask", classmethod(lambda *_a, **_k: (staff_id, PIN)))
    assert window.sign_in() is not None


def names(window: StationWindow) -> set[str]:
    return {row.name for row in window.view.board.rows}


def open_alert_count(window: StationWindow) -> int:
    return sum(len(row.open_alerts) for row in window.view.board.rows)


def test_a_nurse_signs_in_and_sees_both_kiosks_patients_and_a_new_one_at_once(
    open_station: Open,
    qtbot: Any,
    nurse: int,
    kiosks: list[SyncedKiosk],
    pg_cluster: PgCluster,
    initialised: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_station()
    assert window.pages.currentWidget() is window.gate
    # A wrong PIN is refused in words, then the right one signs Nora in.
    answers = iter([(nurse, "000000"), (nurse, PIN)])
    seen: list[str] = []

    def ask(_cls: object, _parent: object, _choices: object, message: str = "", *_: object) -> Any:
        seen.append(message)
        return next(answers)

    monkeypatch.setattr(PinDialog, "ask", classmethod(ask))
    member = window.sign_in()
    assert member is not None and member.name == "Nora"
    assert "Wrong PIN" in seen[1]
    assert window.pages.currentWidget() is window.signed
    assert "Nora" in window.view.who.text()
    devices = {row.device for row in window.view.board.rows}
    assert devices == {"lobby", "annex"}
    assert len(window.view.board.rows) == 13
    before = names(window)
    # Another kiosk syncs a new patient: the board shows her within seconds, with no polling.
    assert not window.view.board.timer.isActive()
    synced_kiosks(pg_cluster, initialised, tmp_path / "porch", monkeypatch, DAY, [("porch", 1, 5)])
    qtbot.waitUntil(lambda: len(window.view.board.rows) == 14, timeout=WAIT_MS)
    assert {row.device for row in window.view.board.rows} == {"lobby", "annex", "porch"}
    assert before < names(window)


def test_an_alert_stays_on_two_stations_until_one_acknowledges(
    open_station: Open, nurse: int, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = open_station(), open_station()
    sign_in(first, nurse, monkeypatch)
    sign_in(second, nurse, monkeypatch)
    alerts = open_alert_count(first)
    assert alerts >= 1
    assert first.view.board.banner.isVisible() and second.view.board.banner.isVisible()
    flag = next(f.id for row in first.view.board.rows for f in row.open_alerts)
    # The second station acts on the view it showed; the first acknowledges first.
    first.view.acknowledge(flag)
    assert not first.view.message.isVisible()
    assert open_alert_count(first) == alerts - 1
    qtbot.waitUntil(lambda: open_alert_count(second) == alerts - 1, timeout=WAIT_MS)
    if alerts == 1:
        assert not first.view.board.banner.isVisible() and not second.view.board.banner.isVisible()


def test_a_stale_view_is_refused_in_words(
    open_station: Open, nurse: int, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = open_station(), open_station()
    sign_in(first, nurse, monkeypatch)
    sign_in(second, nurse, monkeypatch)
    flags = [f.id for row in first.view.board.rows for f in row.open_alerts]
    second.listener.stop()  # the second station's view stays as it was
    row = next(r for r in second.view.board.rows if r.open_alerts)
    other = next((f.id for f in row.flags if f.id != row.open_alerts[0].id), None)
    first.view.acknowledge(row.open_alerts[0].id)
    if other is None:
        pytest.skip("the demo patient with the alert has one flag only")
    second.view.acknowledge(other)
    assert second.view.message.isVisible()
    assert "Nora acknowledged an alert of this patient at " in second.view.message.text()
    assert flags


def test_the_server_away_is_said_at_once_and_cleared_when_back(
    open_station: Open, nurse: int, proxy: FaultProxy, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_station(proxy.port)
    sign_in(window, nurse, monkeypatch)
    rows = len(window.view.board.rows)
    assert not window.away.isVisible()
    proxy.set_mode(Mode.REFUSE, cut=True)
    qtbot.waitUntil(window.away.isVisible, timeout=5_000)
    assert window.away.text() == "The clinic server cannot be reached. Retrying…"
    assert window.not_current.isVisible()
    assert not window.view.pages.isEnabled()
    assert len(window.view.board.rows) == rows  # the last board read stays, marked not current
    proxy.set_mode(Mode.PASS, cut=True)
    qtbot.waitUntil(lambda: not window.away.isVisible(), timeout=WAIT_MS)
    assert window.view.pages.isEnabled() and not window.not_current.isVisible()
    assert len(window.view.board.rows) == rows


def test_the_station_locks_after_the_staff_idle_time(
    open_station: Open, nurse: int, kiosks: list[SyncedKiosk], monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_station()
    sign_in(window, nurse, monkeypatch)
    clock = kiosks[0].context.clock
    clock.advance(window.desk.forms.settings.staff.idle_lock_seconds + 1)  # type: ignore[attr-defined]
    window.view.idle.poll()
    assert window.pages.currentWidget() is window.gate
    assert window.member is None and window.view is None


@pytest.mark.parametrize("language", ["en", "es"])
def test_screenshots(
    open_station: Open,
    nurse: int,
    proxy: FaultProxy,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    language: str,
) -> None:
    """The station signed in with an alert, and with the server away, at 1280x800 (saved in
    $STATION_SCREENSHOTS when set)."""
    folder = Path(os.environ.get("STATION_SCREENSHOTS") or tmp_path)
    window = open_station(proxy.port, language)
    sign_in(window, nurse, monkeypatch)
    assert window.view.board.banner.isVisible()
    flush_deletes()
    qtbot.wait(200)  # laid out as the event loop would have it before a paint
    assert window.grab().save(str(folder / f"station-server-alert-{language}.png"))
    proxy.set_mode(Mode.REFUSE, cut=True)
    qtbot.waitUntil(window.away.isVisible, timeout=5_000)
    qtbot.wait(200)
    assert window.grab().save(str(folder / f"station-server-away-{language}.png"))
    proxy.set_mode(Mode.PASS, cut=True)
    qtbot.waitUntil(lambda: not window.away.isVisible(), timeout=WAIT_MS)


def test_an_intake_opens_from_the_board_with_its_acts_and_its_viewing_is_audited(
    open_station: Open, nurse: int, initialised: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_station()
    sign_in(window, nurse, monkeypatch)
    row = next(r for r in window.view.board.rows if r.open_alerts)
    detail = window.view.open_intake(row.id)
    assert detail is not None and window.view.pages.currentWidget() is detail
    assert detail.record.name == row.name
    assert all(button.isVisible() for button in detail.action_buttons)
    detail.back.emit()
    assert window.view.pages.currentWidget() is window.view.board
    viewed = server_rows(
        initialised, "SELECT actor, subject FROM audit WHERE action = 'view_intake'"
    )
    assert viewed == [("Nora", f"intake {row.id}")]
