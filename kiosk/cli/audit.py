"""The ``audit`` commands: check the chain of the audit log, and list its entries."""

from __future__ import annotations

import argparse
from datetime import date

from kiosk.cli.command import EXIT_OK, Command, UserError, open_data
from kiosk.storage.audit import AuditLog

GROUP_HELP = "the audit log of who did what"
EXIT_TAMPERED = 1


def audit_verify(args: argparse.Namespace) -> int:
    """Exit 0 when every entry is as written; otherwise name the first bad one and exit 1."""
    context = open_data(args)
    try:
        log = AuditLog(context.db, context.clock)
        problem = log.verify()
        count = len(log.entries())
    finally:
        context.close()
    if problem is not None:
        entry, why = problem
        raise UserError(f"the audit log was tampered with: entry {entry}: {why}", EXIT_TAMPERED)
    print(f"audit log intact: {count} entries")
    return EXIT_OK


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--day", type=date.fromisoformat, metavar="YYYY-MM-DD", help="one day (UTC)"
    )
    parser.add_argument("--who", metavar="NAME", help="one person")
    parser.add_argument(
        "--action", metavar="ACTION", help="one action, e.g. sign_in, export, print"
    )


def audit_list(args: argparse.Namespace) -> int:
    """One line per entry, oldest first: time, who, action, subject, details."""
    context = open_data(args)
    try:
        entries = AuditLog(context.db, context.clock).entries(
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
        "check that no audit entry was changed, removed or reordered",
        audit_verify,
    ),
    Command(
        ("audit", "list"),
        "list audit entries (filter by day, person, action)",
        audit_list,
        _list_arguments,
    ),
)
