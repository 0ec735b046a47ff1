"""Large blocks handed back to the system as soon as they are freed, so a kiosk that runs for
weeks does not keep growing."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
LARGE_BLOCK = 256 * 1024  # bytes; a signed copy's page picture is ~4 MB, a PDF ~100 KB-1 MB

_done: list[bool] = []


def return_large_blocks() -> bool:
    """On glibc, serve every block of 256 KiB or more with its own mapping, returned to the
    system when freed; whether that was set.

    glibc starts with the same threshold (128 KiB) but raises it to the size of every large
    block freed, up to 32 MiB: after the first signed copy, its 4 MB page pictures and the PDFs
    come from the heap, whose freed holes the next patient's pieces fragment, and the process
    grew by ~25 KB a patient (about 17 % over 1,000). A fixed threshold keeps the first
    behaviour for good. Elsewhere (not glibc) nothing is done."""
    if _done:
        return _done[0]
    done = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            done = bool(libc.mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK))
        except (OSError, AttributeError) as exc:  # not glibc (musl has no mallopt)
            log.info("large blocks left to the allocator: %s", exc)
    _done.append(done)
    return done
