"""The command table, the parser built from it, the default ``run`` command, logging and ``main``."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.cli.command import (
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_STORAGE,
    PROG,
    Command,
    UserError,
)
from kiosk.services.places import default_data_dir


@dataclass(frozen=True)
class Listed:
    """A command as the table lists it: its words, its help line and the module that has it
    (``kiosk.cli.<module>``, whose ``COMMANDS`` holds the arguments and the handler)."""

    words: tuple[str, ...]
    help: str
    module: str


GROUPS = {
    "forms": "the clinic's forms folder",
    "appointments": "the day's appointments",
    "staff": "staff accounts of the nurse station",
    "audit": "the audit log of who did what",
    "consent": "versions of the consent patients sign",
    "server": "the clinic server (PostgreSQL): its schema, the kiosks' logins, appointments",
    "sync": "the clinic server sync: push the outbox now (sync), or show its state (sync status)",
}

# A command's module is imported only when that command is parsed (it runs, or its --help is
# asked): ``kiosk export`` never loads Qt, the PDF library or the clinic server's driver, and
# ``kiosk --help`` loads no command at all. tests/cli/test_cli_table.py keeps this table and the
# modules' COMMANDS the same.
COMMANDS: tuple[Listed, ...] = (
    Listed(("run",), "start the kiosk (the default command)", "kiosk_run"),
    Listed(("forms", "check"), "check a forms folder and print its versions", "forms"),
    Listed(("demo",), "fill the data folder with a reproducible demo day", "demo"),
    Listed(("appointments", "import"), "import appointments from a CSV file", "appointments"),
    Listed(
        ("staff", "add"),
        "add a staff member (the PIN is asked, or read from $KIOSK_NEW_PIN)",
        "staff",
    ),
    Listed(("staff", "list"), "list staff members", "staff"),
    Listed(("staff", "disable"), "stop a staff member signing in", "staff"),
    Listed(("staff", "enable"), "let a staff member sign in again", "staff"),
    Listed(("staff", "role"), "make a staff member a nurse or an admin", "staff"),
    Listed(("staff", "reset-pin"), "give a staff member a new PIN and lift any lockout", "staff"),
    Listed(("aftercare",), "write or print a discharged patient's aftercare sheet", "aftercare"),
    Listed(
        ("audit", "verify"),
        "check that no audit entry was changed, removed, reordered or cut off the end",
        "audit",
    ),
    Listed(("audit", "list"), "list audit entries (filter by day, person, action)", "audit"),
    Listed(("consent", "list"), "list consent versions and how often each was signed", "consent"),
    Listed(("consent", "publish"), "publish the next consent version from a TOML file", "consent"),
    Listed(
        ("consent", "verify"),
        "check that signed consents' texts and PDFs still match their hashes",
        "consent",
    ),
    Listed(
        ("export",),
        "export the intakes of a day or a range of days as CSV, JSON, FHIR or a PDF report",
        "export",
    ),
    Listed(
        ("backup",), "copy the database, checked, to a file (safe while the kiosk runs)", "backup"
    ),
    Listed(
        ("restore",),
        "replace the database with a backup (stop the kiosk first); the old one is kept",
        "backup",
    ),
    Listed(
        ("check",),
        "read the whole database and say whether it is sound (the kiosk does at each start)",
        "check",
    ),
    Listed(("server", "init"), "create or update the clinic server's schema", "server"),
    Listed(
        ("server", "enrol"),
        "make a kiosk's login on the clinic server and show its credential once",
        "server",
    ),
    Listed(
        ("server", "station-login"),
        "make a nurse station's login on the clinic server and show its credential once",
        "server",
    ),
    Listed(
        ("server", "admin-login"),
        "make an admin login for a station's admin pages and show its credential once",
        "server",
    ),
    Listed(("server", "revoke"), "shut a kiosk's login out of the clinic server", "server"),
    Listed(
        ("server", "appointments"),
        "book appointments from a CSV file on the clinic server, for every kiosk",
        "server",
    ),
    Listed(
        ("server", "status"),
        "show each kiosk the clinic server knows: last seen, steps, gaps, conflicts, clock",
        "server",
    ),
    Listed(
        ("server", "conflicts"),
        "list the conflicts set aside on the clinic server (never the patient's content)",
        "server",
    ),
    Listed(
        ("server", "resolve"),
        "resolve a conflict: --keep-server, or --take-kiosk to replace the stored step",
        "server",
    ),
    Listed(
        ("server", "staff"),
        "staff on the clinic server: add, list, disable, enable, reset-pin, role, unlock",
        "server",
    ),
    Listed(
        ("server", "publish"),
        "publish this clinic's intakes and steps for the group's central database",
        "server",
    ),
    Listed(
        ("server", "central"),
        "create the group's central reporting tables (--url: the central database)",
        "server",
    ),
    Listed(("sync",), "send this kiosk's waiting steps to the clinic server now", "sync"),
    Listed(("sync", "status"), "show the clinic server sync's state", "sync"),
    Listed(
        ("station",),
        "open the nurse station on the clinic server (staff sign-in, the live board)",
        "station",
    ),
)


def command_of(listed: Listed) -> Command:
    """The command ``listed`` names, from its module (imported now, if it was not yet)."""
    module = importlib.import_module(f"kiosk.cli.{listed.module}")
    for command in module.COMMANDS:
        if command.words == listed.words:
            found: Command = command
            return found
    raise LookupError(f"kiosk.cli.{listed.module} has no command {' '.join(listed.words)!r}")


class _LazyParser(argparse.ArgumentParser):
    """A command's parser whose arguments are added (its module imported) only when it is used:
    when the command line names it, or its help is shown."""

    listed: Listed | None = None
    _loaded = False

    def load(self) -> None:
        """Add the command's arguments and handler (once)."""
        if self._loaded or self.listed is None:
            return
        self._loaded = True
        _configure(self, command_of(self.listed))

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self.load()
        return super().parse_known_args(args, namespace)

    def format_help(self) -> str:
        self.load()
        return super().format_help()

    def format_usage(self) -> str:
        self.load()
        return super().format_usage()


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
    """The parser with every command of ``COMMANDS``; a command's own arguments are added when
    the command line reaches it (see _LazyParser)."""
    parser = argparse.ArgumentParser(prog=PROG, description="Intake kiosk for infusion clinics.")
    _global_options(parser, top=True)
    top = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_LazyParser)
    groups: dict[str, argparse._SubParsersAction[_LazyParser]] = {}
    # A group may also be a command of its own (``sync`` and ``sync status``): its parser.
    own = {c.words[0]: c for c in COMMANDS if len(c.words) == 1 and c.words[0] in GROUPS}
    for listed in COMMANDS:
        if listed.words[0] in own and len(listed.words) == 1:
            continue  # configured with its group below
        target = top
        if len(listed.words) == 2:
            group = listed.words[0]
            if group not in groups:
                alone = own.get(group)
                group_parser = top.add_parser(
                    group, help=GROUPS[group], description=alone.help if alone else GROUPS[group]
                )
                groups[group] = group_parser.add_subparsers(
                    dest="subcommand",
                    metavar="COMMAND",
                    required=alone is None,
                    parser_class=_LazyParser,
                )
                group_parser.listed = alone  # None: a group alone has nothing to load
            target = groups[group]
        sub = target.add_parser(listed.words[-1], help=listed.help, description=listed.help)
        sub.listed = listed
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
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - told in words below, or raised again
        return _failed(exc, args)
    return code


def _failed(exc: Exception, args: argparse.Namespace) -> int:
    """A broken forms folder, a wrong appointments file or a database fault, told in one line
    (the modules that tell them are imported only now); anything else is raised again."""
    from kiosk.cli import forms  # noqa: PLC0415 - only when something went wrong
    from kiosk.cli.faults import database_problem  # noqa: PLC0415
    from kiosk.core.appointments import AppointmentImportError  # noqa: PLC0415
    from kiosk.core.forms import FormError  # noqa: PLC0415
    from kiosk.services.context import forms_dir  # noqa: PLC0415
    from kiosk.services.faults import is_storage_fault  # noqa: PLC0415

    if isinstance(exc, FormError):
        problem = forms.forms_problem(forms_dir(args.forms_dir), exc)
        print(f"{PROG}: error: {_one_line(problem)}", file=sys.stderr)
        return EXIT_INPUT
    if isinstance(exc, AppointmentImportError):
        print(f"{PROG}: error: nothing imported: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_INPUT
    # the database: damaged, full, read-only, its key, its folder
    if not is_storage_fault(exc):
        raise exc
    print(f"{PROG}: error: {_one_line(database_problem(exc, args))}", file=sys.stderr)
    return EXIT_STORAGE
