"""The ``server`` commands: initialise the clinic server, enrol a kiosk, revoke a kiosk."""

from __future__ import annotations

import argparse
import os
from datetime import datetime
from pathlib import Path

from kiosk.cli.appointments import csv_file_argument
from kiosk.cli.command import EXIT_OK, EXIT_STORAGE, Command, UserError
from kiosk.services import server

GROUP_HELP = "the clinic server (PostgreSQL): its schema, the kiosks' logins, appointments"
CLOCK_WARNING_SECONDS = 120


def _url_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--url",
        metavar="URL",
        default=None,
        help=f"the server, as a postgresql:// URL with sslmode=verify-full and sslrootcert"
        f" (default: ${server.ENV_SERVER_URL})",
    )


def _enrol_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the kiosk's name, e.g. lobby_1")
    _url_argument(parser)
    parser.add_argument(
        "--out",
        metavar="FILE",
        type=Path,
        help="write the credential to this new file, owner-only (0600), instead of printing it",
    )


def _revoke_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="an enrolled kiosk's name")
    _url_argument(parser)


def _appointments_arguments(parser: argparse.ArgumentParser) -> None:
    csv_file_argument(parser)
    _url_argument(parser)


def _url(args: argparse.Namespace) -> str:
    url = args.url or os.environ.get(server.ENV_SERVER_URL)
    if not url:
        raise UserError(f"give the server with --url URL or ${server.ENV_SERVER_URL}")
    return str(url)


def init(args: argparse.Namespace) -> int:
    """Apply the migrations the server lacks and print the schema's version."""
    try:
        done = server.init(_url(args))
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    applied = ", ".join(map(str, done.applied)) if done.applied else "none (up to date)"
    print(f"clinic server schema version {done.version}; applied now: {applied}")
    return EXIT_OK


def enrol(args: argparse.Namespace) -> int:
    """Make a kiosk's login; its credential is printed once or written to ``--out``."""
    try:
        credential = server.enrol(_url(args), args.name, args.out)
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    if args.out is not None:
        print(f"enrolled {args.name}; its credential is in {args.out} (owner-only)")
    else:
        print(f"enrolled {args.name}; its credential, shown this once:")
        print(credential.conninfo())
    return EXIT_OK


def revoke(args: argparse.Namespace) -> int:
    """Shut a kiosk's login out and mark it revoked."""
    try:
        device = server.revoke(_url(args), args.name)
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    when = device.revoked_at.isoformat(timespec="seconds") if device.revoked_at else "?"
    print(f"revoked {device.name} at {when}; its login {device.login_role} can no longer connect")
    return EXIT_OK


def appointments(args: argparse.Namespace) -> int:
    """Book a CSV file's appointments on the server, for every kiosk to pull."""
    path: Path = args.file
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    try:
        count = server.import_appointments(_url(args), path)
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    print(f"booked {count} appointment{'' if count == 1 else 's'} from {path} on the clinic server")
    return EXIT_OK


def _when(moment: datetime | None) -> str:
    return moment.astimezone().isoformat(timespec="seconds") if moment else "never"


def status(args: argparse.Namespace) -> int:
    """Each enrolled kiosk: last seen, clock, steps received, sequence gaps, conflicts."""
    try:
        states = server.status(_url(args))
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    if not states:
        print("no kiosk is enrolled yet: python -m kiosk server enrol NAME")
    for state in states:
        words = [
            f"{state.name}:",
            f"revoked {_when(state.revoked_at)}" if state.revoked_at else "enrolled",
            f"last seen {_when(state.last_seen)}",
            f"{state.steps} steps (highest sequence {state.highest_sequence})",
            f"{state.gaps} sequence gaps",
            f"{state.conflicts} conflicts",
        ]
        skew = state.clock_skew.total_seconds() if state.clock_skew is not None else 0.0
        if abs(skew) > CLOCK_WARNING_SECONDS:
            words.append(f"clock {skew:+.0f} s from the server's")
        if state.kiosk_format is not None:
            words.append(f"step format {state.kiosk_format}")
        print(" · ".join(words))
    return EXIT_OK


COMMANDS = (
    Command(("server", "init"), "create or update the clinic server's schema", init, _url_argument),
    Command(
        ("server", "enrol"),
        "make a kiosk's login on the clinic server and show its credential once",
        enrol,
        _enrol_arguments,
    ),
    Command(
        ("server", "revoke"),
        "shut a kiosk's login out of the clinic server",
        revoke,
        _revoke_arguments,
    ),
    Command(
        ("server", "appointments"),
        "book appointments from a CSV file on the clinic server, for every kiosk",
        appointments,
        _appointments_arguments,
    ),
    Command(
        ("server", "status"),
        "show each kiosk the clinic server knows: last seen, steps, gaps, conflicts, clock",
        status,
        _url_argument,
    ),
)
