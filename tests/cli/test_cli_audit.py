"""``audit verify`` and ``audit list`` on a real data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.clock import FakeClock
from kiosk.services.context import open_context
from kiosk.storage.audit import AuditLog


def fill(data_dir: Path) -> None:
    """Three entries in the data folder's log."""
    context = open_context(data_dir, clock=FakeClock())
    try:
        log = AuditLog(context.db, context.clock)
        for action in ("sign_in", "print", "export"):
            log.record("Ada Admin", action, "intake 1")
    finally:
        context.close()


def test_verify_passes_on_an_intact_log(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Exit 0 and the number of entries."""
    fill(data_dir)
    assert main(["--data-dir", str(data_dir), "audit", "verify"]) == 0
    assert "intact: 3 entries" in capsys.readouterr().out


def test_verify_names_the_first_changed_entry(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A changed row makes verify exit 1 naming it, with no traceback."""
    fill(data_dir)
    context = open_context(data_dir)
    try:
        context.db.execute("DROP TRIGGER audit_no_update")
        context.db.execute("UPDATE audit SET action = 'nothing' WHERE id = 2")
    finally:
        context.close()
    assert main(["--data-dir", str(data_dir), "audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "entry 2" in err and "Traceback" not in err


def test_list_filters_by_action(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Only the asked-for action is listed."""
    fill(data_dir)
    assert main(["--data-dir", str(data_dir), "audit", "list", "--action", "print"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and "\tprint\t" in lines[0]
