"""Chapter 3 opening, chapter 2 and the fact sheets: industry co-publications, real and cited.

The chapter on the European top starts with the one comparison that rests on real
figures measured the same way for every university: the share of publications
co-authored with industry in the CWTS Leiden Ranking. This module turns
`analysis.copublications` into what a notebook shows: tables with Dutch column
names (raw numbers, with display formats), one chart in the house style, the
Dutch texts and, per institution, the fact-sheet figures and the annual-accounts
figures. Every table, chart and key figure carries ``basis="real"`` and the source
ids behind it, so the report labels it as resting on a cited source and never as
demonstration data. Citations go through `analysis.sources.cite`, the one place
that decides how the report cites a source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import copublications as cp
from analysis import escape, reference
from analysis import formatting as fmt
from analysis.labels import SOURCE_STATUS_LABELS
from analysis.sources import cite, format_date_nl, load_sources

GROUP_NL = "Nederlandse universiteit"
GROUP_PEER = "Europese top"
#: Verdict of a Dutch university against all three peers (`cp.against_all_peers`).
VERDICT_NL = {
    "higher": "hoger dan alle drie",
    "lower": "lager dan alle drie",
    "mixed": "niet eenduidig",
}
#: Labels of the basis a reader sees come from the renderer; here only the value.
REAL = "real"


@dataclass(frozen=True)
class ChapterTable:
    """A table ready for `Report.table`: Dutch columns, raw values, formats, source.

    `basis` is what the numbers rest on ("real": a cited source); `pdf` False keeps the
    table on the site (and in its CSV) only.
    """

    name: str
    caption: str
    frame: pd.DataFrame
    formats: dict[str, str]
    source_note: str
    source_ids: tuple[str, ...]
    basis: str = REAL
    pdf: bool = True


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
    comparison = cp.compare(table, selection=selection, names=names)
    return CopublicationChapter(comparison, names, short, load_sources(data_dir))


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


# --------------------------------------------------------------------------- tables

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
    return {str(k): VERDICT_NL.get(str(v), str(v)) for k, v in verdicts.items()}


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
    for peer in cp.PEERS:
        if f"diff_{peer}" not in table.columns or peer not in set(table["unit_id"]):
            continue
        name = chapter.short_names.get(peer, peer)
        for suffix, label in (("", "verschil"), ("_low", "ondergrens"), ("_high", "bovengrens")):
            column = f"{name}: {label} (procentpunt)"
            frame[column] = table[f"diff_{peer}{suffix}"]
            formats[column] = "number:1"
    return ChapterTable(
        name="copublicaties-verschillen",
        caption=(
            "Verschil in aandeel co-publicaties met bedrijven met ETH Zürich, Oxford en "
            "KU Leuven, in procentpunten, met 95%-interval (Newcombe)"
        ),
        frame=frame,
        formats=formats,
        source_note=source_note(chapter),
        source_ids=comparison.source_ids,
        pdf=False,
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
    low, high = comparison.quartiles_pct
    return (
        "Puntdiagram met per universiteit het aandeel publicaties met een co-auteur uit het "
        f"bedrijfsleven en het 95%-interval, voor {fmt.number(_counts(chapter)['total'])} "
        f"Nederlandse universiteiten en {_join(_peer_names(chapter))}; de stippellijn is de "
        f"mediaan van alle {fmt.number(comparison.n_ranked)} universiteiten in de ranglijst "
        f"({fmt.number(comparison.median_pct, 1)}%), de grijze band de middelste helft "
        f"({fmt.number(low, 1)}–{fmt.number(high, 1)}%)."
    )


def chart(chapter: CopublicationChapter) -> ChapterChart:
    """Dot plot with intervals, Dutch universities and peers in the house colours, over the
    middle half of all ranked universities (grey band) and their median (dashed)."""
    import altair as alt

    from analysis import charts

    frame = chart_frame(chapter)
    median = chapter.comparison.median_pct
    q1, q3 = chapter.comparison.quartiles_pct
    x_title = "Aandeel publicaties met het bedrijfsleven (%)"
    y = alt.Y("Universiteit:N", sort=None, title=None, axis=alt.Axis(labelLimit=260))
    colour = alt.Color(
        "Groep:N",
        scale=alt.Scale(domain=[GROUP_NL, GROUP_PEER], range=[charts.NL_COLOR, charts.PEER_COLOR]),
        legend=alt.Legend(title=None),
    )
    scale = alt.Scale(zero=True)
    base = alt.Chart()
    band = (
        alt.Chart(alt.InlineData(values=[{"q1": q1, "q3": q3}]))
        .mark_rect(color=charts.GRID_COLOR, opacity=0.6)
        .encode(x=alt.X("q1:Q", scale=scale), x2="q3:Q")
    )
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
    layered = alt.layer(band, reference_line, interval, point, data=frame).properties(
        title=chart_title(chapter), width=charts.WIDTH, height=alt.Step(20)
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
            f"{_name(chapter.short_names.get(p, p))} ({_pct(float(peers[p]['share_pct']))})"
            for p in cp.PEERS
            if p in peers
        ]
    )
    above_median = sum(float(r["share_pct"]) > comparison.median_pct for r in dutch)
    q1, q3 = comparison.quartiles_pct
    selection = comparison.selection
    return (
        "Eén vergelijking met de Europese top rust in deze monitor op echte cijfers die voor "
        "elke universiteit op dezelfde manier zijn gemeten: het aandeel wetenschappelijke "
        "publicaties met ten minste één co-auteur uit het bedrijfsleven, uit de CWTS Leiden "
        f"Ranking {selection.edition} (publicaties {selection.period}, alle "
        "wetenschapsgebieden, volledige telling)"
        f"{_footnote(citation(chapter) + '.')}. Dit aandeel is een erkende indicator "
        "voor kennisuitwisseling met bedrijven: het meet samenwerking in onderzoek, geen "
        "inkomsten, octrooien of spin-offs.\n\n"
        f"{_name(top['name'])} heeft met {_pct(float(top['share_pct']))} het hoogste aandeel van de "
        f"{fmt.number(counts['total'])} Nederlandse universiteiten in de ranglijst; "
        f"{_name(bottom['name'])} het laagste ({_pct(float(bottom['share_pct']))}). De Europese top "
        f"komt uit op {peer_text}. Boven alle drie liggen {fmt.number(counts['higher'])} "
        f"Nederlandse universiteiten, eronder {fmt.number(counts['lower'])}; bij "
        f"{fmt.number(counts['mixed'])} is het verschil met ten minste één van de drie niet "
        "groter dan de steekproefonzekerheid. Van alle "
        f"{fmt.number(comparison.n_ranked)} universiteiten in de ranglijst ligt de mediaan op "
        f"{_pct(comparison.median_pct)} en de middelste helft tussen {_pct(q1)} en {_pct(q3)} "
        f"(de grijze band in de figuur); {fmt.number(above_median)} van de "
        f"{fmt.number(counts['total'])} Nederlandse universiteiten liggen boven de mediaan, en "
        f"{_name(top['name'])} staat op plaats {fmt.number(int(top['rank']))}.\n\n"
        f"{cp.uncertainty_text(comparison)} Het aandeel hangt sterk af van de vakgebieden "
        "waarin een universiteit publiceert: technische universiteiten publiceren vaker met "
        "bedrijven dan brede of bedrijfskundige. Een verschil in deze tabel beschrijft dus een "
        "profiel, geen prestatie of effect van beleid. Deze cijfers zijn echt en met bron "
        "vermeld; de vergelijkingen verderop in dit hoofdstuk rusten op demonstratiegegevens."
    )


def national_markdown(chapter: CopublicationChapter) -> str:
    """Chapter 2's short paragraph on the same real indicator (details in chapter 3)."""
    comparison = chapter.comparison
    dutch = [r for r in cp.row_dicts(comparison.table) if r["group"] == "nl"]
    if not dutch:
        return ""
    selection = comparison.selection
    shares = [float(r["share_pct"]) for r in dutch]
    above = sum(v > comparison.median_pct for v in shares)
    top, bottom = dutch[0], dutch[-1]
    return (
        "Eén indicator in dit hoofdstuk rust niet op demonstratiegegevens maar op echte cijfers: "
        "het aandeel publicaties met een co-auteur uit het bedrijfsleven, per universiteit "
        f"gemeten in de CWTS Leiden Ranking {selection.edition} (publicaties "
        f"{selection.period}; bron onder de tabel). Van de {fmt.number(len(dutch))} "
        f"Nederlandse universiteiten in de ranglijst liggen er {fmt.number(above)} boven de "
        f"mediaan van alle {fmt.number(comparison.n_ranked)} universiteiten "
        f"({_pct(comparison.median_pct)}); het aandeel loopt van {_pct(float(bottom['share_pct']))} "
        f"({_name(bottom['name'])}) tot {_pct(float(top['share_pct']))} ({_name(top['name'])}). Hoofdstuk 3 "
        "zet deze cijfers naast ETH Zürich, Oxford en KU Leuven."
    )


# --------------------------------------------------------------------------- fact sheets


def factsheet_keyfigures(
    chapter: CopublicationChapter, institution_id: str
) -> list[dict[str, str]]:
    """The fact sheet's key figure (basis real); empty when the ranking does not list it.

    One box, so a sheet's key figures stay on one row and the sheet on one page: the
    share as the value, its interval, the count and the place in the note; the peers'
    shares are beside them in chapter 3.
    """
    figures = cp.institution_copublication(chapter.comparison, institution_id)
    if figures is None:
        return []
    selection = chapter.comparison.selection
    return [
        {
            "label": f"Co-publicaties met bedrijven (Leiden Ranking {selection.edition})",
            "value": _pct(figures.share_pct),
            "note": f"95%-interval {fmt.number(figures.ci_low_pct, 1)}–"
            f"{fmt.number(figures.ci_high_pct, 1)}%; {fmt.number(figures.count)} publicaties "
            f"{selection.period}; plaats {fmt.number(figures.rank)} van "
            f"{fmt.number(figures.n_ranked)}",
            "basis": REAL,
        }
    ]


def factsheet_markdown(chapter: CopublicationChapter, institution_id: str) -> str:
    """One Dutch paragraph for the fact sheet; empty when the ranking does not list it."""
    figures = cp.institution_copublication(chapter.comparison, institution_id)
    if figures is None:
        return ""
    peers = _join(
        [f"{_name(chapter.short_names.get(p, p))} {_pct(share)}" for p, _, share in figures.peers]
    )
    return (
        f"In de {figures.window}{_footnote(cite(figures.source_id, chapter.sources) + '.')} had {_name(figures.name)} {fmt.number(figures.count)} publicaties "
        f"met een co-auteur uit het bedrijfsleven, {_pct(figures.share_pct)} van alle "
        f"publicaties (95%-interval {fmt.number(figures.ci_low_pct, 1)}–"
        f"{fmt.number(figures.ci_high_pct, 1)}%, alleen steekproefonzekerheid). Daarmee staat "
        f"de universiteit op plaats {fmt.number(figures.rank)} van "
        f"{fmt.number(figures.n_ranked)}. Ter vergelijking: {peers}. Dit zijn echte, "
        "geciteerde cijfers, geen demonstratiegegevens."
    )


@dataclass(frozen=True)
class Accounts:
    """The annual-accounts figures of every institution, read once (a thousand sheets)."""

    figures: pd.DataFrame
    sources: pd.DataFrame = field(repr=False)

    @classmethod
    def load(cls, data_dir: Path) -> Accounts:
        """The figures of `data_dir` (none when the folder predates the table)."""
        data_dir = Path(data_dir)
        if not (data_dir / reference.INSTITUTION_FIGURES_FILE).is_file():
            return cls(pd.DataFrame(columns=["institution_id"]), load_sources(data_dir))
        return cls(reference.load_institution_figures(data_dir), load_sources(data_dir))


def short_citation(source_id: str, sources: pd.DataFrame) -> str:
    """'Universiteit Twente, juli 2024 [55]' (publisher, date and the reference number, with
    the status where it is not read): a fact sheet has room for an author-date citation;
    the number leads to the full entry, with title and address, in annex B."""
    number = cite(source_id, sources)  # raises the register's own error for an unknown id
    record = sources.loc[sources["source_id"] == source_id].iloc[0]
    parts = [str(record["publisher"]).strip()]
    date = str(record["date"]).strip() if isinstance(record["date"], str) else ""
    if date:
        parts.append(format_date_nl(date))
    status = SOURCE_STATUS_LABELS.get(str(record["status"]), "")
    text = ", ".join(p for p in parts if p) + f" {number}"
    return f"{text} ({status})" if status and record["status"] != "read" else text


#: How a year's income in the accounts differs from the monitor's contract-research value.
ACCOUNTS_MONEY_NOTE = (
    "Bedragen: baten in het boekjaar, in euro's van dat jaar; niet de waarde van de in het "
    "jaar getekende overeenkomsten die de monitor als contractonderzoek telt."
)


def accounts_note(figures: pd.DataFrame) -> str:
    """What the figures under a fact sheet measure, short enough for one page: the own note
    of every figure not read in the institution's own report (a secondary source, a year
    inferred, a concept that may be wider). The money rule (`ACCOUNTS_MONEY_NOTE`) is said
    once, where the annex opens."""
    parts = []
    own = figures[figures["status"] != "read"]
    for label, note in dict.fromkeys(zip(own["label_nl"], own["definition_note_nl"], strict=True)):
        # "Aangevraagde octrooien: aangevraagde octrooien volgens ..." says the label twice
        said = str(note).lower().startswith(str(label).lower())
        parts.append(f"{note[:1].upper() + note[1:]}." if said else f"{label}: {note}.")
    return " ".join(parts)


def accounts_table(data: Path | Accounts, institution_id: str) -> ChapterTable | None:
    """The institution's annual-accounts figures (real, cited), or None when there are none.

    Money and counts get their own column, so the CSV holds numbers and the page shows
    euros as euros. What each figure measures, and how it differs from the monitor's
    indicator of the same name, is said once under the table, with the sources.
    """
    accounts = data if isinstance(data, Accounts) else Accounts.load(Path(data))
    if accounts.figures.empty:
        return None
    figures = cp.institution_figures(accounts.figures, institution_id)
    if figures.empty:
        return None
    money = figures["unit"] == "EUR"
    frame = pd.DataFrame(
        {
            "Jaar": figures["year"].astype("int64"),
            "Gegeven": figures["label_nl"],
            "Bedrag": figures["value"].where(money).astype("float64"),
            "Aantal": figures["value"].where(~money).astype("float64"),
            "Herkomst": figures["status"].map(SOURCE_STATUS_LABELS).fillna(figures["status"]),
        }
    )
    formats = {"Jaar": "year", "Bedrag": "money", "Aantal": "number:0"}
    if not bool((~money).any()):
        frame = frame.drop(columns="Aantal")
        del formats["Aantal"]
    if not bool(money.any()):
        frame = frame.drop(columns="Bedrag")
        del formats["Bedrag"]
    ids = tuple(sorted(set(figures["source_id"])))
    citations = "; ".join(short_citation(source, accounts.sources) for source in ids)
    return ChapterTable(
        name=f"jaarrekening-{institution_id.replace('_', '-')}",
        caption="Echte cijfers over de instelling, anders gemeten dan de monitor",
        frame=frame.reset_index(drop=True),
        formats=formats,
        source_note=f"Bron: {citations}. {accounts_note(figures)}".strip(),
        source_ids=ids,
    )
