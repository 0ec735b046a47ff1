"""Signed consents tampered with in the database or in the forms folder: `consent verify` names
each one, which of text and PDF changed, and nothing about the patient."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from kiosk.cli import main
from kiosk.core.clock import FakeClock, today
from kiosk.services.context import open_context
from kiosk.services.demo.day import make_demo
from kiosk.storage import engine
from kiosk.storage.db import database_path, open_database
from tests.reliability.conftest import Tally

TEXT = "the text changed"
PDF = "the PDF changed"


@pytest.fixture
def forms(forms_copy: Path) -> Path:
    """A copy of the shipped forms folder a test may edit."""
    return forms_copy


@pytest.fixture
def clinic(data_dir: Path, forms: Path) -> Path:
    """A data folder with demo intakes, most of them with a signed consent."""
    context = open_context(data_dir, forms_folder=forms, clock=FakeClock())
    try:
        make_demo(context, 8, today(context.clock), seed=3)
    finally:
        context.close()
    return data_dir


@pytest.fixture
def tamper(clinic: Path) -> Iterator[Database]:
    """The database opened as someone with the file would (any triggers dropped)."""
    db = open_database(database_path(clinic))
    for (trigger,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'consents'"
    ).fetchall():
        db.execute(f'DROP TRIGGER "{trigger}"')
    try:
        yield db
    finally:
        db.close()


def consents(db: Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT id, intake_id, printed_name, pdf FROM consents ORDER BY id"))


def verify(
    data_dir: Path, forms: Path, capsys: pytest.CaptureFixture[str], *words: str
) -> tuple[int, list[str], str]:
    """``consent verify``: exit code, stdout lines, stderr."""
    code = main(
        ["--data-dir", str(data_dir), "--forms-dir", str(forms), "consent", "verify", *words]
    )
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out.splitlines(), err


def flip_pdf_byte(db: Database, consent_id: int, where: float = 0.5) -> None:
    """One byte of the stored PDF changed."""
    [row] = db.query("SELECT pdf FROM consents WHERE id = ?", [consent_id])
    pdf = bytearray(row["pdf"])
    index = int((len(pdf) - 1) * where)
    pdf[index] ^= 0x01
    db.execute("UPDATE consents SET pdf = ? WHERE id = ?", [bytes(pdf), consent_id])


def test_intact_consents_pass(
    clinic: Path, forms: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Untouched: exit 0, every consent counted, and one consent alone by its id."""
    db = open_database(database_path(clinic))
    try:
        count = len(consents(db))
    finally:
        db.close()
    assert count >= 5
    code, out, err = verify(clinic, forms, capsys, "--all")
    assert (code, err) == (0, "")
    assert out == [f"all {count} signed consents intact: texts and PDFs match their hashes"]
    code, out, _ = verify(clinic, forms, capsys, "1")
    assert code == 0 and out == ["consent 1 intact: its text and PDF match their hashes"]


def test_changed_pdf_bytes_are_named(
    clinic: Path, forms: Path, tamper: Database, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    """One flipped byte: that consent is named with its intake, as a changed PDF only; no
    patient name and no PDF bytes on the terminal."""
    rows = consents(tamper)
    victim = rows[1]
    flip_pdf_byte(tamper, victim["id"])
    tally.add("hostile inputs tried")
    code, out, err = verify(clinic, forms, capsys, "--all")
    assert code == 1
    assert len(out) == 1
    assert out[0].startswith(f"consent {victim['id']} (intake {victim['intake_id']}, v1 ")
    assert PDF in out[0] and TEXT not in out[0]
    assert (
        err
        == f"kiosk: error: 1 of {len(rows)} signed consents changed since signing (listed above)\n"
    )
    shown = "\n".join(out) + err
    assert all(row["printed_name"] not in shown for row in rows)
    assert "%PDF" not in shown
    code, out, _ = verify(clinic, forms, capsys, str(victim["id"]))
    assert code == 1 and len(out) == 1 and PDF in out[0]
    code, _, _ = verify(clinic, forms, capsys, str(rows[0]["id"]))
    assert code == 0


def test_a_changed_text_hash_is_named(
    clinic: Path, forms: Path, tamper: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    """The stored text hash replaced: named as a changed text, the PDF still fine."""
    victim = consents(tamper)[0]["id"]
    tamper.execute("UPDATE consents SET text_sha256 = ? WHERE id = ?", ["0" * 64, victim])
    code, out, _ = verify(clinic, forms, capsys, "--all")
    assert code == 1 and len(out) == 1
    assert out[0].startswith(f"consent {victim} ") and TEXT in out[0] and PDF not in out[0]


def test_text_and_pdf_changed_together_are_named_in_one_line(
    clinic: Path, forms: Path, tamper: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another consent's PDF copied over this one and both hashes overwritten: one line for the
    consent, naming the text and the PDF."""
    rows = list(tamper.query("SELECT id, pdf FROM consents ORDER BY id"))
    source, victim = rows[0], rows[1]
    tamper.execute(
        "UPDATE consents SET pdf = ?, pdf_sha256 = ?, text_sha256 = ? WHERE id = ?",
        [source["pdf"], "f" * 64, "e" * 64, victim["id"]],
    )
    code, out, _ = verify(clinic, forms, capsys, "--all")
    assert code == 1 and len(out) == 1
    assert out[0].startswith(f"consent {victim['id']} ") and TEXT in out[0] and PDF in out[0]


def test_an_edited_published_text_names_every_consent_signed_on_it(
    clinic: Path, forms: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rewording consent/v1.toml (both languages) after patients signed it: each is named."""
    path = forms / "consent" / "v1.toml"
    text = path.read_text(encoding="utf-8")
    for title in ('title.en = "Consent for', 'title.es = "Consentimiento para'):
        assert title in text
        text = text.replace(title, f"{title} the")
    path.write_text(text, encoding="utf-8")
    code, out, _ = verify(clinic, forms, capsys, "--all")
    db = open_database(database_path(clinic))
    try:
        count = len(consents(db))
    finally:
        db.close()
    assert code == 1 and len(out) == count
    assert all(TEXT in line and PDF not in line for line in out)


def test_a_version_missing_from_the_forms_folder_is_named(
    clinic: Path, forms: Path, tamper: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    """A consent that says it was signed on a version the forms folder lacks cannot be checked."""
    victim = consents(tamper)[0]["id"]
    tamper.execute("UPDATE consents SET version = 9 WHERE id = ?", [victim])
    code, out, _ = verify(clinic, forms, capsys, "--all")
    assert code == 1 and len(out) == 1
    assert "consent v9 is not in the forms folder" in out[0]


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ((), "give one consent ID or --all"),
        (("3", "--all"), "give one consent ID or --all"),
        (("999",), "there is no signed consent with id 999"),
    ],
)
def test_wrong_arguments_are_one_plain_line(
    clinic: Path,
    forms: Path,
    capsys: pytest.CaptureFixture[str],
    words: tuple[str, ...],
    message: str,
) -> None:
    """No id and no --all, both, or an unknown id: exit 2 with one line."""
    code, out, err = verify(clinic, forms, capsys, *words)
    assert (code, out, err) == (2, [], f"kiosk: error: {message}\n")


def test_random_byte_flips_are_all_named(
    clinic: Path,
    forms: Path,
    tamper: Database,
    capsys: pytest.CaptureFixture[str],
    full_run: bool,
    tally: Tally,
) -> None:
    """Rounds of one byte flipped anywhere in the PDFs of a random few consents: exactly those
    are named, and once put back, all pass again (the full run does many more rounds)."""
    rng = random.Random(7)
    rows = consents(tamper)
    for _ in range(25 if full_run else 3):
        chosen = rng.sample(rows, rng.randint(1, len(rows)))
        for row in chosen:
            flip_pdf_byte(tamper, row["id"], rng.random())
            tally.add("hostile inputs tried")
        code, out, _ = verify(clinic, forms, capsys, "--all")
        assert code == 1
        assert [int(line.split()[1]) for line in out] == sorted(row["id"] for row in chosen)
        for row in chosen:
            tamper.execute("UPDATE consents SET pdf = ? WHERE id = ?", [row["pdf"], row["id"]])
        assert verify(clinic, forms, capsys, "--all")[0] == 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE consents SET pdf = x'00' WHERE id = (SELECT min(id) FROM consents)",
        "UPDATE consents SET text_sha256 = '0' WHERE id = (SELECT min(id) FROM consents)",
        "DELETE FROM consents WHERE id = (SELECT min(id) FROM consents)",
    ],
    ids=["pdf", "text hash", "delete"],
)
def test_the_kiosk_refuses_to_change_or_delete_a_signed_consent(
    clinic: Path, statement: str
) -> None:
    """Through the kiosk's own connection a signed consent cannot be changed or removed: the
    database's triggers refuse it and the consent stays byte for byte as signed."""
    db = open_database(database_path(clinic))
    try:
        before = consents(db)
        assert before, "the demo day signs consents"
        with pytest.raises(engine.Error, match="signed consent cannot be"):
            db.execute(statement)
        assert consents(db) == before
    finally:
        db.close()
