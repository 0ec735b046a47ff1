"""The clinic server's admin acts: initialise its schema, enrol a kiosk, revoke a kiosk."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

from kiosk.core.appointments import AppointmentImportError, parse_csv
from kiosk.server import admin, devices, schema
from kiosk.server.admin import DeviceState
from kiosk.server.devices import Credential, Device, DeviceError

ENV_SERVER_URL = "KIOSK_SERVER_URL"
CREDENTIAL_FILE_MODE = 0o600

__all__ = [
    "ENV_SERVER_URL",
    "Credential",
    "Device",
    "DeviceState",
    "ServerProblemError",
    "enrol",
    "import_appointments",
    "init",
    "revoke",
    "status",
]


class ServerProblemError(Exception):
    """The server cannot be reached or refused the act; the message says why, in one line."""


@dataclass(frozen=True)
class InitDone:
    """What ``init`` did: the versions applied now and the schema's version after it."""

    applied: list[int]
    version: int


@contextlib.contextmanager
def _connected(url: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    try:
        conn = schema.connect(url)
    except psycopg.Error as exc:
        raise ServerProblemError(f"cannot reach the clinic server: {exc}") from None
    try:
        yield conn
    except DeviceError as exc:
        raise ServerProblemError(str(exc)) from None
    except psycopg.Error as exc:
        raise ServerProblemError(f"the clinic server refused: {exc}") from None
    finally:
        conn.close()


def init(url: str) -> InitDone:
    """Apply the migrations the server lacks (each in its own transaction)."""
    with _connected(url) as conn:
        applied = schema.apply_migrations(conn)
        return InitDone(applied, schema.current_version(conn))


def enrol(url: str, name: str, out: Path | None = None) -> Credential:
    """Make the kiosk's login; with ``out``, also write its credential there, owner-only (0600).
    The file is made first, so a file already there changes nothing on the server."""
    _check_name(name)
    if out is None:
        with _connected(url) as conn:
            return devices.enrol(conn, name)
    try:
        handle = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, CREDENTIAL_FILE_MODE)
    except OSError as exc:
        raise ServerProblemError(
            f"{out}: the credential file cannot be made ({exc.strerror})"
        ) from None
    written = False
    try:
        with _connected(url) as conn:
            credential = devices.enrol(conn, name)
        try:
            os.write(handle, (credential.conninfo() + "\n").encode("ascii"))
            os.fsync(handle)
        except OSError as exc:
            raise ServerProblemError(
                f"{out}: the credential cannot be written ({exc.strerror}); {name} was enrolled"
                " all the same: revoke it and enrol another name"
            ) from None
        written = True
    finally:
        os.close(handle)
        if not written:
            with contextlib.suppress(OSError):
                out.unlink()
    return credential


def _check_name(name: str) -> None:
    try:
        devices.check_name(name)
    except DeviceError as exc:
        raise ServerProblemError(str(exc)) from None


def revoke(url: str, name: str) -> Device:
    """Shut the kiosk's login out and mark the device revoked."""
    with _connected(url) as conn:
        return devices.revoke(conn, name)


def import_appointments(url: str, path: Path) -> int:
    """Book the appointments of a CSV file on the server, every row or none, for every kiosk
    to pull; how many. AppointmentImportError names the file and the line of a bad row."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AppointmentImportError(f"{path}: cannot be read ({exc})") from None
    rows = parse_csv(text, str(path))
    with _connected(url) as conn:
        return admin.import_appointments(conn, rows)


def status(url: str) -> list[DeviceState]:
    """Every enrolled kiosk: last seen, clock, steps, sequence gaps, conflicts."""
    with _connected(url) as conn:
        return admin.device_states(conn)
