"""The consent's witness on a networked kiosk (real PostgreSQL): with a station credential the
witness signs in with their clinic-server PIN (wrong PINs counted on the server) and the consent
keeps the server's staff id marked "server", locally and, once synced, on the server; with the
server down the witness signs in on this kiosk's staff, the prompt saying so; without a server the
kiosk's own staff witness as before. The idle guard is stopped while the PIN prompt is open."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.staff import Role
from kiosk.services import server, sync
from kiosk.services.station_desk import ENV_STATION_CREDENTIAL
from kiosk.ui.app import build_main_window
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.done import DoneScreen
from kiosk.ui.staff.pin_dialog import PinDialog
from tests.helpers.clinic import DAY
from tests.helpers.kiosk_driver import KioskDriver
from tests.helpers.pg import PgCluster
from tests.helpers.station import NURSE_PIN, PinAnswers, add_member, corner_credential
from tests.helpers.sync import SyncedKiosk, server_rows, synced_kiosks
from tests.helpers.widgets import flush_deletes
from tests.ui.conftest import close_window

BIRTH = date(1975, 3, 14)


pytestmark = pytest.mark.usefixtures("cheap_pins")

SERVER_PIN = "483920"
SERVER_AWAY = "⚠ The clinic server cannot be reached: sign in with your PIN on this kiosk."
ASK = "Sign in to witness this patient's consent."
WITNESS_COLUMNS = (
    "SELECT signature_method, witness_staff_id, witness_name, witness_accounts FROM consents"
    " WHERE signature_method = 'witnessed'"
)


@pytest.fixture
def lobby_kiosk(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SyncedKiosk]:
    """One kiosk, lobby, enrolled and synced (two demo intakes); this process pointed at it."""
    (made,) = synced_kiosks(pg_cluster, initialised, tmp_path, monkeypatch, DAY, [("lobby", 2, 3)])
    yield made
    made.context.close()


@pytest.fixture
def station_credential(initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A station login's credential file, named by $KIOSK_STATION_CREDENTIAL."""
    return corner_credential(initialised, tmp_path, monkeypatch)


@pytest.fixture
def server_nurse(initialised: str) -> int:
    """Nora, a nurse on the clinic server only; her staff id there."""
    return server.staff_add(initialised, "Nora", "nurse", SERVER_PIN).id


@pytest.fixture
def lobby(qtbot: Any, lobby_kiosk: SyncedKiosk, tmp_path: Path) -> Iterator[MainWindow]:
    """The lobby kiosk's window on its data folder (synced to the server) at 1280x800."""
    window = build_main_window(tmp_path / "data-lobby", clock=lobby_kiosk.context.clock)
    assert isinstance(window, MainWindow)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    close_window(window)
    flush_deletes()


class WitnessPrompt(PinAnswers):
    """The PIN prompt answered from a list; also notes whether the idle guard was running."""

    def __init__(self, window: MainWindow, answers: list[tuple[int, str] | None]) -> None:
        super().__init__(answers)
        self.window = window
        self.idle_running: list[bool] = []

    def __call__(
        self, parent: Any, members: Any, message: str = "", preselect: int | None = None
    ) -> Any:
        self.idle_running.append(self.window.idle.enabled)
        return super().__call__(parent, members, message, preselect)


def answer_witness(
    monkeypatch: pytest.MonkeyPatch, window: MainWindow, answers: list[tuple[int, str] | None]
) -> WitnessPrompt:
    """Patch the PIN prompt to give these (staff id, PIN) answers in turn."""
    prompt = WitnessPrompt(window, answers)
    monkeypatch.setattr(PinDialog, "ask", classmethod(lambda cls, *a, **k: prompt(*a, **k)))
    return prompt


def witness_and_certify(driver: KioskDriver, prompt_answers: Callable[[], WitnessPrompt]) -> str:
    """On the sign screen: ask a staff member to witness, sign in (the prompt's answers), tick,
    see the copy and certify; returns the copy's text."""
    screen = driver.to_sign("José", "Muñoz", BIRTH)
    sign = screen.sign
    assert sign.witness_button is not None and sign.witness is not None
    driver.tap(sign.witness_button)
    prompt_answers()
    driver.tap(sign.witness.staff_button)
    assert sign.witness.confirm.isVisible()
    sign.witness.confirm.setChecked(True)
    driver.see_copy(screen)
    text = " ".join(screen.review.text.toPlainText().split())
    driver.tap(screen.review.next_button)
    assert isinstance(driver.screen(), DoneScreen)
    return text


@pytest.mark.usefixtures("station_credential")
def test_the_witness_signs_in_with_their_server_pin(
    lobby: MainWindow,
    server_nurse: int,
    initialised: str,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
) -> None:
    """The prompt lists the server's staff (not the kiosk's); a wrong PIN is counted on the
    server, the right one names Nora; the consent is stored with her server id marked server,
    the copy says it is a clinic server staff number, and after a sync the server has it so."""
    add_member(lobby, "Kim Local", Role.NURSE, NURSE_PIN)  # the kiosk's own: not asked
    holder: list[WitnessPrompt] = []

    def answers() -> WitnessPrompt:
        holder.append(
            answer_witness(
                monkeypatch, lobby, [(server_nurse, "000000"), (server_nurse, SERVER_PIN)]
            )
        )
        return holder[0]

    text = witness_and_certify(KioskDriver(lobby, qtbot), answers)
    (prompt,) = holder
    assert prompt.names[0] == ["Nora"] and prompt.messages[0] == ASK
    assert "Wrong PIN" in prompt.messages[1]
    assert prompt.idle_running == [False, False]  # stopped under the open prompt
    said = f"Signed with a staff member as witness: Nora (clinic server staff no. {server_nurse})"
    assert said in text
    attempts = server_rows(initialised, "SELECT action FROM audit WHERE actor = 'Nora' ORDER BY id")
    assert [a for (a,) in attempts] == ["sign_in_failed", "sign_in"]
    (row,) = lobby.context.db.query(WITNESS_COLUMNS)
    assert row == {
        "signature_method": "witnessed",
        "witness_staff_id": server_nurse,
        "witness_name": "Nora",
        "witness_accounts": "server",
    }
    done = sync.sync_now(lobby.context)
    assert done.status.waiting == 0 and done.status.refused == 0
    assert server_rows(
        initialised,
        "SELECT signature_method, witness_staff_id, witness_name, witness_accounts"
        " FROM records_consents WHERE signature_method = 'witnessed'",
    ) == [("witnessed", server_nurse, "Nora", "server")]


@pytest.mark.usefixtures("station_credential", "server_nurse")
def test_with_the_server_down_the_witness_signs_in_on_this_kiosk(
    lobby: MainWindow,
    pg_cluster: PgCluster,
    initialised: str,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
) -> None:
    """The server stopped (pg_ctl stop -m immediate): the prompt says so above the PIN and lists
    this kiosk's staff; the consent keeps the kiosk's staff id marked kiosk, and so does the
    server once it is back and the kiosk synced."""
    local = add_member(lobby, "Kim Local", Role.NURSE, NURSE_PIN)
    holder: list[WitnessPrompt] = []

    def answers() -> WitnessPrompt:
        holder.append(answer_witness(monkeypatch, lobby, [(local.id, NURSE_PIN)]))
        pg_cluster.stop_immediate()
        return holder[0]

    try:
        text = witness_and_certify(KioskDriver(lobby, qtbot), answers)
    finally:
        if not pg_cluster.running():
            pg_cluster.start()
    (prompt,) = holder
    assert prompt.messages[0] == SERVER_AWAY + "\n" + ASK
    assert prompt.names[0] == ["Kim Local"]
    assert prompt.idle_running == [False]
    assert f"Signed with a staff member as witness: Kim Local (staff no. {local.id})" in text
    (row,) = lobby.context.db.query(WITNESS_COLUMNS)
    assert row == {
        "signature_method": "witnessed",
        "witness_staff_id": local.id,
        "witness_name": "Kim Local",
        "witness_accounts": "kiosk",
    }
    done = sync.sync_now(lobby.context)
    assert done.status.waiting == 0 and done.status.refused == 0
    assert server_rows(
        initialised,
        "SELECT witness_staff_id, witness_name, witness_accounts"
        " FROM records_consents WHERE signature_method = 'witnessed'",
    ) == [(local.id, "Kim Local", "kiosk")]


def test_a_kiosk_without_a_server_keeps_its_own_staff_as_witnesses(
    kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    """No clinic server (even with a station credential named): the kiosk's own staff, no
    message but the ask, the consent marked kiosk; the idle guard runs again after."""
    monkeypatch.setenv(ENV_STATION_CREDENTIAL, "/nonexistent/station.credential")
    local = add_member(kiosk_window, "Kim Local", Role.NURSE, NURSE_PIN)
    holder: list[WitnessPrompt] = []

    def answers() -> WitnessPrompt:
        holder.append(answer_witness(monkeypatch, kiosk_window, [(local.id, NURSE_PIN)]))
        return holder[0]

    driver = KioskDriver(kiosk_window, qtbot)
    screen = driver.to_sign("José", "Muñoz", BIRTH)
    sign = screen.sign
    assert sign.witness_button is not None and sign.witness is not None
    driver.tap(sign.witness_button)
    answers()
    driver.tap(sign.witness.staff_button)
    (prompt,) = holder
    assert prompt.names[0] == ["Kim Local"] and prompt.messages[0] == ASK
    assert prompt.idle_running == [False] and kiosk_window.idle.enabled
    witness = sign.witness.witness()
    assert witness is None  # not ticked yet
    sign.witness.confirm.setChecked(True)
    witness = sign.witness.witness()
    assert witness is not None and (witness.staff_id, witness.accounts.value) == (local.id, "kiosk")
