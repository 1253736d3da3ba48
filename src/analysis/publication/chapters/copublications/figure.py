"""Industry co-publications chapter, the chart."""

from __future__ import annotations

import pandas as pd

from analysis.publication import formatting as fmt
from analysis.publication.chapters import levels as level_words
from analysis.publication.chapters.copublications.shared import (
    GROUP_NL,
    GROUP_PEER,
    ChapterChart,
    CopublicationChapter,
    _counts,
    _join,
    _peer_names,
)


def chart_frame(chapter: CopublicationChapter) -> pd.DataFrame:
    """The numbers behind the figure: short name, group, share and interval, in %."""
    table = chapter.comparison.table
    return pd.DataFrame(
        {
            "Universiteit": [
                chapter.short_names.get(u, n)
                for u, n in zip(table["unit_id"], table["name"], strict=True)
            ],
            "Groep": table["group"].map({"nl": GROUP_NL, "peer": GROUP_PEER}),
            "Aandeel (%)": table["share_pct"],
            "Ondergrens (%)": table["ci_low_pct"],
            "Bovengrens (%)": table["ci_high_pct"],
        }
    )


def chart_title(chapter: CopublicationChapter) -> str:
    """Takeaway computed from the data: how many Dutch universities are above or below all peers."""
    counts = _counts(chapter)
    peers = _join(_peer_names(chapter))
    return (
        f"{fmt.number(counts['higher'])} van de {fmt.number(counts['total'])} Nederlandse "
        f"universiteiten publiceren vaker met het bedrijfsleven dan {peers}, "
        f"{fmt.number(counts['lower'])} minder vaak"
    )


def chart_alt(chapter: CopublicationChapter) -> str:
    comparison = chapter.comparison
    low, high = comparison.quartiles_pct
    return (
        "Puntdiagram met per universiteit het aandeel publicaties met een co-auteur uit het "
        f"bedrijfsleven en het {level_words.interval(chapter.levels)}, voor {fmt.number(_counts(chapter)['total'])} "
        f"Nederlandse universiteiten en {_join(_peer_names(chapter))}; de stippellijn is de "
        f"mediaan van alle {fmt.number(comparison.n_ranked)} universiteiten in de ranglijst "
        f"({fmt.number(comparison.median_pct, 1)}%), de grijze band de middelste helft "
        f"({fmt.number(low, 1)}–{fmt.number(high, 1)}%)."
    )


def chart(chapter: CopublicationChapter) -> ChapterChart:
    """Dot plot with intervals, Dutch universities and peers in the house colours, over the
    middle half of all ranked universities (grey band) and their median (dashed)."""
    import altair as alt

    from analysis.publication.charts import theme

    frame = chart_frame(chapter)
    median = chapter.comparison.median_pct
    q1, q3 = chapter.comparison.quartiles_pct
    x_title = "Aandeel publicaties met het bedrijfsleven (%)"
    y = alt.Y("Universiteit:N", sort=None, title=None, axis=alt.Axis(labelLimit=260))
    colour = alt.Color(
        "Groep:N",
        scale=alt.Scale(domain=[GROUP_NL, GROUP_PEER], range=[theme.NL_COLOR, theme.PEER_COLOR]),
        legend=alt.Legend(title=None),
    )
    scale = alt.Scale(zero=True)
    base = alt.Chart()
    band = (
        alt.Chart(alt.InlineData(values=[{"q1": q1, "q3": q3}]))
        .mark_rect(color=theme.GRID_COLOR, opacity=0.6)
        .encode(x=alt.X("q1:Q", scale=scale), x2="q3:Q")
    )
    reference_line = (
        alt.Chart(alt.InlineData(values=[{"mediaan": median}]))
        .mark_rule(color=theme.MUTED_COLOR, strokeDash=[4, 3])
        .encode(x=alt.X("mediaan:Q", scale=scale))
    )
    interval = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("Ondergrens (%):Q", scale=scale, axis=alt.Axis(format=",.0f", title=x_title)),
        x2="Bovengrens (%):Q",
        y=y,
        color=colour,
    )
    point = base.mark_point(filled=True, size=70, opacity=1).encode(
        x=alt.X("Aandeel (%):Q", scale=scale),
        y=y,
        color=colour,
        tooltip=[
            alt.Tooltip("Universiteit:N"),
            alt.Tooltip("Aandeel (%):Q", format=",.1f"),
            alt.Tooltip("Ondergrens (%):Q", format=",.1f"),
            alt.Tooltip("Bovengrens (%):Q", format=",.1f"),
        ],
    )
    layered = alt.layer(band, reference_line, interval, point, data=frame).properties(
        title=chart_title(chapter), width=theme.WIDTH, height=alt.Step(20)
    )
    return ChapterChart(
        name="copublicaties-europese-top",
        chart=layered,
        title=chart_title(chapter),
        alt=chart_alt(chapter),
        table="copublicaties-europese-top",
        source_ids=chapter.comparison.source_ids,
    )
