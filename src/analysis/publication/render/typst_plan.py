"""What the PDF prints and where: chapters in print order, and fact-sheet volumes.

Front matter comes right after the cover, then the main chapters, then the annex
(appendix pages and every chapter's fact sheets). Fact sheets above
`ReportConfig.pdf_inline_sections` go into separate volume PDFs instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analysis.publication.render.config import ReportConfig
from analysis.publication.render.notebook import Block, Document


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
class PrintChapter:
    """One chapter as the PDF prints it: its blocks, its fact sheets or the volumes holding them."""

    title: str
    numbered: bool
    blocks: tuple[Block, ...]
    sections: tuple[tuple[str, tuple[Block, ...]], ...]  # fact sheets: (title, blocks)
    volumes: tuple[Volume, ...] = ()  # fact sheets printed in separate PDFs instead
    source: str = ""  # the page (notebook) it comes from, named when the PDF fails


@dataclass(frozen=True)
class PrintPlan:
    """The report's parts in print order: front matter, main chapters, annexes."""

    front: list[PrintChapter]
    main: list[PrintChapter]
    annex: list[PrintChapter]

    @property
    def chapters(self) -> list[PrintChapter]:
        return [*self.front, *self.main, *self.annex]


def print_plan(
    config: ReportConfig, docs: Sequence[Document], volumes: Sequence[Volume] = ()
) -> PrintPlan:
    """Split the pages into front matter, main chapters and annex chapters.

    Front matter (`valorisatiemonitor.pdf.front`, e.g. the key messages) comes right
    after the cover, before the contents, in the order listed there; the rest keeps
    `project.render` order.
    """
    front: dict[str, PrintChapter] = {}
    main: list[PrintChapter] = []
    annex: list[PrintChapter] = []
    for doc in docs:
        own = tuple(v for v in volumes if v.source == doc.source)
        sections = () if own else tuple((sp.title, sp.blocks) for sp in doc.subpages)
        if doc.source in config.front:
            front[doc.source] = PrintChapter(doc.title, False, doc.blocks, (), source=doc.source)
            if sections or own:
                annex.append(
                    PrintChapter(f"Factsheets: {doc.title}", True, (), sections, own, doc.source)
                )
            continue
        if doc.source in config.appendix:
            annex.append(PrintChapter(doc.title, True, doc.blocks, sections, own, doc.source))
            continue
        numbered = doc.source not in config.unnumbered
        main.append(PrintChapter(doc.title, numbered, doc.blocks, (), source=doc.source))
        if sections or own:
            annex.append(
                PrintChapter(f"Factsheets: {doc.title}", True, (), sections, own, doc.source)
            )
    ordered = [front[source] for source in config.front if source in front]
    return PrintPlan(ordered, main, annex)
