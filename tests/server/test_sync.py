"""A kiosk's outbox handed to the real server: in order, exactly once, alerts first, its state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli.app import main
from kiosk.core.clock import FakeClock
from kiosk.services import sync
from kiosk.services.context import KioskContext, open_context
from kiosk.services.demo.day import make_demo
from kiosk.storage import outbox
from tests.helpers.clinic import DAY
from tests.helpers.pg import PgCluster
from tests.helpers.sync import EnrolledKiosk, enrol_kiosk, server_rows


@pytest.fixture
def lobby(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> EnrolledKiosk:
    """A kiosk called lobby enrolled on the server; this process pointed at it."""
    kiosk = enrol_kiosk(pg_cluster, initialised, "lobby", tmp_path / "secrets")
    for name, value in kiosk.env().items():
        monkeypatch.setenv(name, value)
    return kiosk


@pytest.fixture
def kiosk_context(tmp_path: Path) -> KioskContext:
    """A kiosk's data folder with a few demo intakes taken through the real session."""
    context = open_context(tmp_path / "data", clock=FakeClock())
    make_demo(context, 8, DAY, seed=3)  # an item 9 alert and red flags among them
    return context


def outbox_rows(context: KioskContext) -> list[dict[str, object]]:
    return list(context.db.query("SELECT * FROM outbox ORDER BY sequence"))


def test_sync_hands_every_step_to_the_server_once_and_empties_the_outbox(
    lobby: EnrolledKiosk, initialised: str, kiosk_context: KioskContext
) -> None:
    """Every outbox row reaches the server with its UUID, intake, sequence and hash; a second
    push sends nothing; the rows are marked sent with the server's answer."""
    rows = outbox_rows(kiosk_context)
    assert rows and [r["sequence"] for r in rows] == list(range(1, len(rows) + 1))
    done = sync.sync_now(kiosk_context)
    assert done.sent == len(rows) and done.status.waiting == 0
    stored = server_rows(
        initialised, "SELECT uuid::text, intake::text, device, sequence, sha256 FROM steps"
    )
    assert sorted(stored, key=lambda r: int(str(r[3]))) == [
        (r["uuid"], r["intake_uuid"], "lobby", r["sequence"], r["sha256"]) for r in rows
    ]
    assert sync.sync_now(kiosk_context).sent == 0
    answers = {r["answer"] for r in outbox_rows(kiosk_context)}
    assert answers == {"stored"}
    assert server_rows(initialised, "SELECT count(*) FROM sequence_gaps") == [(0,)]


def test_the_server_holds_the_step_content_the_kiosk_hashed(
    lobby: EnrolledKiosk, initialised: str, kiosk_context: KioskContext
) -> None:
    """The content on the server is the kiosk's JSON, with the check-in naming the intake's
    patient and every confirmed step's answers; no intake is missing its check-in."""
    sync.sync_now(kiosk_context)
    kinds = server_rows(
        initialised, "SELECT content->>'kind', count(*) FROM steps GROUP BY 1 ORDER BY 1"
    )
    intakes = kiosk_context.db.execute("SELECT count(*) FROM intakes").fetchone()[0]
    assert dict(kinds)["check_in"] == intakes  # type: ignore[arg-type]
    first = kiosk_context.db.execute(
        "SELECT uuid, first_name, last_name FROM intakes ORDER BY id LIMIT 1"
    ).fetchone()
    content = server_rows(
        initialised,
        "SELECT content FROM steps WHERE intake = %s AND content->>'kind' = 'check_in'",
        first[0],
    )[0][0]
    assert isinstance(content, dict)
    assert (content["first_name"], content["last_name"]) == (first[1], first[2])


def test_an_intake_with_an_alert_is_sent_ahead_of_the_rest(
    lobby: EnrolledKiosk, initialised: str, kiosk_context: KioskContext
) -> None:
    """The first batch holds every step of the intakes with an item 9 alert or a red flag,
    each intake's steps in its own order, before any other intake's."""
    urgent = {
        r["intake_uuid"]
        for r in kiosk_context.db.query("SELECT intake_uuid FROM outbox WHERE urgent = 1")
    }
    assert urgent, "the demo day has flagged patients"
    pending = outbox.pending(kiosk_context.db, 1000)
    first_calm = next(i for i, p in enumerate(pending) if p.intake not in urgent)
    assert all(p.intake in urgent for p in pending[:first_calm])
    assert all(p.intake not in urgent for p in pending[first_calm:])
    for intake in urgent:
        mine = [p.sequence for p in pending if p.intake == intake]
        assert mine == sorted(mine)
    target = sync.server_target(kiosk_context)
    assert target is not None
    pusher = sync.Pusher(kiosk_context.db, kiosk_context.clock, target, batch=first_calm)
    try:
        assert pusher.push_once() == first_calm
    finally:
        pusher.close()
    on_server = {str(r[0]) for r in server_rows(initialised, "SELECT DISTINCT intake FROM steps")}
    assert on_server == urgent
    gaps = server_rows(initialised, "SELECT count(*) FROM sequence_gaps")[0][0]
    assert isinstance(gaps, int) and gaps > 0  # the calm intakes' steps are still on the way
    sync.sync_now(kiosk_context)
    assert server_rows(initialised, "SELECT count(*) FROM sequence_gaps") == [(0,)]


def test_sync_status_and_the_command_say_what_the_staff_need(
    lobby: EnrolledKiosk, kiosk_context: KioskContext, capsys: pytest.CaptureFixture[str]
) -> None:
    """``sync status`` names the server and the rows waiting; ``sync`` empties the outbox and
    exits 0; afterwards the status says when, and nothing of a patient is printed."""
    data = str(kiosk_context.data_dir)
    names = [r["last_name"] for r in kiosk_context.db.query("SELECT last_name FROM intakes")]
    waiting = len(outbox_rows(kiosk_context))
    kiosk_context.close()
    assert main(["--data-dir", data, "sync", "status"]) == 0
    out = capsys.readouterr().out
    assert lobby.url in out and f"steps waiting: {waiting}" in out
    assert "last successful sync: never" in out
    assert main(["--data-dir", data, "sync"]) == 0
    captured = capsys.readouterr()
    assert f"sent {waiting} steps" in captured.out
    assert main(["--data-dir", data, "sync", "status"]) == 0
    out = capsys.readouterr().out
    assert "steps waiting: 0" in out and "this kiosk is lobby there" in out
    assert "never" not in out
    for name in names:
        assert name not in captured.out + captured.err + out


def test_a_single_kiosk_without_a_server_says_so(
    kiosk_context: KioskContext, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No [server] url: ``sync status`` says a single kiosk, ``sync`` says how to configure one
    and exits 1; the outbox keeps its rows."""
    monkeypatch.delenv("KIOSK_SERVER_URL", raising=False)
    data = str(kiosk_context.data_dir)
    waiting = len(outbox_rows(kiosk_context))
    kiosk_context.close()
    assert main(["--data-dir", data, "sync", "status"]) == 0
    assert "none configured" in capsys.readouterr().out
    assert main(["--data-dir", data, "sync"]) == 1
    assert "[server] url" in capsys.readouterr().err
    context = open_context(Path(data), clock=FakeClock())
    try:
        assert len(outbox_rows(context)) == waiting
    finally:
        context.close()


def test_a_step_and_its_outbox_row_are_one_transaction(kiosk_context: KioskContext) -> None:
    """Every confirmed step of the local tables has its outbox row: the count of check-ins
    equals the intakes, of consents the signed consents, of steps the confirmed steps."""
    db = kiosk_context.db
    kinds = dict(db.execute("SELECT kind, count(*) FROM outbox GROUP BY kind").fetchall())
    assert kinds["check_in"] == db.execute("SELECT count(*) FROM intakes").fetchone()[0]
    assert kinds["consent"] == db.execute("SELECT count(*) FROM consents").fetchone()[0]
    confirmations = [
        json.loads(r["content"])["step"]
        for r in db.query("SELECT content FROM outbox WHERE kind = 'step'")
    ]
    assert (
        len(set(confirmations))
        <= db.execute("SELECT count(DISTINCT step_key) FROM steps").fetchone()[0]
    )
