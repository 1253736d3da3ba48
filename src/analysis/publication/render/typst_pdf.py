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

This module assembles the document; the blocks are written by `typst_blocks`, sized by
`typst_layout`, ordered by `typst_plan`, and compiled by `pdf_compilation`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from analysis.publication.render.basis import summary_text
from analysis.publication.render.config import ReportConfig
from analysis.publication.render.notebook import (
    Document,
    MarkdownBlock,
    NoticeBlock,
    count_bases,
)
from analysis.publication.render.pandoc import convert_many
from analysis.publication.render.site_chrome import EDITION_LABEL
from analysis.publication.render.site_plan import SiteLink, site_links
from analysis.publication.render.typst_blocks import Colophon, TypstWriter
from analysis.publication.render.typst_layout import SHEET_MAX_WHOLE_PT, sheet_height_pt
from analysis.publication.render.typst_plan import (
    PrintChapter,
    PrintPlan,
    Volume,
    plan_volumes,
    print_plan,
)
from analysis.publication.render.typst_syntax import origin_comment, ts, typst_array

#: The cover's notice in the demonstration edition (proefeditie).
DEFAULT_DEMO_NOTICE = (
    "Deze proefeditie laat zien hoe de monitor werkt, met fictieve instellingen en "
    "gegenereerde cijfers. Geen cijfer over een instelling is echt, en geen is een basis voor "
    "beleid. Echte gegevens (het Valorisatieprogramma, de Europese top, de begroting) staan er "
    "met hun bron bij; pagina's met fictieve cijfers zijn onderaan gemarkeerd."
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
    links: Mapping[int, SiteLink] | None = None,
) -> str:
    """Generate the Typst source (and chart SVGs in `work`) for the report itself.

    Fact sheets of a chapter that has `volumes` are not printed here; the annex lists
    the volume files instead (`build_volume_typst` makes each of them).
    """
    if volumes is None:
        volumes = plan_volumes(config, docs, year)
    plan = print_plan(config, docs, volumes)
    return _document(
        config,
        plan,
        out_dir,
        work,
        year=year,
        report_date=report_date,
        subtitle=None,
        summary=summary_text(*count_bases(docs)),
        links=site_links(config, docs, year) if links is None else links,
    )


def build_volume_typst(
    config: ReportConfig,
    volume: Volume,
    out_dir: Path,
    work: Path,
    *,
    year: int,
    report_date: str,
    links: Mapping[int, SiteLink] | None = None,
) -> str:
    """Generate the Typst source of one fact-sheet volume: title page, contents, sheets."""
    chapter = PrintChapter(
        f"Factsheets: {volume.chapter}", False, (), volume.sections, source=volume.source
    )
    subtitle = f"Factsheets bij het rapport, deel {volume.number} van {volume.total}: {volume.span}"
    # A volume is for looking an institution up: its contents list every sheet.
    return _document(
        config,
        PrintPlan([], [chapter], []),
        out_dir,
        work,
        year=year,
        report_date=report_date,
        subtitle=subtitle,
        outline_limit=None,
        links=links,
    )


def _document(
    config: ReportConfig,
    plan: PrintPlan,
    out_dir: Path,
    work: Path,
    *,
    year: int,
    report_date: str,
    subtitle: str | None,
    outline_limit: int | None = MAX_OUTLINED_SECTIONS,
    summary: str = "",
    links: Mapping[int, SiteLink] | None = None,
) -> str:
    chapters = plan.chapters
    all_blocks = [b for ch in chapters for b in ch.blocks] + [
        b for ch in chapters for _, bs in ch.sections for b in bs
    ]
    fragments = sorted({b.text for b in all_blocks if isinstance(b, MarkdownBlock | NoticeBlock)})
    converted = dict(zip(fragments, convert_many(fragments, "typst"), strict=True))
    edition_name = f"{config.title} {year}" + (
        f" ({EDITION_LABEL.lower()})" if config.demonstration else ""
    )
    colophon = Colophon(
        edition_name,
        report_date,
        config.contact,
        config.site_url or "de website van de Valorisatiemonitor",
    )
    builder = TypstWriter(out_dir, work, converted, summary, config.contact, links, colophon)
    builder.assign_tables(chapters)
    # The title page speaks for the whole report, so it uses the report-level wording
    # rather than a chapter's own notice ("dit hoofdstuk ...").
    notice = f"[#{ts(DEFAULT_DEMO_NOTICE)}]"
    edition = EDITION_LABEL if config.demonstration else ""
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
        f"  demo-notice: {notice},",
        f"  edition: {ts(edition)},",
        # With front matter the contents come after it, printed by `vm-contents`.
        f"  contents: {'false' if plan.front else 'true'},",
        ")",
        "",
    ]

    def chapter(index: int, ch: PrintChapter) -> None:
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
        # Fact sheets follow each other on the page, each kept whole (`vm-sheet`): a
        # page per sheet left most annex pages half empty. The full sheets are on the site.
        for title, blocks in ch.sections:
            lines.append(origin_comment("page", title))
            tall = sheet_height_pt(blocks) > SHEET_MAX_WHOLE_PT
            lines.append(f"#vm-sheet(breakable: {'true' if tall else 'false'})[")
            lines.append(f"#heading(level: 2, outlined: {outlined}, {ts(title)})")
            lines.append("")
            lines.append("#[")
            lines.append("#set heading(offset: 1)")
            builder.blocks(blocks, compact=True)
            lines.append("]")
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


def _volume_list(volumes: Sequence[Volume]) -> str:
    """The annex text that points at the fact-sheet volumes (file names are data, escaped)."""
    count = sum(len(v.sections) for v in volumes)
    items = [
        typst_array([ts(v.file), ts(f"Deel {v.number} van {v.total}"), ts(v.span)]) for v in volumes
    ]
    dutch = f"{count:,}".replace(",", ".")  # 1.000, as in the rest of the report
    return f"#vm-volumes({ts(dutch)}, {typst_array(items)})"
