"""The backup and restore commands: round trip, daily backups, audit entries, plain errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.audit import AuditEntry
from kiosk.core.clock import FakeClock, today
from kiosk.services.context import open_context
from kiosk.services.demo.day import make_demo
from kiosk.storage.audit import AuditLog
from kiosk.storage.db import database_path, open_database


@pytest.fixture
def clinic(data_dir: Path) -> Path:
    """A data folder with three demo intakes of the clock's day."""
    add_intakes(data_dir, 3)
    return data_dir


def add_intakes(data_dir: Path, count: int, seed: int = 0) -> None:
    context = open_context(data_dir, clock=FakeClock())
    try:
        make_demo(context, count, today(context.clock), seed=seed)
    finally:
        context.close()


def entries(database: Path, action: str) -> list[AuditEntry]:
    db = open_database(database)
    try:
        return AuditLog(db, FakeClock()).entries(action=action)
    finally:
        db.close()


def chain_intact(database: Path) -> bool:
    db = open_database(database)
    try:
        return AuditLog(db, FakeClock()).verify() is None
    finally:
        db.close()


def intake_count(database: Path) -> int:
    db = open_database(database)
    try:
        return int(db.execute("SELECT count(*) FROM intakes").fetchone()[0])
    finally:
        db.close()


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    """The error, checked to be one 'kiosk: error:' line with no traceback and nothing on stdout."""
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("kiosk: error: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err
    return err


def test_backup_then_restore_round_trip(
    clinic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`backup --out` says how many intakes it saved and audits it; `restore` puts them back,
    keeps the replaced database (which still opens, with its backup entry) and audits the
    restore in the restored database."""
    target = tmp_path / "usb" / "kiosk-backup.db"
    target.parent.mkdir()
    assert run(clinic, "backup", "--out", str(target)) == 0
    assert capsys.readouterr().out == f"backed up 3 intakes to {target}\n"
    [backed_up] = entries(database_path(clinic), "backup")
    assert (backed_up.actor, backed_up.subject) == ("command line", str(target))
    assert json.loads(backed_up.detail) == {"intakes": 3}

    add_intakes(clinic, 2, seed=1)  # work done after the backup
    assert run(clinic, "restore", str(target)) == 0
    out = capsys.readouterr().out
    match = re.fullmatch(
        rf"restored {re.escape(str(target))} \(3 intakes\); the replaced database is kept at"
        r" (.+)\n",
        out,
    )
    assert match is not None, out
    kept = Path(match[1])
    assert kept.parent == clinic / "replaced"
    assert intake_count(kept) == 5
    assert len(entries(kept, "backup")) == 1

    restored = database_path(clinic)
    assert intake_count(restored) == 3
    assert entries(restored, "backup") == []  # the backup was taken before its entry
    [restore] = entries(restored, "restore")
    assert (restore.actor, restore.subject) == ("command line", str(target))
    assert json.loads(restore.detail) == {"intakes": 3, "replaced": str(kept)}
    assert chain_intact(restored)
    assert chain_intact(kept)


def test_restore_into_a_fresh_data_folder(
    clinic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Restoring where there is no database yet replaces nothing and says so by saying less."""
    target = tmp_path / "kiosk-backup.db"
    assert run(clinic, "backup", "--out", str(target)) == 0
    capsys.readouterr()
    fresh = tmp_path / "new-kiosk"
    assert run(fresh, "restore", str(target)) == 0
    assert capsys.readouterr().out == f"restored {target} (3 intakes)\n"
    assert intake_count(database_path(fresh)) == 3
    assert not (fresh / "replaced").exists()


def test_daily_backup_into_the_configured_folder(
    clinic: Path, tmp_path: Path, forms_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`backup --daily` takes today's backup once into settings' folder, keeps `keep` of them,
    and audits only the one it took."""
    folder = tmp_path / "nas" / "kiosk"
    settings = forms_copy / "settings.toml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace('\nfolder = ""\n', f'\nfolder = "{folder}"\n', 1).replace(
        "keep = 14", "keep = 2"
    )
    settings.write_text(text, encoding="utf-8")
    folder.mkdir(parents=True)
    for old in ("kiosk-2020-01-01.db", "kiosk-2020-01-02.db"):
        (folder / old).write_bytes(b"")
    args = ["--data-dir", str(clinic), "--forms-dir", str(forms_copy), "backup", "--daily"]

    assert main(args) == 0
    out = capsys.readouterr().out
    match = re.fullmatch(
        rf"backed up 3 intakes to ({re.escape(str(folder))}/kiosk-[-\d]+\.db)\n", out
    )
    assert match is not None, out
    taken = Path(match[1])
    assert sorted(p.name for p in folder.iterdir()) == ["kiosk-2020-01-02.db", taken.name]

    assert main(args) == 0
    assert capsys.readouterr().out == f"today's backup is already there: {taken}\n"
    [entry] = entries(database_path(clinic), "backup")
    assert entry.subject == str(taken)


def test_daily_backup_defaults_to_the_data_folder(
    clinic: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a folder in the settings, daily backups go to <data folder>/backups."""
    assert run(clinic, "backup", "--daily") == 0
    assert capsys.readouterr().out.startswith(f"backed up 3 intakes to {clinic / 'backups'}/kiosk-")
    assert len(list((clinic / "backups").glob("kiosk-*.db"))) == 1


def test_restore_of_a_damaged_backup_is_refused(
    clinic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A damaged backup: exit 1 with one line naming the problem, and the database untouched."""
    target = tmp_path / "kiosk-backup.db"
    assert run(clinic, "backup", "--out", str(target)) == 0
    capsys.readouterr()
    data = target.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    before = database_path(clinic).read_bytes()
    assert run(clinic, "restore", str(target)) == 1
    assert f"{target}: damaged: " in one_error_line(capsys)
    assert database_path(clinic).read_bytes() == before
    assert not (clinic / "replaced").exists()


def test_restore_of_something_else_is_refused(
    clinic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file that is not a kiosk backup: exit 1 with one plain line."""
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n")
    assert run(clinic, "restore", str(notes)) == 1
    assert "not a kiosk backup" in one_error_line(capsys)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["restore", "missing.db"], "missing.db: no such file"),
        (["backup", "--out", "no-such-folder/kiosk.db"], "no-such-folder: no such folder"),
        (["backup", "--out", "."], ".: is a folder; give the backup's file name"),
    ],
)
def test_bad_arguments_exit_2(
    clinic: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    """A missing backup file or output folder is the user's to fix: exit 2, one line."""
    monkeypatch.chdir(tmp_path)
    assert run(clinic, *args) == 2
    assert one_error_line(capsys) == f"kiosk: error: {message}\n"
    assert not (clinic / "replaced").exists()


def test_backup_needs_out_or_daily(clinic: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`backup` alone is a usage error (exit 2), as is giving both."""
    assert run(clinic, "backup") == 2
    assert "one of the arguments --out --daily is required" in capsys.readouterr().err
    assert run(clinic, "backup", "--daily", "--out", "x.db") == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_backup_onto_the_database_itself_is_a_storage_error(
    clinic: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Backing up onto the database in use: exit 1, one line, the database still whole."""
    assert run(clinic, "backup", "--out", str(database_path(clinic))) == 1
    assert "this is the database itself" in one_error_line(capsys)
    assert intake_count(database_path(clinic)) == 3


def test_a_broken_forms_folder_stops_restore_before_anything_changes(
    clinic: Path, tmp_path: Path, forms_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Restore loads the forms before touching the database: broken forms, nothing replaced."""
    target = tmp_path / "kiosk-backup.db"
    assert run(clinic, "backup", "--out", str(target)) == 0
    capsys.readouterr()
    (forms_copy / "settings.toml").write_text("[backup]\nkeep = 'many'\n", encoding="utf-8")
    args = ["--data-dir", str(clinic), "--forms-dir", str(forms_copy), "restore", str(target)]
    assert main(args) == 2
    one_error_line(capsys)
    assert not (clinic / "replaced").exists()
