"""The day of the infusion in every export: its times and corrections, vitals during it, side
effects, readiness checks and a discharge before the patient was ready, with exact values."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.clock import FakeClock
from kiosk.core.infusion import Mark
from kiosk.core.side_effects import Severity, SideEffect, SideEffectKind
from kiosk.core.staff import Signer
from kiosk.core.vitals import Phase, Vitals
from kiosk.export import COLUMNS, write_csv, write_csv_lines, write_json
from kiosk.export.fhir import PHASE_URL, READINESS_TEXT, write_fhir
from kiosk.services.context import KioskContext, open_context
from kiosk.services.demo.day import make_demo
from kiosk.services.station import StationService
from kiosk.storage.reader import iter_intake_lines, iter_intakes, read_snapshot
from tests.helpers.clinic import DAY
from tests.helpers.watch import CONFIRMED, GOOD_ANSWERS

NURSE = Signer(None, "Kim Lee")
START = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)  # the FakeClock's now
CORRECTED_START = START - timedelta(minutes=2)
EARLY = "Pump started before the mark"
OTHER = "=itchy; skin (arms)"  # a spreadsheet formula, a separator and brackets
OVERRIDE = "=Family emergency, ride waiting"
PRACTICE = "Test Infusion Clinic"


@dataclass(frozen=True)
class Day:
    """A demo day: ``watched`` went through the whole watch and home, ``hurried`` went home
    during the infusion with an override, ``untouched`` has nothing of the day recorded."""

    context: KioskContext
    watched: int
    hurried: int
    untouched: int


def iso(moment: datetime) -> str:
    return moment.isoformat()


@pytest.fixture
def day(tmp_path: Path) -> Iterator[Day]:
    """The infusion 15:00-15:40 (its start corrected to 14:58), vitals during it at 15:20, nausea
    at 15:25, an "other" side effect at 15:30, a failing then a passing readiness check, a
    discharge at 16:11; a second patient discharged at 15:00 while the infusion runs."""
    clock = FakeClock()
    context = open_context(tmp_path / "data", clock=clock)
    try:
        watched, hurried, untouched = make_demo(context, 3, DAY, seed=5)
        station = StationService.on(context)
        station.record_vitals(watched, Phase.PRE, Vitals(128, 82, 72, 98), NURSE)
        station.record_vitals(hurried, Phase.PRE, Vitals(120, 80, 70, 99), NURSE)
        station.mark_infusion(watched, Mark.STARTED, NURSE)
        station.mark_infusion(hurried, Mark.STARTED, NURSE)
        station.discharge(
            hurried,
            driver_name="Pat Driver",
            driver_phone="555 123 4567",
            driver_present=True,
            nurse=NURSE,
            override_reason=OVERRIDE,
        )
        clock.advance(20 * 60)
        station.record_vitals(watched, Phase.DURING, Vitals(141, 88, 90, 96), NURSE)
        station.record_side_effect(
            watched,
            SideEffect(SideEffectKind.NAUSEA, Severity.MILD, START + timedelta(minutes=25)),
            NURSE,
        )
        station.record_side_effect(
            watched,
            SideEffect(SideEffectKind.OTHER, Severity.SEVERE, START + timedelta(minutes=30), OTHER),
            NURSE,
        )
        clock.advance(20 * 60)
        station.mark_infusion(watched, Mark.ENDED, NURSE)
        station.correct_infusion(watched, Mark.STARTED, CORRECTED_START, EARLY, NURSE)
        clock.advance(31 * 60)
        station.record_vitals(watched, Phase.DISCHARGE, Vitals(130, 84, 76, 98), NURSE)
        station.check_readiness(watched, {**GOOD_ANSWERS, "ambulation": "unable"}, CONFIRMED, NURSE)
        station.check_readiness(watched, dict(GOOD_ANSWERS), CONFIRMED, NURSE)
        station.discharge(
            watched,
            driver_name="Pat Driver",
            driver_phone="555 123 4567",
            driver_present=True,
            nurse=NURSE,
        )
        yield Day(context, watched, hurried, untouched)
    finally:
        context.close()


def _csv(day: Day) -> dict[int, dict[str, str]]:
    """The CSV of DAY from the whole records, checked against the one read narrow, by intake."""
    wide, narrow = io.StringIO(newline=""), io.StringIO(newline="")
    with read_snapshot(day.context.db):
        write_csv(iter_intakes(day.context.db, DAY, DAY), wide)
        write_csv_lines(iter_intake_lines(day.context.db, DAY, DAY), narrow)
    assert narrow.getvalue() == wide.getvalue()
    rows = list(csv.reader(io.StringIO(wide.getvalue(), newline="")))
    assert rows[0] == list(COLUMNS)
    return {int(row[0]): dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]}


def _json(day: Day) -> dict[int, dict[str, Any]]:
    out = io.StringIO()
    write_json(iter_intakes(day.context.db, DAY, DAY), out)
    return {r["intake"]["id"]: r for r in json.loads(out.getvalue())}


def _bundle(day: Day) -> tuple[str, list[dict[str, Any]]]:
    out = io.StringIO()
    write_fhir(
        iter_intakes(day.context.db, DAY, DAY, include_pdf=True), out, practice_name=PRACTICE
    )
    return out.getvalue(), [e["resource"] for e in json.loads(out.getvalue())["entry"]]


def _patient_url(text: str, intake_id: int) -> str:
    for entry in json.loads(text)["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "Patient" and resource["identifier"][0]["value"] == str(
            intake_id
        ):
            return str(entry["fullUrl"])
    raise AssertionError(f"no Patient for intake {intake_id}")


def _of(resources: list[dict[str, Any]], kind: str, patient: str) -> list[dict[str, Any]]:
    return [
        r
        for r in resources
        if r["resourceType"] == kind and r.get("subject", {}).get("reference") == patient
    ]


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_carries_the_infusion_side_effects_readiness_and_override(day: Day) -> None:
    """The new columns' exact cells: corrected times, whole minutes, side effects in the order
    seen (the other one's words inert inside the cell), the last check, the override's reason
    after an apostrophe; the same bytes read narrow as from whole records."""
    rows = _csv(day)
    watched = rows[day.watched]
    assert watched["infusion_started_at"] == iso(CORRECTED_START)
    assert watched["infusion_ended_at"] == iso(START + timedelta(minutes=40))
    assert watched["infusion_minutes"] == "42"
    assert watched["side_effects"] == (
        "nausea:mild@2026-11-21T15:25:00+00:00; "
        "other(=itchy; skin (arms)):severe@2026-11-21T15:30:00+00:00"
    )
    assert (watched["readiness_score"], watched["readiness_max"]) == ("10", "10")
    assert watched["readiness_passed"] == "1"
    assert watched["discharge_override_reason"] == ""
    hurried = rows[day.hurried]
    assert hurried["infusion_started_at"] == iso(START)
    assert hurried["infusion_ended_at"] == hurried["infusion_minutes"] == ""
    assert hurried["side_effects"] == ""
    assert hurried["readiness_score"] == hurried["readiness_passed"] == ""
    assert hurried["discharge_override_reason"] == "'" + OVERRIDE
    untouched = rows[day.untouched]
    assert all(untouched[c] == "" for c in COLUMNS[COLUMNS.index("infusion_started_at") :])


def test_csv_shows_the_last_readiness_check_that_failed(day: Day) -> None:
    """A failing check after a passing one: the cells are the failing one's."""
    station = StationService.on(day.context)
    station.check_readiness(day.watched, {**GOOD_ANSWERS, "ambulation": "unable"}, CONFIRMED, NURSE)
    watched = _csv(day)[day.watched]
    assert (watched["readiness_score"], watched["readiness_passed"]) == ("8", "0")


# --- JSON --------------------------------------------------------------------------------------


def test_json_carries_the_infusion_with_its_corrections(day: Day) -> None:
    """The infusion's times as corrected, who marked it, each correction with the time it
    replaced and the reason; side effects apart, part by part; every readiness check in order."""
    record = _json(day)[day.watched]
    assert record["infusion"] == {
        "started_at": iso(CORRECTED_START),
        "ended_at": iso(START + timedelta(minutes=40)),
        "minutes": 42,
        "started_by": NURSE.name,
        "ended_by": NURSE.name,
        "corrections": [
            {
                "which": "started",
                "old_at": iso(START),
                "new_at": iso(CORRECTED_START),
                "reason": EARLY,
                "corrected_by": NURSE.name,
                "corrected_at": iso(START + timedelta(minutes=40)),
            }
        ],
    }
    assert [
        (e["kind"], e["other_text"], e["severity"], e["seen_at"]) for e in record["side_effects"]
    ] == [
        ("nausea", "", "mild", "2026-11-21T15:25:00+00:00"),
        ("other", OTHER, "severe", "2026-11-21T15:30:00+00:00"),
    ]
    assert {e["recorded_by"] for e in record["side_effects"]} == {NURSE.name}
    first, last = record["readiness"]
    assert (first["passed"], last["passed"]) == (False, True)
    assert first["reasons"] and "zero:ambulation" in first["reasons"]
    assert last["answers"] == GOOD_ANSWERS and last["confirmed"] == sorted(CONFIRMED)
    assert (last["score"], last["max_score"], sum(last["points"].values())) == (10, 10, 10)
    assert record["discharge"]["override_reason"] == ""


def test_json_carries_the_override_and_nothing_for_an_untouched_intake(day: Day) -> None:
    """The override's reason exactly as typed (JSON needs no guard); an intake without an
    infusion has null and empty lists."""
    records = _json(day)
    hurried = records[day.hurried]
    assert hurried["discharge"]["override_reason"] == OVERRIDE
    assert hurried["infusion"]["ended_at"] is None and hurried["infusion"]["minutes"] is None
    assert hurried["infusion"]["corrections"] == []
    untouched = records[day.untouched]
    assert untouched["infusion"] is None
    assert untouched["side_effects"] == untouched["readiness"] == []


# --- FHIR --------------------------------------------------------------------------------------


def test_fhir_bundle_validates_with_the_day_of_the_infusion(day: Day) -> None:
    """The Bundle parses as R4B with its Procedures, vital-signs Observations, side effects,
    readiness checks and the override's Flag; every reference is an entry of the bundle."""
    bundle_type = pytest.importorskip("fhir.resources.R4B.bundle").Bundle
    text, resources = _bundle(day)
    bundle = bundle_type.model_validate_json(text)
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert kinds.count("Procedure") == 2 and kinds.count("Flag") == 1
    urls = {e["fullUrl"] for e in json.loads(text)["entry"]}
    found = [
        ref["reference"]
        for r in resources
        for key in ("subject", "partOf")
        for ref in ([r[key]] if isinstance(r.get(key), dict) else r.get(key, []))
    ]
    assert found and set(found) <= urls


def test_fhir_procedure_is_the_infusion_as_corrected(day: Day) -> None:
    """Completed, its period the corrected times, the correction and its reason in a note; the
    hurried patient's still in progress, the override's reason in its note."""
    text, resources = _bundle(day)
    (done,) = _of(resources, "Procedure", _patient_url(text, day.watched))
    assert done["status"] == "completed"
    assert done["performedPeriod"] == {
        "start": iso(CORRECTED_START),
        "end": iso(START + timedelta(minutes=40)),
    }
    assert [n["text"] for n in done["note"]] == [
        f"Start time corrected from {iso(START)} to {iso(CORRECTED_START)}: {EARLY}"
    ]
    assert done["performer"] == [{"actor": {"display": NURSE.name}}]
    (running,) = _of(resources, "Procedure", _patient_url(text, day.hurried))
    assert running["status"] == "in-progress"
    assert running["performedPeriod"] == {"start": iso(START)}
    assert [n["text"] for n in running["note"]] == [f"Discharged before ready: {OVERRIDE}"]
    assert not _of(resources, "Procedure", _patient_url(text, day.untouched))


def _code(resource: dict[str, Any]) -> str:
    return str(resource["code"]["coding"][0]["code"]) if "coding" in resource["code"] else ""


def test_fhir_vitals_are_vital_signs_with_loinc_codes(day: Day) -> None:
    """Three Observations per set of readings: the blood pressure panel with its systolic and
    diastolic components, heart rate and oxygen saturation, each saying before, during or at
    discharge; those during the infusion are part of its Procedure."""
    text, resources = _bundle(day)
    patient = _patient_url(text, day.watched)
    vitals = [
        r
        for r in _of(resources, "Observation", patient)
        if r.get("category", [{}])[0].get("coding", [{}])[0].get("code") == "vital-signs"
    ]
    assert len(vitals) == 9  # before, during, at discharge
    during = [r for r in vitals if r["extension"] == [{"url": PHASE_URL, "valueCode": "during"}]]
    by_code = {_code(r): r for r in during}
    assert set(by_code) == {"85354-9", "8867-4", "59408-5"}
    panel = by_code["85354-9"]
    assert [
        (c["code"]["coding"][0]["code"], c["valueQuantity"]["value"]) for c in panel["component"]
    ] == [
        ("8480-6", 141),
        ("8462-4", 88),
    ]
    assert panel["component"][0]["valueQuantity"]["code"] == "mm[Hg]"
    assert by_code["8867-4"]["valueQuantity"] == {
        "value": 90,
        "unit": "beats/minute",
        "system": "http://unitsofmeasure.org",
        "code": "/min",
    }
    saturation = by_code["59408-5"]
    assert [c["code"] for c in saturation["code"]["coding"]] == ["59408-5", "2708-6"]
    assert saturation["valueQuantity"]["value"] == 96
    for resource in during:
        assert resource["effectiveDateTime"] == iso(START + timedelta(minutes=20))
        assert resource["note"] == [{"text": "During the infusion"}]
        assert resource["partOf"][0]["reference"] in {
            e["fullUrl"]
            for e in json.loads(text)["entry"]
            if e["resource"]["resourceType"] == "Procedure"
        }
    notes = sorted({r["note"][0]["text"] for r in vitals})
    assert notes == ["At discharge", "Before the infusion", "During the infusion"]


def test_fhir_side_effects_and_readiness(day: Day) -> None:
    """Each side effect with its kind and SNOMED severity; each readiness check with its score,
    a component per criterion, its maximum and whether it passed."""
    text, resources = _bundle(day)
    observations = _of(resources, "Observation", _patient_url(text, day.watched))
    effects = [r for r in observations if r["code"]["text"].startswith("Side effect")]
    assert [
        (r["code"]["text"], r["valueCodeableConcept"]["coding"][0]["code"]) for r in effects
    ] == [
        ("Side effect: nausea", "255604002"),
        (f"Side effect: {OTHER}", "24484000"),
    ]
    assert [r["effectiveDateTime"] for r in effects] == [
        "2026-11-21T15:25:00+00:00",
        "2026-11-21T15:30:00+00:00",
    ]
    checks = [r for r in observations if r["code"] == {"text": READINESS_TEXT}]
    assert [r["valueInteger"] for r in checks] == [8, 10]
    last = checks[-1]
    parts = {c["code"]["text"]: c for c in last["component"]}
    assert parts["passed"]["valueBoolean"] is True
    assert parts["max_score"]["valueInteger"] == 10
    assert parts["ambulation"]["valueInteger"] == 2
    assert "note" not in last
    assert checks[0]["component"][-1]["valueBoolean"] is False
    assert "zero:ambulation" in checks[0]["note"][0]["text"]


def test_fhir_override_is_a_flag(day: Day) -> None:
    """A discharge before the patient was ready: a clinical Flag with the reason as typed."""
    text, resources = _bundle(day)
    (flag,) = _of(resources, "Flag", _patient_url(text, day.hurried))
    assert flag["code"]["text"] == f"Discharged before ready: {OVERRIDE}"
    assert flag["code"]["coding"][0]["code"] == "discharge_override"
    assert flag["author"] == {"display": NURSE.name}
    assert flag["status"] == "active"
    assert not _of(resources, "Flag", _patient_url(text, day.watched))


def test_a_server_export_keeps_the_device_last(day: Day) -> None:
    """The clinic server's CSV (whole records, a device column): the new columns before the
    device, empty for a record read without the day of the infusion (as the server reads it)."""
    records = list(iter_intakes(day.context.db, DAY, DAY))
    bare = [
        dataclasses.replace(r, device="front", infusion=None, side_effects=(), readiness=())
        for r in records
    ]
    out = io.StringIO(newline="")
    write_csv(bare, out, device_column=True)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows[0] == [*COLUMNS, "device"]
    start = COLUMNS.index("infusion_started_at")
    for row in rows[1:]:
        assert row[-1] == "front"
        assert row[start : start + 7] == [""] * 7
