#!/usr/bin/env python3
"""Draws DesignBot's Teams icons with no image library: color.png (192x192, full colour) and outline.png
(32x32, white on transparent), as Teams asks. Run it again only to change the drawing; the PNGs are committed."""
import struct
import zlib
from pathlib import Path


def png(path, size, pixel):
    rows = b"".join(b"\x00" + b"".join(struct.pack("BBBB", *pixel(x, y)) for x in range(size)) for y in range(size))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    Path(path).write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def mark(u, v):
    """The mark, in a unit square: three stacked bars (a design's steps) and a check-like bar at the bottom."""
    bars = [(0.22, 0.30, 0.78), (0.42, 0.30, 0.66), (0.62, 0.30, 0.54)]
    return any(top <= v <= top + 0.11 and left <= u <= right for top, left, right in bars)


here = Path(__file__).resolve().parent
accent = (0x46, 0x47, 0xC4, 255)
white = (255, 255, 255, 255)
png(here / "color.png", 192, lambda x, y: white if mark((x + 0.5) / 192, (y + 0.5) / 192) else accent)
png(here / "outline.png", 32, lambda x, y: white if mark((x + 0.5) / 32, (y + 0.5) / 32) else (0, 0, 0, 0))
