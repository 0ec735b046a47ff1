"""The ``run`` command: the kiosk window on the data folder (the default command)."""

from __future__ import annotations

import argparse
import sys

from kiosk.cli.command import PROG, Command, open_data
from kiosk.cli.faults import database_problem
from kiosk.cli.faults import one_line as _one_line
from kiosk.services.faults import StorageError


def _run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--windowed", action="store_true", help="a window instead of full screen")


def run(args: argparse.Namespace) -> int:
    """Start the kiosk window on the data folder; the recovery screen when it cannot be opened."""
    try:
        context = open_data(args)
    except StorageError as problem:
        print(f"{PROG}: {_one_line(database_problem(problem, args))}", file=sys.stderr)
        print(
            f"{PROG}: the kiosk shows staff the recovery screen instead of check-in",
            file=sys.stderr,
        )
        from kiosk.ui.app import run_recovery  # Qt only for this command  # noqa: PLC0415

        return run_recovery(
            problem, args.data_dir, forms_folder=args.forms_dir, windowed=args.windowed
        )
    try:
        from kiosk.ui.app import run_kiosk  # Qt only for this command  # noqa: PLC0415

        return run_kiosk(context, windowed=args.windowed)
    finally:
        context.close()


COMMANDS = (Command(("run",), "start the kiosk (the default command)", run, _run_arguments),)
