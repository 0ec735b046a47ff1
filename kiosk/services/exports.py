"""Exports of a day or a range (CSV, JSON, FHIR, the PDF day report), each written to the audit
log; a file appears whole, or not at all, and never without its audit entry."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from kiosk.core.audit import AuditAction
from kiosk.core.intake_record import IntakeRecord
from kiosk.core.ports import ExportSource, LineSource
from kiosk.export import write_csv, write_csv_lines, write_json
from kiosk.services.context import KioskContext, RecordsContext
from kiosk.storage.station import StationRepository


class ExportFormat(StrEnum):
    """What an export is written as."""

    CSV = "csv"
    JSON = "json"
    FHIR = "fhir"
    PDF = "pdf"

    @property
    def extension(self) -> str:
        """The file name's ending."""
        return "fhir.json" if self is ExportFormat.FHIR else self.value

    @property
    def always_with_pdf(self) -> bool:
        """Formats that always hold the consent PDFs."""
        return self is ExportFormat.FHIR


class ExportWriteError(OSError):
    """The export could not be written where it was asked to go; nothing was left there."""


@dataclass(frozen=True)
class ExportRequest:
    """Which days, in what format, with the consent PDFs or not."""

    first: date
    last: date
    format: ExportFormat
    include_pdf: bool = False

    @property
    def with_pdf(self) -> bool:
        """Whether the consent PDFs are read."""
        return self.include_pdf or self.format.always_with_pdf

    def filename(self, prefix: str = "kiosk") -> str:
        """kiosk-2026-11-21.csv for one day, kiosk-2026-11-01_2026-11-30.csv for a range (the
        clinic server's export: ``prefix`` clinic)."""
        first, last = self.first.isoformat(), self.last.isoformat()
        days = first if first == last else f"{first}_{last}"
        return f"{prefix}-{days}.{self.format.extension}"


Writer = Callable[[TextIO], int]


class ExportService:
    """Exports of one kiosk's records (from any ExportSource)."""

    def __init__(
        self, context: KioskContext | RecordsContext, source: ExportSource | None = None
    ) -> None:
        self.context = context
        self.source = source or StationRepository(context.db, context.clock)

    def to_file(self, request: ExportRequest, path: Path, *, by: str) -> int:
        """Write the export to a new owner-only file, then audit it (``export``); how many
        intakes it holds. ExportWriteError when it cannot be written; a file the audit log
        cannot show is removed again."""
        count = write_file(path, self.writer(request))
        try:
            self._audit(request, str(path.resolve()), count, by)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return count

    def to_stream(
        self, request: ExportRequest, send: Callable[[Writer], int], *, by: str, name: str
    ) -> int:
        """Hand the export's writer to ``send`` (which writes it to standard output, say), then
        audit it as written to ``name``."""
        count = send(self.writer(request))
        self._audit(request, name, count, by)
        return count

    def writer(self, request: ExportRequest) -> Writer:
        """Writes the export to a text stream (the PDF's bytes to its buffer); the count."""
        return export_writer(
            self.source,
            request,
            clinic_name=self.context.settings.clinic.name,
            time_zone=self.context.clock.local_now().tzinfo,
        )

    def _audit(self, request: ExportRequest, subject: str, count: int, by: str) -> None:
        with self.context.act() as act:
            act.record(
                by,
                AuditAction.EXPORT,
                subject,
                first=request.first.isoformat(),
                last=request.last.isoformat(),
                format=request.format.value,
                records=count,
                include_pdf=request.with_pdf,
            )


def export_writer(
    source: ExportSource,
    request: ExportRequest,
    *,
    clinic_name: str,
    time_zone: tzinfo | None,
    devices: bool = False,
) -> Writer:
    """Writes the export of ``source`` to a text stream (the PDF's bytes to its buffer), inside
    one snapshot; the count. With ``devices`` (several kiosks' intakes) the CSV has a ``device``
    column at the end; the other formats name a record's kiosk whenever it has one."""

    def write(out: TextIO) -> int:
        with source.snapshot():
            if (
                request.format is ExportFormat.CSV
                and not devices
                and isinstance(source, LineSource)
            ):
                # the CSV's columns alone: no answer it does not show is read or decoded
                return write_csv_lines(source.intake_lines(request.first, request.last), out)
            records = source.intakes(request.first, request.last, include_pdf=request.with_pdf)
            if request.format is ExportFormat.CSV:
                if devices:
                    return write_csv(records, out, device_column=True)
                return write_csv(records, out)
            if request.format is ExportFormat.FHIR:
                from kiosk.export.fhir import write_fhir  # noqa: PLC0415 - FHIR only

                return write_fhir(records, out, practice_name=clinic_name)
            if request.format is ExportFormat.PDF:
                # the PDF library: for the day report only
                from kiosk.documents.day_report import render_day_report  # noqa: PLC0415

                seen = [0]
                pdf = render_day_report(
                    _counted(records, seen),
                    clinic_name=clinic_name,
                    first=request.first,
                    last=request.last,
                    time_zone=time_zone,
                )
                out.flush()
                out.buffer.write(pdf)  # the bytes as they are, beside the text layer
                out.buffer.flush()
                return seen[0]
            return write_json(records, out, include_pdf=request.with_pdf)

    return write


def _counted(records: Iterable[IntakeRecord], seen: list[int]) -> Iterator[IntakeRecord]:
    """``records`` as they come, counting them in ``seen[0]``."""
    for record in records:
        seen[0] += 1
        yield record


def write_file(path: Path, write: Writer) -> int:
    """Write to a new owner-only file beside ``path``, then move it into place: all or nothing."""
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise ExportWriteError(exc.errno, exc.strerror or str(exc), str(path)) from None
    part = Path(temporary)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            count = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        part.replace(path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise ExportWriteError(exc.errno, exc.strerror or str(exc), str(path)) from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return count
