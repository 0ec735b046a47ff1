"""The database key: from the environment or a private key file outside the data folder."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import secrets
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from platformdirs import user_config_dir

from kiosk.storage.errors import KeyFileUnsafeError, KeyMissingError, KeyProblemError

APP_NAME = "infusion-kiosk"
ENV_KEY = "KIOSK_DB_KEY"  # the key itself, 64 hexadecimal characters
ENV_KEY_FILE = "KIOSK_KEY_FILE"  # where the key file is
KEY_FILE_NAME = "kiosk.key"
KEY_FILE_MODE = 0o600
KEY_FOLDER_MODE = 0o700
# Every database the kiosk writes starts with these 16 bytes (SQLCipher's salt, which it takes
# from the key): a marker, then a fingerprint of the key. A wrong key is told from a damaged file
# by them, without decrypting anything. They say nothing about the key itself.
MARKER = b"KIOSK\x01"
HEADER_SIZE = 16
PLAINTEXT_HEADER = b"SQLite format 3\x00"
_HEX_KEY = re.compile(r"[0-9a-fA-F]{64}")
_KEY_FILE_NOTE = (
    "# The key of the infusion kiosk's database. Keep a copy somewhere safe, away from the\n"
    "# backups: without this key neither the database nor its backups can be read.\n"
)


class FileKind(StrEnum):
    """What the first bytes of a database file say it is."""

    NONE = "none"  # missing or empty: a new database
    PLAINTEXT = "plaintext"  # SQLite without encryption: from an earlier version of the kiosk
    KIOSK = "kiosk"  # encrypted by a kiosk (with this key or another)
    OTHER = "other"  # not a kiosk database, or its first bytes are damaged


@dataclass(frozen=True)
class DatabaseKey:
    """A 256-bit SQLCipher key and where it came from (for messages; never the key itself)."""

    secret: bytes = field(repr=False)
    source: str

    @property
    def salt(self) -> bytes:
        """The 16 bytes every database made with this key starts with."""
        digest = hmac.new(self.secret, b"infusion-kiosk database salt", hashlib.sha256).digest()
        return MARKER + digest[: HEADER_SIZE - len(MARKER)]

    def pragma(self) -> str:
        """The value for ``PRAGMA key``: the raw key and salt, so no key derivation runs."""
        return f"\"x'{self.secret.hex()}{self.salt.hex()}'\""

    def made(self, header: bytes) -> bool:
        """Whether a file starting with ``header`` was made with this key."""
        return header[:HEADER_SIZE] == self.salt


def file_header(path: Path) -> bytes:
    """The first bytes of a database file; b'' when it is missing."""
    try:
        with path.open("rb") as handle:
            return handle.read(HEADER_SIZE)
    except FileNotFoundError:
        return b""


def file_kind(path: Path) -> FileKind:
    """What ``path`` holds, from its first bytes (OSError when it cannot be read)."""
    return kind_of(file_header(path))


def kind_of(header: bytes) -> FileKind:
    """What a database file starting with ``header`` holds."""
    if not header:
        return FileKind.NONE
    if header == PLAINTEXT_HEADER:
        return FileKind.PLAINTEXT
    if header.startswith(MARKER):
        return FileKind.KIOSK
    return FileKind.OTHER


def default_key_file() -> Path:
    """The key file when nothing else is set: the platform's user config folder (Linux:
    ~/.config/infusion-kiosk/kiosk.key), which is never inside the data folder."""
    return Path(user_config_dir(APP_NAME, appauthor=False)) / KEY_FILE_NAME


def key_file_path(setting: str = "") -> Path:
    """Where the key file is: $KIOSK_KEY_FILE, the ``[security] key_file`` setting, or the default."""
    chosen = os.environ.get(ENV_KEY_FILE) or setting
    return Path(chosen).expanduser() if chosen else default_key_file()


def resolve_key(
    database: Path,
    *,
    key_file: str = "",
    protected: Iterable[Path] | None = None,
    create: bool,
) -> DatabaseKey:
    """The key for ``database``: $KIOSK_DB_KEY, else the key file (see key_file_path).

    A missing key file is made (owner-only, in an owner-only folder) only when ``create`` says
    so, that is when there is no encrypted data yet; otherwise KeyMissingError. A key file
    readable by others, or inside a ``protected`` folder (default: the database's own, the data
    folder; open_context adds the backup folder), is refused with KeyFileUnsafeError.
    """
    given = os.environ.get(ENV_KEY)
    if given is not None:
        return DatabaseKey(_parse(given, f"the environment variable {ENV_KEY}"), ENV_KEY)
    path = key_file_path(key_file)
    for folder in (database.parent,) if protected is None else protected:
        if _inside(path, folder):
            raise KeyFileUnsafeError(
                f"{path}: the key file is inside {folder}, so a copy of that folder would carry"
                f" its own key; move it elsewhere and set {ENV_KEY_FILE} or [security] key_file"
            )
    try:
        return read_key_file(path)
    except FileNotFoundError:
        if not create:
            raise KeyMissingError(
                f"{database}: the key file {path} is missing; the database cannot be read"
                " without it; restore the key file from your safe copy"
            ) from None
    return create_key_file(path)


def read_key_file(path: Path) -> DatabaseKey:
    """The key in ``path`` (FileNotFoundError when there is none); refused unless owner-only."""
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyProblemError(f"{path}: the key file cannot be read ({exc})") from None
    unsafe = not_private(path, mode, "key file")
    if unsafe:
        raise KeyFileUnsafeError(unsafe)
    words = secret_lines(text)
    return DatabaseKey(_parse(words[0] if len(words) == 1 else "", str(path)), str(path))


def not_private(path: Path, mode: int, what: str) -> str | None:
    """Why a secret file with this ``st_mode`` is unsafe (not a regular file, or readable by
    anyone but its owner), in words with the fix; None when it is safe."""
    if not stat.S_ISREG(mode):
        return f"{path}: the {what} is not a regular file"
    if stat.S_IMODE(mode) & 0o077:
        return (
            f"{path}: the {what} can be read by other users (mode {stat.S_IMODE(mode):o});"
            f" make it private with: chmod 600 {path}"
        )
    return None


def secret_lines(text: str) -> list[str]:
    """A secret file's lines that are neither blank nor ``#`` comments, stripped."""
    lines = [line.strip() for line in text.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def create_key_file(path: Path) -> DatabaseKey:
    """Make a new random key in ``path`` (0o600, its folder 0o700 when made); another process
    making it at the same moment wins and its key is used."""
    secret = secrets.token_bytes(32)
    try:
        path.parent.mkdir(mode=KEY_FOLDER_MODE, parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, KEY_FILE_MODE)
    except FileExistsError:
        return read_key_file(path)
    except OSError as exc:
        raise KeyProblemError(f"{path}: the key file cannot be made ({exc})") from None
    try:
        os.write(handle, f"{_KEY_FILE_NOTE}{secret.hex()}\n".encode("ascii"))
        os.fsync(handle)
    except OSError as exc:
        os.close(handle)
        with contextlib.suppress(OSError):
            path.unlink()
        raise KeyProblemError(f"{path}: the key file cannot be written ({exc})") from None
    os.close(handle)
    with contextlib.suppress(OSError):
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    return DatabaseKey(secret, str(path))


def _parse(text: str, where: str) -> bytes:
    if not _HEX_KEY.fullmatch(text.strip()):
        raise KeyProblemError(f"{where}: not a kiosk key (64 hexadecimal characters expected)")
    return bytes.fromhex(text.strip())


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False
