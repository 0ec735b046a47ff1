"""The ``appointments import`` command: the day's appointments from a CSV file."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.cli.command import EXIT_OK, Command, UserError, open_data

ACTOR = "command line"  # who the audit log says imported


def csv_file_argument(parser: argparse.ArgumentParser) -> None:
    """The appointments CSV file argument (here and in ``server appointments``)."""
    parser.add_argument(
        "file",
        type=Path,
        metavar="FILE.csv",
        help="columns: date,time,first_name,last_name,date_of_birth[,note]",
    )


def appointments_import(args: argparse.Namespace) -> int:
    """Import an appointments CSV: every row or none."""
    from kiosk.services.appointments import AppointmentService  # noqa: PLC0415

    path: Path = args.file
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    context = open_data(args)
    try:
        count = AppointmentService(context).import_file(path, by=ACTOR)
    finally:
        context.close()
    print(f"imported {count} appointment{'' if count == 1 else 's'} from {path}")
    return EXIT_OK


COMMANDS = (
    Command(
        ("appointments", "import"),
        "import appointments from a CSV file",
        appointments_import,
        csv_file_argument,
    ),
)
