"""Where a chart's text lands when the PDF draws it: a layout check for cut-off labels.

Typst draws each chart's SVG clipped to its view box, with the report's fonts. A label
that vl-convert measured with another font, or placed too close to the edge, runs past
the box and is cut off. To see it, each SVG's view box is widened by a margin on every
side, the SVGs are laid out by Typst with exactly the PDF's font options (one page each,
the original box at a known place), and `pdftotext -bbox` reports every word's box: a word
reaching into the margin would have been cut off in the report.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import typst

from analysis.publication.render.fonts import typst_font_options

MARGIN_PX = 60.0
PX_TO_PT = 0.75
#: Antialiasing and glyph side bearings: a word may touch the box edge by this much (pt).
TOLERANCE_PT = 1.0

_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
_SIZE = re.compile(r'\b(width|height)="([0-9.]+)(?:px)?"')


@dataclass(frozen=True)
class Overflow:
    chart: str
    word: str
    side: str
    by_pt: float


def widen(svg: str, margin: float = MARGIN_PX) -> tuple[str, float, float]:
    """The SVG with its view box grown by `margin` px on every side; (svg, width, height)."""
    root = _ROOT.search(svg)
    if root is None:
        raise ValueError("not an SVG")
    tag = root.group(0)
    sizes = dict((k, float(v)) for k, v in _SIZE.findall(tag))
    width, height = sizes["width"], sizes["height"]
    new = re.sub(r'\s(width|height|viewBox)="[^"]*"', "", tag)
    new = new[:-1].rstrip("/") + (
        f' width="{width + 2 * margin}" height="{height + 2 * margin}"'
        f' viewBox="{-margin} {-margin} {width + 2 * margin} {height + 2 * margin}">'
    )
    return svg[: root.start()] + new + svg[root.end() :], width, height


def overflowing_words(svgs: Mapping[str, str], work: Path) -> list[Overflow]:
    """Every word of every chart that the PDF would draw outside the chart's box."""
    work.mkdir(parents=True, exist_ok=True)
    names = sorted(svgs)
    boxes: list[tuple[float, float]] = []
    pages = []
    for i, name in enumerate(names):
        wide, width, height = widen(svgs[name])
        (work / f"c{i}.svg").write_text(wide, encoding="utf-8")
        boxes.append((width * PX_TO_PT, height * PX_TO_PT))
        total_w = (width + 2 * MARGIN_PX) * PX_TO_PT
        total_h = (height + 2 * MARGIN_PX) * PX_TO_PT
        pages.append(
            f"#page(width: {total_w}pt, height: {total_h}pt, margin: 0pt)"
            f'[#image("c{i}.svg", width: {total_w}pt, height: {total_h}pt)]'
        )
    main = work / "main.typ"
    main.write_text("\n".join(pages) + "\n", encoding="utf-8")
    pdf = work / "charts.pdf"
    pdf.write_bytes(typst.compile(str(main), root=str(work), **typst_font_options()))
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found: list[Overflow] = []
    margin = MARGIN_PX * PX_TO_PT
    for index, page in enumerate(re.findall(r"<page\b.*?</page>", html, re.S)):
        width, height = boxes[index]
        for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page,
        ):
            left, top = float(x0) - margin, float(y0) - margin
            right, bottom = float(x1) - margin, float(y1) - margin
            for side, by in (
                ("left", -left),
                ("top", -top),
                ("right", right - width),
                ("bottom", bottom - height),
            ):
                if by > TOLERANCE_PT:
                    found.append(Overflow(names[index], unescape(word), side, round(by, 1)))
    return found


@dataclass(frozen=True)
class Overlap:
    chart: str
    first: str
    second: str


#: Upright words only: a rotated label's box is tall and overlaps its neighbours' boxes
#: without its glyphs touching them (chart text is at most 15 px, 11 pt).
UPRIGHT_MAX_PT = 13.0
#: Two words overlap when they share more than this share of the smaller one's box.
OVERLAP_SHARE = 0.15


def overlapping_words(svgs: Mapping[str, str], work: Path) -> list[Overlap]:
    """Every pair of upright words of a chart that the PDF draws on top of each other."""
    work.mkdir(parents=True, exist_ok=True)
    names = sorted(svgs)
    pages = []
    for i, name in enumerate(names):
        (work / f"o{i}.svg").write_text(svgs[name], encoding="utf-8")
        pages.append(f'#page(width: auto, height: auto, margin: 0pt)[#image("o{i}.svg")]')
    main = work / "overlap.typ"
    main.write_text("\n".join(pages) + "\n", encoding="utf-8")
    pdf = work / "overlap.pdf"
    pdf.write_bytes(typst.compile(str(main), root=str(work), **typst_font_options()))
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found: list[Overlap] = []
    for index, page in enumerate(re.findall(r"<page\b.*?</page>", html, re.S)):
        words = [
            (float(x0), float(y0), float(x1), float(y1), unescape(word))
            for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                page,
            )
        ]
        upright = [w for w in words if w[3] - w[1] <= UPRIGHT_MAX_PT]
        for i, a in enumerate(upright):
            for b in upright[i + 1 :]:
                dx = min(a[2], b[2]) - max(a[0], b[0])
                dy = min(a[3], b[3]) - max(a[1], b[1])
                if dx <= 0 or dy <= 0:
                    continue
                smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
                if dx * dy > OVERLAP_SHARE * smaller:
                    found.append(Overlap(names[index], a[4], b[4]))
    return found
