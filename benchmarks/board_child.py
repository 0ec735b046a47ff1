"""The nurse board on the clinic server with a clinic year in it, and a step to the board through
LISTEN, each in a fresh process against a running server (run.py starts it).

    python benchmarks/board_child.py board ADMIN_URL CA_FILE SOURCE_DIR WORK_DIR HISTORY KIOSKS REPS
    python benchmarks/board_child.py listen ADMIN_URL CA_FILE WORK_DIR STEPS PACE

``board``: SOURCE_DIR's intakes (today's, made by the real session) pushed through the real sync
and looked after by nurses through the real station on the server (alerts seen, vitals,
discharges); they are the templates of HISTORY earlier intakes (200 a clinic day, spread over
KIOSKS kiosks) copied in SQL into the tables the server's trigger and station functions fill,
a sample of which is replayed through the real path into another database and compared row by
row. Then ``ServerReader.board`` and the desk's ``StationService.board`` of today, and
``ServerReader.intake``, beside raw queries of the same rows and columns (one for the board, one
pipeline of eight for an intake).
``listen``: a kiosk with the real sync worker confirms steps; a station desk follows the
board's notices (``StationDesk.follow``) and reads the board on each; confirm to a board read
that shows the step. Each prints one JSON line; times in milliseconds.
"""

from __future__ import annotations

import os
import queue
import random
import shutil
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import psycopg
from common import emit
from server_child import _confirm_steps, enrol, make_kiosk_copy, server_url, submit_floor

from kiosk.core.aftercare import clinic_zone, no_driving_until
from kiosk.core.clock import FakeClock, SystemClock
from kiosk.core.forms.model import FormsBundle
from kiosk.core.infusion import Mark
from kiosk.core.staff import Signer
from kiosk.core.vitals import Phase, Vitals
from kiosk.server import schema, steps
from kiosk.server.client import Target
from kiosk.server.listen import Notice
from kiosk.server.reader import FLAG_COLUMNS, SUMMARY_COLUMNS, ServerReader
from kiosk.services import server, sync
from kiosk.services.context import open_context
from kiosk.services.demo.day import random_identity
from kiosk.services.station_desk import StationDesk
from kiosk.storage.db import database_path, open_database

PER_DAY = 200  # a busy clinic day (as kiosk.services.demo.history)
PEOPLE_PER_INTAKE = 1 / 6  # patients come back
NURSES = ("Nora Nurse", "Sam Okafor", "Lucía Reyes")
LOOKED_AFTER = 0.7  # the share of today's intakes the nurses have seen to by now
CHECKED = "check_"  # a replaying kiosk's name is this before the copy's kiosk's name
SAMPLE = 8  # copies replayed through the real path and compared
Connection = psycopg.Connection[tuple[Any, ...]]


def _other_database(url: str, name: str) -> str:
    """``url`` (the admin's) pointing at the database ``name`` instead."""
    head, rest = url.split("://", 1)
    where, _, query = rest.partition("?")
    base = where.rsplit("/", 1)[0]
    return f"{head}://{base}/{name}" + (f"?{query}" if query else "")


def _fresh_database(admin_url: str, name: str) -> str:
    """A new database ``name`` beside the admin's, the schema applied; its admin URL."""
    with schema.connect(admin_url) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    url = _other_database(admin_url, name)
    server.init(url)
    return url


def _desk(
    admin_url: str, ca_file: Path, name: str, clock: FakeClock | SystemClock, forms: FormsBundle
) -> tuple[StationDesk, str]:
    """A station desk on the server with a station login of its own, and that login's conninfo."""
    credential = server.station_login(admin_url, name)
    target = Target(server_url(admin_url), ca_file, credential.conninfo())
    return StationDesk(target, forms, clock, cost=2**10), target.conninfo()


# --- the clinic year ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """An intake on the server made through the real path."""

    id: int
    uuid: str
    created: datetime
    discharged: datetime | None


def push_today(admin_url: str, ca_file: Path, source: Path, work: Path) -> tuple[str, int]:
    """SOURCE_DIR made into a kiosk of its own and drained to the server by the real Pusher."""
    kiosk = enrol(admin_url, ca_file, "bench_k01", work / "secrets", work / "bench_k01")
    make_kiosk_copy(source, kiosk.data_dir)
    db = open_database(database_path(kiosk.data_dir), migrate=False, check=None)
    pusher = sync.Pusher(db, SystemClock(), kiosk.target)
    try:
        sent = pusher.drain()
    finally:
        pusher.close()
        db.close()
    return kiosk.name, sent


def look_after(desk: StationDesk, clock: FakeClock, day: date, rng: random.Random) -> int:
    """What the nurses did for the first LOOKED_AFTER of today's intakes (by arrival): alerts
    seen, vitals before and after, the discharge; through the real station on the server."""
    board = sorted(desk.station.board(day), key=lambda r: r.created_at)
    done = 0
    for summary in board[: round(len(board) * LOOKED_AFTER)]:
        intake = desk.station.intake(summary.id)
        nurse = Signer(None, rng.choice(NURSES))
        clock.current = datetime.fromisoformat(intake.updated_at) + timedelta(
            minutes=rng.uniform(2, 10)
        )
        for flag in intake.flags:
            if flag.alert:
                desk.station.acknowledge(flag.id, nurse)
        if intake.completed_at is None:
            continue  # walked away before the end
        baseline = Vitals(
            systolic=rng.randint(104, 150),
            diastolic=rng.randint(62, 92),
            heart_rate=rng.randint(58, 100),
            spo2=rng.randint(94, 100),
        )
        clock.advance(rng.uniform(5, 30) * 60)
        desk.station.record_vitals(summary.id, Phase.PRE, baseline, nurse)
        _watched(desk, summary.id, nurse, clock, rng, baseline=baseline)
        clock.advance(rng.uniform(60, 300))
        driver = random_identity(rng).full_name
        phone = f"(555) 0{rng.randint(10, 99)}-{rng.randint(0, 9999):04d}"
        desk.station.discharge(
            summary.id, driver_name=driver, driver_phone=phone, driver_present=True, nurse=nurse
        )
        done += 1
    return done


def _watched(
    desk: StationDesk,
    intake_id: int,
    nurse: Signer,
    clock: FakeClock,
    rng: random.Random,
    *,
    baseline: Vitals,
) -> None:
    """The infusion (40 minutes to two hours, vitals every 15 minutes), the observation period
    and a passing readiness check, through the real station. The server stamps readings and
    checks with its own time, so the station's clock is put just before it for the marks."""
    station = desk.station
    real = datetime.now(UTC)
    minutes = rng.uniform(40, 120)
    watch = station.forms.settings.intake.observation_minutes + rng.uniform(1, 20)
    clock.current = real - timedelta(minutes=minutes + watch)
    station.mark_infusion(intake_id, Mark.STARTED, nurse)
    for _ in range(int(minutes // 15)):
        station.record_vitals(intake_id, Phase.DURING, baseline, nurse)
    clock.current = real - timedelta(minutes=watch)
    station.mark_infusion(intake_id, Mark.ENDED, nurse)
    clock.current = real
    station.record_vitals(intake_id, Phase.DISCHARGE, baseline, nurse)
    station.check_readiness(intake_id, dict(READY_ANSWERS), READY_CONFIRMED, nurse)


READY_ANSWERS = {
    "ambulation": "steady",
    "nausea": "minimal",
    "pain": "minimal",
    "bleeding": "minimal",
}
READY_CONFIRMED = frozenset({"alert_oriented", "escort_present"})


def _templates(admin: Connection, day: date) -> list[Template]:
    rows = admin.execute(
        "SELECT i.id, i.uuid::text, i.created_at, d.discharged_at FROM records_intakes i"
        " LEFT JOIN records_discharges d ON d.intake_id = i.id"
        " WHERE i.day = %s AND i.birth_date IS NOT NULL ORDER BY i.id",
        (day,),
    ).fetchall()
    return [Template(int(r[0]), str(r[1]), r[2], r[3]) for r in rows]


def _clinic_days(before: date, count: int) -> list[date]:
    """``count`` weekdays before ``before``, oldest first."""
    days: list[date] = []
    day = before
    while len(days) < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days[::-1]


CLONE_COLUMNS = (
    "n",
    "uuid",
    "template",
    "device",
    "day",
    "first_name",
    "last_name",
    "birth_date",
    "appointment",
    "shift",
    "no_driving_until",
    "printed_name",
)


def plan_year(
    templates: list[Template],
    admin: Connection,
    devices: list[str],
    *,
    today: date,
    count: int,
    forms: FormsBundle,
    rng: random.Random,
) -> list[tuple[Any, ...]]:
    """The earlier intakes: PER_DAY a weekday before ``today``, each a template's copy under a
    returning patient's name, a kiosk, a day and an arrival of its own."""
    zone = clinic_zone(forms.settings)
    hours = forms.settings.aftercare.no_driving_hours
    booked = {
        int(r[0])
        for r in admin.execute(
            "SELECT id FROM records_intakes WHERE appointment IS NOT NULL AND day = %s", (today,)
        )
    }
    people = [random_identity(rng) for _ in range(max(PER_DAY, round(count * PEOPLE_PER_INTAKE)))]
    plan: list[tuple[datetime, tuple[Any, ...]]] = []  # (arrival, the copy)
    for day in _clinic_days(today, -(-count // PER_DAY)):
        for who in rng.sample(people, min(PER_DAY, count - len(plan))):
            template = rng.choice(templates)
            local = datetime.combine(day, clock_time(8), zone) + timedelta(
                minutes=rng.uniform(0, 9 * 60)
            )
            # whole seconds: a kiosk's times are to the second, and so stay the copies'
            shift = timedelta(
                seconds=round((local.astimezone(UTC) - template.created).total_seconds())
            )
            until = None
            if template.discharged is not None:
                until = no_driving_until(template.discharged + shift, hours, zone).isoformat()
            plan.append(
                (
                    local,
                    (
                        len(plan),
                        uuid.uuid4(),
                        template.id,
                        rng.choice(devices),
                        day,
                        who.first_name,
                        who.last_name,
                        who.birth_date,
                        uuid.uuid4() if template.id in booked else None,
                        shift,
                        until,
                        who.full_name,
                    ),
                )
            )
    plan.sort(key=lambda p: p[0])  # numbered in the order they arrived, as the real path would
    return [(n, *copy[1:]) for n, (_, copy) in enumerate(plan)]


COPY_SQL = (
    # the intakes the kiosks handed in (their clinic filled by the table's trigger)
    "INSERT INTO intakes (uuid, device, received_at)"
    " SELECT c.uuid, c.device, i.received_at + c.shift FROM bench_clone c"
    " JOIN records_intakes t ON t.id = c.template JOIN intakes i ON i.uuid = t.uuid ORDER BY c.n",
    "INSERT INTO records_intakes (uuid, device, clinic, day, first_name, last_name, birth_date,"
    " appointment, verified, language, stage, form_versions, created_at, updated_at,"
    " completed_at, row_version, last_change)"
    " SELECT c.uuid, c.device, d.clinic, c.day, c.first_name, c.last_name, c.birth_date,"
    " c.appointment, t.verified, t.language, t.stage, t.form_versions, t.created_at + c.shift,"
    " t.updated_at + c.shift, t.completed_at + c.shift, t.row_version,"
    " CASE WHEN t.last_change IS NULL THEN NULL"
    "  WHEN t.last_change->>'act' = 'kiosk' THEN jsonb_build_object('by', 'the kiosk ' || c.device,"
    "   'act', 'kiosk', 'at', (t.last_change->>'at')::timestamptz + c.shift)"
    "  ELSE jsonb_set(t.last_change, '{at}', to_jsonb((t.last_change->>'at')::timestamptz"
    "   + c.shift)) END"
    " FROM bench_clone c JOIN records_intakes t ON t.id = c.template"
    " JOIN devices d ON d.name = c.device ORDER BY c.n",
    "UPDATE bench_clone c SET id = r.id FROM records_intakes r WHERE r.uuid = c.uuid",
    "INSERT INTO records_answers (intake_id, form_id, question_id, value, question_text,"
    " answer_text, answered_at)"
    " SELECT c.id, a.form_id, a.question_id, a.value, a.question_text, a.answer_text,"
    " a.answered_at + c.shift FROM bench_clone c JOIN records_answers a ON a.intake_id = c.template"
    " ORDER BY c.n, a.answered_at, a.ctid",
    "INSERT INTO records_flags (intake_id, code, level, source, reason, alert, raised_at,"
    " acknowledged_by, acknowledged_at, row_version, acknowledged_staff_id)"
    " SELECT c.id, f.code, f.level, f.source, f.reason, f.alert, f.raised_at + c.shift,"
    " f.acknowledged_by, f.acknowledged_at + c.shift, f.row_version, f.acknowledged_staff_id"
    " FROM bench_clone c JOIN records_flags f ON f.intake_id = c.template ORDER BY c.n, f.id",
    "INSERT INTO records_scores (intake_id, instrument, total, severity, scored_at)"
    " SELECT c.id, s.instrument, s.total, s.severity, s.scored_at + c.shift"
    " FROM bench_clone c JOIN records_scores s ON s.intake_id = c.template ORDER BY c.n",
    "INSERT INTO records_consents (intake_id, version, language, text_sha256, printed_name,"
    " meaning, signed_at, pdf, pdf_sha256, agreed_sections, stored_at)"
    " SELECT c.id, s.version, s.language, s.text_sha256, c.printed_name, s.meaning,"
    " s.signed_at + c.shift, s.pdf, s.pdf_sha256, s.agreed_sections, s.stored_at + c.shift"
    " FROM bench_clone c JOIN records_consents s ON s.intake_id = c.template ORDER BY c.n, s.id",
    "INSERT INTO records_vitals (intake_id, phase, systolic, diastolic, heart_rate, spo2,"
    " recorded_by, recorded_by_name, recorded_at)"
    " SELECT c.id, v.phase, v.systolic, v.diastolic, v.heart_rate, v.spo2, v.recorded_by,"
    " v.recorded_by_name, v.recorded_at + c.shift"
    " FROM bench_clone c JOIN records_vitals v ON v.intake_id = c.template ORDER BY c.n, v.id",
    "INSERT INTO records_discharges (intake_id, driver_name, driver_phone, driver_present,"
    " discharged_at, no_driving_until, nurse_id, nurse_name)"
    " SELECT c.id, d.driver_name, d.driver_phone, d.driver_present, d.discharged_at + c.shift,"
    " c.no_driving_until, d.nurse_id, d.nurse_name"
    " FROM bench_clone c JOIN records_discharges d ON d.intake_id = c.template ORDER BY c.n",
    "INSERT INTO records_prints (intake_id, document, staff_id, printed_by, queue, job_id,"
    " status, detail, saved_path, printed_at)"
    " SELECT c.id, p.document, p.staff_id, p.printed_by, p.queue, p.job_id, p.status, p.detail,"
    " p.saved_path, p.printed_at + c.shift"
    " FROM bench_clone c JOIN records_prints p ON p.intake_id = c.template ORDER BY c.n, p.id",
    "INSERT INTO records_infusions (intake_id, started_at, started_staff_id, started_by,"
    " ended_at, ended_staff_id, ended_by)"
    " SELECT c.id, f.started_at + c.shift, f.started_staff_id, f.started_by,"
    " f.ended_at + c.shift, f.ended_staff_id, f.ended_by"
    " FROM bench_clone c JOIN records_infusions f ON f.intake_id = c.template ORDER BY c.n",
    "INSERT INTO records_readiness (intake_id, form_version, answers, confirmed, points, score,"
    " max_score, passed, reasons, staff_id, recorded_by, recorded_at)"
    " SELECT c.id, r.form_version, r.answers, r.confirmed, r.points, r.score, r.max_score,"
    " r.passed, r.reasons, r.staff_id, r.recorded_by, r.recorded_at + c.shift"
    " FROM bench_clone c JOIN records_readiness r ON r.intake_id = c.template ORDER BY c.n, r.id",
)


def copy_year(admin: Connection, plan: list[tuple[Any, ...]]) -> None:
    """The planned copies written in one transaction: COPY the plan, then one INSERT ... SELECT
    a table, in the order the real path would have inserted them."""
    with admin.transaction():
        admin.execute(
            "CREATE TABLE bench_clone (n integer PRIMARY KEY, uuid uuid NOT NULL,"
            " template bigint NOT NULL, device text NOT NULL, day date NOT NULL,"
            " first_name text NOT NULL, last_name text NOT NULL, birth_date date NOT NULL,"
            " appointment uuid, shift interval NOT NULL, no_driving_until text,"
            " printed_name text NOT NULL, id bigint)"
        )
        with (
            admin.cursor() as cursor,
            cursor.copy(f"COPY bench_clone ({', '.join(CLONE_COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in plan:
                copy.write_row(row)
        for sql in COPY_SQL:
            admin.execute(sql.encode())
    admin.execute("VACUUM ANALYZE")


# --- the copies checked against the real path ----------------------------------------------------

COMPARED = {
    # what each table holds of an intake, without the surrogate keys and the moments the
    # server's own clock stamps (now(): a station's acts, a kiosk step's last_change)
    "intake": "SELECT device, clinic, day, first_name, last_name, birth_date, appointment,"
    " verified, language, stage, form_versions, created_at, completed_at, row_version,"
    " last_change - 'at', CASE WHEN last_change->>'act' = 'kiosk' THEN updated_at END"
    " FROM records_intakes WHERE id = %(id)s",
    "answers": "SELECT form_id, question_id, value, question_text, answer_text, answered_at"
    " FROM records_answers WHERE intake_id = %(id)s ORDER BY answered_at, ctid",
    "flags": "SELECT code, level, source, reason, alert, CASE WHEN source <> 'vitals' THEN"
    " raised_at END, acknowledged_by, acknowledged_at IS NULL, row_version, acknowledged_staff_id"
    " FROM records_flags WHERE intake_id = %(id)s ORDER BY id",
    "scores": "SELECT instrument, total, severity, scored_at FROM records_scores"
    " WHERE intake_id = %(id)s ORDER BY instrument",
    "consents": "SELECT version, language, text_sha256, printed_name, meaning, signed_at,"
    " md5(pdf), pdf_sha256, agreed_sections, stored_at FROM records_consents"
    " WHERE intake_id = %(id)s ORDER BY id",
    "vitals": "SELECT phase, systolic, diastolic, heart_rate, spo2, recorded_by,"
    " recorded_by_name FROM records_vitals WHERE intake_id = %(id)s ORDER BY id",
    "discharges": "SELECT driver_name, driver_phone, driver_present, discharged_at,"
    " no_driving_until, nurse_id, nurse_name FROM records_discharges WHERE intake_id = %(id)s",
    "prints": "SELECT document, printed_by, queue, job_id, status, detail, saved_path"
    " FROM records_prints WHERE intake_id = %(id)s ORDER BY id",
    "infusions": "SELECT started_at, started_by, ended_at, ended_by FROM records_infusions"
    " WHERE intake_id = %(id)s",
    "readiness": "SELECT form_version, answers, confirmed, points, score, max_score, passed,"
    " reasons, recorded_by FROM records_readiness WHERE intake_id = %(id)s ORDER BY id",
}


def _held(conn: Connection, intake_uuid: str) -> dict[str, list[tuple[Any, ...]]]:
    row = conn.execute("SELECT id FROM records_intakes WHERE uuid = %s", (intake_uuid,)).fetchone()
    if row is None:
        return {}
    return {name: conn.execute(sql, {"id": row[0]}).fetchall() for name, sql in COMPARED.items()}


def _renamed(value: Any) -> Any:
    """``value`` with the checking kiosks' names back to the names they stand for."""
    if isinstance(value, str):
        return value.replace(CHECKED, "")
    if isinstance(value, dict):
        return {k: _renamed(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_renamed(v) for v in value)
    return value


def _replayed_content(content: dict[str, Any], clone: tuple[Any, ...]) -> dict[str, Any]:
    """A template's step as the clone's kiosk would have sent it."""
    (_n, new, _template, _device, day, first, last, birth, appointment, shift, _until, printed) = (
        clone
    )
    out = dict(content, intake=str(new))

    def moved(text: str) -> str:
        return (datetime.fromisoformat(text) + shift).isoformat()

    out["at"] = moved(content["at"])
    if content["kind"] == "check_in":
        out.update(
            first_name=first,
            last_name=last,
            birth_date=birth.isoformat(),
            day=day.isoformat(),
            appointment=None if appointment is None else str(appointment),
        )
    elif content["kind"] == "consent":
        out.update(printed_name=printed, signed_at=moved(content["signed_at"]))
    return out


def verify_sample(
    admin_url: str,
    ca_file: Path,
    work: Path,
    *,
    plan: list[tuple[Any, ...]],
    forms: FormsBundle,
    devices: list[str],
    rng: random.Random,
) -> int:
    """SAMPLE copies (the discharged ones first) made again through the real path in a database
    of their own (the template's steps as the copy's kiosk would send them, through
    ``submit_step`` under that kiosk's login; the nurses' acts through the real station) and
    compared table by table with the copies; SystemExit on any difference."""
    with schema.connect(admin_url) as admin:
        discharged = {int(r[0]) for r in admin.execute("SELECT intake_id FROM records_discharges")}
        walked = [c for c in plan if c[2] not in discharged]
        gone_home = [c for c in plan if c[2] in discharged]
        sample = rng.sample(gone_home, min(SAMPLE - 2, len(gone_home)))
        sample += rng.sample(walked, min(2, len(walked)))
        contents = {
            c[2]: [
                r[0]
                for r in admin.execute(
                    "SELECT s.content FROM steps s JOIN records_intakes t ON t.uuid = s.intake"
                    " WHERE t.id = %s ORDER BY s.sequence",
                    (c[2],),
                )
            ]
            for c in sample
        }
        copies = {str(c[1]): _held(admin, str(c[1])) for c in sample}
        templates = {c[2]: _acts(admin, c[2]) for c in sample}
    url = _fresh_database(admin_url, "board_check")
    logins: dict[str, Connection] = {}
    for name in devices:
        # a login is the cluster's: the kiosk is enrolled here under a name of its own
        kiosk = enrol(url, ca_file, CHECKED + name, work / "check-secrets", work / "unused")
        logins[name] = psycopg.connect(kiosk.target.conninfo(), autocommit=True)
    sequences = dict.fromkeys(devices, 0)
    clock = FakeClock(datetime.now(UTC))
    desk, _ = _desk(url, ca_file, "bench_check_desk", clock, forms)
    try:
        for clone in sample:
            device = clone[3]
            for content in contents[clone[2]]:
                sequences[device] += 1
                step = steps.Step.of(
                    uuid.uuid4(), clone[1], sequences[device], _replayed_content(content, clone)
                )
                if steps.submit(logins[device], step) is not steps.Answer.STORED:
                    raise SystemExit(f"the replayed step of {clone[1]} was not stored")
            _replay_acts(
                desk, clock, str(clone[1]), acts=templates[clone[2]], shift=clone[9], url=url
            )
        with schema.connect(url) as check:
            for clone in sample:
                made, real = copies[str(clone[1])], _renamed(_held(check, str(clone[1])))
                if not made.get("intake") or not made.get("answers"):
                    raise SystemExit(f"the copy {clone[1]} is not in the records")
                for table in COMPARED:
                    if made.get(table) != real.get(table):
                        raise SystemExit(
                            f"the copy {clone[1]} differs from the real path in {table}:"
                            f" {made.get(table)} != {real.get(table)}"
                        )
    finally:
        desk.close()
        for conn in logins.values():
            conn.close()
    return len(sample)


def _acts(admin: Connection, template: int) -> dict[str, list[tuple[Any, ...]]]:
    """What the nurses did for a template, in the order the station did it."""
    return {
        "acknowledge": admin.execute(
            "SELECT code, acknowledged_by FROM records_flags WHERE intake_id = %s"
            " AND acknowledged_at IS NOT NULL ORDER BY id",
            (template,),
        ).fetchall(),
        "vitals": admin.execute(
            "SELECT phase, systolic, diastolic, heart_rate, spo2, recorded_by_name"
            " FROM records_vitals WHERE intake_id = %s ORDER BY id",
            (template,),
        ).fetchall(),
        "discharge": admin.execute(
            "SELECT driver_name, driver_phone, driver_present, discharged_at, nurse_name"
            " FROM records_discharges WHERE intake_id = %s",
            (template,),
        ).fetchall(),
        "infusion": admin.execute(
            "SELECT started_at, started_by, ended_at, ended_by FROM records_infusions"
            " WHERE intake_id = %s",
            (template,),
        ).fetchall(),
        "readiness": admin.execute(
            "SELECT answers, confirmed, recorded_by FROM records_readiness WHERE intake_id = %s"
            " ORDER BY id",
            (template,),
        ).fetchall(),
    }


def _replay_acts(
    desk: StationDesk,
    clock: FakeClock,
    intake_uuid: str,
    *,
    acts: dict[str, list[tuple[Any, ...]]],
    shift: timedelta,
    url: str,
) -> None:
    with schema.connect(url) as admin:
        found = admin.execute(
            "SELECT id FROM records_intakes WHERE uuid = %s", (intake_uuid,)
        ).fetchone()
        if found is None:
            raise SystemExit(f"the replayed intake {intake_uuid} is not in the records")
        intake_id = int(found[0])
        flags = dict(
            admin.execute(
                "SELECT code, id FROM records_flags WHERE intake_id = %s", (intake_id,)
            ).fetchall()
        )
    for code, by in acts["acknowledge"]:
        desk.station.acknowledge(int(flags[code]), Signer(None, str(by)))
    for started, started_by, ended, ended_by in acts["infusion"]:
        clock.current = started + shift
        desk.station.mark_infusion(intake_id, Mark.STARTED, Signer(None, started_by))
        if ended is not None:
            clock.current = ended + shift
            desk.station.mark_infusion(intake_id, Mark.ENDED, Signer(None, ended_by))
    for phase, systolic, diastolic, heart_rate, spo2, by in acts["vitals"]:
        desk.station.record_vitals(
            intake_id,
            Phase(phase),
            Vitals(systolic=systolic, diastolic=diastolic, heart_rate=heart_rate, spo2=spo2),
            Signer(None, by),
        )
    for answers, confirmed, by in acts["readiness"]:
        desk.station.check_readiness(intake_id, answers, frozenset(confirmed), Signer(None, by))
    for driver, phone, present, at, nurse in acts["discharge"]:
        clock.current = at + shift
        desk.station.discharge(
            intake_id,
            driver_name=driver,
            driver_phone=phone,
            driver_present=present,
            nurse=Signer(None, nurse),
        )


# --- the board timed ------------------------------------------------------------------------------

BOARD_FLOOR = (
    # the board's rows and columns in one query as they are stored, nothing shaped: each
    # intake of the day joined to its flags (looked up by intake, the plan the reader's query
    # has: OFFSET 0, see kiosk.server.reader.BOARD_SQL), in the board's flag order
    f"SELECT {', '.join('i.' + c.strip() for c in SUMMARY_COLUMNS.split(','))},"
    f" {', '.join('f.' + c.strip() for c in FLAG_COLUMNS.split(','))}"
    " FROM records_intakes i"
    " LEFT JOIN LATERAL (SELECT * FROM records_flags x WHERE x.intake_id = i.id OFFSET 0) f"
    " ON true"
    " WHERE i.day = %(day)s AND i.birth_date IS NOT NULL"
    " ORDER BY i.id, f.alert DESC, f.level = 'amber', f.id"
)
INTAKE_FLOOR = (
    # an intake's rows: the same tables and columns as ServerReader.intake, raw
    f"SELECT {SUMMARY_COLUMNS} FROM records_intakes WHERE id = %(id)s",
    "SELECT intake_id, form_id, question_id, question_text, value, answer_text, answered_at"
    " FROM records_answers WHERE intake_id = %(id)s",
    f"SELECT {FLAG_COLUMNS} FROM records_flags WHERE intake_id = %(id)s",
    "SELECT intake_id, instrument, total, severity, scored_at FROM records_scores"
    " WHERE intake_id = %(id)s",
    "SELECT intake_id, version, language, signed_at, printed_name, meaning, text_sha256,"
    " pdf_sha256, agreed_sections, stored_at, pdf FROM records_consents WHERE intake_id = %(id)s",
    "SELECT intake_id, phase, systolic, diastolic, heart_rate, spo2, recorded_by_name,"
    " recorded_at FROM records_vitals WHERE intake_id = %(id)s",
    "SELECT intake_id, document, printed_by, queue, job_id, status, detail, saved_path,"
    " printed_at FROM records_prints WHERE intake_id = %(id)s",
    "SELECT intake_id, driver_name, driver_phone, driver_present, discharged_at,"
    " no_driving_until, nurse_name, override_reason FROM records_discharges"
    " WHERE intake_id = %(id)s",
    "SELECT intake_id, started_at, started_by, ended_at, ended_by FROM records_infusions"
    " WHERE intake_id = %(id)s",
    "SELECT intake_id, which, old_at, new_at, reason, corrected_by, corrected_at"
    " FROM records_infusion_corrections WHERE intake_id = %(id)s",
    "SELECT intake_id, kind, severity, seen_at, other_text, recorded_by, recorded_at"
    " FROM records_side_effects WHERE intake_id = %(id)s",
    "SELECT intake_id, form_version, answers, confirmed, points, score, max_score, passed,"
    " reasons, recorded_by, recorded_at FROM records_readiness WHERE intake_id = %(id)s",
)


def _timed(act: Any) -> float:
    start = time.perf_counter()
    act()
    return (time.perf_counter() - start) * 1000


def _intake_floor(conn: Connection, intake_id: int) -> None:
    """The intake's tables queried in one pipeline (one round trip), every row fetched."""
    with conn.pipeline():
        cursors = [conn.execute(sql.encode(), {"id": intake_id}) for sql in INTAKE_FLOOR]
    for cursor in cursors:
        cursor.fetchall()


def time_board(desk: StationDesk, login: str, day: date, reps: int) -> dict[str, Any]:
    """The board and an intake read REPS times each, interleaved with their floors."""
    reader_conn: Connection = psycopg.connect(login, autocommit=True)
    floor_conn: Connection = psycopg.connect(login, autocommit=True)
    reader = ServerReader(reader_conn)
    times: dict[str, list[float]] = {
        k: [] for k in ("reader", "desk", "floor", "intake", "intake_floor")
    }
    try:
        board = reader.board(day)
        ids = [row.id for row in board]
        floor_rows = floor_conn.execute(BOARD_FLOOR.encode(), {"day": day}).fetchall()
        if {r[0] for r in floor_rows} != set(ids):
            raise SystemExit("the floor's board is not the reader's")
        for rep in range(reps + 5):  # the first five warm the connections and their plans
            laps = {
                "reader": _timed(lambda: reader.board(day)),
                "desk": _timed(lambda: desk.station.board(day)),
                "floor": _timed(
                    lambda: floor_conn.execute(BOARD_FLOOR.encode(), {"day": day}).fetchall()
                ),
            }
            intake_id = ids[rep % len(ids)]
            laps["intake"] = _timed(lambda i=intake_id: reader.intake(i))
            laps["intake_floor"] = _timed(lambda i=intake_id: _intake_floor(floor_conn, i))
            if rep >= 5:
                for name, lap in laps.items():
                    times[name].append(lap)
    finally:
        reader_conn.close()
        floor_conn.close()
    return {"times": times, "board_rows": len(ids)}


def board(
    admin_url: str, ca_file: Path, source: Path, work: Path, *, history: int, kiosks: int, reps: int
) -> None:
    """The clinic year made and checked, then the board timed."""
    rng = random.Random(21)
    made = time.perf_counter()
    today_device, sent = push_today(admin_url, ca_file, source, work)
    devices = [today_device]
    for number in range(2, kiosks + 1):
        devices.append(
            enrol(
                admin_url, ca_file, f"bench_k{number:02d}", work / "secrets", work / "unused"
            ).name
        )
    context = open_context(work / today_device)
    forms = context.forms
    day = date.fromisoformat(
        str(next(iter(context.db.query("SELECT max(day) AS d FROM intakes")))["d"])
    )
    context.close()
    clock = FakeClock(datetime.now(UTC))
    desk, login = _desk(admin_url, ca_file, "bench_desk", clock, forms)
    looked_after = look_after(desk, clock, day, rng)
    pushed_s = time.perf_counter() - made
    with schema.connect(admin_url) as admin:
        templates = _templates(admin, day)
        plan = plan_year(templates, admin, devices, today=day, count=history, forms=forms, rng=rng)
        began = time.perf_counter()
        copy_year(admin, plan)
        copied_s = time.perf_counter() - began
        counts = {
            table: int(admin.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]
            for table in (
                "records_intakes",
                "records_answers",
                "records_flags",
                "records_vitals",
                "records_discharges",
                "records_consents",
            )
        }
        size = admin.execute("SELECT pg_database_size(current_database())").fetchone()
    verified = verify_sample(
        admin_url, ca_file, work, plan=plan, forms=forms, devices=devices, rng=rng
    )
    result = time_board(desk, login, day, reps)
    desk.close()
    emit(
        {
            **result,
            "steps_sent": sent,
            "today": len(templates),
            "looked_after": looked_after,
            "counts": counts,
            "days": len({p[4] for p in plan}) + 1,
            "kiosks": kiosks,
            "verified": verified,
            "pushed_s": pushed_s,
            "copied_s": copied_s,
            "database_mb": int(size[0]) / 1e6 if size else 0,
        }
    )


# --- a step to the board through LISTEN ----------------------------------------------------------------


class Follower:
    """A station desk following the board's notices: on each, it reads the board of the
    notice's day (as the station window does) and notes which awaited steps it shows."""

    def __init__(self, desk: StationDesk, kiosk_db: Any) -> None:
        self._desk = desk
        self._kiosk_db = kiosk_db
        self._lock = threading.Lock()
        self._notices: queue.Queue[Notice | None] = queue.Queue()
        self._counts: dict[str, int] = {}
        self.waiting: dict[str, tuple[tuple[str, str, str], int, float]] = {}
        self.seen: dict[str, float] = {}  # step -> board read showing it returned
        self.reads: list[float] = []
        self.connected = threading.Event()
        self._thread = threading.Thread(target=self._run, name="board-reader", daemon=True)
        self._listener = desk.follow(self._notices.put, self._state)
        self._thread.start()

    def _state(self, connected: bool, _why: str) -> None:
        if connected:
            self.connected.set()

    def expect(self, step: str, committed: float, intake: str = "") -> None:
        """The kiosk committed ``step`` of ``intake``: the board shows it once the intake's row
        version counts it (each step applied moves it on by one from the first 1)."""
        self._counts[intake] = self._counts.get(intake, 0) + 1
        who = next(
            iter(
                self._kiosk_db.query(
                    "SELECT first_name, last_name, birth_date FROM intakes WHERE uuid = ?", [intake]
                )
            )
        )
        person = (str(who["first_name"]), str(who["last_name"]), str(who["birth_date"]))
        with self._lock:
            self.waiting[step] = (person, 1 + self._counts[intake], committed)

    def all_seen(self) -> bool:
        """Every awaited step has been on a board read."""
        with self._lock:
            return not self.waiting

    def stop(self) -> None:
        """Stop listening and reading."""
        self._listener.stop()
        self._notices.put(None)
        self._thread.join()

    def _run(self) -> None:
        while True:
            notice = self._notices.get()
            if notice is None:
                return
            while True:  # notices heard while reading: one more read covers them all
                try:
                    later = self._notices.get_nowait()
                except queue.Empty:
                    break
                if later is None:
                    return
                notice = later
            if notice.day is None:
                continue
            start = time.monotonic()
            rows = self._desk.station.board(notice.day)
            now = time.monotonic()
            self.reads.append((now - start) * 1000)
            shown = {(r.first_name, r.last_name, r.birth_date.isoformat()): r.version for r in rows}
            with self._lock:
                for step, (person, version, _committed) in list(self.waiting.items()):
                    if shown.get(person, 0) >= version:
                        self.seen[step] = now
                        del self.waiting[step]


def listen(admin_url: str, ca_file: Path, work: Path, count: int, pace: float) -> None:
    """Steps confirmed at a patient's pace with the real sync worker; confirm to a board read
    (on the desk's notice) that shows it."""
    data = work / "listen-kiosk"
    shutil.rmtree(data, ignore_errors=True)
    kiosk = enrol(admin_url, ca_file, "bench_listen", work / "secrets", data)
    floor_kiosk = enrol(admin_url, ca_file, "bench_listen_floor", work / "secrets", work / "x")
    os.environ[sync.ENV_SERVER_URL] = kiosk.target.url
    os.environ[sync.ENV_SERVER_CA] = str(ca_file)
    os.environ[sync.ENV_SERVER_CREDENTIAL] = str(work / "secrets" / f"{kiosk.name}.credential")
    context = open_context(data)
    desk, _ = _desk(admin_url, ca_file, "bench_listen_desk", SystemClock(), context.forms)
    follower = Follower(desk, context.db)
    if not follower.connected.wait(10):
        raise SystemExit("the desk's listener did not connect")
    worker = sync.start_sync(context)
    if worker is None:
        raise SystemExit("the sync did not start: no server configured")
    stamps = _confirm_steps(context, follower, count, pace)
    deadline = time.monotonic() + 30
    while not follower.all_seen() and time.monotonic() < deadline:
        time.sleep(0.05)
    follower.stop()
    worker.stop()
    desk.close()
    context.close()
    seen = {s: follower.seen[s] for s in stamps if s in follower.seen}
    emit(
        {
            "seen": [(seen[s] - stamps[s][0]) * 1000 for s in seen],
            "reads": follower.reads,
            "floor": submit_floor(floor_kiosk, max(20, count)),
            "steps": len(stamps),
            "missing": len(stamps) - len(seen),
        }
    )


def main(argv: list[str]) -> None:
    """Dispatch on the first argument."""
    if argv[0] == "board":
        board(
            argv[1],
            Path(argv[2]),
            Path(argv[3]),
            Path(argv[4]),
            history=int(argv[5]),
            kiosks=int(argv[6]),
            reps=int(argv[7]),
        )
    elif argv[0] == "listen":
        listen(argv[1], Path(argv[2]), Path(argv[3]), int(argv[4]), float(argv[5]))
    else:
        raise SystemExit(f"unknown mode {argv[0]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
