"""The printer goes away mid-job: a real CUPS queue to a network printer (raw socket protocol)
is deleted while the printer is receiving the sheet. The nurse is told it was not printed and
where the sheet is saved, and the attempt is recorded as not printed."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.faults import PrintFault, PrintProblem
from kiosk.core.forms.settings import PrintingSettings
from kiosk.core.staff import Signer
from kiosk.services.context import KioskContext
from kiosk.services.discharge import DischargeDesk
from kiosk.storage.audit import AuditLog
from kiosk.ui.i18n import Translations
from kiosk.ui.staff.aftercare_view import AftercareDialog
from tests.helpers import cups
from tests.helpers.station import one_discharged, print_now
from tests.helpers.widgets import flush_deletes

QUEUE = "KioskTestVanishing"
NURSE = Signer(None, "Nora Nurse")


class VanishingPrinter:
    """A network printer on 127.0.0.1 whose CUPS queue is deleted as soon as a job reaches it."""

    def __init__(self, queue: str) -> None:
        self.queue = queue
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.server.getsockname()[1])
        self.reached = threading.Event()
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            connection, _ = self.server.accept()
        except OSError:
            return
        self.connections.append(connection)  # held open: the job is mid-print
        self.reached.set()
        cups.remove_queue(self.queue)  # the printer goes away

    def close(self) -> None:
        self.server.close()
        for connection in self.connections:
            connection.close()
        self.thread.join(timeout=30)


@pytest.fixture
def vanishing(cups_queue: cups.CupsPdfQueue) -> Iterator[VanishingPrinter]:
    """The queue KioskTestVanishing to a printer that takes the job and then disappears."""
    printer = VanishingPrinter(QUEUE)
    result = cups.run(
        "lpadmin", "-p", QUEUE, "-E", "-v", f"socket://127.0.0.1:{printer.port}", "-m", "raw",
        check=False,
    )  # fmt: skip
    if result.returncode != 0:
        printer.close()
        pytest.skip(f"a raw socket queue cannot be made here: {result.stderr.strip()}")
    try:
        yield printer
    finally:
        printer.close()
        cups.remove_queue(QUEUE)


@pytest.fixture
def discharged(data_dir: Path) -> Iterator[tuple[KioskContext, int]]:
    """A kiosk context with one of today's patients discharged."""
    with one_discharged(data_dir, NURSE) as made:
        yield made


def use_queue(context: KioskContext, queue: str) -> None:
    """The clinic's printer setting names ``queue``."""
    settings = context.forms.settings
    printing = replace(settings.printing, queue=queue)
    assert isinstance(printing, PrintingSettings)
    context.forms = replace(context.forms, settings=replace(settings, printing=printing))


def test_printer_gone_mid_job_is_not_printed_saved_and_recorded(
    vanishing: VanishingPrinter,
    discharged: tuple[KioskContext, int],
    qtbot: Any,
    tally: Any,
) -> None:
    """The sheet reached the printer, then its queue was deleted: the nurse reads 'not printed:
    the printer went away', where the sheet is saved and to print again; the print is recorded
    as saved (with the lost job's id) and audited as a failed print."""
    context, intake_id = discharged
    use_queue(context, QUEUE)
    desk = DischargeDesk(context, follow_seconds=30)  # generous: the deletion ends it early
    dialog = AftercareDialog(desk, intake_id, NURSE)
    qtbot.addWidget(dialog)
    tally.add("faults injected")
    outcome = print_now(dialog)
    assert vanishing.reached.is_set()
    assert not outcome.sent
    assert outcome.message == f"The printer '{QUEUE}' went away before the sheet came out."
    assert outcome.saved_path is not None and outcome.saved_path.read_bytes().startswith(b"%PDF-")
    assert outcome.saved_path.parent == desk.unprinted_folder()
    status = dialog.status.text()
    assert status.startswith(f"⚠ Not printed: The printer '{QUEUE}' went away")
    assert str(outcome.saved_path) in status and "touch Print again" in status
    prints = desk.station.intake(intake_id).prints
    assert [(p.status, p.queue, p.saved_path) for p in prints] == [
        ("saved", QUEUE, str(outcome.saved_path))
    ]
    assert prints[0].job_id.startswith(f"{QUEUE}-")
    actions = [e.action for e in AuditLog(context.db, context.clock).entries()]
    assert actions[-1] == "print_failed"
    dialog.close()
    flush_deletes()


def test_a_normal_print_is_followed_to_completion(
    cups_queue: cups.CupsPdfQueue, discharged: tuple[KioskContext, int]
) -> None:
    """On a working queue the follow-up sees the job complete: sent, nothing saved, no note."""
    context, intake_id = discharged
    desk = DischargeDesk(context, follow_seconds=30)
    outcome = desk.print_sheet(intake_id, queue=cups_queue.queue, by=NURSE)
    assert outcome.sent and outcome.saved_path is None and outcome.unrecorded == ""
    prints = desk.station.intake(intake_id).prints
    assert [(p.status, p.detail) for p in prints] == [("sent", "")]


def test_a_spanish_nurse_reads_why_the_sheet_was_not_printed_in_spanish(
    vanishing: VanishingPrinter,
    discharged: tuple[KioskContext, int],
    qtbot: Any,
    tally: Any,
) -> None:
    """The staff language is Spanish and the printer goes away mid-job: the dialog says in
    Spanish that it was not printed, why (naming the queue) and where the sheet is; the command
    line and the record keep the English words."""
    context, intake_id = discharged
    use_queue(context, QUEUE)
    desk = DischargeDesk(context, follow_seconds=30)
    translations = Translations()
    translations.use("es")
    try:
        dialog = AftercareDialog(desk, intake_id, NURSE)
        qtbot.addWidget(dialog)
        tally.add("faults injected")
        outcome = print_now(dialog)
        status = dialog.status.text()
        dialog.close()
    finally:
        translations.use("en")
    assert vanishing.reached.is_set() and not outcome.sent
    assert outcome.problem == PrintProblem(PrintFault.GONE, QUEUE)
    assert outcome.message == f"The printer '{QUEUE}' went away before the sheet came out."
    assert status.startswith(
        f"⚠ No se imprimió: La impresora '{QUEUE}' desapareció antes de que saliera la hoja."
    ), status
    assert str(outcome.saved_path) in status and "went away" not in status
    (recorded,) = desk.station.intake(intake_id).prints
    assert recorded.detail == outcome.message  # the record keeps the English words
    flush_deletes()


def test_a_spanish_nurse_reads_a_missing_printer_in_spanish(
    cups_queue: cups.CupsPdfQueue, discharged: tuple[KioskContext, int], qtbot: Any
) -> None:
    """A queue CUPS does not know (the real scheduler answers): the reason is Spanish, by kind."""
    del cups_queue  # only its running scheduler is needed
    context, intake_id = discharged
    use_queue(context, "KioskNoSuchPrinter")
    translations = Translations()
    translations.use("es")
    try:
        dialog = AftercareDialog(DischargeDesk(context), intake_id, NURSE)
        qtbot.addWidget(dialog)
        outcome = print_now(dialog)
        status = dialog.status.text()
        dialog.close()
    finally:
        translations.use("en")
    assert outcome.problem == PrintProblem(PrintFault.MISSING, "KioskNoSuchPrinter")
    assert "La impresora 'KioskNoSuchPrinter' no está configurada en este equipo." in status
    assert "not set up" in outcome.message and "not set up" not in status
    flush_deletes()
