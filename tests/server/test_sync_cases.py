"""The sync's edge cases against the real server: a replay, other content under a UUID, a kiosk
clock hours off, older and newer step formats, a revoked login, a wrong CA, bad settings, the
background worker, and appointments that flow down to the kiosk."""

from __future__ import annotations

import logging
import re
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import pytest

from kiosk.cli.app import main
from kiosk.core import outbox as steps_out
from kiosk.core.clock import FakeClock
from kiosk.core.session import Outcome
from kiosk.server import schema
from kiosk.server.client import Link, LinkError, Target, Trouble
from kiosk.server.steps import Answer
from kiosk.services import server, sync
from kiosk.services.context import KioskContext, open_context
from kiosk.services.demo.day import make_demo
from kiosk.services.intake import start_session
from kiosk.storage import outbox
from tests.helpers.intake import BIRTH_DATE, walk_to_done
from tests.helpers.pg import PgCluster
from tests.helpers.sync import EnrolledKiosk, enrol_kiosk, server_rows

DAY = date(2026, 11, 21)


@pytest.fixture
def lobby(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> EnrolledKiosk:
    """A kiosk called lobby enrolled on the server; this process pointed at it."""
    kiosk = enrol_kiosk(pg_cluster, initialised, "lobby", tmp_path / "secrets")
    for name, value in kiosk.env().items():
        monkeypatch.setenv(name, value)
    return kiosk


def kiosk_at(tmp_path: Path, clock: FakeClock, intakes: int = 2) -> KioskContext:
    """A kiosk data folder with ``intakes`` demo intakes made on ``clock``."""
    context = open_context(tmp_path / "data", clock=clock)
    if intakes:
        make_demo(context, intakes, clock.local_now().date(), seed=5)
    return context


def target(context: KioskContext) -> Target:
    found = sync.server_target(context)
    assert found is not None
    return found


def test_a_replayed_batch_is_acknowledged_as_duplicates_and_stored_once(
    lobby: EnrolledKiosk, initialised: str, tmp_path: Path
) -> None:
    """The same batch sent again on a new connection (a reply lost the first time): every step
    is answered duplicate, the server still holds each once."""
    context = kiosk_at(tmp_path, FakeClock())
    batch = outbox.pending(context.db, 1000)
    link = Link(target(context), outbox.device_id(context.db))
    try:
        assert set(link.submit(context.clock.now(), batch)) == {Answer.STORED}
    finally:
        link.close()
    again = Link(target(context), outbox.device_id(context.db))
    try:
        assert set(again.submit(context.clock.now(), batch)) == {Answer.DUPLICATE}
    finally:
        again.close()
    assert server_rows(initialised, "SELECT count(*) FROM steps") == [(len(batch),)]
    assert server_rows(initialised, "SELECT count(*) FROM conflicts") == [(0,)]
    # the kiosk never recorded the first reply: its push now finds every row a duplicate
    assert sync.sync_now(context).sent == len(batch)
    assert {r["answer"] for r in context.db.query("SELECT answer FROM outbox")} == {"duplicate"}


def test_other_content_under_a_sent_uuid_lands_in_conflicts_and_the_staff_see_it(
    lobby: EnrolledKiosk, initialised: str, tmp_path: Path
) -> None:
    """A row already on the server comes again with other content (a kiosk database put back
    from an old copy and changed): the server keeps the first content, sets the second aside in
    conflicts, answers conflict; the kiosk counts it and ``sync status`` shows it."""
    context = kiosk_at(tmp_path, FakeClock())
    sync.sync_now(context)
    row = next(iter(context.db.query("SELECT * FROM outbox ORDER BY sequence LIMIT 1")))
    changed = str(row["content"]).replace('"kind":"check_in"', '"kind":"check_in","x":1')
    context.db.execute(
        "UPDATE outbox SET content = ?, sha256 = ?, sent_at = NULL, answer = NULL WHERE sequence = ?",
        [changed, steps_out.sha256_hex(changed), row["sequence"]],
    )
    done = sync.sync_now(context)
    assert done.sent == 1 and done.status.conflicts == 1 and done.status.waiting == 0
    kept = server_rows(initialised, "SELECT sha256 FROM steps WHERE uuid = %s", row["uuid"])
    assert kept == [(row["sha256"],)]
    aside = server_rows(initialised, "SELECT step_uuid::text, sha256, reason FROM conflicts")
    assert aside == [(row["uuid"], steps_out.sha256_hex(changed), "other content")]
    states = server.status(initialised)
    assert [(s.name, s.conflicts) for s in states] == [("lobby", 1)]


def test_a_kiosk_clock_three_hours_ahead_is_reported_and_the_server_keeps_the_kiosks_order(
    lobby: EnrolledKiosk, initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The kiosk's clock says three hours later than the server's: every step is stored in the
    kiosk's sequence order all the same; the kiosk and the server both report the skew."""
    ahead = datetime.now(UTC) + timedelta(hours=3)
    context = kiosk_at(tmp_path, FakeClock(current=ahead))
    done = sync.sync_now(context)
    assert done.status.clock_off
    assert done.status.clock_skew_seconds is not None
    assert abs(done.status.clock_skew_seconds - 3 * 3600) < 120
    sequences = [
        int(str(r[0]))
        for r in server_rows(
            initialised, "SELECT sequence FROM steps ORDER BY received_at, sequence"
        )
    ]
    assert sequences == sorted(sequences)
    state = server.status(initialised)[0]
    assert state.clock_skew is not None
    assert abs(state.clock_skew.total_seconds() - 3 * 3600) < 120
    data = str(context.data_dir)
    context.close()
    assert main(["--data-dir", data, "sync", "status"]) == 0
    said = re.search(r"clock: this kiosk's clock is \+(\d+) s", capsys.readouterr().out)
    assert said is not None and abs(int(said[1]) - 3 * 3600) < 120
    assert main(["server", "status", "--url", initialised]) == 0
    said = re.search(r"clock \+(\d+) s from the server's", capsys.readouterr().out)
    assert said is not None and abs(int(said[1]) - 3 * 3600) < 120


def test_an_older_kiosk_format_is_accepted_and_recorded_a_newer_one_waits(
    lobby: EnrolledKiosk, initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that reads step formats up to 2 takes a format-1 kiosk and records its format;
    a kiosk sending a format newer than the server reads is refused with words saying to
    upgrade the server, and its outbox keeps every row."""
    with schema.connect(initialised) as admin:
        admin.execute(
            "CREATE OR REPLACE FUNCTION newest_step_format() RETURNS integer"
            " LANGUAGE sql IMMUTABLE AS $$ SELECT 2 $$"
        )
    context = kiosk_at(tmp_path, FakeClock())
    assert sync.sync_now(context).status.waiting == 0
    assert server.status(initialised)[0].kiosk_format == 1
    with schema.connect(initialised) as admin:
        admin.execute(
            "CREATE OR REPLACE FUNCTION newest_step_format() RETURNS integer"
            " LANGUAGE sql IMMUTABLE AS $$ SELECT 1 $$"
        )
    monkeypatch.setattr("kiosk.server.client.FORMAT", 2)
    make_demo(context, 1, DAY + timedelta(days=1), seed=6)
    waiting = outbox.counts(context.db).waiting
    with pytest.raises(LinkError) as caught:
        sync.sync_now(context)
    assert caught.value.trouble is Trouble.TOO_NEW
    assert "upgrade the server" in str(caught.value)
    assert outbox.counts(context.db).waiting == waiting
    assert "upgrade the server" in sync.sync_status(context).problem


def test_a_revoked_kiosk_keeps_its_outbox_and_says_so(
    lobby: EnrolledKiosk, initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After ``server revoke``, the kiosk's push is refused as revoked: its rows stay waiting,
    ``sync`` exits 1 naming the revoked login and the rows waiting, ``sync status`` says
    REVOKED."""
    context = kiosk_at(tmp_path, FakeClock())
    server.revoke(initialised, "lobby")
    waiting = outbox.counts(context.db).waiting
    with pytest.raises(LinkError) as caught:
        sync.sync_now(context)
    assert caught.value.trouble is Trouble.REVOKED
    assert sync.sync_status(context).revoked
    data = str(context.data_dir)
    context.close()
    assert main(["--data-dir", data, "sync"]) == 1
    err = capsys.readouterr().err
    assert "revoked" in err and f"{waiting} steps wait" in err
    assert main(["--data-dir", data, "sync", "status"]) == 0
    assert "REVOKED" in capsys.readouterr().out
    assert server_rows(initialised, "SELECT count(*) FROM steps") == [(0,)]


def test_a_server_the_clinics_ca_did_not_sign_gets_nothing(
    pg_cluster: PgCluster,
    lobby: EnrolledKiosk,
    initialised: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With another CA in KIOSK_SERVER_CA the kiosk refuses the server's certificate: nothing
    is sent, the status says the certificate is not trusted."""
    monkeypatch.setenv("KIOSK_SERVER_CA", str(pg_cluster.wrong_ca_file))
    context = kiosk_at(tmp_path, FakeClock())
    with pytest.raises(LinkError) as caught:
        sync.sync_now(context)
    assert caught.value.trouble is Trouble.CERTIFICATE
    assert "certificate" in sync.sync_status(context).problem
    assert server_rows(initialised, "SELECT count(*) FROM steps") == [(0,)]


def test_a_url_asking_for_less_than_verify_full_still_gets_verify_full(
    pg_cluster: PgCluster, lobby: EnrolledKiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sslmode=disable`` in the URL is overruled: the wrong CA is still refused."""
    monkeypatch.setenv("KIOSK_SERVER_URL", lobby.url + "?sslmode=disable")
    monkeypatch.setenv("KIOSK_SERVER_CA", str(pg_cluster.wrong_ca_file))
    context = kiosk_at(tmp_path, FakeClock(), intakes=1)
    with pytest.raises(LinkError) as caught:
        sync.sync_now(context)
    assert caught.value.trouble is Trouble.CERTIFICATE


@pytest.mark.parametrize(
    "problem", ["group-readable", "inside the data folder", "missing", "no CA file"]
)
def test_a_credential_file_that_breaks_the_rules_is_refused_in_words(
    lobby: EnrolledKiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problem: str
) -> None:
    """The credential file under the key file's rules (owner-only, outside the data folder,
    present) and a CA file that is there: each break is a SyncSetupError naming the file and
    the fix."""
    context = kiosk_at(tmp_path, FakeClock(), intakes=0)
    path = lobby.credential_file
    if problem == "group-readable":
        path.chmod(0o640)
        expected = "chmod 600"
    elif problem == "inside the data folder":
        inside = context.data_dir / "server.credential"
        inside.write_bytes(path.read_bytes())
        inside.chmod(0o600)
        monkeypatch.setenv("KIOSK_SERVER_CREDENTIAL", str(inside))
        path, expected = inside, "inside"
    elif problem == "missing":
        path.unlink()
        expected = "server enrol"
    else:
        path = tmp_path / "no-such-ca.crt"
        monkeypatch.setenv("KIOSK_SERVER_CA", str(path))
        expected = "CA file is missing"
    with pytest.raises(sync.SyncSetupError, match=expected) as caught:
        sync.server_target(context)
    assert str(path) in str(caught.value)


def test_the_worker_sends_each_step_as_the_patient_confirms_it(
    lobby: EnrolledKiosk, initialised: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """With the background worker running, a patient's whole intake reaches the server while
    the session goes on (no ``sync`` command); the log lines name no patient."""
    clock = FakeClock(current=datetime.now(UTC))
    context = kiosk_at(tmp_path, clock, intakes=0)
    caplog.set_level(logging.INFO, logger="kiosk")
    worker = sync.start_sync(context, poll_seconds=0.2)
    assert worker is not None
    try:
        session = start_session(context)
        session.begin("en", "normal")
        assert session.identify("Zoë", "Núñez-O'Brien", BIRTH_DATE).outcome is Outcome.NEW
        walk_to_done(session)
        total = outbox.counts(context.db)
        deadline = time.monotonic() + 20
        while outbox.counts(context.db).waiting and time.monotonic() < deadline:
            time.sleep(0.05)
        assert outbox.counts(context.db).waiting == 0
    finally:
        worker.stop()
    assert not worker.is_alive()
    on_server = server_rows(initialised, "SELECT count(*) FROM steps")[0][0]
    assert on_server == total.waiting + total.sent
    assert any("sent" in r.getMessage() for r in caplog.records)
    for record in caplog.records:
        assert "Núñez" not in record.getMessage() and "Zoë" not in record.getMessage()


def test_the_days_appointments_flow_down_and_a_patient_checks_in_at_any_kiosk(
    pg_cluster: PgCluster,
    lobby: EnrolledKiosk,
    initialised: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Appointments booked on the server reach the kiosk at its sync, without names (only what
    matching needs); the booked patient identifies as verified and the check-in handed to the
    server names the server's appointment."""
    clock = FakeClock()
    csv = tmp_path / "day.csv"
    csv.write_text(
        "date,time,first_name,last_name,date_of_birth,note\n"
        f"{DAY.isoformat()},09:30,Zoë,Núñez,1980-02-29,series 3 of 6\n"
        f"{DAY.isoformat()},10:00,Ana,Ruiz,1975-06-01,\n",
        encoding="utf-8",
    )
    assert main(["server", "appointments", str(csv), "--url", initialised]) == 0
    assert "booked 2 appointments" in capsys.readouterr().out
    context = kiosk_at(tmp_path, clock, intakes=0)
    assert sync.sync_now(context).appointments == 2
    pulled = list(context.db.query("SELECT * FROM appointments ORDER BY time"))
    assert [(r["first_name"], r["last_name"], r["note"]) for r in pulled] == [("", "", "")] * 2
    session = start_session(context)
    session.begin("es", "normal")
    result = session.identify("ZOË", "nuñez", BIRTH_DATE)
    assert result.outcome is Outcome.NEW and result.verified
    booked = server_rows(initialised, "SELECT uuid::text FROM appointments WHERE time = '09:30'")[
        0
    ][0]
    sync.sync_now(context)
    content = server_rows(
        initialised, "SELECT content FROM steps WHERE content->>'kind' = 'check_in'"
    )[0][0]
    assert isinstance(content, dict) and content["appointment"] == booked
    assert content["verified"] is True


def test_a_kiosk_login_reads_appointments_without_names(
    pg_cluster: PgCluster, lobby: EnrolledKiosk, initialised: str, tmp_path: Path
) -> None:
    """appointments_for_day gives a kiosk the uuid, day, slot, name key and birth date only."""
    csv = tmp_path / "day.csv"
    csv.write_text(
        f"date,time,first_name,last_name,date_of_birth\n{DAY},09:30,Ana,Ruiz,1975-06-01\n",
        encoding="utf-8",
    )
    server.import_appointments(initialised, csv)
    context = kiosk_at(tmp_path, FakeClock(), intakes=0)
    link = Link(target(context), str(uuid4()))
    try:
        booked = link.appointments(DAY)
    finally:
        link.close()
    assert [(b.time, b.name_key, b.birth_date) for b in booked] == [
        ("09:30", "ana|ruiz", date(1975, 6, 1))
    ]
    assert "Ana" not in repr(booked)


def test_a_server_put_back_from_an_older_dump_gets_the_lost_steps_again(
    lobby: EnrolledKiosk, initialised: str, tmp_path: Path
) -> None:
    """The server loses every step above sequence 5 of the kiosk (restored from an older
    dump): at its next connection the kiosk sends those again; the server ends with all of
    them, no gap, no conflict."""
    context = kiosk_at(tmp_path, FakeClock())
    sent = sync.sync_now(context).sent
    with schema.connect(initialised) as admin:
        admin.execute("DELETE FROM steps WHERE sequence > 5")
    assert sync.sync_now(context).sent == sent - 5
    assert server_rows(initialised, "SELECT count(*) FROM steps") == [(sent,)]
    assert server_rows(initialised, "SELECT count(*) FROM sequence_gaps") == [(0,)]
    assert server_rows(initialised, "SELECT count(*) FROM conflicts") == [(0,)]


def test_a_step_the_server_refuses_outright_is_set_aside_and_the_rest_still_go(
    lobby: EnrolledKiosk, initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One outbox row the server cannot take (its content is not JSON): the batch is refused,
    so the steps are tried one at a time; the bad one is set aside (kept, counted, named by
    ``sync status``), every other step reaches the server, and ``sync`` exits 1 saying so."""
    context = kiosk_at(tmp_path, FakeClock())
    bad = next(
        iter(context.db.query("SELECT sequence FROM outbox ORDER BY sequence LIMIT 1 OFFSET 2"))
    )
    text = "not json {"
    context.db.execute(
        "UPDATE outbox SET content = ?, sha256 = ? WHERE sequence = ?",
        [text, steps_out.sha256_hex(text), bad["sequence"]],
    )
    total = outbox.counts(context.db).waiting
    done = sync.sync_now(context)
    assert done.status.refused == 1 and done.status.waiting == 0
    assert server_rows(initialised, "SELECT count(*) FROM steps") == [(total - 1,)]
    data = str(context.data_dir)
    context.close()
    assert main(["--data-dir", data, "sync"]) == 1
    assert "refused 1 steps" in capsys.readouterr().err
    assert main(["--data-dir", data, "sync", "status"]) == 0
    assert "REFUSED" in capsys.readouterr().out


def test_a_server_that_refuses_every_batch_for_its_own_reason_sets_nothing_aside(
    lobby: EnrolledKiosk, initialised: str, tmp_path: Path
) -> None:
    """The server's batch function is missing (a schema broken on the server, not a step the
    server cannot read): the sync fails and says so, every step stays waiting, none is set
    aside as refused."""
    context = kiosk_at(tmp_path, FakeClock())
    with schema.connect(initialised) as admin:
        admin.execute(
            "DROP FUNCTION submit_batch(timestamptz, integer, uuid, uuid[], uuid[], bigint[],"
            " text[], text[])"
        )
    waiting = outbox.counts(context.db).waiting
    with pytest.raises(LinkError) as caught:
        sync.sync_now(context)
    assert caught.value.trouble is Trouble.REFUSED and not caught.value.about_content
    counts = outbox.counts(context.db)
    assert (counts.waiting, counts.refused) == (waiting, 0)
    assert "SQLSTATE 42883" in sync.sync_status(context).problem
