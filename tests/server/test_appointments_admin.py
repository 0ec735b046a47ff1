"""Appointments on the clinic server from the admin's side: the clinic's upcoming ones listed,
one added, one edited keeping the UUID the kiosks pulled (what the kiosk's function answers
follows the edit), each audited; a duplicate or an unknown one refused in words."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kiosk.core.appointments import Appointment, AppointmentImportError
from kiosk.core.identity import name_key
from kiosk.services import server, server_admin
from tests.helpers.pg import PgCluster
from tests.helpers.sync import dbname, enrol_kiosk, server_rows

DAY = date(2026, 11, 23)
BIRTH = date(1968, 5, 17)


def lena(**changes: object) -> Appointment:
    fields: dict[str, object] = {
        "day": DAY,
        "time": "09:30",
        "first_name": "Lena",
        "last_name": "Park",
        "birth_date": BIRTH,
        "note": "",
    }
    fields.update(changes)
    return Appointment(**fields)  # type: ignore[arg-type]


def test_added_and_edited_appointments_keep_their_uuid_and_are_audited(
    initialised: str,
) -> None:
    """Lena is booked and listed with her UUID; moved to 11:00 under another spelling and
    another day she keeps it; a past day and another clinic's booking are not listed."""
    server_admin.appointment_add(initialised, lena(), by="Ada")
    server_admin.appointment_add(initialised, lena(first_name="Mo", day=date(2026, 11, 1)))
    server_admin.appointment_add(initialised, lena(first_name="Ines"), clinic="north", by="Ada")
    [row] = server_admin.appointments_upcoming(initialised, date(2026, 11, 21))
    uuid = str(row["id"])
    assert (row["day"], row["time"], row["first_name"]) == (DAY, "09:30", "Lena")

    moved = lena(day=date(2026, 11, 24), time="11:00", last_name="Park-Lee", note="wheelchair")
    server_admin.appointment_edit(initialised, uuid, moved, by="Ada")
    [after] = server_admin.appointments_upcoming(initialised, date(2026, 11, 21))
    assert after == {
        "id": uuid,
        "day": date(2026, 11, 24),
        "time": "11:00",
        "first_name": "Lena",
        "last_name": "Park-Lee",
        "birth_date": BIRTH,
        "note": "wheelchair",
    }
    keys = server_rows(initialised, "SELECT name_key FROM appointments WHERE uuid = %s", uuid)
    assert keys == [(name_key("Lena", "Park-Lee"),)]

    added = server.audit_entries(initialised, action="add_appointment")
    assert [(e.actor, e.subject) for e in added[:1]] == [("Ada", DAY.isoformat())]
    assert json.loads(added[0].detail)["appointment"] == uuid
    [edited] = server.audit_entries(initialised, action="edit_appointment")
    assert (edited.actor, edited.subject) == ("Ada", f"appointment {uuid}")
    assert server.audit_check(initialised).problem is None


def test_an_edit_the_kiosk_pulls_keeps_the_uuid_it_matched(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path
) -> None:
    """What a kiosk reads for the day (appointments_for_day) carries the same UUID after the
    edit, with the new time."""
    server_admin.appointment_add(initialised, lena(), by="Ada")
    [row] = server_admin.appointments_upcoming(initialised, DAY)
    kiosk = enrol_kiosk(pg_cluster, initialised, "lobby", tmp_path / "secrets")
    fields = dict(
        pair.split("=", 1) for pair in kiosk.credential_file.read_text(encoding="ascii").split()
    )
    url = pg_cluster.url(dbname(initialised), user=fields["user"], password=fields["password"])
    before = server_rows(url, "SELECT uuid::text, slot FROM appointments_for_day(%s)", DAY)
    server_admin.appointment_edit(initialised, str(row["id"]), lena(time="14:15"), by="Ada")
    after = server_rows(url, "SELECT uuid::text, slot FROM appointments_for_day(%s)", DAY)
    assert before == [(row["id"], "09:30")] and after == [(row["id"], "14:15")]


def test_a_duplicate_or_unknown_edit_is_refused_and_nothing_is_audited(initialised: str) -> None:
    server_admin.appointment_add(initialised, lena(), by="Ada")
    server_admin.appointment_add(initialised, lena(first_name="Mo"), by="Ada")
    rows = server_admin.appointments_upcoming(initialised, DAY)
    mo = next(r for r in rows if r["first_name"] == "Mo")
    with pytest.raises(AppointmentImportError, match="already has an appointment on that day"):
        server_admin.appointment_edit(initialised, str(mo["id"]), lena(), by="Ada")
    with pytest.raises(AppointmentImportError, match="no appointment"):
        server_admin.appointment_edit(
            initialised, "00000000-0000-0000-0000-000000000000", lena(), by="Ada"
        )
    assert server.audit_entries(initialised, action="edit_appointment") == []
    assert server_admin.appointments_upcoming(initialised, DAY) == rows
