"""The nurse station's desk on the clinic server (``python -m kiosk station``): its session,
opened again after the server was away, the board's live notices, and every server trouble
told as ServerAwayError, never a driver error."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import psycopg
from psycopg import conninfo

from kiosk.core.board import ScorePoint
from kiosk.core.clock import Clock
from kiosk.core.faults import Fault
from kiosk.core.flags import Flag
from kiosk.core.forms.model import FormsBundle
from kiosk.core.intake_record import IntakeRecord, IntakeSummary
from kiosk.core.ports import Discharge, PrintAttempt, ReadinessEntry, StationStore
from kiosk.core.row_versions import StaleViewError
from kiosk.core.side_effects import SideEffect
from kiosk.core.staff import Signer, SignIn, StaffMember
from kiosk.core.vitals import Phase, Vitals
from kiosk.server.client import Target
from kiosk.server.listen import KEEPALIVE, BoardListener, Notice
from kiosk.services.context import backup_folder, default_data_dir
from kiosk.services.discharge import DischargeDesk
from kiosk.services.faults import StorageError
from kiosk.services.server_station import StationOnServer
from kiosk.services.station import StationService
from kiosk.services.sync import SyncSetupError, settings_target
from kiosk.storage.credential import CredentialError, read_credential

T = TypeVar("T")
APPLICATION = "kiosk-station"
ENV_STATION_CREDENTIAL = "KIOSK_STATION_CREDENTIAL"

__all__ = [
    "ENV_STATION_CREDENTIAL",
    "Notice",
    "ServerAwayError",
    "StaleViewError",
    "StationDesk",
    "StationSetupError",
    "Target",
    "corner_target",
    "desk_target",
]


class ServerAwayError(StorageError):
    """The clinic server cannot be reached (or refused the station's login); the message says
    why in one line. A StorageError, so the board keeps its last rows and says it."""

    kind = Fault.OTHER


class StationSetupError(Exception):
    """No clinic server is set, or its settings or the credential file are wrong."""


def desk_target(forms: FormsBundle, data_dir: Path) -> Target:
    """The server, CA and the station login's credential, read as a kiosk reads its own
    (``[server]`` settings or ``$KIOSK_SERVER_URL`` / ``_CA`` / ``_CREDENTIAL``)."""
    try:
        target = settings_target(forms, data_dir)
    except SyncSetupError as exc:
        raise StationSetupError(str(exc)) from None
    if target is None:
        raise StationSetupError(
            "no clinic server is set: [server] url or $KIOSK_SERVER_URL (with the CA file and"
            " the station login's credential, python -m kiosk server station-login NAME)"
        )
    return target


def corner_target(forms: FormsBundle, data_dir: Path) -> Target | None:
    """The clinic server's station for a kiosk's staff corner: the kiosk's own server (URL,
    CA, clinic) with a station login's credential, ``[server] station_credential_file`` or
    ``$KIOSK_STATION_CREDENTIAL`` (the kiosk's own login may only hand in intakes). None when
    no server or no station credential is set: the corner stays on the kiosk's staff and board.
    StationSetupError when they are set but wrong."""
    chosen = os.environ.get(ENV_STATION_CREDENTIAL) or forms.settings.server.station_credential_file
    if not chosen:
        return None
    try:
        target = settings_target(forms, data_dir)
    except SyncSetupError as exc:
        raise StationSetupError(str(exc)) from None
    if target is None:
        return None
    protected = (data_dir, backup_folder(data_dir, forms.settings.backup))
    try:
        credential = read_credential(Path(chosen).expanduser(), protected)
    except CredentialError as exc:
        raise StationSetupError(str(exc)) from None
    return dataclasses.replace(target, credential=credential)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class StationDesk:
    """One station's desk on the clinic server. ``station`` is the StationService the nurse
    screens use; its store opens the server session when first needed and again after it was
    lost. ``follow`` starts the board's listener. Closed by ``close``."""

    def __init__(
        self,
        target: Target | str,
        forms: FormsBundle,
        clock: Clock,
        *,
        cost: int | None = None,
        data_dir: Path | None = None,
    ) -> None:
        base = target.conninfo() if isinstance(target, Target) else target
        self.conninfo = conninfo.make_conninfo(base, application_name=APPLICATION, **KEEPALIVE)
        self.clinic = (target.clinic or None) if isinstance(target, Target) else None
        self.forms = forms
        self.clock = clock
        self._cost = cost
        self._sessions: dict[bool, StationOnServer] = {}  # by reads: the board's, or the acts'
        self._opening = threading.RLock()  # the board is read on a thread of its own
        self._lost: set[bool] = set()  # sessions the server was lost under: opened anew
        self.versions: dict[int, int] = {}  # the row version of each intake the board showed
        self.flag_versions: dict[int, int] = {}  # ... and of each flag's intake
        self.store = _DeskStore(self)
        self.station = StationService(self.store, forms, clock)
        # discharge and aftercare on the server's store; unprinted sheets go to this machine
        self.discharge = DischargeDesk(
            station=self.station, data_dir=data_dir or default_data_dir()
        )
        # The board's reads have a session of their own: a read on its thread never runs
        # inside an act's transaction, and a server that stops answering a read holds no act.
        self.board_station = StationService(_DeskStore(self, reads=True), forms, clock)

    # --- the session ---------------------------------------------------------------------

    def session(self, *, reads: bool = False) -> StationOnServer:
        """The open session for acts (or the board's reads), opened (again) when there is
        none or it was lost."""
        with self._opening:
            current = self._sessions.get(reads)
            if current is not None and reads in self._lost:
                self._lost.discard(reads)
                self.drop(reads=reads)
                current = None
            if current is not None and current.conn.broken:
                self.drop(reads=reads)
                current = None
            if current is None:
                try:
                    current = StationOnServer(
                        self.conninfo, self.forms, self.clock, clinic=self.clinic, cost=self._cost
                    )
                except psycopg.Error as exc:
                    raise ServerAwayError(_one_line(exc)) from None
                self._sessions[reads] = current
            return current

    def server_lost(self) -> None:
        """The server was lost (the listener said so): each session is opened anew at its next
        use, on the thread that uses it, so the first save after the server is back does not
        fail on a connection the server dropped meanwhile."""
        with self._opening:
            self._lost = {False, True}

    def drop(self, *, reads: bool = False) -> None:
        """Forget the session for acts (or the board's reads); opened again at the next use."""
        with self._opening:
            current = self._sessions.pop(reads, None)
        if current is not None:
            with contextlib.suppress(Exception):
                current.close()

    def guard(self, act: Callable[[StationOnServer], T], *, reads: bool = False) -> T:
        """``act`` on the session; a lost connection or a server refusing becomes
        ServerAwayError (StaleViewError, LookupError and the discharge's refusals pass). A read
        whose connection turns out lost is tried once more on a new one (an act never is: it
        may have been applied)."""
        for attempt in (1, 2):
            session = self.session(reads=reads)
            try:
                return act(session)
            except psycopg.Error as exc:
                lost = session.conn.broken or isinstance(exc, psycopg.OperationalError)
                if lost:
                    self.drop(reads=reads)
                if not (lost and reads and attempt == 1):
                    raise ServerAwayError(_one_line(exc)) from None
                # A read on a connection the server dropped while it was away (a restart):
                # read once more on a new one.
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        """Close both sessions."""
        self.drop()
        self.drop(reads=True)

    # --- staff ---------------------------------------------------------------------------

    def members(self) -> list[StaffMember]:
        """The active staff on the server, by name."""
        return self.guard(lambda s: s.staff.members())

    def sign_in(self, staff_id: int, pin: str) -> SignIn:
        """One sign-in attempt, counted on the server."""
        return self.guard(lambda s: s.staff.sign_in(staff_id, pin))

    # --- the board -----------------------------------------------------------------------

    def board_version(self, intake_id: int) -> int | None:
        """The row version of ``intake_id`` as the board last read it (None: not on it)."""
        return self.versions.get(intake_id)

    def acknowledge(self, flag_id: int, by: Signer) -> None:
        """Acknowledge a flag on the version the board showed; StaleViewError when the intake
        moved on meanwhile (nothing applied)."""
        version = self.flag_versions.get(flag_id)
        self.station.acknowledge(flag_id, by, seen_version=version)

    def follow(
        self, on_notice: Callable[[Notice], None], on_state: Callable[[bool, str], None]
    ) -> BoardListener:
        """Start listening to the board's notices of this desk's clinic (on a thread of its
        own; both callbacks are called there). Stop it with ``stop()``."""

        def mine(notice: Notice) -> None:
            if self.clinic is None or notice.clinic == self.clinic:
                on_notice(notice)

        listener = BoardListener(self.conninfo, mine, on_state)
        listener.start()
        return listener


class _DeskStore:
    """The StationStore of the desk's current session for acts (or the board's reads), every
    server trouble ServerAwayError; the board's row versions go to the desk."""

    def __init__(self, desk: StationDesk, *, reads: bool = False) -> None:
        self._desk = desk
        self._reads = reads

    def _read(self, read: Callable[[StationOnServer], T]) -> T:
        return self._desk.guard(read, reads=self._reads)

    def board(self, day: date) -> list[IntakeSummary]:
        rows = self._read(lambda s: s.store.board(day))
        self._desk.versions = {r.id: r.version for r in rows}
        self._desk.flag_versions = {f.id: r.version for r in rows for f in r.flags}
        return rows

    def intake(self, intake_id: int) -> IntakeRecord:
        return self._read(lambda s: s.store.intake(intake_id))

    def score_history(self, intake_id: int) -> list[ScorePoint]:
        return self._read(lambda s: s.store.score_history(intake_id))

    def next_appointment(self, intake_id: int, after: date) -> tuple[date, str] | None:
        return self._read(lambda s: s.store.next_appointment(intake_id, after))

    def change_marker(self) -> Hashable:
        return self._read(lambda s: s.store.change_marker())

    @contextmanager
    def act(self) -> Iterator[Any]:
        session = self._desk.session()
        try:
            with session.store.act() as act:
                yield act
        except psycopg.Error as exc:
            self._desk.drop()
            raise ServerAwayError(_one_line(exc)) from None

    def acknowledge(
        self,
        flag_id: int,
        staff_id: int | None,
        staff_name: str,
        *,
        seen_version: int | None = None,
    ) -> None:
        self._desk.guard(
            lambda s: s.store.acknowledge(flag_id, staff_id, staff_name, seen_version=seen_version)
        )

    def record_vitals(
        self,
        intake_id: int,
        phase: Phase,
        vitals: Vitals,
        staff_id: int | None,
        flags: list[Flag],
        *,
        seen_version: int | None = None,
    ) -> None:
        self._desk.guard(
            lambda s: s.store.record_vitals(
                intake_id, phase, vitals, staff_id, flags, seen_version=seen_version
            )
        )

    def seat(self, intake_id: int, *, seen_version: int | None = None) -> None:
        self._desk.guard(lambda s: s.store.seat(intake_id, seen_version=seen_version))

    def discharge(
        self, intake_id: int, record: Discharge, *, seen_version: int | None = None
    ) -> None:
        self._desk.guard(lambda s: s.store.discharge(intake_id, record, seen_version=seen_version))

    def record_print(
        self, intake_id: int, attempt: PrintAttempt, *, seen_version: int | None = None
    ) -> int:
        return self._desk.guard(
            lambda s: s.store.record_print(intake_id, attempt, seen_version=seen_version)
        )

    def mark_infusion(
        self,
        intake_id: int,
        mark: str,
        at: datetime,
        staff_id: int | None,
        staff_name: str,
        *,
        seen_version: int | None = None,
    ) -> None:
        self._desk.guard(
            lambda s: s.store.mark_infusion(
                intake_id, mark, at, staff_id, staff_name, seen_version=seen_version
            )
        )

    def correct_infusion(
        self,
        intake_id: int,
        mark: str,
        at: datetime,
        reason: str,
        *,
        staff_id: int | None,
        staff_name: str,
        seen_version: int | None = None,
    ) -> None:
        self._desk.guard(
            lambda s: s.store.correct_infusion(
                intake_id,
                mark,
                at,
                reason,
                staff_id=staff_id,
                staff_name=staff_name,
                seen_version=seen_version,
            )
        )

    def record_side_effect(
        self,
        intake_id: int,
        effect: SideEffect,
        staff_id: int | None,
        staff_name: str,
        *,
        seen_version: int | None = None,
    ) -> None:
        self._desk.guard(
            lambda s: s.store.record_side_effect(
                intake_id, effect, staff_id, staff_name, seen_version=seen_version
            )
        )

    def record_readiness(
        self,
        intake_id: int,
        check: ReadinessEntry,
        staff_id: int | None,
        staff_name: str,
        *,
        seen_version: int | None = None,
    ) -> None:
        self._desk.guard(
            lambda s: s.store.record_readiness(
                intake_id, check, staff_id, staff_name, seen_version=seen_version
            )
        )


if TYPE_CHECKING:  # mypy proves the desk's store is what the nurse screens ask for

    def _is_a_station_store(store: _DeskStore) -> StationStore:
        return store
