"""Executed notebook (or prose `.qmd` page) → ordered content blocks.

The renderers never look at Jupyter cells: they get a `Document` made of typed blocks
built from the display contract (`application/vnd.valorisatiemonitor+json`). This is
the one place that decides what a reader may see, so hiding code cells, the papermill
`injected-parameters` cell, stream output and bare `text/plain` reprs happens here once,
for the site and the PDF alike. An error output means the analysis did not run to the
end: publishing the half-finished notebook would mislead, so it raises `BuildError`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from analysis.errors import BuildError
from analysis.publication.formatting import typeset
from analysis.publication.render.basis import Basis, BasisCounts, basis_of

MIME = "application/vnd.valorisatiemonitor+json"


@dataclass(frozen=True)
class MarkdownBlock:
    """Pandoc Markdown prose (from a markdown cell, a `markdown` bundle or a `.qmd` body)."""

    text: str
    #: False: on the site only; the PDF leaves it out (the colophon's software versions).
    pdf: bool = True


@dataclass(frozen=True)
class Field:
    """One column of a table's CSV download, as the codebook describes it."""

    name: str
    label: str
    unit: str
    type: str


@dataclass(frozen=True)
class TableBlock:
    """A finished, already Dutch-formatted table; the renderers only lay it out."""

    name: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[str, ...]
    csv: str | None
    source_note: str
    basis: Basis = "real"
    #: False: site and CSV only; the PDF prints a one-line pointer instead...
    pdf: bool = True
    #: ...unless this is False too: the PDF does not mention the table (machine record).
    pointer: bool = True
    #: The CSV's columns for the codebook: (name, label, unit, type) each.
    fields: tuple[Field, ...] = ()
    #: Non-empty: set as a numbered list (first column the number, the rest the entry),
    #: each entry anchored `<numbered_list>-<number>` on the site and in the PDF.
    numbered_list: str = ""

    @property
    def demo(self) -> bool:
        return self.basis == "demonstration"


@dataclass(frozen=True)
class ChartBlock:
    """A chart: interactive spec for the site, SVG for the PDF, text alternative for both."""

    name: str
    title: str
    alt: str
    spec: dict[str, Any]
    svg_path: str | None
    svg_inline: str | None
    table: str | None
    basis: Basis = "real"
    pdf: bool = True

    @property
    def demo(self) -> bool:
        return self.basis == "demonstration"


@dataclass(frozen=True)
class NoticeBlock:
    """A boxed remark; level `demo` marks demonstration data."""

    level: str
    text: str

    @property
    def demo(self) -> bool:
        return self.level == "demo"


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    note: str
    basis: Basis = "real"


@dataclass(frozen=True)
class KeyFiguresBlock:
    """A row of headline numbers, each with its own basis."""

    items: tuple[KeyFigure, ...]

    @property
    def demo(self) -> bool:
        return any(k.basis == "demonstration" for k in self.items)

    @property
    def basis(self) -> Basis | None:
        """The basis all items share, or None when the row mixes them."""
        bases = {k.basis for k in self.items}
        return bases.pop() if len(bases) == 1 else None


@dataclass(frozen=True)
class BasisSummaryBlock:
    """Where the colophon's count of bases goes; the renderer fills in the numbers."""


Block = MarkdownBlock | TableBlock | ChartBlock | NoticeBlock | KeyFiguresBlock | BasisSummaryBlock


@dataclass(frozen=True)
class SubPage:
    """A `page` bundle and everything after it up to the next one (a fact sheet)."""

    id: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    """One source page: its title, its own blocks and its sub-pages, in source order."""

    source: str
    title: str
    blocks: tuple[Block, ...]
    subpages: tuple[SubPage, ...] = field(default=())


def all_blocks(doc: Document) -> list[Block]:
    """A page's own blocks and those of its sub-pages, in order."""
    return [*doc.blocks, *(b for sp in doc.subpages for b in sp.blocks)]


def count_bases(docs: Sequence[Document]) -> tuple[BasisCounts, BasisCounts]:
    """(tables and figures, key figures) per basis, over every page and sub-page rendered.

    Site-only tables count too: they are part of the report, on the website and as CSV.
    """
    figures: list[str] = []
    keys: list[str] = []
    for doc in docs:
        for block in all_blocks(doc):
            if isinstance(block, TableBlock | ChartBlock):
                figures.append(block.basis)
            elif isinstance(block, KeyFiguresBlock):
                keys.extend(k.basis for k in block.items)
    return BasisCounts.of(figures), BasisCounts.of(keys)


def with_basis_summary(docs: Sequence[Document], colophon: str | None) -> list[Document]:
    """`docs`, with a `BasisSummaryBlock` at the end of the `colophon` page when no page
    asked for one itself (a notebook places it with `Report.basis_summary`)."""
    if colophon is None or any(
        isinstance(b, BasisSummaryBlock) for doc in docs for b in all_blocks(doc)
    ):
        return list(docs)
    return [
        Document(d.source, d.title, (*d.blocks, BasisSummaryBlock()), d.subpages)
        if d.source == colophon
        else d
        for d in docs
    ]


def _text(value: Any) -> str:
    """nbformat stores multi-line outputs either as str or list[str]."""
    if isinstance(value, list):
        return "".join(str(v) for v in value)
    return "" if value is None else str(value)


def _block_from_bundle(payload: dict[str, Any], where: str) -> Block | tuple[str, str]:
    """Map one contract bundle to a block; a `page` bundle comes back as ("page", id/title)."""
    kind = payload.get("kind")
    try:
        # Every text a reader sees gets the typesetting rules here, once for the site and
        # the PDF: "€ 100 mln" unbreakable, a minus as a minus (`formatting.typeset`).
        if kind == "markdown":
            return MarkdownBlock(typeset(str(payload["text"])), bool(payload.get("pdf", True)))
        if kind == "table":
            columns = tuple(str(c) for c in payload["columns"])
            align = tuple(str(a) for a in payload.get("align") or ["l"] * len(columns))
            if len(align) != len(columns):
                align = tuple(["l"] * len(columns))
            return TableBlock(
                name=str(payload["name"]),
                caption=typeset(str(payload.get("caption") or "")),
                columns=tuple(typeset(c) for c in columns),
                rows=tuple(
                    tuple("" if c is None else typeset(str(c)) for c in row)
                    for row in payload["rows"]
                ),
                align=align,
                csv=payload.get("csv") or None,
                source_note=typeset(str(payload.get("source_note") or "")),
                basis=basis_of(payload["basis"]),
                pdf=bool(payload.get("pdf", True)),
                pointer=bool(payload.get("pointer", True)),
                fields=tuple(
                    Field(
                        str(f["name"]),
                        str(f.get("label") or f["name"]),
                        str(f.get("unit") or ""),
                        str(f.get("type") or "tekst"),
                    )
                    for f in payload.get("fields") or []
                ),
                numbered_list=str(payload.get("numbered_list") or ""),
            )
        if kind == "chart":
            return ChartBlock(
                name=str(payload["name"]),
                title=typeset(str(payload.get("title") or "")),
                alt=typeset(str(payload.get("alt") or "")),
                spec=dict(json.loads(payload["spec"])),
                svg_path=payload.get("svg") or None,
                svg_inline=None,
                table=payload.get("table") or None,
                basis=basis_of(payload["basis"]),
                pdf=bool(payload.get("pdf", True)),
            )
        if kind == "notice":
            return NoticeBlock(str(payload.get("level") or "info"), typeset(str(payload["text"])))
        if kind == "keyfigures":
            # An item without its own basis takes the call's (`Report.keyfigures` writes both).
            default = payload["basis"]
            return KeyFiguresBlock(
                tuple(
                    KeyFigure(
                        typeset(str(i.get("label") or "")),
                        typeset(str(i.get("value") or "")),
                        typeset(str(i.get("note") or "")),
                        basis_of(i.get("basis") or default),
                    )
                    for i in payload["items"]
                )
            )
        if kind == "basis_summary":
            return BasisSummaryBlock()
        if kind == "page":
            return ("page", json.dumps([str(payload["id"]), str(payload["title"])]))
    except (KeyError, TypeError, ValueError) as exc:
        raise BuildError(f"{where}: malformed {kind!r} bundle: {exc}") from exc
    raise BuildError(f"{where}: unknown display kind {kind!r}")


def _output_blocks(output: dict[str, Any], where: str) -> list[Block | tuple[str, str]]:
    """What one cell output contributes; only contract bundles and Markdown are shown."""
    otype = output.get("output_type")
    if otype == "error":
        ename = output.get("ename", "Error")
        evalue = output.get("evalue", "")
        raise BuildError(f"{where}: the notebook stopped with {ename}: {evalue}")
    if otype not in ("display_data", "execute_result"):
        return []  # stream output (prints, warnings) is for the analyst, not the reader
    data = output.get("data") or {}
    if MIME in data:
        payload = data[MIME]
        if isinstance(payload, str):
            payload = json.loads(payload)
        block = _block_from_bundle(dict(payload), where)
        if isinstance(block, ChartBlock) and "image/svg+xml" in data:
            block = ChartBlock(
                **{**block.__dict__, "svg_inline": _text(data["image/svg+xml"])},
            )
        return [block]
    if "text/markdown" in data:
        return [MarkdownBlock(typeset(_text(data["text/markdown"])))]
    return []  # text/plain reprs, stray HTML: never published


_H1 = re.compile(r"\A\s*#[ \t]+(.+?)[ \t]*(?:\{[^}]*\})?[ \t]*#*[ \t]*(?:\n|\Z)")


def _take_title(blocks: list[Block]) -> tuple[str | None, list[Block]]:
    """Pull a leading level-1 heading out of the first Markdown block.

    The renderers print the page title themselves (site `<h1>`, PDF chapter heading,
    numbered or not), so it must not also appear inside the prose.
    """
    if not blocks or not isinstance(blocks[0], MarkdownBlock):
        return None, blocks
    first = blocks[0]
    match = _H1.match(first.text)
    if not match:
        return None, blocks
    rest = first.text[match.end() :].strip("\n")
    tail: list[Block] = [MarkdownBlock(rest, first.pdf)] if rest.strip() else []
    return match.group(1).strip(), tail + blocks[1:]


_FENCE = re.compile(r"^(```|~~~)")
_ATX1 = re.compile(r"^#(?=[ \t])")


def demote_level_one(text: str) -> str:
    """Turn `# Heading` lines (outside code fences) into `## Heading`.

    A page has exactly one level-1 heading, its title, printed by the renderers; a
    second one in the prose would start a new (numbered) chapter in the PDF.
    """
    if "#" not in text:
        return text
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and _ATX1.match(line):
            line = "#" + line
        out.append(line)
    return "\n".join(out)


def _demote(blocks: list[Block]) -> list[Block]:
    return [
        MarkdownBlock(demote_level_one(b.text), b.pdf) if isinstance(b, MarkdownBlock) else b
        for b in blocks
    ]


def _assemble(source: str, items: list[Block | tuple[str, str]], fallback: str) -> Document:
    """Split the flat item list at `page` markers into the document and its sub-pages."""
    main: list[Block] = []
    subpages: list[SubPage] = []
    current: tuple[str, str] | None = None
    current_blocks: list[Block] = []
    seen: set[str] = set()
    for item in items:
        if isinstance(item, tuple):
            if current is not None:
                subpages.append(SubPage(current[0], current[1], tuple(current_blocks)))
            page_id, page_title = json.loads(item[1])
            if page_id in seen:
                raise BuildError(f"{source}: duplicate page id {page_id!r}")
            seen.add(page_id)
            current, current_blocks = (page_id, page_title), []
        elif current is None:
            main.append(item)
        else:
            current_blocks.append(item)
    if current is not None:
        subpages.append(SubPage(current[0], current[1], tuple(current_blocks)))
    title, main = _take_title(main)
    subpages = [SubPage(sp.id, sp.title, tuple(_demote(list(sp.blocks)))) for sp in subpages]
    return Document(source, title or fallback, tuple(_demote(main)), tuple(subpages))


def read_notebook(path: Path, source: str, fallback_title: str) -> Document:
    """Read an executed notebook into a `Document`.

    `source` is the path as listed in `_quarto.yml` (used in messages and for ids);
    `fallback_title` is used when the notebook does not open with a `# Title`.
    """
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BuildError(f"{source}: cannot read executed notebook {path}: {exc}") from exc
    items: list[Block | tuple[str, str]] = []
    for index, cell in enumerate(nb.get("cells", []), start=1):
        where = f"{source} cell {index}"
        tags = (cell.get("metadata") or {}).get("tags") or []
        if "injected-parameters" in tags or "parameters" in tags:
            continue
        ctype = cell.get("cell_type")
        if ctype == "markdown":
            text = _text(cell.get("source"))
            if text.strip():
                items.append(MarkdownBlock(typeset(text)))
        elif ctype == "code":
            for output in cell.get("outputs") or []:
                items.extend(_output_blocks(output, where))
    return _assemble(source, items, fallback_title)


_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*\n", re.S)


def read_qmd(path: Path, source: str, fallback_title: str) -> Document:
    """Read a prose-only `.qmd` page: YAML front matter (title) plus Markdown body.

    Code chunks are not executed by anyone (papermill runs notebooks only); a fenced
    `{python}` chunk is shown as nothing rather than as code.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BuildError(f"{source}: cannot read {path}: {exc}") from exc
    meta: dict[str, Any] = {}
    match = _FRONT.match(text)
    if match:
        loaded = yaml.safe_load(match.group(1))
        meta = loaded if isinstance(loaded, dict) else {}
        text = text[match.end() :]
    text = re.sub(r"^```+\s*\{[a-zA-Z]+[^}]*\}.*?^```+[ \t]*$", "", text, flags=re.S | re.M)
    items: list[Block | tuple[str, str]] = [MarkdownBlock(typeset(text))] if text.strip() else []
    doc = _assemble(source, items, fallback_title)
    if meta.get("title"):
        return Document(source, str(meta["title"]), doc.blocks, doc.subpages)
    return doc


def read_source(path: Path, source: str, fallback_title: str) -> Document:
    """Dispatch on the file type listed in `project.render`."""
    if path.suffix == ".ipynb":
        return read_notebook(path, source, fallback_title)
    if path.suffix in (".qmd", ".md"):
        return read_qmd(path, source, fallback_title)
    raise BuildError(f"{source}: cannot render files of type {path.suffix!r}")
