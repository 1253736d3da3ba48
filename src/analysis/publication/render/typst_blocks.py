"""The Typst for a page's blocks: prose, notices, key figures, tables and charts.

`TypstWriter` accumulates the generated source and writes the chart SVGs it refers
to; every text from data passes through `ts`. Table labels are assigned per chapter
before printing, so a chart may refer to a table printed after it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import BuildError
from analysis.publication.render.basis import BASIS_LABELS_NL
from analysis.publication.render.notebook import (
    BasisSummaryBlock,
    Block,
    ChartBlock,
    KeyFiguresBlock,
    MarkdownBlock,
    NoticeBlock,
    TableBlock,
)
from analysis.publication.render.numbered_list import entries as list_entries
from analysis.publication.render.site_plan import SiteLink
from analysis.publication.render.typst_layout import (
    TableShape,
    chart_size,
    keyfigure_columns,
    keyfigure_sizes,
    table_shape,
    transpose,
)
from analysis.publication.render.typst_plan import PrintChapter
from analysis.publication.render.typst_syntax import ts, typst_array
from analysis.publication.render.unique_ids import UniqueIds


@dataclass(frozen=True)
class Colophon:
    """What the printed colophon says, and all it says: the edition, its date, whom to
    contact and one address. Software versions and input hashes are the machine record
    (`manifest.json`, the site); they are not printed."""

    edition: str
    date: str
    contact: str
    address: str


def source_line(note: str) -> str:
    """ "Bron: ..." once, whether or not the notebook already wrote "Bron(nen):"."""
    note = note.strip()
    if not note:
        return ""
    return note if note.lower().startswith("bron") else f"Bron: {note}"


class TypstWriter:
    """Accumulates the Typst source and the SVG files it refers to."""

    def __init__(
        self,
        out_dir: Path,
        work: Path,
        converted: dict[str, str],
        summary: str = "",
        contact: str = "",
        site_links: Mapping[int, SiteLink] | None = None,
        colophon: Colophon | None = None,
    ) -> None:
        self.out_dir = out_dir
        #: Where each table and chart is on the site (`site_plan.site_links`), for the
        #: one-line pointers that stand in for the site-only ones.
        self.site_links = site_links or {}
        self.work = work
        self.converted = converted
        self.summary = summary  # the colophon's count of bases, for `BasisSummaryBlock`
        self.contact = contact
        self.colophon = colophon
        self.labels = UniqueIds()  # Typst labels are unique in the whole document
        # Labels are assigned before printing so a chart may refer to a table printed after
        # it: per chapter (queues, in order) and report-wide (the first of each name).
        self.chapter_tables: list[dict[str, list[str]]] = []
        self.global_tables: dict[str, str] = {}
        self.current: dict[str, list[str]] = {}
        self.current_refs: dict[str, str] = {}
        self.chapter_site_only: list[set[str]] = []
        self.current_site_only: set[str] = set()
        self.lines: list[str] = []

    def label(self, prefix: str, name: str) -> str:
        return self.labels.make(prefix, name)

    def svg_for(self, chart: ChartBlock, label: str) -> tuple[str, str]:
        """Write the chart's SVG beside the Typst file: year-folder file, bundle, or re-render."""
        data: str | None = None
        if chart.svg_path:
            candidate = (self.out_dir / chart.svg_path).resolve()
            if candidate.is_file():
                data = candidate.read_text(encoding="utf-8")
        if data is None and chart.svg_inline:
            data = chart.svg_inline
        if data is None:
            try:
                import vl_convert

                from analysis.publication.render.fonts import register_with_vl_convert

                register_with_vl_convert()
                data = str(vl_convert.vegalite_to_svg(chart.spec, format_locale="nl-NL"))
            except Exception as exc:  # vl-convert raises plain ValueError/RuntimeError
                raise BuildError(
                    f"chart {chart.name!r} has no SVG and cannot be drawn: {exc}"
                ) from exc
        rel = f"charts/{label}.svg"
        target = self.work / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(data, encoding="utf-8")
        return rel, chart_size(data)

    def blocks(self, blocks: Sequence[Block], *, compact: bool = False) -> None:
        """The Typst for `blocks`, in order.

        `compact`: a fact sheet in the printed annex. Its chart stays on the website (the
        annex says so once) and its key figures are set small, so two or more sheets
        share a page; the site keeps the full sheet.
        """
        for block in blocks:
            if compact and isinstance(block, ChartBlock):
                continue
            if isinstance(block, MarkdownBlock) and not block.pdf:
                continue  # the site's alone (the colophon's machine record)
            if isinstance(block, TableBlock) and not block.pdf and not block.pointer:
                continue
            if isinstance(block, TableBlock | ChartBlock) and not block.pdf:
                self.pointer(block)  # no figures on the page: no demonstration mark
                self.lines.append("")
                continue
            demo = bool(getattr(block, "demo", False))
            shape = (
                table_shape(block)
                if isinstance(block, TableBlock) and not block.numbered_list
                else None
            )
            if shape is not None and shape.landscape:
                # The markers go inside the page: they must flag its pages, not its neighbours.
                self.lines.append("#page(flipped: true)[")
            if demo:
                self.lines.append("#vm-demo-start()")
            if isinstance(block, MarkdownBlock):
                self.lines.append(self.converted[block.text])
            elif isinstance(block, NoticeBlock):
                self.lines.append(
                    f"#vm-notice(level: {ts(block.level)})[\n{self.converted[block.text]}\n]"
                )
            elif isinstance(block, KeyFiguresBlock):
                sizes = keyfigure_sizes(block)
                items = [
                    typst_array(
                        [
                            ts(k.label),
                            ts(k.value),
                            ts(k.note),
                            ts(k.basis),
                            ts(BASIS_LABELS_NL[k.basis]),
                            f"{value_size}pt",
                            f"{label_size}pt",
                        ]
                    )
                    for k, (value_size, label_size) in zip(block.items, sizes, strict=True)
                ]
                columns = keyfigure_columns(len(block.items))
                self.lines.append(
                    f"#vm-keyfigures({typst_array(items)}, columns: {columns}"
                    + (", compact: true)" if compact else ")")
                )
            elif isinstance(block, TableBlock) and block.numbered_list:
                self.numbered_list(block)
            elif isinstance(block, TableBlock) and shape is not None:
                self.table(block, shape)
            elif isinstance(block, ChartBlock):
                self.chart(block)
            elif isinstance(block, BasisSummaryBlock) and self.summary:
                # With the colophon block below, the contact is said there, once.
                contact = "" if self.colophon is not None else self.contact
                self.lines.append(f"#vm-basis-summary({ts(self.summary)}, contact: {ts(contact)})")
                if self.colophon is not None:
                    c = self.colophon
                    self.lines.append(
                        f"#vm-colophon(edition: {ts(c.edition)}, date: {ts(c.date)}, "
                        f"contact: {ts(c.contact)}, address: {ts(c.address)})"
                    )
            if demo:
                self.lines.append("#vm-demo-end()")
            if shape is not None and shape.landscape:
                self.lines.append("]")
            self.lines.append("")

    def assign_tables(self, chapters: Sequence[PrintChapter]) -> None:
        """Give every table its label up front; names repeat across chapters, labels never."""
        for ch in chapters:
            local: dict[str, list[str]] = {}
            site_only: set[str] = set()
            blocks = [*ch.blocks, *(b for _, bs in ch.sections for b in bs)]
            for block in blocks:
                if isinstance(block, TableBlock) and not block.pdf:
                    site_only.add(block.name)
                elif isinstance(block, TableBlock) and not block.numbered_list:
                    label = self.label("tab", block.name)
                    local.setdefault(block.name, []).append(label)
                    self.global_tables.setdefault(block.name, label)
            self.chapter_tables.append(local)
            self.chapter_site_only.append(site_only - set(local))

    def start_chapter(self, index: int) -> None:
        self.current = {k: list(v) for k, v in self.chapter_tables[index].items()}
        self.current_refs = {k: v[0] for k, v in self.chapter_tables[index].items()}
        self.current_site_only = self.chapter_site_only[index]

    def table_ref(self, name: str) -> str | None:
        """The table a chart points at: the one in the same chapter, else the first anywhere.

        None when the chapter's own table of that name is on the site only: a table of the
        same name in another chapter holds other numbers.
        """
        if name in self.current_site_only:
            return None
        return self.current_refs.get(name) or self.global_tables.get(name)

    def pointer(self, block: TableBlock | ChartBlock) -> None:
        """One line where a site-only table or chart would be: what it is and where to find it.

        With `valorisatiemonitor.site_url` set, "where" is a link to the table's own page
        and anchor, its address printed for a reader on paper; without it, the page's title.
        """
        if isinstance(block, TableBlock):
            kind, what, csv = "table", block.caption or block.name, block.csv or ""
        else:
            kind, what = "chart", block.title
            csv = f"data/{block.table}.csv" if block.table else ""
        link = self.site_links.get(id(block))
        self.lines.append(
            f"#vm-site-only(kind: {ts(kind)}, {ts(what)}, csv: {ts(csv)}, basis: {ts(block.basis)}, "
            f"url: {ts(link.address if link else '')}, page: {ts(link.page if link else '')})"
        )

    def table(self, t: TableBlock, shape: TableShape | None = None) -> None:
        shape = shape or table_shape(t)
        columns = (
            "auto" if shape.columns is None else typst_array([f"{w}pt" for w in shape.columns])
        )
        queue = self.current.get(t.name)
        label = queue.pop(0) if queue else self.label("tab", t.name)
        if shape.transposed:
            t = transpose(t)  # a short wide table: its rows as columns, on a portrait page
        n = len(t.columns)
        rows = [typst_array([ts(c) for c in (list(r) + [""] * n)[:n]]) for r in t.rows]
        align = typst_array(["right" if a == "r" else "left" for a in t.align])
        self.lines.append(
            f"#vm-table(caption: {ts(t.caption or t.name)}, "
            f"header: {typst_array([ts(c) for c in t.columns])}, rows: {typst_array(rows)}, "
            f"aligns: {align}, source: {ts(source_line(t.source_note))}, csv: {ts(t.csv or '')}, "
            f"basis: {ts(t.basis)}, label: {ts(BASIS_LABELS_NL[t.basis])}, "
            f"size: {shape.size}pt, columns: {columns}, "
            f"hyphenate: {'true' if shape.hyphenate else 'false'}, "
            f"keep: {'true' if shape.keep else 'false'}) <{label}>"
        )

    def numbered_list(self, t: TableBlock) -> None:
        """A table set as a numbered list: one `vm-list-entry` per entry, labelled with the
        entry's anchor (`<bron-3>`), its web addresses as links. No caption: the section
        heading above it names the list; the CSV is on the site."""
        for entry in list_entries(t):
            parts = ", ".join(
                f"link({ts(piece)})" if address else ts(piece)
                for piece, address in entry.segments()
            )
            label = self.labels.make(t.numbered_list, entry.number)
            self.lines.append(f"#vm-list-entry({ts(entry.number)}, ({parts},)) <{label}>")

    def chart(self, c: ChartBlock) -> None:
        label = self.label("fig", c.name)
        path, size = self.svg_for(c, label)
        note = "none"
        target = self.table_ref(c.table) if c.table else None
        if target:
            note = f"[(cijfers: @{target})]"
        elif c.table and c.table in self.current_site_only:  # its table is on the site only
            note = f"[(cijfers: #raw({ts(f'data/{c.table}.csv')}))]"
        self.lines.append(
            f"#vm-chart({ts(path)}, title: {ts(c.title)}, alt: {ts(c.alt or c.title)}, "
            f"basis: {ts(c.basis)}, label: {ts(BASIS_LABELS_NL[c.basis])}, note: {note}, "
            f"{size}) <{label}>"
        )
