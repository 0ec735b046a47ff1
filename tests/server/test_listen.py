"""Following the clinic's board live over LISTEN/NOTIFY, and knowing at once when the server is
away: through a real TCP fault proxy in front of the real server."""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from kiosk.core.clock import FakeClock
from kiosk.server import listen, schema
from kiosk.server.listen import BoardListener, Notice
from kiosk.services import sync
from kiosk.services.context import open_context
from kiosk.services.demo.day import make_demo
from tests.helpers.clinic import DAY
from tests.helpers.fault_proxy import FaultProxy, Mode
from tests.helpers.pg import PgCluster
from tests.helpers.sync import enrol_kiosk


class Heard:
    """What a listener reported, in order, for the test thread to wait on."""

    def __init__(self) -> None:
        self.notices: queue.Queue[Notice] = queue.Queue()
        self.states: queue.Queue[tuple[bool, str]] = queue.Queue()

    def state(self, within: float) -> tuple[bool, str]:
        return self.states.get(timeout=within)


def via(url: str, port: int) -> str:
    """The admin URL with its port replaced by the proxy's."""
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit(":", 1)[0] + f":{port}"
    return urlunsplit(parts._replace(netloc=netloc))


@pytest.fixture
def proxy(pg_cluster: PgCluster) -> Iterator[FaultProxy]:
    """A fault proxy in front of the test server, closed afterwards."""
    running = FaultProxy(pg_cluster.host, pg_cluster.port)
    yield running
    running.close()


def start(url: str, heard: Heard, **options: float) -> BoardListener:
    listener = BoardListener(
        url, heard.notices.put, lambda ok, why: heard.states.put((ok, why)), **options
    )
    listener.start()
    return listener


def test_a_listener_hears_each_intake_a_kiosk_hands_in_with_its_alert(
    pg_cluster: PgCluster,
    initialised: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Listening first, then a kiosk's sync: a notice for every intake it changed, on its day,
    and one saying alert for the patient with an item 9 answer."""
    heard = Heard()
    listener = start(initialised, heard)
    try:
        assert heard.state(10) == (True, "")
        kiosk = enrol_kiosk(pg_cluster, initialised, "lobby", tmp_path / "secrets")
        for name, value in kiosk.env().items():
            monkeypatch.setenv(name, value)
        context = open_context(tmp_path / "data", clock=FakeClock())
        make_demo(context, 10, DAY, seed=3)
        sync.sync_now(context)
        intakes = context.db.execute("SELECT count(*) FROM intakes").fetchone()[0]
        notices: list[Notice] = []
        deadline = time.monotonic() + 10
        while len({n.intake for n in notices}) < intakes and time.monotonic() < deadline:
            notices.append(heard.notices.get(timeout=max(0.1, deadline - time.monotonic())))
        while not heard.notices.empty():
            notices.append(heard.notices.get())
        assert len({n.intake for n in notices}) == intakes
        assert {n.day for n in notices} == {DAY}
        assert any(n.alert for n in notices)
    finally:
        listener.stop()


@pytest.mark.parametrize("fault", [Mode.REFUSE, Mode.HANG])
def test_a_server_that_goes_away_is_told_at_once_and_followed_again_when_back(
    initialised: str, proxy: FaultProxy, monkeypatch: pytest.MonkeyPatch, fault: Mode
) -> None:
    """The connection refused (and cut) or silently hanging: the listener says the server
    cannot be reached within a few seconds, not a frozen board; once it passes again the
    listener is back and hears the next notice."""
    monkeypatch.setattr(listen, "ANSWER_SECONDS", 1.0)
    heard = Heard()
    listener = start(via(initialised, proxy.port), heard, check_seconds=0.5, retry_seconds=0.5)
    try:
        assert heard.state(10) == (True, "")
        began = time.monotonic()
        proxy.set_mode(fault, cut=fault is Mode.REFUSE)
        connected, why = heard.state(10)
        assert not connected and "cannot be reached" in why
        assert time.monotonic() - began < 6
        proxy.set_mode(Mode.PASS, cut=True)
        while True:
            connected, _ = heard.state(15)
            if connected:
                break
        with schema.connect(initialised) as admin:
            admin.execute(
                'SELECT pg_notify(\'clinic_board\', \'{"clinic":"main","intake":7,'
                '"day":"2026-11-21","alert":true}\')'
            )
        assert heard.notices.get(timeout=10) == Notice("main", 7, DAY, True)
    finally:
        listener.stop()
    assert not listener.is_alive()


def test_a_notice_that_is_not_the_boards_is_passed_over() -> None:
    """Anything else on the channel is not a notice."""
    assert listen.parse("not json") is None
    assert listen.parse('{"intake": 1}') is None
    assert listen.parse('{"clinic":"main","intake":3,"day":null,"alert":false}') == Notice(
        "main", 3, None, False
    )
