"""Conflicts on the clinic server as the admin sees and resolves them: listed without the
patient's content; the server's step kept, or the kiosk's content taken and the intake's
records made again; each resolution recorded on the conflict and in the server's audit log."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest

from kiosk.cli import main
from kiosk.core.audit import AuditAction
from kiosk.core.clock import FakeClock
from kiosk.server import schema
from kiosk.services import server, sync
from kiosk.services.context import open_context
from kiosk.services.demo.day import make_demo
from tests.helpers.clinic import DAY
from tests.helpers.conflicts import Kiosk, check_in, checklist
from tests.helpers.pg import PgCluster
from tests.helpers.sync import enrol_kiosk, refuse_every_audit_entry, server_rows


@pytest.fixture
def kiosk(initialised: str) -> Iterator[Kiosk]:
    """The kiosk lobby, enrolled, with one intake: a check-in (Ann) and a checklist answered
    'yes' with two flags (sequences 1 and 2)."""
    server.enrol(initialised, "lobby")
    with schema.connect(initialised) as conn:
        lobby = Kiosk(conn)
        assert lobby.submit(lobby.check_in_uuid, 1, check_in("Ann")) == "stored"
        assert lobby.submit(lobby.checklist_uuid, 2, checklist("yes", ["bp", "pregnant"])) == (
            "stored"
        )
        yield lobby


def conflicting(kiosk: Kiosk) -> None:
    """Conflict 1: other content under the check-in's UUID (Anna); conflict 2: another step
    under the checklist's sequence number 2."""
    assert kiosk.submit(kiosk.check_in_uuid, 1, check_in("Anna")) == "conflict"
    assert kiosk.submit(str(uuid4()), 2, checklist("no", [])) == "conflict"


def test_the_conflicts_are_listed_without_the_patients_content(
    kiosk: Kiosk, initialised: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["server", "conflicts", "--url", initialised]) == 0
    assert capsys.readouterr().out == "no open conflicts\n"
    conflicting(kiosk)
    assert main(["server", "conflicts", "--url", initialised]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        f"conflict 1: · kiosk lobby · step {kiosk.check_in_uuid} (check_in, intake {kiosk.intake})"
        " · sequence 1 · other content · received "
    )
    assert lines[1].startswith("conflict 2: · kiosk lobby · step ")
    assert "(step, intake" in lines[1] and "· sequence 2 · sequence taken · received" in lines[1]
    for private in ("Ann", "Lee", "1980", "fasting", "yes"):
        assert private not in out


def test_keep_server_records_who_and_when_and_leaves_the_step(
    kiosk: Kiosk, initialised: str, capsys: pytest.CaptureFixture[str]
) -> None:
    conflicting(kiosk)
    before = server_rows(initialised, "SELECT uuid, content, sha256 FROM steps ORDER BY sequence")
    assert (
        main(["server", "resolve", "1", "--keep-server", "--by", "Dana", "--url", initialised]) == 0
    )
    assert capsys.readouterr().out == "conflict 1 resolved by Dana: the server's step kept\n"
    assert (
        server_rows(initialised, "SELECT uuid, content, sha256 FROM steps ORDER BY sequence")
        == before
    )
    assert server_rows(
        initialised,
        "SELECT resolution, resolved_by, resolved_at > now() - interval '1 minute',"
        " replaced_content FROM conflicts WHERE id = 1",
    ) == [("kept server", "Dana", True, None)]
    [entry] = server.audit_entries(initialised, action=AuditAction.CONFLICT_RESOLVE)
    assert (entry.actor, entry.subject) == ("Dana", "conflict 1")
    assert json.loads(entry.detail)["resolution"] == "kept server"
    assert "Ann" not in entry.detail
    # Only the other one is still open; resolving the same one again is refused.
    assert [c.id for c in server.conflicts_open(initialised)] == [2]
    assert main(["server", "resolve", "1", "--keep-server", "--url", initialised]) == 2
    assert capsys.readouterr().err == (
        "kiosk: error: conflict 1: already resolved (kept server by Dana)\n"
    )
    assert main(["server", "conflicts", "--all", "--url", initialised]) == 0
    assert "· kept server by Dana at " in capsys.readouterr().out.splitlines()[0]
    # A sequence taken is resolved by keeping the server's step (the login is the one who).
    assert main(["server", "resolve", "2", "--keep-server", "--url", initialised]) == 0
    assert capsys.readouterr().out == (
        "conflict 2 resolved by kiosk_test_admin: the server's step kept\n"
    )
    assert server.audit_check(initialised).problem is None


def test_take_kiosk_replaces_the_step_and_remakes_the_records(
    kiosk: Kiosk, initialised: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The kiosk's checklist (answered 'no', one flag of the two) replaces the server's; the
    records follow it; the nurse's acknowledgement of the flag still raised and the stage she
    moved the intake to stay; the content replaced is kept on the conflict."""
    checklist_uuid = kiosk.checklist_uuid
    assert kiosk.submit(checklist_uuid, 2, checklist("no", ["pregnant"])) == "conflict"
    with schema.connect(initialised) as admin:
        admin.execute("UPDATE records_flags SET acknowledged_by = 'Nina', acknowledged_at = now()")
        admin.execute("UPDATE records_intakes SET stage = 'in_chair'")
    version = server_rows(initialised, "SELECT id, row_version FROM records_intakes")
    old = server_rows(
        initialised, "SELECT content, sha256 FROM steps WHERE uuid = %s", checklist_uuid
    )
    assert (
        main(["server", "resolve", "1", "--take-kiosk", "--by", "Dana", "--url", initialised]) == 0
    )
    assert capsys.readouterr().out == (
        "conflict 1 resolved by Dana: the kiosk's content taken into the step;"
        " the intake's records made again\n"
    )
    [(content, sha)] = server_rows(
        initialised, "SELECT content, sha256 FROM steps WHERE uuid = %s", checklist_uuid
    )
    assert content["answers"][0]["value"] == "no"  # type: ignore[index]
    assert server_rows(
        initialised,
        "SELECT sha256, resolution, resolved_by, replaced_content, replaced_sha256 FROM conflicts",
    ) == [(sha, "took kiosk", "Dana", *old[0])]
    assert server_rows(initialised, "SELECT value FROM records_answers") == [("no",)]
    assert server_rows(
        initialised, "SELECT code, acknowledged_by FROM records_flags ORDER BY code"
    ) == [("pregnant", "Nina")]
    [(intake_id, row_version)] = version
    assert server_rows(
        initialised,
        "SELECT id, first_name, day::text, stage, row_version > %s FROM records_intakes",
        row_version,
    ) == [(intake_id, "Ann", "2026-12-04", "in_chair", True)]
    [entry] = server.audit_entries(initialised, action=AuditAction.CONFLICT_RESOLVE)
    assert json.loads(entry.detail)["resolution"] == "took kiosk"
    # The kiosk sending its content again is now a duplicate.
    assert kiosk.submit(checklist_uuid, 2, checklist("no", ["pregnant"])) == "duplicate"


def test_take_kiosk_is_refused_for_a_sequence_taken_and_nothing_changes(
    kiosk: Kiosk, initialised: str, capsys: pytest.CaptureFixture[str]
) -> None:
    conflicting(kiosk)
    steps = server_rows(initialised, "SELECT uuid, content FROM steps ORDER BY sequence")
    assert main(["server", "resolve", "2", "--take-kiosk", "--url", initialised]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kiosk: error: conflict 2: the kiosk's sequence number 2 was taken")
    assert "only --keep-server resolves it" in err
    assert main(["server", "resolve", "9", "--take-kiosk", "--url", initialised]) == 2
    assert capsys.readouterr().err == "kiosk: error: conflict 9: no such conflict\n"
    assert main(["server", "resolve", "1", "--url", initialised]) == 2  # say which way
    capsys.readouterr()
    assert server_rows(initialised, "SELECT uuid, content FROM steps ORDER BY sequence") == steps
    assert server_rows(initialised, "SELECT count(*) FROM conflicts WHERE resolution IS NULL") == [
        (2,)
    ]
    assert server.audit_entries(initialised, action=AuditAction.CONFLICT_RESOLVE) == []


def test_a_resolution_whose_audit_entry_fails_is_not_made(kiosk: Kiosk, initialised: str) -> None:
    conflicting(kiosk)
    first_names = "SELECT first_name FROM records_intakes"
    assert server_rows(initialised, first_names) == [("Ann",)]
    refuse_every_audit_entry(initialised)
    with pytest.raises(server.ServerProblemError, match="the audit log is out of order"):
        server.resolve_conflict(initialised, 1, server.Resolution.TAKE_KIOSK, by="Dana")
    with pytest.raises(server.ServerProblemError, match="the audit log is out of order"):
        server.resolve_conflict(initialised, 2, server.Resolution.KEEP_SERVER, by="Dana")
    assert server_rows(initialised, "SELECT count(*) FROM conflicts WHERE resolution IS NULL") == [
        (2,)
    ]
    assert server_rows(initialised, first_names) == [("Ann",)]
    assert [c.id for c in server.conflicts_open(initialised)] == [1, 2]


def test_remaking_the_records_of_real_intakes_gives_the_same_records(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A demo day synced from a real kiosk: the records made again from the steps of every
    intake equal the records applied as the steps arrived (answers, flags, scores, consents)."""
    lobby = enrol_kiosk(pg_cluster, initialised, "lobby", tmp_path / "secrets")
    for name, value in lobby.env().items():
        monkeypatch.setenv(name, value)
    context = open_context(tmp_path / "data", clock=FakeClock())
    make_demo(context, 6, DAY, seed=3)
    sync.sync_now(context)
    context.close()
    queries = (
        "SELECT uuid, device, clinic, day, first_name, last_name, birth_date, appointment,"
        " verified, language, stage, form_versions, created_at, updated_at, completed_at"
        " FROM records_intakes ORDER BY id",
        "SELECT * FROM records_answers ORDER BY 1, 2, 3",
        "SELECT intake_id, code, level, source, reason, alert, raised_at FROM records_flags"
        " ORDER BY 1, 2",
        "SELECT * FROM records_scores ORDER BY 1, 2",
        "SELECT intake_id, version, text_sha256, printed_name, signed_at, pdf_sha256,"
        " agreed_sections, stored_at FROM records_consents ORDER BY 1, 2",
    )
    before = [server_rows(initialised, q) for q in queries]
    assert all(before)
    with schema.connect(initialised) as admin, admin.transaction():
        admin.execute("SELECT rebuild_records(uuid) FROM intakes")
    assert [server_rows(initialised, q) for q in queries] == before
