"""Chapter 1: Terugblik Valorisatieprogramma 2010–2018.

Everything shown comes from the cited tables in `data/raw/valorisatieprogramma/`;
values that no source gives stay missing and are shown as such, never filled in.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import escape, reference
from analysis import formatting as fmt
from analysis.sources import cite, load_sources

MODEL_NL = {"push": "push", "exchange": "exchange", "serve": "serve"}
STATUS_NL = {
    "read": "gelezen in bron",
    "inferred": "afgeleid",
    "secondary": "secundaire bron",
    "not found": "niet gevonden",
    "assumption": "aanname",
}


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


def _format_fact(row: pd.Series) -> str:
    if row["unit"] == "EUR":
        return fmt.money_eur(row["value"])
    if row["unit"] == "percent":
        return fmt.number(row["value"]) + "%"
    if row["unit"] == "year":
        return fmt.year(row["value"])
    return fmt.number(row["value"])


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
        return f"^[{escape.markdown(cite(str(row['source_id']), sources))}]"

    return (
        f"Het Valorisatieprogramma liep van {fmt.year(start['value'])} tot en met "
        f"{fmt.year(end['value'])}. In totaal is {_format_fact(subsidy)} Rijkssubsidie toegekend "
        f"aan {fmt.number(consortia['value'])} regionale consortia{note(subsidy)}; de betrokken "
        "regionale partijen droegen ongeveer een zelfde bedrag bij. Per project was de subsidie "
        f"ten hoogste {_format_fact(max_project)} en ten hoogste {fmt.number(share['value'])}% van "
        f"de projectkosten{note(max_project)}. Met het programma zijn ongeveer "
        f"{fmt.number(supported['value'])} startups en mkb-bedrijven ondersteund{note(supported)}."
    )


def programme_table(data_dir: Path) -> pd.DataFrame:
    """Programme-level facts as a report table (raw values kept for the CSV)."""
    programme = load_programme(data_dir)
    sources = load_sources(data_dir)
    return pd.DataFrame(
        {
            "Gegeven": programme["fact"],
            "Waarde": [_format_fact(row) for _, row in programme.iterrows()],
            "Periode": programme["period"].fillna(""),
            "Status": programme["status"].map(STATUS_NL).fillna(programme["status"]),
            "Bron": [cite(s, sources) for s in programme["source_id"]],
        }
    )


def member_lists(data_dir: Path) -> dict[str, str]:
    """Per consortium its knowledge institutions (short names), lead first and marked.

    Membership that the sources only suggest (status inferred) gets an asterisk, so the
    table never presents an unconfirmed partner as fact.
    """
    members = reference.load_consortium_members(data_dir)
    names = reference.load_institutions(data_dir).set_index("institution_id")["short_name"]
    lists: dict[str, str] = {}
    for consortium_id, group in members.groupby("consortium_id", sort=False):
        group = group.sort_values("role", key=lambda s: s.ne("lead"), kind="stable")
        parts = []
        for _, row in group.iterrows():
            name = str(names.get(row["institution_id"], row["institution_id"]))
            if row["role"] == "lead":
                name += " (penvoerder)"
            if row["status"] == "inferred":
                name += "*"
            parts.append(name)
        lists[str(consortium_id)] = ", ".join(parts)
    return lists


def consortia_table(data_dir: Path) -> pd.DataFrame:
    """The 12 consortia with subsidy, model and per-value status; missing stays missing."""
    consortia = load_consortia(data_dir)
    members = member_lists(data_dir)
    return pd.DataFrame(
        {
            "Regio": consortia["region"],
            "Naam": consortia["name"].fillna("niet gevonden"),
            "Kennisinstellingen": [
                members.get(c, "niet gevonden") for c in consortia["consortium_id"]
            ],
            "Jaar": consortia["award_year"],
            "Rijkssubsidie (EUR)": consortia["state_subsidy_eur"],
            "Status subsidie": consortia["state_subsidy_status"].map(STATUS_NL),
            "Totaalbudget (EUR)": consortia["total_budget_eur"],
            "Model (evaluatie)": consortia["evaluation_model"].map(MODEL_NL),
        }
    )


def subsidy_by_region(data_dir: Path) -> pd.DataFrame:
    """Per region the state subsidy where a source gives it (NaN where none does)."""
    consortia = load_consortia(data_dir)
    frame = consortia[["region", "evaluation_model", "state_subsidy_eur", "state_subsidy_status"]]
    frame = frame.rename(
        columns={
            "region": "regio",
            "evaluation_model": "model",
            "state_subsidy_eur": "subsidie_eur",
            "state_subsidy_status": "status",
        }
    )
    frame["subsidie_mln"] = frame["subsidie_eur"] / 1e6
    return frame.reset_index(drop=True)


def subsidy_coverage_text(data_dir: Path) -> str:
    """How much of the programme total the per-consortium sources account for."""
    programme = load_programme(data_dir)
    total = fact(programme, "state_subsidy_total")["value"]
    frame = subsidy_by_region(data_dir)
    known = frame["subsidie_eur"].notna()
    return (
        f"Voor {fmt.number(known.sum())} van de {fmt.number(len(frame))} consortia is een "
        f"subsidiebedrag in openbare bronnen gevonden, samen {fmt.money_eur(frame['subsidie_eur'].sum())} "
        f"van de {fmt.money_eur(total)}. Voor "
        + join_nl(list(frame.loc[~known, "regio"]))
        + " is geen bedrag gevonden; die ontbreken in de figuur en zijn niet geschat."
    )


def join_nl(items: list[str]) -> str:
    """Dutch enumeration: 'a', 'a en b', 'a, b en c'."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]


def consortia_source_note(data_dir: Path) -> str:
    """The sources behind the consortium table, cited in full."""
    consortia = load_consortia(data_dir)
    sources = load_sources(data_dir)
    ids: list[str] = []
    for cell in consortia["source_id"].dropna():
        for one in str(cell).split(";"):
            if one.strip() and one.strip() not in ids:
                ids.append(one.strip())
    return (
        "* = deelname afgeleid uit de bronnen, niet bevestigd. Bronnen: "
        + "; ".join(cite(i, sources) for i in ids)
        + "."
    )


def subsidy_chart_title(subsidy: pd.DataFrame) -> str:
    """A takeaway title computed from the data: how many consortia got the maximum."""
    known = subsidy.dropna(subset=["subsidie_eur"])
    at_max = int((known["subsidie_eur"] >= 5_000_000).sum())
    return (
        f"{fmt.number(at_max)} van de {fmt.number(len(known))} consortia met een bekend bedrag "
        "kregen de maximale subsidie van € 5 mln"
    )


def subsidy_chart(subsidy: pd.DataFrame) -> object:
    """Bar chart of the known subsidies per consortium, coloured by the evaluation's model."""
    from analysis import charts

    known = subsidy.dropna(subset=["subsidie_mln"])
    return charts.bar(
        known,
        x="regio",
        y="subsidie_mln",
        color="model",
        title=subsidy_chart_title(subsidy),
        x_title="Consortium (regio)",
        y_title="Rijkssubsidie (mln euro)",
        value_format=",.1f",
    )


def models_count_markdown(data_dir: Path) -> str:
    """How the evaluation's typology divides the consortia (counted, not typed)."""
    consortia = load_consortia(data_dir)
    counts = consortia["evaluation_model"].value_counts()
    parts = [
        f"{fmt.number(counts.get(model, 0))} met het {model}-model ({join_nl([escape.markdown(r) for r in consortia.loc[consortia['evaluation_model'] == model, 'region']])})"
        for model in ("push", "exchange", "serve")
    ]
    return (
        f"Volgens de evaluatie werkten van de {fmt.number(len(consortia))} consortia er "
        + join_nl(parts)
        + ". Hoofdstuk 4 toetst deze indeling aan de indicatoren van de instellingen."
    )


def by_model_table(data_dir: Path) -> pd.DataFrame:
    """Known subsidy and co-funding leverage per model of the evaluation (missing not imputed)."""
    from analysis import retrospective

    frame = retrospective.by_model(load_consortia(data_dir))
    return pd.DataFrame(
        {
            "Model (evaluatie)": frame["model"].map(MODEL_NL) + "-model",
            "Consortia": frame["n_consortia"],
            "Met bekend subsidiebedrag": frame["n_subsidy_known"],
            "Bekende Rijkssubsidie": frame["state_subsidy_eur"],
            "Aandeel in bekende subsidie": frame["share_of_known_subsidy"],
            "Met bekende cofinanciering": frame["n_leverage_known"],
            "Cofinanciering per subsidie-euro": frame["leverage"],
        }
    )


BY_MODEL_FORMATS = {
    "Bekende Rijkssubsidie": "money",
    "Aandeel in bekende subsidie": "percent",
    "Cofinanciering per subsidie-euro": "number:1",
}


def reconcile_markdown(data_dir: Path) -> str:
    """How far the per-consortium sources explain the cited programme totals."""
    from analysis import retrospective

    table = retrospective.reconcile(load_consortia(data_dir), load_programme(data_dir)).set_index(
        "fact_id"
    )
    subsidy = table.loc["state_subsidy_total"]
    cofunding = table.loc["regional_cofunding_total"]
    return (
        f"De openbare bronnen per consortium verklaren {fmt.money_eur(subsidy['sum_known_eur'])} van de "
        f"{fmt.money_eur(subsidy['cited_eur'])} Rijkssubsidie ({fmt.number(subsidy['n_known'])} consortia) "
        f"en {fmt.money_eur(cofunding['sum_known_eur'])} van de ongeveer "
        f"{fmt.money_eur(cofunding['cited_eur'])} regionale cofinanciering "
        f"({fmt.number(cofunding['n_known'])} consortium). De rest is niet per consortium gepubliceerd; "
        "de monitor verdeelt het niet en schat het niet bij."
    )


def missing_table(data_dir: Path) -> pd.DataFrame:
    """Every consortium field that no source gives, with its recorded status."""
    from analysis import retrospective

    consortia = load_consortia(data_dir).set_index("consortium_id")
    missing = retrospective.missing_table(load_consortia(data_dir))
    field_nl = {
        "name": "naam",
        "lead_institution_id": "penvoerder",
        "award_year": "jaar van toekenning",
        "state_subsidy_eur": "Rijkssubsidie",
        "cofunding_eur": "cofinanciering",
        "total_budget_eur": "totaalbudget",
        "evaluation_model": "model",
    }
    return pd.DataFrame(
        {
            "Consortium": missing["consortium_id"].map(consortia["region"]),
            "Ontbrekend gegeven": missing["column"].map(field_nl).fillna(missing["column"]),
            "Status": missing["status"].map(STATUS_NL).fillna(missing["status"]),
        }
    )
