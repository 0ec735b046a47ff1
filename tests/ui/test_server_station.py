"""The nurse station window on the clinic server (real PostgreSQL): a nurse signs in against
the server's staff, the board shows every synced kiosk's patients and follows the server's
notices (no polling), the alert banner stays on two stations until one acknowledges, and the
server away is said at once and cleared when it is back."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAccessible

from kiosk.core.aftercare import clinic_zone
from kiosk.core.forms import FormsBundle, load_forms, shipped_forms_dir
from kiosk.core.infusion import Mark
from kiosk.core.side_effects import Severity, SideEffect, SideEffectKind
from kiosk.core.vitals import Phase, Vitals
from kiosk.services import server
from kiosk.services.station_desk import StationDesk, Target
from kiosk.ui.admin.server_view import ServerAdminView
from kiosk.ui.staff.aftercare_view import AftercareDialog
from kiosk.ui.staff.dialogs import DischargeDialog, VitalsDialog
from kiosk.ui.staff.pin_dialog import PinDialog
from kiosk.ui.staff.readiness_dialog import ReadinessDialog
from kiosk.ui.staff.server_window import StationWindow
from kiosk.ui.staff.station import StationView
from kiosk.ui.staff.watch_dialogs import (
    Correction,
    CorrectTimeDialog,
    OverrideDialog,
    SideEffectDialog,
)
from kiosk.ui.station_app import build_station
from tests.helpers.accessible_names import what_is_wrong
from tests.helpers.clinic import DAY
from tests.helpers.cups import CupsPdfQueue
from tests.helpers.fault_proxy import FaultProxy, Mode
from tests.helpers.pg import PgCluster
from tests.helpers.station import print_now
from tests.helpers.sync import SyncedKiosk, dbname, server_rows, synced_kiosks
from tests.helpers.watch import CONFIRMED, GOOD_ANSWERS
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

    def open_one(
        port: int | None = None,
        language: str = "en",
        settings: FormsBundle | None = None,
        admin: Target | None = None,
    ) -> StationWindow:
        url = f"postgresql://{pg_cluster.host}:{port or pg_cluster.port}/{dbname(initialised)}"
        target = Target(url, pg_cluster.ca_file, station_credential)
        desk = StationDesk(
            target,
            settings or forms,
            kiosks[0].context.clock,
            cost=COST,
            data_dir=kiosks[0].context.data_dir,
        )
        window = build_station(desk, language, admin=admin)
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


# --- the station's acts on the server --------------------------------------------------------

RIDE = ("Ana Ruiz", "(555) 010-2233", True)


def view_of(window: StationWindow) -> StationView:
    assert window.view is not None
    return window.view


def undischarged(window: StationWindow) -> list[int]:
    """The board's intakes not yet discharged, in board order."""
    return [r.id for r in view_of(window).board.rows if r.stage != "discharged"]


def discharge_answers(
    monkeypatch: pytest.MonkeyPatch, answers: list[Any] | None = None
) -> list[Any]:
    """The discharge dialog answers RIDE (or these answers in turn); what each ask was given."""
    asked: list[Any] = []

    def ask(_cls: Any, _parent: Any, name: str, phone: str, message: str = "", **again: Any) -> Any:
        asked.append((name, phone, message, again))
        return answers.pop(0) if answers else RIDE

    monkeypatch.setattr(DischargeDialog, "ask", classmethod(ask))
    return asked


# A stale view's test discharges patients never infused, by the override with its reason.
OVERRIDE = "Infusion and observation charted on paper at the chair"


def override_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    """ "Discharge anyway…" is answered with OVERRIDE."""
    monkeypatch.setattr(OverrideDialog, "ask", classmethod(lambda *_a, **_k: OVERRIDE))


def no_aftercare(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AftercareDialog, "present", classmethod(lambda *_a: None))


def changed_at(admin_url: str, intake_id: int, forms: FormsBundle) -> str:
    """HH:MM in the clinic's zone of the intake's last change on the server."""
    (at,) = server_rows(
        admin_url,
        "SELECT (last_change->>'at')::timestamptz FROM records_intakes WHERE id = %s",
        intake_id,
    )[0]
    assert isinstance(at, datetime)
    return at.astimezone(clinic_zone(forms.settings)).strftime("%H:%M")


def test_a_stale_view_of_another_stations_discharge_is_refused_by_name_and_nothing_applied(
    open_station: Open,
    nurse: int,
    initialised: str,
    forms: FormsBundle,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Station A discharges a patient while station B still shows the old view: B's vitals and
    B's discharge are refused with "Nora discharged this patient at HH:MM; the view is
    updated.", nothing of B's lands on the server, and B's view is read again (discharged).
    B's Print on a sheet previewed before A's next act is refused too, before printing."""
    first, second = open_station(), open_station()
    sign_in(first, nurse, monkeypatch)
    sign_in(second, nurse, monkeypatch)
    second.listener.stop()  # B hears nothing: its view stays as it was read
    one, two = undischarged(first)[:2]
    discharge_answers(monkeypatch)
    override_reason(monkeypatch)
    no_aftercare(monkeypatch)
    monkeypatch.setattr(VitalsDialog, "ask", classmethod(lambda *_a, **_k: Vitals(120, 80, 70, 98)))
    for intake_id, act in ((one, "vitals"), (two, "discharge")):
        old = view_of(second).open_intake(intake_id)
        assert old is not None and old.record.discharge is None
        assert view_of(first).open_intake(intake_id) is not None
        view_of(first).discharge_anyway()
        assert not view_of(first).message.isVisible()
        if act == "vitals":
            view_of(second).record_vitals(Phase.DISCHARGE)
        else:
            view_of(second).discharge()
        when = changed_at(initialised, intake_id, forms)
        said = view_of(second).message
        assert said.isVisible()
        assert said.text() == f"⚠ Nora discharged this patient at {when}; the view is updated."
        detail = view_of(second).detail
        assert detail is not None and detail is not old and detail.record.discharge is not None
        assert not detail.discharge_button.isEnabled()
    vitals = server_rows(initialised, "SELECT count(*) FROM records_vitals")
    discharges = server_rows(
        initialised, "SELECT intake_id, nurse_name FROM records_discharges ORDER BY intake_id"
    )
    assert vitals == [(0,)]  # B's vitals were not applied
    assert discharges == sorted([(one, "Nora"), (two, "Nora")])  # once each, by A
    acts = server_rows(initialised, "SELECT action, count(*) FROM audit GROUP BY action")
    assert dict(acts)["discharge_override"] == 2 and "vitals" not in dict(acts)
    folder = Path(os.environ.get("STATION_SCREENSHOTS") or tmp_path)
    flush_deletes()
    qtbot.wait(200)
    assert second.grab().save(str(folder / "station-server-stale-en.png"))
    # B previews the sheet; A records vitals meanwhile: B's Print is refused before anything
    # is sent, and nothing is recorded.
    preview = AftercareDialog(view_of(second).desk, two, view_of(second).signer, second)
    view_of(first).record_vitals(Phase.DISCHARGE)
    outcome = print_now(preview)
    when = changed_at(initialised, two, forms)
    assert not outcome.sent and not outcome.job_id
    assert preview.status.text() == (
        f"⚠ Nora recorded this patient's vitals at {when}; the view is updated."
    )
    assert server_rows(initialised, "SELECT count(*) FROM records_prints") == [(0,)]
    preview.deleteLater()


def test_vitals_chair_discharge_and_a_printed_sheet_land_on_the_server(
    open_station: Open,
    nurse: int,
    initialised: str,
    forms: FormsBundle,
    cups_queue: CupsPdfQueue,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """From a station window: vitals before (a flag), the infusion started, vitals during, a
    side effect, ended; Discharge refused in observation; both times corrected with a reason,
    vitals at discharge, a passing readiness check, Discharge and Print: each is a row on the
    server with its audit entry, and the aftercare sheet (with what happened today) comes out
    of the real CUPS queue."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed")
    folder = tmp_path / "forms"
    shutil.copytree(shipped_forms_dir(), folder)
    settings = folder / "settings.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace('queue = ""', f'queue = "{cups_queue.queue}"'),
        encoding="utf-8",
    )
    window = open_station(settings=load_forms(folder))
    sign_in(window, nurse, monkeypatch)
    view = view_of(window)
    intake_id = undischarged(window)[0]
    detail = view.open_intake(intake_id)
    assert detail is not None and all(b.isVisible() for b in detail.action_buttons)
    shots = Path(os.environ.get("STATION_SCREENSHOTS") or tmp_path)
    flush_deletes()
    qtbot.wait(200)
    assert window.grab().save(str(shots / "station-server-detail-en.png"))
    readings = iter([Vitals(182, 96, 88, 97), Vitals(170, 92, 90, 97), Vitals(150, 88, 80, 98)])
    monkeypatch.setattr(VitalsDialog, "ask", classmethod(lambda *_a, **_k: next(readings)))
    view.record_vitals(Phase.PRE)
    view.mark_infusion(Mark.STARTED)
    view.record_vitals(Phase.DURING)
    seen = SideEffect(SideEffectKind.DIZZINESS, Severity.MILD, view.clock.now())
    monkeypatch.setattr(SideEffectDialog, "ask", classmethod(lambda *_a, **_k: seen))
    view.record_side_effect()
    view.mark_infusion(Mark.ENDED)
    discharge_answers(monkeypatch)
    shown = view.detail
    assert shown is not None and not shown.discharge_button.isEnabled()  # in observation
    assert "observation" in shown.why_not.lower(), shown.why_not
    # The nurse charted the infusion late: both times corrected back, with the reason.
    now = view.clock.now()
    fixes = iter(
        [
            Correction(Mark.STARTED, now - timedelta(minutes=80), OVERRIDE),
            Correction(Mark.ENDED, now - timedelta(minutes=31), OVERRIDE),
        ]
    )
    monkeypatch.setattr(CorrectTimeDialog, "ask", classmethod(lambda *_a, **_k: next(fixes, None)))
    view.correct_infusion()
    view.correct_infusion()
    view.record_vitals(Phase.DISCHARGE)
    monkeypatch.setattr(
        ReadinessDialog, "ask", classmethod(lambda *_a, **_k: (dict(GOOD_ANSWERS), CONFIRMED))
    )
    view.check_readiness()
    printed: list[Any] = []

    def print_once(cls: Any, parent: Any, desk: Any, intake: int, by: Any) -> None:
        dialog = cls(desk, intake, by, parent)
        printed.append(print_now(dialog))
        dialog.deleteLater()

    monkeypatch.setattr(AftercareDialog, "present", classmethod(print_once))
    started = time.time()
    view.discharge()
    assert not view.message.isVisible(), view.message.text()
    assert printed and printed[0].sent, printed
    out = cups_queue.wait_for_pdf(after=started)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Ana Ruiz" in text and "(555) 010-2233" in text
    assert server_rows(
        initialised,
        "SELECT phase, systolic FROM records_vitals WHERE intake_id = %s ORDER BY id",
        intake_id,
    ) == [("pre", 182), ("during", 170), ("discharge", 150)]
    assert server_rows(initialised, "SELECT driver_name, nurse_name FROM records_discharges") == [
        ("Ana Ruiz", "Nora")
    ]
    assert server_rows(
        initialised, "SELECT status, printed_by, job_id <> '' FROM records_prints"
    ) == [("sent", "Nora", True)]
    actions = [
        row[0]
        for row in server_rows(
            initialised,
            "SELECT action FROM audit WHERE subject = %s ORDER BY id",
            f"intake {intake_id}",
        )
    ]
    assert actions == [
        "view_intake",
        "vitals",
        "infusion_start",
        "vitals",
        "side_effect",
        "infusion_end",
        "infusion_correct",
        "infusion_correct",
        "vitals",
        "readiness",
        "discharge",
        "print",
    ]
    assert "Your infusion started at" in text and "dizzy" in text.lower()
    assert {"vitals_pre_bp_high"} <= {
        str(r[0])
        for r in server_rows(
            initialised, "SELECT code FROM records_flags WHERE intake_id = %s", intake_id
        )
    }
    shown = view.detail
    assert shown is not None and len(shown.record.vitals) == 3 and len(shown.record.prints) == 1
    assert shown.record.readiness[-1].passed and shown.record.discharge is not None
    assert shown.record.discharge.override_reason == ""


def test_a_save_while_the_server_is_down_is_not_shown_and_is_offered_again(
    open_station: Open,
    nurse: int,
    initialised: str,
    pg_cluster: PgCluster,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server stops (pg_ctl stop -m immediate) while Nora is signed in: the away banner;
    her vitals are "Not saved: the clinic server cannot be reached.", not shown, and the
    dialog comes back with what she typed; once the server is back the same save goes through
    (the desk opens its session again)."""
    window = open_station()
    sign_in(window, nurse, monkeypatch)
    view = view_of(window)
    intake_id = undischarged(window)[0]
    detail = view.open_intake(intake_id)
    assert detail is not None and not detail.record.vitals
    typed = Vitals(131, 85, 77, 97)
    asked: list[dict[str, Any]] = []

    def ask(_cls: Any, _parent: Any, _phase: Phase, **again: Any) -> Vitals | None:
        asked.append(again)
        if len(asked) == 2:  # the try again: nothing was saved, nothing shown
            assert view.message.text() == "⚠ Not saved: the clinic server cannot be reached."
            assert view.detail is not None and not view.detail.record.vitals
            pg_cluster.start()
        return again.get("values", typed)

    monkeypatch.setattr(VitalsDialog, "ask", classmethod(ask))
    pg_cluster.stop_immediate()
    try:
        qtbot.waitUntil(window.away.isVisible, timeout=WAIT_MS)
        assert window.not_current.isVisible()
        view.record_vitals(Phase.PRE)
    finally:
        if not pg_cluster.running():
            pg_cluster.start()
    assert asked == [
        {},
        {"values": typed, "message": "⚠ Not saved: the clinic server cannot be reached."},
    ]
    assert not view.message.isVisible()
    shown = view.detail
    assert shown is not None and [(v.systolic, v.spo2) for v in shown.record.vitals] == [(131, 97)]
    assert server_rows(
        initialised,
        "SELECT systolic, recorded_by_name FROM records_vitals WHERE intake_id = %s",
        intake_id,
    ) == [(131, "Nora")]
    qtbot.waitUntil(lambda: not window.away.isVisible(), timeout=WAIT_MS)


def test_an_admin_opens_the_servers_admin_pages_from_a_station_with_an_admin_login(
    open_station: Open,
    nurse: int,
    pg_cluster: PgCluster,
    initialised: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the station's admin login set, an admin's Admin button opens the server's admin
    pages (its staff, appointments, conflicts, audit log) and Back returns to the board; a
    nurse has no Admin button, nor has an admin on a station with no admin login."""
    ada = server.staff_add(initialised, "Ada", "admin", PIN).id
    url = f"postgresql://{pg_cluster.host}:{pg_cluster.port}/{dbname(initialised)}"
    admin = Target(url, pg_cluster.ca_file, server.admin_login(initialised, "desk").conninfo())
    window = open_station(admin=admin)
    sign_in(window, ada, monkeypatch)
    view = window.view
    assert view is not None and view.admin_button is not None
    pages = view.open_admin()
    assert isinstance(pages, ServerAdminView)
    assert view.pages.currentWidget() is pages
    assert {m.name for m in pages.staff.members} == {"Ada", "Nora"}
    pages.leave()
    assert view.pages.currentWidget() is view.board and view.admin is None
    window.lock()
    sign_in(window, nurse, monkeypatch)
    assert window.view is not None and window.view.admin_button is None
    plain = open_station()
    sign_in(plain, ada, monkeypatch)
    assert plain.view is not None and plain.view.admin_button is None


def test_the_first_save_after_a_server_restart_goes_through(
    open_station: Open,
    nurse: int,
    initialised: str,
    pg_cluster: PgCluster,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server restarts while Nora reads an intake (pg_ctl stop -m immediate, then start):
    once the station says it is back, her first save goes through, not onto the connection
    the server dropped."""
    window = open_station()
    sign_in(window, nurse, monkeypatch)
    view = view_of(window)
    intake_id = undischarged(window)[0]
    assert view.open_intake(intake_id) is not None
    pg_cluster.stop_immediate()
    try:
        qtbot.waitUntil(window.away.isVisible, timeout=WAIT_MS)
    finally:
        pg_cluster.start()
    qtbot.waitUntil(lambda: not window.away.isVisible(), timeout=WAIT_MS)
    asked: list[dict[str, Any]] = []

    def ask(_cls: Any, _parent: Any, _phase: Phase, **again: Any) -> Vitals | None:
        asked.append(again)
        return Vitals(128, 82, 70, 98) if len(asked) == 1 else None

    monkeypatch.setattr(VitalsDialog, "ask", classmethod(ask))
    view.record_vitals(Phase.PRE)
    assert asked == [{}] and not view.message.isVisible()
    assert server_rows(
        initialised, "SELECT systolic FROM records_vitals WHERE intake_id = %s", intake_id
    ) == [(128,)]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_station_windows_sign_in_and_board_speak_names(
    open_station: Open, nurse: int, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """The sign-in page (with a refusal showing) and the board after sign-in, in English and in
    Spanish: every control named, a button's name holds its visible words, a refusal reads in
    words without its warning sign."""
    window = open_station(language=language)
    window._gate_problem("The clinic server cannot be reached. Retrying…")
    window.away.show()  # as when the server goes away: the banner reads its words
    assert not what_is_wrong(window), what_is_wrong(window)
    spoken = QAccessible.queryAccessibleInterface(window.gate_message)
    assert spoken.text(QAccessible.Text.Name) == "The clinic server cannot be reached. Retrying…"
    sign_in(window, nurse, monkeypatch)
    assert not what_is_wrong(window), what_is_wrong(window)
