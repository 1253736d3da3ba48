"""Industry co-publications chapter, the text of chapters 2 and 3 and of the fact sheets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.data.sources import cite, format_date_nl, load_sources
from analysis.methods import copublications as cp
from analysis.publication import formatting as fmt
from analysis.publication.chapters import levels as level_words
from analysis.publication.chapters.copublications.shared import (
    REAL,
    CopublicationChapter,
    _counts,
    _footnote,
    _join,
    _name,
    citation,
)
from analysis.publication.chapters.pointers import see_annex
from analysis.publication.chapters.terms import abbreviations, explain
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import SOURCE_STATUS_LABELS


def _pct(value: float) -> str:
    return f"{fmt.number(value, 1)}%"


def intro_markdown(chapter: CopublicationChapter) -> str:
    """The opening section of chapter 3 in plain words, every number taken from the
    comparison; how the intervals and the verdicts are computed is in Bijlage B
    (`method_markdown`)."""
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
        "publicaties met ten minste één co-auteur uit het bedrijfsleven, uit de "
        + explain(
            "leiden ranking",
            f"Leiden Ranking {selection.edition}",
            f"publicaties {selection.period}, alle wetenschapsgebieden",
        )
        + f"{_footnote(citation(chapter) + '.')}. Dit aandeel meet samenwerking met bedrijven in "
        "onderzoek, geen inkomsten, octrooien of spin-offs.\n\n"
        f"{_name(top['name'])} heeft met {_pct(float(top['share_pct']))} het hoogste aandeel van de "
        f"{fmt.number(counts['total'])} Nederlandse universiteiten in de ranglijst; "
        f"{_name(bottom['name'])} het laagste ({_pct(float(bottom['share_pct']))}). De Europese top "
        f"komt uit op {peer_text}. {fmt.number(counts['higher'])} Nederlandse universiteiten "
        f"publiceren vaker met bedrijven dan alle drie, {fmt.number(counts['lower'])} minder "
        f"vaak; bij {fmt.number(counts['mixed'])} is het verschil met ten minste één van de drie "
        f"niet te onderscheiden van toeval. Van alle {fmt.number(comparison.n_ranked)} "
        f"universiteiten in de ranglijst ligt de {explain('mediaan')} op "
        f"{_pct(comparison.median_pct)} en de middelste helft tussen {_pct(q1)} en {_pct(q3)} "
        f"(de grijze band in de figuur); {fmt.number(above_median)} van de "
        f"{fmt.number(counts['total'])} Nederlandse universiteiten liggen boven de mediaan, en "
        f"{_name(top['name'])} staat op plaats {fmt.number(int(top['rank']))}.\n\n"
        f"Bij elk aandeel staat een {level_words.interval(chapter.levels)}: daarbinnen ligt het "
        f"aandeel {level_words.sure(chapter.levels)}, "
        "als alleen het toeval bij dit aantal publicaties meespeelt. Onzekerheid over wat als "
        "bedrijf telt en welke publicaties bij een universiteit horen, zit er niet in "
        f"({see_annex(3)}). Het aandeel hangt mede af van de vakgebieden "
        "waarin een universiteit publiceert: in deze cijfers publiceren de technische "
        "universiteiten het vaakst met bedrijven. Hoeveel van een verschil de vakgebieden "
        "verklaren, kan de monitor niet nagaan: de gebruikte kopie heeft geen cijfers per "
        "vakgebied. Een verschil in deze tabel beschrijft dus (mede) een profiel, geen "
        "prestatie of effect van beleid." + _abbreviations(chapter)
    )


def _abbreviations(chapter: CopublicationChapter) -> str:
    """' De figuur en de tabellen noemen de universiteiten bij hun korte naam (…).', before
    the figure that first uses them; '' when no short name is an abbreviation."""
    dutch = [r for r in cp.row_dicts(chapter.comparison.table) if r["group"] == "nl"]
    shown = [chapter.short_names.get(str(r["unit_id"]), "") for r in dutch]
    full = pd.DataFrame({"short_name": shown, "name_nl": [str(r["name"]) for r in dutch]})
    key = abbreviations(shown, full)
    if not key:
        return ""
    return (
        " De figuur en de tabellen hieronder noemen de universiteiten bij hun korte naam "
        f"({_name(key)})."
    )


def opening_markdown(chapter: CopublicationChapter) -> str:
    """Chapter 3's first paragraph before any submission: what the one real comparison with
    the top finds, in plain words, and what cannot be measured yet."""
    counts = _counts(chapter)
    return (
        "Op het enige cijfer dat voor elke universiteit op dezelfde manier is gemeten, het "
        "aandeel publicaties samen met het bedrijfsleven, publiceren "
        f"{fmt.number(counts['higher'])} van de {fmt.number(counts['total'])} Nederlandse "
        f"universiteiten vaker met bedrijven dan ETH Zürich, Oxford en KU Leuven, en "
        f"{fmt.number(counts['lower'])} minder vaak; bij {fmt.number(counts['mixed'])} is het "
        "verschil niet te onderscheiden van toeval. Dat zegt iets over samenwerking in onderzoek "
        "en hangt mede af van de vakgebieden; het is geen maat voor prestatie. Hoe ver Nederland "
        "op octrooien, licenties en spin-offs van de top af staat, is nog niet te meten: daarvoor "
        "zijn nog geen opgaven van de instellingen."
    )


def national_opening_markdown(chapter: CopublicationChapter | None, n_public: int) -> str:
    """Chapter 2's first paragraph before any submission: the real figures there are (the
    co-publications, figures read in annual reports) and what is not measured yet."""
    parts = []
    if chapter is not None:
        comparison = chapter.comparison
        dutch = [r for r in cp.row_dicts(comparison.table) if r["group"] == "nl"]
        above = sum(float(r["share_pct"]) > comparison.median_pct for r in dutch)
        parts.append(
            f"{fmt.number(above)} van de {fmt.number(len(dutch))} Nederlandse universiteiten "
            "publiceren vaker samen met bedrijven dan de middelste universiteit in een "
            "wereldwijde ranglijst."
        )
    if n_public:
        parts.append(
            f"Voor {fmt.number(n_public)} instellingen geven jaarverslagen en andere openbare "
            "bronnen losse cijfers over kennisoverdracht, die elk iets anders tellen."
        )
    parts.append(
        "Landelijke cijfers over uitvindingen, octrooien, licenties en spin-offs zijn er nog "
        "niet: de instellingen hebben ze nog niet opgegeven."
    )
    return " ".join(parts)


def method_markdown(chapter: CopublicationChapter) -> str:
    """How chapter 3's co-publication figures are computed: counting, the intervals of a
    share and of a difference, and the correction for the number of comparisons (Bijlage B)."""
    comparison = chapter.comparison
    counts = _counts(chapter)
    n_peers = sum(1 for r in cp.row_dicts(comparison.table) if r["group"] == "peer")
    return (
        f"**Publicaties met bedrijven.** De Leiden Ranking {comparison.selection.edition} telt "
        "volledig: een publicatie telt mee bij elke universiteit waaraan een van de auteurs "
        f"verbonden is. {cp.uncertainty_text(comparison, level_words.confidence(chapter.levels))} Het verschil tussen een Nederlandse "
        f"universiteit en een instelling van de top krijgt een {level_words.interval(chapter.levels)} "
        "volgens Newcombe "
        "(uit de twee Wilson-intervallen) en een p-waarde uit dat interval. De "
        f"{fmt.number(counts['total'] * n_peers)} vergelijkingen van de Nederlandse universiteiten "
        f"met de {fmt.number(n_peers)} instellingen van de top zijn samen gecorrigeerd voor het "
        "aantal toetsen (Holm): een universiteit heet ‘vaker’ of ‘minder vaak’ dan de top als het "
        "interval van het verschil met elk van de drie nul uitsluit en dat verschil na de "
        f"correctie significant is bij {level_words.test(chapter.levels)}; anders is het verschil "
        "niet te onderscheiden van "
        "toeval."
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
        "Voor elke universiteit op dezelfde manier gemeten is het aandeel publicaties met een "
        "co-auteur uit het bedrijfsleven, in de "
        + explain(
            "leiden ranking",
            f"Leiden Ranking {selection.edition}",
            f"publicaties {selection.period}, bron onder de tabel",
        )
        + f". Van de {fmt.number(len(dutch))} "
        f"Nederlandse universiteiten in de ranglijst liggen er {fmt.number(above)} boven de "
        f"{explain('mediaan')} van alle {fmt.number(comparison.n_ranked)} universiteiten "
        f"({_pct(comparison.median_pct)}); het aandeel loopt van {_pct(float(bottom['share_pct']))} "
        f"({_name(bottom['name'])}) tot {_pct(float(top['share_pct']))} ({_name(top['name'])}). Hoofdstuk 3 "
        "zet deze cijfers naast ETH Zürich, Oxford en KU Leuven."
    )


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
            "note": f"{level_words.interval(chapter.levels)} {fmt.number(figures.ci_low_pct, 1)}–"
            f"{fmt.number(figures.ci_high_pct, 1)}%; {fmt.number(figures.count)} publicaties "
            f"{selection.period}; plaats {fmt.number(figures.rank)} van "
            f"{fmt.number(figures.n_ranked)}",
            "basis": REAL,
        }
    ]


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
#: The columns of a table of figures from annual accounts and other public sources.
FIGURE_COLUMNS: dict[str, Column] = {
    "Jaar": Column(format="year"),
    "Bedrag": Column(format="money"),
    "Aantal": Column(format="number:0"),
}

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


def accounts_table(data: Path | Accounts, institution_id: str) -> Table | None:
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
    columns = dict(FIGURE_COLUMNS)
    if not bool((~money).any()):
        frame = frame.drop(columns="Aantal")
        del columns["Aantal"]
    if not bool(money.any()):
        frame = frame.drop(columns="Bedrag")
        del columns["Bedrag"]
    ids = tuple(sorted(set(figures["source_id"])))
    citations = "; ".join(short_citation(source, accounts.sources) for source in ids)
    return Table(
        name=f"jaarrekening-{institution_id.replace('_', '-')}",
        caption="Echte cijfers over de instelling, anders gemeten dan de monitor",
        frame=frame.reset_index(drop=True),
        columns=columns,
        source_note=f"Bron: {citations}. {accounts_note(figures)}".strip(),
        basis="real",
    )
