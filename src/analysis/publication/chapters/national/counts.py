"""Chapter 2, the count models (Poisson / negative binomial) and their table and text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd

from analysis.data.assumptions import Levels
from analysis.publication import escape, labels
from analysis.publication import formatting as fmt
from analysis.publication.chapters import levels as level_words
from analysis.publication.chapters.national.totals import (
    FRACTION_UNIT,
    TREND_SUBJECTS,
    join_nl,
    label_in_sentence,
    short_names,
)
from analysis.publication.chapters.pointers import see_annex
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import INDICATOR_LABELS

if TYPE_CHECKING:  # statsmodels is imported only by the notebooks that fit models
    from analysis.methods.trends.counts import CountModels


def growth(
    wide: pd.DataFrame, levels: Levels, indicators: Sequence[str] = tuple(TREND_SUBJECTS)
) -> pd.DataFrame:
    """Fit the yearly growth within institutions (Poisson, institution fixed effects) once,
    with intervals at the assumptions' confidence level; the table and its download both
    read this result (`trends.national_trends`)."""
    from analysis.methods.trends import fixed_effects

    return fixed_effects.national_trends(wide, list(indicators), alpha=levels.alpha)


def growth_markdown(result: pd.DataFrame, levels: Levels) -> str:
    """The section on growth within institutions in plain words: what 'within' protects
    against, the growth of each indicator with its interval in words, and where the
    model behind it is described (Bijlage B)."""
    text = (
        "De groei per jaar is gemeten binnen elke instelling: een instelling die later gaat "
        "opgeven of ermee stopt, maakt de groei niet groter of kleiner. Bij elke groei staat "
        f"het gebied waarin ze {level_words.sure(levels)} ligt"
    )
    rows = [
        f"{label_in_sentence(str(r['indicator']))} {fmt.change(r['growth_pct'] / 100)} "
        f"({fmt.change(r['growth_pct_low'] / 100)} tot {fmt.change(r['growth_pct_high'] / 100)})"
        for r in result.to_dict("records")
    ]
    if rows:
        text += ": " + join_nl(rows)
    return text + f" per jaar ({see_annex(2)})." if rows else text + f" ({see_annex(2)})."


def interval_bounds(levels: Levels) -> tuple[str, str]:
    """The download's columns of an interval's ends ("Ondergrens 95%-interval", …)."""
    interval = level_words.interval(levels)
    return f"Ondergrens {interval}", f"Bovengrens {interval}"


def growth_columns(levels: Levels) -> tuple[str, str, str]:
    """Where the page writes "+3,7%" and "+1,0% tot +6,5%", the download's three columns."""
    return ("Groei per jaar", *interval_bounds(levels))


def growth_table(result: pd.DataFrame, levels: Levels) -> Table:
    """`growth` as a table: per indicator the growth per year with its interval.

    The CSV holds the growth and both ends of its interval as fractions in their own
    columns (growth is a fraction: 0.037 is +3,7% a year) and the counts as whole
    numbers; the page writes "+3,7%" and "+1,0% tot +6,5%".
    """
    return Table(
        name="groei_per_indicator",
        caption=f"Geschatte groei per jaar binnen instellingen, met {level_words.interval(levels)}",
        frame=_growth_raw(result, levels),
        columns={
            **{c: Column(unit=FRACTION_UNIT) for c in growth_columns(levels)},
            "Groei per jaar": Column(unit=FRACTION_UNIT, format="change", align="l"),
            level_words.interval(levels): Column(
                format="range:change", reads=interval_bounds(levels)
            ),
        },
        show=(
            "Indicator",
            "Groei per jaar",
            level_words.interval(levels),
            "Instellingen",
            "Waarnemingen",
        ),
    )


def _growth_raw(result: pd.DataFrame, levels: Levels) -> pd.DataFrame:
    columns = growth_columns(levels)
    if result.empty:
        return pd.DataFrame(columns=["Indicator", *columns, "Instellingen", "Waarnemingen"])
    estimate, low, high = columns
    return pd.DataFrame(
        {
            "Indicator": result["indicator"].map(INDICATOR_LABELS),
            estimate: (result["growth_pct"] / 100).astype("float64"),
            low: (result["growth_pct_low"] / 100).astype("float64"),
            high: (result["growth_pct_high"] / 100).astype("float64"),
            "Instellingen": result["n_institutions"].astype("int64"),
            "Waarnemingen": result["n_obs"].astype("int64"),
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


def count_model_results(
    wide: pd.DataFrame, institutions: pd.DataFrame, levels: Levels
) -> CountModels:
    """Fit the count models once, with intervals at the assumptions' confidence level; the
    table and the text below both read this result."""
    from analysis.methods.trends import counts

    return counts.count_models(wide, institutions, alpha=levels.alpha)


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
        from analysis.methods.trends import counts as trends_counts2

        return column.map({o: k for k, o in enumerate(trends_counts2.COUNT_OUTCOMES)})
    return column


#: A coefficient of a log-link model: an elasticity, or the log of the ratio between a
#: type and the universities.
COEFFICIENT = Column(unit="coëfficiënt op logschaal (elasticiteit of log-verhouding)")


def count_model_table(models: CountModels, levels: Levels) -> Table:
    """Per outcome the model the overdispersion test selects, with errors clustered by
    institution (Bijlage B, site only).

    The CSV holds the estimate, both ends of its interval and the p-value as numbers in
    their own columns; the page writes "1,25", "1,05 tot 1,45" and "< 0,001".
    """
    low, high = interval_bounds(levels)
    return Table(
        name="telmodellen",
        caption="Telmodellen: het model dat de overdispersietoets kiest, met per instelling "
        f"geclusterde {level_words.interval(levels)}len",
        frame=_count_model_raw(models, levels),
        columns={
            "Schatting": replace(COEFFICIENT, format="number:2", align="l"),
            low: COEFFICIENT,
            high: COEFFICIENT,
            level_words.interval(levels): Column(format="range:number:2", reads=(low, high)),
            "p-waarde": Column(unit="kans (0 tot 1)", format="p_value"),
            "Instellingen": Column(format="number", align="l"),
        },
        pdf=False,
        show=(
            "Uitkomst",
            "Model",
            "Term",
            "Schatting",
            level_words.interval(levels),
            "p-waarde",
            "Instellingen",
        ),
    )


def _count_model_raw(models: CountModels, levels: Levels) -> pd.DataFrame:
    """Per outcome the model the overdispersion test selects: the terms a reader can
    interpret, with the estimate, its interval and the p-value as numbers."""
    coef = _shown_terms(models)
    low, high = interval_bounds(levels)
    dropped = dict(zip(models.collinearity["outcome"], models.collinearity["dropped"], strict=True))
    terms = [
        SIZE_TERM_NL
        if term == "log_research_expenditure" and dropped.get(outcome)
        else TERM_NL[str(term)]
        for outcome, term in zip(coef["outcome"], coef["term"], strict=True)
    ]
    return pd.DataFrame(
        {
            "Uitkomst": coef["outcome"].map(INDICATOR_LABELS).to_numpy(),
            "Model": coef["model"].map(labels.COUNT_MODEL_LABELS).to_numpy(),
            "Term": terms,
            "Schatting": coef["estimate"].astype("float64").to_numpy(),
            low: coef["ci_low"].astype("float64").to_numpy(),
            high: coef["ci_high"].astype("float64").to_numpy(),
            "p-waarde": coef["p_value"].astype("float64").to_numpy(),
            "Instellingen": coef["n_institutions"].astype("int64").to_numpy(),
        }
    )


def _range_text(values: Sequence[float], decimals: int) -> str:
    shown = sorted(
        {fmt.number(v, decimals) for v in values}, key=lambda t: float(t.replace(",", "."))
    )
    return shown[0] if len(shown) == 1 else f"{shown[0]} tot {shown[-1]}"


def growth_method(levels: Levels) -> str:
    """How the growth within institutions is estimated (Bijlage B; the chapter says it in words)."""
    return (
        "De groei per jaar binnen instellingen is geschat met een Poisson-model met een vast "
        "effect per instelling, zodat instellingen die later gaan rapporteren de trend niet "
        f"vertekenen; het interval is het {level_words.confidence(levels)}-"
        "betrouwbaarheidsinterval."
    )


def count_model_markdown(models: CountModels, institutions: pd.DataFrame) -> str:
    """What the count models can and cannot say: model choice, clustering, collinearity, types."""
    from analysis.methods.trends import counts as trends_counts

    over = models.overdispersion
    parts = []
    for row in over.to_dict("records"):
        parts.append(
            f"{label_in_sentence(str(row['outcome']))} "
            f"{labels.COUNT_MODEL_LABELS[str(row['selected_model'])]} (Pearson-dispersie "
            f"{fmt.number(row['pearson_dispersion'], 1)}, p {'' if fmt.p_value(row['p_value']).startswith('<') else '= '}"
            f"{fmt.p_value(row['p_value'])})"
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
            f"{fmt.number(trends_counts.VIF_LIMIT)}). Hun afzonderlijke elasticiteiten zijn met deze gegevens niet "
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


#: The step in a size term that the plain text speaks of: 10% more.
SIZE_STEP = 0.10


def _per_step(elasticity: float) -> float:
    """The change in the outcome that goes with `SIZE_STEP` more of a size term, as a
    fraction: an elasticity of 0,8 gives 1,1 ** 0,8 − 1 = +7,9%."""
    return float((1 + SIZE_STEP) ** elasticity - 1)


def count_model_plain_markdown(models: CountModels, levels: Levels) -> str:
    """What the count models find, in words for a reader who does not fit models: how the
    numbers move with the size of the research (per 10% more research expenditure, with
    its interval), whether the KTO staff can be told apart from it, and where the models
    themselves are described (Bijlage B). Association, never cause."""
    coef = models.coefficients
    size = coef[coef["selected"] & (coef["term"] == "log_research_expenditure")]
    col = models.collinearity
    dropped = set(col.loc[col["dropped"] != "", "outcome"]) if len(col) else set()
    parts = [
        f"{label_in_sentence(str(r['outcome']))} {fmt.change(_per_step(r['estimate']))} "
        f"({fmt.change(_per_step(r['ci_low']))} tot {fmt.change(_per_step(r['ci_high']))})"
        for r in size.to_dict("records")
    ]
    if not parts:
        return (
            "Hoe de aantallen samenhangen met de omvang van het onderzoek, is met deze gegevens "
            f"niet te schatten ({see_annex(2)})."
        )
    text = (
        "Hoe hangen de aantallen samen met de omvang van het onderzoek? Bij 10% meer "
        "onderzoeksuitgaven horen gemiddeld: "
        + join_nl(parts)
        + f" (tussen haakjes het gebied waarin de uitkomst {level_words.sure(levels)} ligt). "
        "Dat is een "
        "samenhang, geen oorzaak."
    )
    if dropped:
        text += (
            " Of meer KTO-personeel meer oplevert, is met deze gegevens niet apart te zien: "
            "instellingen met veel onderzoeksgeld hebben ook veel KTO-personeel, dus de "
            "uitkomsten gelden voor de omvang van instelling en KTO samen."
        )
    else:
        staff = coef[coef["selected"] & (coef["term"] == "log_kto_staff_fte")]
        staff_parts = [
            f"{label_in_sentence(str(r['outcome']))} {fmt.change(_per_step(r['estimate']))} "
            f"({fmt.change(_per_step(r['ci_low']))} tot {fmt.change(_per_step(r['ci_high']))})"
            for r in staff.to_dict("records")
        ]
        if staff_parts:
            text += (
                " Bij 10% meer KTO-personeel, bij gelijke onderzoeksuitgaven: "
                + join_nl(staff_parts)
                + "."
            )
    return (
        text + f" Hoe dit is berekend, en de verschillen tussen typen instellingen: {see_annex(2)}."
    )


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
        label = labels.INSTITUTION_TYPE_SINGULAR.get(kind, kind)
        out.append(f"{members[0]} ({label})" if len(members) == 1 else f"één {label}")
    return out
