"""Chapter 2: Kennisoverdracht in Nederland — national totals, trends, types and regions.

Totals are sums over the institutions that reported a value; how many did is shown
beside every total, because a sum over fewer reporters is not a fall in activity.
Changes are always like for like: a year-on-year change is computed over the
institutions that reported the indicator in both years, and those left out are named
(`like_for_like_changes`); trend titles follow the chain of those changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd

from analysis.publication import escape, labels
from analysis.publication import formatting as fmt
from analysis.publication.labels import INDICATOR_LABELS

if TYPE_CHECKING:  # statsmodels is imported only by the notebooks that fit models
    from analysis.methods.trends import CountModels

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


# --------------------------------------------------------------------------- like for like


@dataclass(frozen=True)
class LikeForLike:
    """One indicator's total in a year and its like-for-like change on the base year.

    `total` / `n_reporting`: the year's sum and its reporters; `total_before` /
    `n_reporting_before` the same for the base year. `change` = `value_both` /
    `value_before_both` − 1: sums over the `n_both` institutions with a figure in
    both years (NaN when there are none or the base is zero). `missing_before` /
    `missing_now`: sorted ids of institutions with a submission in either year but
    no figure in the base year / in the year.
    """

    indicator: str
    total: float
    n_reporting: int
    total_before: float
    n_reporting_before: int
    value_both: float
    value_before_both: float
    change: float
    n_both: int
    missing_before: tuple[str, ...]
    missing_now: tuple[str, ...]


def like_for_like_changes(
    wide: pd.DataFrame,
    year: int,
    indicators: Sequence[str] = KEY_INDICATORS,
    *,
    base_year: int | None = None,
) -> dict[str, LikeForLike]:
    """Per indicator: the year's total, and its change over the institutions present in both years.

    Why: a national total adds whoever reported. When an institution reports in one
    year and not the other, the difference between the two totals mixes real change
    with a change in who reported (the 2024 edition's +23,8% spin-offs was +13,0% on
    the institutions that reported in both years). So a total keeps its own count of
    reporters, and the change compares only the institutions that reported the
    indicator in the base year (default: the year before) and in `year`; those left
    out are listed so they can be named.
    """
    before_year = year - 1 if base_year is None else base_year
    now = wide[wide["year"] == year].set_index("institution_id")
    before = wide[wide["year"] == before_year].set_index("institution_id")
    population = sorted({*map(str, now.index), *map(str, before.index)})
    out: dict[str, LikeForLike] = {}
    for code in _indicators(wide, indicators):
        cur = now[code].dropna().astype("float64")
        prev = before[code].dropna().astype("float64")
        both = cur.index.intersection(prev.index)
        value_both = float(cur[both].sum())
        base_both = float(prev[both].sum())
        reported_now, reported_before = set(map(str, cur.index)), set(map(str, prev.index))
        out[code] = LikeForLike(
            indicator=code,
            total=float(cur.sum()) if len(cur) else np.nan,
            n_reporting=len(cur),
            total_before=float(prev.sum()) if len(prev) else np.nan,
            n_reporting_before=len(prev),
            value_both=value_both if len(both) else np.nan,
            value_before_both=base_both if len(both) else np.nan,
            change=value_both / base_both - 1 if len(both) and base_both != 0 else np.nan,
            n_both=len(both),
            missing_before=tuple(i for i in population if i not in reported_before),
            missing_now=tuple(i for i in population if i not in reported_now),
        )
    return out


def like_for_like(
    wide: pd.DataFrame,
    year: int,
    indicators: Sequence[str] = KEY_INDICATORS,
    *,
    base_year: int | None = None,
) -> pd.DataFrame:
    """`like_for_like_changes` as a table, one row per indicator (columns: the fields)."""
    changes = like_for_like_changes(wide, year, indicators, base_year=base_year)
    columns = [f.name for f in fields(LikeForLike)]
    return pd.DataFrame([asdict(c) for c in changes.values()], columns=columns)


def short_names(institutions: pd.DataFrame) -> dict[str, str]:
    """Institution id -> Dutch short name, the name readers see instead of an id."""
    return dict(
        zip(
            institutions["institution_id"].astype(str),
            institutions["short_name"].astype(str),
            strict=True,
        )
    )


def join_nl(items: Sequence[str]) -> str:
    """'a', 'a en b', 'a, b en c': a Dutch enumeration."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


#: At most this many names are spelled out in one table cell; the rest are counted.
MAX_NAMES: int = 10


def _names(ids: Sequence[str], names: Mapping[str, str]) -> str:
    shown = sorted(names.get(i, i) for i in ids)
    if len(shown) > MAX_NAMES:
        rest = len(shown) - MAX_NAMES
        return ", ".join(shown[:MAX_NAMES]) + f" en {fmt.number(rest)} andere"
    return join_nl(shown)


def not_in_both_text(row: LikeForLike, year: int, names: Mapping[str, str]) -> str:
    """Who is left out of a like-for-like change, and in which year they did not report.

    E.g. 'geen opgave 2023: Erasmus MC en RU; geen opgave 2024: UM', or 'geen opgave
    in beide jaren: OU' for an institution that submitted but left the figure out in
    both years. Empty when nobody is out.
    """
    both = [i for i in row.missing_before if i in set(row.missing_now)]
    only_before = [i for i in row.missing_before if i not in set(both)]
    only_now = [i for i in row.missing_now if i not in set(both)]
    parts = []
    if only_before:
        parts.append(f"geen opgave {year - 1}: {_names(only_before, names)}")
    if only_now:
        parts.append(f"geen opgave {year}: {_names(only_now, names)}")
    if both:
        parts.append(f"geen opgave in beide jaren: {_names(both, names)}")
    return "; ".join(parts)


def label_in_sentence(code: str) -> str:
    """An indicator label inside a sentence: lower case, except an acronym ('KTO-personeel')."""
    label = INDICATOR_LABELS.get(code, code)
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def year_table(wide: pd.DataFrame, year: int, institutions: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: the year's total with its reporters, and the like-for-like change.

    The change never compares two totals with different reporters: it is computed on
    the institutions with a figure in both years, whose number is shown beside it,
    and the institutions left out are named (Dutch short names).
    """
    names = short_names(institutions)
    rows = [c for c in like_for_like_changes(wide, year).values() if c.n_reporting > 0]
    return pd.DataFrame(
        {
            "indicator": [c.indicator for c in rows],
            "Indicator": [INDICATOR_LABELS.get(c.indicator, c.indicator) for c in rows],
            str(year): [c.total for c in rows],
            "n_reporting": pd.Series([c.n_reporting for c in rows], dtype="int64"),
            "Verandering": pd.Series([c.change for c in rows], dtype="float64"),
            "n_both": pd.Series([c.n_both for c in rows], dtype="int64"),
            "not_in_both": [not_in_both_text(c, year, names) for c in rows],
        }
    )


#: Alignment of `format_year_table`'s columns: figures right, names left.
YEAR_TABLE_ALIGN: tuple[str, ...] = ("l", "r", "r", "r", "r", "l")


def format_year_table(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """Money in millions and counts as whole numbers, so one column holds mixed units legibly."""
    shown = table.copy()
    shown[str(year)] = [
        fmt.money_eur(v, "mln")
        if code in MONEY
        else fmt.number(v, 1 if code == "kto_staff_fte" else 0)
        for code, v in zip(table["indicator"], table[str(year)], strict=True)
    ]
    shown["Verandering"] = table["Verandering"].map(fmt.change)
    shown["n_reporting"] = table["n_reporting"].map(fmt.number)
    shown["n_both"] = table["n_both"].map(fmt.number)
    shown["not_in_both"] = table["not_in_both"].replace("", "geen")
    return shown.drop(columns=["indicator"]).rename(
        columns={
            "n_reporting": f"Instellingen met opgave {year}",
            "Verandering": f"Verandering t.o.v. {year - 1}",
            "n_both": "Instellingen in beide jaren",
            "not_in_both": "Niet in beide jaren",
        }
    )


def chained_changes(wide: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Per year: the like-for-like change on the year before and a chain-linked index.

    Each year's change is taken over the institutions that reported the indicator in
    that year and the year before (`n_both`); the index (first year = 100) multiplies
    those changes, so institutions entering or leaving the reporting never move it.
    After a year whose change cannot be computed (no common reporters, or a zero
    base) the chain is broken and the index stays missing.
    """
    years = sorted(int(y) for y in wide["year"].unique())
    rows: list[dict[str, float | int]] = []
    level = 100.0
    for position, year in enumerate(years):
        if position == 0:
            rows.append({"year": year, "change": np.nan, "n_both": 0, "index": level})
            continue
        lfl = like_for_like_changes(wide, year, [indicator], base_year=years[position - 1])
        step = lfl[indicator]
        level = level * (1 + step.change) if np.isfinite(step.change) else np.nan
        rows.append({"year": year, "change": step.change, "n_both": step.n_both, "index": level})
    return pd.DataFrame(rows, columns=["year", "change", "n_both", "index"])


def trend_title(wide: pd.DataFrame, indicator: str) -> str:
    """Takeaway over the three-year moving average of the like-for-like chain index.

    The national total is not used: it rises when an institution starts reporting.
    The chain index moves only with the institutions that reported in consecutive
    years, and averaging three years keeps one noisy year from setting the title.
    """
    from analysis.publication import charts

    chain = chained_changes(wide, indicator).set_index("year")["index"]
    smooth = chain.rolling(3, min_periods=3).mean().dropna()
    return charts.takeaway_trend(smooth, TREND_SUBJECTS.get(indicator, INDICATOR_LABELS[indicator]))


#: Display formats of `trend_frame`.
TREND_FORMATS: dict[str, str] = {"Verandering t.o.v. vorig jaar": "change"}


def trend_frame(wide: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """One indicator's national total per year with its reporters, and the like-for-like change."""
    totals = national_totals(wide, [indicator])
    chain = chained_changes(wide, indicator).set_index("year")
    years = totals["year"].astype("int64")
    return pd.DataFrame(
        {
            "Jaar": years,
            INDICATOR_LABELS[indicator]: totals["value"],
            "Instellingen met opgave": totals["n_reporting"],
            "Verandering t.o.v. vorig jaar": chain["change"].reindex(years).to_numpy(),
            # the first year has no year before it: no change, and no count beside it
            "Instellingen in beide jaren": chain["n_both"]
            .where(chain.index != chain.index.min())
            .reindex(years)
            .to_numpy(),
        }
    )


def trend_chart(wide: pd.DataFrame, indicator: str) -> object:
    from analysis.publication import charts

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
    from analysis.publication import charts

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


#: The headline counts of the opening paragraph, with the noun the sentence uses.
HEADLINE_COUNTS: tuple[tuple[str, str], ...] = (
    ("spinoffs", "spin-offs"),
    ("invention_disclosures", "uitvindingsmeldingen"),
    ("licence_agreements", "licentie- en optieovereenkomsten"),
)


def submitting_institutions(wide: pd.DataFrame, year: int) -> int:
    """How many institutions sent a submission for `year` (whatever they reported in it)."""
    return int(wide.loc[wide["year"] == year, "institution_id"].nunique())


def change_clause(row: LikeForLike, year: int, names: Mapping[str, str]) -> str:
    """'+5,3% (36 instellingen)' or '−1,2% (35 instellingen; geen opgave 2024: OU en UL)'."""
    left_out = not_in_both_text(row, year, names)
    noun = "instelling" if row.n_both == 1 else "instellingen"
    return f"{fmt.change(row.change)} ({fmt.number(row.n_both)} {noun}" + (
        f"; {left_out})" if left_out else ")"
    )


def summary_markdown(wide: pd.DataFrame, year: int, institutions: pd.DataFrame) -> str:
    """Opening paragraph: the year's totals, each with its reporters, and like-for-like changes.

    Every total carries its own count of reporting institutions (the same count as in
    the table); every change is over the institutions with a figure in both years, and
    those left out are named.
    """
    # Names from institutions.csv go into Markdown prose: literal text, never syntax.
    names = {k: escape.markdown(v) for k, v in short_names(institutions).items()}
    lfl = like_for_like_changes(wide, year, [code for code, _ in HEADLINE_COUNTS])
    shown = [(lfl[code], noun) for code, noun in HEADLINE_COUNTS if code in lfl]
    shown = [(row, noun) for row, noun in shown if row.n_reporting > 0]
    text = (
        f"In {year} meldden {fmt.number(submitting_institutions(wide, year))} "
        "kennisinstellingen cijfers aan de monitor"
    )
    if not shown:
        return text + "."
    totals = [
        f"{fmt.number(row.total)} {noun} (opgave van {fmt.number(row.n_reporting)} instellingen)"
        for row, noun in shown
    ]
    text += "; samen " + join_nl(totals) + "."
    changes = [
        f"{noun} {change_clause(row, year, names)}"
        for row, noun in shown
        if np.isfinite(row.change)
    ]
    if changes:
        text += (
            f" Bij de instellingen met een opgave in zowel {year - 1} als {year} was de "
            "verandering: " + join_nl(changes) + "."
        )
    return text


def until(wide: pd.DataFrame, year: int) -> pd.DataFrame:
    """The data a report for `year` may use: nothing after that year."""
    return wide[wide["year"] <= year].reset_index(drop=True)


def trend_table(
    wide: pd.DataFrame, indicators: Sequence[str] = tuple(TREND_SUBJECTS)
) -> pd.DataFrame:
    """Yearly growth within institutions (Poisson, institution fixed effects) with 95% intervals."""
    from analysis.methods import trends

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
#: The research term's label when the KTO-staff term was left out for collinearity.
SIZE_TERM_NL = "omvang: log onderzoeksuitgaven (elasticiteit)"
MODEL_NL = labels.COUNT_MODEL_LABELS
TYPE_SINGULAR_NL = labels.INSTITUTION_TYPE_SINGULAR


def count_model_results(wide: pd.DataFrame, institutions: pd.DataFrame) -> CountModels:
    """Fit the count models once; the table and the text below both read this result."""
    from analysis.methods import trends

    return trends.count_models(wide, institutions)


def _shown_terms(models: CountModels) -> pd.DataFrame:
    """The selected model's rows a reader can interpret: elasticities and type contrasts
    resting on at least two institutions (one institution's contrast has no clustered error)."""
    coef = models.coefficients
    keep = coef["selected"] & coef["term"].isin(list(TERM_NL)) & (coef["n_institutions"] >= 2)
    order = {term: k for k, term in enumerate(TERM_NL)}
    shown = coef[keep].assign(_order=coef["term"].map(order))
    return (
        shown.sort_values(["outcome", "_order"], kind="stable", key=_outcome_order)
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def _outcome_order(column: pd.Series) -> pd.Series:
    """Sort key: outcomes in the models' order, terms in TERM_NL's order."""
    if column.name == "outcome":
        from analysis.methods import trends

        return column.map({o: k for k, o in enumerate(trends.COUNT_OUTCOMES)})
    return column


def count_model_table(models: CountModels) -> pd.DataFrame:
    """Per outcome the model the overdispersion test selects, with errors clustered by institution."""
    coef = _shown_terms(models)
    dropped = dict(zip(models.collinearity["outcome"], models.collinearity["dropped"], strict=True))
    terms = [
        SIZE_TERM_NL
        if term == "log_research_expenditure" and dropped.get(outcome)
        else TERM_NL[str(term)]
        for outcome, term in zip(coef["outcome"], coef["term"], strict=True)
    ]
    return pd.DataFrame(
        {
            "Uitkomst": coef["outcome"].map(INDICATOR_LABELS),
            "Model": coef["model"].map(MODEL_NL),
            "Term": terms,
            "Schatting": coef["estimate"].map(lambda v: fmt.number(v, 2)),
            "95%-interval": [
                f"{fmt.number(lo, 2)} tot {fmt.number(hi, 2)}"
                for lo, hi in zip(coef["ci_low"], coef["ci_high"], strict=True)
            ],
            "p-waarde": coef["p_value"].map(_p_text),
            "Instellingen": coef["n_institutions"].map(fmt.number),
        }
    )


def _p_text(p_value: object) -> str:
    return "< 0,001" if float(cast(float, p_value)) < 0.001 else fmt.number(p_value, 3)


def _range_text(values: Sequence[float], decimals: int) -> str:
    shown = sorted(
        {fmt.number(v, decimals) for v in values}, key=lambda t: float(t.replace(",", "."))
    )
    return shown[0] if len(shown) == 1 else f"{shown[0]} tot {shown[-1]}"


def count_model_markdown(models: CountModels, institutions: pd.DataFrame) -> str:
    """What the count models can and cannot say: model choice, clustering, collinearity, types."""
    from analysis.methods import trends

    over = models.overdispersion
    parts = []
    for row in over.to_dict("records"):
        parts.append(
            f"{label_in_sentence(str(row['outcome']))} "
            f"{MODEL_NL[str(row['selected_model'])]} (Pearson-dispersie "
            f"{fmt.number(row['pearson_dispersion'], 1)}, p {'' if _p_text(row['p_value']).startswith('<') else '= '}"
            f"{_p_text(row['p_value'])})"
        )
    text = (
        "Hoe hangen de aantallen samen met de omvang van het onderzoek en van het KTO? Telmodellen "
        "(Poisson en negatief-binomiaal) op de log-onderzoeksuitgaven, het log-KTO-personeel en het "
        "type instelling. De toets van Cameron en Trivedi op overdispersie kiest per uitkomst het "
        f"model: {join_nl(parts)}. De tabel op de website toont het gekozen model. De standaardfouten en "
        "intervallen zijn geclusterd per instelling, omdat de jaren van één instelling geen "
        "onafhankelijke waarnemingen zijn."
    )
    col = models.collinearity
    dropped = col[col["dropped"] != ""]
    if len(dropped):
        text += (
            " Onderzoeksuitgaven en KTO-personeel bewegen vrijwel samen (correlatie van de "
            f"logaritmen {_range_text(list(dropped['r_size_terms']), 2)}; variantie-inflatiefactor van "
            f"het KTO-personeel {_range_text(list(dropped['vif_kto']), 0)}, boven de gangbare grens van "
            f"{fmt.number(trends.VIF_LIMIT)}). Hun afzonderlijke elasticiteiten zijn met deze gegevens niet "
            "te scheiden. Het KTO-personeel is daarom uit het model gelaten: de elasticiteit van de "
            "onderzoeksuitgaven geldt voor de omvang van instelling en KTO samen, niet voor het "
            "onderzoek alleen, en over de bijdrage van het KTO-personeel zegt dit model niets."
        )
    elif len(col):
        text += (
            " De correlatie tussen de logaritmen van onderzoeksuitgaven en KTO-personeel is "
            f"{_range_text(list(col['r_size_terms']), 2)} (variantie-inflatiefactor "
            f"{_range_text(list(col['vif_kto']), 1)}): beide elasticiteiten zijn apart te schatten."
        )
    singles = _single_institution_types(models, institutions)
    if singles:
        text += (
            f" {join_nl(singles)} {'is' if len(singles) == 1 else 'zijn'} de enige van "
            f"{'zijn' if len(singles) == 1 else 'hun'} type; het verschil met universiteiten is voor "
            "één instelling niet met een geclusterde fout te schatten en staat niet in de tabel (het "
            "type blijft wel in het model)."
        )
    return text


def _single_institution_types(models: CountModels, institutions: pd.DataFrame) -> list[str]:
    """'TNO (TO2-instelling)' for each type contrast that rests on one institution."""
    coef = models.coefficients
    single = coef[
        coef["selected"] & coef["term"].str.startswith("type:") & (coef["n_institutions"] == 1)
    ]
    names = {k: escape.markdown(v) for k, v in short_names(institutions).items()}
    types = dict(
        zip(
            institutions["institution_id"].astype(str),
            institutions["type"].astype(str),
            strict=True,
        )
    )
    out = []
    for term in sorted(set(single["term"])):
        kind = str(term).split(":", 1)[1]
        members = sorted(names.get(i, i) for i, t in types.items() if t == kind)
        label = TYPE_SINGULAR_NL.get(kind, kind)
        out.append(f"{members[0]} ({label})" if len(members) == 1 else f"één {label}")
    return out
