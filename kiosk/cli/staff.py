"""The ``staff`` commands: add, list, disable, enable, role and reset-pin, with the PIN asked safely."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence

from kiosk.cli.command import EXIT_OK, PROG, Command, UserError, open_data
from kiosk.core import pins
from kiosk.core.staff import PinPolicyError, Role, StaffError, StaffMember, clean_name
from kiosk.services.staff import StaffService

ACTOR = "command line"  # who the audit log says changed staff
NEW_PIN_ENV = "KIOSK_NEW_PIN"
PIN_EPILOG = (
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


def _staff_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a staff id: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("a staff id is 1 or more")
    return value


def refused_pin(code: str) -> UserError:
    return UserError(_PIN_RULES.get(code, "that PIN is refused; choose another"))


def _check_new_pin(pin: str) -> None:
    problem = pins.pin_problem(pin)
    if problem is not None:
        raise refused_pin(problem)


def new_pin() -> str:
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


def _change(args: argparse.Namespace, change: Callable[[StaffService], StaffMember]) -> StaffMember:
    """Open the data folder, make one staff change through the service, close it again; a change
    the service refuses is the user's error, in plain words."""
    context = open_data(args)
    try:
        return change(StaffService(context))
    except PinPolicyError as exc:
        raise refused_pin(exc.code) from None
    except StaffError as exc:
        raise UserError(str(exc)) from None
    finally:
        context.close()


def _describe(member: StaffMember) -> str:
    return f"{member.role.value} {member.name!r} (id {member.id})"


def _staff_add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--role", required=True, choices=[role.value for role in Role], help="what they may do"
    )
    parser.add_argument("--name", required=True, metavar="NAME", help="as shown on the kiosk")
    parser.epilog = PIN_EPILOG


def staff_add(args: argparse.Namespace) -> int:
    """Add a staff member; the PIN is asked, never given on the command line."""
    try:
        name = clean_name(args.name)
    except StaffError as exc:
        raise UserError(str(exc)) from None

    def add(staff: StaffService) -> StaffMember:
        taken = {m.name.casefold() for m in staff.members(include_disabled=True)}
        if name.casefold() in taken:  # say so before asking for a PIN
            raise UserError(f"there is already a staff member called {name!r}")
        return staff.add(name, Role(args.role), new_pin(), by=ACTOR)

    member = _change(args, add)
    print(f"added {_describe(member)}")
    return EXIT_OK


def _staff_list_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # no arguments: every member is listed, disabled ones too


def staff_list(args: argparse.Namespace) -> int:
    """Every staff member: id, name, role and whether disabled; never a PIN or its hash."""
    context = open_data(args)
    try:
        members = StaffService(context).members(include_disabled=True)
    finally:
        context.close()
    if not members:
        print(f"no staff yet; add an admin with: {PROG} staff add --role admin --name NAME")
        return EXIT_OK
    print_members(members)
    return EXIT_OK


def print_members(members: Sequence[StaffMember]) -> None:
    """The staff as a table: id, name, role, status (here and in ``server staff list``)."""
    rows = [("ID", "NAME", "ROLE", "STATUS")] + [
        (str(m.id), m.name, m.role.value, "disabled" if m.disabled else "active") for m in members
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print(
            f"{row[0]:>{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}".rstrip()
        )


def _staff_id_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=_staff_id, metavar="ID", help="the id `staff list` shows")


def _staff_reset_pin_arguments(parser: argparse.ArgumentParser) -> None:
    _staff_id_arguments(parser)
    parser.epilog = PIN_EPILOG


def _staff_switch(args: argparse.Namespace, *, disabled: bool) -> int:
    if disabled:
        member = _change(args, lambda staff: staff.disable(args.id, by=ACTOR))
    else:
        member = _change(args, lambda staff: staff.enable(args.id, by=ACTOR))
    print(f"{'disabled' if disabled else 'enabled'} {_describe(member)}")
    return EXIT_OK


def staff_disable(args: argparse.Namespace) -> int:
    """Stop a staff member from signing in."""
    return _staff_switch(args, disabled=True)


def staff_enable(args: argparse.Namespace) -> int:
    """Let a disabled staff member sign in again."""
    return _staff_switch(args, disabled=False)


def _staff_role_arguments(parser: argparse.ArgumentParser) -> None:
    _staff_id_arguments(parser)
    parser.add_argument("role", choices=[role.value for role in Role], help="what they may do")


def staff_role(args: argparse.Namespace) -> int:
    """Make a staff member a nurse or an admin; the last active admin stays an admin."""
    member = _change(args, lambda staff: staff.set_role(args.id, Role(args.role), by=ACTOR))
    print(
        f"{member.name!r} (id {member.id}) is now {'an admin' if member.role is Role.ADMIN else 'a nurse'}"
    )
    return EXIT_OK


def staff_reset_pin(args: argparse.Namespace) -> int:
    """Give a staff member a new PIN (asked like for `staff add`); clears any lockout."""

    def reset(staff: StaffService) -> StaffMember:
        if staff.get(args.id) is None:  # say so before asking for a PIN
            raise UserError(f"there is no staff member with id {args.id}")
        return staff.reset_pin(args.id, new_pin(), by=ACTOR)

    member = _change(args, reset)
    print(f"new PIN set for {_describe(member)}; any lockout is lifted")
    return EXIT_OK


COMMANDS = (
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
        ("staff", "role"),
        "make a staff member a nurse or an admin",
        staff_role,
        _staff_role_arguments,
    ),
    Command(
        ("staff", "reset-pin"),
        "give a staff member a new PIN and lift any lockout",
        staff_reset_pin,
        _staff_reset_pin_arguments,
    ),
)
