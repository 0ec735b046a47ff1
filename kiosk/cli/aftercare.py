"""The ``aftercare`` command: a discharged patient's aftercare sheet to a PDF file or a printer."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.cli.command import EXIT_OK, Command, UserError, open_data
from kiosk.core.staff import Signer

if TYPE_CHECKING:
    from kiosk.services.discharge import DischargeDesk

EXIT_NOT_PRINTED = 1  # the sheet was saved to a folder instead (or could not even be saved)
SIGNER_NAME = "command line"  # who the prints table says printed it
STDOUT = "-"


def _intake_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an intake id: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("an intake id is 1 or more")
    return value


def _aftercare_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("intake_id", type=_intake_id, metavar="INTAKE_ID", help="the intake")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--out", metavar="FILE.pdf", help=f"write the PDF to this file ('{STDOUT}': stdout)"
    )
    where.add_argument(
        "--print", dest="to_printer", action="store_true", help="send the sheet to a printer"
    )
    parser.add_argument(
        "--printer",
        metavar="QUEUE",
        help="the CUPS queue for --print (default: the configured one, else the system's)",
    )


def _write(pdf: bytes, out: str) -> str:
    """Write the PDF where --out says; the name to report."""
    if out == STDOUT:
        sys.stdout.flush()
        sys.stdout.buffer.write(pdf)
        sys.stdout.buffer.flush()
        return "standard output"
    path = Path(out)
    try:  # a new file is owner-only: the sheet holds health information
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pdf)
    except OSError as exc:
        raise UserError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return out


def _audit_written(desk: DischargeDesk, intake_id: int, out: str, where: str) -> None:
    """Log the sheet written out; a sheet the audit log does not show must not stay."""
    target = None if out == STDOUT else str(Path(out).resolve())
    try:
        desk.sheet_written(intake_id, to=target or where, by=Signer(None, SIGNER_NAME))
    except BaseException:
        if target is not None:
            Path(target).unlink(missing_ok=True)
        raise


def aftercare(args: argparse.Namespace) -> int:
    """Write the aftercare sheet of a discharged patient to a file, or print it."""
    from kiosk.services.discharge import (  # reportlab  # noqa: PLC0415
        DischargeDesk,
        DischargeError,
        PrintError,
    )

    if args.printer is not None and not args.to_printer:
        raise UserError("--printer goes with --print")
    context = open_data(args)
    try:
        desk = DischargeDesk(context)
        try:
            desk.station.intake(args.intake_id)
        except LookupError:
            raise UserError(f"no intake {args.intake_id}") from None
        try:
            if args.to_printer:
                by = Signer(None, SIGNER_NAME)
                outcome = desk.print_sheet(args.intake_id, queue=args.printer, by=by)
            else:
                sheet, pdf = desk.sheet(args.intake_id)
                where = _write(pdf, args.out)
                _audit_written(desk, args.intake_id, args.out, where)
        except DischargeError as exc:
            raise UserError(str(exc)) from None
        except PrintError as exc:  # neither printed nor saved
            raise UserError(f"not printed and not saved: {exc}", EXIT_NOT_PRINTED) from None
    finally:
        context.close()
    if not args.to_printer:
        note = f"wrote {where} ({sheet.no_driving_line.rstrip('.')})"
        print(note, file=sys.stderr if args.out == STDOUT else sys.stdout)
        return EXIT_OK
    if not outcome.sent:
        raise UserError(
            f"not printed: {outcome.message} saved to {outcome.saved_path}", EXIT_NOT_PRINTED
        )
    print(f"sent to {outcome.queue} as job {outcome.job_id}")
    return EXIT_OK


COMMANDS = (
    Command(
        ("aftercare",),
        "write or print a discharged patient's aftercare sheet",
        aftercare,
        _aftercare_arguments,
    ),
)
