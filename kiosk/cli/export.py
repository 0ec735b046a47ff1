"""The ``export`` command: the intakes of a day or a range as CSV, JSON, FHIR or a PDF day report.

Every export is logged in the audit log.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TextIO

from kiosk.cli.command import EXIT_INPUT, EXIT_OK, Command, UserError, open_data
from kiosk.services.context import KioskContext
from kiosk.documents.day_report import render_day_report
from kiosk.export import IntakeRecord, iter_intakes, read_snapshot, write_csv, write_json
from kiosk.export.fhir import write_fhir
from kiosk.storage.audit import AuditLog

ACTOR = "command line"  # who the audit log says exported
STDOUT = "-"
EXIT_NOT_WRITTEN = 1  # the export could not be written where --out says
FORMATS = {"csv": "csv", "json": "json", "fhir": "fhir.json", "pdf": "pdf"}  # format -> extension
WITH_PDF = frozenset({"fhir"})  # formats that always hold the consent PDFs

Writer = Callable[[TextIO], int]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--date", type=_day, required=True, metavar="YYYY-MM-DD", help="the (first) day"
    )
    parser.add_argument(
        "--to", type=_day, metavar="YYYY-MM-DD", help="the last day of a range (default: --date)"
    )
    parser.add_argument(
        "--format",
        required=True,
        choices=tuple(FORMATS),
        help="the file format: CSV or JSON records, a FHIR R4B bundle (with the signed"
        " consents), or a PDF day report",
    )
    parser.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help=f"a folder (the file is named kiosk-FROM[_TO].EXT in it), a file, or '{STDOUT}' for"
        " stdout; a new file is readable by its owner only",
    )
    parser.add_argument(
        "--include-pdf",
        action="store_true",
        help="with --format json: each signed consent's PDF copy as base64 (large)",
    )
    parser.epilog = (
        "The export holds health information. Every export is written to the audit log with"
        " the days, the format, where it went and how many intakes it holds."
    )


def export_filename(first: date, last: date, extension: str) -> str:
    """kiosk-2026-11-21.csv for one day, kiosk-2026-11-01_2026-11-30.csv for a range."""
    days = first.isoformat() if first == last else f"{first.isoformat()}_{last.isoformat()}"
    return f"kiosk-{days}.{extension}"


def _target(out: str, first: date, last: date, extension: str) -> Path | None:
    """The file to write, or None for stdout."""
    if out == STDOUT:
        return None
    path = Path(out)
    if path.is_dir():
        return path / export_filename(first, last, extension)
    if out.endswith(("/", os.sep)):  # meant as a folder; Path() would drop the slash
        raise UserError(f"cannot write {out}: no such folder", EXIT_NOT_WRITTEN)
    return path


def _cannot_write(path: Path | str, exc: OSError) -> UserError:
    return UserError(f"cannot write {path}: {exc.strerror or exc}", EXIT_NOT_WRITTEN)


def _write_file(path: Path, write: Writer) -> int:
    """Write to a new owner-only file beside ``path``, then move it into place: all or nothing."""
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    part = Path(temporary)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            count = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        part.replace(path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise _cannot_write(path, exc) from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return count


def _write_stdout(write: Writer) -> int:
    """Write UTF-8 to stdout whatever the locale, with the writer's own line ends."""
    sys.stdout.flush()
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        count = write(stream)
        stream.flush()
    except OSError as exc:
        raise _cannot_write("standard output", exc) from None
    finally:
        with contextlib.suppress(OSError):  # a broken pipe: nothing more can be said there
            stream.detach()  # sys.stdout stays open
    return count


def _counted(records: Iterable[IntakeRecord], seen: list[int]) -> Iterator[IntakeRecord]:
    """``records`` as they come, counting them in ``seen[0]``."""
    for record in records:
        seen[0] += 1
        yield record


def _writer(context: KioskContext, args: argparse.Namespace, first: date, last: date) -> Writer:
    include_pdf = args.include_pdf or args.format in WITH_PDF
    clinic_name = context.forms.settings.clinic.name

    def write(out: TextIO) -> int:
        with read_snapshot(context.db):
            records = iter_intakes(context.db, first, last, include_pdf=include_pdf)
            if args.format == "csv":
                return write_csv(records, out)
            if args.format == "fhir":
                return write_fhir(records, out, practice_name=clinic_name)
            if args.format == "pdf":
                seen = [0]
                pdf = render_day_report(
                    _counted(records, seen),
                    clinic_name=clinic_name,
                    first=first,
                    last=last,
                    time_zone=context.clock.local_now().tzinfo,
                )
                out.flush()
                out.buffer.write(pdf)  # the bytes as they are, beside the text layer
                out.buffer.flush()
                return seen[0]
            return write_json(records, out, include_pdf=include_pdf)

    return write


def export(args: argparse.Namespace) -> int:
    """Export the intakes of the days asked, then log the export in the audit log."""
    first: date = args.date
    last: date = args.to or first
    if last < first:
        raise UserError(f"--to {last.isoformat()} is before --date {first.isoformat()}", EXIT_INPUT)
    if args.include_pdf and args.format != "json":
        raise UserError("--include-pdf goes with --format json", EXIT_INPUT)
    context = open_data(args)
    try:
        target = _target(args.out, first, last, FORMATS[args.format])
        write = _writer(context, args, first, last)
        count = _write_stdout(write) if target is None else _write_file(target, write)
        subject = "stdout" if target is None else str(target.resolve())
        try:
            AuditLog(context.db, context.clock).record(
                ACTOR,
                "export",
                subject,
                first=first.isoformat(),
                last=last.isoformat(),
                format=args.format,
                records=count,
                include_pdf=args.include_pdf or args.format in WITH_PDF,
            )
        except BaseException:
            if target is not None:  # an export the audit log does not show must not stay
                target.unlink(missing_ok=True)
            raise
    finally:
        context.close()
    days = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
    note = f"exported {count} intake{'' if count == 1 else 's'} of {days} to {subject}"
    print(note, file=sys.stderr if target is None else sys.stdout)
    return EXIT_OK


COMMANDS = (
    Command(
        ("export",),
        "export the intakes of a day or a range of days as CSV, JSON, FHIR or a PDF report",
        export,
        _export_arguments,
    ),
)
