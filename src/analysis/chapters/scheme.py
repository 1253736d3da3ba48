"""Chapter 5: Regeling KTO-Nederland 2022–2029 — budget ramp, effect since 2022, projection, scenario.

The budget comes from the plan (with the ramp's shape an explicit assumption); the
scenario's every parameter is listed with its source, so a reader can redo the sums.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd

from analysis import benchmark, escape, reference, scenario, trends
from analysis import formatting as fmt
from analysis.errors import InputError
from analysis.labels import INDICATOR_LABELS, SOURCE_STATUS_LABELS
from analysis.sources import cite, load_sources

LINE_NL = {
    "universities_umcs": "Universiteiten en umc's",
    "to2_uas": "TO2-instellingen en hogescholen",
    "capacity": "waarvan capaciteit",
    "exploration": "Verkenning",
    "total": "Totaal",
}
STATUS_NL = SOURCE_STATUS_LABELS
VARIANT_NL = {"low": "laag", "central": "centraal", "high": "hoog", "all": "alle"}
ITS_INDICATORS = ("spinoffs", "invention_disclosures", "licence_agreements")


def budget_table(data_dir: Path) -> pd.DataFrame:
    budget = reference.load_budget(data_dir)
    return pd.DataFrame(
        {
            "Jaar": budget["year"],
            "Onderdeel": budget["line"].map(LINE_NL).fillna(budget["line"]),
            "Bedrag": budget["amount_eur"],
            "Herkomst": budget["status"].map(STATUS_NL).fillna(budget["status"]),
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
            "Onderdeel": lines["line"].map(LINE_NL),
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
    from analysis import charts

    return charts.budget_ramp(
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
    return (
        f"Het plan van KTO-Nederland vraagt structureel {per_line} per jaar voor valorisatie in de "
        f"ecosystemen van universiteiten en umc's en aanvullend {per_line} per jaar voor TO2-instellingen "
        f"en hogescholen; volgens een eerste berekening van de KTO's is daarvan "
        f"{fmt.money_eur(capacity.max())} nodig voor gerichte versterking van de capaciteit.^["
        f"{escape.markdown(cite('kto_nl_plan_2021', sources))}] De regeling duurt zeven jaar; in de eerste drie jaar "
        "lopen de middelen geleidelijk op. Hoe ze oplopen zegt het plan niet: de monitor neemt aan "
        f"dat de jaren {fmt.year(ramp['year'].min())}–{fmt.year(ramp['year'].max())} een derde, twee "
        "derde en het volle bedrag krijgen (een aanname, als zodanig gemarkeerd)."
    )


# --------------------------------------------------------------------------- the break around the scheme

#: Budget lines that pay institutions; the exploration and the total are not among them.
FUNDING_LINES: tuple[str, ...] = ("universities_umcs", "to2_uas", "capacity")
#: The indicator the chapter's and the summary's sentences are about.
HEADLINE_INDICATOR = "spinoffs"
#: Significance level of every test in this section.
LEVEL = 0.05


@dataclass(frozen=True)
class SchemeStart:
    """When the scheme starts, read from `scheme/budget.csv` (never hard-coded).

    `plan_year`: the budget's first year when nothing is paid to institutions in it
    (the plan's exploration year), else None. `first_funded_year`: the first year
    with a positive amount on a funding line, where the break is placed. `status`:
    the status of that year's amounts (e.g. 'assumption': the ramp's shape is this
    monitor's assumption). `full_year`: the first year at the full yearly total.
    """

    plan_year: int | None
    first_funded_year: int
    status: str
    full_year: int | None


def scheme_start(data_dir: Path) -> SchemeStart:
    """Read the scheme's first funded year (and the plan and full-budget years) from the budget."""
    budget = reference.load_budget(data_dir)
    funded = budget[budget["line"].isin(FUNDING_LINES) & (budget["amount_eur"].fillna(0) > 0)]
    if funded.empty:
        raise InputError(
            data_dir / "scheme" / "budget.csv",
            None,
            "amount_eur",
            "first_funded_year",
            "geen jaar met een positief bedrag op een financieringsregel "
            f"({', '.join(FUNDING_LINES)}): het eerste jaar van de regeling is niet te bepalen",
        )
    first = int(funded["year"].min())
    statuses = sorted(set(funded.loc[funded["year"] == first, "status"].astype(str)))
    plan_year = int(budget["year"].min())
    total = budget[(budget["line"] == "total")].dropna(subset=["amount_eur"])
    full = total[total["amount_eur"] >= total["amount_eur"].max()] if len(total) else total
    return SchemeStart(
        plan_year=plan_year if plan_year < first else None,
        first_funded_year=first,
        status="assumption" if "assumption" in statuses else (statuses[0] if statuses else ""),
        full_year=int(full["year"].min()) if len(full) else None,
    )


@dataclass(frozen=True)
class BreakAnalysis:
    """Everything the chapter says about the break at the scheme's start, fitted once.

    `its`: level and slope change per indicator at the first funded year; `placebos`:
    the same fit with the break in earlier years; `placebo_summary`: per indicator and
    term how many placebos are as large / significant; `did`: partners of
    KTO-Nederland against the other institutions (empty where the data do not allow
    it), with `did_placebos` / `did_placebo_summary` the same comparison at earlier
    breaks; `sensitivity`: the headline indicator's changes with the break at the
    plan year, the first funded year and the first full-budget year, and with a change
    that follows the budget's ramp (`dose`: each year's share of the full budget).
    """

    start: SchemeStart
    its: pd.DataFrame
    placebos: pd.DataFrame
    placebo_summary: pd.DataFrame
    did: pd.DataFrame
    did_placebos: pd.DataFrame
    did_placebo_summary: pd.DataFrame
    sensitivity: pd.DataFrame
    control_types: tuple[str, ...]
    control_per_year: dict[str, float]
    demo: bool
    dose: dict[int, float] = field(default_factory=dict)


def break_analysis(
    wide: pd.DataFrame, data_dir: Path, indicators: Sequence[str] = ITS_INDICATORS
) -> BreakAnalysis:
    """Fit the interrupted time series, its placebos and the partner comparison.

    The partner comparison's placebos are fitted for the headline indicator only: the
    verdict and the text use them there, and at a thousand institutions each costs
    about a second. The summary passes only the headline indicator.
    """
    start = scheme_start(data_dir)
    dose = budget_dose(reference.load_budget(data_dir))
    institutions = reference.load_institutions(data_dir)
    partners = institutions.loc[institutions["kto_nl_partner"].astype(bool), "institution_id"]
    b = start.first_funded_year
    its, placebos, summaries, dids, did_pl, did_summaries = [], [], [], [], [], []
    for ind in (i for i in indicators if i in wide.columns):
        real = trends.interrupted_time_series(wide, ind, break_year=b)
        pl = trends.placebo_breaks(wide, ind, break_year=b)
        its.append(real)
        placebos.append(pl)
        summaries.append(trends.placebo_comparison(real, pl).assign(indicator=ind))
        did = trends.difference_in_differences(wide, ind, partners, break_year=b)
        dids.append(did)
        if not did.empty and ind == HEADLINE_INDICATOR:
            dpl = trends.did_placebos(wide, ind, partners, break_year=b)
            did_pl.append(dpl)
            did_summaries.append(
                trends.placebo_comparison(did, dpl, terms=("did",)).assign(indicator=ind)
            )
    reporting = set(wide["institution_id"].astype(str))
    others = institutions[
        ~institutions["kto_nl_partner"].astype(bool)
        & institutions["institution_id"].isin(reporting)
    ]
    return BreakAnalysis(
        start=start,
        its=_concat(its),
        placebos=_concat(placebos),
        placebo_summary=_concat(summaries),
        did=_concat(dids),
        did_placebos=_concat(did_pl),
        did_placebo_summary=_concat(did_summaries),
        sensitivity=_break_sensitivity(wide, start, dose),
        control_types=tuple(sorted(set(others["type"].astype(str)))),
        control_per_year=_yearly_mean(wide, set(others["institution_id"].astype(str))),
        demo=bool(wide["is_demonstration"].any()) if "is_demonstration" in wide else False,
        dose=dose,
    )


def budget_dose(budget: pd.DataFrame) -> dict[int, float]:
    """Each year's share of the full yearly budget (the `total` line; a year without an amount: 0).

    The dose of `trends.dose_break`: with the monitor's ramp assumption 2023–2025 get a
    third, two thirds and the whole, so a change that follows the money is read
    against that ramp instead of against a step in the first funded year.
    """
    total = budget[budget["line"] == "total"].dropna(subset=["amount_eur"])
    full = float(total["amount_eur"].max()) if len(total) else 0.0
    if full <= 0:
        return {}
    return {
        int(y): float(a) / full
        for y, a in zip(total["year"], total["amount_eur"], strict=True)
        if float(a) > 0
    }


def _yearly_mean(wide: pd.DataFrame, ids: set[str]) -> dict[str, float]:
    """Per indicator: the group's total per year, averaged over the years (its event count)."""
    rows = wide[wide["institution_id"].astype(str).isin(ids)]
    return {
        ind: float(rows.groupby("year")[ind].sum(min_count=1).mean())
        for ind in ITS_INDICATORS
        if ind in rows.columns and len(rows)
    }


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    kept = [f for f in frames if not f.empty]
    return pd.concat(kept, ignore_index=True) if kept else pd.DataFrame()


BREAK_CANDIDATE_NL = {
    "plan_year": "verkenningsjaar van het plan",
    "first_funded_year": "eerste jaar met budget (gebruikt)",
    "full_year": "eerste jaar met het volle budget",
    "budget_dose": "oplopend met het budget",
}


def _break_sensitivity(
    wide: pd.DataFrame, start: SchemeStart, dose: dict[int, float]
) -> pd.DataFrame:
    """The headline indicator's level and slope change for each candidate break year,
    and the change at full budget when it follows the budget's ramp (`budget_dose`,
    its term named `level_change` so the table reads it as the level change)."""
    rows = []
    if HEADLINE_INDICATOR not in wide.columns:
        return pd.DataFrame()
    for key in BREAK_CANDIDATE_NL:
        if key == "budget_dose":
            fit = trends.dose_break(wide, HEADLINE_INDICATOR, dose=dose)
            fit = fit.assign(term=fit["term"].replace({"dose_change": "level_change"}))
            year = start.first_funded_year
        else:
            year = getattr(start, key)
            if year is None:
                continue
            fit = trends.interrupted_time_series(wide, HEADLINE_INDICATOR, break_year=int(year))
        if fit.empty:
            continue
        rows.append(fit.assign(candidate=key, break_year=int(year)))
    return _concat(rows)


def its_term_label(term: str, break_year: int) -> str:
    """Dutch label of an ITS term, naming the break year read from the budget."""
    return {
        "trend": f"trend vóór {break_year}",
        "level_change": f"niveausprong in {break_year}",
        "slope_change": f"trendbreuk vanaf {break_year} (per jaar)",
    }[term]


def _num(value: object) -> float:
    """A table cell as a float (pandas types cells loosely)."""
    return float(cast(float, value))


def _interval(low: object, high: object) -> str:
    return f"{fmt.change(_num(low) / 100)} tot {fmt.change(_num(high) / 100)}"


def _p(p_value: object) -> str:
    p = float(cast(float, p_value))
    return "< 0,001" if p < 0.001 else fmt.number(p, 3)


def _p_clause(p_value: object) -> str:
    text = _p(p_value)
    return f"p {text}" if text.startswith("<") else f"p = {text}"


def its_table(analysis: BreakAnalysis) -> pd.DataFrame:
    """Level and slope change at the first funded year per indicator, with 95% intervals."""
    its = analysis.its
    b = analysis.start.first_funded_year
    if its.empty:
        return pd.DataFrame(
            columns=["Indicator", "Term", "Verandering", "95%-interval", "p-waarde"]
        )
    return pd.DataFrame(
        {
            "Indicator": its["indicator"].map(INDICATOR_LABELS),
            "Term": [its_term_label(str(t), b) for t in its["term"]],
            "Verandering": (its["effect_pct"] / 100).map(fmt.change),
            "95%-interval": [
                _interval(lo, hi)
                for lo, hi in zip(its["effect_pct_low"], its["effect_pct_high"], strict=True)
            ],
            "p-waarde": its["p_value"].map(_p),
        }
    )


def placebo_table(analysis: BreakAnalysis) -> pd.DataFrame:
    """Per indicator the real break first, then every placebo year: level and slope change."""
    columns = ["Indicator", "Breukjaar", "Niveausprong", "p (niveau)", "Trendbreuk", "p (trend)"]
    rows: list[dict[str, str]] = []
    b = analysis.start.first_funded_year
    for ind in (
        i for i in ITS_INDICATORS if not analysis.its.empty and i in set(analysis.its["indicator"])
    ):
        real = analysis.its[analysis.its["indicator"] == ind].assign(placebo_year=b)
        placebos = (
            analysis.placebos[analysis.placebos["indicator"] == ind]
            if not analysis.placebos.empty
            else analysis.placebos
        )
        for frame, is_real in ((real, True), (placebos, False)):
            if frame.empty:
                continue
            for year, fit in frame.groupby("placebo_year", sort=True):
                by_term = fit.set_index("term")
                row = {
                    "Indicator": INDICATOR_LABELS[ind],
                    "Breukjaar": f"{year} (start financiering)" if is_real else f"{year} (placebo)",
                }
                for term, name, p_name in (
                    ("level_change", "Niveausprong", "p (niveau)"),
                    ("slope_change", "Trendbreuk", "p (trend)"),
                ):
                    if term in by_term.index:
                        row[name] = fmt.change(_num(by_term.loc[term, "effect_pct"]) / 100)
                        row[p_name] = _p(by_term.loc[term, "p_value"])
                    else:
                        row[name], row[p_name] = fmt.MISSING, fmt.MISSING
                rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def did_table(analysis: BreakAnalysis) -> pd.DataFrame:
    """Partners of KTO-Nederland against the other institutions, per indicator."""
    columns = [
        "Indicator",
        "Verschil in verandering",
        "95%-interval",
        "p-waarde",
        "Verschil in trend vooraf (per jaar)",
        "p-waarde (trend vooraf)",
        "Partners",
        "Overige",
    ]
    did = analysis.did
    if did.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for ind, fit in did.groupby("indicator", sort=False):
        by_term = fit.set_index("term")
        main = by_term.loc["did"]
        pre = by_term.loc["pre_trend"] if "pre_trend" in by_term.index else None
        rows.append(
            {
                "Indicator": INDICATOR_LABELS[str(ind)],
                "Verschil in verandering": fmt.change(_num(main["effect_pct"]) / 100),
                "95%-interval": _interval(
                    _num(main["effect_pct_low"]), _num(main["effect_pct_high"])
                ),
                "p-waarde": _p(main["p_value"]),
                "Verschil in trend vooraf (per jaar)": fmt.change(_num(pre["effect_pct"]) / 100)
                if pre is not None
                else fmt.MISSING,
                "p-waarde (trend vooraf)": _p(pre["p_value"]) if pre is not None else fmt.MISSING,
                "Partners": fmt.number(main["n_treated"]),
                "Overige": fmt.number(main["n_control"]),
            }
        )
    return pd.DataFrame(rows, columns=columns)


#: Where chapter 5's break section sends the reader for the break year and the ramp shape.
BREAK_SENSITIVITY_POINTER = (
    "Hoe deze uitkomst verandert met een ander breukjaar uit de begroting, of met een "
    "verandering die de oploop van het budget volgt in plaats van een stap, staat verderop "
    "onder ‘Gevoeligheid voor aannames’."
)
BREAK_SENSITIVITY_CAPTION = (
    "Spin-offs: niveausprong bij elk breukjaar dat de begroting aanreikt, en bij een "
    "verandering die het budget volgt (de sprong bij het volle budget)"
)


def _dose_text(dose: dict[int, float]) -> tuple[str, str]:
    """('2023–2025', '33%, 67% en 100% van het volle budget') for the ramp years of `dose`."""
    ramp = (
        sorted((y, v) for y, v in dose.items() if v < 1.0)
        + sorted((y, v) for y, v in dose.items() if v >= 1.0)[:1]
    )
    if not ramp:
        return fmt.MISSING, ""
    years = (
        f"{fmt.year(ramp[0][0])}–{fmt.year(ramp[-1][0])}" if len(ramp) > 1 else fmt.year(ramp[0][0])
    )
    shares = [fmt.percent(v) for _, v in ramp]
    listed = shares[0] if len(shares) == 1 else ", ".join(shares[:-1]) + " en " + shares[-1]
    return years, f"{listed} van het volle budget"


def sensitivity_table(analysis: BreakAnalysis) -> pd.DataFrame:
    """The headline indicator's changes with the break in each candidate year from the budget,
    and with a change that follows the budget's ramp (the level change at full budget)."""
    columns = [
        "Breuk",
        "Waarom deze breuk",
        "Niveausprong",
        "95%-interval",
        "p-waarde",
        "Trendbreuk",
        "Jaren vanaf de breuk",
    ]
    sens = analysis.sensitivity
    if sens.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for (key, year), fit in sens.groupby(["candidate", "break_year"], sort=False):
        by_term = fit.set_index("term")
        level = by_term.loc["level_change"]
        slope = by_term.loc["slope_change"] if "slope_change" in by_term.index else None
        when, why = fmt.year(year), BREAK_CANDIDATE_NL[str(key)]
        if key == "budget_dose":
            when, shares = _dose_text(analysis.dose)
            when = f"{when}, oplopend"
            why = f"{why}: {shares} (aanname over de aanloop); niveausprong bij het volle budget"
        rows.append(
            {
                "Breuk": when,
                "Waarom deze breuk": why,
                "Niveausprong": fmt.change(_num(level["effect_pct"]) / 100),
                "95%-interval": _interval(
                    _num(level["effect_pct_low"]), _num(level["effect_pct_high"])
                ),
                "p-waarde": _p(level["p_value"]),
                "Trendbreuk": fmt.change(_num(slope["effect_pct"]) / 100)
                if slope is not None
                else fmt.MISSING,
                "Jaren vanaf de breuk": fmt.number(level["n_post_years"]),
            }
        )
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class Verdict:
    """What the break analysis of one indicator supports, and the numbers behind it.

    `its`: 'not_yet' (no year with data from the break on), 'no_change' (neither the
    level nor the slope changes significantly at the
    break), 'matched' (it does, but an earlier placebo break without the scheme is at
    least as large for a significant term) or 'changed' (larger than every placebo).
    `did`: 'none' (partners and others cannot be compared), 'pre_trends_differ' (the
    groups already grew apart before), 'alike' (no significant difference), 'matched'
    (significant, but placebo comparisons in earlier years are as large) or 'differ'
    (significant, parallel before, larger than every placebo). No value is read as
    the scheme causing a change: 'differ' is at most an association in time.
    """

    its: str
    did: str
    n_as_large: int
    n_placebos: int
    did_pct: float
    did_as_large: int
    did_placebos: int

    @property
    def association(self) -> bool:
        """True only when partners and others differ beyond every placebo, with parallel pre-trends."""
        return self.did == "differ"


def _rows(frame: pd.DataFrame, indicator: str) -> pd.DataFrame:
    return frame[frame["indicator"] == indicator] if not frame.empty else frame


def break_verdict(analysis: BreakAnalysis, indicator: str = HEADLINE_INDICATOR) -> Verdict:
    """Classify the evidence for one indicator (see `Verdict`)."""
    its = _rows(analysis.its, indicator)
    changes = its[its["term"].isin(["level_change", "slope_change"])] if not its.empty else its
    significant = (
        set(changes.loc[changes["p_value"] < LEVEL, "term"]) if not changes.empty else set()
    )
    summary = _rows(analysis.placebo_summary, indicator)
    matched = summary[summary["term"].isin(significant)] if not summary.empty else summary
    n_as_large = int(matched["n_as_large"].max()) if len(matched) else 0
    n_placebos = int(summary["n_placebos"].max()) if len(summary) else 0
    its_kind = (
        "not_yet"
        if changes.empty
        else "no_change"
        if not significant
        else "matched"
        if n_as_large > 0
        else "changed"
    )
    did = _rows(analysis.did, indicator)
    by_term = did.set_index("term") if not did.empty else did
    did_pct = _num(by_term.loc["did", "effect_pct"]) if "did" in by_term.index else np.nan
    did_p = _num(by_term.loc["did", "p_value"]) if "did" in by_term.index else np.nan
    pre_p = _num(by_term.loc["pre_trend", "p_value"]) if "pre_trend" in by_term.index else np.nan
    dsum = _rows(analysis.did_placebo_summary, indicator)
    did_as_large = int(dsum["n_as_large"].max()) if len(dsum) else 0
    did_placebos = int(dsum["n_placebos"].max()) if len(dsum) else 0
    if not np.isfinite(did_p):
        did_kind = "none"
    elif np.isfinite(pre_p) and pre_p < LEVEL:
        did_kind = "pre_trends_differ"
    elif did_p >= LEVEL:
        did_kind = "alike"
    elif did_as_large > 0:
        did_kind = "matched"
    else:
        did_kind = "differ"
    return Verdict(its_kind, did_kind, n_as_large, n_placebos, did_pct, did_as_large, did_placebos)


DEMO_CAVEAT = "Dit zijn demonstratiegegevens: de uitkomst zegt niets over de werkelijke regeling."
TYPE_PLURAL_NL = {
    "university": "universiteiten",
    "umc": "umc's",
    "to2": "TO2-instellingen",
    "institute": "instituten",
    "university of applied sciences": "hogescholen",
}


def its_markdown(analysis: BreakAnalysis) -> str:
    """The section's text: where the break lies and why, what changes, and what that supports.

    Never causal: the strongest reading is a 'samenhang' in time; otherwise an
    association with the scheme is 'niet aantoonbaar'.
    """
    start = analysis.start
    b = start.first_funded_year
    noun = INDICATOR_LABELS[HEADLINE_INDICATOR].lower()
    parts = []
    if start.plan_year is not None:
        parts.append(
            f"In {start.plan_year} staat in de begroting van het plan alleen de verkenning; de eerste "
            f"middelen voor de instellingen staan er voor {b}"
            + (
                " (de hoogte daarvan is een aanname van de monitor over de aanloop)"
                if start.status == "assumption"
                else ""
            )
            + f". De breuk ligt daarom bij {b}, het eerste jaar met budget."
        )
    else:
        parts.append(
            f"De breuk ligt bij {b}, het eerste jaar met budget volgens de begroting van het plan."
        )
    its = _rows(analysis.its, HEADLINE_INDICATOR)
    if its.empty:
        parts.append(
            f"Vanaf {b} zijn er nog geen jaren met gegevens: een verandering is nog niet te meten."
        )
        return _with_demo(" ".join(parts), analysis.demo)
    paragraphs = [
        parts[0],
        _its_sentence(its, b, noun) + " " + _placebo_sentence(analysis, b),
        _did_sentence(analysis),
        _with_demo(_conclusion(analysis), analysis.demo),
    ]
    return "\n\n".join(paragraphs)


def _its_sentence(its: pd.DataFrame, b: int, noun: str) -> str:
    by_term = its.set_index("term")
    level = by_term.loc["level_change"]
    n_post = int(_num(level["n_post_years"]))
    text = (
        "Een onderbroken tijdreeks (Poisson, vast effect per instelling, fouten geclusterd per "
        f"instelling) over {fmt.number(n_post)} {'jaar' if n_post == 1 else 'jaren'} vanaf {b} geeft "
        f"voor het aantal {noun} een niveausprong van {fmt.change(_num(level['effect_pct']) / 100)} "
        f"(95%-interval {_interval(level['effect_pct_low'], level['effect_pct_high'])}, "
        f"{_p_clause(level['p_value'])})"
    )
    if "slope_change" not in by_term.index:
        return text + "; met één jaar na de breuk is een trendbreuk nog niet te schatten."
    slope = by_term.loc["slope_change"]
    return text + (
        f" en een trendbreuk van {fmt.change(_num(slope['effect_pct']) / 100)} per jaar (interval "
        f"{_interval(slope['effect_pct_low'], slope['effect_pct_high'])}, "
        f"{_p_clause(slope['p_value'])})."
    )


def _placebo_sentence(analysis: BreakAnalysis, b: int) -> str:
    summary = _rows(analysis.placebo_summary, HEADLINE_INDICATOR)
    if summary.empty or int(summary["n_placebos"].max()) == 0:
        return f"Voor placebojaren zijn er te weinig jaren vóór {b}."
    summary = summary.set_index("term")
    placebos = _rows(analysis.placebos, HEADLINE_INDICATOR)
    years = sorted(int(y) for y in placebos["placebo_year"].unique())
    m = int(summary["n_placebos"].max())
    counts = [
        f"de {label} in {fmt.number(summary.loc[term, 'n_as_large'])} van de {fmt.number(m)}"
        for term, label in (("level_change", "niveausprong"), ("slope_change", "trendbreuk"))
        if term in summary.index
    ]
    n_sig = int(summary["n_significant"].sum())
    n_fits = int(summary["n_placebos"].sum())
    return (
        f"Dezelfde schatting met de breuk in elk eerder jaar ({years[0]}–{years[-1]}, placebo's, "
        f"alleen met jaren vóór {b}): minstens zo groot als bij {b} is "
        + " en ".join(counts)
        + f" placebojaren; {fmt.number(n_sig)} van de {fmt.number(n_fits)} placeboschattingen "
        "zijn significant bij 5%."
    )


def _did_sentence(analysis: BreakAnalysis) -> str:
    b = analysis.start.first_funded_year
    did = _rows(analysis.did, HEADLINE_INDICATOR)
    if did.empty:
        return (
            "Een vergelijking tussen partners van KTO-Nederland en andere instellingen is met deze "
            "gegevens niet mogelijk: een van beide groepen telt te weinig instellingen met gegevens "
            f"vóór en na {b}."
        )
    by_term = did.set_index("term")
    main = by_term.loc["did"]
    kinds = [TYPE_PLURAL_NL.get(t, t) for t in analysis.control_types]
    per_year = analysis.control_per_year.get(HEADLINE_INDICATOR, np.nan)
    about = [f"allemaal {kinds[0]}"] if len(kinds) == 1 else []
    if np.isfinite(per_year):
        about.append(
            f"samen gemiddeld {fmt.number(per_year)} "
            f"{INDICATOR_LABELS[HEADLINE_INDICATOR].lower()} per jaar"
        )
    who = f" ({', '.join(about)})" if about else ""
    other_type = len(kinds) == 1
    text = (
        "Verschil-in-verschillen (vaste effecten per instelling en per jaar, fouten geclusterd per "
        f"instelling, t-verdeling naar de kleinste groep) tussen {fmt.number(main['n_treated'])} partners van KTO-Nederland en "
        f"{fmt.number(main['n_control'])} overige instellingen{who}: vanaf {b} veranderde het aantal "
        f"bij de partners {fmt.change(_num(main['effect_pct']) / 100)} ten opzichte van de overige "
        f"instellingen (95%-interval {_interval(main['effect_pct_low'], main['effect_pct_high'])}, "
        f"{_p_clause(main['p_value'])})."
    )
    if "pre_trend" in by_term.index:
        pre = by_term.loc["pre_trend"]
        text += (
            f" Vóór {b} verschilde hun groei {fmt.change(_num(pre['effect_pct']) / 100)} per jaar "
            f"({_p_clause(pre['p_value'])}); de vergelijking veronderstelt dat beide groepen zonder "
            "regeling gelijk zouden zijn opgelopen"
            + (
                ", terwijl de instellingen buiten de regeling van een ander type zijn"
                if other_type
                else ""
            )
            + "."
        )
    v = break_verdict(analysis)
    if v.did_placebos:
        text += (
            f" Met dezelfde vergelijking in eerdere jaren is het verschil in "
            f"{fmt.number(v.did_as_large)} van de {fmt.number(v.did_placebos)} placebojaren "
            "minstens zo groot."
        )
    return text


ITS_CONCLUSION = {
    "no_change": "Landelijk is een verandering in het aantal {noun} rond {b} niet aantoonbaar.",
    "matched": (
        "Landelijk verandert het aantal {noun} rond {b}, maar even grote veranderingen komen ook "
        "in jaren zonder regeling voor."
    ),
    "changed": "Landelijk verandert het aantal {noun} rond {b} meer dan in elk placebojaar.",
}
DID_CONCLUSION = {
    "none": "Een vergelijking met instellingen buiten de regeling is niet mogelijk.",
    "pre_trends_differ": (
        "De partners groeiden al vóór {b} anders dan de overige instellingen, dus de vergelijking "
        "zegt niets over de regeling."
    ),
    "alike": "De partners veranderen niet aantoonbaar anders dan de overige instellingen.",
    "matched": (
        "Het verschil tussen partners en overige instellingen is niet groter dan in eerdere jaren "
        "zonder regeling."
    ),
    "differ": (
        "De partners veranderen anders dan de overige instellingen, meer dan in elk placebojaar."
    ),
}


def _conclusion(analysis: BreakAnalysis) -> str:
    v = break_verdict(analysis)
    b = analysis.start.first_funded_year
    noun = INDICATOR_LABELS[HEADLINE_INDICATOR].lower()
    text = ITS_CONCLUSION[v.its].format(noun=noun, b=b) + " " + DID_CONCLUSION[v.did].format(b=b)
    if v.association:
        return text + (
            f" Dat is een samenhang in de tijd met de start van de regeling; het ontwerp kan andere "
            f"verschillen tussen de groepen en andere ontwikkelingen vanaf {b} niet uitsluiten."
        )
    return text + " Een samenhang met de regeling is daarmee niet aantoonbaar."


def _with_demo(text: str, demo: bool) -> str:
    return text + (" " + DEMO_CAVEAT if demo else "")


def its_headline(analysis: BreakAnalysis) -> str:
    """One sentence for the summary, following the same verdict as the chapter (no final period)."""
    v = break_verdict(analysis)
    b = analysis.start.first_funded_year
    noun = INDICATOR_LABELS[HEADLINE_INDICATOR].lower()
    if v.its == "not_yet":
        text = (
            f"De financiering van de regeling begint volgens de begroting in {b}: een verandering "
            f"in het aantal {noun} is nog niet te meten"
        )
    elif v.association:
        text = (
            f"Bij de partners van KTO-Nederland veranderde het aantal {noun} vanaf de start van de "
            f"financiering van de regeling ({b}) {fmt.change(v.did_pct / 100)} ten opzichte van de "
            "overige instellingen: een samenhang in de tijd, die andere verschillen tussen de groepen "
            "niet uitsluit"
        )
    else:
        national_part = {
            "no_change": f"is een verandering in het aantal {noun} niet aantoonbaar",
            "matched": (
                f"verandert het aantal {noun}, maar even grote veranderingen komen voor in "
                f"{v.n_as_large} van de {v.n_placebos} eerdere jaren zonder regeling"
            ),
            "changed": f"verandert het aantal {noun} meer dan in eerdere jaren",
        }[v.its]
        comparison = {
            "none": "een vergelijking met instellingen buiten de regeling is niet mogelijk",
            "pre_trends_differ": (
                "de partners van KTO-Nederland groeiden al vóór de regeling anders dan de overige "
                "instellingen"
            ),
            "alike": (
                "bij de partners van KTO-Nederland niet aantoonbaar anders dan bij de overige "
                "instellingen"
            ),
            "matched": (
                "het verschil tussen partners van KTO-Nederland en overige instellingen is niet "
                "groter dan in eerdere jaren"
            ),
            "differ": "",
        }[v.did]
        text = (
            f"Rond de start van de financiering van de regeling ({b}) {national_part}; "
            f"{comparison}: een samenhang met de regeling is niet aantoonbaar"
        )
    if analysis.demo:
        text += " (demonstratiegegevens: dit zegt niets over de werkelijke regeling)"
    return text


# --------------------------------------------------------------------------- scenario
#
# The catch-up scenario (issue 11, point 8): built only on the comparisons of chapter 3
# where the Netherlands lags the top, with targets from the top's spread and jobs from
# a figure whose horizon matches. No return is computed from the plan's EUR 4.20.


@dataclass(frozen=True)
class ScenarioResult:
    parameters: pd.DataFrame
    result: pd.DataFrame
    summary: pd.DataFrame
    targets: pd.DataFrame
    headline: tuple[str, str] | None
    base_year: int
    price_basis: str
    comparisons: pd.DataFrame
    budget: pd.DataFrame
    return_citation: str


def _data_source(wide: pd.DataFrame) -> str:
    demo = bool(wide["is_demonstration"].any()) if "is_demonstration" in wide else False
    return "demonstration" if demo else "kt_metrics"


def compute_scenario(wide: pd.DataFrame, data_dir: Path, year: int) -> ScenarioResult:
    """The scenario from the chapter 3 comparisons (Dutch total, report-year prices)."""
    from analysis.chapters import europe

    eu = europe.compute(wide, data_dir, year, levels=("total",), n_boot=200)
    targets = scenario.catch_up_targets(eu.comparisons)
    counts = scenario.base_counts(wide, year, targets["indicator"])
    jobs = scenario.jobs_parameters(reference.load_spinoff_jobs(data_dir))
    params = scenario.build_parameters(
        targets, counts, jobs, base_year=year, data_source=_data_source(wide)
    )
    budget = reference.load_budget(data_dir)
    result = scenario.run_scenario(params, budget)
    return ScenarioResult(
        parameters=params,
        result=result,
        summary=scenario.summary(result, params),
        targets=targets,
        headline=scenario.headline(targets),
        base_year=year,
        price_basis=eu.price_basis,
        comparisons=eu.comparisons,
        budget=budget,
        return_citation=cite(scenario.PLAN_RETURN_SOURCE, load_sources(data_dir)),
    )


def _label(indicator: str) -> str:
    return INDICATOR_LABELS.get(indicator, indicator)


def _lower(indicator: str) -> str:
    label = _label(indicator)
    return label[:1].lower() + label[1:]


def _den(denominator: str) -> str:
    return {
        "per_100m_research": "per € 100 mln onderzoek",
        "per_kto_fte": "per fte KTO",
        "per_disclosure": "per uitvindingsmelding",
    }.get(denominator, denominator)


def _intensity(v: float, indicator: str) -> str:
    if not np.isfinite(v):
        return fmt.MISSING
    return fmt.money_eur(v, "eur") if indicator.endswith("_eur") else fmt.number(v, 2)


def _amount(v: float, indicator: str) -> str:
    if not np.isfinite(v):
        return fmt.MISSING
    return fmt.money_eur(v) if indicator.endswith("_eur") else fmt.number(v)


_IN_SCENARIO = {
    "lagging": "ja",
    "not_demonstrable": "nee: niet aantoonbaar achter",
    "at_or_above": "nee: op of boven de top",
}
_VERDICT_NL = {
    "behind": "achter",
    "ahead": "voor",
    "indistinguishable": "niet te onderscheiden",
    "unknown": "geen interval",
}


def position_table(s: ScenarioResult) -> pd.DataFrame:
    """Per comparison: Dutch value, the top's low / central / high, and whether it is in the scenario."""
    t = s.targets
    return pd.DataFrame(
        {
            "Indicator": t["indicator"].map(_label),
            "Noemer": t["denominator"].map(_den),
            "Nederland": [
                _intensity(v, i) for v, i in zip(t["baseline"], t["indicator"], strict=True)
            ],
            "Top: centraal (laag–hoog)": [
                f"{_intensity(c, i)} ({_intensity(lo, i)}–{_intensity(hi, i)})"
                if lo != hi
                else _intensity(c, i)
                for c, lo, hi, i in zip(
                    t["target_central"],
                    t["target_low"],
                    t["target_high"],
                    t["indicator"],
                    strict=True,
                )
            ],
            "Oordeel hoofdstuk 3": [
                ", ".join(_VERDICT_NL.get(v, v) for v in str(vs).split(";")) for vs in t["verdicts"]
            ],
            "In het scenario": t["status"].map(_IN_SCENARIO),
        }
    )


def summary_table(s: ScenarioResult) -> pd.DataFrame:
    """Per lagging comparison and variant: target, extra output in the target year and summed, jobs."""
    sm = s.summary
    target_year = int(s.result["year"].max()) if not s.result.empty else scenario.TARGET_YEAR
    first = s.base_year + 1
    long_run = [
        f"{fmt.number(lo)}–{fmt.number(hi)}" if np.isfinite(lo) and np.isfinite(hi) else fmt.MISSING
        for lo, hi in zip(sm["jobs_long_run_low"], sm["jobs_long_run_high"], strict=True)
    ]
    table = pd.DataFrame(
        {
            "Indicator": sm["indicator"].map(_label),
            "Noemer": sm["denominator"].map(_den),
            "Variant": sm["variant"].map(VARIANT_NL),
            "Doel (intensiteit)": [
                _intensity(v, i)
                for v, i in zip(sm["target_intensity"], sm["indicator"], strict=True)
            ],
            f"Extra in {target_year}": [
                _amount(v, i) for v, i in zip(sm["extra_target_year"], sm["indicator"], strict=True)
            ],
            f"Extra {first}–{target_year} samen": [
                _amount(v, i) for v, i in zip(sm["extra_cumulative"], sm["indicator"], strict=True)
            ],
            f"Banen in {target_year} (jonge spin-offs)": [
                fmt.number(v) if np.isfinite(v) else fmt.MISSING for v in sm["extra_jobs"]
            ],
            "Banen na decennia (bandbreedte)": long_run,
        }
    )
    if not (sm["indicator"] == "spinoffs").any():
        # Jobs follow only from extra spin-offs; the text says why there are none.
        table = table.drop(columns=[c for c in table.columns if c.startswith("Banen")])
    return table


SUMMARY_FORMATS: dict[str, str] = {}

_STATUS_CITE = {
    "secondary": "secundaire bron",
    "assumption": "aanname",
    "demonstration": "demonstratiegegevens",
    "inferred": "afgeleid",
}

PARAMETER_NL = {
    "base_year": "Basisjaar",
    "target_year": "Doeljaar",
    "lag_years": "Vertraging",
    "base_count": "Landelijk totaal basisjaar",
    "baseline": "Nederland (intensiteit)",
    "target": "Doel: de top (intensiteit)",
    "jobs_per_spinoff_early": "Banen per nieuwe spin-off, eerste jaren",
    "jobs_per_spinoff_long_run": "Banen per bestaande spin-off, na decennia",
    "plan_return_per_euro": "Opbrengst per euro publieke R&D volgens het plan",
}


def parameters_table(s: ScenarioResult, data_dir: Path) -> pd.DataFrame:
    """Every parameter of the scenario with its unit, note and source, as the report prints it.

    Base counts are listed only for indicators in the scenario (the others are kept in
    the parameters for the sensitivity runs).
    """
    register = load_sources(data_dir)
    sources = register.set_index("source_id")

    def citation(ids: object) -> str:
        """The reference numbers, with how a source was read where it is not read in it."""
        parts = []
        for i in (x for x in str(ids or "").split(";") if x and x != "nan"):
            if i == "kt_metrics":
                parts.append("opgaven van de instellingen")
            elif i in sources.index:
                qualifier = _STATUS_CITE.get(str(sources.loc[i, "status"]), "")
                number = cite(i, register)
                parts.append(number + (f" ({qualifier})" if qualifier else ""))
        return "; ".join(parts) or fmt.MISSING

    p = s.parameters
    in_scenario = set(p.loc[p["parameter"] == "target", "indicator"])
    p = p[(p["parameter"] != "base_count") | p["indicator"].isin(in_scenario)]
    subject = [
        " ".join(x for x in (_label(i) if i else "", _den(d) if d else "") if x) or fmt.MISSING
        for i, d in zip(p["indicator"], p["denominator"], strict=True)
    ]
    values = []
    for v, unit, ind in zip(p["value"], p["unit"], p["indicator"], strict=True):
        if unit == "jaar":
            values.append(fmt.number(v) if v < 100 else fmt.year(v))
        elif unit == "EUR":
            values.append(fmt.money_eur(v))
        elif unit == "intensiteit":
            values.append(_intensity(v, str(ind)))
        elif unit == "EUR per EUR":
            values.append(fmt.money_eur(v, "eur", 2))
        elif unit == "aantal":
            values.append(fmt.number(v))
        else:
            values.append(fmt.number(v, 1))
    return pd.DataFrame(
        {
            "Parameter": p["parameter"].map(PARAMETER_NL).fillna(p["parameter"]),
            "Voor": subject,
            "Variant": p["variant"].map(VARIANT_NL).fillna(p["variant"]),
            "Waarde": values,
            "Eenheid": p["unit"],
            "Toelichting": p["note"],
            "Bron": [citation(i) for i in p["source_id"]],
        }
    )


def _summary_row(s: ScenarioResult, indicator: str, denominator: str, variant: str) -> pd.Series:
    """One row of the scenario summary (a comparison in one variant)."""
    sm = s.summary
    hit = sm[
        (sm["indicator"] == indicator)
        & (sm["denominator"] == denominator)
        & (sm["variant"] == variant)
    ]
    return hit.iloc[0]


def _jobs_sentence(s: ScenarioResult) -> str:
    p = s.parameters.set_index(["parameter", "variant"])["value"]
    early = p.get(("jobs_per_spinoff_early", "central"), np.nan)
    if s.headline is None or s.headline[0] != "spinoffs":
        spin = s.targets[s.targets["indicator"] == "spinoffs"]
        if spin.empty:
            return "Banen rekent de monitor niet uit: geen vergelijking met de top op spin-offs is mogelijk."
        return (
            "Banen rekent de monitor alleen uit extra spin-offs; op spin-offs ligt Nederland niet "
            "aantoonbaar achter op de top, dus het scenario levert geen extra banen op."
        )
    ind, den = s.headline
    row = _summary_row(s, ind, den, "central")
    return (
        f"Met {fmt.number(early, 1)} banen per nieuwe spin-off in de eerste jaren (het enige gevonden "
        "cijfer voor jonge bedrijven, met de helft tot het dubbele als bandbreedte) geven de extra "
        f"spin-offs tot {fmt.year(s.result['year'].max())} ongeveer {fmt.number(row['extra_jobs'])} "
        "banen. Cijfers als de ca. 7.000 banen in meer dan 150 spin-offs van KU Leuven zijn een voorraad "
        "na decennia bij bedrijven die zijn blijven bestaan; de monitor toont ze alleen als "
        f"bandbreedte op lange termijn ({fmt.number(row['jobs_long_run_low'])}–"
        f"{fmt.number(row['jobs_long_run_high'])} banen, als overleving en groei die van de geciteerde "
        "voorraden evenaren), niet als banen in 2029."
    )


def scenario_markdown(s: ScenarioResult) -> str:
    """What catching up with the top would mean: where there is a path, where not, and why no return."""
    t = s.targets
    above = t[t["status"] == "at_or_above"]
    lagging = t[t["status"] == "lagging"]
    target_year = int(s.result["year"].max()) if not s.result.empty else scenario.TARGET_YEAR
    parts = [
        "De toekomstvisie van het plan vraagt wat aansluiting bij de Europese top zou opleveren. De "
        "monitor rekent dat alleen na waar Nederland achterloopt: daar beweegt de Nederlandse intensiteit "
        f"vanaf {fmt.year(s.base_year)} langs de opbouw van de regeling naar die van de top in "
        f"{fmt.year(target_year)}, met de noemer (onderzoeksuitgaven of meldingen) op het niveau van "
        f"{fmt.year(s.base_year)}. Laag, centraal en hoog komen uit de bandbreedte van de top "
        "(definities, jaren, afronding; elke instelling één keer)."
    ]
    if not above.empty:
        names = [
            f"{_lower(i)} {_den(d)}"
            for i, d in zip(above["indicator"], above["denominator"], strict=True)
        ]
        parts.append(
            "Op "
            + _join(names)
            + " ligt Nederland al op of boven de top: daar is geen doelpad en geen "
            "extra uitkomst."
        )
    unclear = t[t["status"] == "not_demonstrable"]
    if not unclear.empty:
        names = [
            f"{_lower(i)} {_den(d)}"
            for i, d in zip(unclear["indicator"], unclear["denominator"], strict=True)
        ]
        parts.append(
            "Op "
            + _join(names)
            + " ligt Nederland iets onder de top, maar valt het verschil binnen de onzekerheid aan "
            "beide kanten; ook daar bouwt de monitor geen doelpad."
        )
    if lagging.empty:
        parts.append(
            "Op geen enkele vergelijkbare indicator ligt Nederland achter; er is dus geen scenario."
        )
    elif s.headline is not None:
        ind, den = s.headline
        c, lo, hi = (_summary_row(s, ind, den, v) for v in ("central", "low", "high"))
        parts.append(
            f"Voor {_lower(ind)} {_den(den)} betekent aansluiten in {fmt.year(target_year)} centraal "
            f"{_amount(c['extra_target_year'], ind)} extra per jaar (laag {_amount(lo['extra_target_year'], ind)}, "
            f"hoog {_amount(hi['extra_target_year'], ind)}), tegenover "
            f"{_amount(base_count(s, ind), ind)} in {fmt.year(s.base_year)}."
        )
        if len(lagging) > 1:
            parts.append(
                "De tabel op de website geeft hetzelfde voor de andere vergelijkingen waarop Nederland "
                "achterloopt."
            )
    parts.append(_jobs_sentence(s))
    parts.append(
        f"Het plan noemt een opbrengst van {fmt.money_eur(scenario.PLAN_RETURN_PER_EURO, 'eur', 2)} per "
        f"euro publieke R&D^[{escape.markdown(s.return_citation)}]: een cijfer over publieke R&D in het algemeen, via het plan "
        "geciteerd. Het is geen opbrengst van deze regeling; de monitor vermenigvuldigt het budget er "
        "niet mee en rekent geen opbrengst uit."
    )
    return " ".join(parts)


def base_count(s: ScenarioResult, indicator: str) -> float:
    p = s.parameters
    hit = p[(p["parameter"] == "base_count") & (p["indicator"] == indicator)]
    return float(hit["value"].iloc[0]) if not hit.empty else np.nan


def _join(items: list[str], word: str = "en") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def projection_frame(wide: pd.DataFrame, s: ScenarioResult) -> pd.DataFrame:
    """Observed totals, the trend projection with its prediction band, and the target path.

    The indicator is the scenario's headline comparison; when the Netherlands lags on
    nothing, spin-offs with no target path (the column stays empty).
    """
    indicator = s.headline[0] if s.headline is not None else "spinoffs"
    proj = trends.projection(wide, indicator, alpha=0.2)
    if s.headline is not None:
        ind, den = s.headline
        r = s.result
        target = r[
            (r["indicator"] == ind) & (r["denominator"] == den) & (r["variant"] == "central")
        ]
        target = target[["year", "count_scenario"]]
    else:
        target = pd.DataFrame(
            {"year": pd.Series(dtype="int64"), "count_scenario": pd.Series(dtype="float64")}
        )
    frame = proj.merge(target, on="year", how="left")
    last = int(frame.loc[frame["observed"].notna(), "year"].max())
    frame.loc[frame["year"] == last, "projection"] = frame.loc[frame["year"] == last, "observed"]
    future = frame["year"] >= last
    return pd.DataFrame(
        {
            "indicator": indicator,
            "year": frame["year"],
            "observed": frame["observed"],
            "projection": frame["projection"],
            "low": frame["pi_low"].where(future & (frame["year"] > last)),
            "high": frame["pi_high"].where(future & (frame["year"] > last)),
            "target": frame["count_scenario"],
        }
    )


def projection_title(frame: pd.DataFrame) -> str:
    noun = _lower(_frame_indicator(frame))
    end = frame[frame["year"] == frame["year"].max()].iloc[0]
    if pd.isna(end["target"]):
        text = f"Trend wijst op {fmt.number(end['projection'])} {noun} in {fmt.year(end['year'])}"
        if "indicator" in frame:
            text += "; Nederland ligt op geen vergelijkbare indicator achter op de top, dus er is geen doelpad"
        return text
    relative = (end["projection"] - end["target"]) / end["target"]
    verb = "rond" if abs(relative) < 0.02 else "boven" if relative > 0 else "onder"
    return (
        f"Bij de huidige trend komt Nederland in {fmt.year(end['year'])} uit op "
        f"{fmt.number(end['projection'])} {noun}, {verb} het doelpad van {fmt.number(end['target'])}"
    )


def projection_summary(frame: pd.DataFrame, s: ScenarioResult) -> str:
    """The summary's sentence on the scenario, with the assumptions it rests on beside it.

    The target path is a worked example, not a forecast: the top's central value on
    one comparison (with the range the top's spread gives), the denominator held at
    the base year and a build-up that follows the budget (the monitor's assumptions).
    """
    title = projection_title(frame) + "."
    if s.headline is None or not frame["target"].notna().any():
        return title
    from analysis.chapters import europe

    ind, den = s.headline
    target_year = int(s.result["year"].max())
    count = base_count(s, ind)
    low, high = (
        count + float(_summary_row(s, ind, den, v)["extra_target_year"]) for v in ("low", "high")
    )
    row = s.targets[(s.targets["indicator"] == ind) & (s.targets["denominator"] == den)].iloc[0]
    peers = _join([europe.SHORT_PEER.get(p, p) for p in str(row["peer_groups"]).split(";") if p])
    noun = europe.DENOMINATOR_NOUN_NL.get(den, den)
    return (
        f"{title} Dat doelpad is een rekenvoorbeeld, geen prognose: {_lower(ind)} "
        f"{_den(den)} op de centrale waarde van de top ({peers}; over de bandbreedte van de top "
        f"{_amount(low, ind)} tot {_amount(high, ind)} in {fmt.year(target_year)}), met de "
        f"{noun} op het niveau van {fmt.year(s.base_year)} en een opbouw die het budget volgt "
        "(aannames van de monitor; hoofdstuk 5 laat zien hoe het doelpad ermee verandert)."
    )


def break_robustness(analysis: BreakAnalysis) -> str:
    """Whether the break's reading holds with the other break years and the budget-ramp shape.

    One sentence for the summary, beside `its_headline`: the break year comes from the
    budget (whose ramp is an assumption), so the summary says what the other
    candidates give. A candidate reads the same when it agrees with the report's break
    on whether any change (level or slope) is significant at 5%.
    """
    sens = analysis.sensitivity
    b = analysis.start.first_funded_year
    verdict = break_verdict(analysis)
    if sens.empty or verdict.its == "not_yet":
        return ""
    terms = sens[sens["term"].isin(["level_change", "slope_change"])]
    others = terms[terms["candidate"] != "first_funded_year"]
    if others.empty:
        return ""
    significant = others.groupby("candidate", sort=False)["p_value"].min() < LEVEL
    years = others.groupby("candidate", sort=False)["break_year"].first()

    def named(keys: list[str]) -> str:
        parts = []
        listed = [fmt.year(int(years[k])) for k in keys if k != "budget_dose"]
        if listed:
            parts.append(f"{_join(listed, 'of')} als breukjaar")
        if "budget_dose" in keys:
            parts.append("een verandering die het budget volgt")
        return _join(parts, "of")

    at_break = verdict.its in ("changed", "matched")
    text = (
        f"Het breukjaar {fmt.year(b)} is het eerste jaar met budget in de begroting"
        + (
            " (de aanloop is een aanname van de monitor)"
            if analysis.start.status == "assumption"
            else ""
        )
        + "; met "
    )
    same = [str(k) for k, sig in significant.items() if bool(sig) == at_break]
    differ = [str(k) for k, sig in significant.items() if bool(sig) != at_break]
    if not differ:
        return (
            text
            + named(same)
            + (
                " is een verandering eveneens significant."
                if at_break
                else " is een niveausprong of trendbreuk evenmin significant."
            )
        )
    return (
        text
        + named(differ)
        + (
            " is een niveausprong of trendbreuk niet significant"
            if at_break
            else " is een verandering wel significant"
        )
        + (": het oordeel hangt van die keuze af (hoofdstuk 5, ‘Gevoeligheid voor aannames’).")
    )


def projection_chart(frame: pd.DataFrame) -> object:
    from analysis import charts

    indicator = _frame_indicator(frame)
    return charts.scenario_fan(
        frame.drop(columns=["indicator"], errors="ignore"),
        title=projection_title(frame),
        y_title=f"{_label(indicator)} per jaar",
        band_label="Voorspelinterval (80%)",
    )


def _frame_indicator(frame: pd.DataFrame) -> str:
    return str(frame["indicator"].iloc[0]) if "indicator" in frame else "spinoffs"


def projection_alt(frame: pd.DataFrame) -> str:
    """One sentence describing the projection chart for screen readers."""
    noun = _lower(_frame_indicator(frame))
    path = "en het doelpad" if frame["target"].notna().any() else "zonder doelpad"
    return (
        f"Lijndiagram van het aantal {noun}: gerealiseerd, de doorgetrokken trend tot "
        f"{fmt.year(frame['year'].max())} met voorspelinterval, {path}."
    )


def projection_caption(frame: pd.DataFrame) -> str:
    label = _label(_frame_indicator(frame))
    if frame["target"].notna().any():
        return f"{label}: gerealiseerd, projectie met 80%-voorspelinterval en doelpad (centrale variant)"
    return f"{label}: gerealiseerd en projectie met 80%-voorspelinterval (geen doelpad)"


def projection_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind the projection chart, with Dutch column names."""
    return pd.DataFrame(
        {
            "Jaar": frame["year"],
            "Gerealiseerd": frame["observed"],
            "Projectie": frame["projection"],
            "Ondergrens (80%)": frame["low"],
            "Bovengrens (80%)": frame["high"],
            "Doelpad": frame["target"],
        }
    )


PROJECTION_FORMATS = {
    "Jaar": "year",
    "Gerealiseerd": "number",
    "Projectie": "number",
    "Ondergrens (80%)": "number",
    "Bovengrens (80%)": "number",
    "Doelpad": "number",
}


# --------------------------------------------------------------------------- sensitivity
#
# The scenario's sensitivities (issue 11, point 9): peer choice, price basis, lag, ramp
# shape and jobs per spin-off. The pure computations live in `analysis.scenario` and
# `analysis.benchmark`; this section gathers their inputs and tables, and
# `chapters.sensitivity` puts them beside the other chapters' sensitivities.

SHAPE_NL = {
    "budget": "volgens het budget",
    "linear": "gelijkmatig",
    "front": "snel begin",
    "back": "traag begin",
}


@dataclass(frozen=True)
class ScenarioSensitivity:
    peer_targets: dict[str, pd.DataFrame]
    price_targets: dict[str, pd.DataFrame]
    ramp: pd.DataFrame
    lag: pd.DataFrame
    jobs: pd.DataFrame


def peer_choice_targets(s: ScenarioResult) -> dict[str, pd.DataFrame]:
    """Catch-up targets with each peer alone and with each left out (chapter 3 comparisons)."""

    return {
        choice: scenario.catch_up_targets(s.comparisons, peer_groups=members)
        for choice, members in benchmark.peer_choices()
    }


def price_basis_targets(
    wide: pd.DataFrame, data_dir: Path, s: ScenarioResult
) -> dict[str, pd.DataFrame]:
    """Catch-up targets with money in nominal euros and at 2015 prices, beside the report year's."""
    from analysis.chapters import europe

    years = [
        y
        for y in range(s.base_year - europe.POOLED_YEARS + 1, s.base_year + 1)
        if y in set(wide["year"])
    ]
    out: dict[str, pd.DataFrame] = {}
    for label, base in (
        ("nominal", None),
        ("prices:2015", 2015),
        (f"prices:{s.base_year}", s.base_year),
    ):
        res = benchmark.top_comparisons(
            wide,
            reference.load_institutions(data_dir),
            reference.load_peers(data_dir),
            reference.load_fx_rates(data_dir),
            years=years,
            price_index=reference.load_price_index(data_dir) if base is not None else None,
            base_year=base,
            n_boot=200,
        )
        out[label] = scenario.catch_up_targets(res.comparisons)
    return out


def compute_scenario_sensitivity(
    wide: pd.DataFrame, data_dir: Path, s: ScenarioResult
) -> ScenarioSensitivity:
    """Every sensitivity of the scenario, for the headline comparison and the others."""
    peers = peer_choice_targets(s)
    prices = price_basis_targets(wide, data_dir, s)
    return ScenarioSensitivity(
        peer_targets=peers,
        price_targets=prices,
        ramp=scenario.ramp_sensitivity(s.parameters, s.budget),
        lag=scenario.lag_sensitivity(s.parameters, s.budget),
        jobs=scenario.jobs_sensitivity(s.parameters, s.budget),
    )


def _choice_nl(choice: str) -> str:
    from analysis.chapters import europe

    if choice == "nominal":
        return "nominaal"
    if choice.startswith("prices:"):
        return f"prijspeil {choice.split(':', 1)[1]}"
    return europe._choice_nl(choice)


def scenario_alternatives_table(s: ScenarioResult, sens: ScenarioSensitivity) -> pd.DataFrame:
    """Central extra output (summed to the target year) per comparison under each alternative."""
    alternatives = {**sens.peer_targets, **sens.price_targets}
    table = scenario.target_sensitivity(s.parameters, s.budget, alternatives)
    ramp = sens.ramp.assign(alternative=[f"opbouw {SHAPE_NL[x]}" for x in sens.ramp["shape"]])
    lag = sens.lag.assign(
        alternative=[
            f"vertraging {n} jaar" if n != 1 else "vertraging 1 jaar" for n in sens.lag["lag"]
        ]
    )
    table = table.assign(alternative=table["alternative"].map(_choice_nl))
    # Ramp and lag leave the targets alone: a comparison without a path there has 0 extra.
    base = s.targets[["indicator", "denominator"]]
    fixed = [
        base.merge(pd.DataFrame({"alternative": [alt]}), how="cross").merge(
            g[["alternative", "indicator", "denominator", "extra_cumulative"]], how="left"
        )
        for alt, g in pd.concat([ramp, lag]).groupby("alternative", sort=False)
    ]
    frame = pd.concat(
        [table[["alternative", "indicator", "denominator", "extra_cumulative"]], *fixed],
        ignore_index=True,
    )
    frame.loc[
        frame["alternative"].isin(set(ramp["alternative"]) | set(lag["alternative"])),
        "extra_cumulative",
    ] = frame["extra_cumulative"].fillna(0.0)
    # Comparisons without extra output under any choice add nothing to read.
    moved = frame.groupby(["indicator", "denominator"])["extra_cumulative"].transform(
        lambda x: bool((x.fillna(0.0) > 0).any())
    )
    frame = frame[moved.astype(bool)]
    frame["comparison"] = frame["indicator"].map(_label) + " " + frame["denominator"].map(_den)
    wide_frame = frame.pivot_table(
        index="alternative",
        columns="comparison",
        values="extra_cumulative",
        aggfunc="first",
        sort=False,
    )
    wide_frame.index.name = "Aanname"
    wide_frame.columns.name = None
    return wide_frame.reset_index()


def scenario_jobs_table(sens: ScenarioSensitivity) -> pd.DataFrame:
    """Extra jobs by the target year for each jobs-per-spin-off value and lag (empty without spin-offs)."""
    j = sens.jobs
    return pd.DataFrame(
        {
            "Vertraging (jaar)": j["lag"],
            "Noemer": j["denominator"].map(_den),
            "Banen per nieuwe spin-off": j["jobs_per_spinoff"],
            "Extra spin-offs samen": j["extra_spinoffs_cumulative"],
            "Extra banen": j["extra_jobs"],
        }
    )


JOBS_SENSITIVITY_FORMATS = {
    "Banen per nieuwe spin-off": "number:1",
    "Extra spin-offs samen": "number",
    "Extra banen": "number",
}


def scenario_alternatives_formats(table: pd.DataFrame) -> dict[str, str]:
    """Money for comparisons of a money indicator, whole numbers for the other outcome columns."""
    money = [_label(i) + " " for i in INDICATOR_LABELS if i.endswith("_eur")]
    return {
        str(c): "money" if any(str(c).startswith(m) for m in money) else "number"
        for c in table.columns
        if c != "Aanname"
    }
