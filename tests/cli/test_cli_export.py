"""The export command: CSV, JSON, FHIR or a PDF report of a day or a range to a folder, a file or stdout, always audited."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.core.clock import FakeClock
from kiosk.export import COLUMNS
from kiosk.services import exports as export_service
from kiosk.services.context import open_context
from kiosk.storage.audit import AuditLog
from tests.helpers.clinic import DAY, NEXT_DAY, build_clinic
from tests.helpers.faults import immutable
from tests.helpers.pdf import pdf_text

FIRST, LAST = DAY.isoformat(), NEXT_DAY.isoformat()
ON_FIRST, ON_BOTH = 6, 8  # intakes the template has on DAY, and on DAY and NEXT_DAY


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo data folder (6 intakes on DAY, 2 on NEXT_DAY), built once and copied per test."""
    folder = tmp_path_factory.mktemp("export-cli") / "data"
    build_clinic(folder, first_day=ON_FIRST, next_day=ON_BOTH - ON_FIRST)
    return folder


@pytest.fixture
def clinic(template: Path, data_dir: Path) -> Path:
    """This test's own copy of the demo data folder."""
    shutil.copytree(template, data_dir)
    return data_dir


def _export(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "export", *args])


def _exports(data_dir: Path) -> list[dict[str, Any]]:
    """The export entries of the audit log: subject, actor and detail."""
    context = open_context(data_dir, clock=FakeClock())
    try:
        entries = AuditLog(context.db, context.clock).entries(action="export")
    finally:
        context.close()
    return [{"actor": e.actor, "subject": e.subject, **json.loads(e.detail)} for e in entries]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_csv_to_a_folder_is_named_for_the_day_and_audited(
    clinic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out FOLDER: kiosk-DAY.csv in it, owner-only, one row per intake; the audit log says so."""
    folder = tmp_path / "exports"
    folder.mkdir()
    assert _export(clinic, "--date", FIRST, "--format", "csv", "--out", str(folder)) == 0
    target = folder / f"kiosk-{FIRST}.csv"
    assert sorted(p.name for p in folder.iterdir()) == [target.name]  # no temporary file left
    assert _mode(target) == 0o600
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == ON_FIRST + 1
    assert (
        f"exported {ON_FIRST} intakes of {FIRST} to {target.resolve()}" in capsys.readouterr().out
    )
    assert _exports(clinic) == [
        {
            "actor": "command line",
            "subject": str(target.resolve()),
            "first": FIRST,
            "last": FIRST,
            "format": "csv",
            "records": ON_FIRST,
            "include_pdf": False,
        }
    ]


def test_json_of_a_range_to_a_file(clinic: Path, tmp_path: Path) -> None:
    """--to spans both days; --out FILE writes that file, owner-only; the count is audited."""
    target = tmp_path / "records.json"
    code = _export(clinic, "--date", FIRST, "--to", LAST, "--format", "json", "--out", str(target))
    assert code == 0
    records = json.loads(target.read_text(encoding="utf-8"))
    assert [r["intake"]["day"] for r in records] == [FIRST] * ON_FIRST + [LAST] * (
        ON_BOTH - ON_FIRST
    )
    assert _mode(target) == 0o600
    (entry,) = _exports(clinic)
    assert (entry["first"], entry["last"], entry["format"]) == (FIRST, LAST, "json")
    assert entry["records"] == ON_BOTH and entry["subject"] == str(target.resolve())


def test_a_range_to_a_folder_names_both_days(clinic: Path, tmp_path: Path) -> None:
    """kiosk-FROM_TO.json for a range."""
    code = _export(
        clinic, "--date", FIRST, "--to", LAST, "--format", "json", "--out", str(tmp_path)
    )
    assert code == 0
    assert (tmp_path / f"kiosk-{FIRST}_{LAST}.json").is_file()


def test_dash_writes_to_stdout(clinic: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--out -: the CSV on stdout, the note on stderr, the audit subject 'stdout'."""
    assert _export(clinic, "--date", FIRST, "--format", "csv", "--out", "-") == 0
    captured = capsys.readouterr()
    rows = list(csv.reader(io.StringIO(captured.out, newline="")))
    assert rows[0] == list(COLUMNS) and len(rows) == ON_FIRST + 1
    assert f"exported {ON_FIRST} intakes" in captured.err
    (entry,) = _exports(clinic)
    assert entry["subject"] == "stdout" and entry["records"] == ON_FIRST


def test_an_empty_day_is_exported_and_audited(
    clinic: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A day without intakes: '[]' and an audit entry with 0 records."""
    assert _export(clinic, "--date", "2026-01-01", "--format", "json", "--out", "-") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert _exports(clinic)[0]["records"] == 0


def test_to_before_date_is_a_usage_error(clinic: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--to before --date: exit 2, one line, nothing audited."""
    code = _export(clinic, "--date", LAST, "--to", FIRST, "--format", "csv", "--out", "-")
    assert code == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == f"kiosk: error: --to {FIRST} is before --date {LAST}"
    assert captured.out == ""
    assert _exports(clinic) == []


def test_other_formats_are_refused(clinic: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown format is refused by argparse (exit 2); the help lists the four offered."""
    assert _export(clinic, "--date", FIRST, "--format", "xlsx", "--out", "-") == 2
    assert "{csv,json,fhir,pdf}" in capsys.readouterr().err
    assert main(["export", "--help"]) == 0
    help_text = capsys.readouterr().out.lower()
    assert "xlsx" not in help_text and "{csv,json,fhir,pdf}" in help_text


def test_fhir_to_a_folder_is_a_bundle_named_for_the_day_and_audited(
    clinic: Path, tmp_path: Path
) -> None:
    """--format fhir: kiosk-DAY.fhir.json, owner-only, a Bundle with a Patient per intake."""
    folder = tmp_path / "exports"
    folder.mkdir()
    assert _export(clinic, "--date", FIRST, "--format", "fhir", "--out", str(folder)) == 0
    target = folder / f"kiosk-{FIRST}.fhir.json"
    assert sorted(p.name for p in folder.iterdir()) == [target.name]  # no temporary file left
    assert _mode(target) == 0o600
    bundle = json.loads(target.read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("Patient") == ON_FIRST and kinds.count("Consent") > 0
    fhir_bundle = pytest.importorskip("fhir.resources.R4B.bundle")
    fhir_bundle.Bundle.model_validate(bundle)
    assert _exports(clinic) == [
        {
            "actor": "command line",
            "subject": str(target.resolve()),
            "first": FIRST,
            "last": FIRST,
            "format": "fhir",
            "records": ON_FIRST,
            "include_pdf": True,
        }
    ]


def test_fhir_to_stdout(clinic: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format fhir --out -: the bundle on stdout, the note on stderr."""
    assert _export(clinic, "--date", FIRST, "--to", LAST, "--format", "fhir", "--out", "-") == 0
    captured = capsys.readouterr()
    kinds = [e["resource"]["resourceType"] for e in json.loads(captured.out)["entry"]]
    assert kinds.count("Patient") == ON_BOTH
    assert f"exported {ON_BOTH} intakes" in captured.err
    (entry,) = _exports(clinic)
    assert entry["subject"] == "stdout" and entry["format"] == "fhir"


def test_pdf_report_of_a_range_to_a_folder(clinic: Path, tmp_path: Path) -> None:
    """--format pdf: kiosk-FROM_TO.pdf, owner-only, a PDF; the count is audited."""
    code = _export(clinic, "--date", FIRST, "--to", LAST, "--format", "pdf", "--out", str(tmp_path))
    assert code == 0
    target = tmp_path / f"kiosk-{FIRST}_{LAST}.pdf"
    assert _mode(target) == 0o600
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    text = " ".join(pdf_text(pdf).split())
    assert f"Intakes {ON_BOTH}" in text and "Infusion Clinic" in text
    assert _exports(clinic) == [
        {
            "actor": "command line",
            "subject": str(target.resolve()),
            "first": FIRST,
            "last": LAST,
            "format": "pdf",
            "records": ON_BOTH,
            "include_pdf": False,
        }
    ]


def test_pdf_report_to_stdout_is_the_bytes(
    clinic: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """--format pdf --out -: the PDF's bytes on stdout, the note on stderr."""
    assert _export(clinic, "--date", "2026-01-01", "--format", "pdf", "--out", "-") == 0
    captured = capsysbinary.readouterr()
    assert captured.out.startswith(b"%PDF")
    assert "Intakes 0" in " ".join(pdf_text(captured.out).split())
    assert b"exported 0 intakes" in captured.err
    assert _exports(clinic)[0]["records"] == 0


def test_include_pdf_does_not_go_with_fhir_or_pdf(
    clinic: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--include-pdf with FHIR (which always holds the consents) or the report: exit 2."""
    for format_ in ("fhir", "pdf"):
        code = _export(clinic, "--date", FIRST, "--format", format_, "--include-pdf", "--out", "-")
        assert code == 2
    assert "--include-pdf goes with --format json" in capsys.readouterr().err
    assert _exports(clinic) == []


def test_a_missing_folder_cannot_be_written(
    clinic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An --out whose folder does not exist: exit 1, 'cannot write PATH: reason', nothing audited."""
    target = tmp_path / "missing" / "out.csv"
    assert _export(clinic, "--date", FIRST, "--format", "csv", "--out", str(target)) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"kiosk: error: cannot write {target}: No such file or directory"
    assert not target.parent.exists()
    assert _exports(clinic) == []


def test_a_read_only_folder_cannot_be_written(
    clinic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An --out folder nobody may write in (immutable, which binds root too): exit 1, 'cannot
    write', nothing left in it, nothing audited."""
    folder = tmp_path / "locked"
    folder.mkdir()
    with immutable(folder):
        assert _export(clinic, "--date", FIRST, "--format", "csv", "--out", str(folder)) == 1
        assert list(folder.iterdir()) == []
    err = capsys.readouterr().err
    assert f"kiosk: error: cannot write {folder}" in err
    assert "Operation not permitted" in err or "Permission denied" in err
    assert len(err.strip().splitlines()) == 1
    assert _exports(clinic) == []


def test_a_missing_folder_named_with_a_slash_is_not_taken_for_a_file(
    clinic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out exports/ that does not exist: exit 1 instead of a file called 'exports'."""
    out = f"{tmp_path / 'exports'}/"
    assert _export(clinic, "--date", FIRST, "--format", "csv", "--out", out) == 1
    assert capsys.readouterr().err.strip() == f"kiosk: error: cannot write {out}: no such folder"
    assert not (tmp_path / "exports").exists()
    assert _exports(clinic) == []


def test_a_refused_folder_cannot_be_written(
    clinic: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The system refuses a new file in the --out folder (as for a read-only one, even as root)."""

    def refuse(*args: Any, **kwargs: Any) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(export_service.tempfile, "mkstemp", refuse)
    code = _export(clinic, "--date", FIRST, "--format", "csv", "--out", str(tmp_path))
    assert code == 1
    target = tmp_path / f"kiosk-{FIRST}.csv"
    err = capsys.readouterr().err.strip()
    assert err == f"kiosk: error: cannot write {target}: Permission denied"
    assert not target.exists()
    assert _exports(clinic) == []


def test_a_file_in_place_of_a_folder_cannot_be_written(
    clinic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out under a regular file (not a folder): exit 1, 'cannot write', nothing audited."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    target = blocker / "out.csv"
    assert _export(clinic, "--date", FIRST, "--format", "csv", "--out", str(target)) == 1
    assert capsys.readouterr().err.startswith(f"kiosk: error: cannot write {target}: ")
    assert _exports(clinic) == []


def test_a_failure_while_writing_leaves_no_file_and_no_audit(
    clinic: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The disk fills up half-way: exit 1, no partial file (not even a temporary one), nothing audited."""

    def fill_disk(records: Any, out: Any) -> int:
        out.write("intake_id\n1\n")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_service, "write_csv", fill_disk)
    monkeypatch.setattr(export_service, "write_csv_lines", fill_disk)  # a kiosk's own CSV
    target = tmp_path / "out" / "day.csv"
    target.parent.mkdir()
    assert _export(clinic, "--date", FIRST, "--format", "csv", "--out", str(target)) == 1
    assert capsys.readouterr().err.strip() == (
        f"kiosk: error: cannot write {target}: No space left on device"
    )
    assert list(target.parent.iterdir()) == []
    assert _exports(clinic) == []


def test_an_export_the_audit_log_cannot_record_is_removed(
    clinic: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """If the audit entry cannot be written, the exported file does not stay behind, and the
    failure is one line on stderr with exit 1, not a traceback."""

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(AuditLog, "record", refuse)
    target = tmp_path / "day.csv"
    assert _export(clinic, "--date", FIRST, "--format", "csv", "--out", str(target)) == 1
    assert capsys.readouterr().err.strip() == "kiosk: error: database is locked"
    assert not target.exists()


def test_include_pdf_adds_the_consent_copies(clinic: Path, tmp_path: Path) -> None:
    """--include-pdf with JSON: each signed consent carries its PDF; the audit entry says so."""
    target = tmp_path / "full.json"
    code = _export(
        clinic, "--date", FIRST, "--format", "json", "--include-pdf", "--out", str(target)
    )
    assert code == 0
    consents = [r["consent"] for r in json.loads(target.read_text("utf-8")) if r["consent"]]
    assert consents and all(c["pdf_base64"] for c in consents)
    assert _exports(clinic)[0]["include_pdf"] is True


def test_include_pdf_goes_with_json_only(clinic: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--include-pdf with CSV: exit 2, nothing audited."""
    assert _export(clinic, "--date", FIRST, "--format", "csv", "--include-pdf", "--out", "-") == 2
    assert "--include-pdf goes with --format json" in capsys.readouterr().err
    assert _exports(clinic) == []
