"""The ``audit`` commands: check the chain of the audit log, and list its entries (this kiosk's,
or with ``--server`` the clinic server's)."""

from __future__ import annotations

import argparse
from datetime import date

from kiosk.cli.command import EXIT_OK, EXIT_STORAGE, Command, UserError, open_data
from kiosk.cli.server import server_url, url_argument
from kiosk.core.audit import AuditEntry
from kiosk.services import server
from kiosk.services.audit import AuditCheck, AuditService

EXIT_TAMPERED = 1


def _anchor_line(check: AuditCheck) -> str:
    """How far the anchor outside the database vouches for the log."""
    if check.anchor is None:
        return f"not anchored: {check.anchor_note}"
    if check.anchor.entries >= check.entries:
        return f"anchored in {check.anchor_path}"
    return (
        f"anchored up to entry {check.anchor.entries} in {check.anchor_path}"
        " (the newer ones are anchored with the next entry)"
    )


def _server_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--server",
        action="store_true",
        help="the clinic server's audit log (admin acts on the server), not this kiosk's",
    )
    url_argument(parser)


def _server_verify(args: argparse.Namespace) -> int:
    try:
        check = server.audit_check(server_url(args))
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    if check.problem is not None:
        entry, why = check.problem
        raise UserError(
            f"the server's audit log was tampered with: entry {entry}: {why}", EXIT_TAMPERED
        )
    head = f"; newest hash {check.head_hash}" if check.head_hash else ""
    print(f"{check.entries} entries, chain sound{head}")
    return EXIT_OK


def audit_verify(args: argparse.Namespace) -> int:
    """Exit 0 when every entry is as written and anchored; otherwise name the first bad one."""
    if args.server:
        return _server_verify(args)
    context = open_data(args)
    try:
        check = AuditService(context).check()
    finally:
        context.close()
    if check.problem is not None:
        entry, why = check.problem
        raise UserError(f"the audit log was tampered with: entry {entry}: {why}", EXIT_TAMPERED)
    print(f"audit log intact: {check.entries} entries; {_anchor_line(check)}")
    return EXIT_OK


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--day", type=date.fromisoformat, metavar="YYYY-MM-DD", help="one day (UTC)"
    )
    parser.add_argument("--who", metavar="NAME", help="one person")
    parser.add_argument(
        "--action", metavar="ACTION", help="one action, e.g. sign_in, export, print"
    )
    _server_arguments(parser)


def _server_entries(args: argparse.Namespace) -> list[AuditEntry]:
    try:
        found = server.audit_entries(server_url(args), actor=args.who, action=args.action)
    except server.ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    day = args.day.isoformat() if args.day else None
    return [entry for entry in found if day is None or entry.at.startswith(day)]


def audit_list(args: argparse.Namespace) -> int:
    """One line per entry, oldest first: time, who, action, subject, details."""
    if args.server:
        entries = _server_entries(args)
    else:
        context = open_data(args)
        try:
            entries = AuditService(context).entries(
                day=args.day.isoformat() if args.day else None, actor=args.who, action=args.action
            )
        finally:
            context.close()
    for entry in entries:
        print(
            f"{entry.id}\t{entry.at}\t{entry.actor}\t{entry.action}\t{entry.subject}\t{entry.detail}"
        )
    return EXIT_OK


COMMANDS: tuple[Command, ...] = (
    Command(
        ("audit", "verify"),
        "check that no audit entry was changed, removed, reordered or cut off the end",
        audit_verify,
        _server_arguments,
    ),
    Command(
        ("audit", "list"),
        "list audit entries (filter by day, person, action)",
        audit_list,
        _list_arguments,
    ),
)
