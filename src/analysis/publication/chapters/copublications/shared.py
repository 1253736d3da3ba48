"""Industry co-publications chapter, what the parts share: the comparison computed once and its wording."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.data import reference
from analysis.data.assumptions import Levels, load_levels
from analysis.data.sources import cite, load_sources
from analysis.methods import copublications as cp
from analysis.publication import escape

GROUP_NL = "Nederlandse universiteit"


GROUP_PEER = "Europese top"


#: Labels of the basis a reader sees come from the renderer; here only the value.
REAL = "real"


@dataclass(frozen=True)
class ChapterChart:
    """A chart ready for `Report.chart`: spec, takeaway title, alt text, table, source."""

    name: str
    chart: Any
    title: str
    alt: str
    table: str
    source_ids: tuple[str, ...]
    basis: str = REAL


@dataclass(frozen=True)
class CopublicationChapter:
    """The comparison plus what the texts need (names, the source register, the levels of
    the intervals and tests from the assumptions table)."""

    comparison: cp.Comparison
    names: dict[str, str]
    short_names: dict[str, str]
    sources: pd.DataFrame = field(repr=False)
    levels: Levels


def available(data_dir: Path) -> bool:
    """Whether `data_dir` has the Leiden Ranking table (older data folders do not)."""
    return (Path(data_dir) / reference.LEIDEN_RANKING_FILE).is_file()


def _names(data_dir: Path) -> tuple[dict[str, str], dict[str, str]]:
    institutions = reference.load_institutions(data_dir)
    names = dict(zip(institutions["institution_id"], institutions["name_nl"], strict=True))
    short = dict(zip(institutions["institution_id"], institutions["short_name"], strict=True))
    peers = reference.load_peers(data_dir)
    for peer_id, peer_name in zip(peers["peer_id"], peers["peer_name"], strict=True):
        # The peers by the names the rest of chapter 3 uses ("Oxford", not the
        # English "University of Oxford").
        shown = str(peer_name).replace("University of ", "")
        names.setdefault(str(peer_id), shown)
        short.setdefault(str(peer_id), shown)
    return names, short


def compute(
    data_dir: Path,
    *,
    field: str = cp.DEFAULT_FIELD,
    counting: str = cp.DEFAULT_COUNTING,
) -> CopublicationChapter:
    """The latest edition's comparison for `field` and `counting`, with Dutch names."""
    data_dir = Path(data_dir)
    table = reference.load_leiden_ranking(data_dir)
    names, short = _names(data_dir)
    selection = cp.latest_selection(table, field=field, counting=counting)
    levels = load_levels(data_dir)
    comparison = cp.compare(
        table,
        selection=selection,
        names=names,
        confidence=levels.confidence,
        family_level=levels.test,
    )
    return CopublicationChapter(comparison, names, short, load_sources(data_dir), levels)


def _footnote(text: str) -> str:
    """A pandoc footnote holding `text` as literal text (citations come from data)."""
    return f"^[{escape.markdown(text)}]"


def _name(value: object) -> str:
    """A name from the data as literal text inside Markdown prose."""
    return escape.markdown(value)


def citation(chapter: CopublicationChapter) -> str:
    """The Dutch citation of every source behind the comparison (with its status)."""
    return "; ".join(cite(s, chapter.sources) for s in chapter.comparison.source_ids)


def source_note(chapter: CopublicationChapter) -> str:
    """The source line under a table: the citation, then the edition's window with its caveat
    (said wherever the figures are used, whatever the citation looks like)."""
    comparison = chapter.comparison
    caveats = [cp.WINDOW_CAVEATS[s] for s in comparison.source_ids if s in cp.WINDOW_CAVEATS]
    window = f"Publicaties {comparison.selection.period}" + (
        f": {'; '.join(caveats)}" if caveats else ""
    )
    return f"Bron: {citation(chapter)}. {window}."


def _peer_names(chapter: CopublicationChapter) -> list[str]:
    table = chapter.comparison.table.set_index("unit_id")
    return [chapter.short_names.get(p, p) for p in cp.PEERS if p in table.index]


def _counts(chapter: CopublicationChapter) -> dict[str, int]:
    verdicts = cp.against_all_peers(chapter.comparison)
    return {
        "higher": int((verdicts == "higher").sum()),
        "lower": int((verdicts == "lower").sum()),
        "mixed": int((verdicts == "mixed").sum()),
        "total": len(verdicts),
    }


def _join(items: list[str]) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]
