"""Which characters the report's vendored fonts can draw, read from the fonts themselves.

A stage-neutral helper: `validate` (stage data) refuses a name holding a character no
vendored font has, and the renderer (stage publication) lays text out with the same
files, so the two cannot disagree. The files live with the renderer
(`analysis/publication/render/fonts/`); only their cmaps are read here, with no font
library (the table directory, cmap formats 4 and 12).
"""

from __future__ import annotations

import struct
from functools import cache
from pathlib import Path

#: The vendored fonts' folder (`analysis.publication.render.fonts.FONT_DIR`).
FONT_DIR = Path(__file__).parent / "publication" / "render" / "fonts"
#: The files whose characters `coverage` counts: Liberation Sans and its two fallbacks.
FONT_FILES: tuple[str, ...] = (
    "LiberationSans-Regular.ttf",
    "NotoSansCJKsc-Subset.otf",
    "Symbola-Subset.ttf",
)


def font_tables(data: bytes) -> dict[str, tuple[int, int]]:
    """The font's table directory: tag → (offset, length)."""
    count = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(count):
        tag, _check, offset, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        tables[tag.decode("latin-1")] = (offset, length)
    return tables


def _cmap_codes(data: bytes) -> set[int]:
    """Every code point the font maps to a glyph other than .notdef (cmap formats 4 and 12)."""
    cmap = font_tables(data)["cmap"][0]
    subtables = struct.unpack(">H", data[cmap + 2 : cmap + 4])[0]
    found: dict[tuple[int, int], int] = {}
    for i in range(subtables):
        platform, encoding, offset = struct.unpack(
            ">HHI", data[cmap + 4 + 8 * i : cmap + 12 + 8 * i]
        )
        found[(platform, encoding)] = cmap + offset
    codes: set[int] = set()
    full = found.get((3, 10)) or found.get((0, 4)) or found.get((0, 6))
    if full is not None and struct.unpack(">H", data[full : full + 2])[0] == 12:
        groups = struct.unpack(">I", data[full + 12 : full + 16])[0]
        for g in range(groups):
            start, end, glyph = struct.unpack(">III", data[full + 16 + 12 * g : full + 28 + 12 * g])
            codes.update(range(start, end + 1) if glyph else range(start + 1, end + 1))
        return codes
    bmp = found.get((3, 1)) or found.get((0, 3))
    if bmp is None:  # pragma: no cover - the vendored fonts have one
        raise ValueError("no Unicode cmap")
    return set(cmap_format4(data, bmp))


def cmap_format4(data: bytes, chosen: int) -> dict[int, int]:
    """Code point → glyph id from a cmap format 4 subtable at `chosen`."""
    segs = struct.unpack(">H", data[chosen + 6 : chosen + 8])[0] // 2

    def array(start: int) -> list[int]:
        return list(struct.unpack(f">{segs}H", data[start : start + 2 * segs]))

    ends = array(chosen + 14)
    starts = array(chosen + 16 + 2 * segs)
    deltas = array(chosen + 16 + 4 * segs)
    range_at = chosen + 16 + 6 * segs
    ranges = array(range_at)
    glyphs: dict[int, int] = {}
    for s, (end, start, delta, rng) in enumerate(zip(ends, starts, deltas, ranges, strict=True)):
        for code in range(start, min(end, 0xFFFE) + 1):
            if rng == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                at = range_at + 2 * s + rng + 2 * (code - start)
                glyph = struct.unpack(">H", data[at : at + 2])[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                glyphs[code] = glyph
    return glyphs


@cache
def coverage() -> frozenset[int]:
    """Every code point the vendored fonts can draw (Liberation Sans and its fallbacks).

    Read from the fonts' own cmaps, so the list cannot drift from the files; Typst's
    built-in fonts are not counted (they are a last resort, not a promise).
    """
    codes: set[int] = set()
    for name in FONT_FILES:
        codes |= _cmap_codes((FONT_DIR / name).read_bytes())
    return frozenset(codes)


def undrawable(text: str) -> str | None:
    """The first character of `text` no vendored font can draw, or None.

    Characters that draw nothing by definition (spaces and format controls such as the
    zero-width joiner of an emoji sequence) still need a font to have them: Typst fails
    on a cluster no font maps entirely.
    """
    codes = coverage()
    for char in text:
        if ord(char) not in codes and char not in "\n\t":
            return char
    return None
