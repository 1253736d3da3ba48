"""Chapter 2: Kennisoverdracht in Nederland — national totals, trends, types and regions.

Totals are sums over the institutions that reported a value; how many did is shown
beside every total, because a sum over fewer reporters is not a fall in activity.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis import formatting as fmt
from analysis.labels import INDICATOR_LABELS

#: The indicators the national chapter shows, in reading order.
KEY_INDICATORS: tuple[str, ...] = (
    "research_expenditure_eur",
    "kto_staff_fte",
    "invention_disclosures",
    "priority_patent_applications",
    "patents_granted",
    "licence_agreements",
    "licence_income_eur",
    "spinoffs",
    "spinoff_capital_eur",
    "startups_supported",
    "research_agreements_n",
    "research_agreements_eur",
    "contract_research_n",
    "contract_research_eur",
)

#: Trend charts: indicator and the Dutch subject of the takeaway title.
TREND_SUBJECTS: dict[str, str] = {
    "spinoffs": "Aantal spin-offs",
    "invention_disclosures": "Aantal uitvindingsmeldingen",
    "licence_agreements": "Aantal licentieovereenkomsten",
    "research_agreements_n": "Aantal onderzoeksovereenkomsten",
}

TYPE_LABELS: dict[str, str] = {
    "university": "Universiteiten",
    "umc": "Umc's",
    "to2": "TO2-instellingen",
    "institute": "Instituten",
    "university of applied sciences": "Hogescholen",
}

MONEY = frozenset(
    {
        "research_expenditure_eur",
        "licence_income_eur",
        "spinoff_capital_eur",
        "research_agreements_eur",
        "contract_research_eur",
    }
)


def _indicators(wide: pd.DataFrame, indicators: Sequence[str]) -> list[str]:
    return [code for code in indicators if code in wide.columns]


def national_totals(wide: pd.DataFrame, indicators: Sequence[str] = KEY_INDICATORS) -> pd.DataFrame:
    """Long table per (year, indicator): sum over reporting institutions and their number."""
    codes = _indicators(wide, indicators)
    long = wide.melt(id_vars=["institution_id", "year"], value_vars=codes, var_name="indicator")
    grouped = long.groupby(["year", "indicator"], sort=True)["value"]
    out = pd.DataFrame({"value": grouped.sum(min_count=1), "n_reporting": grouped.count()})
    return out.reset_index()


def year_table(wide: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per indicator: the year's total, the year before, the change and the reporters."""
    totals = national_totals(wide)
    now = totals[totals["year"] == year].set_index("indicator")
    before = totals[totals["year"] == year - 1].set_index("indicator")
    codes = [c for c in KEY_INDICATORS if c in now.index]
    frame = pd.DataFrame(
        {
            "indicator": codes,
            "Indicator": [INDICATOR_LABELS.get(c, c) for c in codes],
            f"{year - 1}": [before["value"].get(c) for c in codes],
            f"{year}": [now["value"].get(c) for c in codes],
            "n_reporting": [int(now["n_reporting"].get(c, 0)) for c in codes],
        }
    )
    prev = pd.to_numeric(frame[f"{year - 1}"], errors="coerce")
    cur = pd.to_numeric(frame[f"{year}"], errors="coerce")
    frame["Verandering"] = (cur - prev) / prev.where(prev != 0)
    return frame


def year_table_formats(year: int) -> dict[str, str]:
    return {
        f"{year - 1}": "number",
        f"{year}": "number",
        "Verandering": "change",
        "n_reporting": "number",
    }


def format_year_table(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """Money in millions and counts as whole numbers, so one column holds mixed units legibly."""
    shown = table.copy()
    for column in (f"{year - 1}", f"{year}"):
        shown[column] = [
            fmt.money_eur(v, "mln")
            if code in MONEY
            else fmt.number(v, 1 if code == "kto_staff_fte" else 0)
            for code, v in zip(table["indicator"], table[column], strict=True)
        ]
    shown["Verandering"] = table["Verandering"].map(fmt.change)
    shown = shown.drop(columns=["indicator"]).rename(
        columns={"n_reporting": "Instellingen met opgave"}
    )
    return shown


def trend_series(wide: pd.DataFrame, indicator: str) -> pd.Series:
    totals = national_totals(wide, [indicator])
    return totals.set_index("year")["value"]


def trend_title(wide: pd.DataFrame, indicator: str) -> str:
    """Takeaway over the three-year moving average, so one noisy year does not set the title."""
    from analysis import charts

    smooth = trend_series(wide, indicator).rolling(3, min_periods=3).mean().dropna()
    return charts.takeaway_trend(smooth, TREND_SUBJECTS.get(indicator, INDICATOR_LABELS[indicator]))


def trend_frame(wide: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """One indicator's national total per year, with Dutch column names for table and chart."""
    totals = national_totals(wide, [indicator])
    return pd.DataFrame(
        {
            "Jaar": totals["year"],
            INDICATOR_LABELS[indicator]: totals["value"],
            "Instellingen met opgave": totals["n_reporting"],
        }
    )


def trend_chart(wide: pd.DataFrame, indicator: str) -> object:
    from analysis import charts

    frame = trend_frame(wide, indicator)
    return charts.line_trend(
        frame,
        x="Jaar",
        y=INDICATOR_LABELS[indicator],
        title=trend_title(wide, indicator),
        y_title=INDICATOR_LABELS[indicator],
    )


def by_type(wide: pd.DataFrame, institutions: pd.DataFrame, year: int) -> pd.DataFrame:
    """The year's totals per institution type for the push, exchange and serve indicators."""
    codes = [
        "spinoffs",
        "invention_disclosures",
        "licence_agreements",
        "research_agreements_n",
        "contract_research_n",
        "startups_supported",
        "kto_staff_fte",
    ]
    merged = wide[wide["year"] == year].merge(
        institutions[["institution_id", "type"]], on="institution_id", how="left"
    )
    grouped = merged.groupby("type", sort=False)
    frame = grouped[_indicators(merged, codes)].sum(min_count=1)
    frame.insert(0, "instellingen", grouped.size())
    order = [t for t in TYPE_LABELS if t in frame.index]
    frame = frame.loc[order]
    frame.index = [TYPE_LABELS[t] for t in frame.index]
    frame.index.name = "Type"
    return frame.reset_index().rename(columns=INDICATOR_LABELS)


def by_ecosystem(wide: pd.DataFrame, institutions: pd.DataFrame, year: int) -> pd.DataFrame:
    """The year's spin-offs, disclosures and research agreements per ecosystem, largest first."""
    codes = ["spinoffs", "invention_disclosures", "research_agreements_n"]
    merged = wide[wide["year"] == year].merge(
        institutions[["institution_id", "ecosystem"]], on="institution_id", how="left"
    )
    grouped = merged.groupby("ecosystem", sort=True)
    frame = grouped[_indicators(merged, codes)].sum(min_count=1)
    frame.insert(0, "instellingen", grouped.size())
    frame = frame.sort_values(["spinoffs", "invention_disclosures"], ascending=False)
    frame.index.name = "Ecosysteem"
    return frame.reset_index().rename(columns=INDICATOR_LABELS)


def ecosystem_chart_title(table: pd.DataFrame, year: int) -> str:
    top = table.iloc[0]
    return f"Meeste spin-offs in {year}: {top['Ecosysteem']} ({fmt.number(top['Spin-offs'])})"


def ecosystem_chart(table: pd.DataFrame, year: int) -> object:
    from analysis import charts

    return charts.bar(
        table,
        x="Spin-offs",
        y="Ecosysteem",
        title=ecosystem_chart_title(table, year),
        x_title="Spin-offs",
        y_title=None,
    )


def uses_demonstration_data(wide: pd.DataFrame, year: int | None = None) -> bool:
    rows = wide if year is None else wide[wide["year"] == year]
    return bool(rows["is_demonstration"].any())


def summary_markdown(wide: pd.DataFrame, year: int) -> str:
    """Opening paragraph: the year's headline totals and their change, from the data."""
    table = year_table(wide, year).set_index("indicator")
    parts = []
    for code, noun in (
        ("spinoffs", "spin-offs"),
        ("invention_disclosures", "uitvindingsmeldingen"),
        ("licence_agreements", "licentie- en optieovereenkomsten"),
    ):
        if code in table.index:
            row = table.loc[code]
            parts.append(
                f"{fmt.number(row[str(year)])} {noun} ({fmt.change(row['Verandering'])} ten opzichte van {year - 1})"
            )
    reporters = int(table["n_reporting"].max()) if len(table) else 0
    return (
        f"In {year} meldden {fmt.number(reporters)} kennisinstellingen samen "
        + ", ".join(parts[:-1])
        + (" en " if len(parts) > 1 else "")
        + parts[-1]
        + "."
    )


def until(wide: pd.DataFrame, year: int) -> pd.DataFrame:
    """The data a report for `year` may use: nothing after that year."""
    return wide[wide["year"] <= year].reset_index(drop=True)


def trend_table(
    wide: pd.DataFrame, indicators: Sequence[str] = tuple(TREND_SUBJECTS)
) -> pd.DataFrame:
    """Yearly growth within institutions (Poisson, institution fixed effects) with 95% intervals."""
    from analysis import trends

    result = trends.national_trends(wide, list(indicators))
    if result.empty:
        return pd.DataFrame(columns=["Indicator", "Groei per jaar", "95%-interval", "Instellingen"])
    return pd.DataFrame(
        {
            "Indicator": result["indicator"].map(INDICATOR_LABELS),
            "Groei per jaar": (result["growth_pct"] / 100).map(fmt.change),
            "95%-interval": [
                f"{fmt.change(lo / 100)} tot {fmt.change(hi / 100)}"
                for lo, hi in zip(result["growth_pct_low"], result["growth_pct_high"], strict=True)
            ],
            "Instellingen": result["n_institutions"],
            "Waarnemingen": result["n_obs"],
        }
    )


TERM_NL = {
    "log_research_expenditure": "log onderzoeksuitgaven (elasticiteit)",
    "log_kto_staff_fte": "log KTO-personeel (elasticiteit)",
    "type:umc": "umc t.o.v. universiteit",
    "type:to2": "TO2 t.o.v. universiteit",
    "type:institute": "instituut t.o.v. universiteit",
    "type:university of applied sciences": "hogeschool t.o.v. universiteit",
}


def count_model_table(wide: pd.DataFrame, institutions: pd.DataFrame) -> pd.DataFrame:
    """Negative-binomial coefficients (the model the overdispersion test selects) per outcome."""
    from analysis import trends

    result = trends.count_models(wide, institutions)
    coef = result.coefficients
    coef = coef[(coef["model"] == "negbin") & coef["term"].isin(list(TERM_NL))]
    return pd.DataFrame(
        {
            "Uitkomst": coef["outcome"].map(INDICATOR_LABELS),
            "Term": coef["term"].map(TERM_NL),
            "Schatting": coef["estimate"].map(lambda v: fmt.number(v, 2)),
            "95%-interval": [
                f"{fmt.number(lo, 2)} tot {fmt.number(hi, 2)}"
                for lo, hi in zip(coef["ci_low"], coef["ci_high"], strict=True)
            ],
            "p-waarde": coef["p_value"].map(lambda p: fmt.number(p, 3)),
        }
    ).reset_index(drop=True)


def overdispersion_markdown(wide: pd.DataFrame, institutions: pd.DataFrame) -> str:
    from analysis import trends

    over = trends.count_models(wide, institutions).overdispersion
    parts = []
    for outcome, dispersion, p_value in zip(
        over["outcome"], over["pearson_dispersion"], over["p_value"], strict=True
    ):
        p_text = "< 0,001" if float(p_value) < 0.001 else "= " + fmt.number(p_value, 3)
        parts.append(
            f"{INDICATOR_LABELS[str(outcome)].lower()} (dispersie {fmt.number(dispersion, 1)}, "
            f"p {p_text})"
        )
    overdispersed = bool((over["p_value"] < 0.05).all())
    verdict = (
        "de tellingen zijn overgedispergeerd, dus het negatief-binomiale model is het juiste"
        if overdispersed
        else "niet alle tellingen zijn overgedispergeerd"
    )
    return (
        "Hoe hangen de aantallen samen met de omvang van het onderzoek en van het KTO? Telmodellen "
        "(Poisson en negatief-binomiaal) op de log-onderzoeksuitgaven, het log-KTO-personeel en het type "
        f"instelling, met de toets van Cameron en Trivedi op overdispersie: {', '.join(parts)}; {verdict}."
    )
