"""The clinic's records on the server: every step a kiosk hands in is applied to the tables the
station and exports read, the same as the kiosk's own, and announced on 'clinic_board'."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import psycopg
import pytest

from kiosk.cli.app import main
from kiosk.core.clock import FakeClock
from kiosk.core.outbox import canonical, sha256_hex
from kiosk.server import schema
from kiosk.services import sync
from kiosk.services.context import KioskContext, open_context
from kiosk.services.demo.day import make_demo
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
    """A kiosk with a demo day: alerts, red and amber flags, an unfinished intake."""
    context = open_context(tmp_path / "data", clock=FakeClock())
    make_demo(context, 10, DAY, seed=3)
    return context


def local(context: KioskContext, query: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in context.db.execute(query).fetchall()]


def test_the_server_holds_the_kiosks_intakes_as_the_kiosk_does(
    lobby: EnrolledKiosk, initialised: str, kiosk_context: KioskContext
) -> None:
    """After a sync the server's records equal the kiosk's: each intake's names, day, stage,
    verified and completion; each answer's value and words; each flag's code, level and
    alert; each score; each consent with its PDF's SHA-256."""
    sync.sync_now(kiosk_context)
    intakes = local(
        kiosk_context,
        "SELECT uuid, day, first_name, last_name, birth_date, verified, stage,"
        " completed_at IS NOT NULL FROM intakes ORDER BY uuid",
    )
    on_server = server_rows(
        initialised,
        "SELECT uuid::text, day::text, first_name, last_name, birth_date::text, verified, stage,"
        " completed_at IS NOT NULL FROM records_intakes ORDER BY uuid::text",
    )
    assert [(*r[:5], bool(r[5]), r[6], bool(r[7])) for r in intakes] == on_server
    answers = local(
        kiosk_context,
        "SELECT i.uuid, a.form_id, a.question_id, a.value, a.answer_text FROM answers a"
        " JOIN intakes i ON i.id = a.intake_id ORDER BY 1, 2, 3",
    )
    server_answers = server_rows(
        initialised,
        "SELECT r.uuid::text, a.form_id, a.question_id, a.value, a.answer_text"
        " FROM records_answers a JOIN records_intakes r ON r.id = a.intake_id"
        " ORDER BY r.uuid::text, 2, 3",
    )
    assert [(u, f, q, json.loads(str(v)), t) for u, f, q, v, t in answers] == server_answers
    flags = "SELECT {u}, f.code, f.level, f.alert FROM {f} f JOIN {i} i ON i.id = f.intake_id ORDER BY 1, 2"
    mine = local(kiosk_context, flags.format(u="i.uuid", f="flags", i="intakes"))
    theirs = server_rows(
        initialised, flags.format(u="i.uuid::text", f="records_flags", i="records_intakes")
    )
    assert [(u, c, lv, bool(a)) for u, c, lv, a in mine] == theirs
    assert any(alert for *_, alert in theirs), "the demo day has an item 9 alert"
    scores = "SELECT {u}, s.instrument, s.total, s.severity FROM {s} s JOIN {i} i ON i.id = s.intake_id ORDER BY 1, 2"
    assert local(kiosk_context, scores.format(u="i.uuid", s="scores", i="intakes")) == [
        tuple(r)
        for r in server_rows(
            initialised, scores.format(u="i.uuid::text", s="records_scores", i="records_intakes")
        )
    ]
    pdfs = server_rows(initialised, "SELECT pdf, pdf_sha256 FROM records_consents")
    assert pdfs and all(hashlib.sha256(bytes(p)).hexdigest() == h for p, h in pdfs)  # type: ignore[arg-type]
    assert len(pdfs) == len(local(kiosk_context, "SELECT id FROM consents"))


def test_every_applied_step_is_announced_at_commit(
    lobby: EnrolledKiosk, initialised: str, kiosk_context: KioskContext
) -> None:
    """A listener on 'clinic_board' hears of every intake a sync changed (PostgreSQL folds the
    same notice within one transaction into one), naming its record id, its day and whether a
    step raised an alert; at least one notice says alert."""
    with psycopg.connect(initialised, autocommit=True) as listener:
        listener.execute("LISTEN clinic_board")
        done = sync.sync_now(kiosk_context)
        notices = [
            json.loads(n.payload) for n in listener.notifies(timeout=2, stop_after=done.sent)
        ]
    assert 0 < len(notices) <= done.sent
    ids = {int(str(r[0])) for r in server_rows(initialised, "SELECT id FROM records_intakes")}
    assert {n["intake"] for n in notices} == ids
    assert {n["day"] for n in notices} == {DAY.isoformat()}
    assert any(n["alert"] for n in notices)
    assert {n["clinic"] for n in notices} == {"main"}


def test_steps_stored_before_the_records_existed_are_applied_by_the_migration(
    pg_cluster: PgCluster, server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server at schema 2 with steps already stored: applying version 3 fills the records
    from them, in the order received."""
    shipped = schema.shipped_migrations()
    monkeypatch.setattr(schema, "shipped_migrations", lambda: shipped[:2])
    with schema.connect(server_url) as conn:
        schema.apply_migrations(conn)
    kiosk = enrol_kiosk(pg_cluster, server_url, "lobby", tmp_path / "secrets", audited=False)
    for name, value in kiosk.env().items():
        monkeypatch.setenv(name, value)
    context = open_context(tmp_path / "data", clock=FakeClock())
    make_demo(context, 3, DAY, seed=5)
    sync.sync_now(context)
    monkeypatch.setattr(schema, "shipped_migrations", lambda: shipped)
    with schema.connect(server_url) as conn:
        assert schema.apply_migrations(conn) == [m.version for m in shipped[2:]]
    count = local(context, "SELECT count(*) FROM intakes")[0][0]
    assert server_rows(server_url, "SELECT count(*) FROM records_intakes") == [(count,)]
    stages = {str(r[0]) for r in server_rows(server_url, "SELECT stage FROM records_intakes")}
    assert stages <= {"checking_in", "checklist_done", "consent_signed"} and stages


def test_a_step_the_records_cannot_take_is_stored_all_the_same_and_named_for_the_admin(
    lobby: EnrolledKiosk,
    initialised: str,
    kiosk_context: KioskContext,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A step whose content the records do not know the shape of (an answer without its
    words) is still stored and acknowledged, so the kiosk's sync goes on; the problem is kept
    in records_problems and ``server status`` says how many."""
    row = next(
        iter(
            kiosk_context.db.query(
                "SELECT sequence, content FROM outbox WHERE kind = 'step' ORDER BY sequence LIMIT 1"
            )
        )
    )
    content = json.loads(row["content"])
    for answer in content["answers"]:
        del answer["answer_text"]
    text = canonical(content)
    kiosk_context.db.execute(
        "UPDATE outbox SET content = ?, sha256 = ? WHERE sequence = ?",
        [text, sha256_hex(text), row["sequence"]],
    )
    done = sync.sync_now(kiosk_context)
    assert done.status.waiting == 0 and done.status.refused == 0
    problems = server_rows(initialised, "SELECT problem FROM records_problems")
    assert len(problems) == 1 and str(problems[0][0]).startswith("23502")
    assert main(["server", "status", "--url", initialised]) == 0
    assert "1 stored steps could not be applied" in capsys.readouterr().out
