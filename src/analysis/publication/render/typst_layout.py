"""PDF layout from the vendored font's advances: chart sizes, table shapes, key-figure sizes.

Every width is measured here from the font (`render/fonts.text_width`), so Typst
measures nothing itself: that keeps a thousand fact sheets fast. A table is printed
without splitting a word over lines, portrait when possible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from analysis.publication.render.notebook import (
    Block,
    ChartBlock,
    KeyFiguresBlock,
    MarkdownBlock,
    NoticeBlock,
    TableBlock,
)

TEXT_WIDTH_PT = 461.0  # A4 minus the template's 25 mm + 22 mm margins
MAX_CHART_HEIGHT_PT = 310.0  # about 11 cm: a chart never swallows a whole page...
#: ...unless its text would print smaller than `MIN_CHART_TEXT_PT` that way: a tall chart
#: (the tornado of many assumptions) may then take up to this much of the page.
MAX_TALL_CHART_HEIGHT_PT = 600.0
#: The smallest text a chart may print with (axis labels, names beside points).
MIN_CHART_TEXT_PT = 7.0
_SVG_SIZE = re.compile(
    r'<svg\b[^>]*?\bwidth="([0-9.]+)(?:px)?"[^>]*?\bheight="([0-9.]+)(?:px)?"', re.S
)
_FONT_SIZE = re.compile(r'font-size(?:="|:\s*)([0-9.]+)')


def _chart_scale(svg: str) -> tuple[float, float, float] | None:
    """(width pt, height pt, scale) of a chart as the PDF prints it; None without a size.

    Vega's SVG is sized in CSS pixels (0.75 pt). Small charts are enlarged at most 1.3x so
    their labels stay near body-text size; wide ones fit the text width; tall ones are
    limited in height, but never so far that their smallest text prints below
    `MIN_CHART_TEXT_PT` while the page has room (`MAX_TALL_CHART_HEIGHT_PT`).
    """
    match = _SVG_SIZE.search(svg[:2000])
    if not match:
        return None
    width_pt, height_pt = float(match.group(1)) * 0.75, float(match.group(2)) * 0.75
    if width_pt <= 0 or height_pt <= 0:
        return None
    scale = min(1.3, TEXT_WIDTH_PT / width_pt)
    if height_pt * scale > MAX_CHART_HEIGHT_PT:
        sizes = [float(v) for v in _FONT_SIZE.findall(svg)]
        legible = MIN_CHART_TEXT_PT / (min(sizes) * 0.75) if sizes else 0.0
        scale = max(
            MAX_CHART_HEIGHT_PT / height_pt,
            min(scale, legible, MAX_TALL_CHART_HEIGHT_PT / height_pt),
        )
    return width_pt, height_pt, scale


def chart_size(svg: str) -> str:
    """Typst size arguments for a chart: readable text, full width at most, limited height."""
    sized = _chart_scale(svg)
    if sized is None:
        return "width: 100%"
    width_pt, _height_pt, scale = sized
    return f"width: {width_pt * scale:.1f}pt"


def chart_text_pt(svg: str) -> float | None:
    """The size (pt) the chart's smallest text prints at in the PDF; None without text."""
    sized = _chart_scale(svg)
    sizes = [float(v) for v in _FONT_SIZE.findall(svg)]
    if sized is None or not sizes:
        return None
    return min(sizes) * 0.75 * sized[2]


LANDSCAPE_TEXT_WIDTH_PT = 708.0  # A4 turned: 297 mm minus the 25 mm + 22 mm margins
TEXT_HEIGHT_PT = 700.0  # A4: 297 mm minus the 25 mm top and bottom margins
#: A cell's horizontal padding (the template's 2 × 5 pt) and a little rounding room. Typst
#: measures the exact widths itself (`vm-column-widths`); this only chooses size and page.
_CELL_PAD_PT = 11.0


@dataclass(frozen=True)
class TableShape:
    """How a table is printed: text size (pt), page, column widths and whether to wrap.

    `columns` None: Typst's automatic widths (every cell fits on one line). Otherwise
    explicit widths in pt: each column at least its longest word, the rest of the width
    shared by how much each would need to stay on one line. `hyphenate` only when even
    the longest words do not fit. `keep`: a short table printed whole on one page.
    `transposed`: printed with rows and columns swapped (`transpose`), a short wide table
    that fits a portrait page that way.
    """

    size: float
    landscape: bool
    columns: tuple[float, ...] | None = None
    hyphenate: bool = False
    keep: bool = False
    transposed: bool = False

    @property
    def width(self) -> float:
        return LANDSCAPE_TEXT_WIDTH_PT if self.landscape else TEXT_WIDTH_PT


#: Explicit widths get this much room beyond the font's advances (kerning, rounding).
_WIDTH_SAFETY = 1.03

#: Where a line may break: ordinary spaces only. A no-break space ("€ 62,7 mln", "608 fte",
#: `formatting.NBSP`) holds its amount together, so the amount is one word here.
_BREAKS = re.compile(r"[ \t\r\n]+")


def words(text: str) -> list[str]:
    """The pieces of `text` a line break may fall between (no-break spaces join)."""
    return [w for w in _BREAKS.split(text) if w]


#: A web address: Typst breaks it after "/" (and "." and "-"), so it is no long word.
_URL = re.compile(r"(?:https?://|www\.)\S+")
_URL_BREAK = re.compile(r"(?<=/)(?=[^/])")


def pieces(text: str) -> list[str]:
    """`words`, with a web address cut where Typst may break it (after each "/")."""
    out: list[str] = []
    for word in words(text):
        out += _URL_BREAK.split(word) if _URL.match(word) else [word]
    return out


def _column_metrics(t: TableBlock, size: float) -> list[tuple[float, float]]:
    """Per column (natural, minimum) width in pt at `size`, from the font's advances.

    Natural: every cell on one line. Minimum: text wrapped between words (the longest
    word decides), numbers and header words whole. Header cells are bold.
    """
    from analysis.publication.render.fonts import text_width

    def longest_word(text: str, bold: bool) -> float:
        return max((text_width(w, size, bold=bold) for w in pieces(text)), default=0.0)

    out = []
    for i, header in enumerate(t.columns):
        cells = [row[i] if i < len(row) else "" for row in t.rows]
        right = i < len(t.align) and t.align[i] == "r"
        cell_widths = [text_width(c, size) for c in cells]
        full = max([text_width(header, size, bold=True), *cell_widths])
        least = max(
            [longest_word(header, True)]
            + [
                w if right else longest_word(c, False)
                for c, w in zip(cells, cell_widths, strict=True)
            ]
        )
        out.append((full + _CELL_PAD_PT, least + _CELL_PAD_PT))
    return out


def keyfigure_columns(count: int) -> int:
    """Boxes per row: all of them up to four, three for five or six (two even rows)."""
    return count if count <= 4 else 3 if count <= 6 else 4


def keyfigure_sizes(block: KeyFiguresBlock) -> list[tuple[float, float]]:
    """(value size, label size) in pt per key figure: 16 / 9 pt, smaller where needed.

    The value stays on one line in its box (down to 9 pt); the label's longest word fits
    its box (down to 7 pt), so no number breaks and no label runs out of its box.
    """
    from analysis.publication.render.fonts import text_width

    columns = keyfigure_columns(len(block.items))
    room = (TEXT_WIDTH_PT - 6.0 * (columns - 1)) / columns - 16.0 - 2.0
    out = []
    for k in block.items:
        value = text_width(k.value, 16.0, bold=True)
        word = max((text_width(w, 9.0, bold=True) for w in words(k.label)), default=0.0)
        out.append(
            (
                round(max(9.0, min(16.0, 16.0 * room / value if value else 16.0)), 1),
                round(max(7.0, min(9.0, 9.0 * room / word if word else 9.0)), 1),
            )
        )
    return out


def _widths(t: TableBlock, size: float) -> tuple[float, float]:
    """(natural, minimum) width of the whole table in pt at `size`."""
    metrics = _column_metrics(t, size)
    return sum(n for n, _ in metrics), sum(m for _, m in metrics)


def _share(metrics: list[tuple[float, float]], available: float) -> tuple[float, ...]:
    """Column widths for a table that must wrap: minimum each, the rest shared by need."""
    minimum = [m * _WIDTH_SAFETY for _, m in metrics]
    if sum(minimum) > available:
        minimum = [m for _, m in metrics]
    natural = [max(n, m) for (n, _), m in zip(metrics, minimum, strict=True)]
    slack = sum(natural) - sum(minimum)
    spare = available - sum(minimum)
    return tuple(
        round(m + (spare * (n - m) / slack if slack > 0 else spare / len(minimum)), 1)
        for n, m in zip(natural, minimum, strict=True)
    )


#: A table of up to this many rows that is too wide for a portrait page is printed
#: transposed when it fits that way: a landscape page for five rows leaves the page
#: before it and the landscape page itself nearly empty.
MAX_TRANSPOSED_ROWS = 8


def transpose(t: TableBlock) -> TableBlock:
    """`t` with rows and columns swapped: its first column becomes the header row.

    A column's alignment becomes its row's; the columns of the transposed table align
    right when every row they hold does (numbers), else left.
    """
    n = len(t.columns)
    cells = [(list(r) + [""] * n)[:n] for r in t.rows]
    rows = tuple(
        tuple([t.columns[j], *(row[j] for row in cells)]) for j in range(1, len(t.columns))
    )
    numeric = all(a == "r" for a in t.align[1:])
    return replace(
        t,
        columns=(t.columns[0], *(row[0] for row in cells)),
        rows=rows,
        align=("l", *(("r" if numeric else "l"),) * len(cells)),
    )


def _portrait(t: TableBlock) -> TableShape | None:
    """The portrait shape of `t`, or None when it fits a portrait page only by splitting words."""
    rows = len(t.rows)
    for size in (8.5, 7.5):
        if _widths(t, size)[0] * _WIDTH_SAFETY <= TEXT_WIDTH_PT:
            height = (rows + 1) * (size * 1.25 + 7.0) + 30.0
            return TableShape(size, False, keep=height <= 0.3 * TEXT_HEIGHT_PT)
    for size in (8.5, 7.5):
        metrics = _column_metrics(t, size)
        if sum(m for _, m in metrics) <= TEXT_WIDTH_PT:
            return TableShape(size, False, _share(metrics, TEXT_WIDTH_PT))
    return None


def table_shape(t: TableBlock) -> TableShape:
    """How to print a table so that no word is split over lines, portrait when possible.

    In order: every cell on one line at 8.5 pt, then at 7.5 pt; text wrapped between words
    at 8.5 pt, then at 7.5 pt; a short table (`MAX_TRANSPOSED_ROWS`) transposed, if that
    fits portrait; else a landscape page at 7.5 pt (wrapped if need be). All widths come
    from the vendored font's advances, so Typst measures nothing itself: that keeps a
    thousand fact sheets fast.
    """
    portrait = _portrait(t)
    if portrait is not None:
        return portrait
    if 0 < len(t.rows) <= MAX_TRANSPOSED_ROWS and t.align[:1] == ("l",):
        turned = _portrait(transpose(t))
        if turned is not None:
            return replace(turned, transposed=True)
    metrics = _column_metrics(t, 7.5)
    if sum(n for n, _ in metrics) * _WIDTH_SAFETY <= LANDSCAPE_TEXT_WIDTH_PT:
        return TableShape(7.5, True)
    fits = sum(m for _, m in metrics) <= LANDSCAPE_TEXT_WIDTH_PT
    return TableShape(
        7.5, True, _share(metrics, LANDSCAPE_TEXT_WIDTH_PT) if fits else None, not fits
    )


#: A printed fact sheet estimated taller than this may break over pages; shorter ones are
#: kept whole (the text height is 700 pt: room for the sheet and the page's first lines).
SHEET_MAX_WHOLE_PT = 600.0


def sheet_height_pt(blocks: tuple[Block, ...] | list[Block]) -> float:
    """A generous estimate of a compact fact sheet's printed height (pt), from its blocks.

    Prose at 10 pt (about 95 characters a line), key figures as one row of small boxes,
    tables at 8.5 pt a row plus caption and source; the chart is not printed. Generous,
    so that a sheet kept whole always fits a page: it only decides whether the sheet may
    break over two pages.
    """
    height = 30.0  # the sheet's heading and the rule above it
    for block in blocks:
        if isinstance(block, MarkdownBlock | NoticeBlock):
            lines = sum(max(1, -(-len(part) // 90)) for part in block.text.split("\n") if part)
            height += 14.0 * lines + 12.0
        elif isinstance(block, KeyFiguresBlock):
            rows = -(-len(block.items) // keyfigure_columns(len(block.items)))
            height += 60.0 * rows + 15.0
        elif isinstance(block, TableBlock) and block.pdf:
            per_line = max(8, 110 // max(1, len(block.columns)))  # characters a cell line
            lines = sum(
                max((max(1, -(-len(cell) // per_line)) for cell in row), default=1)
                for row in (block.columns, *block.rows)
            )
            height += 12.0 * lines + 6.0 * len(block.rows) + 45.0
        elif isinstance(block, ChartBlock):
            continue
    return height
