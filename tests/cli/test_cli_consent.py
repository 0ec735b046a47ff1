"""``consent list`` and ``consent publish`` on a real data folder and a copy of the forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.clock import FakeClock
from kiosk.services.context import open_context
from kiosk.storage.audit import AuditLog


def next_version(forms: Path, tmp_path: Path, version: int = 2) -> Path:
    """v1 with another version number and title, outside the forms folder."""
    text = (forms / "consent" / "v1.toml").read_text(encoding="utf-8")
    text = text.replace("version = 1", f"version = {version}").replace(
        'title.en = "Consent for ketamine infusion treatment"',
        'title.en = "Consent for ketamine infusion treatment (revised)"',
    )
    source = tmp_path / f"new-v{version}.toml"
    source.write_text(text, encoding="utf-8")
    return source


def run(data_dir: Path, forms: Path, *words: str) -> int:
    """The command line on this data folder and forms folder."""
    return main(["--data-dir", str(data_dir), "--forms-dir", str(forms), *words])


def test_list_shows_the_current_version(
    data_dir: Path, forms_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The shipped v1, unsigned and current."""
    assert run(data_dir, forms_copy, "consent", "list") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("v1\t0 signed\tcurrent\t")


def test_publish_adds_the_next_version_and_audits_it(
    data_dir: Path, forms_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """v2 is copied into consent/, becomes current, and the command line is the actor."""
    source = next_version(forms_copy, tmp_path)
    assert run(data_dir, forms_copy, "consent", "publish", str(source)) == 0
    assert (forms_copy / "consent" / "v2.toml").read_bytes() == source.read_bytes()
    capsys.readouterr()
    assert run(data_dir, forms_copy, "consent", "list") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("v1\t0 signed\t\t") and lines[1].endswith("(revised)")
    assert "\tcurrent\t" in lines[1]
    context = open_context(data_dir, forms_folder=forms_copy, clock=FakeClock())
    try:
        entries = AuditLog(context.db, context.clock).entries(action="publish_consent")
    finally:
        context.close()
    assert [(e.actor, e.subject) for e in entries] == [("command line", "v2")]


def test_a_wrong_version_number_is_refused(
    data_dir: Path, forms_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """v3 while v1 is current: one line, exit 2, nothing copied."""
    source = next_version(forms_copy, tmp_path, version=3)
    assert run(data_dir, forms_copy, "consent", "publish", str(source)) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "must be 2" in err and "Traceback" not in err
    assert not (forms_copy / "consent" / "v3.toml").exists()


def test_a_broken_file_is_refused_with_the_reason(
    data_dir: Path, forms_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not TOML: one line naming the file, exit 2."""
    source = tmp_path / "broken.toml"
    source.write_text("[consent\n", encoding="utf-8")
    assert run(data_dir, forms_copy, "consent", "publish", str(source)) == 2
    err = capsys.readouterr().err
    assert "broken.toml" in err and "not valid TOML" in err


def test_verify_on_an_empty_data_folder_says_there_is_nothing_to_check(
    data_dir: Path, forms_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`consent verify --all` with no signed consent: exit 0 and says so (the tampering cases
    are in tests/reliability/test_consent_integrity.py)."""
    assert run(data_dir, forms_copy, "consent", "verify", "--all") == 0
    assert capsys.readouterr().out == "no signed consents yet\n"
