"""The ``server`` commands: initialise the clinic server, enrol or revoke a kiosk, book
appointments, every kiosk's state, the conflicts set aside and resolving each, the logins of
stations and admins, and the staff every station signs in with."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from kiosk.cli.appointments import csv_file_argument
from kiosk.cli.command import EXIT_INPUT, EXIT_OK, EXIT_STORAGE, Command, UserError
from kiosk.cli.staff import PIN_EPILOG, new_pin, print_members, refused_pin
from kiosk.core.staff import PinPolicyError, Role, StaffError, StaffMember, clean_name
from kiosk.services import server, server_admin

CLOCK_WARNING_SECONDS = 120


def url_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--url",
        metavar="URL",
        default=None,
        help=f"the server, as a postgresql:// URL with sslmode=verify-full and sslrootcert"
        f" (default: ${server.ENV_SERVER_URL})",
    )


def clinic_argument(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--clinic",
        metavar="ID",
        default=server.DEFAULT_CLINIC,
        help=f"{what} (lower-case letters, digits, _; default: {server.DEFAULT_CLINIC})",
    )


def _enrol_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the kiosk's name, e.g. lobby_1")
    url_argument(parser)
    clinic_argument(parser, "the clinic the kiosk belongs to; its rows carry this id")
    parser.add_argument(
        "--out",
        metavar="FILE",
        type=Path,
        help="write the credential to this new file, owner-only (0600), instead of printing it",
    )


def _station_login_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the station's name, e.g. desk_1")
    url_argument(parser)
    parser.add_argument(
        "--out",
        metavar="FILE",
        type=Path,
        help="write the credential to this new file, owner-only (0600), instead of printing it",
    )


def station_login(args: argparse.Namespace) -> int:
    """Make a nurse station's login; its credential is printed once or written to ``--out``."""
    return _made_login(args, server.station_login, "station")


def admin_login(args: argparse.Namespace) -> int:
    """Make an admin login (for a station's admin pages); its credential is printed once or
    written to ``--out``."""
    return _made_login(args, server.admin_login, "admin")


def _made_login(
    args: argparse.Namespace,
    make: Callable[[str, str, Path | None], server.Credential],
    kind: str,
) -> int:
    """Make a login with ``make`` and say so; the credential printed once or in ``--out``."""
    try:
        credential = make(server_url(args), args.name, args.out)
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    if args.out is not None:
        print(
            f"made the {kind} login {credential.user}; its credential is in {args.out} (owner-only)"
        )
    else:
        print(f"made the {kind} login {credential.user}; its credential, shown this once:")
        print(credential.conninfo())
    return EXIT_OK


def _revoke_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="an enrolled kiosk's name")
    url_argument(parser)


def _appointments_arguments(parser: argparse.ArgumentParser) -> None:
    csv_file_argument(parser)
    url_argument(parser)
    clinic_argument(parser, "the clinic whose kiosks read these appointments")


def server_url(args: argparse.Namespace) -> str:
    """The admin's server URL: ``--url``, else ``$KIOSK_SERVER_URL``."""
    url = args.url or os.environ.get(server.ENV_SERVER_URL)
    if not url:
        raise UserError(f"give the server with --url URL or ${server.ENV_SERVER_URL}")
    return str(url)


def init(args: argparse.Namespace) -> int:
    """Apply the migrations the server lacks and print the schema's version."""
    try:
        done = server.init(server_url(args))
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    applied = ", ".join(map(str, done.applied)) if done.applied else "none (up to date)"
    print(f"clinic server schema version {done.version}; applied now: {applied}")
    return EXIT_OK


def enrol(args: argparse.Namespace) -> int:
    """Make a kiosk's login; its credential is printed once or written to ``--out``."""
    try:
        credential = server.enrol(server_url(args), args.name, args.out, clinic=args.clinic)
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    where = "" if args.clinic == server.DEFAULT_CLINIC else f" in clinic {args.clinic}"
    if args.out is not None:
        print(f"enrolled {args.name}{where}; its credential is in {args.out} (owner-only)")
    else:
        print(f"enrolled {args.name}{where}; its credential, shown this once:")
        print(credential.conninfo())
    return EXIT_OK


def revoke(args: argparse.Namespace) -> int:
    """Shut a kiosk's login out and mark it revoked."""
    try:
        device = server.revoke(server_url(args), args.name)
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
        count = server.import_appointments(server_url(args), path, clinic=args.clinic)
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    where = "" if args.clinic == server.DEFAULT_CLINIC else f" for clinic {args.clinic}"
    print(
        f"booked {count} appointment{'' if count == 1 else 's'} from {path} on the clinic"
        f" server{where}"
    )
    return EXIT_OK


def _when(moment: datetime | None) -> str:
    return moment.astimezone().isoformat(timespec="seconds") if moment else "never"


def status(args: argparse.Namespace) -> int:
    """Each enrolled kiosk: last seen, clock, steps received, sequence gaps, conflicts."""
    try:
        states = server.status(server_url(args))
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    if not states:
        print("no kiosk is enrolled yet: python -m kiosk server enrol NAME")
    for state in states:
        clinic = "" if state.clinic == server.DEFAULT_CLINIC else f" (clinic {state.clinic})"
        words = [
            f"{state.name}{clinic}:",
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
    problems = server.records_problems(server_url(args))
    if problems:
        print(
            f"{problems} stored steps could not be applied to the clinic's records; they are"
            " kept as sent (table records_problems names each and why)"
        )
    return EXIT_OK


def _conflicts_arguments(parser: argparse.ArgumentParser) -> None:
    url_argument(parser)
    parser.add_argument(
        "--all", action="store_true", help="resolved conflicts too, with who resolved them how"
    )


def conflicts(args: argparse.Namespace) -> int:
    """One line per open conflict: id, kiosk, step UUID, sequence, reason, received; the step's
    kind and its intake's UUID, never what the patient said."""
    try:
        found = server.conflicts_open(server_url(args), resolved=args.all)
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    if not found:
        print("no open conflicts" if not args.all else "no conflicts")
    for item in found:
        words = [
            f"conflict {item.id}:",
            f"kiosk {item.device}",
            f"step {item.step_uuid} ({item.kind}, intake {item.intake})",
            f"sequence {item.sequence}",
            item.reason,
            f"received {_when(item.received_at)}",
        ]
        if item.resolution is not None:
            words.append(f"{item.resolution} by {item.resolved_by} at {_when(item.resolved_at)}")
        print(" · ".join(words))
    return EXIT_OK


def _resolve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", type=int, help="the conflict's id (server conflicts)")
    how = parser.add_mutually_exclusive_group(required=True)
    how.add_argument(
        "--keep-server",
        dest="how",
        action="store_const",
        const=server.Resolution.KEEP_SERVER,
        help="the step the server holds stays as it is",
    )
    how.add_argument(
        "--take-kiosk",
        dest="how",
        action="store_const",
        const=server.Resolution.TAKE_KIOSK,
        help="the kiosk's content replaces the stored step's (reason 'other content' only);"
        " the intake's records are made again from its steps",
    )
    parser.add_argument("--by", metavar="NAME", help="who resolves it (default: the server login)")
    url_argument(parser)


def resolve(args: argparse.Namespace) -> int:
    """Resolve one open conflict, recorded with who and when, and in the server's audit log."""
    try:
        done = server.resolve_conflict(server_url(args), args.id, args.how, by=args.by)
    except server.ConflictRefusedError as exc:
        raise UserError(str(exc), EXIT_INPUT) from None
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    what = (
        "the server's step kept"
        if done.resolution == server.Resolution.KEEP_SERVER
        else "the kiosk's content taken into the step; the intake's records made again"
    )
    print(f"conflict {done.id} resolved by {done.resolved_by}: {what}")
    return EXIT_OK


STAFF_ACTOR = "command line"  # who the server's audit log says added staff


def _staff_arguments(parser: argparse.ArgumentParser) -> None:
    words = parser.add_subparsers(dest="staff_command", metavar="COMMAND", required=True)
    add = words.add_parser(
        "add",
        help="add a nurse or an admin for every station (the PIN is asked, only its hash is sent)",
        description="Add a staff member on the clinic server, for every station.",
        epilog=PIN_EPILOG,
    )
    add.add_argument(
        "--role", required=True, choices=[role.value for role in Role], help="what they may do"
    )
    add.add_argument("--name", required=True, metavar="NAME", help="as the stations show it")
    url_argument(add)
    listed = words.add_parser(
        "list",
        help="every staff member on the clinic server (never a PIN or its hash)",
        description="Every staff member on the clinic server: id, name, role, status.",
    )
    url_argument(listed)
    for word, what in (
        ("disable", "stop a staff member signing in at any station (never the last admin)"),
        ("enable", "let a disabled staff member sign in again"),
        ("reset-pin", "give a staff member a new PIN (asked, only its hash sent); lifts a lockout"),
        ("unlock", "lift a lockout after too many wrong PINs"),
    ):
        change = words.add_parser(word, help=what, description=what[0].upper() + what[1:] + ".")
        change.add_argument(
            "name", metavar="NAME", help="as `server staff list` shows it (any case)"
        )
        if word == "reset-pin":
            change.epilog = PIN_EPILOG
        url_argument(change)
    role = words.add_parser(
        "role",
        help="make a staff member a nurse or an admin (the last admin stays one)",
        description="Make a staff member a nurse or an admin; the last active admin stays one.",
    )
    role.add_argument("name", metavar="NAME", help="as `server staff list` shows it (any case)")
    role.add_argument("role", choices=[r.value for r in Role], help="what they may do")
    url_argument(role)


def staff(args: argparse.Namespace) -> int:
    """``server staff add|list|disable|enable|reset-pin|role|unlock``."""
    if args.staff_command == "add":
        return _staff_add(args)
    if args.staff_command == "list":
        return _staff_list(args)
    return _staff_change(args)


def _describe(member: StaffMember) -> str:
    return f"{member.role.value} {member.name!r} (id {member.id})"


def _staff_change(args: argparse.Namespace) -> int:
    """One change to a member named on the command line, audited on the server; an unknown
    name, the last admin or a weak PIN is the user's error (2), a server away is 1."""
    url = server_url(args)
    word = args.staff_command
    try:
        if word == "reset-pin":
            if server_admin.staff_member(url, args.name) is None:  # say so before asking
                raise StaffError(
                    f"there is no staff member called {clean_name(args.name)!r} on the clinic"
                    " server"
                )
            member = server_admin.staff_reset_pin(url, args.name, new_pin(), by=STAFF_ACTOR)
            print(f"new PIN set for {_describe(member)}; any lockout is lifted")
        elif word == "unlock":
            member, until = server_admin.staff_unlock(url, args.name, by=STAFF_ACTOR)
            if until is None:
                print(f"{_describe(member)} was not locked out")
            else:
                print(f"lifted the lockout of {_describe(member)} (it ran to {_when(until)})")
        elif word == "role":
            member = server_admin.staff_set_role(url, args.name, Role(args.role), by=STAFF_ACTOR)
            now = "an admin" if member.role is Role.ADMIN else "a nurse"
            print(f"{member.name!r} (id {member.id}) is now {now}")
        elif word == "disable":
            member = server_admin.staff_disable(url, args.name, by=STAFF_ACTOR)
            print(f"disabled {_describe(member)}")
        else:
            member = server_admin.staff_enable(url, args.name, by=STAFF_ACTOR)
            print(f"enabled {_describe(member)}")
    except PinPolicyError as exc:
        raise refused_pin(exc.code) from None
    except StaffError as exc:
        raise UserError(str(exc)) from None
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    return EXIT_OK


def _staff_add(args: argparse.Namespace) -> int:
    url = server_url(args)
    try:
        name = clean_name(args.name)
        taken = {m.name.casefold() for m in server.staff_members(url)}
    except StaffError as exc:
        raise UserError(str(exc)) from None
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    if name.casefold() in taken:  # say so before asking for a PIN
        raise UserError(f"there is already a staff member called {name!r}")
    try:
        member = server.staff_add(url, name, Role(args.role), new_pin(), by=STAFF_ACTOR)
    except PinPolicyError as exc:
        raise refused_pin(exc.code) from None
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    print(f"added {member.role.value} {member.name!r} (id {member.id}) on the clinic server")
    return EXIT_OK


def _staff_list(args: argparse.Namespace) -> int:
    try:
        members = server.staff_members(server_url(args))
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    if not members:
        print(
            "no staff on the clinic server yet: python -m kiosk server staff add --role admin --name NAME"
        )
        return EXIT_OK
    print_members(members)
    return EXIT_OK


def publish(args: argparse.Namespace) -> int:
    """Publish the clinic server's intakes, steps and intake records for the group's central
    reporting database (logical replication); idempotent."""
    try:
        done = server.publish(server_url(args))
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    how = "created" if done.created else "already there, its tables set again"
    print(f"publication {done.publication} ({', '.join(done.tables)}): {how}")
    if done.wal_level != "logical":
        print(
            f"warning: wal_level is {done.wal_level}; set wal_level = logical in postgresql.conf"
            " and restart the server before a central database subscribes"
        )
    return EXIT_OK


def central(args: argparse.Namespace) -> int:
    """Create the central reporting database's tables, for each clinic's subscription."""
    try:
        server.central_init(server_url(args))
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    print("central reporting tables ready: intakes, steps, records_intakes (keyed by UUID)")
    return EXIT_OK


COMMANDS = (
    Command(("server", "init"), "create or update the clinic server's schema", init, url_argument),
    Command(
        ("server", "enrol"),
        "make a kiosk's login on the clinic server and show its credential once",
        enrol,
        _enrol_arguments,
    ),
    Command(
        ("server", "station-login"),
        "make a nurse station's login on the clinic server and show its credential once",
        station_login,
        _station_login_arguments,
    ),
    Command(
        ("server", "admin-login"),
        "make an admin login for a station's admin pages and show its credential once",
        admin_login,
        _station_login_arguments,
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
        url_argument,
    ),
    Command(
        ("server", "conflicts"),
        "list the conflicts set aside on the clinic server (never the patient's content)",
        conflicts,
        _conflicts_arguments,
    ),
    Command(
        ("server", "resolve"),
        "resolve a conflict: --keep-server, or --take-kiosk to replace the stored step",
        resolve,
        _resolve_arguments,
    ),
    Command(
        ("server", "staff"),
        "staff on the clinic server: add, list, disable, enable, reset-pin, role, unlock",
        staff,
        _staff_arguments,
    ),
    Command(
        ("server", "publish"),
        "publish this clinic's intakes and steps for the group's central database",
        publish,
        url_argument,
    ),
    Command(
        ("server", "central"),
        "create the group's central reporting tables (--url: the central database)",
        central,
        url_argument,
    ),
)
