"""Industry co-publications chapter, the tables."""

from __future__ import annotations

import pandas as pd

from analysis.methods import copublications as cp
from analysis.publication import formatting as fmt
from analysis.publication.chapters.copublications.shared import (
    ChapterTable,
    CopublicationChapter,
    source_note,
)
from analysis.publication.labels import COPUBLICATION_VERDICT_LABELS

SHARE = "Aandeel met bedrijven (%)"


LOW = "Ondergrens (%)"


HIGH = "Bovengrens (%)"


COUNT = "Publicaties met bedrijven"


PERCENTILE = "Percentiel"


def _rank_column(n: int) -> str:
    return f"Plaats van {fmt.number(n)}"


def _short(chapter: CopublicationChapter, table: pd.DataFrame) -> list[str]:
    """Short names (TU/e, Oxford) for the rows of a comparison table."""
    return [
        chapter.short_names.get(str(u), str(n))
        for u, n in zip(table["unit_id"], table["name"], strict=True)
    ]


def _verdicts(chapter: CopublicationChapter) -> dict[str, str]:
    verdicts = cp.against_all_peers(chapter.comparison)
    return {str(k): COPUBLICATION_VERDICT_LABELS.get(str(v), str(v)) for k, v in verdicts.items()}


def comparison_table(chapter: CopublicationChapter) -> ChapterTable:
    """Each Dutch university and the three peers: share with its interval, count, position,
    and whether it is higher or lower than all three peers beyond sampling uncertainty.

    The differences in percentage points with their intervals are in
    `differences_table` (site only): eleven columns do not fit a page.
    """
    comparison = chapter.comparison
    table = comparison.table
    n = comparison.n_ranked
    verdicts = _verdicts(chapter)
    frame = pd.DataFrame(
        {
            # short names, as in the figure beside it: sixteen rows on one page
            "Universiteit": _short(chapter, table),
            SHARE: table["share_pct"],
            LOW: table["ci_low_pct"],
            HIGH: table["ci_high_pct"],
            COUNT: table["industry_count"],
            _rank_column(n): table["rank"],
            PERCENTILE: table["percentile"],
            "Tegenover ETH Zürich, Oxford en KU Leuven": [
                verdicts.get(str(u), fmt.MISSING) for u in table["unit_id"]
            ],
        }
    )
    formats = {
        SHARE: "number:1",
        LOW: "number:1",
        HIGH: "number:1",
        COUNT: "number:0",
        _rank_column(n): "number:0",
        PERCENTILE: "number:1",
    }
    selection = comparison.selection
    return ChapterTable(
        name="copublicaties-europese-top",
        caption=(
            "Aandeel publicaties met een co-auteur uit het bedrijfsleven, met 95%-interval: de "
            f"Nederlandse universiteiten en de Europese top (CWTS Leiden Ranking {selection.edition}, "
            f"publicaties {selection.period}); tegenover de top: hoger of lager dan alle drie "
            "buiten de steekproefonzekerheid, anders niet eenduidig"
        ),
        frame=frame,
        formats=formats,
        source_note=source_note(chapter),
        source_ids=comparison.source_ids,
    )


def differences_table(chapter: CopublicationChapter) -> ChapterTable:
    """Per university the difference with each peer in percentage points, with its
    95% interval (Newcombe): the numbers behind the verdict column (site only)."""
    comparison = chapter.comparison
    table = comparison.table
    frame = pd.DataFrame({"Universiteit": _short(chapter, table)})
    formats: dict[str, str] = {}
    labels: dict[str, str] = {}
    for peer in cp.PEERS:
        if f"diff_{peer}" not in table.columns or peer not in set(table["unit_id"]):
            continue
        name = chapter.short_names.get(peer, peer)
        for suffix, label in (("", "verschil"), ("_low", "ondergrens"), ("_high", "bovengrens")):
            column = f"{name}: {label} (procentpunt)"
            frame[column] = table[f"diff_{peer}{suffix}"]
            formats[column] = "number:1"
            # The caption says "in procentpunten": nine headers without it fit 1366 px.
            labels[column] = f"{name}: {label}"
    return ChapterTable(
        name="copublicaties-verschillen",
        caption=(
            "Verschil in aandeel co-publicaties met bedrijven met ETH Zürich, Oxford en "
            "KU Leuven, in procentpunten, met 95%-interval"
        ),
        frame=frame,
        formats=formats,
        source_note=source_note(chapter),
        source_ids=comparison.source_ids,
        pdf=False,
        labels=labels,
        units=dict.fromkeys(labels, "procentpunt"),
    )


def universities_table(chapter: CopublicationChapter) -> ChapterTable:
    """Chapter 2's view: the Dutch universities only, share with interval, count, place."""
    comparison = chapter.comparison
    table = comparison.table[comparison.table["group"] == "nl"]
    frame = pd.DataFrame(
        {
            "Universiteit": table["name"],
            SHARE: table["share_pct"],
            LOW: table["ci_low_pct"],
            HIGH: table["ci_high_pct"],
            COUNT: table["industry_count"],
        }
    ).reset_index(drop=True)
    selection = comparison.selection
    return ChapterTable(
        name="copublicaties-universiteiten",
        caption=(
            "Aandeel publicaties met een co-auteur uit het bedrijfsleven per universiteit, met "
            f"95%-interval (CWTS Leiden Ranking {selection.edition}, publicaties {selection.period})"
        ),
        frame=frame,
        formats={
            SHARE: "number:1",
            LOW: "number:1",
            HIGH: "number:1",
            COUNT: "number:0",
        },
        source_note=source_note(chapter),
        source_ids=comparison.source_ids,
    )


def distribution_table(chapter: CopublicationChapter) -> ChapterTable:
    """The whole ranking in three numbers, so a reader can place every share."""
    comparison = chapter.comparison
    low, high = comparison.quartiles_pct
    frame = pd.DataFrame(
        {
            "Universiteiten in de ranglijst": [comparison.n_ranked],
            "Eerste kwartiel (%)": [low],
            "Mediaan (%)": [comparison.median_pct],
            "Derde kwartiel (%)": [high],
        }
    )
    return ChapterTable(
        name="copublicaties-verdeling",
        caption="Verdeling van het aandeel co-publicaties met bedrijven over alle universiteiten in de ranglijst",
        frame=frame,
        formats={
            "Universiteiten in de ranglijst": "number:0",
            "Eerste kwartiel (%)": "number:1",
            "Mediaan (%)": "number:1",
            "Derde kwartiel (%)": "number:1",
        },
        source_note=source_note(chapter),
        source_ids=comparison.source_ids,
        pdf=False,
    )
