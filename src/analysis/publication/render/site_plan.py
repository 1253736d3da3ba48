"""Which HTML files the site has: one per chapter, one per fact sheet, no two alike."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from analysis.errors import BuildError
from analysis.publication.render.codebook import SITE_PAGE
from analysis.publication.render.config import ReportConfig, slug
from analysis.publication.render.notebook import Block, ChartBlock, Document, TableBlock
from analysis.publication.render.typst_plan import print_plan
from analysis.publication.render.unique_ids import UniqueIds


@dataclass(frozen=True)
class Page:
    """One HTML file to write: which blocks, under which title, below which chapter."""

    file: str
    title: str
    nav_source: str
    blocks: tuple[Block, ...]
    parent: Page | None
    children: tuple[tuple[str, str], ...]  # (file, title) of sub-pages


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


def block_anchors(page: Page) -> list[tuple[TableBlock | ChartBlock, str]]:
    """Every table and chart of `page` with its element id (`tab-…`, `fig-…`), in order.

    One allocation for the page, its permalinks and the address drawn into an exported
    chart, so the three always agree.
    """
    ids = UniqueIds()
    found: list[tuple[TableBlock | ChartBlock, str]] = []
    for block in page.blocks:
        if isinstance(block, TableBlock):
            found.append((block, ids.make("tab", block.name)))
        elif isinstance(block, ChartBlock):
            found.append((block, ids.make("fig", block.name)))
    return found


#: What the report calls its numbered parts: "hoofdstuk 3", "bijlage B".
CHAPTER = "hoofdstuk"
ANNEX = "bijlage"


def chapter_numbers(config: ReportConfig, docs: Sequence[Document]) -> dict[str, tuple[str, str]]:
    """The site file of each numbered chapter and annex with its number as the PDF prints it.

    `index.html` of the front matter and unnumbered pages have none. Chapters count 1, 2,
    … and annexes A, B, … in print order (`typst_plan.print_plan`), so "hoofdstuk 3" in
    the text and on a card means the same page as the PDF's chapter 3. A chapter's fact
    sheets printed as an annex of their own ("Factsheets: …") take a letter there but
    are the chapter's page on the site.
    """
    by_source = {doc.source: config.html_name(doc.source) for doc in docs}
    plan = print_plan(config, docs)
    out: dict[str, tuple[str, str]] = {}
    main = [ch for ch in plan.main if ch.numbered]
    for n, ch in enumerate(main, start=1):
        out.setdefault(by_source[ch.source], (CHAPTER, str(n)))
    for n, ch in enumerate(plan.annex):
        out.setdefault(by_source[ch.source], (ANNEX, chr(ord("A") + n)))
    return out


def site_address(base: str, year: int, file: str, anchor: str = "") -> str:
    """The published address of a page (and element) of edition `year` on the site.

    `base` is `valorisatiemonitor.site_url`; the editions sit below it as
    `<year>/site/<page>` (`analysis.pipeline.publish`). Empty `base`: "" (no address known).
    """
    if not base.strip():
        return ""
    return f"{base.strip().rstrip('/')}/{year}/site/{file}" + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class SiteLink:
    """Where a table or chart the PDF leaves out is on the site: its address, or in words."""

    address: str  # "" when no `site_url` is configured
    page: str  # the title of the page that shows it, for a description without address


def site_links(config: ReportConfig, docs: Sequence[Document], year: int) -> dict[int, SiteLink]:
    """Each table and chart of the report, by the identity of its block, with its site link.

    By identity because the PDF prints the very block objects the site plan lays out
    (the same `docs`, read once); names repeat across chapters and fact sheets.
    """
    out: dict[int, SiteLink] = {}
    for page in plan_pages(config, docs):
        for block, anchor in block_anchors(page):
            out[id(block)] = SiteLink(
                site_address(config.site_url, year, page.file, anchor), page.title
            )
    return out
