"""The shipped entry point, ``python main.py``, started as a real subprocess on a temp data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.core.forms import shipped_forms_dir
from tests.helpers.program import start, stop_after_line

pytestmark = pytest.mark.e2e


def test_main_starts_on_a_new_data_folder_and_stops_cleanly(tmp_path: Path) -> None:
    """The kiosk comes up on an empty folder (database created), logs ready, and SIGTERM stops it with 0."""
    data = tmp_path / "data"
    process = start("--data-dir", str(data))
    lines, code, err = stop_after_line(process, "ready data_dir=")
    assert any("mode=kiosk" in line for line in lines)
    assert (data / "kiosk.db").is_file()
    assert code == 0, err
    assert "Traceback" not in err
    assert "stopped code=0" in err


def test_windowed_try_out_also_starts(tmp_path: Path) -> None:
    """``--windowed`` for a desktop try-out starts the same way."""
    process = start("--data-dir", str(tmp_path / "data"), "--windowed")
    lines, code, _ = stop_after_line(process, "ready data_dir=")
    assert any("mode=windowed" in line for line in lines)
    assert code == 0


def test_a_broken_form_refuses_to_start_with_a_clear_message(tmp_path: Path) -> None:
    """A typo in the clinic's forms: the kiosk does not start, says which file and key, no traceback."""
    forms = tmp_path / "forms"
    shutil.copytree(shipped_forms_dir(), forms)
    checklist = forms / "checklist.toml"
    checklist.write_text(
        checklist.read_text(encoding="utf-8").replace("[form]\n", "[form]\ncolour = 1\n", 1),
        encoding="utf-8",
    )
    process = start("--data-dir", str(tmp_path / "data"), "--forms-dir", str(forms))
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "checklist.toml" in err and "colour" in err
    assert "Traceback" not in err
    assert not (tmp_path / "data" / "kiosk.db").exists()


def test_a_damaged_database_starts_the_recovery_screen_and_stops_cleanly(tmp_path: Path) -> None:
    """On a damaged database the kiosk still comes up (the recovery screen, not check-in), says on
    stderr what is wrong and the restore command, leaves the file alone, and stops with 0."""
    data = tmp_path / "data"
    created = start("--data-dir", str(data))
    assert stop_after_line(created, "ready data_dir=")[1] == 0
    database = data / "kiosk.db"
    with database.open("r+b") as handle:
        handle.write(b"\xa5" * 100)  # the header overwritten
    damaged = database.read_bytes()
    process = start("--data-dir", str(data))
    lines, code, err = stop_after_line(process, "recovery screen data_dir=")
    said = "\n".join(lines) + err
    assert code == 0, said
    assert "damaged" in said and "restore" in said
    assert "the kiosk shows staff the recovery screen instead of check-in" in said
    assert "Traceback" not in said
    assert "ready data_dir=" not in said
    assert database.read_bytes() == damaged


def test_a_damaged_middle_page_is_found_by_the_check_after_the_window_shows(
    tmp_path: Path,
) -> None:
    """A page in the middle damaged: the kiosk opens (the light check), checks the whole file in
    the background, then logs the damage and shows the recovery screen, never ready; it leaves
    the file alone, takes no backup of it, and stops with 0."""
    from kiosk.core.clock import FakeClock  # noqa: PLC0415
    from kiosk.services.context import open_context  # noqa: PLC0415
    from kiosk.services.demo.day import make_demo  # noqa: PLC0415
    from tests.helpers.faults import checkpoint, damage_middle_page  # noqa: PLC0415

    data = tmp_path / "data"
    context = open_context(data, clock=FakeClock())
    try:
        make_demo(context, 3, FakeClock().local_now().date(), seed=8)
    finally:
        context.close()
    database = data / "kiosk.db"
    checkpoint(database)
    damage_middle_page(database)
    damaged = database.read_bytes()
    process = start("--data-dir", str(data))
    lines, code, err = stop_after_line(process, "recovery screen data_dir=")
    said = "\n".join(lines) + err
    assert code == 0, said
    assert "checking the database" in said
    assert "the database check at start failed" in said and "damaged" in said
    assert "ready data_dir=" not in said
    assert "Traceback" not in said
    assert database.read_bytes() == damaged
    assert not (data / "backups").exists()
