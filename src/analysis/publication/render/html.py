"""The website: one static HTML page per chapter and per fact sheet, fully offline.

Every page is filled from the one shared template (`templates/page.html`) so the
site looks like one publication, not a set of notebook dumps. Prose goes through
pandoc in a single batch; tables, charts, notices and key figures are laid out
here from the display contract. Nothing is loaded from the network: the chart
library is written from `vl_convert.javascript_bundle()` into `site/assets/` at
render time, and every id on a page comes from a name, never from randomness, so
two renders of the same inputs are byte-identical.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from string import Template
from typing import Any

from analysis.errors import BuildError
from analysis.publication import escape
from analysis.publication.render.basis import BASIS_LABELS_NL, summary_text
from analysis.publication.render.codebook import EXCEL_DIR, SITE_PAGE, site_page_body
from analysis.publication.render.config import ReportConfig, slug
from analysis.publication.render.downloads import Licences, chart_csv_path
from analysis.publication.render.downloads import charts as download_charts
from analysis.publication.render.downloads import page_body as downloads_body
from analysis.publication.render.extras import SitePage
from analysis.publication.render.notebook import (
    BasisSummaryBlock,
    Block,
    ChartBlock,
    Document,
    MarkdownBlock,
    NoticeBlock,
    TableBlock,
    count_bases,
    has_demo,
)
from analysis.publication.render.pandoc import convert_page, has_footnotes
from analysis.publication.render.typst_blocks import source_line
from analysis.publication.render.typst_plan import plan_volumes
from analysis.publication.render.unique_ids import UniqueIds

_HERE = Path(__file__).parent
#: The id pandoc gives the appendix's reference list heading ('Bronnenlijst').
REFERENCE_LIST_ID = "bronnenlijst"
DEFAULT_DEMO_TEXT = (
    "Deze pagina toont demonstratiegegevens: gegenereerde cijfers die de werking van de "
    "monitor laten zien. Het zijn geen echte waarnemingen; trek er geen conclusies uit."
)
#: The banner on a phone: one line; the figures carry their own labels.
SHORT_DEMO_TEXT = "Gegenereerde cijfers, geen echte waarnemingen."
_NOTICE_LABELS = {"info": "Toelichting", "warning": "Let op", "demo": "Demonstratiegegevens"}


@dataclass(frozen=True)
class Page:
    """One HTML file to write: which blocks, under which title, below which chapter."""

    file: str
    title: str
    nav_source: str
    blocks: tuple[Block, ...]
    parent: Page | None
    children: tuple[tuple[str, str], ...]  # (file, title) of sub-pages


#: Every data value on a page goes through this (see `analysis.publication.escape`).
_e = escape.html


def plan_pages(config: ReportConfig, docs: Sequence[Document]) -> list[Page]:
    """Decide the file name of every page: chapters by stem, fact sheets `<stem>-<id>`."""
    pages: list[Page] = []
    for doc in docs:
        file = config.html_name(doc.source)
        stem = PurePosixPath(doc.source).stem
        children = tuple((f"{stem}-{slug(sp.id)}.html", sp.title) for sp in doc.subpages)
        parent = Page(file, doc.title, doc.source, doc.blocks, None, children)
        pages.append(parent)
        for (child_file, _), sub in zip(children, doc.subpages, strict=True):
            pages.append(Page(child_file, sub.title, doc.source, sub.blocks, parent, ()))
    seen: set[str] = {SITE_PAGE}  # the codebook page the renderer adds
    for page in pages:
        if page.file in seen:
            raise BuildError(f"two pages would both be written to {page.file}")
        seen.add(page.file)
    return pages


#: Where the monitor's long Dutch compounds may break in a table header. Browsers do not
#: hyphenate Dutch by themselves (Chromium on Linux has no dictionary for it), and one
#: unbreakable "Onderzoeksovereenkomsten" per column is what pushes a wide table past a
#: 1366 px screen. A soft hyphen shows only where the line actually breaks.
_COMPOUND_TAILS = (
    "overeenkomsten",
    "meldingen",
    "aanvragen",
    "inkomsten",
    "uitgaven",
    "onderzoek",
    "personeel",
    "instellingen",
    "kapitaal",
    "ondersteuning",
)
SOFT_HYPHEN = "\u00ad"


def breakable(text: str) -> str:
    """`text` with a soft hyphen before a known compound tail in each long word."""
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) < 13:
            continue
        lowered = word.lower()
        for tail in _COMPOUND_TAILS:
            at = lowered.find(tail, 4)
            if at > 0 and lowered[at - 1] != "-" and len(word) - at >= 5:
                words[i] = word[:at] + SOFT_HYPHEN + word[at:]
                break
    return " ".join(words)


#: Tables with this many columns or more are set a little smaller on the site.
COMPACT_COLUMNS = 8


def _table_html(columns: Sequence[str], rows: Sequence[Sequence[str]], align: Sequence[str]) -> str:
    def cls(i: int) -> str:
        return ' class="vm-num"' if i < len(align) and align[i] == "r" else ""

    head = "".join(
        f'<th scope="col"{cls(i)}>{_e(breakable(c))}</th>' for i, c in enumerate(columns)
    )
    body = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            tag = "th" if i == 0 else "td"
            scope = ' scope="row"' if i == 0 else ""
            cells.append(f"<{tag}{scope}{cls(i)}>{_e(value)}</{tag}>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    compact = ' class="vm-table-compact"' if len(columns) >= COMPACT_COLUMNS else ""
    return (
        f'<div class="vm-table-scroll" tabindex="0"><table{compact}>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _spec_table(spec: dict[str, Any]) -> tuple[list[str], list[list[str]]] | None:
    """The inline data behind a chart, as a fallback text alternative when no table is named."""
    data = spec.get("data")
    values = data.get("values") if isinstance(data, dict) else None
    if not isinstance(values, list) or not values or not all(isinstance(v, dict) for v in values):
        return None
    columns: list[str] = []
    for row in values:
        for key in row:
            if key not in columns:
                columns.append(str(key))
    rows = [["" if r.get(c) is None else str(r.get(c)) for c in columns] for r in values]
    return columns, rows


def _script_json(value: Any) -> str:
    """JSON safe inside a `<script type="application/json">` element (no `</script>`)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def basis_badge(basis: str) -> str:
    """The label before a caption saying what the item rests on (`analysis.publication.render.basis`)."""
    return f'<span class="vm-badge vm-badge-{basis}">{_e(BASIS_LABELS_NL[basis])}</span> '


@dataclass(frozen=True)
class Definition:
    """An indicator's entry in the appendix's definitions table, as a chart quotes it."""

    label: str
    text: str
    origin: str


#: The appendix table that defines the indicators (`chapters.appendix`), and its columns.
DEFINITIONS_TABLE = "indicatoren"
_DEF_COLUMNS = ("Indicator", "Definitie", "Herkomst van de definitie")


def definitions(docs: Sequence[Document]) -> dict[str, Definition]:
    """Indicator label (lower case) -> its definition, read from the appendix's table.

    The chart quotes exactly what the appendix prints, so the two cannot drift apart.
    No such table (a report without the appendix): no definitions under the charts.
    """
    for doc in docs:
        for blocks in (doc.blocks, *(sp.blocks for sp in doc.subpages)):
            for b in blocks:
                if isinstance(b, TableBlock) and b.name == DEFINITIONS_TABLE:
                    if not all(c in b.columns for c in _DEF_COLUMNS):
                        return {}
                    i, j, k = (b.columns.index(c) for c in _DEF_COLUMNS)
                    return {
                        row[i].strip().lower(): Definition(row[i], row[j], row[k])
                        for row in b.rows
                        if row[i].strip() and row[j].strip()
                    }
    return {}


def _encoded_names(spec: Any, out: set[str]) -> None:
    """Field names and titles a chart encodes (its data and theme left out)."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("datasets", "config", "data"):
                continue
            if key in ("field", "title") and isinstance(value, str):
                out.add(value)
            elif key == "title" and isinstance(value, list):
                out.update(v for v in value if isinstance(v, str))
            else:
                _encoded_names(value, out)
    elif isinstance(spec, list):
        for item in spec:
            _encoded_names(item, out)


def chart_definitions(spec: dict[str, Any], known: dict[str, Definition]) -> list[Definition]:
    """The indicators a chart shows: catalogue labels among its encoded fields and titles,
    or among the values of an encoded field named 'Indicator' (one line per indicator).

    Matching is by the exact Dutch label (case aside), the same label the catalogue
    gives the chart's column, or the label followed by ' per …' or ' (…)' (an axis
    'Licentie- en optieovereenkomsten per jaar'); so a chart of spin-offs per ecosystem
    is defined as spin-offs and a chart of co-publications (no catalogue indicator)
    gets nothing.
    """
    if not known:
        return []
    names: set[str] = set()
    _encoded_names(spec, names)
    shown = {n.strip().lower() for n in names}
    if "indicator" in shown:
        from analysis.publication.charts import spec_values

        for row in spec_values(spec) or []:
            for key, value in row.items():
                if str(key).lower() == "indicator" and isinstance(value, str):
                    shown.add(value.strip().lower())

    def shows(label: str) -> bool:
        # 'Licentie- en optieovereenkomsten per jaar' is the indicator per year.
        return any(
            name == label or name.startswith((f"{label} per ", f"{label} (")) for name in shown
        )

    return [d for label, d in known.items() if shows(label)]


def permalink(anchor: str, what: str) -> str:
    """A visible link to an item's stable anchor with a copy button (`site.js`).

    The anchor comes from the item's name (`fig-<name>`, `tab-<name>`), never its
    position, so the same chart has the same link in every edition. The button copies
    the page's own address plus the anchor; where the browser refuses (a `file://`
    page without clipboard access) `site.js` selects the address for Ctrl+C instead.
    """
    return (
        f'<span class="vm-permalink"><a class="vm-permalink-link" href="#{_e(anchor)}">'
        f"Link naar deze {_e(what)}</a> "
        f'<button type="button" class="vm-copy" data-vm-copy="{_e(anchor)}">Kopieer link'
        '</button><span class="vm-copy-status" role="status"></span></span>'
    )


class _PageWriter:
    def __init__(
        self,
        page: Page,
        converted: dict[str, str],
        table_index: dict[str, tuple[str, str]],
        page_tables: dict[str, dict[str, tuple[str, str]]],
        summary: str = "",
        contact: str = "",
        tables: dict[str, TableBlock] | None = None,
        known_definitions: dict[str, Definition] | None = None,
        chart_csvs: frozenset[str] = frozenset(),
    ) -> None:
        self.page = page
        self.converted = converted
        self.table_index = table_index
        self.local_tables = page_tables.get(page.file, {})
        self.summary = summary
        self.contact = contact
        self.ids = UniqueIds()
        self.tables = tables or {}
        self.local_blocks = {b.name: b for b in page.blocks if isinstance(b, TableBlock)}
        self.known_definitions = known_definitions or {}
        self.chart_csvs = chart_csvs

    def block(self, block: Block) -> str:
        if isinstance(block, MarkdownBlock):
            return self.converted[block.text]
        if isinstance(block, TableBlock):
            return self.table(block)
        if isinstance(block, ChartBlock):
            return self.chart(block)
        if isinstance(block, BasisSummaryBlock):
            if not self.summary:
                return ""
            contact = (
                f'<p class="vm-contact"><strong>Contact:</strong> {_e(self.contact)}</p>'
                if self.contact
                else ""
            )
            return (
                '<section class="vm-basis-summary" aria-label="Waar de cijfers op berusten">'
                '<p class="vm-basis-summary-title">Waar de cijfers op berusten</p>'
                f"<p>{_e(self.summary)}</p>{contact}</section>"
            )
        if isinstance(block, NoticeBlock):
            if block.demo:
                return ""  # shown once, as the page's demonstration banner
            label = _NOTICE_LABELS.get(block.level, "Toelichting")
            return (
                f'<aside class="vm-notice vm-notice-{slug(block.level)}" role="note">'
                f'<p class="vm-notice-label">{_e(label)}</p>'
                f"{self.converted[block.text]}</aside>"
            )
        shared = block.basis
        items = "".join(
            f'<div class="vm-keyfigure" data-basis="{k.basis}">'
            f'<p class="vm-keyfigure-value">{_e(k.value)}</p>'
            f'<p class="vm-keyfigure-label">{_e(k.label)}</p>'
            + (f'<p class="vm-keyfigure-note">{_e(k.note)}</p>' if k.note else "")
            + (
                f'<p class="vm-keyfigure-basis">{basis_badge(k.basis)}</p>'
                if shared is None
                else ""
            )
            + "</div>"
            for k in block.items
        )
        head = f'<p class="vm-keyfigures-basis">{basis_badge(shared)}</p>' if shared else ""
        return (
            f'<section class="vm-keyfigures-block" aria-label="Kerncijfers">{head}'
            f'<div class="vm-keyfigures">{items}</div></section>'
        )

    def table(self, t: TableBlock) -> str:
        anchor = self.ids.make("tab", t.name)
        badge = basis_badge(t.basis)
        foot: list[str] = []
        if t.source_note:
            foot.append(f'<span class="vm-source">{_e(source_line(t.source_note))}</span>')
        if t.csv:
            href = "../" + t.csv.lstrip("/")
            stem = PurePosixPath(t.csv).stem
            foot.append(f'<a class="vm-download" href="{_e(href)}" download>Download CSV</a>')
            if t.fields:  # written by a Report that also wrote the Excel variant
                foot.append(f'<a href="../{EXCEL_DIR}/{_e(stem)}.csv" download>Excel (NL)</a>')
            foot.append(f'<a href="{SITE_PAGE}#{_e("data-" + stem)}">Codeboek</a>')
        foot.append(permalink(anchor, "tabel"))
        return (
            f'<figure class="vm-figure vm-figure-table" id="{anchor}" data-basis="{t.basis}">'
            f'<figcaption class="vm-figure-title">{badge}{_e(t.caption or t.name)}</figcaption>'
            f"{_table_html(t.columns, t.rows, t.align)}"
            + (f'<p class="vm-table-foot">{" · ".join(foot)}</p>' if foot else "")
            + "</figure>"
        )

    def chart(self, c: ChartBlock) -> str:
        anchor = self.ids.make("fig", c.name)
        spec_id = f"spec-{anchor[4:]}"
        badge = basis_badge(c.basis)
        data_html = ""
        where = None
        if c.table:
            # Prefer the table on this very page; names are unique per notebook only.
            where = self.local_tables.get(c.table) or self.table_index.get(c.table)
        if where is not None:
            file, tab_anchor = where
            href = f"#{tab_anchor}" if file == self.page.file else f"{file}#{tab_anchor}"
            data_html = (
                f'<p class="vm-chart-data"><a href="{_e(href)}">'
                "Bekijk de tabel met de cijfers achter deze figuur</a></p>"
            )
        else:
            fallback = _spec_table(c.spec)
            if fallback is not None:
                cols, rows = fallback
                data_html = (
                    '<details class="vm-chart-data"><summary>Cijfers achter deze figuur'
                    f"</summary>{_table_html(cols, rows, [])}</details>"
                )
        noscript = ""
        actions: list[str] = []
        if c.svg_path:
            svg = c.svg_path.lstrip("/")
            noscript = f'<noscript><img src="../{_e(svg)}" alt="{_e(c.alt)}"></noscript>'
            png = str(PurePosixPath(svg).with_suffix(".png"))
            actions += [
                f'<a href="../{_e(png)}" download>PNG</a>',
                f'<a href="../{_e(svg)}" download>SVG</a>',
            ]
        table = None
        if c.table:
            table = self.local_blocks.get(c.table) or self.tables.get(c.table)
        if table is not None and table.csv:
            actions.append(f'<a href="../{_e(table.csv.lstrip("/"))}" download>CSV</a>')
        elif c.svg_path:
            own_csv = str(PurePosixPath(c.svg_path.lstrip("/")).with_suffix(".csv"))
            if own_csv in self.chart_csvs:
                actions.append(f'<a href="../{_e(own_csv)}" download>CSV</a>')
        action_html = (
            '<p class="vm-figure-actions"><span class="vm-actions-label">Download:</span> '
            + " · ".join(actions)
            + (" · " if actions else "")
            + permalink(anchor, "figuur")
            + "</p>"
        )
        about: list[str] = []
        defs = chart_definitions(c.spec, self.known_definitions)
        where_defs = self.table_index.get(DEFINITIONS_TABLE)
        for d in defs:
            about.append(
                f'<p class="vm-definition"><span class="vm-definition-label">Definitie '
                f"{_e(d.label.lower() if len(defs) == 1 else d.label)}:</span> {_e(d.text)} "
                f'<span class="vm-definition-origin">({_e(d.origin)})</span></p>'
            )
        if defs and where_defs is not None:
            about.append(
                f'<p class="vm-definition-more"><a href="{_e(where_defs[0])}#{_e(where_defs[1])}">'
                "Alle definities in de bijlage</a></p>"
            )
        if table is not None and table.source_note:
            about.append(f'<p class="vm-source">{_e(source_line(table.source_note))}</p>')
        about_html = f'<div class="vm-figure-about">{"".join(about)}</div>' if about else ""
        return (
            f'<figure class="vm-figure vm-figure-chart" id="{anchor}" data-basis="{c.basis}">'
            f'<figcaption><span class="vm-figure-title">{badge}{_e(c.title)}</span>'
            f'<span class="vm-alt">{_e(c.alt)}</span></figcaption>'
            f'<div class="vm-chart" role="img" aria-label="{_e(c.alt)}" '
            f'data-spec="{spec_id}"></div>'
            f'<script type="application/json" id="{spec_id}">{_script_json(c.spec)}</script>'
            f"{noscript}{about_html}{action_html}{data_html}</figure>"
        )


#: Pages the renderer itself adds to every edition, listed among the tools.
DOWNLOADS_PAGE = "downloads.html"
BUILTIN_TOOLS: tuple[tuple[str, str], ...] = (
    (DOWNLOADS_PAGE, "Downloads"),
    (SITE_PAGE, "Gegevens en codeboek"),
)


def navigation(config: ReportConfig, current: str | None) -> str:
    """The navigation bar: the chapters in one menu, the tools in another.

    Twelve and more entries do not fit one line at 1366 px, let alone on a phone, so
    the bar holds two native disclosure menus (`<details>`/`<summary>`: keyboard
    operable and announced as expanded or collapsed without any script). Chapters are
    the navbar entries that are pages of the report (`project.render`); every other
    entry (the explorer, the scenario explorer, 'Wat is er veranderd') is a tool, and
    the downloads page and the codebook follow them. The menu holding the current page
    names it in its summary, so a reader sees where they are with the menus closed.
    """
    chapters: list[tuple[str, str, bool]] = []
    tools: list[tuple[str, str, bool]] = []
    for item in config.navbar:
        entry = (config.html_name(item.source), item.text, item.source == current)
        (chapters if item.source in config.pages else tools).append(entry)
    listed = {href for href, _, _ in tools}
    tools += [(href, text, href == current) for href, text in BUILTIN_TOOLS if href not in listed]

    def menu(key: str, label: str, entries: list[tuple[str, str, bool]]) -> str:
        here = next((text for _, text, is_current in entries if is_current), None)
        links = "".join(
            f'<li><a href="{_e(href)}"'
            + (' aria-current="page"' if is_current else "")
            + f">{_e(text)}</a></li>"
            for href, text, is_current in entries
        )
        where = f'<span class="vm-menu-here">: {_e(here)}</span>' if here else ""
        return (
            f'      <details class="vm-menu vm-menu-{key}">'
            f'<summary><span class="vm-menu-label">{_e(label)}{where}</span></summary>'
            f'<ul class="vm-menu-list">{links}</ul></details>'
        )

    parts = []
    if chapters:
        parts.append(menu("chapters", "Hoofdstukken", chapters))
    parts.append(menu("tools", "Hulpmiddelen", tools))
    return "\n".join(parts)


def demo_banner(text_html: str) -> str:
    """The demonstration banner at the top of a page; `text_html` is already HTML."""
    return (
        '<div class="vm-demo-banner" role="note" aria-label="Demonstratiegegevens">'
        '<div class="vm-demo-banner-inner"><p class="vm-demo-banner-label">'
        f'Demonstratiegegevens</p><div class="vm-demo-banner-text">{text_html}</div>'
        f'<p class="vm-demo-banner-short">{_e(SHORT_DEMO_TEXT)}</p></div></div>'
    )


_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)


def _toc(content: str) -> str:
    entries = [(i, re.sub(r"<[^>]+>", "", t)) for i, t in _H2.findall(content)]
    if len(entries) < 2:
        return ""
    items = "".join(f'<li><a href="#{_e(i)}">{t}</a></li>' for i, t in entries)
    return (
        '<nav class="vm-toc" aria-labelledby="vm-toc-title">'
        f'<p id="vm-toc-title" class="vm-toc-title">Op deze pagina</p><ul>{items}</ul></nav>'
    )


def render_site(
    config: ReportConfig,
    docs: Sequence[Document],
    site_dir: Path,
    *,
    year: int,
    years_available: Sequence[int],
    assets: Sequence[str],
    extra_pages: Sequence[SitePage] = (),
    licences: Licences | None = None,
    header_slot: str = "",
) -> list[Path]:
    """Write every page of the site into `site_dir`; returns the written HTML files.

    `extra_pages` are site-only pages with their own body and scripts
    (`analysis.publication.render.extras`), filled into the same template. `licences` feed the
    downloads page (`analysis.publication.render.downloads`), written with the codebook page.
    `header_slot` is HTML put into the navigation bar's slot on every page (the
    search box and the link to the English summary go there).
    """
    pages = plan_pages(config, docs)
    taken = {p.file for p in pages} | {SITE_PAGE, DOWNLOADS_PAGE}
    for extra in extra_pages:
        if extra.file in taken or not re.fullmatch(r"[a-z0-9][a-z0-9-]*\.html", extra.file):
            raise BuildError(
                f"extra page {extra.file!r} clashes with another page or is no page name"
            )
        taken.add(extra.file)
    summary = summary_text(*count_bases(docs))

    def texts(page: Page) -> list[str]:
        return [b.text for b in page.blocks if isinstance(b, MarkdownBlock | NoticeBlock)]

    # Prose of all pages goes through one pandoc run; a page with footnotes gets its own
    # run so its notes are numbered 1..n and printed at the foot of that page.
    noted = [p for p in pages if any(has_footnotes(t) for t in texts(p))]
    noted_files = {p.file for p in noted}
    shared = sorted({t for p in pages if p.file not in noted_files for t in texts(p)})
    with ThreadPoolExecutor(max_workers=4) as pool:
        shared_job = pool.submit(convert_page, shared, "html")
        page_jobs = {p.file: (texts(p), pool.submit(convert_page, texts(p), "html")) for p in noted}
        shared_html, _ = shared_job.result()
        converted_for: dict[str, tuple[dict[str, str], str]] = {}
        for file, (page_texts, job) in page_jobs.items():
            pieces, notes = job.result()
            converted_for[file] = (dict(zip(page_texts, pieces, strict=True)), notes)
    shared_map = dict(zip(shared, shared_html, strict=True))

    # Where each table lives, so a chart can link to the numbers behind it.
    table_index: dict[str, tuple[str, str]] = {}
    page_tables: dict[str, dict[str, tuple[str, str]]] = {}
    table_blocks: dict[str, TableBlock] = {}
    csv_pages: dict[str, tuple[str, str]] = {}
    svg_pages: dict[str, tuple[str, str]] = {}
    for page in pages:
        ids = UniqueIds()
        for b in page.blocks:
            if isinstance(b, TableBlock):
                anchor = ids.make("tab", b.name)
                table_index.setdefault(b.name, (page.file, anchor))
                page_tables.setdefault(page.file, {}).setdefault(b.name, (page.file, anchor))
                table_blocks.setdefault(b.name, b)
                if b.csv:
                    csv_pages.setdefault(b.csv, (page.file, anchor))
            elif isinstance(b, ChartBlock):
                anchor = ids.make("fig", b.name)
                if b.svg_path:
                    svg_pages.setdefault(b.svg_path, (page.file, anchor))
    known_definitions = definitions(docs)
    year_dir = site_dir.parent
    chart_csvs = frozenset(
        csv
        for chart in download_charts(docs)
        if (year_dir / (csv := chart_csv_path(chart))).is_file()
    )
    list_anchor: str | None = None

    template = Template((_HERE / "templates" / "page.html").read_text(encoding="utf-8"))
    years = sorted({*years_available, year}, reverse=True)
    pdf_href = f"../valorisatiemonitor-{year}.pdf"
    volumes = plan_volumes(config, docs, year)
    written: list[Path] = []

    def fill(
        file: str,
        title: str,
        nav_source: str | None,
        body: str,
        banner: str,
        crumb: str,
        has_chart: bool,
        own_scripts: Sequence[str] | None = None,
    ) -> str:
        """One page in the site's template: navigation, year switcher, banner, body.

        `own_scripts` replaces the chart scripts for a page that brings its own.
        """
        # Without `years.js` (a year folder opened on its own) the other years open at
        # their start page; `site.js` points each at this same page where that year has it.
        year_items = "".join(
            f'<li><a href="../../{y}/site/{_e(file) if y == year else "index.html"}"'
            + (' aria-current="true"' if y == year else "")
            + f">{y}</a></li>"
            for y in years
        )
        scripts = "".join(
            f'<script src="assets/{_e(a)}"></script>'
            for a in (assets if own_scripts is None else own_scripts)
        )
        return template.substitute(
            page_title=_e(title),
            page_file=_e(file),
            site_title=_e(config.title),
            subtitle=_e(config.subtitle),
            author=_e(config.author),
            year=str(year),
            nav=navigation(config, nav_source),
            header_slot=header_slot,
            years=year_items,
            pdf_href=_e(pdf_href),
            banner=banner,
            breadcrumb=crumb,
            content=body,
            toc=_toc(body),
            scripts=scripts if has_chart or own_scripts else "",
            body_class="vm-has-demo" if banner else "vm-no-demo",
        )

    for page in pages:
        converted, notes = converted_for.get(page.file, (shared_map, ""))
        writer = _PageWriter(
            page,
            converted,
            table_index,
            page_tables,
            summary,
            config.contact,
            table_blocks,
            known_definitions,
            chart_csvs,
        )
        body = "\n".join(part for part in (writer.block(b) for b in page.blocks) if part)
        if list_anchor is None and f'id="{REFERENCE_LIST_ID}"' in body:
            list_anchor = f"{page.file}#{REFERENCE_LIST_ID}"
        if notes:
            body += "\n" + notes
        if page.children:
            links = "".join(f'<li><a href="{_e(f)}">{_e(t)}</a></li>' for f, t in page.children)
            body += (
                '\n<section class="vm-subpages" aria-labelledby="vm-subpages-title">'
                '<h2 id="vm-subpages-title">Factsheets</h2>'
                f'<ul class="vm-subpage-list">{links}</ul></section>'
            )
            own = [v for v in volumes if v.source == page.nav_source]
            if own:
                items = "".join(
                    f'<li><a href="../{_e(v.file)}">Deel {v.number} van {v.total}</a>: '
                    f"{_e(v.span)}</li>"
                    for v in own
                )
                body += (
                    '\n<section class="vm-volumes" aria-labelledby="vm-volumes-title">'
                    '<h2 id="vm-volumes-title">Factsheets als PDF</h2>'
                    f"<ul>{items}</ul></section>"
                )
        demo = has_demo(page.blocks)
        banner = ""
        if demo:
            notices = [b for b in page.blocks if isinstance(b, NoticeBlock) and b.demo]
            text = converted[notices[0].text] if notices else f"<p>{_e(DEFAULT_DEMO_TEXT)}</p>"
            banner = demo_banner(text)
        crumb = ""
        if page.parent is not None:
            crumb = (
                f'<p class="vm-breadcrumb"><a href="{_e(page.parent.file)}">'
                f"← {_e(page.parent.title)}</a></p>"
            )
        has_chart = any(isinstance(b, ChartBlock) for b in page.blocks)
        out = fill(page.file, page.title, page.nav_source, body, banner, crumb, has_chart)
        target = site_dir / page.file
        target.write_text(out, encoding="utf-8", newline="\n")
        written.append(target)
    for extra in extra_pages:
        styles = "".join(f'<link rel="stylesheet" href="assets/{_e(s)}">' for s in extra.styles)
        banner = demo_banner(f"<p>{_e(DEFAULT_DEMO_TEXT)}</p>") if extra.demo else ""
        out = fill(
            extra.file,
            extra.title,
            extra.file,
            styles + extra.body,
            banner,
            "",
            False,
            own_scripts=extra.scripts,
        )
        target = site_dir / extra.file
        target.write_text(out, encoding="utf-8", newline="\n")
        written.append(target)
    codebook = site_dir / SITE_PAGE
    body = site_page_body(docs, site_dir.parent)
    codebook.write_text(
        fill(SITE_PAGE, "Gegevens en codeboek", SITE_PAGE, body, "", "", False),
        encoding="utf-8",
        newline="\n",
    )
    written.append(codebook)
    pdfs = [(f"valorisatiemonitor-{year}.pdf", "Rapport (PDF)")] + [
        (v.file, f"{v.chapter}, deel {v.number} van {v.total} (PDF)") for v in volumes
    ]
    downloads = site_dir / DOWNLOADS_PAGE
    body = downloads_body(
        docs,
        year_dir,
        year,
        licences,
        pdfs=pdfs,
        table_pages=csv_pages,
        chart_pages=svg_pages,
        appendix_list=list_anchor,
    )
    downloads.write_text(
        fill(DOWNLOADS_PAGE, "Downloads", DOWNLOADS_PAGE, body, "", "", False),
        encoding="utf-8",
        newline="\n",
    )
    written.append(downloads)
    return written
