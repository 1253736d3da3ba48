"""Industry co-publications chapter, the tables."""

from __future__ import annotations

import pandas as pd

from analysis.methods import copublications as cp
from analysis.publication import formatting as fmt
from analysis.publication.chapters import levels as level_words
from analysis.publication.chapters.copublications.shared import CopublicationChapter, source_note
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import COPUBLICATION_VERDICT_LABELS

SHARE = "Aandeel met bedrijven (%)"


LOW = "Ondergrens (%)"


HIGH = "Bovengrens (%)"


COUNT = "Publicaties met bedrijven"


PERCENTILE = "Percentiel"


ONE_DECIMAL = Column(format="number:1")


WHOLE = Column(format="number:0")


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


def comparison_table(chapter: CopublicationChapter) -> Table:
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
    columns = {
        SHARE: ONE_DECIMAL,
        LOW: ONE_DECIMAL,
        HIGH: ONE_DECIMAL,
        COUNT: WHOLE,
        _rank_column(n): WHOLE,
        PERCENTILE: ONE_DECIMAL,
    }
    selection = comparison.selection
    return Table(
        name="copublicaties-europese-top",
        caption=(
            "Aandeel publicaties met een co-auteur uit het bedrijfsleven, met "
            f"{level_words.interval(chapter.levels)}: de "
            f"Nederlandse universiteiten en de Europese top (CWTS Leiden Ranking {selection.edition}, "
            f"publicaties {selection.period}); tegenover de top: hoger of lager dan alle drie "
            "buiten de steekproefonzekerheid, anders niet eenduidig"
        ),
        frame=frame,
        columns=columns,
        source_note=source_note(chapter),
        basis="real",
    )


def differences_table(chapter: CopublicationChapter) -> Table:
    """Per university the difference with each peer in percentage points, with its
    interval (Newcombe): the numbers behind the verdict column (site only)."""
    comparison = chapter.comparison
    table = comparison.table
    frame = pd.DataFrame({"Universiteit": _short(chapter, table)})
    columns: dict[str, Column] = {}
    for peer in cp.PEERS:
        if f"diff_{peer}" not in table.columns or peer not in set(table["unit_id"]):
            continue
        name = chapter.short_names.get(peer, peer)
        for suffix, label in (("", "verschil"), ("_low", "ondergrens"), ("_high", "bovengrens")):
            column = f"{name}: {label} (procentpunt)"
            frame[column] = table[f"diff_{peer}{suffix}"]
            # The caption says "in procentpunten": nine headers without it fit 1366 px.
            columns[column] = Column(
                label=f"{name}: {label}", unit="procentpunt", format="number:1"
            )
    return Table(
        name="copublicaties-verschillen",
        caption=(
            "Verschil in aandeel co-publicaties met bedrijven met ETH Zürich, Oxford en "
            f"KU Leuven, in procentpunten, met {level_words.interval(chapter.levels)}"
        ),
        frame=frame,
        columns=columns,
        source_note=source_note(chapter),
        basis="real",
        pdf=False,
    )


def universities_table(chapter: CopublicationChapter) -> Table:
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
    return Table(
        name="copublicaties-universiteiten",
        caption=(
            "Aandeel publicaties met een co-auteur uit het bedrijfsleven per universiteit, met "
            f"{level_words.interval(chapter.levels)} (CWTS Leiden Ranking {selection.edition}, publicaties {selection.period})"
        ),
        frame=frame,
        columns={SHARE: ONE_DECIMAL, LOW: ONE_DECIMAL, HIGH: ONE_DECIMAL, COUNT: WHOLE},
        source_note=source_note(chapter),
        basis="real",
    )


def distribution_table(chapter: CopublicationChapter) -> Table:
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
    return Table(
        name="copublicaties-verdeling",
        caption="Verdeling van het aandeel co-publicaties met bedrijven over alle universiteiten in de ranglijst",
        frame=frame,
        columns={
            "Universiteiten in de ranglijst": WHOLE,
            "Eerste kwartiel (%)": ONE_DECIMAL,
            "Mediaan (%)": ONE_DECIMAL,
            "Derde kwartiel (%)": ONE_DECIMAL,
        },
        source_note=source_note(chapter),
        basis="real",
        pdf=False,
    )
