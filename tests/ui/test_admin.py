"""The admin pages of the station: appointments, staff, the audit log and consent versions."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.forms import shipped_forms_dir
from kiosk.core.staff import Role
from kiosk.storage.audit import AuditLog
from kiosk.storage.staff import StaffRepository
from kiosk.ui.admin.dialogs import AppointmentDialog, StaffDialog
from kiosk.ui.admin.table import column
from kiosk.ui.admin.view import AdminView
from kiosk.ui.main_window import MainWindow
from kiosk.ui.staff.dialogs import Notice
from kiosk.ui.staff.station import StationView
from tests.helpers.kiosk_driver import KioskDriver
from tests.helpers.station import ADMIN_PIN, NURSE_PIN, add_staff, sign_in
from tests.helpers.widgets import all_texts

pytestmark = pytest.mark.usefixtures("cheap_pins")

BIRTH = date(1968, 5, 17)


def open_admin(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> AdminView:
    """Sign in as the admin and open the admin pages."""
    _, admin = add_staff(window)
    station = sign_in(window, monkeypatch, admin, ADMIN_PIN)
    assert station.admin_button is not None and station.admin_button.isVisible()
    station.admin_button.click()
    assert isinstance(station.admin, AdminView)
    return station.admin


def answer(monkeypatch: pytest.MonkeyPatch, dialog: type, answers: list[Any]) -> list[str]:
    """Patch ``dialog.ask`` to give these answers in turn; the messages it was shown."""
    seen: list[str] = []

    def ask(cls: Any, parent: Any, *args: Any) -> Any:
        seen.append(args[-1] if args and isinstance(args[-1], str) else "")
        return answers.pop(0) if answers else None

    monkeypatch.setattr(dialog, "ask", classmethod(ask))
    return seen


def actions(window: MainWindow, action: str) -> list[tuple[str, str]]:
    """(actor, subject) of the audit entries of one action."""
    log = AuditLog(window.context.db, window.context.clock)
    return [(e.actor, e.subject) for e in log.entries(action=action)]


def test_a_nurse_sees_no_admin_button(
    kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only an admin's station has the Admin button; a nurse cannot open the pages."""
    nurse, _ = add_staff(kiosk_window)
    station = sign_in(kiosk_window, monkeypatch, nurse, NURSE_PIN)
    assert station.admin_button is None
    assert "Admin" not in all_texts()
    with pytest.raises(PermissionError):
        station.open_admin()


def test_an_added_appointment_verifies_the_patient_at_the_kiosk(
    kiosk_window: MainWindow, driver: KioskDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A birth date after the visit is refused in the dialog; the fixed one is listed, audited,
    and the patient with that name and birth date is verified at the kiosk."""
    admin = open_admin(kiosk_window, monkeypatch)
    today = "2026-11-21"
    fields = {
        "date": today,
        "time": "09:30",
        "first_name": "Lena",
        "last_name": "Park",
        "date_of_birth": "2030-01-01",
        "note": "",
    }
    seen = answer(
        monkeypatch,
        AppointmentDialog,
        [fields, {**fields, "date_of_birth": BIRTH.isoformat()}],
    )
    admin.appointments.add_button.click()
    assert "date_of_birth is after the visit" in seen[1]
    assert column(admin.appointments.table, 2) == ["Lena"]
    assert actions(kiosk_window, "add_appointment") == [("Ada Admin", today)]
    station = kiosk_window.station
    assert isinstance(station, StationView)
    admin.back_button.click()
    assert station.pages.currentWidget() is station.board and station.admin is None
    station.lock()
    driver.start()
    driver.identify("Lena", "Park", BIRTH)
    assert kiosk_window.session.verified


def test_adding_staff_refuses_a_weak_pin_in_plain_words(
    kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PIN such as 123456 is refused with a message; a good one adds the member."""
    admin = open_admin(kiosk_window, monkeypatch)
    seen = answer(
        monkeypatch,
        StaffDialog,
        [
            ("Sam Nurse", Role.NURSE, "123456", "123456"),
            ("Sam Nurse", Role.NURSE, "605193", "605193"),
        ],
    )
    admin.staff.add_button.click()
    assert seen[1].startswith("⚠") and "PIN" in seen[1]
    assert "Sam Nurse" in column(admin.staff.table, 0)
    assert [subject for actor, subject in actions(kiosk_window, "staff_add")] and all(
        actor == "Ada Admin" for actor, _ in actions(kiosk_window, "staff_add")
    )


def test_disabling_a_member(kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """The selected nurse is disabled, shown so, audited; the admin cannot disable themselves."""
    admin = open_admin(kiosk_window, monkeypatch)
    page = admin.staff
    page.select("Ada Admin")
    page.disable_button.click()
    assert "own account" in page.status.text()
    page.select("Nora Nurse")
    page.disable_button.click()
    row = column(page.table, 0).index("Nora Nurse")
    assert column(page.table, 2)[row] == "Disabled"
    repo = StaffRepository(
        kiosk_window.context.db,
        kiosk_window.context.clock,
        kiosk_window.context.forms.settings.staff,
    )
    assert [m.name for m in repo.members()] == ["Ada Admin"]
    assert [actor for actor, _ in actions(kiosk_window, "staff_disable")] == ["Ada Admin"]


def test_the_audit_page_filters_by_action(
    kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the asked-for action is listed."""
    admin = open_admin(kiosk_window, monkeypatch)
    page = admin.staff
    page.select("Nora Nurse")
    page.disable_button.click()
    page.enable_button.click()
    admin.tabs[admin.audit].click()
    assert {"sign_in", "staff_disable", "staff_enable"} <= set(column(admin.audit.table, 2))
    admin.audit.action.setText("staff_enable")
    admin.audit.show_button.click()
    assert column(admin.audit.table, 2) == ["staff_enable"]
    assert column(admin.audit.table, 1) == ["Ada Admin"]


def test_publishing_consent_v2_reaches_the_next_kiosk_and_leaves_signed_copies(
    more_windows: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
    tmp_path: Path,
) -> None:
    """A patient signs v1; the admin publishes v2 from a file; a new kiosk session gets v2, and
    the earlier signed PDF is byte for byte what it was."""
    forms = tmp_path / "forms"
    shutil.copytree(shipped_forms_dir(), forms)
    source = tmp_path / "consent-v2.toml"
    text = (forms / "consent" / "v1.toml").read_text(encoding="utf-8")
    source.write_text(
        text.replace("version = 1", "version = 2").replace(
            'title.en = "Consent for ketamine infusion treatment"',
            'title.en = "Consent for ketamine infusion treatment, revised"',
        ),
        encoding="utf-8",
    )
    kiosk = more_windows(forms, beside=False)
    driver = KioskDriver(kiosk, qtbot)
    driver.run_intake("Ana", "Ruiz", BIRTH)
    driver.finish()
    before = [(r["version"], r["pdf"]) for r in kiosk.context.db.query("SELECT * FROM consents")]
    assert [v for v, _ in before] == [1]

    admin = open_admin(kiosk, monkeypatch)
    admin.tabs[admin.consent].click()
    page = admin.consent
    page.path.setText(str(tmp_path / "missing.toml"))
    page.publish_button.click()
    assert "Not published" in page.status.text()
    page.path.setText(str(source))
    page.publish_button.click()
    assert "Version 2" in page.status.text()
    assert column(page.table, 0) == ["1", "2"] and column(page.table, 2) == ["1", "0"]
    assert column(page.table, 3) == ["", "current"]
    assert (
        "checklist 2026.1" in page.forms_in_use.text() and "consent 2" in page.forms_in_use.text()
    )
    assert actions(kiosk, "publish_consent") == [("Ada Admin", "v2")]
    assert (forms / "consent" / "v2.toml").read_bytes() == source.read_bytes()
    kiosk.lock_station()  # back to the kiosk: the same window's next patient reads version 2
    assert kiosk.session.forms.consent.version == 2

    nxt = more_windows(forms, beside=False)
    KioskDriver(nxt, qtbot).run_intake("Walter", "Nguyen", date(1970, 3, 2))
    rows = [
        (r["version"], r["pdf"]) for r in nxt.context.db.query("SELECT * FROM consents ORDER BY id")
    ]
    assert [v for v, _ in rows] == [1, 2]
    assert rows[0][1] == before[0][1]


def test_a_staff_change_the_database_refuses_is_explained(
    kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database will not be written (query_only): adding a member shows what happened and
    what to do, no account appears; once writable the same add goes through."""
    admin = open_admin(kiosk_window, monkeypatch)
    shown: list[str] = []
    monkeypatch.setattr(
        Notice, "show_message", classmethod(lambda cls, parent, text: shown.append(text))
    )
    new = ("Sam Nurse", Role.NURSE, "605193", "605193")
    answer(monkeypatch, StaffDialog, [new])
    kiosk_window.context.db.execute("PRAGMA query_only = 1")
    admin.staff.add_button.click()
    kiosk_window.context.db.execute("PRAGMA query_only = 0")
    assert len(shown) == 1 and shown[0].startswith("⚠ Not saved. The database cannot be written")
    admin.staff.refresh()
    assert "Sam Nurse" not in column(admin.staff.table, 0)
    answer(monkeypatch, StaffDialog, [new])
    admin.staff.add_button.click()
    assert "Sam Nurse" in column(admin.staff.table, 0)
    assert len(shown) == 1


def test_the_staff_page_keeps_the_last_active_admin(
    kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Change role on the only admin, then (after another admin took over and the first was
    disabled elsewhere) Disable and Change role on the new last admin: each shows the message
    naming them and what to do first, and nothing is changed or audited."""
    admin = open_admin(kiosk_window, monkeypatch)
    page = admin.staff
    page.select("Ada Admin")
    page.role_button.click()
    assert page.status.text() == (
        "⚠ Ada Admin is the last active admin. Add or enable another admin first, so that"
        " someone can still manage staff."
    )
    assert dict(zip(column(page.table, 0), column(page.table, 1), strict=True)) == {
        "Ada Admin": "Admin",
        "Nora Nurse": "Nurse",
    }
    context = kiosk_window.context
    elsewhere = StaffRepository(context.db, context.clock, context.forms.settings.staff)
    elsewhere.add("Bea Boss", Role.ADMIN, "605193")
    elsewhere.disable(next(m.id for m in page.members if m.name == "Ada Admin"))
    page.refresh()
    page.select("Bea Boss")
    page.disable_button.click()
    assert page.status.text().startswith("⚠ Bea Boss is the last active admin.")
    page.status.setText("")
    page.role_button.click()
    assert page.status.text().startswith("⚠ Bea Boss is the last active admin.")
    row = column(page.table, 0).index("Bea Boss")
    assert (column(page.table, 1)[row], column(page.table, 2)[row]) == ("Admin", "Active")
    assert actions(kiosk_window, "staff_role") == []
    assert actions(kiosk_window, "staff_disable") == []


def test_change_role_makes_a_nurse_an_admin(
    kiosk_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Change role on a nurse: shown as an admin, stored so, and audited as `staff_role` by the
    admin who did it."""
    admin = open_admin(kiosk_window, monkeypatch)
    page = admin.staff
    page.select("Nora Nurse")
    page.role_button.click()
    assert page.status.text() == "Nora Nurse is now an admin."
    row = column(page.table, 0).index("Nora Nurse")
    assert column(page.table, 1)[row] == "Admin"
    nora = next(m for m in page.members if m.name == "Nora Nurse")
    assert nora.role is Role.ADMIN
    assert actions(kiosk_window, "staff_role") == [("Ada Admin", f"staff {nora.id}")]
