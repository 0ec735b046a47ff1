"""The ``check`` command: read the whole database file and say whether it is sound."""

from __future__ import annotations

import argparse

from kiosk.cli.command import EXIT_OK, Command, open_data
from kiosk.services.checks import check_now


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--full",
        action="store_true",
        help="SQLite's integrity_check (also every index against its table; several times"
        " slower) instead of quick_check",
    )


def check(args: argparse.Namespace) -> int:
    """Every page of the database read (the kiosk does the same at each start): exit 0 and
    "database sound: N intakes"; a damaged file is a storage error (exit 1) naming the damage
    and the restore command with the newest good backup."""
    context = open_data(args)
    try:
        count = check_now(context, thorough=args.full)
    finally:
        context.close()
    print(f"database sound: {count} intake{'' if count == 1 else 's'}")
    return EXIT_OK


COMMANDS = (
    Command(
        ("check",),
        "read the whole database and say whether it is sound (the kiosk does at each start)",
        check,
        _check_arguments,
    ),
)
