"""Exports of the whole clinic from the clinic server: every kiosk's intakes of a day or a range,
in the formats of a kiosk's own export, each intake naming the kiosk it came from.

Recorded in the clinic server's own audit log (``export``, by the server login that ran it),
once the export is written, as a kiosk records its own; never in a kiosk's log: this export
reads no kiosk database and may run on a machine that has none.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg

from kiosk.core.audit import AuditAction
from kiosk.core.clock import Clock
from kiosk.core.forms import FormsBundle, load_forms
from kiosk.server import audit, schema
from kiosk.server.reader import ServerReader
from kiosk.services.context import clinic_clock, forms_dir
from kiosk.services.exports import ExportRequest, Writer, export_writer, write_file
from kiosk.services.server import ServerProblemError

FILE_PREFIX = "clinic"  # clinic-2026-11-21.csv: the whole clinic, not one kiosk

__all__ = ["FILE_PREFIX", "ClinicExportService", "ServerProblemError"]


class ClinicExportService:
    """The clinic server's intakes exported (CSV, JSON, FHIR, the PDF day report); the clinic's
    name and time zone come from the forms' settings, as on a kiosk."""

    def __init__(
        self,
        url: str,
        *,
        forms: FormsBundle | None = None,
        forms_folder: Path | None = None,
        clock: Clock | None = None,
        clinic: str | None = None,
    ) -> None:
        self.url = url
        self.forms = forms if forms is not None else load_forms(forms_dir(forms_folder))
        self.clock = clock or clinic_clock(self.forms)
        self.clinic = clinic  # None: every clinic on the server

    def filename(self, request: ExportRequest) -> str:
        """clinic-2026-11-21.csv, clinic-2026-11-01_2026-11-30.json..."""
        return request.filename(FILE_PREFIX)

    def to_file(self, request: ExportRequest, path: Path) -> int:
        """Write the export to a new owner-only file that appears whole or not at all, then
        record it in the server's audit log; how many intakes it holds. ExportWriteError when
        it cannot be written there, ServerProblemError when the server cannot be read or its
        log refuses the entry (the file is written by then)."""
        with self._connected() as (writer_of, conn):
            count = write_file(path, writer_of(request))
            self._audit(conn, request, count, path.name)
            return count

    def to_stream(self, request: ExportRequest, send: Callable[[Writer], int]) -> int:
        """Hand the export's writer to ``send`` (which writes it to standard output, say), then
        record it in the server's audit log."""
        with self._connected() as (writer_of, conn):
            count = send(writer_of(request))
            self._audit(conn, request, count, "standard output")
            return count

    @staticmethod
    def _audit(
        conn: psycopg.Connection[tuple[object, ...]],
        request: ExportRequest,
        count: int,
        subject: str,
    ) -> None:
        audit.record(
            conn,
            None,
            AuditAction.EXPORT,
            subject,
            first=request.first.isoformat(),
            last=request.last.isoformat(),
            format=request.format.value,
            records=count,
            include_pdf=request.with_pdf,
        )

    @contextlib.contextmanager
    def _connected(
        self,
    ) -> Iterator[tuple[Callable[[ExportRequest], Writer], psycopg.Connection[tuple[object, ...]]]]:
        try:
            conn = schema.connect(self.url)
        except psycopg.Error as exc:
            raise ServerProblemError(f"cannot reach the clinic server: {exc}") from None
        try:
            audit.require(conn)  # an export the log cannot record is not made
        except audit.AuditMissingError as exc:
            conn.close()
            raise ServerProblemError(str(exc)) from None
        source = ServerReader(conn, self.clinic)

        def writer_of(request: ExportRequest) -> Writer:
            return export_writer(
                source,
                request,
                clinic_name=self.forms.settings.clinic.name,
                time_zone=self.clock.local_now().tzinfo,
                devices=True,
            )

        try:
            yield writer_of, conn
        except psycopg.Error as exc:
            raise ServerProblemError(f"the clinic server refused the export: {exc}") from None
        finally:
            conn.close()
