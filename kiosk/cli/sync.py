"""The ``sync`` commands: push the outbox to the clinic server now, and show the sync's state."""

from __future__ import annotations

import argparse
from datetime import datetime

from kiosk.cli.command import EXIT_OK, EXIT_STORAGE, Command, UserError, open_data
from kiosk.services import sync


def _when(moment: datetime | None) -> str:
    return moment.astimezone().isoformat(timespec="seconds") if moment else "never"


def describe(status: sync.SyncStatus) -> list[str]:
    """The state in lines for the terminal (nothing about a patient in any of them)."""
    if not status.server:
        return ["clinic server: none configured (a single kiosk: everything stays here)"]
    lines = [
        f"clinic server: {status.server}"
        + (f" (this kiosk is {status.device} there)" if status.device else ""),
        f"last successful sync: {_when(status.last_success)}",
        f"steps waiting: {status.waiting}"
        + (
            f" ({status.urgent_waiting} of them for patients with an alert or red flag: sent first)"
            if status.urgent_waiting
            else ""
        ),
        f"steps sent: {status.sent}",
        f"conflicts set aside on the server: {status.conflicts}",
    ]
    if status.refused:
        lines.append(
            f"REFUSED: the server refused {status.refused} steps outright; they are kept here,"
            " set aside, and tried again at the next sync command or kiosk start"
        )
    if status.revoked:
        lines.append(
            "REVOKED: the server shut this kiosk's login out; its steps stay here until an admin"
            " enrols it again"
        )
    elif status.problem:
        lines.append(f"last problem ({_when(status.last_attempt)}): {status.problem}")
    if status.clock_off and status.clock_skew_seconds is not None:
        lines.append(
            f"clock: this kiosk's clock is {status.clock_skew_seconds:+.0f} s from the server's;"
            " the server orders steps by the kiosk's sequence, not its clock"
        )
    return lines


def push(args: argparse.Namespace) -> int:
    """Send every waiting step and pull today's appointments; exit 0 once the outbox is empty."""
    context = open_data(args)
    try:
        try:
            done = sync.sync_now(context)
        except sync.SyncSetupError as exc:
            raise UserError(str(exc), EXIT_STORAGE) from None
        except sync.LinkError as exc:
            waiting = sync.sync_status(context).waiting
            raise UserError(
                f"{exc}; {waiting} steps wait in this kiosk's outbox", EXIT_STORAGE
            ) from None
    finally:
        context.close()
    if done.status.refused:
        raise UserError(
            f"the clinic server refused {done.status.refused} steps; they are kept here, set"
            " aside (python -m kiosk sync status)",
            EXIT_STORAGE,
        )
    print(
        f"sent {done.sent} steps to {done.status.server}; the outbox is empty;"
        f" {done.appointments} appointments today"
    )
    return EXIT_OK


def status(args: argparse.Namespace) -> int:
    """Print the sync's state: the server, last success, waiting, conflicts, a revoked login."""
    context = open_data(args)
    try:
        try:
            state = sync.sync_status(context)
        except sync.SyncSetupError as exc:
            raise UserError(str(exc), EXIT_STORAGE) from None
    finally:
        context.close()
    for line in describe(state):
        print(line)
    return EXIT_OK


COMMANDS = (
    Command(("sync",), "send this kiosk's waiting steps to the clinic server now", push),
    Command(("sync", "status"), "show the clinic server sync's state", status),
)
