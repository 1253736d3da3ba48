"""The typesetting rules of the report (issue 23, item 6), read from a PDF as a reader sees it.

`pdftotext -bbox-layout` gives every word with its box; the rules below are plain
functions of those words, so `tests/test_typesetting.py` can check each one on a small
compiled document where it must fire and where it must not, and the end-to-end tests
run them over both editions' PDFs.

The page geometry is the template's (`templates/report.typ`): A4, 25 mm above and below
the text, so the running header lies above `BODY_TOP` and the page number below the
body's foot on every page, portrait or landscape.
"""

from __future__ import annotations

import html
import itertools
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: 25 mm in points: the template's top and bottom margins.
MARGIN_PT = 25 / 25.4 * 72
#: The template's left margin (25 mm): headings start here, key-figure boxes inside it.
LEFT_PT = MARGIN_PT
#: A line this tall or taller is a heading: poppler's word boxes are 0.94 of the font size,
#: so a level-3 heading (11.5 pt) is 10.8 pt tall and body text (10 pt) 9.4 pt.
HEADING_HEIGHT_PT = 10.5
#: A line this tall or taller is a chapter title (level 1 is 20 pt; level 2 is 14 pt).
CHAPTER_HEIGHT_PT = 18.0
#: Below this share of its text height a page is near-empty (unless a chapter ends there).
MIN_FILL = 1 / 3
#: Lines of text a heading needs under it on its own page.
LINES_AFTER_HEADING = 2


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: tuple[Line, ...]  # the body's lines (running header and page number left out)

    @property
    def body_top(self) -> float:
        return MARGIN_PT

    @property
    def body_bottom(self) -> float:
        return self.height - MARGIN_PT

    @property
    def fill(self) -> float:
        """How far down the text area the page's text reaches, 0 (empty) to 1 (full)."""
        if not self.lines:
            return 0.0
        lowest = max(line.y1 for line in self.lines)
        return (lowest - self.body_top) / (self.body_bottom - self.body_top)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def starts_chapter(self) -> bool:
        """The page opens with a chapter (level-1) title."""
        return bool(self.lines) and _is_chapter_title(self.lines[0], self)


@dataclass(frozen=True)
class Fault:
    rule: str
    page: int
    found: str

    def __str__(self) -> str:
        return f"p. {self.page}: [{self.rule}] {self.found}"


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_LINE = re.compile(r"<line [^>]*>(.*?)</line>", re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.S
)


def read_pages(pdf: Path) -> list[Page]:
    """Every page of `pdf`: its size and the lines of its body, top to bottom."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = []
    for number, m in enumerate(_PAGE.finditer(out), start=1):
        width, height = float(m.group(1)), float(m.group(2))
        lines = []
        for line in _LINE.finditer(m.group(3)):
            words = tuple(
                Word(html.unescape(w[4]), float(w[0]), float(w[1]), float(w[2]), float(w[3]))
                for w in _WORD.findall(line.group(1))
            )
            # Header and page number lie in the margins; the body is between them.
            words = tuple(
                w for w in words if w.y0 >= MARGIN_PT - 2 and w.y1 <= height - MARGIN_PT + 2
            )
            if words and not _vertical(words):
                lines.append(Line(words))
        lines.sort(key=lambda line: (round(line.y0, 1), line.x0))
        pages.append(Page(number, width, height, tuple(lines)))
    return pages


def _vertical(words: tuple[Word, ...]) -> bool:
    """A rotated line (a chart's vertical axis title): its words stand one above the other."""
    if len(words) == 1:
        w = words[0]
        return w.y1 - w.y0 > 20 and w.y1 - w.y0 > 2 * (w.x1 - w.x0)
    return all(b.y0 >= a.y1 - 1 or a.y0 >= b.y1 - 1 for a, b in itertools.pairwise(words))


def _is_heading(line: Line) -> bool:
    """A heading: a tall line starting at the left margin (key figures sit inside boxes)."""
    return line.height >= HEADING_HEIGHT_PT and abs(line.x0 - LEFT_PT) < 1.5


def _is_chapter_title(line: Line, page: Page) -> bool:
    return line.height >= CHAPTER_HEIGHT_PT and abs(line.x0 - LEFT_PT) < 1.5


def _neighbours(page: Page) -> list[tuple[Word, Word | None, Word | None]]:
    """Each word with the word just left and just right of it on the same visual line."""
    words = [w for line in page.lines for w in line.words]
    rows: dict[int, list[Word]] = {}
    for w in words:
        rows.setdefault(round((w.y0 + w.y1) / 2), []).append(w)
    out = []
    for key, row in rows.items():
        near = [w for k in (key - 1, key, key + 1) for w in rows.get(k, [])]
        for w in row:
            left = [v for v in near if v is not w and 0 <= w.x0 - v.x1 < 8]
            right = [v for v in near if v is not w and 0 <= v.x0 - w.x1 < 8]
            out.append(
                (
                    w,
                    max(left, key=lambda v: v.x1) if left else None,
                    min(right, key=lambda v: v.x0) if right else None,
                )
            )
    return out


_UNIT_WORD = re.compile(r"^(?:mln|mld)[.,;:)]*$")
_NUMBER_END = re.compile(r"\d[%)]*$")


def euro_split_faults(pages: list[Page]) -> list[Fault]:
    """'€' at the end of a line or 'mln' at the start of one: an amount broken in two."""
    faults = []
    for page in pages:
        for word, left, right in _neighbours(page):
            if word.text.endswith("€") and right is None:
                faults.append(Fault("€ aan regeleinde", page.number, word.text))
            if _UNIT_WORD.match(word.text) and left is None:
                faults.append(Fault("mln aan regelbegin", page.number, word.text))
    return faults


#: A hyphen-minus used as a minus: before a digit, not inside a range, word or number.
_HYPHEN_MINUS = re.compile(r"(?<![\w.,/\-–−])-(?=\d)")
#: ",0" on an amount: "€ 450,0 mln", "608,0 fte".
_EMPTY_DECIMAL = re.compile(r"€\s?[−-]?\d[\d.]*,0\s?(?:mln|mld)\b|\b\d[\d.]*,0\s?fte\b")


def _flat(page: Page) -> str:
    return re.sub(r"[ \u00a0\u202f]+", " ", page.text)


def minus_faults(pages: list[Page]) -> list[Fault]:
    """A negative number written with a hyphen instead of the minus sign U+2212."""
    faults = []
    for p in pages:
        text = _flat(p)
        for m in _HYPHEN_MINUS.finditer(text):
            start = max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
            end = re.search(r"\s|$", text[m.start() :])
            stop = m.start() + (end.start() if end else 0)
            faults.append(Fault("koppelteken als min", p.number, text[start:stop]))
    return faults


def empty_decimal_faults(pages: list[Page]) -> list[Fault]:
    """',0' on a whole amount of money or staff."""
    return [
        Fault("',0' op een rond bedrag", p.number, " ".join(m.group(0).split()))
        for p in pages
        for m in _EMPTY_DECIMAL.finditer(_flat(p))
    ]


def heading_at_foot_faults(pages: list[Page]) -> list[Fault]:
    """A heading with fewer than `LINES_AFTER_HEADING` lines of text under it on its page."""
    faults = []
    for page in pages:
        for i, line in enumerate(page.lines):
            if not _is_heading(line):
                continue
            below = [other for other in page.lines[i + 1 :] if other.y0 >= line.y1 - 1]
            if len(below) < LINES_AFTER_HEADING:
                faults.append(Fault("kop onderaan de pagina", page.number, line.text))
    return faults


def page_fill_faults(pages: list[Page], min_fill: float = MIN_FILL) -> list[Fault]:
    """A page less than `min_fill` full, other than the cover, the last page and a page
    after which a new chapter starts (a chapter may end anywhere on its page)."""
    faults = []
    for i, page in enumerate(pages):
        if i == 0 or i == len(pages) - 1 or pages[i + 1].starts_chapter():
            continue
        if page.fill < min_fill:
            faults.append(
                Fault(
                    "bijna lege pagina",
                    page.number,
                    f"{page.fill:.0%} gevuld: {page.text[:80]!r}",
                )
            )
    return faults


def caption_page_faults(pages: list[Page]) -> list[Fault]:
    """A figure's caption at the top of a page: its chart is on the page before."""
    return [
        Fault("onderschrift los van figuur", p.number, p.lines[0].text[:60])
        for p in pages
        if p.lines and re.match(r"Figuur \d+\.", p.lines[0].text)
    ]


def all_faults(pdf: Path) -> list[Fault]:
    pages = read_pages(pdf)
    return [
        *euro_split_faults(pages),
        *minus_faults(pages),
        *empty_decimal_faults(pages),
        *heading_at_foot_faults(pages),
        *page_fill_faults(pages),
        *caption_page_faults(pages),
    ]
