"""The infusion and the watch after it on the clinic server: a day in the chair through the
station's acts on the server's store (vitals before and during, the infusion marked and
corrected with a reason, a side effect, the board's standing, a discharge that waits for the
observation and a passing readiness check, or goes early with a reason and a red flag), each
act refused on a stale view naming who did what, every act in the server's audit log, and the
record read back as a kiosk's own store gives it for the same acts."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from psycopg import sql

from kiosk.core.audit import AuditAction
from kiosk.core.clock import FakeClock, utc_iso
from kiosk.core.discharge import DischargeError, override_flag
from kiosk.core.faults import DischargeProblem, InfusionProblem
from kiosk.core.forms import FormsBundle
from kiosk.core.infusion import InfusionError, Mark, standing_of
from kiosk.core.intake_record import IntakeRecord
from kiosk.core.observation import ChairState
from kiosk.core.outbox import flag_content
from kiosk.core.row_versions import StaleViewError
from kiosk.core.side_effects import Severity, SideEffect, SideEffectKind
from kiosk.core.staff import Role, Signer
from kiosk.core.vitals import Phase, Vitals
from kiosk.server import schema
from kiosk.services import server
from kiosk.services.server_station import StationOnServer
from kiosk.services.station import StationService
from kiosk.storage.staff import StaffRepository
from tests.helpers.clinic import DAY
from tests.helpers.pg import PgCluster
from tests.helpers.sync import SyncedKiosk, dbname, server_rows, synced_kiosks
from tests.helpers.watch import BACKDATED, BASELINE, CONFIRMED, GOOD_ANSWERS, make_ready

pytestmark = pytest.mark.usefixtures("cheap_pins")

KIOSKS = (("lobby", 6, 3),)
PIN = "483920"
COST = 2**10
DRIVER = {"driver_name": "Pat Driver", "driver_phone": "555 010 0199", "driver_present": True}
DURING = Vitals(136, 86, 88, 97)
EARLY = "Ride leaves now; Dr Lee saw her and agreed"


@pytest.fixture
def kiosks(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[SyncedKiosk]]:
    made = synced_kiosks(pg_cluster, initialised, tmp_path, monkeypatch, DAY, KIOSKS)
    yield made
    for kiosk in made:
        kiosk.context.close()


@pytest.fixture
def stations(
    pg_cluster: PgCluster, initialised: str, kiosks: list[SyncedKiosk], forms: FormsBundle
) -> Iterator[list[StationOnServer]]:
    """Two stations (their own logins, members of kiosk_station) on the kiosk's clock."""
    database = dbname(initialised)
    names = [f"watch_{i}_{abs(hash(database)) % 10**8}" for i in (1, 2)]
    with schema.connect(initialised) as admin:
        for name in names:
            admin.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE kiosk_station").format(
                    sql.Identifier(name), sql.Literal("station-secret")
                )
            )
    clock = kiosks[0].context.clock
    made = [
        StationOnServer(
            pg_cluster.url(database, user=n, password="station-secret"), forms, clock, cost=COST
        )
        for n in names
    ]
    yield made
    for station in made:
        station.close()
    with schema.connect(initialised) as admin:
        for name in names:
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


@pytest.fixture
def nurses(initialised: str) -> list[Signer]:
    """Nora and Sam, nurses on the server."""
    found = []
    for name in ("Nora", "Sam"):
        member = server.staff_add(initialised, name, "nurse", PIN, by="test", cost=COST)
        found.append(Signer(member.id, member.name))
    return found


@dataclasses.dataclass
class Side:
    """One store's station, the intake acted on there and the nurse acting."""

    station: StationService
    intake_id: int
    nurse: Signer


def waiting_intakes(kiosk: SyncedKiosk, initialised: str) -> list[tuple[int, int]]:
    """(server id, kiosk id) of the kiosk's intakes nobody at a station touched yet."""
    on_kiosk = {uuid: key for key, uuid in kiosk.uuids().items()}
    local = StationService.on(kiosk.context)
    pairs = []
    for server_id, uuid in server_rows(
        initialised,
        "SELECT id, uuid::text FROM records_intakes"
        " WHERE day IS NOT NULL AND birth_date IS NOT NULL ORDER BY id",
    ):
        kiosk_id = on_kiosk[str(uuid)]
        record = local.intake(kiosk_id)
        if not record.vitals and record.discharge is None and record.stage != "discharged":
            pairs.append((int(str(server_id)), kiosk_id))
    return pairs


def both_sides(
    kiosk: SyncedKiosk, a: StationOnServer, nora: Signer, pair: tuple[int, int]
) -> tuple[Side, Side]:
    """The same intake on the server (station ``a``, Nora of the server) and on the kiosk's
    own store (Nora of the kiosk)."""
    member = StaffRepository(
        kiosk.context.db, kiosk.context.clock, kiosk.context.forms.settings.staff, cost=COST
    )
    known = {m.name: m for m in member.members()}
    mine = known.get("Nora") or member.add("Nora", Role.NURSE, PIN)
    return (
        Side(a.station, pair[0], nora),
        Side(StationService.on(kiosk.context), pair[1], Signer(mine.id, mine.name)),
    )


def details(initialised: str, action: AuditAction) -> list[tuple[str, str, dict[str, Any]]]:
    """The server's audit entries of ``action``: actor, subject and detail (no login)."""
    found = []
    for entry in server.audit_entries(initialised, action=str(action)):
        detail = json.loads(entry.detail)
        detail.pop("login", None)
        found.append((entry.actor, entry.subject, detail))
    return found


def same_acts(record: IntakeRecord) -> dict[str, Any]:
    """What the same acts leave on any store, whenever it stamped them: the infusion's times and
    corrections, the side effects, the readiness checks, the vitals, the discharge and the
    override's flag (without the times each store stamps itself)."""
    infusion = record.infusion
    assert infusion is not None
    return {
        "stage": record.stage,
        "infusion": dataclasses.replace(
            infusion,
            corrections=tuple(
                dataclasses.replace(c, corrected_at="") for c in infusion.corrections
            ),
        ),
        "side_effects": [dataclasses.replace(s, recorded_at="") for s in record.side_effects],
        "readiness": [dataclasses.replace(r, recorded_at="") for r in record.readiness],
        "vitals": [dataclasses.replace(v, recorded_at="") for v in record.vitals],
        "discharge": record.discharge,
        "override": [
            (f.code, f.level, f.source, dict(f.reason), f.alert)
            for f in record.flags
            if f.code == "discharge_override"
        ],
    }


def test_a_day_in_the_chair_to_the_door_on_the_server_as_on_a_kiosk(
    kiosks: list[SyncedKiosk],
    stations: list[StationOnServer],
    nurses: list[Signer],
    initialised: str,
) -> None:
    """Vitals before, the infusion started (in the chair), vitals during (the board's last
    vitals), a side effect, the infusion ended (the board: in observation, 30 minutes left),
    a discharge refused while in observation (and with only a readiness check), the times
    corrected back with a reason and the patient ready: discharged. The same acts on the
    kiosk's own store leave the same record; each act is in the server's audit log and told
    the live boards."""
    a, _ = stations
    nora, _ = nurses
    (kiosk,) = kiosks
    clock = kiosk.context.clock
    assert isinstance(clock, FakeClock)
    settings = a.station.forms.settings
    server_side, kiosk_side = both_sides(kiosk, a, nora, waiting_intakes(kiosk, initialised)[0])
    sides = (server_side, kiosk_side)
    intake_id = server_side.intake_id
    started = clock.now()
    board = schema.connect(initialised)  # what the live boards hear
    board.execute("LISTEN clinic_board")

    for side in sides:
        side.station.record_vitals(side.intake_id, Phase.PRE, BASELINE, side.nurse)
        assert side.station.mark_infusion(side.intake_id, Mark.STARTED, side.nurse) == started
    row = next(r for r in a.station.board(DAY) if r.id == intake_id)
    assert row.stage == "in_chair"
    assert row.infusion_started_at == utc_iso(started) and row.infusion_ended_at is None
    assert standing_of(row, clock.now(), settings).state is ChairState.IN_CHAIR

    clock.advance(20 * 60)
    seen = clock.now()
    for side in sides:
        side.station.record_vitals(side.intake_id, Phase.DURING, DURING, side.nurse)
        side.station.record_side_effect(
            side.intake_id, SideEffect(SideEffectKind.NAUSEA, Severity.MILD, seen), side.nurse
        )
    during = a.station.intake(intake_id)
    assert [v.phase for v in during.vitals] == ["pre", "during"]
    row = next(r for r in a.station.board(DAY) if r.id == intake_id)
    assert row.last_vitals_at == during.vitals[-1].recorded_at
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", row.last_vitals_at or "")

    clock.advance(25 * 60)
    ended = clock.now()
    for side in sides:
        assert side.station.mark_infusion(side.intake_id, Mark.ENDED, side.nurse) == ended
    row = next(r for r in a.station.board(DAY) if r.id == intake_id)
    assert (row.infusion_started_at, row.infusion_ended_at) == (utc_iso(started), utc_iso(ended))
    shown = standing_of(row, clock.now(), settings)
    assert (shown.state, shown.minutes_left) == (ChairState.OBSERVATION, 30)
    assert row.readiness_passed is None

    with pytest.raises(DischargeError) as waiting:
        a.station.discharge(intake_id, nurse=nora, **DRIVER)
    assert waiting.value.kind is DischargeProblem.NOT_READY
    assert waiting.value.blockers == ("observation_running", "no_readiness_check")

    for side in sides:
        side.station.record_vitals(side.intake_id, Phase.DISCHARGE, BASELINE, side.nurse)
        checked = side.station.check_readiness(
            side.intake_id, dict(GOOD_ANSWERS), CONFIRMED, side.nurse
        )
        assert checked.passed, checked.reasons
    row = next(r for r in a.station.board(DAY) if r.id == intake_id)
    assert row.readiness_passed is True
    with pytest.raises(DischargeError) as watching:
        a.station.discharge(intake_id, nurse=nora, **DRIVER)
    assert watching.value.blockers == ("observation_running",)
    assert server_rows(initialised, "SELECT count(*) FROM records_discharges") == [(0,)]

    for side in sides:
        make_ready(side.station, side.intake_id, side.nurse)
        assert side.station.blockers(side.station.intake(side.intake_id)) == ()
        side.station.discharge(side.intake_id, nurse=side.nurse, **DRIVER)

    record = a.station.intake(intake_id)
    assert record.stage == "discharged"
    assert record.discharge is not None and record.discharge.override_reason == ""
    assert record.infusion is not None
    watch = settings.intake.observation_minutes + 1
    assert record.infusion.ended_at == utc_iso(clock.now() - timedelta(minutes=watch))
    assert [(c.which, c.old_at, c.reason, c.corrected_by) for c in record.infusion.corrections] == [
        ("started", utc_iso(started), BACKDATED, "Nora"),
        ("ended", utc_iso(ended), BACKDATED, "Nora"),
    ]
    assert [(s.kind, s.severity, s.seen_at, s.recorded_by) for s in record.side_effects] == [
        ("nausea", "mild", utc_iso(seen), "Nora")
    ]
    assert [(r.passed, r.recorded_by) for r in record.readiness] == [(True, "Nora")] * 2
    assert same_acts(record) == same_acts(kiosk_side.station.intake(kiosk_side.intake_id))

    subject = f"intake {intake_id}"
    acts = [
        (e.action, e.subject)
        for e in server.audit_entries(initialised, actor="Nora")
        if e.subject == subject
    ]
    assert acts == [
        ("vitals", subject),
        ("infusion_start", subject),
        ("vitals", subject),
        ("side_effect", subject),
        ("infusion_end", subject),
        ("vitals", subject),
        ("readiness", subject),
        ("infusion_correct", subject),
        ("infusion_correct", subject),
        ("vitals", subject),
        ("readiness", subject),
        ("discharge", subject),
    ]
    corrected = details(initialised, AuditAction.INFUSION_CORRECT)
    assert corrected[0] == (
        "Nora",
        subject,
        {
            "which": "started",
            "old": utc_iso(started),
            "new": (clock.now() - timedelta(minutes=watch + 45)).isoformat(),
            "reason": BACKDATED,
        },
    )
    assert details(initialised, AuditAction.SIDE_EFFECT) == [
        ("Nora", subject, {"kind": "nausea", "severity": "mild"})
    ]
    assert server.audit_check(initialised).problem is None
    with board:  # every act on the server told the boards, once each, after its commit
        heard = [json.loads(n.payload) for n in board.notifies(timeout=30, stop_after=len(acts))]
    assert [(n["intake"], n["day"]) for n in heard] == [(intake_id, DAY.isoformat())] * len(acts)


def test_an_early_discharge_with_a_reason_raises_the_red_flag_as_a_kiosk_does(
    kiosks: list[SyncedKiosk],
    stations: list[StationOnServer],
    nurses: list[Signer],
    initialised: str,
) -> None:
    """A patient still in the chair goes only with the nurse's reason (none, or too short: not
    ready); with one, the discharge keeps it, the server raises the red flag of
    kiosk.core.discharge.override_flag (as the kiosk's store does) and its audit log has
    ``discharge_override`` with the reason and what was not ready."""
    a, _ = stations
    nora, _ = nurses
    (kiosk,) = kiosks
    sides = both_sides(kiosk, a, nora, waiting_intakes(kiosk, initialised)[1])
    intake_id = sides[0].intake_id
    for side in sides:
        side.station.record_vitals(side.intake_id, Phase.PRE, BASELINE, side.nurse)
        side.station.mark_infusion(side.intake_id, Mark.STARTED, side.nurse)

    with pytest.raises(DischargeError) as bare:
        a.station.discharge(intake_id, nurse=nora, **DRIVER)
    assert (bare.value.kind, bare.value.blockers) == (
        DischargeProblem.NOT_READY,
        ("infusion_running",),
    )
    with pytest.raises(DischargeError) as short:
        a.station.discharge(intake_id, nurse=nora, override_reason="ok", **DRIVER)
    assert short.value.kind is DischargeProblem.OVERRIDE_REASON
    assert details(initialised, AuditAction.DISCHARGE_OVERRIDE) == []

    for side in sides:
        done = side.station.discharge(
            side.intake_id, nurse=side.nurse, override_reason=f"  {EARLY} ", **DRIVER
        )
        assert done.override_reason == EARLY and done.blockers == ("infusion_running",)

    record = a.station.intake(intake_id)
    assert record.stage == "discharged"
    assert record.discharge is not None and record.discharge.override_reason == EARLY
    flag = next(f for f in record.flags if f.code == "discharge_override")
    assert flag_content(override_flag(EARLY)) == {
        "code": flag.code,
        "level": flag.level,
        "source": flag.source,
        "reason": dict(flag.reason),
        "alert": flag.alert,
    }
    assert flag.text("es") == f"Alta antes de estar listo: {EARLY}"
    row = next(r for r in a.station.board(DAY) if r.id == intake_id)
    assert flag.id in {f.id for f in row.reds}
    assert details(initialised, AuditAction.DISCHARGE_OVERRIDE) == [
        ("Nora", f"intake {intake_id}", {"reason": EARLY, "not_ready": ["infusion_running"]})
    ]
    assert details(initialised, AuditAction.DISCHARGE) == []
    kiosk_record = sides[1].station.intake(sides[1].intake_id)
    assert same_acts(record) == same_acts(kiosk_record)


def test_every_new_act_on_a_stale_view_is_refused_naming_who_did_what_and_nothing_is_kept(
    kiosks: list[SyncedKiosk],
    stations: list[StationOnServer],
    nurses: list[Signer],
    initialised: str,
) -> None:
    """Sam's view is older than Nora's last act: his side effect, correction, end of the
    infusion, readiness check, second correction and early discharge are each refused with
    what Nora did meanwhile (each new act's words) and leave nothing behind."""
    a, b = stations
    nora, sam = nurses
    (kiosk,) = kiosks
    clock = kiosk.context.clock
    intake_id = waiting_intakes(kiosk, initialised)[2][0]
    effect = SideEffect(SideEffectKind.OTHER, Severity.MODERATE, clock.now(), "Shivering")
    earlier = clock.now() - timedelta(minutes=5)
    noras = {
        "marked this patient's infusion started": lambda v: a.station.mark_infusion(
            intake_id, Mark.STARTED, nora, seen_version=v
        ),
        "recorded a side effect of this patient": lambda v: a.station.record_side_effect(
            intake_id, effect, nora, seen_version=v
        ),
        "corrected this patient's infusion times": lambda v: a.station.correct_infusion(
            intake_id, Mark.STARTED, earlier, BACKDATED, nora, seen_version=v
        ),
        "marked this patient's infusion ended": lambda v: a.station.mark_infusion(
            intake_id, Mark.ENDED, nora, seen_version=v
        ),
        "checked this patient's readiness to go home": lambda v: a.station.check_readiness(
            intake_id, dict(GOOD_ANSWERS), CONFIRMED, nora, seen_version=v
        ),
        "recorded this patient's vitals": lambda v: a.station.record_vitals(
            intake_id, Phase.DURING, DURING, nora, seen_version=v
        ),
    }
    sams = [  # each allowed by the record as it now stands, refused for the stale view only
        lambda v: b.station.record_side_effect(intake_id, effect, sam, seen_version=v),
        lambda v: b.station.correct_infusion(
            intake_id, Mark.STARTED, earlier, BACKDATED, sam, seen_version=v
        ),
        lambda v: b.station.mark_infusion(intake_id, Mark.ENDED, sam, seen_version=v),
        lambda v: b.station.check_readiness(
            intake_id, dict(GOOD_ANSWERS), CONFIRMED, sam, seen_version=v
        ),
        lambda v: b.station.correct_infusion(
            intake_id, Mark.ENDED, clock.now(), BACKDATED, sam, seen_version=v
        ),
        lambda v: b.station.discharge(
            intake_id, nurse=sam, override_reason=EARLY, seen_version=v, **DRIVER
        ),
    ]
    for (words, by_nora), by_sam in zip(noras.items(), sams, strict=True):
        seen = b.station.intake(intake_id).version
        by_nora(seen)
        before = b.station.intake(intake_id)
        with pytest.raises(StaleViewError) as refused:
            by_sam(seen)
        assert re.fullmatch(rf"Nora {words} at \d\d:\d\d; the view is updated", str(refused.value))
        assert b.station.intake(intake_id) == before

    record = a.station.intake(intake_id)
    assert record.infusion is not None
    assert [(c.which, c.corrected_by) for c in record.infusion.corrections] == [("started", "Nora")]
    assert [(s.other_text, s.recorded_by) for s in record.side_effects] == [("Shivering", "Nora")]
    assert [r.recorded_by for r in record.readiness] == ["Nora"]
    assert record.discharge is None
    assert server_rows(initialised, "SELECT count(*) FROM records_discharges") == [(0,)]
    assert server.audit_entries(initialised, actor="Sam") == []
    b.station.discharge(
        intake_id, nurse=sam, override_reason=EARLY, seen_version=record.version, **DRIVER
    )
    assert [e.actor for e in server.audit_entries(initialised, action="discharge_override")] == [
        "Sam"
    ]


def test_the_server_refuses_a_mark_the_infusion_does_not_allow_past_the_stations_check(
    kiosks: list[SyncedKiosk],
    stations: list[StationOnServer],
    nurses: list[Signer],
    initialised: str,
) -> None:
    """Two stations marking at once both pass their own check; the server takes the first and
    refuses the second (InfusionError), as it refuses ending twice, correcting an end not yet
    marked, an end before the start and any mark after the discharge."""
    a, b = stations
    nora, sam = nurses
    (kiosk,) = kiosks
    clock = kiosk.context.clock
    intake_id = waiting_intakes(kiosk, initialised)[3][0]
    now = clock.now()

    a.store.mark_infusion(intake_id, "started", now, nora.id, nora.name)
    with pytest.raises(InfusionError) as twice:
        b.store.mark_infusion(intake_id, "started", now, sam.id, sam.name)
    assert twice.value.kind is InfusionProblem.ALREADY_STARTED
    with pytest.raises(InfusionError) as not_ended:
        b.store.correct_infusion(
            intake_id, "ended", now, BACKDATED, staff_id=sam.id, staff_name=sam.name
        )
    assert not_ended.value.kind is InfusionProblem.NOT_ENDED
    a.store.mark_infusion(intake_id, "ended", now + timedelta(minutes=40), nora.id, nora.name)
    with pytest.raises(InfusionError) as ended_twice:
        b.store.mark_infusion(intake_id, "ended", now, sam.id, sam.name)
    assert ended_twice.value.kind is InfusionProblem.ALREADY_ENDED
    with pytest.raises(InfusionError) as backwards:
        b.store.correct_infusion(
            intake_id,
            "ended",
            now - timedelta(minutes=1),
            BACKDATED,
            staff_id=sam.id,
            staff_name=sam.name,
        )
    assert backwards.value.kind is InfusionProblem.END_BEFORE_START
    b.station.discharge(intake_id, nurse=sam, override_reason=EARLY, **DRIVER)
    with pytest.raises(InfusionError) as gone:
        a.store.correct_infusion(
            intake_id, "started", now, BACKDATED, staff_id=nora.id, staff_name=nora.name
        )
    assert gone.value.kind is InfusionProblem.DISCHARGED
    record = a.station.intake(intake_id)
    assert record.infusion is not None and record.infusion.corrections == ()
    assert record.infusion.started_by == "Nora" and record.infusion.ended_by == "Nora"
