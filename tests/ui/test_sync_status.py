"""The clinic server sync as the running kiosk starts it and as staff see it at the foot of the
station: a single kiosk, steps waiting, a sync done against the real server, a revoked login, a
clock that is off, wrong settings that leave the kiosk working on its own."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.clock import FakeClock
from kiosk.core.staff import Role
from kiosk.services import server, sync
from kiosk.services.context import open_context
from kiosk.services.staff import StaffService
from kiosk.ui.app import KioskStart
from kiosk.ui.main_window import MainWindow
from kiosk.ui.staff import sync_status
from kiosk.ui.staff.station import StationView
from kiosk.ui.staff.sync_status import SyncStatusLine
from tests.helpers.kiosk_driver import KioskDriver
from tests.helpers.pg import PgCluster
from tests.helpers.station import NURSE_PIN, add_staff, sign_in
from tests.helpers.sync import EnrolledKiosk, enrol_kiosk, server_rows
from tests.helpers.widgets import all_texts, flush_deletes

pytestmark = pytest.mark.usefixtures("cheap_pins")

BIRTH = date(1975, 3, 4)
SERVER_ENV = ("KIOSK_SERVER_URL", "KIOSK_SERVER_CA", "KIOSK_SERVER_CREDENTIAL")


@pytest.fixture(autouse=True)
def _no_server_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's own environment never points a test kiosk at a server."""
    for name in SERVER_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def lobby(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> EnrolledKiosk:
    """A kiosk called lobby enrolled on the test server; this process pointed at it."""
    kiosk = enrol_kiosk(pg_cluster, initialised, "lobby", tmp_path / "secrets")
    for name, value in kiosk.env().items():
        monkeypatch.setenv(name, value)
    return kiosk


@pytest.fixture
def fast_status(monkeypatch: pytest.MonkeyPatch) -> None:
    """The staff side reads the sync's state every 100 ms instead of every few seconds."""
    monkeypatch.setattr(sync_status, "POLL_MS", 100)


@pytest.fixture
def start_kiosk(qtbot: Any, data_dir: Path) -> Iterator[Callable[[FakeClock], KioskStart]]:
    """The real start of the kiosk (window, check, backup, sync) on the data folder with a nurse
    and an admin account, once the start check has passed; stopped and closed afterwards."""
    made: list[KioskStart] = []

    def start(clock: FakeClock) -> KioskStart:
        context = open_context(data_dir, clock=clock)
        kiosk = KioskStart(context, windowed=True)
        add_staff(kiosk.window)  # before the sync runs: see station_of
        made.append(kiosk)
        with qtbot.waitSignal(kiosk.settled, timeout=30_000) as settled:
            kiosk.begin()
        assert settled.args == [None]
        qtbot.waitUntil(lambda: kiosk.window.server_link is kiosk.sync, timeout=5000)
        return kiosk

    yield start
    for kiosk in made:
        kiosk.stop()
        kiosk.window.allow_close = True
        kiosk.window.close()
        kiosk.context.close()
    flush_deletes()


def now_clock() -> FakeClock:
    """A clock at the real time: the server sees no clock off."""
    return FakeClock(datetime.now(UTC))


def check_in(window: MainWindow, qtbot: Any, first: str = "Rosa", last: str = "Vega") -> None:
    """A patient checks in at the window and confirms the checklist's pages."""
    driver = KioskDriver(window, qtbot)
    driver.start()
    driver.identify(first, last, BIRTH)
    driver.walk_pages()


def station_of(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> StationView:
    """The nurse signed in at the window (her account made first if there is none: a kiosk
    whose sync runs has them made before it starts, as an account written while the sync
    writes can meet a busy database)."""
    nurses = [m for m in StaffService(window.context).members() if m.role is Role.NURSE]
    nurse = nurses[0] if nurses else add_staff(window)[0]
    return sign_in(window, monkeypatch, nurse, NURSE_PIN)


def test_a_single_kiosk_starts_no_sync_and_says_so(
    start_kiosk: Callable[[FakeClock], KioskStart], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No [server]: nothing is started, no problem is held, and the station's foot says a single
    kiosk keeps everything here, with no details to open; its timer runs only while the staff
    side is open, and nothing of it is left on the patient screens once locked."""
    kiosk = start_kiosk(FakeClock())
    assert kiosk.sync.worker is None and kiosk.sync.setup_problem == ""
    station = station_of(kiosk.window, monkeypatch)
    line = station.sync_line
    assert line.isVisible() and line.timer.isActive()
    assert line.level == "single"
    assert line.summary.text() == "Clinic server: none (a single kiosk: everything stays here)."
    assert not line.warning.isVisible() and not line.details_button.isVisible()
    station.lock()
    assert not line.timer.isActive() and kiosk.window.station is None
    flush_deletes()
    assert not kiosk.window.findChildren(SyncStatusLine)


def test_steps_waiting_before_any_sync_are_counted_with_the_urgent_ones(
    lobby: EnrolledKiosk,
    kiosk_window: MainWindow,
    driver: KioskDriver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A configured server that has had nothing yet: the foot says never synced and how many
    steps wait, how many of them carry an alert or a red flag; the details name the
    server; nothing of the patient is in it."""
    driver.run_intake("Ana", "Ruiz", BIRTH, item_value=lambda item: 1 if item == "phq9_9" else 0)
    driver.finish()
    status = sync.sync_status(kiosk_window.context)
    waiting, urgent = status.waiting, status.urgent_waiting
    assert waiting > 5 and urgent > 0
    line = station_of(kiosk_window, monkeypatch).sync_line
    assert line.level == "ok" and not line.warning.isVisible()
    summary = line.summary.text()
    assert "Clinic server: last sync never" in summary
    assert f"{waiting} steps waiting, {urgent} of them for patients with an alert" in summary
    assert not line.details.isVisible()
    line.details_button.click()
    assert line.details.isVisible() and line.details_button.text() == "Hide details"
    assert f"Server: {lobby.url}" in line.details.text()
    assert "Ruiz" not in summary + line.details.text()


def test_the_running_kiosk_sends_its_steps_and_the_station_sees_it_done(
    lobby: EnrolledKiosk,
    initialised: str,
    start_kiosk: Callable[[FakeClock], KioskStart],
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
    fast_status: None,
) -> None:
    """The start runs the sync against the real server: the confirmed steps reach it without
    anyone asking, and the station's foot, refreshed by its timer, says none wait and when the
    last sync was."""
    kiosk = start_kiosk(now_clock())
    assert kiosk.sync.worker is not None and kiosk.sync.worker.is_alive()
    check_in(kiosk.window, qtbot)
    line = station_of(kiosk.window, monkeypatch).sync_line
    qtbot.waitUntil(
        lambda: (
            line.status is not None
            and line.status.waiting == 0
            and line.status.last_success is not None
        ),
        timeout=20_000,
    )
    sent = line.status.sent if line.status else 0
    assert sent > 0 and not line.warning.isVisible()
    assert server_rows(initialised, "SELECT count(*) FROM steps") == [(sent,)]
    assert line.level == "ok"
    summary = line.summary.text()
    assert "0 steps waiting" in summary and "never" not in summary
    line.details_button.click()
    assert "(this kiosk is “lobby” there)" in line.details.text()
    worker = kiosk.sync.worker
    kiosk.stop()
    assert not worker.is_alive()


def test_a_revoked_login_is_told_plainly_and_the_steps_stay(
    lobby: EnrolledKiosk,
    initialised: str,
    start_kiosk: Callable[[FakeClock], KioskStart],
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
    fast_status: None,
) -> None:
    """After the admin revoked the kiosk's login, the next steps stay in the outbox and the
    station says the login was revoked, how many steps stay saved and to ask for a new
    enrolment."""
    kiosk = start_kiosk(now_clock())
    context = kiosk.window.context
    check_in(kiosk.window, qtbot)
    qtbot.waitUntil(lambda: sync.sync_status(context).waiting == 0, timeout=20_000)
    server.revoke(initialised, "lobby")
    kiosk.window.wipe()
    check_in(kiosk.window, qtbot, "Luis", "Mora")
    qtbot.waitUntil(lambda: sync.sync_status(context).revoked, timeout=20_000)
    line = station_of(kiosk.window, monkeypatch).sync_line
    waiting = sync.sync_status(context).waiting
    assert waiting > 0
    assert line.level == "trouble"
    assert f"{waiting} steps waiting" in line.summary.text()
    assert line.warning.isVisible()
    assert line.warning.text() == (
        f"⚠ This kiosk's login was revoked on the clinic server. Its {waiting} steps stay saved"
        " here. Ask the admin to enrol it again."
    )
    assert context.db.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone() == (
        waiting,
    )


def test_a_kiosk_clock_far_from_the_servers_is_pointed_out(
    lobby: EnrolledKiosk, kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    """The test clock stands days before the server's: after a sync the foot says the clock is
    behind, in minutes, and asks the admin to set it."""
    check_in(kiosk_window, qtbot)
    sync.sync_now(kiosk_window.context)
    line = station_of(kiosk_window, monkeypatch).sync_line
    assert line.level == "trouble"
    assert "This kiosk's clock is" in line.warning.text()
    assert "min behind the clinic server's. Ask the admin to set it." in line.warning.text()


def test_wrong_server_settings_are_shown_to_staff_and_the_kiosk_still_checks_in(
    lobby: EnrolledKiosk,
    start_kiosk: Callable[[FakeClock], KioskStart],
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A credential file others may read (0644): no sync starts, the log (stderr) says why in
    one line, a patient checks in all the same, and the station's foot names the problem and
    the steps kept here."""
    lobby.credential_file.chmod(0o644)
    with caplog.at_level(logging.ERROR, logger="kiosk.ui"):
        kiosk = start_kiosk(now_clock())
    assert kiosk.sync.worker is None
    problem = kiosk.sync.setup_problem
    assert problem and str(lobby.credential_file) in problem
    assert "the clinic server sync is not running" in caplog.text
    check_in(kiosk.window, qtbot)
    assert not [t for t in all_texts() if "server" in t.lower()]  # the patient sees none of it
    context = kiosk.window.context
    assert context.db.execute("SELECT count(*) FROM intakes").fetchone() == (1,)
    waiting = sync.status_of(context.db, "").waiting
    assert waiting > 0
    line = station_of(kiosk.window, monkeypatch).sync_line
    assert line.level == "trouble"
    assert line.warning.text().startswith("⚠ The clinic server settings are wrong: " + problem)
    assert f"keeps its {waiting} waiting steps here." in line.warning.text()
    assert line.warning.text() in all_texts()


def test_a_step_the_server_refused_is_pointed_out_and_kept(
    lobby: EnrolledKiosk, kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    """A step the server refuses outright (its content is not JSON): after a sync the foot says
    one step was refused and stays saved here; the rest reached the server."""
    check_in(kiosk_window, qtbot)
    db = kiosk_window.context.db
    db.execute(
        "UPDATE outbox SET content = 'not json', sha256 = ? WHERE sequence = 1",
        [hashlib.sha256(b"not json").hexdigest()],
    )
    sync.sync_now(kiosk_window.context)
    line = station_of(kiosk_window, monkeypatch).sync_line
    assert line.level == "trouble"
    assert "The clinic server refused 1 step outright. It stays saved here" in line.warning.text()


def test_a_kiosk_enrolled_in_another_clinic_is_told_in_words(
    lobby: EnrolledKiosk, kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sync's last try found this kiosk enrolled in another clinic (as the sync records
    it): the foot says nothing is sent and names the setting to check."""
    from kiosk.storage import outbox  # noqa: PLC0415 -- the state the sync writes

    outbox.write_state(
        kiosk_window.context.db,
        {
            outbox.LAST_ATTEMPT: "2026-11-21T15:00:00+00:00",
            outbox.LAST_PROBLEM: "this kiosk stands in clinic north; the server enrolled it in south",
            outbox.TROUBLE: "wrong_clinic",
        },
    )
    line = station_of(kiosk_window, monkeypatch).sync_line
    assert line.level == "trouble"
    assert "enrolled in another clinic. Nothing is sent" in line.warning.text()
