"""What every command module shares: the Command record, UserError, exit codes, opening the data."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.services.context import KioskContext

PROG = "kiosk"
EXIT_OK = 0
EXIT_STORAGE = 1  # the database or data folder cannot be used
EXIT_INPUT = 2  # a file the user gave is wrong or missing (as argparse's usage errors)
EXIT_INTERRUPTED = 130  # Ctrl-C

Handler = Callable[[argparse.Namespace], int]
Configure = Callable[[argparse.ArgumentParser], None]


class UserError(Exception):
    """A problem the user can fix; ``main`` prints it as one line."""

    def __init__(self, message: str, code: int = EXIT_INPUT) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Command:
    """One command: its words (``("forms", "check")``), help line, arguments and handler."""

    words: tuple[str, ...]
    help: str
    handler: Handler
    configure: Configure | None = None


def open_data(args: argparse.Namespace) -> KioskContext:
    """The context on ``--data-dir`` and ``--forms-dir``; the caller closes it."""
    from kiosk.services.context import open_context  # noqa: PLC0415 - a command that opens data

    return open_context(args.data_dir, forms_folder=args.forms_dir)
