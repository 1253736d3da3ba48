"""Exported charts that carry their context: a PNG or SVG copied out of the site still says
what it is.

A figure travels without its page: pasted into a slide, a newspaper or another report,
it loses the caption, the source line and the label that says whether its numbers are
real, assumed or invented for the proefeditie. So every downloadable SVG and PNG is the
chart with its title, a subtitle, the source, its basis, the edition and the address of
its page drawn into the image itself, as Our World in Data's charts are. The PDF prints
the bare chart (its caption and source are on the page); only the downloads carry the
frame.

The frame is plain SVG around the chart's own SVG (nested, offset), so a chart drawn by
vl-convert and a hand-drawn fact-sheet sparkline get the same frame, and the PNG is
rasterised from the framed SVG with the vendored fonts.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.publication import escape
from analysis.publication.render.notebook import ChartBlock, TableBlock
from analysis.publication.render.site_plan import Page, block_anchors, site_address

#: Basis of a chart as the frame prints it.
BASIS_EXPORT_NL = {
    "real": "Geciteerde bron",
    "demonstration": "Proefeditie — fictieve cijfers",
    "assumption": "Aanname",
}
#: The demonstration edition's mark, drawn at the top of every exported chart.
DEMONSTRATION_MARK = "Proefeditie — fictieve instellingen en cijfers"

FONT = "Liberation Sans, Arial, sans-serif"
PAD = 16
MIN_WIDTH = 520
#: Average advance of a Liberation Sans character, in ems (for wrapping without a shaper).
EM_PER_CHAR = 0.53

_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([0-9.]+)(?:px)?"[^>]*?\bheight="([0-9.]+)(?:px)?"', re.S)


@dataclass(frozen=True)
class ChartContext:
    """What the frame of one exported chart says."""

    title: str
    subtitle: str
    source: str
    basis: str
    edition: str
    address: str
    demonstration: bool = False


def chart_size(svg: str) -> tuple[float, float]:
    """The chart's own width and height from its root element."""
    found = _SIZE.search(svg)
    if found is None:
        raise ValueError("chart SVG without width and height")
    return float(found.group(1)), float(found.group(2))


def _lines(text: str, size: float, width: float) -> list[str]:
    chars = max(20, int(width / (size * EM_PER_CHAR)))
    return textwrap.wrap(" ".join(text.split()), chars) if text.strip() else []


def _text(x: float, y: float, line: str, size: float, *, bold: bool = False, fill: str) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:g}" y="{y:g}" font-family="{FONT}" font-size="{size:g}"{weight} '
        f'fill="{fill}">{escape.html(line)}</text>'
    )


def _body(svg: str) -> str:
    """The chart's root element without an XML prolog, ready to nest."""
    start = svg.find("<svg")
    if start < 0:
        raise ValueError("not an SVG document")
    return svg[start:]


def framed_svg(chart_svg: str, context: ChartContext) -> str:
    """The chart inside a frame with its title, subtitle, source, basis, edition and address."""
    width, height = chart_size(chart_svg)
    canvas = max(width, MIN_WIDTH) + 2 * PAD
    text_width = canvas - 2 * PAD
    parts: list[str] = []
    y = float(PAD)
    if context.demonstration:
        y += 14
        parts.append(
            f'<rect x="0" y="0" width="{canvas:g}" height="{y + 8:g}" fill="#fff4d6"/>'
            + _text(PAD, y, DEMONSTRATION_MARK, 13, bold=True, fill="#7a5200")
        )
        y += 16
    for line in _lines(context.title, 15, text_width):
        y += 19
        parts.append(_text(PAD, y, line, 15, bold=True, fill="#01689b"))
    for line in _lines(context.subtitle, 11.5, text_width):
        y += 15
        parts.append(_text(PAD, y, line, 11.5, fill="#404040"))
    y += 10
    nested = _body(chart_svg).replace("<svg", f'<svg x="{PAD:g}" y="{y:g}"', 1)
    parts.append(nested)
    y += height + 6
    footer = [
        *(_lines(f"Bron: {context.source}", 10, text_width) if context.source else []),
        f"Basis: {context.basis}",
        context.edition,
        *_lines(context.address, 10, text_width),
    ]
    for line in footer:
        y += 13
        parts.append(_text(PAD, y, line, 10, fill="#404040"))
    total = y + PAD
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'version="1.1" width="{canvas:g}" height="{total:g}" viewBox="0 0 {canvas:g} {total:g}">'
        f'<rect width="{canvas:g}" height="{total:g}" fill="white"/>' + "".join(parts) + "</svg>"
    )


def _plain(markdown: str) -> str:
    """A source note as plain text for the frame (Markdown escapes and markers dropped)."""
    text = re.sub(r"\^\[([^\]]*(?:\][^\]]*)*)\]", r" \1", markdown)
    text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(text.replace("*", "").split())


def chart_contexts(
    pages: Sequence[Page],
    *,
    report_title: str,
    year: int,
    demonstration: bool,
    site_url: str,
) -> dict[str, ChartContext]:
    """What the frame of each chart says, by its print SVG (`ChartBlock.svg_path`).

    The subtitle is the caption of the chart's own table (what is counted, in which
    unit) or else its description; the source is that table's source note. The address
    is the chart's permalink: `site_url` (`valorisatiemonitor.site_url` in `_quarto.yml`)
    plus the edition's page, or the page within the edition where no address is set.
    """
    tables = {
        block.name: block
        for page in pages
        for block, _ in block_anchors(page)
        if isinstance(block, TableBlock)
    }
    edition = f"{report_title} {year}" + (
        f" — {DEMONSTRATION_MARK.lower()}" if demonstration else ""
    )
    contexts: dict[str, ChartContext] = {}
    for page in pages:
        for block, anchor in block_anchors(page):
            if not isinstance(block, ChartBlock) or not block.svg_path:
                continue
            table = tables.get(block.table) if block.table else None
            where = f"{year}/site/{page.file}#{anchor}"
            contexts.setdefault(
                block.svg_path,
                ChartContext(
                    title=block.title,
                    subtitle=table.caption if table is not None else block.alt,
                    source=_plain(table.source_note) if table is not None else "",
                    basis=BASIS_EXPORT_NL[block.basis],
                    edition=edition,
                    address=site_address(site_url, year, page.file, anchor) or f"Pagina: {where}",
                    demonstration=demonstration,
                ),
            )
    return contexts
