"""Large blocks go back to the system when freed: glibc's threshold fixed for the process."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.services.process_memory import LARGE_BLOCK, return_large_blocks

PROBE = """
import ctypes, gc
from kiosk.services.process_memory import return_large_blocks
class Info(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd",
                "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]
libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = Info
if {fixed}:
    assert return_large_blocks()
big = bytearray(4_000_000)  # a signed copy's page picture
del big                     # freed: glibc raises its threshold to 4 MB unless fixed
again = bytearray(1_000_000)
print(libc.mallinfo2().hblkhd >= 1_000_000)  # still a mapping of its own (returned when freed)
"""


def mapped_after_a_big_block_was_freed(fixed: bool) -> bool:
    """Whether a 1 MB block is a mapping of its own after a 4 MB one was freed."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(fixed=fixed)], capture_output=True, text=True, check=True
    )
    return done.stdout.strip() == "True"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_after_a_big_block_is_freed_the_next_large_one_is_still_mapped_and_returned() -> None:
    """Without the fixed threshold glibc serves the next 1 MB block from the heap (whose holes
    fragment patient after patient); with it, the block has its own mapping, unmapped when
    freed."""
    assert not mapped_after_a_big_block_was_freed(fixed=False)
    assert mapped_after_a_big_block_was_freed(fixed=True)


def test_setting_it_twice_is_harmless() -> None:
    """The window's start calls it every time an application is made; once is enough."""
    assert return_large_blocks() == return_large_blocks()
    assert LARGE_BLOCK == 256 * 1024
