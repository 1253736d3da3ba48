"""Chapter 5, the budget: the scheme's yearly budget (the plan) and its ramp, as table, chart and text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.data.sources import cite, load_sources
from analysis.publication import escape, labels
from analysis.publication import formatting as fmt
from analysis.publication.chapters.terms import explain
from analysis.publication.labels import SOURCE_STATUS_LABELS

VARIANT_NL = {**labels.SCENARIO_VARIANT_LABELS, "all": "alle"}


ITS_INDICATORS = ("spinoffs", "invention_disclosures", "licence_agreements")


def budget_table(data_dir: Path) -> pd.DataFrame:
    budget = reference.load_budget(data_dir)
    return pd.DataFrame(
        {
            "Jaar": budget["year"],
            "Onderdeel": budget["line"].map(labels.BUDGET_LINE_LABELS).fillna(budget["line"]),
            "Bedrag": budget["amount_eur"],
            "Herkomst": budget["status"].map(SOURCE_STATUS_LABELS).fillna(budget["status"]),
        }
    )


def budget_chart_frame(data_dir: Path) -> pd.DataFrame:
    budget = reference.load_budget(data_dir)
    lines = budget[budget["line"].isin(["universities_umcs", "to2_uas"])].dropna(
        subset=["amount_eur"]
    )
    return pd.DataFrame(
        {
            "year": lines["year"].astype("int64"),
            "amount_eur": lines["amount_eur"],
            "Onderdeel": lines["line"].map(labels.BUDGET_LINE_LABELS),
        }
    ).reset_index(drop=True)


def budget_title(data_dir: Path) -> str:
    budget = reference.load_budget(data_dir)
    total = budget[budget["line"] == "total"].dropna(subset=["amount_eur"])
    full = total[total["amount_eur"] >= total["amount_eur"].max()]
    return (
        f"Budget loopt op tot {fmt.money_eur(total['amount_eur'].max())} per jaar vanaf "
        f"{fmt.year(full['year'].min())}"
    )


def budget_chart(data_dir: Path) -> object:
    from analysis.publication.charts import builders

    return builders.budget_ramp(
        budget_chart_frame(data_dir),
        component="Onderdeel",
        title=budget_title(data_dir),
        color_title="Onderdeel",
    )


def intro_markdown(data_dir: Path) -> str:
    budget = reference.load_budget(data_dir)
    sources = load_sources(data_dir)
    full = budget[(budget["line"] == "universities_umcs") & (budget["status"] != "assumption")]
    capacity = budget[budget["line"] == "capacity"]["amount_eur"].dropna()
    per_line = fmt.money_eur(full["amount_eur"].max())
    ramp = budget[budget["status"] == "assumption"]
    kto_plural = explain("kto", "KTO's")
    return (
        f"Het plan van KTO-Nederland vraagt structureel {per_line} per jaar voor valorisatie in de "
        f"{explain('ecosysteem', 'ecosystemen')} van universiteiten en umc's en aanvullend "
        f"{per_line} per jaar voor {explain('to2', 'TO2-instellingen')} en hogescholen; volgens "
        f"een eerste berekening van de {kto_plural} is daarvan "
        f"{fmt.money_eur(capacity.max())} nodig voor gerichte versterking van de capaciteit.^["
        f"{escape.markdown(cite('kto_nl_plan_2021', sources))}] De regeling duurt zeven jaar; in de eerste drie jaar "
        "lopen de middelen geleidelijk op. Hoe ze oplopen zegt het plan niet: de monitor neemt aan "
        f"dat de jaren {fmt.year(ramp['year'].min())}–{fmt.year(ramp['year'].max())} een derde, twee "
        "derde en het volle bedrag krijgen (een aanname, als zodanig gemarkeerd)."
    )


def measure_plan_markdown(data_dir: Path) -> str:
    """What the monitor will do with the scheme once submissions arrive, and what it needs.

    A change can be tied to the scheme's start only against the years before it, so the
    institutions' figures for those years are needed too; said plainly, because without
    them no later edition can answer the plan's question.
    """
    from analysis.publication.chapters.scheme.effect import scheme_start

    start = scheme_start(data_dir)
    first = start.first_funded_year
    return (
        f"Het eerste geld van de regeling voor de instellingen staat in de begroting voor "
        f"{fmt.year(first)}. Of de kennisoverdracht sindsdien anders verloopt, meet de monitor "
        f"door de jaren vanaf {fmt.year(first)} te vergelijken met de jaren ervoor, en de "
        "partners van KTO-Nederland met de instellingen die geen geld uit de regeling krijgen. "
        "Een verandering telt pas als ze groter is dan de schommelingen in eerdere jaren zonder "
        "regeling. Daarvoor zijn ook de cijfers over de jaren vóór "
        f"{fmt.year(first)} nodig: zonder die jaren is een verandering niet aan de start van de "
        "regeling te koppelen. De tabel hieronder noemt wat elke instelling per jaar opgeeft."
    )
