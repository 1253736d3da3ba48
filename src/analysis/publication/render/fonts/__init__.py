"""The report's font files (Liberation Sans, OFL), shared by the charts and the PDF.

vl-convert measures chart labels with the fonts it knows and Typst draws the chart's SVG
with the fonts it knows; when the two differ, labels overflow the chart and are cut off.
Both load this folder, so they measure and draw with the same font on any machine.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

FONT_DIR = Path(__file__).parent
FAMILY = "Liberation Sans"


@cache
def register_with_vl_convert() -> None:
    """Make `FONT_DIR` known to vl-convert (process-wide; once per process)."""
    import vl_convert

    vl_convert.register_font_directory(str(FONT_DIR))


def typst_font_options() -> dict[str, Any]:
    """Keyword arguments for `typst.compile`: these fonts and Typst's own, never the system's.

    The same bytes on any machine, and chart labels drawn in the font vl-convert measured
    them with. Tests that lay charts out the way the PDF does use the same options.
    """
    return {"font_paths": [str(FONT_DIR)], "ignore_system_fonts": True}


@cache
def _advances(bold: bool) -> tuple[dict[int, int], int, int]:
    """(code point → advance width, default advance, units per em) from the TTF itself.

    Reads only what a width needs: `head` (units per em), `hhea` (number of metrics),
    `hmtx` (advances) and the Unicode BMP `cmap` (format 4). No font library needed.
    """
    import struct

    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    data = (FONT_DIR / name).read_bytes()
    count = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(count):
        tag, _check, offset, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        tables[tag.decode("latin-1")] = (offset, length)
    units = struct.unpack(">H", data[tables["head"][0] + 18 : tables["head"][0] + 20])[0]
    metrics = struct.unpack(">H", data[tables["hhea"][0] + 34 : tables["hhea"][0] + 36])[0]
    hmtx = tables["hmtx"][0]
    widths = [struct.unpack(">H", data[hmtx + 4 * g : hmtx + 4 * g + 2])[0] for g in range(metrics)]
    cmap = tables["cmap"][0]
    subtables = struct.unpack(">H", data[cmap + 2 : cmap + 4])[0]
    chosen = None
    for i in range(subtables):
        platform, encoding, offset = struct.unpack(
            ">HHI", data[cmap + 4 + 8 * i : cmap + 12 + 8 * i]
        )
        if (platform, encoding) == (3, 1):
            chosen = cmap + offset
    if chosen is None:  # pragma: no cover - the vendored fonts have it
        raise ValueError(f"{name}: no Unicode BMP cmap")
    segs = struct.unpack(">H", data[chosen + 6 : chosen + 8])[0] // 2

    def array(start: int) -> list[int]:
        return list(struct.unpack(f">{segs}H", data[start : start + 2 * segs]))

    ends = array(chosen + 14)
    starts = array(chosen + 16 + 2 * segs)
    deltas = array(chosen + 16 + 4 * segs)
    range_at = chosen + 16 + 6 * segs
    ranges = array(range_at)
    advance: dict[int, int] = {}
    for s, (end, start, delta, rng) in enumerate(zip(ends, starts, deltas, ranges, strict=True)):
        for code in range(start, min(end, 0xFFFE) + 1):
            if rng == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                at = range_at + 2 * s + rng + 2 * (code - start)
                glyph = struct.unpack(">H", data[at : at + 2])[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                advance[code] = widths[min(glyph, metrics - 1)]
    return advance, widths[0], units


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width of `text` in pt at `size` pt in Liberation Sans (advances only, no kerning).

    Close to what Typst lays out (kerning changes a word by a fraction of a point); used
    to decide a table's size and orientation before Typst measures it exactly.
    """
    advance, default, units = _advances(bold)
    return sum(advance.get(ord(ch), default) for ch in text) * size / units
