"""The ``run`` command: the kiosk window on the data folder (the default command)."""

from __future__ import annotations

import argparse

from kiosk.cli.command import Command, open_data


def _run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--windowed", action="store_true", help="a window instead of full screen")


def run(args: argparse.Namespace) -> int:
    """Start the kiosk window on the data folder."""
    context = open_data(args)
    try:
        from kiosk.ui.app import run_kiosk  # Qt only for this command  # noqa: PLC0415

        return run_kiosk(context, windowed=args.windowed)
    finally:
        context.close()


COMMANDS = (Command(("run",), "start the kiosk (the default command)", run, _run_arguments),)
