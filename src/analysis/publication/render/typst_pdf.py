"""The PDF for the letter to parliament: pandoc (prose) → Typst → PDF/UA-1.

The generated `.typ` file only *calls* the functions of `templates/report.typ`;
every piece of text that comes from data (captions, cells, titles, alt texts) is
passed as an escaped Typst string literal, and prose goes through pandoc's Typst
writer with raw passthrough disabled, so no text can inject markup.

Structure: title page (with the demonstration notice when any demonstration data is
shown), table of contents, numbered chapters (except those listed as `unnumbered`),
then the annex: the `appendix` pages and every fact sheet (`page` bundle), lettered
"Bijlage A", "Bijlage B", ... A fixed timestamp (1 January after the report year) makes
two compiles of the same inputs byte-identical.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

from analysis.data.sources import MONTHS_NL
from analysis.errors import BuildError
from analysis.publication.render.basis import BASIS_LABELS_NL, summary_text
from analysis.publication.render.config import ReportConfig, slug
from analysis.publication.render.notebook import (
    BasisSummaryBlock,
    Block,
    ChartBlock,
    Document,
    KeyFiguresBlock,
    MarkdownBlock,
    NoticeBlock,
    TableBlock,
    count_bases,
    has_demo,
)
from analysis.publication.render.pandoc import convert_many

_HERE = Path(__file__).parent
DEFAULT_DEMO_NOTICE = (
    "Dit rapport bevat demonstratiegegevens: gegenereerde cijfers die laten zien hoe de "
    "monitor werkt. Deze cijfers zijn geen waarnemingen en geen basis voor beleid. Pagina's "
    "met demonstratiegegevens zijn onderaan gemarkeerd."
)


@dataclass(frozen=True)
class EditionDate:
    """The edition's publication date: one value for the cover and the PDF's metadata.

    Never the wall clock, so two builds of the same inputs stay byte-identical. `exact`
    says whether the day is known (configured) or only the month (the default).
    """

    day: date
    exact: bool

    @property
    def text(self) -> str:
        """As the cover prints it: "15 november 2026", or "november 2026" without a day."""
        month = f"{MONTHS_NL[self.day.month - 1]} {self.day.year}"
        return f"{self.day.day} {month}" if self.exact else month

    @property
    def timestamp(self) -> int:
        """The PDF's creation and modification time: that day, 00:00 UTC."""
        return int(datetime(self.day.year, self.day.month, self.day.day, tzinfo=UTC).timestamp())


def edition_date(config: ReportConfig, year: int) -> EditionDate:
    """`valorisatiemonitor.report_date` when configured, else November of the next year.

    The monitor over year N appears in the autumn of year N+1; without a configured day
    the cover names the month and the metadata its first day.
    """
    if config.report_date is not None:
        return EditionDate(config.report_date, exact=True)
    return EditionDate(date(year + 1, 11, 1), exact=False)


def default_report_date(year: int) -> str:
    """The cover's date when none is configured (see `edition_date`)."""
    return EditionDate(date(year + 1, 11, 1), exact=False).text


TEXT_WIDTH_PT = 461.0  # A4 minus the template's 25 mm + 22 mm margins
MAX_CHART_HEIGHT_PT = 310.0  # about 11 cm: a chart never swallows a whole page
_SVG_SIZE = re.compile(
    r'<svg\b[^>]*?\bwidth="([0-9.]+)(?:px)?"[^>]*?\bheight="([0-9.]+)(?:px)?"', re.S
)


def source_line(note: str) -> str:
    """ "Bron: ..." once, whether or not the notebook already wrote "Bron(nen):"."""
    note = note.strip()
    if not note:
        return ""
    return note if note.lower().startswith("bron") else f"Bron: {note}"


def chart_size(svg: str) -> str:
    """Typst size arguments for a chart: readable text, full width at most, limited height.

    Vega's SVG is sized in CSS pixels (0.75 pt). Small charts are enlarged at most 1.3x so
    their labels stay near body-text size; tall charts are limited in height instead.
    """
    match = _SVG_SIZE.search(svg[:2000])
    if not match:
        return "width: 100%"
    width_pt, height_pt = float(match.group(1)) * 0.75, float(match.group(2)) * 0.75
    if width_pt <= 0 or height_pt <= 0:
        return "width: 100%"
    width = min(TEXT_WIDTH_PT, width_pt * 1.3)
    if width * height_pt / width_pt > MAX_CHART_HEIGHT_PT:
        return f"height: {MAX_CHART_HEIGHT_PT:.0f}pt"
    return f"width: {width:.1f}pt"


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
    """

    size: float
    landscape: bool
    columns: tuple[float, ...] | None = None
    hyphenate: bool = False
    keep: bool = False

    @property
    def width(self) -> float:
        return LANDSCAPE_TEXT_WIDTH_PT if self.landscape else TEXT_WIDTH_PT


#: Explicit widths get this much room beyond the font's advances (kerning, rounding).
_WIDTH_SAFETY = 1.03


def _column_metrics(t: TableBlock, size: float) -> list[tuple[float, float]]:
    """Per column (natural, minimum) width in pt at `size`, from the font's advances.

    Natural: every cell on one line. Minimum: text wrapped between words (the longest
    word decides), numbers and header words whole. Header cells are bold.
    """
    from analysis.publication.render.fonts import text_width

    def longest_word(text: str, bold: bool) -> float:
        return max((text_width(w, size, bold=bold) for w in text.split()), default=0.0)

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
        word = max((text_width(w, 9.0, bold=True) for w in k.label.split()), default=0.0)
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


def table_shape(t: TableBlock) -> TableShape:
    """How to print a table so that no word is split over lines, portrait when possible.

    In order: every cell on one line at 8.5 pt, then at 7.5 pt; text wrapped between words
    at 8.5 pt, then at 7.5 pt; else a landscape page at 7.5 pt (wrapped if need be). All
    widths come from the vendored font's advances, so Typst measures nothing itself: that
    keeps a thousand fact sheets fast.
    """
    rows = len(t.rows)
    for size in (8.5, 7.5):
        if _widths(t, size)[0] * _WIDTH_SAFETY <= TEXT_WIDTH_PT:
            height = (rows + 1) * (size * 1.25 + 7.0) + 30.0
            return TableShape(size, False, keep=height <= 0.3 * TEXT_HEIGHT_PT)
    for size in (8.5, 7.5):
        metrics = _column_metrics(t, size)
        if sum(m for _, m in metrics) <= TEXT_WIDTH_PT:
            return TableShape(size, False, _share(metrics, TEXT_WIDTH_PT))
    metrics = _column_metrics(t, 7.5)
    if sum(n for n, _ in metrics) * _WIDTH_SAFETY <= LANDSCAPE_TEXT_WIDTH_PT:
        return TableShape(7.5, True)
    fits = sum(m for _, m in metrics) <= LANDSCAPE_TEXT_WIDTH_PT
    return TableShape(
        7.5, True, _share(metrics, LANDSCAPE_TEXT_WIDTH_PT) if fits else None, not fits
    )


_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def ts(text: str) -> str:
    """A Typst string literal: the only way data text enters the generated Typst source."""
    if not _NEEDS_ESCAPE.search(text):
        return f'"{text}"'  # the common case, 90,000 times for a thousand fact sheets
    out = ['"']
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            continue
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _array(items: Sequence[str]) -> str:
    """A Typst array literal; the trailing comma keeps one-element arrays arrays."""
    return "(" + "".join(f"{i}, " for i in items) + ")"


@dataclass(frozen=True)
class Volume:
    """A separate PDF holding part of a chapter's fact sheets.

    Why volumes: a report for a thousand institutions would otherwise be a
    1,300-page PDF, which Typst lays out in one piece (about 2 MB of memory per
    fact sheet) and which nobody attaches to a letter. Up to
    `ReportConfig.pdf_inline_sections` fact sheets stay inside the report; above
    that they go into volumes of at most `pdf_sections_per_volume`, each with its own
    title page and contents, and the report's annex lists the volumes.
    """

    source: str
    chapter: str
    number: int
    total: int
    file: str
    sections: tuple[tuple[str, tuple[Block, ...]], ...]

    @property
    def span(self) -> str:
        """First and last fact sheet in the volume, as the reader finds them."""
        first, last = self.sections[0][0], self.sections[-1][0]
        return first if first == last else f"{first} – {last}"


def volume_name(year: int, number: int) -> str:
    """File name of a fact-sheet volume, beside the report PDF in the year folder."""
    return f"valorisatiemonitor-{year}-factsheets-{number}.pdf"


def plan_volumes(config: ReportConfig, docs: Sequence[Document], year: int) -> list[Volume]:
    """The fact-sheet volumes the report needs (none when every chapter's sheets fit inline)."""
    volumes: list[Volume] = []
    for doc in docs:
        sections = tuple((sp.title, sp.blocks) for sp in doc.subpages)
        if len(sections) <= config.pdf_inline_sections:
            continue
        size = config.pdf_sections_per_volume
        parts = [sections[i : i + size] for i in range(0, len(sections), size)]
        for i, part in enumerate(parts, start=1):
            number = len(volumes) + 1
            volumes.append(
                Volume(doc.source, doc.title, i, len(parts), volume_name(year, number), part)
            )
    return volumes


@dataclass(frozen=True)
class _Chapter:
    title: str
    numbered: bool
    blocks: tuple[Block, ...]
    sections: tuple[tuple[str, tuple[Block, ...]], ...]  # fact sheets: (title, blocks)
    volumes: tuple[Volume, ...] = ()  # fact sheets printed in separate PDFs instead
    source: str = ""  # the page (notebook) it comes from, named when the PDF fails


@dataclass(frozen=True)
class _Plan:
    """The report's parts in print order: front matter, main chapters, annexes."""

    front: list[_Chapter]
    main: list[_Chapter]
    annex: list[_Chapter]

    @property
    def chapters(self) -> list[_Chapter]:
        return [*self.front, *self.main, *self.annex]


def _plan(config: ReportConfig, docs: Sequence[Document], volumes: Sequence[Volume] = ()) -> _Plan:
    """Split the pages into front matter, main chapters and annex chapters.

    Front matter (`valorisatiemonitor.pdf.front`, e.g. the key messages) comes right
    after the cover, before the contents, in the order listed there; the rest keeps
    `project.render` order.
    """
    front: dict[str, _Chapter] = {}
    main: list[_Chapter] = []
    annex: list[_Chapter] = []
    for doc in docs:
        own = tuple(v for v in volumes if v.source == doc.source)
        sections = () if own else tuple((sp.title, sp.blocks) for sp in doc.subpages)
        if doc.source in config.front:
            front[doc.source] = _Chapter(doc.title, False, doc.blocks, (), source=doc.source)
            if sections or own:
                annex.append(
                    _Chapter(f"Factsheets: {doc.title}", True, (), sections, own, doc.source)
                )
            continue
        if doc.source in config.appendix:
            annex.append(_Chapter(doc.title, True, doc.blocks, sections, own, doc.source))
            continue
        numbered = doc.source not in config.unnumbered
        main.append(_Chapter(doc.title, numbered, doc.blocks, (), source=doc.source))
        if sections or own:
            annex.append(_Chapter(f"Factsheets: {doc.title}", True, (), sections, own, doc.source))
    ordered = [front[source] for source in config.front if source in front]
    return _Plan(ordered, main, annex)


class _Builder:
    """Accumulates the Typst source and the SVG files it refers to."""

    def __init__(
        self,
        out_dir: Path,
        work: Path,
        converted: dict[str, str],
        summary: str = "",
        contact: str = "",
    ) -> None:
        self.out_dir = out_dir
        self.work = work
        self.converted = converted
        self.summary = summary  # the colophon's count of bases, for `BasisSummaryBlock`
        self.contact = contact
        self.labels: set[str] = set()
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
        base = f"{prefix}-{slug(name)}"
        candidate, n = base, 1
        while candidate in self.labels:
            n += 1
            candidate = f"{base}-{n}"
        self.labels.add(candidate)
        return candidate

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

    def blocks(self, blocks: Sequence[Block]) -> None:
        for block in blocks:
            if isinstance(block, TableBlock | ChartBlock) and not block.pdf:
                self.pointer(block)  # no figures on the page: no demonstration mark
                self.lines.append("")
                continue
            demo = bool(getattr(block, "demo", False))
            shape = table_shape(block) if isinstance(block, TableBlock) else None
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
                    _array(
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
                self.lines.append(f"#vm-keyfigures({_array(items)}, columns: {columns})")
            elif isinstance(block, TableBlock) and shape is not None:
                self.table(block, shape)
            elif isinstance(block, ChartBlock):
                self.chart(block)
            elif isinstance(block, BasisSummaryBlock) and self.summary:
                self.lines.append(
                    f"#vm-basis-summary({ts(self.summary)}, contact: {ts(self.contact)})"
                )
            if demo:
                self.lines.append("#vm-demo-end()")
            if shape is not None and shape.landscape:
                self.lines.append("]")
            self.lines.append("")

    def assign_tables(self, chapters: Sequence[_Chapter]) -> None:
        """Give every table its label up front; names repeat across chapters, labels never."""
        for ch in chapters:
            local: dict[str, list[str]] = {}
            site_only: set[str] = set()
            blocks = [*ch.blocks, *(b for _, bs in ch.sections for b in bs)]
            for block in blocks:
                if isinstance(block, TableBlock) and not block.pdf:
                    site_only.add(block.name)
                elif isinstance(block, TableBlock):
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
        """One line where a site-only table or chart would be: what it is and where to find it."""
        if isinstance(block, TableBlock):
            kind, what, csv = "table", block.caption or block.name, block.csv or ""
        else:
            kind, what = "chart", block.title
            csv = f"data/{block.table}.csv" if block.table else ""
        self.lines.append(
            f"#vm-site-only(kind: {ts(kind)}, {ts(what)}, csv: {ts(csv)}, basis: {ts(block.basis)})"
        )

    def table(self, t: TableBlock, shape: TableShape | None = None) -> None:
        shape = shape or table_shape(t)
        columns = "auto" if shape.columns is None else _array([f"{w}pt" for w in shape.columns])
        queue = self.current.get(t.name)
        label = queue.pop(0) if queue else self.label("tab", t.name)
        n = len(t.columns)
        rows = [_array([ts(c) for c in (list(r) + [""] * n)[:n]]) for r in t.rows]
        align = _array(["right" if a == "r" else "left" for a in t.align])
        self.lines.append(
            f"#vm-table(caption: {ts(t.caption or t.name)}, "
            f"header: {_array([ts(c) for c in t.columns])}, rows: {_array(rows)}, "
            f"aligns: {align}, source: {ts(source_line(t.source_note))}, csv: {ts(t.csv or '')}, "
            f"basis: {ts(t.basis)}, label: {ts(BASIS_LABELS_NL[t.basis])}, "
            f"size: {shape.size}pt, columns: {columns}, "
            f"hyphenate: {'true' if shape.hyphenate else 'false'}, "
            f"keep: {'true' if shape.keep else 'false'}) <{label}>"
        )

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


#: Sub-pages (fact sheets) per chapter up to which each gets a table-of-contents entry.
MAX_OUTLINED_SECTIONS = 60


def build_typst(
    config: ReportConfig,
    docs: Sequence[Document],
    out_dir: Path,
    work: Path,
    *,
    year: int,
    report_date: str,
    volumes: Sequence[Volume] | None = None,
) -> str:
    """Generate the Typst source (and chart SVGs in `work`) for the report itself.

    Fact sheets of a chapter that has `volumes` are not printed here; the annex lists
    the volume files instead (`build_volume_typst` makes each of them).
    """
    if volumes is None:
        volumes = plan_volumes(config, docs, year)
    plan = _plan(config, docs, volumes)
    return _document(
        config,
        plan,
        out_dir,
        work,
        year=year,
        report_date=report_date,
        subtitle=None,
        summary=summary_text(*count_bases(docs)),
    )


def build_volume_typst(
    config: ReportConfig,
    volume: Volume,
    out_dir: Path,
    work: Path,
    *,
    year: int,
    report_date: str,
) -> str:
    """Generate the Typst source of one fact-sheet volume: title page, contents, sheets."""
    chapter = _Chapter(
        f"Factsheets: {volume.chapter}", False, (), volume.sections, source=volume.source
    )
    subtitle = f"Factsheets bij het rapport, deel {volume.number} van {volume.total}: {volume.span}"
    # A volume is for looking an institution up: its contents list every sheet.
    return _document(
        config,
        _Plan([], [chapter], []),
        out_dir,
        work,
        year=year,
        report_date=report_date,
        subtitle=subtitle,
        outline_limit=None,
    )


def _document(
    config: ReportConfig,
    plan: _Plan,
    out_dir: Path,
    work: Path,
    *,
    year: int,
    report_date: str,
    subtitle: str | None,
    outline_limit: int | None = MAX_OUTLINED_SECTIONS,
    summary: str = "",
) -> str:
    chapters = plan.chapters
    all_blocks = [b for ch in chapters for b in ch.blocks] + [
        b for ch in chapters for _, bs in ch.sections for b in bs
    ]
    fragments = sorted({b.text for b in all_blocks if isinstance(b, MarkdownBlock | NoticeBlock)})
    converted = dict(zip(fragments, convert_many(fragments, "typst"), strict=True))
    builder = _Builder(out_dir, work, converted, summary, config.contact)
    builder.assign_tables(chapters)
    demo = has_demo(tuple(all_blocks))
    # The title page speaks for the whole report, so it uses the report-level wording
    # rather than a chapter's own notice ("dit hoofdstuk ...").
    notice = f"[#{ts(DEFAULT_DEMO_NOTICE)}]"
    lines = builder.lines
    lines += [
        '#import "report.typ": *',
        "#show: vm-report.with(",
        f"  title: {ts(config.title)},",
        f"  subtitle: {ts(config.subtitle if subtitle is None else subtitle)},",
        f"  year: {ts(str(year))},",
        f"  date: {ts(report_date)},",
        f"  addressees: {ts(config.addressees)},",
        f"  author: {ts(config.author)},",
        f"  demo: {'true' if demo else 'false'},",
        f"  demo-notice: {notice},",
        # With front matter the contents come after it, printed by `vm-contents`.
        f"  contents: {'false' if plan.front else 'true'},",
        ")",
        "",
    ]

    def chapter(index: int, ch: _Chapter) -> None:
        builder.start_chapter(index)
        lines.append(origin_comment("source", ch.source))
        lines.append(f"#vm-chapter({ts(ch.title)}, numbered: {'true' if ch.numbered else 'false'})")
        lines.append("")
        if not ch.numbered:
            lines.append("#[")
            lines.append("#set heading(numbering: none)")
        builder.blocks(ch.blocks)
        if ch.volumes:
            lines.append(_volume_list(ch.volumes))
            lines.append("")
        # Fact sheets are listed in the table of contents while that stays short; for
        # hundreds of institutions the contents would run to dozens of pages, and the
        # chapter's own index table lists them instead.
        listed = outline_limit is None or len(ch.sections) <= outline_limit
        outlined = "true" if listed else "false"
        for title, blocks in ch.sections:
            lines.append(origin_comment("page", title))
            lines.append("#pagebreak(weak: true)")
            lines.append(f"#heading(level: 2, outlined: {outlined}, {ts(title)})")
            lines.append("")
            lines.append("#[")
            lines.append("#set heading(offset: 1)")
            builder.blocks(blocks)
            lines.append("]")
            lines.append("")
        if not ch.numbered:
            lines.append("]")
            lines.append("")

    index = 0
    for ch in plan.front:
        chapter(index, ch)
        index += 1
    if plan.front:
        lines.append("#vm-contents()")
        lines.append("")
    for ch in plan.main:
        chapter(index, ch)
        index += 1
    if plan.annex:
        lines.append("#show: vm-annex")
        lines.append("")
        for ch in plan.annex:
            chapter(index, ch)
            index += 1
    return "\n".join(lines) + "\n"


def origin_comment(kind: str, text: str) -> str:
    """A Typst comment saying where the content after it comes from (`// vm-source: ...`).

    Comments leave the PDF as it is; when Typst refuses the PDF/UA-1 standard for a
    piece of text, `typst_compile` reads the nearest comments to say where that text
    came from. Line breaks are flattened: a comment ends at the end of its line.
    """
    flat = " ".join(text.split())
    return f"// vm-{kind}: {flat}"


def _volume_list(volumes: Sequence[Volume]) -> str:
    """The annex text that points at the fact-sheet volumes (file names are data, escaped)."""
    count = sum(len(v.sections) for v in volumes)
    items = [
        _array([ts(v.file), ts(f"Deel {v.number} van {v.total}"), ts(v.span)]) for v in volumes
    ]
    dutch = f"{count:,}".replace(",", ".")  # 1.000, as in the rest of the report
    return f"#vm-volumes({ts(dutch)}, {_array(items)})"


def _compile_jobs(
    config: ReportConfig,
    docs: Sequence[Document],
    out_dir: Path,
    pdf_path: Path,
    work: Path,
    *,
    year: int,
    report_date: str,
) -> Iterator[tuple[Path, Path]]:
    """Write the Typst sources (report first, then each volume), yielding (main.typ, PDF)
    as each is ready so its compile can start while the next is written."""
    template = _HERE / "templates" / "report.typ"
    volumes = plan_volumes(config, docs, year)
    report = partial(
        build_typst, config, docs, out_dir, year=year, report_date=report_date, volumes=volumes
    )
    targets: list[tuple[Path, Callable[[Path], str]]] = [(pdf_path, report)]
    targets += [
        (
            pdf_path.with_name(v.file),
            partial(build_volume_typst, config, v, out_dir, year=year, report_date=report_date),
        )
        for v in volumes
    ]
    for i, (target, make) in enumerate(targets):
        folder = work / f"doc-{i}"
        folder.mkdir(parents=True)
        shutil.copyfile(template, folder / "report.typ")
        main = folder / "main.typ"
        main.write_text(make(folder), encoding="utf-8")
        yield main, target


#: Typst compiles running at once. Two keep both cores of the build machine busy; the
#: report and one 100-sheet volume together stay well under the 1.5 GB memory budget.
COMPILE_LANES = 2


class PdfCompilation:
    """The report PDF and its fact-sheet volumes, compiled in the background.

    Why: Typst holds the whole laid-out document in memory (hundreds of MB for a long
    report). Each compile runs as its own process (`typst_compile`), so that memory is
    returned when it ends and two documents never share it; the caller renders the
    website meanwhile. Sources are written here; at most `COMPILE_LANES` compiles run at
    the same time.

    Use as a context manager; `wait()` returns (PDF path, PDF standard met) per file.
    """

    def __init__(
        self,
        config: ReportConfig,
        docs: Sequence[Document],
        out_dir: Path,
        pdf_path: Path,
        *,
        year: int,
        report_date: EditionDate | None = None,
    ) -> None:
        from concurrent.futures import ThreadPoolExecutor

        edition = report_date or edition_date(config, year)
        self._tmp = tempfile.TemporaryDirectory(prefix="vm-typst-")
        self._pool: ThreadPoolExecutor | None = None
        try:
            self._pool = ThreadPoolExecutor(max_workers=COMPILE_LANES)
            stamp = edition.timestamp
            self._jobs = [
                (target, self._pool.submit(_compile_in_process, main, target, stamp))
                for main, target in _compile_jobs(
                    config,
                    docs,
                    out_dir,
                    pdf_path,
                    Path(self._tmp.name),
                    year=year,
                    report_date=edition.text,
                )
            ]
        except BaseException:
            self.close()
            raise

    def wait(self) -> list[tuple[Path, str]]:
        try:
            results = [(target, future.result()) for target, future in self._jobs]
        finally:
            self.close()
        return results

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._tmp.cleanup()

    def __enter__(self) -> PdfCompilation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _compile_in_process(main: Path, target: Path, stamp: int) -> str:
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis.publication.render.typst_compile",
            str(main),
            str(target),
            str(stamp),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BuildError(done.stderr.strip() or f"Typst compile of {target.name} failed")
    return done.stdout.strip()
