"""Chapter 3 opening (and fact sheets): industry co-publications, real and cited.

The chapter on the European top starts with the one comparison that rests on real
figures measured the same way for every university: the share of publications
co-authored with industry in the CWTS Leiden Ranking. This module turns
`analysis.copublications` into what a notebook shows: tables with Dutch column
names (raw numbers, with display formats), one chart in the house style, the
Dutch opening text and, per institution, the fact-sheet figures and the
annual-accounts figures. Every table and chart carries `demo=False` and the
source ids behind it, so the report labels it "real, cited" and never as
demonstration data; the wiring into the notebooks is done elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import copublications as cp
from analysis import formatting as fmt
from analysis import reference
from analysis.sources import cite, load_sources

GROUP_NL = "Nederlandse universiteit"
GROUP_PEER = "Europese top"
STATUS_NL = {"read": "gelezen in bron", "secondary": "secundaire bron", "inferred": "afgeleid"}
UNIT_NL = {"EUR": "euro", "count": "aantal"}


@dataclass(frozen=True)
class ChapterTable:
    """A table ready for `Report.table`: Dutch columns, raw values, formats, source."""

    name: str
    caption: str
    frame: pd.DataFrame
    formats: dict[str, str]
    source_note: str
    source_ids: tuple[str, ...]
    demo: bool = False


@dataclass(frozen=True)
class ChapterChart:
    """A chart ready for `Report.chart`: spec, takeaway title, alt text, table, source."""

    name: str
    chart: Any
    title: str
    alt: str
    table: str
    source_ids: tuple[str, ...]
    demo: bool = False


@dataclass(frozen=True)
class CopublicationChapter:
    """The comparison plus what the texts need (names, the source register)."""

    comparison: cp.Comparison
    names: dict[str, str]
    short_names: dict[str, str]
    sources: pd.DataFrame = field(repr=False)


def available(data_dir: Path) -> bool:
    """Whether `data_dir` has the Leiden Ranking table (older data folders do not)."""
    return (Path(data_dir) / reference.LEIDEN_RANKING_FILE).is_file()


def _names(data_dir: Path) -> tuple[dict[str, str], dict[str, str]]:
    institutions = reference.load_institutions(data_dir)
    names = dict(zip(institutions["institution_id"], institutions["name_nl"], strict=True))
    short = dict(zip(institutions["institution_id"], institutions["short_name"], strict=True))
    peers = reference.load_peers(data_dir)
    for peer_id, peer_name in zip(peers["peer_id"], peers["peer_name"], strict=True):
        names.setdefault(str(peer_id), str(peer_name))
        short.setdefault(str(peer_id), str(peer_name).replace("University of ", ""))
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
    comparison = cp.compare(table, selection=selection, names=names)
    return CopublicationChapter(comparison, names, short, load_sources(data_dir))


def citation(chapter: CopublicationChapter) -> str:
    """The Dutch citation of every source behind the comparison (with its status)."""
    return "; ".join(cite(s, chapter.sources) for s in chapter.comparison.source_ids)


def source_note(chapter: CopublicationChapter) -> str:
    """The source line under a table or figure: window with its caveat, citation, status."""
    return f"{cp.window_text(chapter.comparison)}. Bron: {citation(chapter)}."


def _peer_names(chapter: CopublicationChapter) -> list[str]:
    table = chapter.comparison.table.set_index("unit_id")
    return [chapter.short_names.get(p, p) for p in cp.PEERS if p in table.index]


# --------------------------------------------------------------------------- tables


def comparison_table(chapter: CopublicationChapter) -> ChapterTable:
    """Each Dutch university and the three peers: share, interval, counts, position, gaps."""
    comparison = chapter.comparison
    table = comparison.table
    n = comparison.n_ranked
    frame = pd.DataFrame(
        {
            "Universiteit": table["name"],
            "Groep": table["group"].map({"nl": GROUP_NL, "peer": GROUP_PEER}),
            "Aandeel met bedrijfsleven (%)": table["share_pct"],
            "95%-interval ondergrens (%)": table["ci_low_pct"],
            "95%-interval bovengrens (%)": table["ci_high_pct"],
            "Publicaties met bedrijfsleven": table["industry_count"],
            f"Plaats van {fmt.number(n)}": table["rank"],
            "Percentiel": table["percentile"],
        }
    )
    formats = {
        "Aandeel met bedrijfsleven (%)": "number:1",
        "95%-interval ondergrens (%)": "number:1",
        "95%-interval bovengrens (%)": "number:1",
        "Publicaties met bedrijfsleven": "number:0",
        f"Plaats van {fmt.number(n)}": "number:0",
        "Percentiel": "number:0",
    }
    for peer in cp.PEERS:
        if f"diff_{peer}" not in table.columns or peer not in set(table["unit_id"]):
            continue
        label = f"Verschil met {chapter.short_names.get(peer, peer)} (procentpunt)"
        frame[label] = table[f"diff_{peer}"]
        formats[label] = "number:1"
    selection = comparison.selection
    return ChapterTable(
        name="copublicaties-europese-top",
        caption=(
            "Aandeel publicaties met een co-auteur uit het bedrijfsleven: de Nederlandse "
            f"universiteiten en de Europese top (CWTS Leiden Ranking {selection.edition}, "
            f"{selection.period})"
        ),
        frame=frame,
        formats=formats,
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
        caption="Verdeling van het aandeel co-publicaties met het bedrijfsleven over alle universiteiten",
        frame=frame,
        formats={
            "Universiteiten in de ranglijst": "number:0",
            "Eerste kwartiel (%)": "number:1",
            "Mediaan (%)": "number:1",
            "Derde kwartiel (%)": "number:1",
        },
        source_note=source_note(chapter),
        source_ids=comparison.source_ids,
    )


# --------------------------------------------------------------------------- chart


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


def _counts(chapter: CopublicationChapter) -> dict[str, int]:
    verdicts = cp.against_all_peers(chapter.comparison)
    return {
        "higher": int((verdicts == "higher").sum()),
        "lower": int((verdicts == "lower").sum()),
        "mixed": int((verdicts == "mixed").sum()),
        "total": len(verdicts),
    }


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
    return (
        "Puntdiagram met per universiteit het aandeel publicaties met een co-auteur uit het "
        f"bedrijfsleven en het 95%-interval, voor {fmt.number(_counts(chapter)['total'])} "
        f"Nederlandse universiteiten en {_join(_peer_names(chapter))}; de stippellijn is de "
        f"mediaan van alle {fmt.number(comparison.n_ranked)} universiteiten in de ranglijst "
        f"({fmt.number(comparison.median_pct, 1)}%)."
    )


def chart(chapter: CopublicationChapter) -> ChapterChart:
    """Dot plot with intervals, Dutch universities and peers in the house colours."""
    import altair as alt

    from analysis import charts

    frame = chart_frame(chapter)
    median = chapter.comparison.median_pct
    x_title = "Aandeel publicaties met het bedrijfsleven (%)"
    y = alt.Y("Universiteit:N", sort=None, title=None, axis=alt.Axis(labelLimit=260))
    colour = alt.Color(
        "Groep:N",
        scale=alt.Scale(domain=[GROUP_NL, GROUP_PEER], range=[charts.NL_COLOR, charts.PEER_COLOR]),
        legend=alt.Legend(title=None),
    )
    scale = alt.Scale(zero=True)
    base = alt.Chart()
    reference_line = (
        alt.Chart(alt.InlineData(values=[{"mediaan": median}]))
        .mark_rule(color=charts.MUTED_COLOR, strokeDash=[4, 3])
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
    layered = alt.layer(reference_line, interval, point, data=frame).properties(
        title=chart_title(chapter), width=charts.WIDTH, height=alt.Step(22)
    )
    return ChapterChart(
        name="copublicaties-europese-top",
        chart=layered,
        title=chart_title(chapter),
        alt=chart_alt(chapter),
        table="copublicaties-europese-top",
        source_ids=chapter.comparison.source_ids,
    )


# --------------------------------------------------------------------------- text


def _join(items: list[str]) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]


def _pct(value: float) -> str:
    return f"{fmt.number(value, 1)}%"


def intro_markdown(chapter: CopublicationChapter) -> str:
    """The opening section of chapter 3, every number taken from the comparison."""
    comparison = chapter.comparison
    records = cp.row_dicts(comparison.table)
    dutch = [r for r in records if r["group"] == "nl"]
    peers = {str(r["unit_id"]): r for r in records if r["group"] == "peer"}
    counts = _counts(chapter)
    top, bottom = dutch[0], dutch[-1]
    peer_text = _join(
        [
            f"{chapter.short_names.get(p, p)} ({_pct(float(peers[p]['share_pct']))})"
            for p in cp.PEERS
            if p in peers
        ]
    )
    above_median = sum(float(r["share_pct"]) > comparison.median_pct for r in dutch)
    selection = comparison.selection
    return (
        "Eén vergelijking met de Europese top rust in deze monitor op echte cijfers die voor "
        "elke universiteit op dezelfde manier zijn gemeten: het aandeel wetenschappelijke "
        "publicaties met ten minste één co-auteur uit het bedrijfsleven, uit de CWTS Leiden "
        f"Ranking {selection.edition} (publicaties {selection.period}, alle "
        "wetenschapsgebieden, volledige telling)"
        f"^[{citation(chapter)}.]. Dit aandeel is een erkende indicator "
        "voor kennisuitwisseling met bedrijven: het meet samenwerking in onderzoek, geen "
        "inkomsten, octrooien of spin-offs.\n\n"
        f"{top['name']} heeft met {_pct(float(top['share_pct']))} het hoogste aandeel van de "
        f"{fmt.number(counts['total'])} Nederlandse universiteiten in de ranglijst; "
        f"{bottom['name']} het laagste ({_pct(float(bottom['share_pct']))}). De Europese top "
        f"komt uit op {peer_text}. {fmt.number(counts['higher'])} Nederlandse universiteiten "
        f"liggen boven alle drie, {fmt.number(counts['lower'])} eronder; bij "
        f"{fmt.number(counts['mixed'])} is het verschil met ten minste één van de drie niet "
        "groter dan de steekproefonzekerheid. Van alle "
        f"{fmt.number(comparison.n_ranked)} universiteiten in de ranglijst ligt de mediaan op "
        f"{_pct(comparison.median_pct)}; {fmt.number(above_median)} van de "
        f"{fmt.number(counts['total'])} Nederlandse universiteiten liggen daarboven, en "
        f"{top['name']} staat op plaats {fmt.number(int(top['rank']))}.\n\n"
        f"{cp.uncertainty_text(comparison)} Het aandeel hangt sterk af van de vakgebieden "
        "waarin een universiteit publiceert: technische universiteiten publiceren vaker met "
        "bedrijven dan brede of bedrijfskundige. Een verschil in deze tabel beschrijft dus een "
        "profiel, geen prestatie of effect van beleid."
    )


# --------------------------------------------------------------------------- fact sheets


def factsheet_keyfigures(
    chapter: CopublicationChapter, institution_id: str
) -> list[dict[str, str]]:
    """Key figures for an institution's fact sheet; empty when the ranking does not list it."""
    figures = cp.institution_copublication(chapter.comparison, institution_id)
    if figures is None:
        return []
    selection = chapter.comparison.selection
    note = (
        f"Leiden Ranking {selection.edition}, {selection.period}; echte cijfers, geen demonstratie"
    )
    return [
        {
            "label": "Publicaties met het bedrijfsleven (aandeel)",
            "value": _pct(figures.share_pct),
            "note": f"95%-interval {fmt.number(figures.ci_low_pct, 1)}–"
            f"{fmt.number(figures.ci_high_pct, 1)}%; {note}",
        },
        {
            "label": "Publicaties met het bedrijfsleven (aantal)",
            "value": fmt.number(figures.count),
            "note": note,
        },
        {
            "label": "Plaats in de ranglijst",
            "value": f"{fmt.number(figures.rank)} van {fmt.number(figures.n_ranked)}",
            "note": f"hoger dan {fmt.number(figures.percentile, 1)}% van de andere "
            "universiteiten in de ranglijst",
        },
    ]


def factsheet_markdown(chapter: CopublicationChapter, institution_id: str) -> str:
    """One Dutch paragraph for the fact sheet; empty when the ranking does not list it."""
    figures = cp.institution_copublication(chapter.comparison, institution_id)
    if figures is None:
        return ""
    peers = _join(
        [f"{chapter.short_names.get(p, p)} {_pct(share)}" for p, _, share in figures.peers]
    )
    return (
        f"In de {figures.window}^[{cite(figures.source_id, chapter.sources)}.] had {figures.name} {fmt.number(figures.count)} publicaties "
        f"met een co-auteur uit het bedrijfsleven, {_pct(figures.share_pct)} van alle "
        f"publicaties (95%-interval {fmt.number(figures.ci_low_pct, 1)}–"
        f"{fmt.number(figures.ci_high_pct, 1)}%, alleen steekproefonzekerheid). Daarmee staat "
        f"de universiteit op plaats {fmt.number(figures.rank)} van "
        f"{fmt.number(figures.n_ranked)}. Ter vergelijking: {peers}. Dit zijn echte, "
        "geciteerde cijfers, geen demonstratiegegevens."
    )


def accounts_table(data_dir: Path, institution_id: str) -> ChapterTable | None:
    """The institution's annual-accounts figures (real, cited), or None when there are none."""
    data_dir = Path(data_dir)
    path = data_dir / reference.INSTITUTION_FIGURES_FILE
    if not path.is_file():
        return None
    figures = cp.institution_figures(reference.load_institution_figures(data_dir), institution_id)
    if figures.empty:
        return None
    sources = load_sources(data_dir)
    frame = pd.DataFrame(
        {
            "Jaar": figures["year"].astype("int64"),
            "Gegeven": figures["label_nl"],
            "Waarde": figures["value"],
            "Eenheid": figures["unit"].map(UNIT_NL).fillna(figures["unit"]),
            "Toelichting": figures["definition_note_nl"],
            "Status": figures["status"].map(STATUS_NL).fillna(figures["status"]),
            "Bron": [cite(s, sources) for s in figures["source_id"]],
        }
    )
    money = figures["unit"] == "EUR"
    formats = {"Jaar": "year", "Waarde": "money" if bool(money.all()) else "number:0"}
    ids = tuple(sorted(set(figures["source_id"])))
    return ChapterTable(
        name=f"jaarrekening-{institution_id}",
        caption=(
            "Cijfers uit jaarverslag en jaarrekening (echte cijfers, los van de "
            "demonstratiereeks; andere definitie dan de indicator van de monitor)"
        ),
        frame=frame,
        formats=formats,
        source_note="Bron per regel; bedragen in euro's van het genoemde jaar (lopende prijzen).",
        source_ids=ids,
    )
