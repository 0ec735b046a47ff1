"""Following the clinic's board live: LISTEN on 'clinic_board' in a thread, and say when the
server is away (at once, not a frozen board) and when it is back."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import psycopg
from psycopg import conninfo

from kiosk.server.deadline import cut_after

CHANNEL = "clinic_board"
CHECK_SECONDS = 2.0  # how often a quiet connection is asked whether it is still there
RETRY_SECONDS = 2.0  # how long after losing the server a new connection is tried
ANSWER_SECONDS = 3.0  # a server that takes the check and never answers is lost after this
KEEPALIVE = {  # a server that vanishes without closing the connection is noticed in seconds
    "keepalives": "1",
    "keepalives_idle": "2",
    "keepalives_interval": "1",
    "keepalives_count": "2",
    "tcp_user_timeout": "4000",
    "connect_timeout": "3",
}


@dataclass(frozen=True)
class Notice:
    """One intake changed on the server: its record id, day, and whether an alert was raised."""

    clinic: str
    intake: int
    day: date | None
    alert: bool


def parse(payload: str) -> Notice | None:
    """The notice in a payload of ``apply_step`` (None for anything else on the channel)."""
    try:
        data = json.loads(payload)
        day = date.fromisoformat(data["day"]) if data.get("day") else None
        return Notice(str(data["clinic"]), int(data["intake"]), day, bool(data["alert"]))
    except (ValueError, KeyError, TypeError):
        return None


class BoardListener(threading.Thread):
    """LISTENs on the board's channel on a connection of its own. ``on_notice`` gets each
    notice, ``on_state`` (True, "") once listening and (False, why) as soon as the server is
    lost; both are called on this thread (a window hands them to its own). Never raises."""

    def __init__(
        self,
        conninfo: str,
        on_notice: Callable[[Notice], None],
        on_state: Callable[[bool, str], None],
        *,
        check_seconds: float = CHECK_SECONDS,
        retry_seconds: float = RETRY_SECONDS,
    ) -> None:
        super().__init__(name="clinic-board", daemon=True)
        self._conninfo = conninfo
        self._on_notice = on_notice
        self._on_state = on_state
        self._check = check_seconds
        self._retry = retry_seconds
        self._stopping = threading.Event()
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None
        self.connected = False

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening and close the connection."""
        self._stopping.set()
        conn = self._conn
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.cancel_safe(timeout=1)
        if self.is_alive():
            self.join(timeout)

    def _state(self, connected: bool, why: str) -> None:
        if connected != self.connected or not connected:
            self.connected = connected
            self._on_state(connected, why)

    def run(self) -> None:
        """Listen; on any loss say so at once, wait a little, and listen again."""
        while not self._stopping.is_set():
            try:
                self._listen()
            except psycopg.Error as exc:
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                self._state(False, f"the clinic server cannot be reached: {first}")
            finally:
                if self._conn is not None:
                    with contextlib.suppress(Exception):
                        self._conn.close()
                    self._conn = None
            self._stopping.wait(self._retry)

    def _listen(self) -> None:
        conn: psycopg.Connection[tuple[object, ...]] = psycopg.connect(
            conninfo.make_conninfo(self._conninfo, **KEEPALIVE), autocommit=True
        )
        self._conn = conn
        conn.execute(f"LISTEN {CHANNEL}")
        self._state(True, "")
        while not self._stopping.is_set():
            for notify in conn.notifies(timeout=self._check):
                notice = parse(notify.payload)
                if notice is not None:
                    self._on_notice(notice)
                if self._stopping.is_set():
                    return
            with cut_after(conn, self._check + ANSWER_SECONDS):
                conn.execute("SELECT 1")  # a quiet while: is the server still there?
