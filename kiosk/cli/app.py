"""The command table, the parser built from it, the default ``run`` command, logging and ``main``."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk.cli import (
    aftercare,
    appointments,
    audit,
    backup,
    check,
    consent,
    demo,
    export,
    forms,
    kiosk_run,
    server,
    staff,
    station,
    sync,
)
from kiosk.cli.command import (
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_STORAGE,
    PROG,
    Command,
    UserError,
)
from kiosk.cli.faults import database_problem
from kiosk.core.appointments import AppointmentImportError
from kiosk.core.forms import FormError
from kiosk.services.context import default_data_dir, forms_dir
from kiosk.services.faults import is_storage_fault

GROUPS = {
    "forms": forms.GROUP_HELP,
    "appointments": appointments.GROUP_HELP,
    "staff": staff.GROUP_HELP,
    "audit": audit.GROUP_HELP,
    "consent": consent.GROUP_HELP,
    "server": server.GROUP_HELP,
    "sync": sync.GROUP_HELP,
}

COMMANDS: tuple[Command, ...] = (
    *kiosk_run.COMMANDS,
    *forms.COMMANDS,
    *demo.COMMANDS,
    *appointments.COMMANDS,
    *staff.COMMANDS,
    *aftercare.COMMANDS,
    *audit.COMMANDS,
    *consent.COMMANDS,
    *export.COMMANDS,
    *backup.COMMANDS,
    *check.COMMANDS,
    *server.COMMANDS,
    *sync.COMMANDS,
    *station.COMMANDS,
)


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Given before the command (the documented way) or after it; the top level owns the default.
    data_default = default_data_dir() if top else argparse.SUPPRESS
    forms_default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=data_default,
        metavar="DIR",
        help="data folder (default: %(default)s)" if top else argparse.SUPPRESS,
    )
    parser.add_argument(
        "--forms-dir",
        type=Path,
        default=forms_default,
        metavar="DIR",
        help="forms folder (default: the shipped one)" if top else argparse.SUPPRESS,
    )


def build_parser() -> argparse.ArgumentParser:
    """The parser with every command of ``COMMANDS``."""
    parser = argparse.ArgumentParser(prog=PROG, description="Intake kiosk for infusion clinics.")
    _global_options(parser, top=True)
    top = parser.add_subparsers(dest="command", metavar="COMMAND")
    groups: dict[str, argparse._SubParsersAction[argparse.ArgumentParser]] = {}
    # A group may also be a command of its own (``sync`` and ``sync status``): its parser.
    own = {c.words[0]: c for c in COMMANDS if len(c.words) == 1 and c.words[0] in GROUPS}
    for command in COMMANDS:
        if command.words[0] in own and len(command.words) == 1:
            continue  # configured with its group below
        target = top
        if len(command.words) == 2:
            group = command.words[0]
            if group not in groups:
                alone = own.get(group)
                group_parser = top.add_parser(
                    group, help=GROUPS[group], description=alone.help if alone else GROUPS[group]
                )
                groups[group] = group_parser.add_subparsers(
                    dest="subcommand", metavar="COMMAND", required=alone is None
                )
                if alone is not None:
                    _configure(group_parser, alone)
            target = groups[group]
        sub = target.add_parser(command.words[-1], help=command.help, description=command.help)
        _configure(sub, command)
    return parser


def _configure(sub: argparse.ArgumentParser, command: Command) -> None:
    _global_options(sub, top=False)
    if command.configure is not None:
        command.configure(sub)
    sub.set_defaults(handler=command.handler)


_GLOBAL_WITH_VALUE = ("--data-dir", "--forms-dir")


def _with_default_command(argv: Sequence[str]) -> list[str]:
    """Insert ``run`` where the command would be, when none is given (``--windowed``, nothing)."""
    args = list(argv)
    i = 0
    while i < len(args):
        if args[i] in _GLOBAL_WITH_VALUE:
            i += 2
        elif args[i].startswith(tuple(f"{o}=" for o in _GLOBAL_WITH_VALUE)):
            i += 1
        else:
            break
    if i > len(args):  # an option without its value: argparse says so
        return args
    rest = args[i:]
    if not rest or (rest[0].startswith("-") and rest[0] not in ("-h", "--help")):
        args.insert(i, "run")
    return args


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is now (tests and embedders replace it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure_logging() -> None:
    """One structured line per event on stderr: ``kiosk INFO kiosk.ui: ready data_dir=...``.

    Nothing about a patient is ever logged: events name screens, counts and paths only.
    """
    root = logging.getLogger("kiosk")
    if not root.handlers:
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("kiosk %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run the command, and turn a user's mistake into one line."""
    configure_logging()
    parser = build_parser()
    try:
        args = parser.parse_args(_with_default_command(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # --help, or a usage error argparse already printed
        return exc.code if isinstance(exc.code, int) else EXIT_INPUT
    try:
        code: int = args.handler(args)
    except UserError as exc:
        print(f"{PROG}: error: {_one_line(str(exc))}", file=sys.stderr)
        return exc.code
    except FormError as exc:
        problem = forms.forms_problem(forms_dir(args.forms_dir), exc)
        print(f"{PROG}: error: {_one_line(problem)}", file=sys.stderr)
        return EXIT_INPUT
    except AppointmentImportError as exc:
        print(f"{PROG}: error: nothing imported: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:  # the database: damaged, full, read-only, its key, its folder
        if not is_storage_fault(exc):
            raise
        print(f"{PROG}: error: {_one_line(database_problem(exc, args))}", file=sys.stderr)
        return EXIT_STORAGE
    return code
