"""Chapter 1: Terugblik Valorisatieprogramma 2010–2018.

Everything shown comes from the cited tables in `data/raw/valorisatieprogramma/`;
values that no source gives stay missing and are shown as such, never filled in.
Sources are cited by their number in the reference list of the appendix
(`analysis.data.sources.cite`), statuses in Dutch (`analysis.publication.labels.status_label`), and
every table the reader sees has Dutch column names (the CSV keeps the same names).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.data.sources import cite, load_sources, source_line
from analysis.publication import escape, labels
from analysis.publication import formatting as fmt
from analysis.publication.chapters import terms
from analysis.publication.chapters.terms import explain
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import MODEL_LABELS, status_label

#: The policy response to the evaluation (Kamerstuk 32 637 nr. 339) and the evaluation
#: itself (Dialogic, 2018): the sources of the typology and of the evaluation's findings.
POLICY_RESPONSE_SOURCE = "kamerstuk_32637_339"
EVALUATION_SOURCE = "dialogic_eindevaluatie_2018"

#: Period wordings of `programme.csv` that are not Dutch yet ('from 2019').
_PERIOD_WORDS = (("from ", "vanaf "), ("until ", "tot "), ("c. ", "ca. "))


def period_nl(text: object) -> str:
    """A period as the reader sees it: '2010–2018' unchanged, 'from 2019' as 'vanaf 2019'."""
    if not isinstance(text, str):
        return ""
    out = text.strip()
    for english, dutch in _PERIOD_WORDS:
        if out.startswith(english):
            out = dutch + out[len(english) :]
    return out


def statuses_nl(column: pd.Series) -> pd.Series:
    """Status codes in Dutch; an empty status stays empty (the value is then missing too)."""
    return column.map(lambda v: status_label(str(v)) if isinstance(v, str) and v else "")


def load_programme(data_dir: Path) -> pd.DataFrame:
    return reference.load_programme(data_dir)


def load_consortia(data_dir: Path) -> pd.DataFrame:
    return reference.load_consortia(data_dir)


def fact(programme: pd.DataFrame, fact_id: str) -> pd.Series:
    """One programme fact by id; a KeyError names the id if the table lacks it."""
    match = programme.loc[programme["fact_id"] == fact_id]
    if match.empty:
        raise KeyError(f"valorisatieprogramma/programme.csv has no fact {fact_id!r}")
    return match.iloc[0]


#: The unit of a programme fact in words, for the CSV download's unit column.
_UNIT_NL = {"EUR": "euro", "percent": "procent", "year": "jaar"}


def _format_fact(row: pd.Series) -> str:
    return _fact_cell(row["value"], _UNIT_NL.get(str(row["unit"]), "aantal"))


def _fact_cell(value: object, unit: str) -> str:
    """A programme fact in its own unit ("€ 62,7 mln", "50%", "2018"), by its unit in words."""
    if unit == "euro":
        return fmt.money_eur(value)
    if unit == "procent":
        return fmt.number(value) + "%"
    if unit == "jaar":
        return fmt.year(value)
    return fmt.number(value)


def intro_markdown(data_dir: Path) -> str:
    """The chapter's opening paragraph, with every number taken from programme.csv."""
    programme = load_programme(data_dir)
    sources = load_sources(data_dir)
    subsidy = fact(programme, "state_subsidy_total")
    consortia = fact(programme, "consortia_n")
    start = fact(programme, "programme_start_year")
    end = fact(programme, "programme_end_year")
    supported = fact(programme, "startups_smes_supported")
    max_project = fact(programme, "max_subsidy_per_project")
    share = fact(programme, "max_subsidy_share_of_costs")

    def note(row: pd.Series) -> str:
        return " " + escape.markdown(cite(str(row["source_id"]), sources))

    return (
        f"Valorisatie is {terms.term('valorisatie').short}. "
        f"Het Valorisatieprogramma liep van {fmt.year(start['value'])} tot en met "
        f"{fmt.year(end['value'])}. In totaal is {_format_fact(subsidy)} Rijkssubsidie toegekend "
        f"aan {fmt.number(consortia['value'])} regionale consortia{note(subsidy)}; de betrokken "
        "regionale partijen droegen ongeveer een zelfde bedrag bij. Per project was de subsidie "
        f"ten hoogste {_format_fact(max_project)} en ten hoogste {fmt.number(share['value'])}% van "
        f"de projectkosten{note(max_project)}. Met het programma zijn ongeveer "
        f"{fmt.number(supported['value'])} startups en mkb-bedrijven ondersteund{note(supported)}.\n\n"
        + findings_markdown(data_dir)
    )


def findings_markdown(data_dir: Path) -> str:
    """What chapter 1 finds, in plain words: how much of the subsidy per consortium is public,
    how the evaluation typed the consortia, and what cannot be measured."""
    consortia = load_consortia(data_dir)
    programme = load_programme(data_dir)
    known = consortia["state_subsidy_eur"].notna()
    counts = consortia["evaluation_model"].value_counts()
    per_model = [int(counts.get(m, 0)) for m in ("push", "exchange", "serve")]
    models = (
        f"elk bij {fmt.number(per_model[0])} consortia"
        if len(set(per_model)) == 1
        else join_nl(
            [
                f"{fmt.number(n)} consortia in het {MODEL_LABELS[m]}"
                for m, n in zip(("push", "exchange", "serve"), per_model, strict=True)
            ]
        )
    )
    total = fact(programme, "state_subsidy_total")["value"]
    return (
        f"Hoeveel elk {explain('consortium')} kreeg, is maar deels openbaar: voor "
        f"{fmt.number(known.sum())} "
        f"van de {fmt.number(len(consortia))} is een bedrag gevonden, samen "
        f"{fmt.money_eur(consortia.loc[known, 'state_subsidy_eur'].sum())} van de "
        f"{fmt.money_eur(total)}. De evaluatie onderscheidt drie manieren waarop de consortia "
        f"werkten, {models} (paragraaf 1.2). Wat het programma aan kennisoverdracht opleverde, "
        "kan de monitor niet meten: er zijn geen cijfers per instelling over die jaren."
    )


def programme_table(data_dir: Path) -> Table:
    """Programme-level facts, each with its status and source number.

    The page writes each value in its own unit ("€ 62,7 mln", "50%"); the CSV holds it as
    a number with its unit in a column of its own.
    """
    programme = load_programme(data_dir)
    sources = load_sources(data_dir)
    return Table(
        "programma_kerngegevens",
        "Kerngegevens van het Valorisatieprogramma 2010–2018, met status en bron",
        pd.DataFrame(
            {
                "Gegeven": programme["fact"],
                "Waarde": programme["value"].astype("float64"),
                "Eenheid": [_UNIT_NL.get(str(u), "aantal") for u in programme["unit"]],
                "Periode": programme["period"].map(period_nl),
                "Status": statuses_nl(programme["status"]),
                "Bron": [cite(s, sources) for s in programme["source_id"]],
            }
        ),
        {"Waarde": Column(format=_fact_cell, reads=("Waarde", "Eenheid"))},
        show=("Gegeven", "Waarde", "Periode", "Status", "Bron"),
    )


def member_lists(data_dir: Path) -> dict[str, str]:
    """Per consortium its knowledge institutions (short names), lead first and marked.

    Membership that the sources only suggest (status inferred) gets an asterisk, so the
    table never presents an unconfirmed partner as fact.
    """
    members = reference.load_programme_members(data_dir)
    lists: dict[str, str] = {}
    for consortium_id, group in members.groupby("consortium_id", sort=False):
        group = group.sort_values("role", key=lambda s: s.ne("lead"), kind="stable")
        parts = []
        for _, row in group.iterrows():
            name = str(row["institution_name"])
            if row["role"] == "lead":
                name += " (penvoerder)"
            if row["status"] == "inferred":
                name += "*"
            parts.append(name)
        lists[str(consortium_id)] = ", ".join(parts)
    return lists


def members_key_markdown(data_dir: Path) -> str:
    """Before the consortium table: the knowledge institutions' short names it uses, with
    their full names, and what a penvoerder is."""
    members = reference.load_programme_members(data_dir)
    key = terms.abbreviations(
        members["institution_name"].astype(str), reference.load_institutions(data_dir)
    )
    return (
        "De tabel noemt de kennisinstellingen bij hun korte naam"
        + (f" ({escape.markdown(key)})" if key else "")
        + f". De {terms.explain('penvoerder')} staat voorop."
    )


def consortia_table(data_dir: Path) -> Table:
    """The 12 consortia with members, subsidy, budget and model; missing stays missing.

    The subsidy's status is in the subsidy table right below it (`subsidy_by_region`),
    so this table stays narrow enough for a screen and a page.
    """
    consortia = load_consortia(data_dir)
    members = member_lists(data_dir)
    frame = pd.DataFrame(
        {
            "Regio": consortia["region"],
            "Naam": consortia["name"].fillna("niet gevonden"),
            "Kennisinstellingen": [
                members.get(c, "niet gevonden") for c in consortia["consortium_id"]
            ],
            "Jaar": consortia["award_year"],
            "Rijkssubsidie (EUR)": consortia["state_subsidy_eur"],
            "Totaalbudget (EUR)": consortia["total_budget_eur"],
            "Model (evaluatie)": consortia["evaluation_model"].map(MODEL_LABELS),
        }
    )
    money = Column(format="money")
    return Table(
        "consortia",
        "De twaalf consortia van het Valorisatieprogramma",
        frame,
        {"Rijkssubsidie (EUR)": money, "Totaalbudget (EUR)": money},
        source_note=consortia_source_note(data_dir),
    )


#: Columns of the subsidy table and chart (the reader's names; the CSV has the same).
REGION = "Consortium (regio)"
MODEL = "Model (evaluatie)"
SUBSIDY = "Rijkssubsidie (EUR)"
SUBSIDY_MLN = "Rijkssubsidie (mln euro)"
STATUS = "Status"


def subsidy_by_region(data_dir: Path) -> pd.DataFrame:
    """Per region the state subsidy where a source gives it (NaN where none does).

    Dutch column names, because this frame is the table the reader sees; the model
    stays its code (push / exchange / serve) so the chart keeps the house colours.
    """
    consortia = load_consortia(data_dir)
    return pd.DataFrame(
        {
            REGION: consortia["region"],
            MODEL: consortia["evaluation_model"],
            SUBSIDY: consortia["state_subsidy_eur"],
            STATUS: statuses_nl(consortia["state_subsidy_status"]),
        }
    ).reset_index(drop=True)


@dataclass(frozen=True)
class ProgrammeResult:
    """What chapter 1 reads once: `facts` (`programme.csv`: the programme's key facts with
    status and source) and `subsidy` (`subsidy_by_region`: the state subsidy per consortium
    where a source gives it). The chapter computes nothing beyond these cited tables; the
    notebook shows them and the key message reads the same frames."""

    facts: pd.DataFrame
    subsidy: pd.DataFrame


def compute(data_dir: Path) -> ProgrammeResult:
    """Chapter 1's cited tables, read once."""
    return ProgrammeResult(facts=load_programme(data_dir), subsidy=subsidy_by_region(data_dir))


def subsidy_table(subsidy: pd.DataFrame, data_dir: Path) -> Table:
    """The table behind the chart: the model as the reader names it ('aanbodmodel')."""
    return Table(
        "subsidie_per_consortium",
        "Rijkssubsidie per consortium volgens openbare bronnen",
        subsidy.assign(**{MODEL: subsidy[MODEL].map(MODEL_LABELS).fillna(subsidy[MODEL])}),
        {SUBSIDY: Column(format="money")},
        source_note=consortia_source_note(data_dir, members=False),
    )


def subsidy_coverage_text(data_dir: Path) -> str:
    """How much of the programme total the per-consortium sources account for."""
    programme = load_programme(data_dir)
    total = fact(programme, "state_subsidy_total")["value"]
    frame = subsidy_by_region(data_dir)
    known = frame[SUBSIDY].notna()
    return (
        f"Voor {fmt.number(known.sum())} van de {fmt.number(len(frame))} consortia is een "
        f"subsidiebedrag in openbare bronnen gevonden, samen {fmt.money_eur(frame[SUBSIDY].sum())} "
        f"van de {fmt.money_eur(total)}. Voor "
        + join_nl(list(frame.loc[~known, REGION]))
        + " is geen bedrag gevonden; die ontbreken in de figuur en zijn niet geschat."
    )


def join_nl(items: list[str]) -> str:
    """Dutch enumeration: 'a', 'a en b', 'a, b en c'."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]


def consortia_source_note(data_dir: Path, *, members: bool = True) -> str:
    """The source line under the consortium tables: the list numbers of every source.

    With `members`, the line also explains the asterisk of the member lists.
    """
    consortia = load_consortia(data_dir)
    line = source_line(consortia["source_id"].dropna().astype(str), load_sources(data_dir))
    if members:
        line += " * = deelname afgeleid uit de bronnen, niet bevestigd."
    return line


def subsidy_chart_title(subsidy: pd.DataFrame) -> str:
    """A takeaway title computed from the data: how many consortia got the maximum."""
    known = subsidy.dropna(subset=[SUBSIDY])
    at_max = int((known[SUBSIDY] >= 5_000_000).sum())
    return (
        f"{fmt.number(at_max)} van de {fmt.number(len(known))} consortia met een bekend bedrag "
        "kregen de maximale subsidie van € 5 mln"
    )


def subsidy_chart(subsidy: pd.DataFrame) -> object:
    """Bar chart of the known subsidies per consortium, coloured by the evaluation's model."""
    from analysis.publication.charts import builders

    known = subsidy.dropna(subset=[SUBSIDY])
    frame = pd.DataFrame(
        {
            "Consortium": known[REGION],
            "Model": known[MODEL],
            SUBSIDY_MLN: known[SUBSIDY] / 1e6,
        }
    )
    return builders.bar(
        frame,
        x="Consortium",
        y=SUBSIDY_MLN,
        color="Model",
        title=subsidy_chart_title(subsidy),
        x_title=REGION,
        y_title=SUBSIDY_MLN,
        value_format=",.1f",
    )


def models_count_markdown(data_dir: Path) -> str:
    """How the evaluation's typology divides the consortia (counted, not typed)."""
    consortia = load_consortia(data_dir)
    counts = consortia["evaluation_model"].value_counts()
    parts = [
        f"{fmt.number(counts.get(model, 0))} met het {MODEL_LABELS[model]} ({join_nl([escape.markdown(r) for r in consortia.loc[consortia['evaluation_model'] == model, 'region']])})"
        for model in ("push", "exchange", "serve")
    ]
    return (
        f"Volgens de evaluatie werkten van de {fmt.number(len(consortia))} consortia er "
        + join_nl(parts)
        + ". Hoofdstuk 4 toetst deze indeling aan de indicatoren van de instellingen."
    )


def by_model_table(data_dir: Path) -> Table:
    """Known subsidy and co-funding leverage per model of the evaluation (missing not imputed)."""
    from analysis.methods import retrospective

    frame = retrospective.by_model(load_consortia(data_dir))
    shown = pd.DataFrame(
        {
            "Model (evaluatie)": frame["model"].map(MODEL_LABELS),
            "Consortia": frame["n_consortia"],
            "Met bekend subsidiebedrag": frame["n_subsidy_known"],
            "Bekende Rijkssubsidie": frame["state_subsidy_eur"],
            "Aandeel in bekende subsidie": frame["share_of_known_subsidy"],
            "Met bekende cofinanciering": frame["n_leverage_known"],
            "Cofinanciering per subsidie-euro": frame["leverage"],
        }
    )
    return Table(
        "subsidie_per_model",
        "Bekende subsidie en cofinanciering per model van de evaluatie",
        shown,
        {
            "Bekende Rijkssubsidie": Column(format="money"),
            "Aandeel in bekende subsidie": Column(format="percent"),
            "Cofinanciering per subsidie-euro": Column(format="number:1"),
        },
        source_note=consortia_source_note(data_dir, members=False),
    )


def reconcile_markdown(data_dir: Path) -> str:
    """How far the per-consortium sources explain the cited programme totals."""
    from analysis.methods import retrospective

    table = retrospective.reconcile(load_consortia(data_dir), load_programme(data_dir)).set_index(
        "fact_id"
    )
    subsidy = table.loc["state_subsidy_total"]
    cofunding = table.loc["regional_cofunding_total"]
    return (
        f"De openbare bronnen per consortium verklaren {fmt.money_eur(subsidy['sum_known_eur'])} van de "
        f"{fmt.money_eur(subsidy['cited_eur'])} Rijkssubsidie ({fmt.number(subsidy['n_known'])} consortia) "
        f"en {fmt.money_eur(cofunding['sum_known_eur'])} van de ongeveer "
        f"{fmt.money_eur(cofunding['cited_eur'])} "
        + explain(
            "cofinanciering",
            "regionale cofinanciering",
            f"{fmt.number(cofunding['n_known'])} consortium",
        )
        + ". De rest is niet per consortium gepubliceerd; "
        "de monitor verdeelt het niet en schat het niet bij."
    )


def missing_table(data_dir: Path) -> Table:
    """Per consortium the fields that no source gives, grouped by their recorded status.

    One row per consortium (and status), the fields listed in the order of the
    consortium table, so the reader sees at a glance what is unknown where.
    """
    from analysis.methods import retrospective

    consortia = load_consortia(data_dir)
    regions = consortia.set_index("consortium_id")["region"]
    missing = retrospective.missing_table(consortia)
    field_nl = {
        "name": "naam",
        "lead_institution_id": "penvoerder",
        "award_year": "jaar van toekenning",
        "state_subsidy_eur": "Rijkssubsidie",
        "cofunding_eur": "cofinanciering",
        "total_budget_eur": "totaalbudget",
        "evaluation_model": "model",
    }
    rows = [
        (
            str(regions.get(consortium, consortium)),
            join_nl([field_nl.get(str(c), str(c)) for c in group["column"]]),
            status_label(str(status)),
        )
        for (consortium, status), group in missing.groupby(["consortium_id", "status"], sort=False)
    ]
    return Table(
        "consortia_ontbrekend",
        "Ontbrekende gegevens per consortium",
        pd.DataFrame(rows, columns=["Consortium", "Ontbrekende gegevens", "Status"]),
        source_note=consortia_source_note(data_dir, members=False),
    )


#: The evaluation's three models as it describes them (Kamerstuk 32 637 nr. 339), each
#: with the report's Dutch name and, once, the evaluation's own term.
MODEL_DESCRIPTIONS = (
    f"- **{labels.model_first_use('push').capitalize()}**: kennis uit onderzoek verzilveren "
    "die door bedrijven wordt benut, bijvoorbeeld met octrooien, "
    f"{terms.explain('licentie', 'licenties')} en {terms.explain('spin-off', 'spin-offs')}; "
    "vooral rond universiteiten met een technisch profiel (Delft, Eindhoven, Twente, "
    "Wageningen).\n"
    f"- **{labels.model_first_use('exchange').capitalize()}**: de uitwisseling van kennis en "
    "methoden organiseren tussen instellingen en bedrijven of maatschappelijke organisaties; "
    "vooral bij universiteiten met een breed profiel (Amsterdam, Groningen, Utrecht, "
    "Zuid-Limburg).\n"
    f"- **{labels.model_first_use('serve').capitalize()}**: diensten verlenen, kennisvragen van "
    "bedrijven en maatschappelijke organisaties beantwoorden; bij universiteiten met een "
    "bedrijfskundig profiel (Rotterdam, Tilburg) en hogescholen (Arnhem-Nijmegen, Den Bosch)."
)


def models_intro_markdown(data_dir: Path) -> str:
    """The evaluation's three models, cited by number (evaluation and policy response)."""
    sources = load_sources(data_dir)
    cited = cite([EVALUATION_SOURCE, POLICY_RESPONSE_SOURCE], sources)
    return (
        "De evaluatie van het programma (Dialogic, 2018) onderscheidt drie modellen waarin de "
        f"consortia hun valorisatie inrichtten {cited}.\n\n" + MODEL_DESCRIPTIONS
    )


#: What the evaluation found, as the policy response summarises it; KTO explained at its
#: first use in the chapters.
EVALUATION_FINDINGS = (
    "Volgens de evaluatie staat kennisbenutting door het programma steviger op de kaart en "
    "hebben de consortia hun valorisatie-infrastructuur verder op orde gebracht; de economische "
    "effecten zijn vooral regionaal neergeslagen, maar het was bij de evaluatie nog te vroeg om "
    "die vast te stellen. De cultuuromslag was niet voltooid, de infrastructuur onvoldoende "
    "geborgd, en tussen de regionale consortia kwamen nauwelijks verbindingen tot stand. De "
    "evaluatie beval aan dat instellingen structureel middelen vrijmaken, dat "
    + explain("kto", "KTO's")
    + " een "
    "duidelijk mandaat en een onafhankelijke positie krijgen, een aanvullend impactprogramma "
    "en een onderzoek naar de financieringsketen in de vroege fase"
)


def evaluation_markdown(data_dir: Path) -> str:
    """The evaluation's findings and recommendations, cited by number."""
    sources = load_sources(data_dir)
    return (
        EVALUATION_FINDINGS + " " + cite([POLICY_RESPONSE_SOURCE, EVALUATION_SOURCE], sources) + "."
    )


def summary_sentence(data_dir: Path) -> str:
    """Chapter 1 in one sentence for the summary: subsidy, consortia, co-funding, the
    evaluation's verdict, all cited (the key message says the same at more length)."""
    facts = compute(data_dir).facts
    sources = load_sources(data_dir)
    subsidy = fact(facts, "state_subsidy_total")
    cofunding = fact(facts, "regional_cofunding_total")
    supported = fact(facts, "startups_smes_supported")
    citation = escape.markdown(
        cite([str(r["source_id"]) for r in (subsidy, cofunding, supported)], sources)
    )
    return (
        f"Het Valorisatieprogramma gaf van {fmt.year(fact(facts, 'programme_start_year')['value'])} "
        f"tot en met {fmt.year(fact(facts, 'programme_end_year')['value'])} "
        f"{fmt.money_eur(subsidy['value'])} Rijkssubsidie aan "
        f"{fmt.number(fact(facts, 'consortia_n')['value'])} regionale consortia; volgens het "
        f"kabinet zijn daarmee ongeveer {fmt.number(supported['value'])} startups en "
        f"mkb-bedrijven ondersteund {citation}. Wat het aan kennisoverdracht opleverde, is "
        "zonder cijfers per instelling over die jaren niet te meten (hoofdstuk 1)."
    )
