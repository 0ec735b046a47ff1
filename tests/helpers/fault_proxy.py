"""A TCP proxy between kiosks and the clinic server that misbehaves on demand.

Kiosks reach the server through it (``EnrolledKiosk.via("127.0.0.1", proxy.port)``); it forwards
raw bytes, so TLS verify-full still holds (the server's certificate is for 127.0.0.1). Its mode
is switched at runtime:

- ``pass``: forward both ways;
- ``refuse``: every new connection is reset at once (open ones carry on);
- ``hang``: new connections are accepted and read but never forwarded or answered; open ones
  stop forwarding both ways (their bytes are read and thrown away);
- ``drop_reply``: what the kiosk sends still reaches the server, what the server answers is
  thrown away: the server commits a batch the kiosk never hears about.

``cut()`` closes every open connection (both sides, with a reset), as a network that drops.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from enum import StrEnum


class Mode(StrEnum):
    """How the proxy treats the traffic."""

    PASS = "pass"
    REFUSE = "refuse"
    HANG = "hang"
    DROP_REPLY = "drop_reply"


CHUNK = 65536


def _reset(sock: socket.socket) -> None:
    """Close with a reset (SO_LINGER 0): the peer hears at once, nothing lingers."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


class _Pair:
    """One kiosk connection and, unless it was accepted while hanging, its server side."""

    def __init__(self, client: socket.socket, upstream: socket.socket | None) -> None:
        self.client = client
        self.upstream = upstream
        self.closed = threading.Event()

    def close(self) -> None:
        if not self.closed.is_set():
            self.closed.set()
            _reset(self.client)
            if self.upstream is not None:
                _reset(self.upstream)


class FaultProxy:
    """Listens on 127.0.0.1 (a free port) and forwards to ``target``; see the module doc."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._mode = Mode.PASS
        self._lock = threading.Lock()
        self._pairs: set[_Pair] = set()
        self._stopping = threading.Event()
        self.accepted = 0
        self.refused = 0
        self.dropped_bytes = 0  # server replies thrown away in drop_reply (and hang)
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.1)
        self.port: int = self._listener.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        self._acceptor.start()

    @property
    def mode(self) -> Mode:
        """The mode now."""
        return self._mode

    def set_mode(self, mode: Mode | str, *, cut: bool = False) -> None:
        """Switch to ``mode``; with ``cut``, every open connection is closed first."""
        if cut:
            self.cut()
        with self._lock:
            self._mode = Mode(mode)

    def cut(self) -> int:
        """Close every open connection (both sides, reset); how many there were."""
        with self._lock:
            pairs = list(self._pairs)
            self._pairs.clear()
        for pair in pairs:
            pair.close()
        return len(pairs)

    def open_connections(self) -> int:
        """How many connections are open now."""
        with self._lock:
            return len(self._pairs)

    def close(self) -> None:
        """Stop listening and cut everything."""
        self._stopping.set()
        self._acceptor.join(5)
        with contextlib.suppress(OSError):
            self._listener.close()
        self.cut()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the threads -------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            mode = self._mode
            if mode is Mode.REFUSE:
                self.refused += 1
                _reset(client)
                continue
            self.accepted += 1
            upstream: socket.socket | None = None
            if mode is not Mode.HANG:
                try:
                    upstream = socket.create_connection(self._target, timeout=5)
                    upstream.settimeout(None)
                except OSError:  # the server is down: the kiosk hears a reset
                    _reset(client)
                    continue
            pair = _Pair(client, upstream)
            with self._lock:
                self._pairs.add(pair)
            threading.Thread(target=self._up, args=(pair,), daemon=True).start()
            if upstream is not None:
                threading.Thread(target=self._down, args=(pair,), daemon=True).start()

    def _forget(self, pair: _Pair) -> None:
        with self._lock:
            self._pairs.discard(pair)
        pair.close()

    def _up(self, pair: _Pair) -> None:
        """Kiosk to server: forwarded unless hanging (or accepted while hanging)."""
        try:
            while data := pair.client.recv(CHUNK):
                if pair.upstream is None or self._mode is Mode.HANG:
                    continue
                pair.upstream.sendall(data)
        except OSError:
            pass
        self._forget(pair)

    def _down(self, pair: _Pair) -> None:
        """Server to kiosk: forwarded unless the replies are dropped or hanging."""
        assert pair.upstream is not None
        try:
            while data := pair.upstream.recv(CHUNK):
                if self._mode in (Mode.DROP_REPLY, Mode.HANG):
                    self.dropped_bytes += len(data)
                    continue
                pair.client.sendall(data)
        except OSError:
            pass
        self._forget(pair)
