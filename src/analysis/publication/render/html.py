"""The website: one static HTML page per chapter and per fact sheet, fully offline.

Every page is filled from the one shared template (`templates/page.html`) so the
site looks like one publication, not a set of notebook dumps. Prose goes through
pandoc in a single batch; tables, charts, notices and key figures are laid out
from the display contract by `html_blocks`. Nothing is loaded from the network: the chart
library is written from `vl_convert.javascript_bundle()` into `site/assets/` at
render time, and every id on a page comes from a name, never from randomness, so
two renders of the same inputs are byte-identical.

This module writes the pages; `site_plan` names them, `site_chrome` holds the
navigation and banner around each body, and `chart_definitions` the definitions
quoted under a chart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from string import Template

from analysis.errors import BuildError
from analysis.publication import escape
from analysis.publication.render.basis import summary_text
from analysis.publication.render.chart_definitions import definitions
from analysis.publication.render.codebook import SITE_PAGE, site_page_body
from analysis.publication.render.config import ReportConfig
from analysis.publication.render.crossrefs import (
    LinkTargets,
    chapter_refs,
    link_references,
    link_targets,
)
from analysis.publication.render.downloads import Licences, chart_csv_path
from analysis.publication.render.downloads import charts as download_charts
from analysis.publication.render.downloads import page_body as downloads_body
from analysis.publication.render.extras import SitePage
from analysis.publication.render.front_page import front_parts
from analysis.publication.render.html_blocks import PageWriter
from analysis.publication.render.notebook import (
    Block,
    ChartBlock,
    Document,
    MarkdownBlock,
    NoticeBlock,
    TableBlock,
    count_bases,
)
from analysis.publication.render.pandoc import convert_page, has_footnotes
from analysis.publication.render.site_chrome import DOWNLOADS_PAGE, edition_banner, navigation, toc
from analysis.publication.render.site_plan import Page, block_anchors, chapter_numbers, plan_pages
from analysis.publication.render.typst_plan import plan_volumes

_HERE = Path(__file__).parent
#: The id pandoc gives the appendix's reference list heading ('Bronnenlijst').
REFERENCE_LIST_ID = "bronnenlijst"

#: Every data value on a page goes through this (see `analysis.publication.escape`).
_e = escape.html


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
    outputs_ready: Callable[[], object] | None = None,
) -> list[Path]:
    """Write every page of the site into `site_dir`; returns the written HTML files.

    `outputs_ready` is called right before the downloads page is written, the last page:
    that page states the size of every file of the edition, so the files it describes
    (the PDF, compiled meanwhile in another process) must exist by then, whatever order
    the parallel work finishes in; otherwise two builds of the same inputs differ.

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
        for b, anchor in block_anchors(page):
            if isinstance(b, TableBlock):
                table_index.setdefault(b.name, (page.file, anchor))
                page_tables.setdefault(page.file, {}).setdefault(b.name, (page.file, anchor))
                table_blocks.setdefault(b.name, b)
                if b.csv:
                    csv_pages.setdefault(b.csv, (page.file, anchor))
            elif b.svg_path:
                svg_pages.setdefault(b.svg_path, (page.file, anchor))
    known_definitions = definitions(docs)
    year_dir = site_dir.parent
    chart_csvs = frozenset(
        csv
        for chart in download_charts(docs)
        if (year_dir / (csv := chart_csv_path(chart))).is_file()
    )
    list_anchor: str | None = None

    targets = LinkTargets()  # filled in once every chapter body is written, before any page
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
        # Cross-references and citations become links (`crossrefs`), on every page alike.
        body = link_references(body, targets, here=file)
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
            toc=toc(body),
            scripts=scripts if has_chart or own_scripts else "",
            body_class="vm-has-demo" if banner else "vm-no-demo",
            refs=_e(chapter_refs(targets)),
        )

    numbers = chapter_numbers(config, docs)
    extra_titles = {extra.file: extra.title for extra in extra_pages}
    # Every chapter body first: a cross-reference may point at a heading of a later page.
    ready: list[tuple[Page, str, str, str, bool]] = []
    for page in pages:
        converted, notes = converted_for.get(page.file, (shared_map, ""))
        writer = PageWriter(
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
        rendered = [(b, html) for b in page.blocks if (html := writer.block(b))]
        parts = [html for _, html in rendered]
        shown: tuple[Block, ...] = page.blocks
        if page is pages[0]:
            # The front door: key figures after the opening paragraph, then charts and cards.
            front = front_parts(config, pages, writer, numbers, extra_titles, year)
            at = next(
                (i + 1 for i, (b, _) in enumerate(rendered) if isinstance(b, MarkdownBlock)), 0
            )
            parts[at:at] = [front.after_intro] if front.after_intro else []
            parts.append(front.at_end)
            shown = (*page.blocks, *front.blocks)
        body = "\n".join(parts)
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
        banner = edition_banner(shown) if config.demonstration else ""
        crumb = ""
        if page.parent is not None:
            crumb = (
                f'<p class="vm-breadcrumb"><a href="{_e(page.parent.file)}">'
                f"← {_e(page.parent.title)}</a></p>"
            )
        has_chart = any(isinstance(b, ChartBlock) for b in shown)
        ready.append((page, body, banner, crumb, has_chart))
    targets = link_targets(numbers, {page.file: body for page, body, *_ in ready}, pages)
    for page, body, banner, crumb, has_chart in ready:
        out = fill(page.file, page.title, page.nav_source, body, banner, crumb, has_chart)
        target = site_dir / page.file
        target.write_text(out, encoding="utf-8", newline="\n")
        written.append(target)
    for extra in extra_pages:
        styles = "".join(f'<link rel="stylesheet" href="assets/{_e(s)}">' for s in extra.styles)
        banner = edition_banner(()) if config.demonstration else ""
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
    edition_only = edition_banner(()) if config.demonstration else ""
    codebook = site_dir / SITE_PAGE
    body = site_page_body(
        docs,
        licences.provenance if licences is not None else (),
        list_anchor.partition("#")[0] if list_anchor else None,
        config.confidence,
    )
    codebook.write_text(
        fill(SITE_PAGE, "Gegevens en codeboek", SITE_PAGE, body, edition_only, "", False),
        encoding="utf-8",
        newline="\n",
    )
    written.append(codebook)
    pdfs = [(f"valorisatiemonitor-{year}.pdf", "Rapport (PDF)")] + [
        (v.file, f"{v.chapter}, deel {v.number} van {v.total} (PDF)") for v in volumes
    ]
    if outputs_ready is not None:
        outputs_ready()
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
        fill(DOWNLOADS_PAGE, "Downloads", DOWNLOADS_PAGE, body, edition_only, "", False),
        encoding="utf-8",
        newline="\n",
    )
    written.append(downloads)
    return written
