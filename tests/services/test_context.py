"""kiosk.services.context: the data folder, forms folder, backup folder and the opened context
every command runs on, and ``act()``: one act and its audit entry in one transaction."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kiosk.core.audit import AuditAction
from kiosk.core.clock import FakeClock, SystemClock
from kiosk.core.forms import shipped_forms_dir
from kiosk.core.identity import Identity
from kiosk.core.records import NewIntake
from kiosk.services.context import (
    APP_NAME,
    KioskContext,
    backup_folder,
    database_path,
    default_data_dir,
    forms_dir,
    open_context,
)
from kiosk.storage.audit import AuditLog
from kiosk.storage.audit_anchor import anchor_place, read_anchor
from kiosk.storage.errors import StorageError
from kiosk.storage.intakes import IntakeRepository
from tests.helpers.audit import refuse_audit


def test_default_data_dir_is_kiosk_data_dir_when_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$KIOSK_DATA_DIR wins; without it, the platform's user data folder named for the app."""
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "elsewhere"))
    assert default_data_dir() == tmp_path / "elsewhere"
    monkeypatch.delenv("KIOSK_DATA_DIR")
    assert default_data_dir().name == APP_NAME


def test_forms_dir_explicit_then_kiosk_forms_dir_then_shipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder given wins over $KIOSK_FORMS_DIR, which wins over the shipped forms."""
    assert forms_dir() == shipped_forms_dir()
    monkeypatch.setenv("KIOSK_FORMS_DIR", str(tmp_path / "env-forms"))
    assert forms_dir() == tmp_path / "env-forms"
    assert forms_dir(tmp_path / "given") == tmp_path / "given"


def test_open_context_loads_the_forms_of_kiosk_forms_dir(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """open_context without a forms folder loads $KIOSK_FORMS_DIR's and remembers where from."""
    folder = tmp_path / "forms"
    shutil.copytree(shipped_forms_dir(), folder)
    text = (folder / "settings.toml").read_text(encoding="utf-8")
    (folder / "settings.toml").write_text(
        text.replace('name = "', 'name = "Env ', 1), encoding="utf-8"
    )
    monkeypatch.setenv("KIOSK_FORMS_DIR", str(folder))
    context = open_context(data_dir)
    try:
        assert context.forms_folder == folder
        assert context.forms.settings.clinic.name.startswith("Env ")
    finally:
        context.close()


def test_open_context_makes_and_opens_the_database(kiosk: KioskContext, data_dir: Path) -> None:
    """A new data folder gets its encrypted database; the context holds the forms, the key,
    the clock it was given and an intake repository on that database."""
    assert database_path(data_dir).is_file()
    assert kiosk.data_dir == data_dir
    assert kiosk.forms_folder == shipped_forms_dir()
    assert kiosk.key is not None
    assert isinstance(kiosk.clock, FakeClock)
    assert isinstance(kiosk.intakes, IntakeRepository)
    assert kiosk.intakes.db is kiosk.db


def test_a_repository_made_before_the_sync_started_still_wakes_it(kiosk: KioskContext) -> None:
    """The window's session takes its repository at the first paint, before the start sets
    ``step_committed``: a step it commits afterwards still calls the hook, once."""
    repo = kiosk.intakes
    woken: list[str] = []
    kiosk.step_committed = lambda: woken.append("wake")
    repo.create_intake(
        NewIntake(
            day=date(2026, 11, 21),
            identity=Identity("Rosa", "Vega", date(1975, 3, 4)),
            language="en",
            appointment_id=None,
            form_versions={},
            created_at=datetime(2026, 11, 21, 9, tzinfo=UTC),
        )
    )
    assert woken == ["wake"]


def test_open_context_without_a_clock_uses_the_system_clock(data_dir: Path) -> None:
    """No clock given: the system clock (in the clinic's time zone)."""
    context = open_context(data_dir)
    try:
        assert isinstance(context.clock, SystemClock)
    finally:
        context.close()


def test_open_context_on_a_folder_that_cannot_be_made_is_a_storage_error(tmp_path: Path) -> None:
    """The data folder's parent is a regular file: StorageError, no traceback of the driver."""
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(StorageError):
        open_context(blocker / "data")


def test_backup_folder_from_the_settings_or_inside_the_data_folder(
    kiosk: KioskContext, tmp_path: Path
) -> None:
    """Empty ``[backup] folder``: <data folder>/backups; otherwise the folder it names."""
    assert backup_folder(kiosk.data_dir, kiosk.forms.settings.backup) == kiosk.data_dir / "backups"
    settings = replace(
        kiosk.forms.settings,
        backup=replace(kiosk.forms.settings.backup, folder=str(tmp_path / "usb")),
    )
    assert backup_folder(kiosk.data_dir, settings.backup) == tmp_path / "usb"


def staff_names(context: KioskContext) -> list[str]:
    return [row["name"] for row in context.db.query("SELECT name FROM staff ORDER BY id")]


def add_staff_row(context: KioskContext, name: str) -> None:
    at = context.clock.now().isoformat()
    context.db.execute(
        "INSERT INTO staff (name, role, pin_hash, created_at, updated_at)"
        " VALUES (?, 'nurse', 'not a real hash', ?, ?)",
        [name, at, at],
    )


def test_act_commits_the_change_and_its_entry_together_then_anchors(kiosk: KioskContext) -> None:
    """Inside act(): a row and its audit entry; after it, both are there and the anchor
    outside the database names the entry."""
    with kiosk.act() as act:
        add_staff_row(kiosk, "Nora Nurse")
        entry_id = act.record("Ada Admin", AuditAction.STAFF_ADD, "Nora Nurse")
    assert staff_names(kiosk) == ["Nora Nurse"]
    [entry] = AuditLog(kiosk.db, kiosk.clock).entries()
    assert (entry.id, entry.action) == (entry_id, "staff_add")
    place = anchor_place(kiosk.db).path
    assert place is not None
    anchor = read_anchor(place)
    assert anchor is not None and anchor.entries == entry_id


def test_act_that_fails_keeps_neither_the_change_nor_its_entry(kiosk: KioskContext) -> None:
    """An exception inside act() (after the entry was recorded) rolls both back."""
    with pytest.raises(LookupError), kiosk.act() as act:
        add_staff_row(kiosk, "Nora Nurse")
        act.record("Ada Admin", AuditAction.STAFF_ADD, "Nora Nurse")
        raise LookupError("the act fails after its entry")
    assert staff_names(kiosk) == []
    assert AuditLog(kiosk.db, kiosk.clock).entries() == []


def test_act_the_database_refuses_is_a_storage_fault_and_keeps_nothing(
    kiosk: KioskContext,
) -> None:
    """The audit entry is refused by SQLite: a StorageError (never the driver's error) and the
    change made before it in the same act is gone too."""
    refuse_audit(kiosk.db)
    with pytest.raises(StorageError), kiosk.act() as act:
        add_staff_row(kiosk, "Nora Nurse")
        act.record("Ada Admin", AuditAction.STAFF_ADD, "Nora Nurse")
    assert staff_names(kiosk) == []


def test_open_records_reads_the_settings_alone(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """open_records (an export's) reads settings.toml and opens the same database with the same
    key; the forms are not parsed, so a checklist it never shows cannot stop it."""
    from kiosk.core.forms import FormError  # noqa: PLC0415
    from kiosk.services.context import open_records  # noqa: PLC0415

    folder = tmp_path / "forms"
    shutil.copytree(shipped_forms_dir(), folder)
    text = (folder / "settings.toml").read_text(encoding="utf-8")
    (folder / "settings.toml").write_text(
        text.replace('name = "', 'name = "Records ', 1), encoding="utf-8"
    )
    (folder / "checklist.toml").write_text("not [valid", encoding="utf-8")
    monkeypatch.setenv("KIOSK_FORMS_DIR", str(folder))
    open_context(data_dir, forms_folder=shipped_forms_dir()).close()  # makes the database
    records = open_records(data_dir, clock=FakeClock())
    try:
        assert records.settings.clinic.name.startswith("Records ")
        assert records.db.execute("SELECT count(*) FROM intakes").fetchone() == (0,)
        with records.act() as act:
            act.record("test", AuditAction.EXPORT, "somewhere")
    finally:
        records.close()
    (folder / "settings.toml").write_text("not [valid", encoding="utf-8")
    with pytest.raises(FormError, match=r"settings\.toml"):
        open_records(data_dir)


def test_the_forms_package_loads_its_parsers_only_when_asked(tmp_path: Path) -> None:
    """Importing the forms' model or settings (as the read model does) leaves the loader, the
    parsers and tomllib unloaded; asking the package for load_forms loads them."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    code = (
        "import sys, kiosk.core.forms.model, kiosk.core.intake_line;"
        "print(sorted(m for m in ('kiosk.core.forms.loader', 'tomllib') if m in sys.modules));"
        "from kiosk.core.forms import load_forms;"
        "print('kiosk.core.forms.loader' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path,
        env={"PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PATH": ""},
    )  # fmt: skip
    assert done.stdout.split() == ["[]", "True"]
