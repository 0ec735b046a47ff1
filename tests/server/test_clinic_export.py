"""``export --server``: the whole clinic's intakes from the clinic server in every format, the
union of what each kiosk holds, each intake naming its kiosk; no kiosk audit entry written."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.export import COLUMNS
from kiosk.export.csv_export import DEVICE_COLUMN, csv_row
from kiosk.export.fhir import DEVICE_SYSTEM
from kiosk.export.json_export import record_json
from kiosk.services.clinic_exports import ClinicExportService
from kiosk.services.exports import ExportFormat, ExportRequest
from kiosk.storage.audit import AuditLog
from kiosk.storage.station import StationRepository
from tests.helpers.clinic import DAY
from tests.helpers.pdf import pdf_text
from tests.helpers.pg import PgCluster
from tests.helpers.sync import SyncedKiosk, server_rows, synced_kiosks

KIOSKS = (("lobby", 6, 3), ("annex", 4, 11))  # name, intakes, demo seed
TOTAL = sum(count for _, count, _ in KIOSKS)
Bundle = pytest.importorskip("fhir.resources.R4B.bundle").Bundle


@pytest.fixture
def kiosks(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[SyncedKiosk]]:
    """Two kiosks synced to one server; then this process is no kiosk at all (an admin's
    machine: no server variables but the admin URL, a data folder that does not exist)."""
    made = synced_kiosks(pg_cluster, initialised, tmp_path, monkeypatch, DAY, KIOSKS)
    for variable in ("KIOSK_SERVER_CA", "KIOSK_SERVER_CREDENTIAL"):
        monkeypatch.delenv(variable)
    monkeypatch.setenv("KIOSK_SERVER_URL", initialised)
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "no-kiosk-here"))
    monkeypatch.delenv("KIOSK_FORMS_DIR", raising=False)
    yield made
    for kiosk in made:
        kiosk.context.close()


def by_uuid(kiosks: list[SyncedKiosk], url: str) -> dict[int, tuple[str, SyncedKiosk, int]]:
    """The server's intake id -> (its kiosk's name, the kiosk, the kiosk's intake id)."""
    found = {}
    for server_id, uuid, device in server_rows(
        url, "SELECT id, uuid::text, device FROM records_intakes"
    ):
        kiosk = next(k for k in kiosks if k.name == device)
        kiosk_id = {u: i for i, u in kiosk.uuids().items()}[str(uuid)]
        found[int(str(server_id))] = (str(device), kiosk, kiosk_id)
    return found


def export(tmp_path: Path, fmt: str, *extra: str) -> Path:
    out = tmp_path / "exports"
    out.mkdir(exist_ok=True)
    assert main(["export", "--server", "--date", DAY.isoformat(), "--format", fmt, "--out", str(out), *extra]) == 0  # fmt: skip
    suffix = "fhir.json" if fmt == "fhir" else fmt
    return out / f"clinic-{DAY.isoformat()}.{suffix}"


def kiosk_record(kiosk: SyncedKiosk, kiosk_id: int) -> Any:
    return StationRepository(kiosk.context.db, kiosk.context.clock).intake(kiosk_id)


def test_csv_is_the_union_of_both_kiosks_with_a_device_column(
    kiosks: list[SyncedKiosk], initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One row per intake of either kiosk, the device column last; every other cell is the
    kiosk's own CSV cell for the same intake (the intake number is the server's); the export
    is in the server's audit log with its range, format and count, in no kiosk's, and no kiosk
    data folder is made."""
    path = export(tmp_path, "csv")
    assert f"exported {TOTAL} intakes of {DAY.isoformat()} to {path.resolve()}" in (
        capsys.readouterr().out
    )
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [*COLUMNS, DEVICE_COLUMN]
    known = by_uuid(kiosks, initialised)
    assert sorted(int(r[0]) for r in rows[1:]) == sorted(known)
    for row in rows[1:]:
        device, kiosk, kiosk_id = known[int(row[0])]
        assert row[-1] == device
        mine = [str(cell) for cell in csv_row(kiosk_record(kiosk, kiosk_id))]
        assert row[1:-1] == mine[1:]
    assert Counter(r[-1] for r in rows[1:]) == {name: count for name, count, _ in KIOSKS}
    assert not (tmp_path / "no-kiosk-here").exists()
    for kiosk in kiosks:
        assert AuditLog(kiosk.context.db, kiosk.context.clock).entries(action="export") == []
    logged = server_rows(
        initialised, "SELECT subject, detail FROM audit WHERE action = 'export' ORDER BY id"
    )
    assert logged == [
        (
            path.name,
            {
                "first": DAY.isoformat(),
                "last": DAY.isoformat(),
                "format": "csv",
                "records": TOTAL,
                "include_pdf": False,
                "login": logged[0][1]["login"],  # type: ignore[index]
            },
        )
    ]


def test_json_carries_each_intake_as_its_kiosk_holds_it_and_names_the_kiosk(
    kiosks: list[SyncedKiosk], initialised: str, tmp_path: Path
) -> None:
    """Each record equals the kiosk's own JSON of that intake (answers, flags, scores, consent
    with its PDF), but for the server's intake number and the device it names."""
    path = export(tmp_path, "json", "--include-pdf")
    records = json.loads(path.read_text(encoding="utf-8"))
    known = by_uuid(kiosks, initialised)
    assert len(records) == TOTAL
    for record in records:
        device, kiosk, kiosk_id = known[record["intake"]["id"]]
        assert record["intake"].pop("device") == device
        mine = record_json(kiosk_record(kiosk, kiosk_id), include_pdf=True)
        mine["intake"]["id"] = record["intake"]["id"]
        assert record == json.loads(json.dumps(mine, ensure_ascii=False))
    assert any(r["consent"] and r["consent"]["pdf_base64"] for r in records)


def test_fhir_bundle_validates_with_one_device_per_kiosk(
    kiosks: list[SyncedKiosk], initialised: str, tmp_path: Path
) -> None:
    """The R4B bundle validates; one Patient per intake of either kiosk, one Device per kiosk,
    every QuestionnaireResponse authored by its intake's kiosk."""
    text = export(tmp_path, "fhir").read_text(encoding="utf-8")
    bundle = Bundle.model_validate_json(text)
    entries = json.loads(text)["entry"]
    kinds = Counter(e["resource"]["resourceType"] for e in entries)
    assert kinds["Patient"] == TOTAL and kinds["Device"] == len(KIOSKS)
    assert len(bundle.entry) == len(entries)
    devices = {
        e["fullUrl"]: e["resource"]["identifier"][0]
        for e in entries
        if e["resource"]["resourceType"] == "Device"
    }
    assert {d["system"] for d in devices.values()} == {DEVICE_SYSTEM}
    assert {d["value"] for d in devices.values()} == {name for name, _, _ in KIOSKS}
    patients = {
        e["fullUrl"]: int(e["resource"]["identifier"][0]["value"])
        for e in entries
        if e["resource"]["resourceType"] == "Patient"
    }
    known = by_uuid(kiosks, initialised)
    assert sorted(patients.values()) == sorted(known)
    responses = [e["resource"] for e in entries if e["resource"]["resourceType"] == "QuestionnaireResponse"]  # fmt: skip
    assert responses
    for response in responses:
        device = devices[response["author"]["reference"]]["value"]
        assert known[patients[response["subject"]["reference"]]][0] == device


def test_pdf_day_report_lists_every_patient_under_their_kiosk(
    kiosks: list[SyncedKiosk], initialised: str, tmp_path: Path
) -> None:
    """The report counts both kiosks' intakes and marks each patient with their kiosk."""
    text = " ".join(pdf_text(export(tmp_path, "pdf").read_bytes()).split())
    assert f"Intakes {TOTAL}" in text
    assert "Kiosks annex 4, lobby 6" in text
    for device, kiosk, kiosk_id in by_uuid(kiosks, initialised).values():
        record = kiosk_record(kiosk, kiosk_id)
        assert f"kiosk {device}" in text
        assert record.first_name in text


def test_to_stdout_and_the_service_give_the_same_export(
    kiosks: list[SyncedKiosk], initialised: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out - writes the export to stdout (the note to stderr); the service gives the same."""
    capsys.readouterr()
    assert main(["export", "--server", "--url", initialised, "--date", DAY.isoformat(), "--format", "json", "--out", "-"]) == 0  # fmt: skip
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)) == TOTAL
    assert f"exported {TOTAL} intakes" in captured.err
    out = io.StringIO()
    service = ClinicExportService(initialised)
    count = service.to_stream(ExportRequest(DAY, DAY, ExportFormat.JSON), lambda w: w(out))
    assert count == TOTAL and out.getvalue() == captured.out


def test_without_a_server_or_with_a_wrong_one_the_command_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No --url and no $KIOSK_SERVER_URL: a usage error; a server that cannot be reached: a
    one-line error and no file; --url without --server: refused."""
    monkeypatch.delenv("KIOSK_SERVER_URL", raising=False)
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    args = ["export", "--date", DAY.isoformat(), "--format", "csv", "--out", str(tmp_path)]
    assert main([*args, "--server"]) == 2
    assert "--url" in capsys.readouterr().err
    assert (
        main([*args, "--server", "--url", "postgresql://127.0.0.1:1/none?connect_timeout=2"]) == 1
    )
    assert "cannot reach the clinic server" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert main([*args, "--url", "postgresql://127.0.0.1:1/none"]) == 2
    assert "--url goes with --server" in capsys.readouterr().err
