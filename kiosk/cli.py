"""The command line: one small function per command, registered in ``COMMANDS``; ``run`` is the default."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kiosk.context import KioskContext, default_data_dir, forms_dir, open_context
from kiosk.core import pins
from kiosk.core.clock import today
from kiosk.core.forms import FormError, load_forms
from kiosk.core.staff import Role
from kiosk.storage.appointments import AppointmentImportError
from kiosk.storage.db import StorageError
from kiosk.storage.staff import PinPolicyError, StaffError, StaffMember, StaffRepository, clean_name

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


def _open(args: argparse.Namespace) -> KioskContext:
    return open_context(args.data_dir, forms_folder=args.forms_dir)


# --- run ---------------------------------------------------------------------------------------


def _run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--windowed", action="store_true", help="a window instead of full screen")


def run(args: argparse.Namespace) -> int:
    """Start the kiosk window on the data folder."""
    context = _open(args)
    try:
        from kiosk.ui.app import run_kiosk  # Qt only for this command  # noqa: PLC0415

        return run_kiosk(context, windowed=args.windowed)
    finally:
        context.close()


# --- forms -------------------------------------------------------------------------------------


def _forms_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", type=Path, help="the forms folder (default: in use)")


def forms_check(args: argparse.Namespace) -> int:
    """Load every form file and print the versions."""
    folder = args.dir or forms_dir(args.forms_dir)
    try:
        bundle = load_forms(folder)
    except FormError as exc:
        raise UserError(_forms_problem(folder, exc)) from None
    versions = ", ".join(f"{form} {version}" for form, version in bundle.versions().items())
    print(f"forms OK: {versions}")
    return EXIT_OK


# --- demo --------------------------------------------------------------------------------------


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--intakes", type=_count, required=True, metavar="N", help="how many")
    parser.add_argument("--date", type=_day, metavar="YYYY-MM-DD", help="the day (default today)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="same seed, same day")


def demo(args: argparse.Namespace) -> int:
    """Fill the data folder with a reproducible demo day."""
    from kiosk.demo import DemoError, make_demo  # reportlab only for this command  # noqa: PLC0415

    context = _open(args)
    try:
        day = args.date or today(context.clock)
        try:
            ids = make_demo(context, args.intakes, day, seed=args.seed)
        except DemoError as exc:
            raise UserError(str(exc)) from None
        rows = [context.intakes.intake(i) or {} for i in ids]
    finally:
        context.close()
    complete = sum(1 for r in rows if r.get("completed_at"))
    verified = sum(1 for r in rows if r.get("verified"))
    print(
        f"demo: {len(ids)} intakes for {day.isoformat()} in {args.data_dir}"
        f" ({complete} complete, {len(ids) - complete} unfinished, {verified} verified)"
    )
    return EXIT_OK


# --- appointments ------------------------------------------------------------------------------


def _appointments_import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        type=Path,
        metavar="FILE.csv",
        help="columns: date,time,first_name,last_name,date_of_birth[,note]",
    )


def appointments_import(args: argparse.Namespace) -> int:
    """Import an appointments CSV: every row or none."""
    from kiosk.storage.appointments import import_file  # noqa: PLC0415

    path: Path = args.file
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    context = _open(args)
    try:
        count = import_file(context.db, path, context.clock)
    finally:
        context.close()
    print(f"imported {count} appointment{'' if count == 1 else 's'} from {path}")
    return EXIT_OK


# --- staff -------------------------------------------------------------------------------------

NEW_PIN_ENV = "KIOSK_NEW_PIN"
_PIN_EPILOG = (
    f"The PIN ({pins.PIN_MIN} to {pins.PIN_MAX} digits) is asked twice at the terminal and never"
    f" shown; it is never given as an argument. For scripted installs, set {NEW_PIN_ENV} in the"
    " environment instead: when it is set, its value is the PIN and nothing is asked. A PIN that"
    " is easy to guess (one digit repeated, a short block repeated, a run such as 234567, or a"
    " well-known PIN) is refused."
)
_PIN_RULES = {
    "too_short": f"that PIN is too short (at least {pins.PIN_MIN} digits); choose another",
    "too_long": f"that PIN is too long (at most {pins.PIN_MAX} digits); choose another",
    "not_digits": "that PIN has characters other than digits; use digits only",
    "common": "that PIN is too easy to guess (one of the most used PINs); choose another",
    "repeated": "that PIN is too easy to guess (repeated digits); choose another",
    "sequential": "that PIN is too easy to guess (sequential digits); choose another",
}


def _staff_repository(context: KioskContext) -> StaffRepository:
    # DEFAULT_COST is read at call time so tests can make hashing cheap by patching the module.
    return StaffRepository(
        context.db, context.clock, context.forms.settings.staff, cost=pins.DEFAULT_COST
    )


def _staff_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a staff id: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("a staff id is 1 or more")
    return value


def _refused_pin(code: str) -> UserError:
    return UserError(_PIN_RULES.get(code, "that PIN is refused; choose another"))


def _check_new_pin(pin: str) -> None:
    problem = pins.pin_problem(pin)
    if problem is not None:
        raise _refused_pin(problem)


def _new_pin() -> str:
    """The new PIN from $KIOSK_NEW_PIN, or asked twice without echo at the terminal."""
    from_env = os.environ.get(NEW_PIN_ENV)
    if from_env is not None:
        _check_new_pin(from_env)
        return from_env
    if not sys.stdin.isatty():
        raise UserError(
            f"no terminal to ask for the PIN (set {NEW_PIN_ENV} for a scripted install)"
        )
    try:
        pin = getpass.getpass(f"New PIN ({pins.PIN_MIN} to {pins.PIN_MAX} digits): ")
        _check_new_pin(pin)
        again = getpass.getpass("The same PIN again: ")
    except EOFError:
        raise UserError("no PIN given; nothing changed") from None
    if again != pin:
        raise UserError("the two PINs differ; nothing changed")
    return pin


def _describe(member: StaffMember) -> str:
    return f"{member.role.value} {member.name!r} (id {member.id})"


def _staff_add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--role", required=True, choices=[role.value for role in Role], help="what they may do"
    )
    parser.add_argument("--name", required=True, metavar="NAME", help="as shown on the kiosk")
    parser.epilog = _PIN_EPILOG


def staff_add(args: argparse.Namespace) -> int:
    """Add a staff member; the PIN is asked, never given on the command line."""
    try:
        name = clean_name(args.name)
    except StaffError as exc:
        raise UserError(str(exc)) from None
    context = _open(args)
    try:
        staff = _staff_repository(context)
        taken = {m.name.casefold() for m in staff.members(include_disabled=True)}
        if name.casefold() in taken:  # say so before asking for a PIN
            raise UserError(f"there is already a staff member called {name!r}")
        pin = _new_pin()
        try:
            member = staff.add(name, Role(args.role), pin)
        except PinPolicyError as exc:
            raise _refused_pin(exc.code) from None
        except StaffError as exc:
            raise UserError(str(exc)) from None
    finally:
        context.close()
    print(f"added {_describe(member)}")
    return EXIT_OK


def _staff_list_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # no arguments: every member is listed, disabled ones too


def staff_list(args: argparse.Namespace) -> int:
    """Every staff member: id, name, role and whether disabled; never a PIN or its hash."""
    context = _open(args)
    try:
        members = _staff_repository(context).members(include_disabled=True)
    finally:
        context.close()
    if not members:
        print(f"no staff yet; add an admin with: {PROG} staff add --role admin --name NAME")
        return EXIT_OK
    rows = [("ID", "NAME", "ROLE", "STATUS")] + [
        (str(m.id), m.name, m.role.value, "disabled" if m.disabled else "active") for m in members
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print(
            f"{row[0]:>{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}".rstrip()
        )
    return EXIT_OK


def _staff_id_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=_staff_id, metavar="ID", help="the id `staff list` shows")


def _staff_reset_pin_arguments(parser: argparse.ArgumentParser) -> None:
    _staff_id_arguments(parser)
    parser.epilog = _PIN_EPILOG


def _staff_switch(args: argparse.Namespace, *, disabled: bool) -> int:
    context = _open(args)
    try:
        staff = _staff_repository(context)
        try:
            member = staff.disable(args.id) if disabled else staff.enable(args.id)
        except StaffError as exc:
            raise UserError(str(exc)) from None
    finally:
        context.close()
    print(f"{'disabled' if disabled else 'enabled'} {_describe(member)}")
    return EXIT_OK


def staff_disable(args: argparse.Namespace) -> int:
    """Stop a staff member from signing in."""
    return _staff_switch(args, disabled=True)


def staff_enable(args: argparse.Namespace) -> int:
    """Let a disabled staff member sign in again."""
    return _staff_switch(args, disabled=False)


def staff_reset_pin(args: argparse.Namespace) -> int:
    """Give a staff member a new PIN (asked like for `staff add`); clears any lockout."""
    context = _open(args)
    try:
        staff = _staff_repository(context)
        if staff.get(args.id) is None:  # say so before asking for a PIN
            raise UserError(f"there is no staff member with id {args.id}")
        pin = _new_pin()
        try:
            member = staff.reset_pin(args.id, pin)
        except PinPolicyError as exc:
            raise _refused_pin(exc.code) from None
        except StaffError as exc:
            raise UserError(str(exc)) from None
    finally:
        context.close()
    print(f"new PIN set for {_describe(member)}; any lockout is lifted")
    return EXIT_OK


# --- the table ---------------------------------------------------------------------------------

GROUPS = {
    "forms": "the clinic's forms folder",
    "appointments": "the day's appointments",
    "staff": "staff accounts of the nurse station",
}

COMMANDS: tuple[Command, ...] = (
    Command(("run",), "start the kiosk (the default command)", run, _run_arguments),
    Command(
        ("forms", "check"),
        "check a forms folder and print its versions",
        forms_check,
        _forms_check_arguments,
    ),
    Command(("demo",), "fill the data folder with a reproducible demo day", demo, _demo_arguments),
    Command(
        ("appointments", "import"),
        "import appointments from a CSV file",
        appointments_import,
        _appointments_import_arguments,
    ),
    Command(
        ("staff", "add"),
        "add a staff member (the PIN is asked, or read from $KIOSK_NEW_PIN)",
        staff_add,
        _staff_add_arguments,
    ),
    Command(("staff", "list"), "list staff members", staff_list, _staff_list_arguments),
    Command(
        ("staff", "disable"), "stop a staff member signing in", staff_disable, _staff_id_arguments
    ),
    Command(
        ("staff", "enable"), "let a staff member sign in again", staff_enable, _staff_id_arguments
    ),
    Command(
        ("staff", "reset-pin"),
        "give a staff member a new PIN and lift any lockout",
        staff_reset_pin,
        _staff_reset_pin_arguments,
    ),
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
    for command in COMMANDS:
        target = top
        if len(command.words) == 2:
            group = command.words[0]
            if group not in groups:
                group_parser = top.add_parser(group, help=GROUPS[group], description=GROUPS[group])
                groups[group] = group_parser.add_subparsers(
                    dest="subcommand", metavar="COMMAND", required=True
                )
            target = groups[group]
        sub = target.add_parser(command.words[-1], help=command.help, description=command.help)
        _global_options(sub, top=False)
        if command.configure is not None:
            command.configure(sub)
        sub.set_defaults(handler=command.handler)
    return parser


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


def _forms_problem(folder: Path, exc: FormError) -> str:
    text = str(exc)
    return text if text.startswith(str(folder)) else f"forms in {folder}: {text}"


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
        problem = _forms_problem(forms_dir(args.forms_dir), exc)
        print(f"{PROG}: error: {_one_line(problem)}", file=sys.stderr)
        return EXIT_INPUT
    except AppointmentImportError as exc:
        print(f"{PROG}: error: nothing imported: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_INPUT
    except StorageError as exc:
        print(f"{PROG}: error: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_STORAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return code
