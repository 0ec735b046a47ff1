"""Encryption at rest: no patient byte in any file, and a missing, unsafe or wrong key said plainly."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.cli import main
from kiosk.core.clock import FakeClock, today
from kiosk.core.forms import FormError, load_forms
from kiosk.services.context import open_context
from kiosk.services.demo.day import make_demo
from kiosk.storage.backup import backup_to, check_backup, daily_backup, restore_from
from kiosk.storage.db import (
    DatabaseDamagedError,
    KeyFileUnsafeError,
    KeyMissingError,
    KeyProblemError,
    WrongKeyError,
    database_path,
    key_of,
    open_database,
)
from kiosk.storage.keys import (
    ENV_KEY,
    ENV_KEY_FILE,
    MARKER,
    PLAINTEXT_HEADER,
    create_key_file,
    default_key_file,
    read_key_file,
)
from kiosk.storage.migrations import MIGRATIONS
from tests.helpers.forms import broken_forms
from tests.reliability.conftest import Tally

ROOT = Path(__file__).resolve().parents[2]

CANARY_RUN = """
import sys
from datetime import date
from pathlib import Path

from kiosk.services.context import open_context
from kiosk.core.clock import FakeClock, today
from kiosk.core.forms import FormError, load_forms
from kiosk.core.session import IntakeSession
from kiosk.documents.consent_pdf import render_consent
from kiosk.storage.backup import backup_to, daily_backup
from tests.helpers.intake import BIRTH_DATE, sign_consent, walk_to

data, backups, first, last = sys.argv[1:5]
clock = FakeClock()
context = open_context(Path(data), clock=clock)
session = IntakeSession(context.forms, context.intakes, clock, render_consent)
session.begin("en", "normal")
session.identify(first, last, BIRTH_DATE)
walk_to(session, "consent")
sign_consent(session, printed_name=f"{first} {last}")
backup_to(context.db, Path(backups) / "by-hand.db")
daily_backup(context.db, Path(backups), 14, today(clock))
big = context.db.execute(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)"
    " SELECT (SELECT first_name || ' ' || last_name FROM intakes) || i AS label FROM n"
    " ORDER BY label DESC LIMIT 1"
).fetchone()[0]
assert big.startswith(first), big
context.db.execute(
    "CREATE TEMP TABLE spill AS SELECT last_name || hex(randomblob(64)) AS x FROM intakes, "
    "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)"
    " SELECT i FROM n)"
)
print("ready", flush=True)
sys.stdin.read()  # the test scans every file while this connection is open
context.close()
"""


def _forms_of(token: str) -> list[bytes]:
    """The canary as it could be stored: UTF-8 and UTF-16 (both orders), lower-cased."""
    return [token.lower().encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be")]


def _files_holding(folders: list[Path], token: str) -> dict[str, int]:
    """Every file under ``folders`` whose bytes hold the canary in any form (case ignored)."""
    found: dict[str, int] = {}
    scanned = 0
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            scanned += 1
            data = path.read_bytes().lower()
            hits = sum(data.count(form) for form in _forms_of(token))
            if hits:
                found[str(path)] = hits
    assert scanned, "nothing was scanned"
    return found


def _plain_sqlite_cannot_read(path: Path) -> None:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def test_a_canary_patient_is_in_no_byte_of_the_database_its_wal_temp_files_or_backups(
    tmp_path: Path,
) -> None:
    """A patient with a unique name checks in and signs through the real session; with the
    connection still open (so -wal and -shm exist), after two backups, a sort of 200,000 rows
    and a temporary table, no file of the data folder, the backups or the temporary folder
    holds the name in UTF-8 or UTF-16, in any case; nor after the kiosk closes. The plain
    sqlite3 module cannot read the database or the backups."""
    data, backups, temp = tmp_path / "data", tmp_path / "backups", tmp_path / "tmp"
    temp.mkdir()
    token = f"Qz{uuid.uuid4().hex[:10]}"
    first, last = f"{token}ana", f"{token}ruiz"
    env = {**os.environ, "TMPDIR": str(temp), "SQLITE_TMPDIR": str(temp)}
    child = subprocess.Popen(
        [sys.executable, "-c", CANARY_RUN, str(data), str(backups), first, last],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line == "ready\n", child.stderr.read() if child.stderr else line
        names = {p.name for p in data.iterdir()}
        assert {"kiosk.db", "kiosk.db-wal", "kiosk.db-shm"} <= names
        assert (data / "kiosk.db-wal").stat().st_size > 0
        assert len(list(backups.iterdir())) == 2
        assert _files_holding([data, backups, temp], token) == {}
    finally:
        _, errors = child.communicate("", timeout=60)
    assert child.returncode == 0, errors
    assert _files_holding([data, backups, temp], token) == {}
    for path in [database_path(data), *backups.iterdir()]:
        _plain_sqlite_cannot_read(path)
    db = open_database(database_path(data))
    try:
        stored = db.execute("SELECT first_name, last_name FROM intakes").fetchall()
        assert stored == [(first, last)]  # the name is there, only encrypted
        assert db.execute("PRAGMA temp_store").fetchone()[0] == 2  # memory
    finally:
        db.close()


# --- keys -------------------------------------------------------------------------------------


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A key file of this test only (not yet made), named by KIOSK_KEY_FILE."""
    path = tmp_path / "keys" / "kiosk.key"
    monkeypatch.setenv(ENV_KEY_FILE, str(path))
    return path


@pytest.fixture
def made(tmp_path: Path, key_file: Path) -> Iterator[Path]:
    """A database with one appointment, made with ``key_file``; closed."""
    path = tmp_path / "data" / "kiosk.db"
    db = open_database(path)
    db.execute(
        "INSERT INTO appointments (day, first_name, last_name, birth_date, name_key, created_at)"
        " VALUES ('2026-11-21', 'Ana', 'Ruiz', '1990-01-01', 'ana|ruiz', 'now')"
    )
    db.close()
    yield path


def _appointments(path: Path) -> int:
    db = open_database(path)
    try:
        return int(db.execute("SELECT count(*) FROM appointments").fetchone()[0])
    finally:
        db.close()


def test_a_new_key_file_is_made_on_first_run_owner_only_in_the_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With nothing set, the first open makes ~/.config/infusion-kiosk/kiosk.key (here under a
    temporary XDG_CONFIG_HOME): 0o600 in a 0o700 folder, outside the data folder, 64 hex
    digits; the next open uses the same key."""
    monkeypatch.delenv(ENV_KEY_FILE)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    expected = tmp_path / "config" / "infusion-kiosk" / "kiosk.key"
    assert default_key_file() == expected
    context = open_context(tmp_path / "data", clock=FakeClock())
    context.close()
    assert stat.S_IMODE(expected.stat().st_mode) == 0o600
    assert stat.S_IMODE(expected.parent.stat().st_mode) == 0o700
    lines = [line for line in expected.read_text().splitlines() if not line.startswith("#")]
    assert len(lines) == 1
    assert len(lines[0]) == 64
    assert int(lines[0], 16) >= 0
    key = read_key_file(expected)
    assert database_path(tmp_path / "data").read_bytes()[:16] == key.salt
    again = open_context(tmp_path / "data", clock=FakeClock())
    try:
        assert again.key == key
    finally:
        again.close()
    assert {p.name for p in expected.parent.iterdir()} == {"kiosk.key"}


def test_a_missing_key_file_is_a_clear_error_and_no_new_key_is_made(
    made: Path, key_file: Path, tally: Tally
) -> None:
    """When the key file is gone but the database exists, opening says which file is missing
    and to restore it; no new key is made and the database is untouched."""
    before = made.read_bytes()
    key_file.unlink()
    tally.add("faults injected")
    with pytest.raises(KeyMissingError) as caught:
        open_database(made)
    message = str(caught.value)
    assert f"the key file {key_file} is missing" in message
    assert "restore the key file from your safe copy" in message
    assert not key_file.exists()
    assert made.read_bytes() == before


@pytest.mark.parametrize("how", ["another key file", "a changed digit", "environment"])
def test_a_wrong_key_is_a_key_problem_not_damage(
    made: Path,
    key_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    tally: Tally,
    how: str,
) -> None:
    """A key that is not the database's own (another key file, one digit changed in it, or
    KIOSK_DB_KEY) is WrongKeyError saying the key does not open the database, never
    DatabaseDamagedError; the file is untouched and the right key still opens it."""
    before = made.read_bytes()
    original = key_file.read_text()
    if how == "another key file":
        other = tmp_path / "other" / "kiosk.key"
        create_key_file(other)
        monkeypatch.setenv(ENV_KEY_FILE, str(other))
    elif how == "a changed digit":
        secret = read_key_file(key_file).secret.hex()
        last = "1" if secret[-1] == "0" else "0"
        key_file.write_text(original.replace(secret, secret[:-1] + last))
    else:
        monkeypatch.setenv(ENV_KEY, "ab" * 32)
    tally.add("faults injected")
    with pytest.raises(WrongKeyError, match="the key does not open this database") as caught:
        open_database(made)
    assert not isinstance(caught.value, DatabaseDamagedError)
    assert made.read_bytes() == before
    monkeypatch.delenv(ENV_KEY, raising=False)
    monkeypatch.setenv(ENV_KEY_FILE, str(key_file))
    key_file.write_text(original)
    assert _appointments(made) == 1


@pytest.mark.parametrize(
    ("where", "length"), [(16, 84), (4096 * 2, 4096)], ids=["page 1", "a later page"]
)
def test_a_damaged_file_with_the_right_key_is_damage(
    made: Path, tally: Tally, where: int, length: int
) -> None:
    """Bytes overwritten in page 1 or a later page of a file made with this key are
    DatabaseDamagedError (restore a backup), not a key problem."""
    data = made.read_bytes()
    assert len(data) >= where + length
    made.write_bytes(data[:where] + bytes(length) + data[where + length :])
    tally.add("faults injected")
    with pytest.raises(DatabaseDamagedError, match="damaged") as caught:
        open_database(made)
    assert not isinstance(caught.value, KeyProblemError)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_a_key_file_others_can_read_is_refused(
    made: Path, key_file: Path, tally: Tally, mode: int
) -> None:
    """A key file with any group or world permission is refused, with the chmod that fixes it."""
    key_file.chmod(mode)
    tally.add("faults injected")
    with pytest.raises(KeyFileUnsafeError, match=r"can be read by other users.*chmod 600"):
        open_database(made)
    key_file.chmod(0o600)
    assert _appointments(made) == 1


def test_a_key_file_inside_the_data_or_backup_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tally: Tally
) -> None:
    """A key kept inside the data folder, or (via [security] key_file) inside the backup
    folder, is refused before any key is made there: a copied folder would carry its key."""
    data = tmp_path / "data"
    inside = data / "kiosk.key"
    monkeypatch.setenv(ENV_KEY_FILE, str(inside))
    tally.add("faults injected", 2)
    with pytest.raises(KeyFileUnsafeError, match="the key file is inside"):
        open_database(database_path(data))
    assert not inside.exists()
    monkeypatch.delenv(ENV_KEY_FILE)
    in_backups = data / "backups" / "kiosk.key"
    forms = broken_forms(tmp_path, "settings.toml", 'key_file = ""', f'key_file = "{in_backups}"')
    with pytest.raises(KeyFileUnsafeError, match="the key file is inside"):
        open_context(data, forms_folder=forms, clock=FakeClock())
    assert not in_backups.exists()


def test_the_key_file_setting_is_used_when_the_environment_names_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """[security] key_file names where the key is made and read; KIOSK_KEY_FILE overrides it."""
    monkeypatch.delenv(ENV_KEY_FILE)
    chosen = tmp_path / "secrets" / "clinic.key"
    forms = broken_forms(tmp_path, "settings.toml", 'key_file = ""', f'key_file = "{chosen}"')
    context = open_context(tmp_path / "data", forms_folder=forms, clock=FakeClock())
    try:
        assert context.key == read_key_file(chosen)
        assert key_of(context.db) == context.key
    finally:
        context.close()
    monkeypatch.setenv(ENV_KEY_FILE, str(tmp_path / "elsewhere.key"))
    with pytest.raises(KeyMissingError, match=r"elsewhere\.key is missing"):
        open_context(tmp_path / "data", forms_folder=forms, clock=FakeClock())


def test_a_relative_key_file_setting_is_a_form_error(tmp_path: Path) -> None:
    """A relative [security] key_file (it would depend on the folder the kiosk starts in) is
    refused by the forms check, naming the key."""
    forms = broken_forms(tmp_path, "settings.toml", 'key_file = ""', 'key_file = "keys/k.key"')
    with pytest.raises(FormError) as caught:
        load_forms(forms)
    assert caught.value.key == "security.key_file"
    assert "absolute path" in str(caught.value)


def test_a_key_from_the_environment_needs_no_key_file(
    tmp_path: Path, key_file: Path, monkeypatch: pytest.MonkeyPatch, tally: Tally
) -> None:
    """KIOSK_DB_KEY (64 hex digits) opens and makes databases with no key file at all; a
    malformed one is refused in plain words."""
    monkeypatch.setenv(ENV_KEY, "0123456789abcdef" * 4)
    path = tmp_path / "data" / "kiosk.db"
    open_database(path).close()
    assert _appointments(path) == 0
    assert not key_file.exists()
    assert path.read_bytes()[: len(MARKER)] == MARKER
    for bad in ("0123", "zz" * 32, ""):
        monkeypatch.setenv(ENV_KEY, bad)
        tally.add("faults injected")
        with pytest.raises(KeyProblemError, match="KIOSK_DB_KEY: not a kiosk key"):
            open_database(path)


def test_a_malformed_key_file_is_refused(made: Path, key_file: Path, tally: Tally) -> None:
    """A key file that holds no key (emptied, or half a key) is a plain KeyProblemError."""
    for text in ("", "# only a comment\n", "abcd\n"):
        key_file.write_text(text)
        tally.add("faults injected")
        with pytest.raises(KeyProblemError, match="not a kiosk key"):
            open_database(made)


def test_the_command_line_says_a_key_problem_in_one_line(
    made: Path,
    key_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tally: Tally,
) -> None:
    """A command on a database whose key file is gone prints one line on stderr naming the
    missing key file, and exits 1 (no traceback)."""
    key_file.unlink()
    tally.add("faults injected")
    code = main(["--data-dir", str(made.parent), "staff", "list"])
    captured = capsys.readouterr()
    assert code == 1
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert str(key_file) in lines[0]
    assert "missing" in lines[0]


# --- from plaintext -------------------------------------------------------------------------


def _plaintext_kiosk(folder: Path, names: list[str]) -> tuple[sqlite3.Connection, Path]:
    """A database as an earlier (unencrypted) kiosk left it: WAL, with rows; still open."""
    folder.mkdir(parents=True, exist_ok=True)
    path = database_path(folder)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")  # rows stay in the -wal, as before a crash
    MIGRATIONS.apply(Database(conn))
    for name in names:
        conn.execute(
            "INSERT INTO appointments (day, first_name, last_name, birth_date, name_key,"
            " created_at) VALUES ('2026-11-21', ?, 'Ruiz', '1990-01-01', ?, 'now')",
            [name, f"{name.lower()}|ruiz"],
        )
    return conn, path


def test_a_plaintext_database_is_encrypted_on_first_open_losing_nothing(
    tmp_path: Path,
) -> None:
    """A database of an earlier kiosk, with rows still only in its -wal, is encrypted in place
    on the first open: every row kept, the plaintext file, -wal and -shm gone, no temporary
    file left, no byte of the canary anywhere in the folder."""
    token = f"Qz{uuid.uuid4().hex[:10]}"
    names = [f"{token}{n}" for n in range(30)]
    source = tmp_path / "old"
    conn, _ = _plaintext_kiosk(source, names)
    try:
        folder = tmp_path / "data"
        folder.mkdir()
        for name in ("kiosk.db", "kiosk.db-wal", "kiosk.db-shm"):  # copied while open
            (folder / name).write_bytes((source / name).read_bytes())
    finally:
        conn.close()
    path = database_path(folder)
    assert path.read_bytes()[:16] == PLAINTEXT_HEADER
    assert (folder / "kiosk.db-wal").stat().st_size > 0
    assert _files_holding([folder], token)  # the test's own check sees the plaintext
    db = open_database(path)
    try:
        rows = [r[0] for r in db.execute("SELECT first_name FROM appointments ORDER BY id")]
        assert rows == names
        assert MIGRATIONS.pending(db) == []
    finally:
        db.close()
    assert path.read_bytes()[: len(MARKER)] == MARKER
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == ["kiosk.db"]
    assert _files_holding([folder], token) == {}
    _plain_sqlite_cannot_read(path)


def test_two_kiosks_opening_a_plaintext_database_at_once_encrypt_it_once(
    tmp_path: Path,
) -> None:
    """Two connections opening an old database at the same moment both get the encrypted one
    with every row (the second waits for the first's encryption and finds it done)."""
    conn, path = _plaintext_kiosk(tmp_path / "data", ["Ana", "Bea", "Cruz"])
    conn.close()
    counts: list[int] = []
    errors: list[BaseException] = []

    def opener() -> None:
        try:
            counts.append(_appointments(path))
        except BaseException as exc:  # noqa: BLE001 -- handed to the test thread
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert counts == [3, 3]
    assert sorted(p.name for p in path.parent.iterdir()) == ["kiosk.db"]


def test_a_damaged_plaintext_database_is_left_as_it_was(tmp_path: Path, tally: Tally) -> None:
    """An old database that fails quick_check is not encrypted: DatabaseDamagedError, and the
    file stays byte for byte for a technician."""
    conn, path = _plaintext_kiosk(tmp_path / "data", ["Ana"])
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = path.read_bytes()
    damaged = data[: 4096 * 2] + b"\xff" * 4096 + data[4096 * 3 :]
    path.write_bytes(damaged)
    tally.add("faults injected")
    with pytest.raises(DatabaseDamagedError):
        open_database(path)
    assert path.read_bytes() == damaged
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


# --- backups ----------------------------------------------------------------------------------


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[Path]:
    """A data folder with a demo day of intakes; closed."""
    clock = FakeClock()
    context = open_context(tmp_path / "data", clock=clock)
    try:
        make_demo(context, 2, today(clock))
    finally:
        context.close()
    yield tmp_path / "data"


def test_backups_are_encrypted_with_the_database_key(clinic: Path, tmp_path: Path) -> None:
    """A backup by hand and a daily one start with the key's salt, cannot be read by plain
    sqlite3, and check out with the key."""
    context = open_context(clinic, clock=FakeClock())
    try:
        made = [
            backup_to(context.db, tmp_path / "out" / "by-hand.db"),
            daily_backup(context.db, tmp_path / "daily", 3, date(2026, 11, 21)),
        ]
        assert context.key is not None
        for path in made:
            assert path is not None
            assert path.read_bytes()[:16] == context.key.salt
            _plain_sqlite_cannot_read(path)
            assert check_backup(path) == 2
    finally:
        context.close()


def test_a_backup_made_with_another_key_is_refused_and_nothing_changes(
    clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tally: Tally
) -> None:
    """With another key, check_backup and restore say the backup was made with another key;
    the data folder is untouched."""
    context = open_context(clinic, clock=FakeClock())
    try:
        backup = backup_to(context.db, tmp_path / "out" / "kiosk.db")
    finally:
        context.close()
    other = tmp_path / "other" / "kiosk.key"
    create_key_file(other)
    monkeypatch.setenv(ENV_KEY_FILE, str(other))
    tally.add("faults injected")
    with pytest.raises(WrongKeyError, match="made with another key"):
        check_backup(backup)
    before = {p.name: p.read_bytes() for p in clinic.iterdir() if p.is_file()}
    with pytest.raises(WrongKeyError):
        restore_from(backup, clinic, now=FakeClock().now())
    assert {p.name: p.read_bytes() for p in clinic.iterdir() if p.is_file()} == before


def test_a_plaintext_backup_of_an_earlier_kiosk_restores_encrypted(tmp_path: Path) -> None:
    """An old unencrypted backup still checks out and restores; what lands in the data folder
    is encrypted."""
    conn, old = _plaintext_kiosk(tmp_path / "old", ["Ana", "Bea"])
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    assert check_backup(old) == 0
    data = tmp_path / "data"
    assert restore_from(old, data, now=FakeClock().now()) is None
    restored = database_path(data)
    assert restored.read_bytes()[: len(MARKER)] == MARKER
    _plain_sqlite_cannot_read(restored)
    assert _appointments(restored) == 2
