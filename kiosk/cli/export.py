"""The ``export`` command: the intakes of a day or a range as CSV, JSON, FHIR or a PDF day report.

Every export of a kiosk's records is logged in its audit log. ``--server`` exports the whole
clinic's intakes from the clinic server instead, and writes no kiosk audit entry (it opens no
kiosk database; recording it belongs to the clinic server's own audit log).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from datetime import date
from pathlib import Path

from kiosk.cli.command import EXIT_INPUT, EXIT_OK, EXIT_STORAGE, Command, UserError
from kiosk.services.context import open_records
from kiosk.services.exports import (
    ExportFormat,
    ExportRequest,
    ExportService,
    ExportWriteError,
    Writer,
)
from kiosk.services.places import ENV_SERVER_URL

ACTOR = "command line"  # who the audit log says exported
STDOUT = "-"
EXIT_NOT_WRITTEN = 1  # the export could not be written where --out says
FORMATS = {f.value: f.extension for f in ExportFormat}  # format -> extension


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
        help=f"a folder (the file is named kiosk-FROM[_TO].EXT in it, clinic-FROM[_TO].EXT with"
        f" --server), a file, or '{STDOUT}' for stdout; a new file is readable by its owner only",
    )
    parser.add_argument(
        "--include-pdf",
        action="store_true",
        help="with --format json: each signed consent's PDF copy as base64 (large)",
    )
    parser.add_argument(
        "--server",
        action="store_true",
        help="export every kiosk's intakes from the clinic server (each names its kiosk) instead"
        " of this kiosk's; no kiosk database is opened and no kiosk audit entry is written",
    )
    parser.add_argument(
        "--url",
        metavar="URL",
        default=None,
        help=f"with --server: the server's admin postgresql:// URL (default: ${ENV_SERVER_URL})",
    )
    parser.epilog = (
        "The export holds health information. Every export of a kiosk's records is written to"
        " its audit log with the days, the format, where it went and how many intakes it holds."
        " An export with --server writes nothing to a kiosk's audit log (it reads the clinic"
        " server, not a kiosk; recording it belongs to the clinic server's own audit log)."
    )


def _target(out: str, name: str) -> Path | None:
    """The file to write (``name`` in a folder), or None for stdout."""
    if out == STDOUT:
        return None
    path = Path(out)
    if path.is_dir():
        return path / name
    if out.endswith(("/", os.sep)):  # meant as a folder; Path() would drop the slash
        raise UserError(f"cannot write {out}: no such folder", EXIT_NOT_WRITTEN)
    return path


def _cannot_write(path: Path | str, exc: OSError) -> UserError:
    return UserError(f"cannot write {path}: {exc.strerror or exc}", EXIT_NOT_WRITTEN)


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


def export(args: argparse.Namespace) -> int:
    """Export the intakes of the days asked, then log the export in the audit log."""
    first: date = args.date
    last: date = args.to or first
    if last < first:
        raise UserError(f"--to {last.isoformat()} is before --date {first.isoformat()}", EXIT_INPUT)
    if args.include_pdf and args.format != "json":
        raise UserError("--include-pdf goes with --format json", EXIT_INPUT)
    request = ExportRequest(first, last, ExportFormat(args.format), args.include_pdf)
    if args.server:
        count, target, subject = _export_server(args, request)
    else:
        if args.url:
            raise UserError("--url goes with --server", EXIT_INPUT)
        count, target, subject = _export_kiosk(args, request)
    days = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
    note = f"exported {count} intake{'' if count == 1 else 's'} of {days} to {subject}"
    print(note, file=sys.stderr if target is None else sys.stdout)
    return EXIT_OK


def _export_kiosk(args: argparse.Namespace, request: ExportRequest) -> tuple[int, Path | None, str]:
    """This kiosk's intakes, audited in its log; the count, the file (None: stdout), where."""
    context = open_records(args.data_dir, forms_folder=args.forms_dir)  # the settings, no forms
    try:
        target = _target(args.out, request.filename())
        service = ExportService(context)
        if target is None:
            subject = "stdout"
            count = service.to_stream(request, _write_stdout, by=ACTOR, name=subject)
        else:
            subject = str(target.resolve())
            try:
                count = service.to_file(request, target, by=ACTOR)
            except ExportWriteError as exc:
                raise _cannot_write(target, exc) from None
    finally:
        context.close()
    return count, target, subject


def _export_server(
    args: argparse.Namespace, request: ExportRequest
) -> tuple[int, Path | None, str]:
    """Every kiosk's intakes from the clinic server. No audit entry is written here: there may
    be no kiosk database on this machine; recording the read is the server's audit log's job."""
    # the clinic server's driver and reader: loaded for --server only
    from kiosk.services.clinic_exports import (  # noqa: PLC0415
        ClinicExportService,
        ServerProblemError,
    )

    url = args.url or os.environ.get(ENV_SERVER_URL)
    if not url:
        raise UserError(f"give the server with --url URL or ${ENV_SERVER_URL}", EXIT_INPUT)
    service = ClinicExportService(str(url), forms_folder=args.forms_dir)
    target = _target(args.out, service.filename(request))
    try:
        if target is None:
            return service.to_stream(request, _write_stdout), None, "stdout"
        try:
            count = service.to_file(request, target)
        except ExportWriteError as exc:
            raise _cannot_write(target, exc) from None
    except ServerProblemError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    return count, target, str(target.resolve())


COMMANDS = (
    Command(
        ("export",),
        "export the intakes of a day or a range of days as CSV, JSON, FHIR or a PDF report",
        export,
        _export_arguments,
    ),
)
