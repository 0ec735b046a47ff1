"""The running kiosk's link to the clinic server: the sync started, or why it could not be."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.services.context import KioskContext

if TYPE_CHECKING:
    from kiosk.services.sync import SyncWorker

log = logging.getLogger("kiosk.ui")


@dataclass
class SyncLink:
    """What the start made of ``[server]``: a running worker, a setup problem, or neither (a
    single kiosk, or the sync not started yet). Either way the kiosk works on its own database."""

    worker: SyncWorker | None = None
    setup_problem: str = ""  # why the sync could not start, in one line ("" when it could)

    @classmethod
    def start(cls, context: KioskContext, **options: float) -> SyncLink:
        """Start the background sync when a server is configured; wrong settings are logged (on
        stderr), never raised: the patient screens go on without the server."""
        # The sync brings the PostgreSQL driver: loaded after the first paint, not with the window.
        from kiosk.services.sync import SyncSetupError, start_sync  # noqa: PLC0415

        try:
            worker = start_sync(context, **options)
        except SyncSetupError as exc:
            problem = str(exc)
            # One line on stderr (the program's log): the kiosk goes on with its own database.
            log.error(
                "the clinic server sync is not running: %s; every step stays in this kiosk",
                problem,
            )
            return cls(None, problem)
        if worker is not None:
            log.info("clinic server sync started")
        return cls(worker, "")

    def stop(self) -> None:
        """Stop the worker, if one runs (the kiosk is closing)."""
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.stop()
            log.info("clinic server sync stopped")
