"""The staff commands: add, list, disable, enable and reset-pin, and how they ask for a PIN."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core import pins
from kiosk.core.clock import FakeClock
from kiosk.core.forms.settings import StaffSettings
from kiosk.core.staff import Reason
from kiosk.storage.db import database_path, open_database
from kiosk.storage.staff import StaffRepository

PIN = "482915"
OTHER_PIN = "739104"
CHEAP = 2**10


class _Terminal(io.StringIO):
    """Standard input that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI reads pins.DEFAULT_COST when it runs; tests make it cheap and clear $KIOSK_NEW_PIN."""
    monkeypatch.setattr(pins, "DEFAULT_COST", CHEAP)
    monkeypatch.delenv("KIOSK_NEW_PIN", raising=False)


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input is a pipe, as in a scripted install."""
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A terminal on stdin, and getpass answering with the PINs the test puts in the list."""
    answers: list[str] = []
    prompts: list[str] = []

    def fake_getpass(prompt: str = "Password: ", stream: object = None) -> str:
        prompts.append(prompt)
        if not answers:
            raise EOFError
        return answers.pop(0)

    monkeypatch.setattr("sys.stdin", _Terminal(""))
    monkeypatch.setattr("getpass.getpass", fake_getpass)
    yield answers
    for prompt in prompts:
        assert PIN not in prompt


def _kiosk(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "staff", *args])


def _add(data_dir: Path, name: str = "Ann Lee", role: str = "admin") -> int:
    return _kiosk(data_dir, "add", "--role", role, "--name", name)


def _rows(data_dir: Path) -> list[dict[str, object]]:
    db = open_database(database_path(data_dir))
    try:
        return list(db.query("SELECT * FROM staff ORDER BY id"))
    finally:
        db.close()


def _sign_in(data_dir: Path, staff_id: int, pin: str) -> Reason:
    db = open_database(database_path(data_dir))
    try:
        staff = StaffRepository(db, FakeClock(), StaffSettings(), cost=CHEAP)
        return staff.settle(staff.verify(staff_id, pin)).reason
    finally:
        db.close()


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("kiosk: error: ")
    assert "Traceback" not in err
    return lines[0]


def test_help_documents_the_pin_variable(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`staff --help` lists the commands; `staff add --help` and `reset-pin --help` explain $KIOSK_NEW_PIN."""
    assert main(["--data-dir", str(data_dir), "--help"]) == 0
    assert "staff" in capsys.readouterr().out
    assert _kiosk(data_dir, "--help") == 0
    out = capsys.readouterr().out
    for command in ("add", "list", "disable", "enable", "reset-pin"):
        assert command in out
    for asking in ("add", "reset-pin"):
        assert _kiosk(data_dir, asking, "--help") == 0
        out = " ".join(capsys.readouterr().out.split())
        assert "KIOSK_NEW_PIN" in out
        assert "never given as an argument" in out


def test_add_with_pin_from_environment(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_terminal: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With $KIOSK_NEW_PIN and no terminal, `staff add` creates the admin with that PIN."""
    monkeypatch.setenv("KIOSK_NEW_PIN", PIN)
    assert _add(data_dir) == 0
    captured = capsys.readouterr()
    assert captured.out == "added admin 'Ann Lee' (id 1)\n"
    assert PIN not in captured.out + captured.err
    [row] = _rows(data_dir)
    assert (row["name"], row["role"], row["disabled"]) == ("Ann Lee", "admin", 0)
    assert str(row["pin_hash"]).startswith("scrypt$n=1024,")
    assert _sign_in(data_dir, 1, PIN) == Reason.OK


@pytest.mark.parametrize(
    ("pin", "words"),
    [
        ("234567", "too easy to guess (sequential digits)"),
        ("373737", "too easy to guess (repeated digits)"),
        ("123456", "too easy to guess (one of the most used PINs)"),
        ("48291", "too short (at least 6 digits)"),
        ("4829157361054", "too long (at most 12 digits)"),
        ("48291x", "characters other than digits"),
    ],
)
def test_weak_pin_exits_2_naming_the_rule(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_terminal: None,
    capsys: pytest.CaptureFixture[str],
    pin: str,
    words: str,
) -> None:
    """A PIN against the policy is refused in one line naming the rule; nobody is added."""
    monkeypatch.setenv("KIOSK_NEW_PIN", pin)
    assert _add(data_dir) == 2
    captured = capsys.readouterr()
    line = _one_error_line(captured.err)
    assert words in line
    assert line.endswith("; choose another") or "digits only" in line
    assert pin not in captured.out + captured.err
    assert _rows(data_dir) == []


def test_no_terminal_and_no_variable_exits_2(
    data_dir: Path, no_terminal: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a terminal to ask at and without $KIOSK_NEW_PIN, nothing is added."""
    assert _add(data_dir) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert "no terminal to ask for the PIN" in line
    assert _rows(data_dir) == []


def test_add_asks_twice_at_the_terminal(
    data_dir: Path, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """At a terminal the PIN is asked twice through getpass and never shown."""
    typed.extend([PIN, PIN])
    assert _add(data_dir, "Nora Nurse", "nurse") == 0
    captured = capsys.readouterr()
    assert "added nurse 'Nora Nurse' (id 1)" in captured.out
    assert PIN not in captured.out + captured.err
    assert typed == []
    assert _sign_in(data_dir, 1, PIN) == Reason.OK


def test_add_refuses_two_different_pins(
    data_dir: Path, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """When the second PIN differs, nothing is added."""
    typed.extend([PIN, OTHER_PIN])
    assert _add(data_dir) == 2
    assert "the two PINs differ" in _one_error_line(capsys.readouterr().err)
    assert _rows(data_dir) == []


def test_weak_typed_pin_is_refused_before_the_second_prompt(
    data_dir: Path, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A weak PIN at the terminal is refused at once, naming the rule."""
    typed.extend(["987654", "987654"])
    assert _add(data_dir) == 2
    assert "sequential digits" in _one_error_line(capsys.readouterr().err)
    assert typed == ["987654"]


def test_end_of_input_at_the_prompt(
    data_dir: Path, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-D at the prompt is one line and exit 2."""
    assert _add(data_dir) == 2
    assert "no PIN given" in _one_error_line(capsys.readouterr().err)


def test_pin_is_not_an_argument(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """There is no --pin option: argparse refuses it."""
    assert _kiosk(data_dir, "add", "--role", "admin", "--name", "Ann", "--pin", PIN) == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_duplicate_name_is_refused_before_asking(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    typed: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A name already taken is refused before any PIN is asked."""
    monkeypatch.setenv("KIOSK_NEW_PIN", PIN)
    assert _add(data_dir) == 0
    monkeypatch.delenv("KIOSK_NEW_PIN")
    capsys.readouterr()
    typed.extend([OTHER_PIN, OTHER_PIN])
    assert _add(data_dir, "ann lee", "nurse") == 2
    assert "already a staff member called 'ann lee'" in _one_error_line(capsys.readouterr().err)
    assert typed == [OTHER_PIN, OTHER_PIN]


def test_list_never_shows_hashes_or_pins(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_terminal: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`staff list` shows id, name, role and status, sorted by name; never the PIN or its hash."""
    assert _kiosk(data_dir, "list") == 0
    assert "no staff yet" in capsys.readouterr().out
    monkeypatch.setenv("KIOSK_NEW_PIN", PIN)
    assert _add(data_dir, "Zoe Admin", "admin") == 0
    monkeypatch.setenv("KIOSK_NEW_PIN", OTHER_PIN)
    assert _add(data_dir, "Ann Lee", "nurse") == 0
    assert _kiosk(data_dir, "disable", "2") == 0
    capsys.readouterr()
    assert _kiosk(data_dir, "list") == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "ID  NAME       ROLE   STATUS",
        " 2  Ann Lee    nurse  disabled",
        " 1  Zoe Admin  admin  active",
    ]
    hashes = [str(row["pin_hash"]) for row in _rows(data_dir)]
    for secret in (PIN, OTHER_PIN, "scrypt", *hashes, *(h.split("$")[-1] for h in hashes)):
        assert secret not in captured.out + captured.err


def test_disable_and_enable(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_terminal: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A disabled member cannot sign in until enabled again; an unknown id is one line, exit 2."""
    monkeypatch.setenv("KIOSK_NEW_PIN", PIN)
    assert _add(data_dir, "Nora Nurse", "nurse") == 0
    assert _kiosk(data_dir, "disable", "1") == 0
    assert "disabled nurse 'Nora Nurse' (id 1)" in capsys.readouterr().out
    assert _sign_in(data_dir, 1, PIN) == Reason.DISABLED
    assert _kiosk(data_dir, "enable", "1") == 0
    assert "enabled nurse 'Nora Nurse' (id 1)" in capsys.readouterr().out
    assert _sign_in(data_dir, 1, PIN) == Reason.OK
    assert _kiosk(data_dir, "disable", "7") == 2
    assert "no staff member with id 7" in _one_error_line(capsys.readouterr().err)
    assert _kiosk(data_dir, "enable", "zero") == 2
    assert "not a staff id" in capsys.readouterr().err


def test_reset_pin_lifts_the_lock(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_terminal: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`staff reset-pin` sets the new PIN (same rules as add) and lifts a lockout."""
    monkeypatch.setenv("KIOSK_NEW_PIN", PIN)
    assert _add(data_dir, "Nora Nurse", "nurse") == 0
    for _ in range(5):
        _sign_in(data_dir, 1, OTHER_PIN)
    assert _sign_in(data_dir, 1, PIN) == Reason.LOCKED
    monkeypatch.setenv("KIOSK_NEW_PIN", "345678")
    assert _kiosk(data_dir, "reset-pin", "1") == 2
    assert "sequential digits" in _one_error_line(capsys.readouterr().err)
    assert _sign_in(data_dir, 1, PIN) == Reason.LOCKED
    monkeypatch.setenv("KIOSK_NEW_PIN", OTHER_PIN)
    assert _kiosk(data_dir, "reset-pin", "1") == 0
    captured = capsys.readouterr()
    assert "new PIN set for nurse 'Nora Nurse' (id 1)" in captured.out
    assert OTHER_PIN not in captured.out + captured.err
    assert _sign_in(data_dir, 1, OTHER_PIN) == Reason.OK


def test_reset_pin_unknown_or_without_terminal(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_terminal: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An unknown id is refused before asking; without a terminal or variable, exit 2."""
    assert _kiosk(data_dir, "reset-pin", "3") == 2
    assert "no staff member with id 3" in _one_error_line(capsys.readouterr().err)
    monkeypatch.setenv("KIOSK_NEW_PIN", PIN)
    assert _add(data_dir) == 0
    monkeypatch.delenv("KIOSK_NEW_PIN")
    capsys.readouterr()
    assert _kiosk(data_dir, "reset-pin", "1") == 2
    assert "no terminal to ask for the PIN" in _one_error_line(capsys.readouterr().err)
    assert _sign_in(data_dir, 1, PIN) == Reason.OK


def _audit(data_dir: Path, action: str) -> list[tuple[str, str, str]]:
    """(actor, subject, detail) of the stored audit rows of one action, oldest first."""
    db = open_database(database_path(data_dir))
    try:
        return [
            (str(r["actor"]), str(r["subject"]), str(r["detail"]))
            for r in db.query("SELECT * FROM audit WHERE action = ? ORDER BY id", [action])
        ]
    finally:
        db.close()


LAST_ADMIN_LINE = (
    "kiosk: error: Ann Lee is the last active admin: add or enable another admin first, so"
    " someone can still manage staff"
)


def test_the_last_active_admin_cannot_be_disabled_or_made_a_nurse(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_terminal: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`staff disable` and `staff role ID nurse` of the only active admin: exit 2, one line on
    stderr naming them and what to do first; the account stays an active admin, nothing audited."""
    monkeypatch.setenv("KIOSK_NEW_PIN", PIN)
    assert _add(data_dir, "Ann Lee", "admin") == 0
    capsys.readouterr()
    for words in (("disable", "1"), ("role", "1", "nurse")):
        assert _kiosk(data_dir, *words) == 2
        captured = capsys.readouterr()
        assert _one_error_line(captured.err) == LAST_ADMIN_LINE
        assert captured.out == ""
    [row] = _rows(data_dir)
    assert (row["role"], row["disabled"]) == ("admin", 0)
    assert _audit(data_dir, "staff_disable") == []
    assert _audit(data_dir, "staff_role") == []


def test_staff_role_changes_the_role_and_is_audited(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_terminal: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`staff role ID admin` makes a nurse an admin, after which the first admin may become a
    nurse; each is one `staff_role` entry by the command line; an unknown id is exit 2."""
    monkeypatch.setenv("KIOSK_NEW_PIN", PIN)
    assert _add(data_dir, "Ann Lee", "admin") == 0
    monkeypatch.setenv("KIOSK_NEW_PIN", OTHER_PIN)
    assert _add(data_dir, "Nora Nurse", "nurse") == 0
    capsys.readouterr()
    assert _kiosk(data_dir, "role", "2", "admin") == 0
    assert capsys.readouterr().out == "'Nora Nurse' (id 2) is now an admin\n"
    assert _kiosk(data_dir, "role", "1", "nurse") == 0
    assert capsys.readouterr().out == "'Ann Lee' (id 1) is now a nurse\n"
    assert [(r["name"], r["role"]) for r in _rows(data_dir)] == [
        ("Ann Lee", "nurse"),
        ("Nora Nurse", "admin"),
    ]
    assert _audit(data_dir, "staff_role") == [
        ("command line", "staff 2", '{"name": "Nora Nurse", "role": "admin"}'),
        ("command line", "staff 1", '{"name": "Ann Lee", "role": "nurse"}'),
    ]
    assert _kiosk(data_dir, "role", "7", "nurse") == 2
    assert "no staff member with id 7" in _one_error_line(capsys.readouterr().err)
    assert _kiosk(data_dir, "role", "1", "doctor") == 2
    assert "invalid choice" in capsys.readouterr().err
