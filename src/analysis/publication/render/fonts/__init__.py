"""The report's font files, shared by the charts and the PDF: Liberation Sans and its fallbacks.

vl-convert measures chart labels with the fonts it knows and Typst draws the chart's SVG
with the fonts it knows; when the two differ, labels overflow the chart and are cut off.
Both load this folder, so they measure and draw with the same font on any machine.

Liberation Sans draws Latin, Greek, Cyrillic and Hebrew; a character it lacks is drawn
by the fallbacks (the template's `vm-fonts`): a subset of Noto Sans CJK SC (common Chinese,
Japanese and Korean) and of Symbola (emoji and symbols). `coverage` is every character
these fonts can draw (`analysis.glyphs`, read by `validate` too, which refuses a name
holding any other with its file, row and column), so the PDF never fails on a
character at the end of a build.
"""

from __future__ import annotations

import struct
from functools import cache
from pathlib import Path
from typing import Any

from analysis.glyphs import FONT_DIR as _GLYPH_FONT_DIR
from analysis.glyphs import cmap_format4, font_tables

FONT_DIR = Path(__file__).parent
assert FONT_DIR == _GLYPH_FONT_DIR  # one folder, named in `analysis.glyphs` for validate
__all__ = [
    "FONT_DIR",
    "register_with_vl_convert",
    "text_width",
    "typst_font_options",
]


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
    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    data = (FONT_DIR / name).read_bytes()
    tables = font_tables(data)
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
    advance = {
        code: widths[min(glyph, metrics - 1)] for code, glyph in cmap_format4(data, chosen).items()
    }
    return advance, widths[0], units


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width of `text` in pt at `size` pt in Liberation Sans (advances only, no kerning).

    Close to what Typst lays out (kerning changes a word by a fraction of a point); used
    to decide a table's size and orientation before Typst measures it exactly.
    """
    advance, default, units = _advances(bold)
    return sum(advance.get(ord(ch), default) for ch in text) * size / units
