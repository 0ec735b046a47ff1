"""Tiny real images for tests that need a signature."""

from __future__ import annotations

import struct
import zlib


def tiny_png(width: int = 8, height: int = 4) -> bytes:
    """A valid RGBA PNG of ``width`` x ``height``: a black line on a transparent background."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter type: none
        for x in range(width):
            ink = abs(x * height - y * width) < 2 * width
            rows += bytes((0, 0, 0, 255)) if ink else bytes((255, 255, 255, 0))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows)))
        + chunk(b"IEND", b"")
    )
