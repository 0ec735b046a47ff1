"""The kiosk an intake came from is in an export only when the record has one (read from the
clinic server): a single kiosk's exports are as they always were."""

from __future__ import annotations

import dataclasses
import io
import json

from kiosk.core.intake_record import IntakeRecord
from kiosk.export import COLUMNS, write_csv, write_json
from kiosk.export.csv_export import DEVICE_COLUMN
from kiosk.export.fhir import write_fhir
from kiosk.services.context import KioskContext
from kiosk.storage.reader import iter_intakes
from tests.helpers.clinic import DAY


def _records(clinic: KioskContext, device: str = "") -> list[IntakeRecord]:
    records = list(iter_intakes(clinic.db, DAY, DAY, include_pdf=True))[:3]
    return [dataclasses.replace(r, device=device) for r in records]


def test_a_kiosks_records_name_no_device(clinic: KioskContext) -> None:
    """Read on a kiosk: no device column, no device field, no Device resource."""
    records = _records(clinic)
    assert all(r.device == "" for r in records)
    out = io.StringIO()
    write_csv(records, out)
    assert out.getvalue().splitlines()[0] == ",".join(COLUMNS)
    out = io.StringIO()
    write_json(records, out)
    assert all("device" not in r["intake"] for r in json.loads(out.getvalue()))
    out = io.StringIO()
    write_fhir(records, out, practice_name="P")
    assert '"Device"' not in out.getvalue() and '"author"' not in out.getvalue()


def test_records_of_the_server_name_their_kiosk(clinic: KioskContext) -> None:
    """With a device: the CSV's last column (when asked for), the JSON intake's field, and a
    Device that authors the responses."""
    records = _records(clinic, "lobby")
    out = io.StringIO()
    write_csv(records, out, device_column=True)
    lines = out.getvalue().splitlines()
    assert lines[0] == ",".join((*COLUMNS, DEVICE_COLUMN))
    assert all(line.endswith(",lobby") for line in lines[1:])
    out = io.StringIO()
    write_json(records, out)
    assert {r["intake"]["device"] for r in json.loads(out.getvalue())} == {"lobby"}
    out = io.StringIO()
    write_fhir(records, out, practice_name="P")
    entries = json.loads(out.getvalue())["entry"]
    devices = [e for e in entries if e["resource"]["resourceType"] == "Device"]
    assert len(devices) == 1
    responses = [e["resource"] for e in entries if e["resource"]["resourceType"] == "QuestionnaireResponse"]  # fmt: skip
    assert responses and all(r["author"]["reference"] == devices[0]["fullUrl"] for r in responses)
