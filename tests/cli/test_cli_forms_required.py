"""`forms check` reports a required id that a forms folder renamed."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main


def test_forms_check_names_a_renamed_required_question(
    data_dir: Path, forms_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """driver_name renamed in ride.toml: exit 2, one line naming the file and the id."""
    ride = forms_copy / "ride.toml"
    text = ride.read_text(encoding="utf-8")
    ride.write_text(text.replace('"driver_name"', '"driver"'), encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "forms", "check", str(forms_copy)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "ride.toml: driver_name: question is missing" in captured.err
    assert "discharge prefill" in captured.err
    assert "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 1
