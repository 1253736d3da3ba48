"""The site's front page: the front door that leads to every part of the site in one click.

The front page is the first page of the report (the key messages). On the site, and only
there, the renderer adds three things around the page's own text, so that a reader who
opens `index.html` sees the year at a glance and finds the rest without the menus:

* the summary's key figures as tiles, right after the page's opening paragraph: the
  first key-figure row of the report (the Samenvatting's, `summary.keyfigure_items`
  rendered by its notebook), with a link to where it comes from;
* one or two headline charts (`valorisatiemonitor.front_page.charts` in `_quarto.yml`:
  the first two of those names the edition has), each drawn as in its chapter and
  linked to it;
* an entry card for every part: the chapters and annexes (with their number as the PDF
  prints it), the fact sheets, the explorer, the scenario explorer, what changed, the
  downloads and the codebook, each with the one line `front_page.cards` gives it.

Nothing here computes a figure or writes prose of the report: the tiles and charts are
blocks the chapters already show, and the cards' lines are configuration. The PDF's key
messages page is untouched (it must fit one page).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from analysis.publication import escape
from analysis.publication.render.config import ReportConfig, slug
from analysis.publication.render.html_blocks import PageWriter
from analysis.publication.render.notebook import Block, ChartBlock, KeyFiguresBlock
from analysis.publication.render.site_chrome import BUILTIN_TOOLS
from analysis.publication.render.site_plan import Page, block_anchors

#: Every data value on a page goes through this (see `analysis.publication.escape`).
_e = escape.html

#: At most this many headline charts.
MAX_CHARTS = 2
#: The ids of the front page's own sections (headings the contents list and search show).
CHARTS_ID = "in-beeld"
CARDS_ID = "verder-in-de-monitor"


@dataclass(frozen=True)
class Card:
    """One entry card: where it leads, its title, its number (if any) and its line."""

    href: str
    title: str
    number: str  # "Hoofdstuk 3", "Bijlage A" or ""
    text: str
    count: str = ""  # "37 factsheets" for a page with sub-pages


@dataclass(frozen=True)
class FrontParts:
    """What the renderer adds to the front page: after its opening paragraph, and at its end."""

    after_intro: str
    at_end: str
    #: The blocks shown (the key figures and the charts), for the edition's banner counts.
    blocks: tuple[Block, ...]

    @property
    def has_chart(self) -> bool:
        return any(isinstance(b, ChartBlock) for b in self.blocks)


def key_figures(pages: Sequence[Page]) -> tuple[Page, KeyFiguresBlock] | None:
    """The report's first row of key figures on another page than the front page."""
    for page in pages[1:]:
        if page.parent is not None:
            continue
        for block in page.blocks:
            if isinstance(block, KeyFiguresBlock) and block.items:
                return page, block
    return None


def headline_charts(
    preferred: Sequence[str], pages: Sequence[Page]
) -> list[tuple[Page, ChartBlock, str]]:
    """The first `MAX_CHARTS` of the `preferred` chart names found on a chapter page.

    Names compare as the charts' links spell them (`fig-kloof-europese-top` is the chart
    `kloof_europese_top`). Each comes with its page and its element id there, for the
    link to it.
    """
    found: dict[str, tuple[Page, ChartBlock, str]] = {}
    for page in pages[1:]:
        if page.parent is not None:
            continue
        for block, anchor in block_anchors(page):
            if isinstance(block, ChartBlock):
                found.setdefault(slug(block.name), (page, block, anchor))
    wanted = [slug(name) for name in preferred]
    return [found[name] for name in wanted if name in found][:MAX_CHARTS]


def _number(numbers: Mapping[str, tuple[str, str]], file: str) -> str:
    kind, n = numbers.get(file, ("", ""))
    return f"{kind.capitalize()} {n}" if kind else ""


def cards(
    config: ReportConfig,
    pages: Sequence[Page],
    numbers: Mapping[str, tuple[str, str]],
    titles: Mapping[str, str],
) -> tuple[list[Card], list[Card]]:
    """The entry cards: (the report's chapters and annexes, the tools), in navbar order.

    `titles` gives the title of each site-only page by its file (the explorer's, …);
    pages of the report have theirs. A page the navbar does not list but the renderer
    always adds (downloads, codebook) closes the tools.
    """
    by_file = {p.file: p for p in pages if p.parent is None}
    lines = dict(config.front_cards)
    front = pages[0].file if pages else ""
    report: list[Card] = []
    tools: list[Card] = []
    entries = [(item.source, item.text) for item in config.navbar]
    listed = {config.html_name(source) for source, _ in entries}
    entries += [(file, text) for file, text in BUILTIN_TOOLS if file not in listed]
    for source, text in entries:
        file = config.html_name(source)
        if file == front:
            continue
        page = by_file.get(file)
        title = page.title if page is not None else titles.get(file, text)
        count = ""
        if page is not None and page.children:
            count = f"{len(page.children)} factsheets"
        card = Card(
            href=file,
            title=title,
            number=_number(numbers, file),
            text=lines.get(source, lines.get(file, "")),
            count=count,
        )
        (report if source in config.pages else tools).append(card)
    return report, tools


def _card_html(card: Card) -> str:
    number = f'<span class="vm-card-number">{_e(card.number)}</span> ' if card.number else ""
    count = f'<p class="vm-card-count">{_e(card.count)}</p>' if card.count else ""
    text = f'<p class="vm-card-text">{_e(card.text)}</p>' if card.text else ""
    return (
        f'<li class="vm-card"><a class="vm-card-link" href="{_e(card.href)}">'
        f'{number}<span class="vm-card-title">{_e(card.title)}</span></a>{text}{count}</li>'
    )


def cards_html(report: Sequence[Card], tools: Sequence[Card]) -> str:
    """The cards in two groups: the report, and the tools to look things up yourself."""
    groups = [
        ("vm-cards-report", "Het rapport", report),
        ("vm-cards-tools", "Zelf verkennen en downloaden", tools),
    ]
    parts = [
        f'<h2 id="{CARDS_ID}">Verder in de monitor</h2>',
    ]
    for ident, label, items in groups:
        if not items:
            continue
        parts.append(
            f'<h3 id="{ident}" class="vm-cards-title">{_e(label)}</h3>'
            f'<ul class="vm-cards" aria-labelledby="{ident}">'
            + "".join(_card_html(c) for c in items)
            + "</ul>"
        )
    return '<section class="vm-front-cards">' + "".join(parts) + "</section>"


def front_parts(
    config: ReportConfig,
    pages: Sequence[Page],
    writer: PageWriter,
    numbers: Mapping[str, tuple[str, str]],
    titles: Mapping[str, str],
    year: int,
) -> FrontParts:
    """The key figures, headline charts and entry cards for the front page (`pages[0]`)."""
    shown: list[Block] = []
    after = ""
    figures = key_figures(pages)
    if figures is not None:
        page, block = figures
        shown.append(block)
        after = (
            f'<section class="vm-front-figures" aria-labelledby="vm-front-figures-title">'
            f'<p class="vm-front-figures-title" id="vm-front-figures-title">'
            f"Kerncijfers {year}</p>"
            f"{writer.block(block)}"
            f'<p class="vm-front-more"><a href="{_e(page.file)}">'
            f"Alle kerncijfers en bevindingen in de {_e(page.title.lower())}</a></p></section>"
        )
    end: list[str] = []
    charts = headline_charts(config.front_charts, pages)
    if charts:
        figures_html = []
        for page, chart, anchor in charts:
            shown.append(chart)
            number = _number(numbers, page.file).lower()
            where = f"{number}, {page.title}" if number else page.title
            figures_html.append(
                '<div class="vm-front-chart">'
                + writer.chart(chart)
                + f'<p class="vm-front-more"><a href="{_e(page.file)}#{_e(anchor)}">'
                f"Meer hierover in {_e(where)}</a></p></div>"
            )
        end.append(f'<h2 id="{CHARTS_ID}">In beeld</h2>' + "".join(figures_html))
    end.append(cards_html(*cards(config, pages, numbers, titles)))
    return FrontParts(after, "\n".join(end), tuple(shown))
