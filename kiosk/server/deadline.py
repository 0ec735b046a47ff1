"""A deadline for one call on a connection: past it, the socket is shut down so the call fails."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections.abc import Iterator

import psycopg


@contextlib.contextmanager
def cut_after(
    conn: psycopg.Connection[tuple[object, ...]], seconds: float
) -> Iterator[threading.Event]:
    """Within the block, a call that outlives ``seconds`` fails with a psycopg error, since the
    connection's socket is shut down (a server, or a network, that takes a request and never
    replies cannot hold the caller). The event yielded is set when the deadline struck."""
    fired = threading.Event()

    def cut() -> None:
        fired.set()
        with contextlib.suppress(OSError, psycopg.Error):  # already lost or closed
            fd = os.dup(conn.pgconn.socket)
            with socket.socket(fileno=fd) as dup:
                dup.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(seconds, cut)
    timer.daemon = True
    timer.start()
    try:
        yield fired
    finally:
        timer.cancel()
