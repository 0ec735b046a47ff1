"""The database key on its own: made private, refused when unsafe, and a wrong key told from damage by the header."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kiosk.storage.errors import KeyFileUnsafeError, KeyMissingError, KeyProblemError
from kiosk.storage.keys import (
    ENV_KEY,
    ENV_KEY_FILE,
    HEADER_SIZE,
    MARKER,
    PLAINTEXT_HEADER,
    DatabaseKey,
    FileKind,
    create_key_file,
    file_kind,
    key_file_path,
    kind_of,
    read_key_file,
    resolve_key,
)


def test_a_new_key_file_is_owner_only_in_an_owner_only_folder(tmp_path: Path) -> None:
    """create_key_file makes the file 0o600 and the folders it makes 0o700; read back, the key is the same."""
    path = tmp_path / "keys" / "kiosk.key"
    key = create_key_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert len(key.secret) == 32
    assert read_key_file(path) == key


def test_a_key_file_made_twice_keeps_the_first_key(tmp_path: Path) -> None:
    """When the file is already there (another process won), its key is used, not a new one."""
    path = tmp_path / "kiosk.key"
    first = create_key_file(path)
    assert create_key_file(path).secret == first.secret


def test_the_key_file_note_and_blank_lines_are_ignored(tmp_path: Path) -> None:
    """Comment lines and blank lines around the 64 hex digits are fine."""
    path = tmp_path / "kiosk.key"
    path.write_text("# note\n\n  " + "AB" * 32 + "  \n\n")
    path.chmod(0o600)
    assert read_key_file(path).secret == bytes.fromhex("ab" * 32)


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o700 | 0o020])
def test_a_key_file_others_may_read_is_refused(tmp_path: Path, mode: int) -> None:
    """Any group or other permission bit makes the key file unsafe; the message gives the chmod."""
    path = tmp_path / "kiosk.key"
    create_key_file(path)
    path.chmod(mode)
    with pytest.raises(KeyFileUnsafeError, match=f"chmod 600 {path}"):
        read_key_file(path)


def test_a_key_file_that_is_a_folder_is_a_key_problem(tmp_path: Path) -> None:
    """A folder where the key file should be cannot be read: KeyProblemError naming it."""
    path = tmp_path / "kiosk.key"
    path.mkdir(mode=0o700)
    with pytest.raises(KeyProblemError, match="cannot be read"):
        read_key_file(path)


@pytest.mark.parametrize("text", ["", "ab" * 31, "ab" * 32 + "\n" + "cd" * 32, "zz" * 32])
def test_a_key_file_without_one_key_is_refused(tmp_path: Path, text: str) -> None:
    """Empty, short, two keys or not hexadecimal: 'not a kiosk key'."""
    path = tmp_path / "kiosk.key"
    path.write_text(text)
    path.chmod(0o600)
    with pytest.raises(KeyProblemError, match="not a kiosk key"):
        read_key_file(path)


def test_a_missing_key_file_is_made_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """resolve_key makes a missing key file when ``create``; otherwise KeyMissingError, nothing made."""
    path = tmp_path / "config" / "kiosk.key"
    monkeypatch.setenv(ENV_KEY_FILE, str(path))
    database = tmp_path / "data" / "kiosk.db"
    with pytest.raises(KeyMissingError, match="is missing"):
        resolve_key(database, create=False)
    assert not path.exists()
    made = resolve_key(database, create=True)
    assert made == read_key_file(path)
    assert resolve_key(database, create=False) == made


def test_a_key_file_inside_a_protected_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data folder (by default) and any folder named in ``protected`` may not hold the key."""
    database = tmp_path / "data" / "kiosk.db"
    monkeypatch.setenv(ENV_KEY_FILE, str(tmp_path / "data" / "sub" / "kiosk.key"))
    with pytest.raises(KeyFileUnsafeError, match="inside"):
        resolve_key(database, create=True)
    assert not (tmp_path / "data").exists()
    monkeypatch.setenv(ENV_KEY_FILE, str(tmp_path / "backups" / "kiosk.key"))
    with pytest.raises(KeyFileUnsafeError, match="inside"):
        resolve_key(database, protected=[database.parent, tmp_path / "backups"], create=True)


def test_the_environment_key_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """KIOSK_DB_KEY is used without looking at any key file; its source names the variable."""
    monkeypatch.setenv(ENV_KEY, "0f" * 32)
    monkeypatch.setenv(ENV_KEY_FILE, str(tmp_path / "data" / "kiosk.key"))  # would be unsafe
    key = resolve_key(tmp_path / "data" / "kiosk.db", create=False)
    assert (key.secret, key.source) == (bytes.fromhex("0f" * 32), ENV_KEY)


def test_where_the_key_file_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """$KIOSK_KEY_FILE wins over the setting; a setting starting with ~ is the home folder."""
    monkeypatch.setenv(ENV_KEY_FILE, str(tmp_path / "env.key"))
    assert key_file_path("/etc/k.key") == tmp_path / "env.key"
    monkeypatch.delenv(ENV_KEY_FILE)
    assert key_file_path("/etc/k.key") == Path("/etc/k.key")
    assert key_file_path("~/k.key") == Path.home() / "k.key"


def test_the_salt_marks_files_made_with_this_key() -> None:
    """Every database starts with the marker and a fingerprint of its key: the same key always
    gives the same 16 bytes, another key other ones."""
    key = DatabaseKey(bytes(32), "test")
    other = DatabaseKey(bytes([1]) * 32, "test")
    assert len(key.salt) == HEADER_SIZE
    assert key.salt.startswith(MARKER)
    assert key.salt == DatabaseKey(bytes(32), "elsewhere").salt
    assert key.made(key.salt + b"rest of the file")
    assert not other.made(key.salt)


def test_the_secret_never_shows_in_its_repr() -> None:
    """repr() of a key (in a log or a traceback) names its source, never the secret."""
    key = DatabaseKey(bytes.fromhex("ab" * 32), "/k/kiosk.key")
    assert "ab" * 4 not in repr(key).lower()
    assert "/k/kiosk.key" in repr(key)
    assert key.pragma() == f"\"x'{'ab' * 32}{key.salt.hex()}'\""


def test_a_wrong_key_is_told_from_damage_by_the_first_bytes(tmp_path: Path) -> None:
    """A file made with another key still reads as a kiosk database (the key is wrong); one whose
    first bytes are damaged reads as something else; a missing or empty file is new; an
    unencrypted SQLite file is plaintext."""
    ours, theirs = DatabaseKey(bytes(32), "a"), DatabaseKey(bytes([7]) * 32, "b")
    made_elsewhere = theirs.salt + bytes(100)
    assert kind_of(made_elsewhere[:HEADER_SIZE]) is FileKind.KIOSK
    assert not ours.made(made_elsewhere)
    assert kind_of(b"\xa5" * HEADER_SIZE) is FileKind.OTHER
    assert kind_of(PLAINTEXT_HEADER) is FileKind.PLAINTEXT
    assert kind_of(b"") is FileKind.NONE
    assert file_kind(tmp_path / "missing.db") is FileKind.NONE
    (tmp_path / "empty.db").write_bytes(b"")
    assert file_kind(tmp_path / "empty.db") is FileKind.NONE
