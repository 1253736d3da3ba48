"""A page's blocks as HTML: prose, notices, key figures, tables and charts.

Every data value goes through `escape.html`; tables and charts get stable anchors
from their names (`UniqueIds`), a permalink, their downloads and, for a chart, the
table with its numbers and the definitions of the indicators it shows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from analysis.publication import escape
from analysis.publication.render.basis import BASIS_LABELS_NL
from analysis.publication.render.chart_definitions import (
    DEFINITIONS_TABLE,
    Definition,
    chart_definitions,
)
from analysis.publication.render.codebook import EXCEL_DIR, SITE_PAGE
from analysis.publication.render.config import slug
from analysis.publication.render.crossrefs import REFERENCE_PREFIX, REFERENCE_TABLE
from analysis.publication.render.downloads import chart_csv_path, png_path, svg_export_path
from analysis.publication.render.notebook import (
    BasisSummaryBlock,
    Block,
    ChartBlock,
    MarkdownBlock,
    NoticeBlock,
    TableBlock,
)
from analysis.publication.render.numbered_list import entries as list_entries
from analysis.publication.render.site_plan import Page
from analysis.publication.render.typst_blocks import source_line
from analysis.publication.render.unique_ids import UniqueIds

_NOTICE_LABELS = {"info": "Toelichting", "warning": "Let op", "demo": "Demonstratiegegevens"}

#: Every data value on a page goes through this (see `analysis.publication.escape`).
_e = escape.html


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
    "programma",
    "model",
)
#: In a table's cells the valorisation models' long Dutch names break
#: ("uitwisselings-model", "dienstverlenings-model"), and in a cell of more than
#: `LONG_CELL` characters (a list of indicators) every known compound; short cells keep
#: their words whole.
_CELL_TAILS = ("model",)
LONG_CELL = 30
SOFT_HYPHEN = "\u00ad"


def breakable(text: str, tails: Sequence[str] = _COMPOUND_TAILS) -> str:
    """`text` with a soft hyphen before a known compound tail in each long word."""
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) < 13:
            continue
        lowered = word.lower()
        for tail in tails:
            at = lowered.find(tail, 4)
            if at > 0 and lowered[at - 1] not in ("-", SOFT_HYPHEN) and len(word) - at >= 5:
                words[i] = word[:at] + SOFT_HYPHEN + word[at:]
                break
    return " ".join(words)


#: Column width classes by the length (characters) of a column's longest cell: on a phone
#: a column of long texts keeps at least a readable width (site.css) and the table
#: scrolls, instead of rows of fifteen lines.
TEXT_WIDTHS: tuple[tuple[int, str], ...] = (
    (200, "vm-col-xxl"),
    (100, "vm-col-xl"),
    (30, "vm-col-l"),
)


def text_width(cells: Sequence[str]) -> str:
    """The width class of a column from its longest cell (`TEXT_WIDTHS`), or ""."""
    longest = max((len(c) for c in cells), default=0)
    return next((name for limit, name in TEXT_WIDTHS if longest > limit), "")


#: Tables with this many columns or more are set a little smaller on the site.
COMPACT_COLUMNS = 8


def _table_html(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    align: Sequence[str],
    row_ids: Sequence[str] = (),
) -> str:
    """The table; `row_ids` gives rows an id each (the reference list's entries, `bron-12`).

    A column of long texts gets a class by the length of its longest cell (`text_width`),
    so that on a phone it keeps a readable width and scrolls instead of being squeezed
    into rows of twenty lines.
    """
    widths = [
        text_width([c for c in [columns[i], *(r[i] for r in rows if i < len(r))]])
        for i in range(len(columns))
    ]

    def cls(i: int) -> str:
        names = []
        if i < len(align) and align[i] == "r":
            names.append("vm-num")
        if widths[i]:
            names.append(widths[i])
        return f' class="{" ".join(names)}"' if names else ""

    head = "".join(
        f'<th scope="col"{cls(i)}>{_e(breakable(c))}</th>' for i, c in enumerate(columns)
    )
    body = []
    for n, row in enumerate(rows):
        cells = []
        for i, value in enumerate(row):
            tag = "th" if i == 0 else "td"
            scope = ' scope="row"' if i == 0 else ""
            tails = _COMPOUND_TAILS if len(value) > LONG_CELL else _CELL_TAILS
            cells.append(f"<{tag}{scope}{cls(i)}>{_e(breakable(value, tails))}</{tag}>")
        ident = f' id="{_e(row_ids[n])}"' if n < len(row_ids) and row_ids[n] else ""
        body.append(f"<tr{ident}>{''.join(cells)}</tr>")
    compact = ' class="vm-table-compact"' if len(columns) >= COMPACT_COLUMNS else ""
    return (
        f'<div class="vm-table-scroll" tabindex="0"><table{compact}>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _list_html(table: TableBlock) -> str:
    """A table set as a numbered list: one `<li>` per entry with its anchor, web addresses
    as links (`analysis.publication.render.numbered_list`)."""
    items = []
    for entry in list_entries(table):
        text = "".join(
            f'<a href="{_e(piece)}">{_e(piece)}</a>' if address else _e(piece)
            for piece, address in entry.segments()
        )
        items.append(
            f'<li id="{_e(entry.anchor)}"><span class="vm-list-number">[{_e(entry.number)}]</span> '
            f"{text}</li>"
        )
    return f'<ol class="vm-numbered-list">{"".join(items)}</ol>'


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


class PageWriter:
    """One page's blocks as HTML, with links to tables elsewhere on the site."""

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
            f'<p class="vm-keyfigure-label">{_e(breakable(k.label))}</p>'
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
            f'<div class="vm-keyfigures vm-keyfigures-{len(block.items)}">{items}</div></section>'
        )

    @staticmethod
    def row_ids(t: TableBlock) -> list[str]:
        """An id per entry of the reference list (`bron-12`), so a citation can link to it."""
        if t.name != REFERENCE_TABLE:
            return []
        return [
            f"{REFERENCE_PREFIX}{row[0].strip()}" if row and row[0].strip().isdigit() else ""
            for row in t.rows
        ]

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
            + (
                _list_html(t)
                if t.numbered_list
                else _table_html(t.columns, t.rows, t.align, self.row_ids(t))
            )
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
            actions += [
                f'<a href="../{_e(png_path(c))}" download>PNG</a>',
                f'<a href="../{_e(svg_export_path(c))}" download>SVG</a>',
            ]
        table = None
        if c.table:
            table = self.local_blocks.get(c.table) or self.tables.get(c.table)
        if table is not None and table.csv:
            actions.append(f'<a href="../{_e(table.csv.lstrip("/"))}" download>CSV</a>')
        elif c.svg_path:
            own_csv = chart_csv_path(c)
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
