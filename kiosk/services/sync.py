"""The sync to the clinic server: the worker thread, a push on demand, and what the staff see.

The kiosk's own database stays the store of record; the outbox (kiosk.storage.outbox) holds
every confirmed step until the server has committed it. The sync never runs on the UI thread
and the patient never waits for it. Its log lines and messages never name a patient.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlite_utils import Database

from kiosk.core.clock import Clock, today, utc_iso
from kiosk.core.forms.model import FormsBundle
from kiosk.core.outbox import Pending, backoff_seconds
from kiosk.server.client import Link, LinkError, Target, Trouble
from kiosk.server.devices import CLINIC_ID
from kiosk.services.context import KioskContext, backup_folder
from kiosk.services.server import ENV_SERVER_URL
from kiosk.storage import outbox
from kiosk.storage.credential import CredentialError, default_credential_file, read_credential
from kiosk.storage.db import DatabaseKey, database_path, open_database
from kiosk.storage.errors import StorageError
from kiosk.storage.faults import StorageFault

ENV_SERVER_CA = "KIOSK_SERVER_CA"
ENV_SERVER_CREDENTIAL = "KIOSK_SERVER_CREDENTIAL"
ENV_SERVER_CLINIC = "KIOSK_SERVER_CLINIC"
BATCH = 100  # steps per submit_batch call
POLL_SECONDS = 5.0  # the worker looks again this often when nothing woke it
APPOINTMENTS_SECONDS = 300.0  # the day's appointments are pulled this often
REVOKED_SECONDS = 300.0  # a revoked kiosk asks again this rarely
SKEW_WARNING_SECONDS = 120.0  # a kiosk clock further than this from the server's is reported
STATE_SECONDS = 30.0  # an idle sync records its success this often

log = logging.getLogger("kiosk.sync")

__all__ = [
    "ENV_SERVER_CA",
    "ENV_SERVER_CLINIC",
    "ENV_SERVER_CREDENTIAL",
    "ENV_SERVER_URL",
    "LinkError",
    "Pusher",
    "SyncSetupError",
    "SyncStatus",
    "SyncWorker",
    "Trouble",
    "server_target",
    "settings_target",
    "start_sync",
    "sync_now",
    "sync_status",
]


class SyncSetupError(Exception):
    """The ``[server]`` settings or the credential file are wrong; the message says how."""


def server_target(context: KioskContext) -> Target | None:
    """Where this kiosk's clinic server is (None: a single kiosk, no server configured)."""
    return settings_target(context.forms, context.data_dir)


def settings_target(forms: FormsBundle, data_dir: Path) -> Target | None:
    """Where the clinic server is and the credential this machine logs in with, from
    ``[server]`` or ``$KIOSK_SERVER_URL`` / ``_CA`` / ``_CREDENTIAL`` / ``_CLINIC`` (None: no
    server configured). The credential file may not lie in ``data_dir`` nor its backups."""
    settings = forms.settings.server
    url = os.environ.get(ENV_SERVER_URL) or settings.url
    if not url:
        return None
    if "@" in url.split("?", 1)[0]:
        raise SyncSetupError(
            "the clinic server's URL must not hold a user or password: they are in the"
            " credential file"
        )
    ca = os.environ.get(ENV_SERVER_CA) or settings.ca_file
    if not ca:
        raise SyncSetupError(
            f"the clinic's CA file is not set: [server] ca_file or ${ENV_SERVER_CA}"
        )
    ca_file = Path(ca).expanduser()
    if not ca_file.is_file():
        raise SyncSetupError(
            f"{ca_file}: the clinic's CA file is missing ([server] ca_file or ${ENV_SERVER_CA})"
        )
    chosen = os.environ.get(ENV_SERVER_CREDENTIAL) or settings.credential_file
    path = Path(chosen).expanduser() if chosen else default_credential_file()
    protected = (data_dir, backup_folder(data_dir, forms.settings.backup))
    try:
        credential = read_credential(path, protected)
    except CredentialError as exc:
        raise SyncSetupError(str(exc)) from None
    clinic = os.environ.get(ENV_SERVER_CLINIC) or settings.clinic
    if clinic and not CLINIC_ID.match(clinic):
        raise SyncSetupError(
            f"{clinic!r}: a clinic id is a lower-case letter, then letters, digits or _ (up to 40)"
        )
    return Target(url, ca_file, credential, clinic)


def shown_url(url: str) -> str:
    """The server's address for staff: no query string (nothing secret is ever in it)."""
    return url.split("?", 1)[0]


@dataclass(frozen=True)
class SyncStatus:
    """What the staff see of the sync."""

    server: str  # "" for a single kiosk
    waiting: int
    urgent_waiting: int
    sent: int
    conflicts: int
    refused: int  # steps the server refused outright, kept here, set aside
    last_success: datetime | None
    last_attempt: datetime | None
    problem: str  # the last attempt's problem, "" when it went through
    trouble: str  # its kind (Trouble), "" when it went through
    device: str  # the server's name for this kiosk, once it said hello
    clock_skew_seconds: float | None

    @property
    def revoked(self) -> bool:
        """The server shut this kiosk's login out: its outbox stays here."""
        return self.trouble == Trouble.REVOKED.value

    @property
    def clock_off(self) -> bool:
        """The kiosk's clock is more than two minutes from the server's."""
        skew = self.clock_skew_seconds
        return skew is not None and abs(skew) > SKEW_WARNING_SECONDS


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def status_of(db: Database, server: str) -> SyncStatus:
    """The sync's state as the database holds it."""
    counts = outbox.counts(db)
    state = outbox.read_state(db)
    skew = state.get(outbox.CLOCK_SKEW)
    return SyncStatus(
        server=server,
        waiting=counts.waiting,
        urgent_waiting=counts.urgent_waiting,
        sent=counts.sent,
        conflicts=max(counts.conflicts, int(state.get(outbox.SERVER_CONFLICTS, "0"))),
        refused=counts.refused,
        last_success=_moment(state.get(outbox.LAST_SUCCESS)),
        last_attempt=_moment(state.get(outbox.LAST_ATTEMPT)),
        problem=state.get(outbox.LAST_PROBLEM, ""),
        trouble=state.get(outbox.TROUBLE, ""),
        device=state.get(outbox.SERVER_NAME, ""),
        clock_skew_seconds=float(skew) if skew else None,
    )


def sync_status(context: KioskContext) -> SyncStatus:
    """The sync's state for the staff side and ``kiosk sync status`` (SyncSetupError when the
    settings are wrong; a single kiosk has server "")."""
    target = server_target(context)
    return status_of(context.db, shown_url(target.url) if target else "")


class Pusher:
    """Sends the outbox in order, a batch at a time, over one link it opens when needed; rows
    are marked sent only after the server committed their batch."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        target: Target,
        *,
        batch: int = BATCH,
        connect: Callable[[Target, str], Link] = Link,
    ) -> None:
        self._db = db
        self._clock = clock
        self._target = target
        self._batch = batch
        self._connect = connect
        self._link: Link | None = None
        self._state_written: float | None = None  # time.monotonic() of the last state written

    def close(self) -> None:
        """Drop the connection (a new one is opened by the next push)."""
        if self._link is not None:
            self._link.close()
            self._link = None

    def _linked(self) -> Link:
        if self._link is None:
            link = self._connect(self._target, outbox.device_id(self._db))
            try:
                hello = link.hello(self._clock.now())
                self._check_clinic(link, hello.device)
            except BaseException:
                link.close()
                raise
            outbox.write_state(
                self._db,
                {
                    outbox.SERVER_NAME: hello.device,
                    outbox.CLOCK_SKEW: f"{hello.clock_skew_seconds:.1f}",
                    outbox.SERVER_CONFLICTS: str(hello.conflicts),
                },
            )
            again = outbox.resend_after(self._db, hello.highest_sequence)
            if again:
                log.warning(
                    "the clinic server lacks %d steps this kiosk sent (was it restored from an"
                    " older dump?): sending them again",
                    again,
                )
            if abs(hello.clock_skew_seconds) > SKEW_WARNING_SECONDS:
                log.warning(
                    "this kiosk's clock is %.0f s from the clinic server's",
                    hello.clock_skew_seconds,
                )
            self._link = link
        return self._link

    def _check_clinic(self, link: Link, device: str) -> None:
        """A kiosk set for one clinic sends nothing to a server that enrolled it in another
        (moved to the wrong clinic by mistake): LinkError WRONG_CLINIC, the outbox waits."""
        expected = self._target.clinic
        if not expected:
            return
        enrolled = link.clinic()
        if enrolled != expected:
            raise LinkError(
                Trouble.WRONG_CLINIC,
                f"this kiosk is set for clinic {expected} ([server] clinic), but the clinic"
                f" server enrolled it as {device} in clinic {enrolled}: nothing is sent until"
                " the setting or the enrolment is put right",
            )

    def push_once(self) -> int:
        """Send one batch; how many steps it held (0: the outbox is empty). LinkError when the
        server cannot take it (the rows stay waiting, the state says why). The rows' marks and
        the state are one transaction; an idle push writes the state at most every
        STATE_SECONDS, so a quiet kiosk does not write to its disk every poll."""
        now = self._clock.now()
        batch: list[Pending] = []
        try:
            link = self._linked()
            batch = outbox.pending(self._db, self._batch)
            answers = link.submit(now, batch) if batch else []
        except LinkError as exc:
            if exc.about_content and batch:
                return self._refused(batch, exc)
            self.close()
            self._state_written = None
            outbox.write_state(
                self._db,
                {
                    outbox.LAST_ATTEMPT: utc_iso(now),
                    outbox.LAST_PROBLEM: str(exc),
                    outbox.TROUBLE: exc.trouble.value,
                },
            )
            raise
        done = utc_iso(self._clock.now())
        state: dict[str, str | None] = {
            outbox.LAST_ATTEMPT: done,
            outbox.LAST_SUCCESS: done,
            outbox.LAST_PROBLEM: None,
            outbox.TROUBLE: None,
        }
        if batch:
            marks = [(p.sequence, a.value) for p, a in zip(batch, answers, strict=True)]
            outbox.mark_sent(self._db, marks, done, state)
            log.info("sent %d steps to the clinic server", len(batch))
        elif self._state_written is None or time.monotonic() - self._state_written > STATE_SECONDS:
            outbox.write_state(self._db, state)
        else:
            return 0
        self._state_written = time.monotonic()
        return len(batch)

    def _refused(self, batch: list[Pending], exc: LinkError) -> int:
        """The server refused what a batch holds (a step it cannot read, not the network nor
        its own schema): the first step alone is tried next; refused alone, it is set aside so
        the rest can still go."""
        self.close()
        if len(batch) > 1:
            single = Pusher(self._db, self._clock, self._target, batch=1, connect=self._connect)
            try:
                return single.push_once()
            finally:
                single.close()
        outbox.set_aside(self._db, batch[0].sequence)
        log.error("the clinic server refused step %d; it is set aside: %s", batch[0].sequence, exc)
        return 1

    def drain(self) -> int:
        """Push until the outbox is empty (steps set aside before are tried again first); how
        many steps were sent or set aside."""
        outbox.retry_refused(self._db)
        total = 0
        while sent := self.push_once():
            total += sent
        return total

    def pull_appointments(self, day: date) -> int:
        """The day's appointments from the server into this kiosk's; how many."""
        try:
            booked = self._linked().appointments(day)
        except LinkError:
            self.close()
            raise
        rows = [
            outbox.PulledAppointment(b.uuid, b.day, b.time, b.name_key, b.birth_date)
            for b in booked
        ]
        return outbox.store_pulled_appointments(self._db, day, rows, utc_iso(self._clock.now()))


@dataclass(frozen=True)
class SyncDone:
    """What ``sync_now`` did."""

    sent: int
    appointments: int
    status: SyncStatus


def sync_now(context: KioskContext) -> SyncDone:
    """Push the whole outbox and pull today's appointments, now (``kiosk sync``). SyncSetupError
    when no server is configured or its settings are wrong; LinkError when it cannot finish."""
    target = server_target(context)
    if target is None:
        raise SyncSetupError(
            f"no clinic server is configured: set [server] url in settings.toml or ${ENV_SERVER_URL}"
        )
    pusher = Pusher(context.db, context.clock, target)
    try:
        sent = pusher.drain()
        pulled = pusher.pull_appointments(today(context.clock))
    finally:
        pusher.close()
    return SyncDone(sent, pulled, status_of(context.db, shown_url(target.url)))


class SyncWorker(threading.Thread):
    """The background sync of a running kiosk: its own database connection, woken by every
    confirmed step, polling otherwise, backing off while the server is away. Never raises."""

    def __init__(
        self,
        data_dir: Path,
        key: DatabaseKey | None,
        clock: Clock,
        target: Target,
        *,
        poll_seconds: float = POLL_SECONDS,
        appointments_seconds: float = APPOINTMENTS_SECONDS,
        batch: int = BATCH,
    ) -> None:
        super().__init__(name="kiosk-sync", daemon=True)
        self._path = database_path(data_dir)
        self._key = key
        self._clock = clock
        self._target = target
        self._poll = poll_seconds
        self._appointments_every = appointments_seconds
        self._batch = batch
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self.failures = 0

    def wake(self) -> None:
        """A step was committed: send it now (cheap; safe from any thread)."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the current call and stop."""
        self._stopping.set()
        self._wake.set()
        if self.is_alive():
            self.join(timeout)

    def run(self) -> None:
        """Push, pull, wait; until stopped."""
        try:
            db = open_database(self._path, key=self._key, migrate=False, check=None)
        except StorageError as exc:
            log.error("the sync cannot open the kiosk's database: %s", exc)
            return
        pusher = Pusher(db, self._clock, self._target, batch=self._batch)
        pulled_at = -self._appointments_every
        try:
            outbox.retry_refused(db)  # each start gives a refused step another chance
            while not self._stopping.is_set():
                self._wake.clear()
                wait = self._poll
                try:
                    while pusher.push_once() and not self._stopping.is_set():
                        pass
                    now = time.monotonic()
                    if now - pulled_at >= self._appointments_every:
                        pusher.pull_appointments(today(self._clock))
                        pulled_at = now
                    self.failures = 0
                except LinkError as exc:
                    self.failures += 1
                    wait = (
                        REVOKED_SECONDS
                        if exc.trouble is Trouble.REVOKED
                        else backoff_seconds(self.failures)
                    )
                    log.warning("sync: %s; next try in %.0f s", exc, wait)
                except (StorageFault, StorageError) as exc:
                    self.failures += 1
                    wait = backoff_seconds(self.failures)
                    log.error("sync: the kiosk's database: %s", exc)
                if self.failures:
                    self._stopping.wait(wait)  # steps confirmed meanwhile wait for the backoff
                else:
                    self._wake.wait(wait)
        finally:
            pusher.close()
            db.close()


def start_sync(context: KioskContext, **options: float) -> SyncWorker | None:
    """Start the background sync of a kiosk whose ``[server]`` is configured (None: a single
    kiosk, nothing started); every step the context's sessions commit wakes it. SyncSetupError
    when the settings or the credential file are wrong. The caller stops it (``stop()``)."""
    target = server_target(context)
    if target is None:
        return None
    worker = SyncWorker(
        context.data_dir,
        context.key,
        context.clock,
        target,
        poll_seconds=options.get("poll_seconds", POLL_SECONDS),
        appointments_seconds=options.get("appointments_seconds", APPOINTMENTS_SECONDS),
        batch=int(options.get("batch", BATCH)),
    )
    context.step_committed = worker.wake
    worker.start()
    return worker
