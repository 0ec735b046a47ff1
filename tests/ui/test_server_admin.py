"""The clinic server's admin pages (ServerAdminView) over a real PostgreSQL, through an admin
login made by ``server admin-login``: staff disabled, enabled, a PIN reset and a lockout lifted;
an appointment added; conflicts resolved both ways; each act audited on the server under the
signed-in admin's name; and the pages at 1280x800."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from kiosk.core.clock import FakeClock
from kiosk.core.forms.settings import StaffSettings
from kiosk.core.staff import Reason, StaffMember
from kiosk.server import schema
from kiosk.services import server
from kiosk.services.admin_session import (
    ENV_ADMIN_CREDENTIAL,
    AdminSetupError,
    ServerAdmin,
    ServerAwayError,
    admin_target,
)
from kiosk.services.server_station import sign_in
from kiosk.ui import theme
from kiosk.ui.admin.dialogs import AppointmentDialog, NewPinDialog
from kiosk.ui.admin.server_view import ServerAdminView
from kiosk.ui.admin.table import column
from kiosk.ui.i18n import Translations
from kiosk.ui.staff.dialogs import Notice
from tests.helpers.accessible_names import what_is_wrong
from tests.helpers.conflicts import Kiosk, check_in, checklist
from tests.helpers.fault_proxy import FaultProxy, Mode
from tests.helpers.pg import PgCluster
from tests.helpers.sync import dbname, server_rows

pytestmark = pytest.mark.usefixtures("cheap_pins")

PIN = "483920"
NEW_PIN = "720491"
COST = 2**10


def answer(monkeypatch: pytest.MonkeyPatch, dialog: type, answers: list[Any]) -> list[str]:
    """Patch ``dialog.ask`` to give these answers in turn; the messages it was shown."""
    seen: list[str] = []

    def ask(cls: Any, parent: Any, *args: Any) -> Any:
        seen.append(args[-1] if args and isinstance(args[-1], str) else "")
        return answers.pop(0) if answers else None

    monkeypatch.setattr(dialog, "ask", classmethod(ask))
    return seen


@pytest.fixture
def ada(initialised: str) -> StaffMember:
    """Ada, the admin signed in at the station; Nora, a nurse, beside her."""
    member = server.staff_add(initialised, "Ada", "admin", PIN, cost=COST)
    server.staff_add(initialised, "Nora", "nurse", PIN, cost=COST)
    return member


@pytest.fixture
def admin_url(pg_cluster: PgCluster, initialised: str) -> str:
    """The URL of an admin login (kiosk_admin), as ``server admin-login desk`` makes it."""
    credential = server.admin_login(initialised, "desk")
    return pg_cluster.url(dbname(initialised), user=credential.user, password=credential.password)


@pytest.fixture
def view(admin_url: str, ada: StaffMember, qtbot: Any) -> Iterator[ServerAdminView]:
    session = ServerAdmin(admin_url, cost=COST)
    made = ServerAdminView(session, ada, FakeClock())
    made.setStyleSheet(theme.stylesheet())
    made.resize(1280, 800)
    qtbot.addWidget(made)
    made.show()
    yield made
    session.close()


def actions(url: str, action: str) -> list[tuple[str, str]]:
    return [(e.actor, e.subject) for e in server.audit_entries(url, action=action)]


def status_of(view: ServerAdminView, name: str) -> str:
    page = view.staff
    return column(page.table, 2)[column(page.table, 0).index(name)]


def signed_in(url: str, pin: str) -> Reason:
    with schema.connect(url) as conn:
        return sign_in(conn, StaffSettings(pin_attempts=3), 2, pin, cost=COST).reason


def test_the_staff_page_disables_enables_and_resets_a_pin_on_the_server(
    view: ServerAdminView, initialised: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nora disabled (then refused at sign-in), enabled, given a new PIN (a weak one refused
    in words first); Ada cannot disable herself; every act audited under Ada's name."""
    view.tabs[view.staff].click()
    page = view.staff
    assert column(page.table, 0) == ["Ada", "Nora"]
    page.select("Ada")
    page.disable_button.click()
    assert "own account" in page.status.text()
    page.select("Nora")
    page.disable_button.click()
    assert status_of(view, "Nora") == "Disabled"
    assert signed_in(initialised, PIN) is Reason.DISABLED
    page.enable_button.click()
    assert status_of(view, "Nora") == "Active"
    seen = answer(monkeypatch, NewPinDialog, [("123456", "123456"), (NEW_PIN, NEW_PIN)])
    page.reset_button.click()
    assert seen[1].startswith("⚠") and "PIN" in seen[1]
    assert page.status.text() == "The PIN of Nora was changed."
    assert signed_in(initialised, NEW_PIN) is Reason.OK
    for action in ("staff_disable", "staff_enable", "staff_reset_pin"):
        assert actions(initialised, action) == [("Ada", "staff 2")]
    assert server.audit_check(initialised).problem is None


def test_a_locked_out_member_shows_so_and_is_unlocked(
    view: ServerAdminView, initialised: str
) -> None:
    for _ in range(3):
        signed_in(initialised, "000111")
    view.tabs[view.appointments].click()
    view.tabs[view.staff].click()
    assert status_of(view, "Nora").startswith("Locked until ")
    view.staff.select("Nora")
    view.staff.unlock_button.click()
    assert status_of(view, "Nora") == "Active"
    assert signed_in(initialised, PIN) is Reason.OK
    assert actions(initialised, "staff_unlock") == [("Ada", "staff 2")]


def test_the_last_admin_is_kept_in_words(view: ServerAdminView, initialised: str) -> None:
    view.tabs[view.staff].click()
    view.staff.select("Ada")
    view.staff.role_button.click()
    assert "Ada is the last active admin" in view.staff.status.text()
    assert actions(initialised, "staff_role") == []


def test_an_appointment_added_on_the_server_page(
    view: ServerAdminView, initialised: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Added through the dialog, listed with the others of the clinic, audited; edited, it
    keeps its UUID."""
    fields = {
        "date": "2026-11-23",
        "time": "09:30",
        "first_name": "Lena",
        "last_name": "Park",
        "date_of_birth": "1968-05-17",
        "note": "",
    }
    answer(monkeypatch, AppointmentDialog, [fields])
    view.appointments.add_button.click()
    assert view.appointments.status.text() == "Appointment saved."
    assert column(view.appointments.table, 2) == ["Lena"]
    [(uuid, when)] = server_rows(initialised, "SELECT uuid::text, time FROM appointments")
    assert when == "09:30"
    assert actions(initialised, "add_appointment") == [("Ada", "2026-11-23")]
    answer(monkeypatch, AppointmentDialog, [{**fields, "time": "11:00"}])
    view.appointments.table.selectRow(0)
    view.appointments.edit_button.click()
    assert server_rows(initialised, "SELECT uuid::text, time FROM appointments") == [
        (uuid, "11:00")
    ]
    assert actions(initialised, "edit_appointment") == [("Ada", f"appointment {uuid}")]
    assert date.fromisoformat(column(view.appointments.table, 0)[0]) == date(2026, 11, 23)


def test_a_csv_imported_on_the_server_page_is_booked_for_the_clinic(
    view: ServerAdminView, initialised: str, tmp_path: Path
) -> None:
    """Every row or none: a bad row names its line and books nothing; a good file books all,
    audited under the admin's name."""
    page = view.appointments
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,time,first_name,last_name,date_of_birth\n"
        "2026-11-24,10:00,Omar,Diaz,1971-03-02\n2026-11-24,10:30,Ines,Roy,not a date\n"
    )
    page.path.setText(str(bad))
    page.import_button.click()
    assert page.status.text().startswith("⚠ Nothing imported:") and "line 3" in page.status.text()
    assert server_rows(initialised, "SELECT count(*) FROM appointments") == [(0,)]
    good = tmp_path / "good.csv"
    good.write_text(
        "date,time,first_name,last_name,date_of_birth\n"
        "2026-11-24,10:00,Omar,Diaz,1971-03-02\n2026-11-24,10:30,Ines,Roy,1980-07-09\n"
    )
    page.path.setText(str(good))
    page.import_button.click()
    assert page.status.text() == "2 appointments imported."
    assert column(page.table, 2) == ["Omar", "Ines"]
    assert actions(initialised, "import_appointments") == [("Ada", "good.csv")]


@pytest.fixture
def conflicts(initialised: str) -> Iterator[Kiosk]:
    """The kiosk lobby's intake, then three conflicts: other content under its check-in (Anna)
    and under its checklist ('no'), and a step under a sequence number already taken."""
    server.enrol(initialised, "lobby")
    with schema.connect(initialised) as conn:
        lobby = Kiosk(conn)
        assert lobby.submit(lobby.check_in_uuid, 1, check_in("Ann")) == "stored"
        assert lobby.submit(lobby.checklist_uuid, 2, checklist("yes", ["bp"])) == "stored"
        assert lobby.submit(lobby.check_in_uuid, 1, check_in("Anna")) == "conflict"
        assert lobby.submit(lobby.checklist_uuid, 2, checklist("no", [])) == "conflict"
        assert lobby.submit(str(uuid4()), 2, checklist("x", [])) == "conflict"
        yield lobby


def test_conflicts_are_resolved_both_ways_and_audited(
    view: ServerAdminView, conflicts: Kiosk, initialised: str
) -> None:
    """Keep the server's: Ann stays; take the kiosk's: the checklist's answer becomes 'no' and
    the records are made again; a step whose number was taken can only be kept."""
    view.tabs[view.conflicts].click()
    page = view.conflicts
    assert column(page.table, 0) == ["lobby"] * 3
    assert column(page.table, 1) == [conflicts.intake[:8]] * 3
    assert column(page.table, 2) == [
        "check-in, number 1",
        "form step, number 2",
        "form step, number 2 (taken by another step)",
    ]
    for private in ("Ann", "Lee", "fasting", "yes"):
        assert all(private not in text for text in column(page.table, 2))
    page.table.selectRow(2)
    page.take_button.click()
    assert "Only the server's can be kept" in page.status.text()
    page.table.selectRow(0)
    page.keep_button.click()
    assert page.status.text() == "Conflict 1 resolved: the server's step was kept."
    assert len(page.rows) == 2
    page.table.selectRow(0)
    page.take_button.click()
    assert page.status.text().startswith("Conflict 2 resolved: the kiosk's content was taken")
    assert [c.id for c in page.rows] == [3]
    assert server_rows(
        initialised,
        "SELECT a.value FROM records_answers a JOIN records_intakes r ON r.id = a.intake_id"
        " WHERE r.uuid = %s",
        conflicts.intake,
    ) == [("no",)]
    assert server_rows(
        initialised, "SELECT first_name FROM records_intakes WHERE uuid = %s", conflicts.intake
    ) == [("Ann",)]
    assert actions(initialised, "resolve_conflict") == [
        ("Ada", "conflict 1"),
        ("Ada", "conflict 2"),
    ]
    assert server_rows(
        initialised, "SELECT resolution, resolved_by FROM conflicts ORDER BY id"
    ) == [
        ("kept server", "Ada"),
        ("took kiosk", "Ada"),
        (None, None),
    ]
    view.tabs[view.audit].click()
    assert {"staff_add", "admin_login", "resolve_conflict"} <= set(column(view.audit.table, 2))


def test_a_nurse_gets_no_server_admin_view(admin_url: str, initialised: str) -> None:
    nora = server.staff_add(initialised, "Nico", "nurse", PIN, cost=COST)
    with pytest.raises(PermissionError):
        ServerAdminView(ServerAdmin(admin_url), nora, FakeClock())


def test_a_server_away_is_said_and_nothing_is_lost(
    pg_cluster: PgCluster,
    admin_url: str,
    initialised: str,
    ada: StaffMember,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A server that cannot be reached: no view at all (ServerAwayError, one line, for the
    station to say); lost while open: said above the page, which keeps its rows; a change
    then is refused by a dialog and nothing changes; back, the next page read clears it."""
    wrong = pg_cluster.url(dbname(initialised), ca_file=pg_cluster.wrong_ca_file)
    with pytest.raises(ServerAwayError, match="certificate verify failed"):
        ServerAdminView(ServerAdmin(wrong), ada, FakeClock())
    port = int(admin_url.split("@", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])
    with FaultProxy(pg_cluster.host, port) as proxy:
        through = admin_url.replace(f":{port}/", f":{proxy.port}/")
        session = ServerAdmin(through, cost=COST)
        view = ServerAdminView(session, ada, FakeClock())
        qtbot.addWidget(view)
        view.tabs[view.staff].click()
        proxy.set_mode(Mode.REFUSE, cut=True)
        view.tabs[view.conflicts].click()
        assert view.away.isVisibleTo(view) and "cannot be reached" in view.away.text()
        notices: list[str] = []
        monkeypatch.setattr(
            Notice, "show_message", classmethod(lambda _c, _p, t: notices.append(t))
        )
        view.tabs[view.staff].click()
        assert column(view.staff.table, 0) == ["Ada", "Nora"]
        view.staff.select("Nora")
        view.staff.disable_button.click()
        assert len(notices) == 1 and notices[0].startswith("⚠ Not saved.")
        proxy.set_mode(Mode.PASS)
        view.tabs[view.appointments].click()
        assert not view.away.isVisibleTo(view)
        session.close()
    assert actions(initialised, "staff_disable") == []


def test_the_admin_target_takes_the_admin_credential_never_the_stations(
    pg_cluster: PgCluster,
    initialised: str,
    forms: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without an admin credential there are no admin pages (said in words); with one, the
    station's server and CA with the admin login, which connects."""
    secrets = tmp_path / "secrets"
    secrets.mkdir(mode=0o700)
    station = secrets / "station.credential"
    station.write_text(server.station_login(initialised, "desk").conninfo() + "\n")
    station.chmod(0o600)
    admin = secrets / "admin.credential"
    server.admin_login(initialised, "desk", admin)
    monkeypatch.setenv(
        "KIOSK_SERVER_URL",
        f"postgresql://{pg_cluster.host}:{pg_cluster.port}/{dbname(initialised)}",
    )
    monkeypatch.setenv("KIOSK_SERVER_CA", str(pg_cluster.ca_file))
    monkeypatch.setenv("KIOSK_SERVER_CREDENTIAL", str(station))
    monkeypatch.delenv(ENV_ADMIN_CREDENTIAL, raising=False)
    with pytest.raises(AdminSetupError, match="no admin login is set on this station"):
        admin_target(forms, tmp_path / "data")
    monkeypatch.setenv(ENV_ADMIN_CREDENTIAL, str(admin))
    session = ServerAdmin(admin_target(forms, tmp_path / "data"))
    try:
        assert session.connection().info.user == "admin_desk"
    finally:
        session.close()
    admin.chmod(0o644)
    with pytest.raises(AdminSetupError, match=str(admin)):
        admin_target(forms, tmp_path / "data")


def test_screenshots(
    view: ServerAdminView,
    conflicts: Kiosk,
    initialised: str,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Each page at 1280x800 (saved in $SERVER_ADMIN_SCREENSHOTS when set)."""
    folder = Path(os.environ.get("SERVER_ADMIN_SCREENSHOTS") or tmp_path)
    for day, first in (("2026-11-21", "Lena"), ("2026-11-23", "Omar")):
        fields = {
            "date": day,
            "time": "09:30",
            "first_name": first,
            "last_name": "Park",
            "date_of_birth": "1968-05-17",
            "note": "",
        }
        answer(monkeypatch, AppointmentDialog, [fields])
        view.appointments.add_button.click()
    for _ in range(3):
        signed_in(initialised, "000111")
    for page, name in (
        (view.appointments, "appointments"),
        (view.staff, "staff"),
        (view.conflicts, "conflicts"),
        (view.audit, "audit"),
    ):
        view.tabs[page].click()
        qtbot.wait(100)
        image = view.grab()
        assert (image.width(), image.height()) == (1280, 800)
        assert image.save(str(folder / f"server-admin-{name}.png"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_server_admin_page_speaks_names(
    admin_url: str, ada: StaffMember, qtbot: Any, language: str
) -> None:
    """Appointments, staff (with Unlock), conflicts and the server's audit log, in English and
    in Spanish: every control named, a button's name holds its visible words, no bare symbol."""
    translations = Translations()
    translations.use(language)
    session = ServerAdmin(admin_url, cost=COST)
    try:
        made = ServerAdminView(session, ada, FakeClock())
        made.setStyleSheet(theme.stylesheet())
        made.resize(1280, 800)
        qtbot.addWidget(made)
        made.show()
        wrong: list[str] = []
        for page, button in made.tabs.items():
            button.click()
            assert made.pages.currentWidget() is page
            wrong += what_is_wrong(made)
        assert not wrong, sorted(set(wrong))
    finally:
        translations.use("en")
        session.close()
