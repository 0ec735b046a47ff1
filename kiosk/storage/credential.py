"""The kiosk's clinic-server credential file: owner-only, outside the data and backup folders."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from platformdirs import user_config_dir

from kiosk.storage.keys import APP_NAME, not_private, secret_lines

CREDENTIAL_FILE_NAME = "server.credential"


class CredentialError(Exception):
    """The credential file is missing, unsafe or unreadable; the message says which and how to fix it."""


def default_credential_file() -> Path:
    """Beside the database key: ~/.config/infusion-kiosk/server.credential on Linux."""
    return Path(user_config_dir(APP_NAME, appauthor=False)) / CREDENTIAL_FILE_NAME


def read_credential(path: Path, protected: Iterable[Path]) -> str:
    """The ``user=... password=...`` line of ``path``, under the key file's rules: a regular
    file, readable by its owner only, not inside a ``protected`` folder (the data folder, the
    backup folder), where a copy of the folder would carry the kiosk's login away."""
    for folder in protected:
        try:
            inside = path.resolve().is_relative_to(folder.resolve())
        except OSError:
            inside = False
        if inside:
            raise CredentialError(
                f"{path}: the credential file is inside {folder}; move it elsewhere and set"
                " KIOSK_SERVER_CREDENTIAL or [server] credential_file"
            )
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CredentialError(
            f"{path}: there is no credential file; make one on the server with"
            " python -m kiosk server enrol NAME --out FILE and copy it here (chmod 600)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CredentialError(f"{path}: the credential file cannot be read ({exc})") from None
    unsafe = not_private(path, mode, "credential file")
    if unsafe:
        raise CredentialError(unsafe)
    words = secret_lines(text)
    if len(words) != 1 or "user=" not in words[0] or "password=" not in words[0]:
        raise CredentialError(f"{path}: not a kiosk credential (one line: user=... password=...)")
    return words[0]
