"""Chapter 5, the break around the scheme's start: interrupted time series, placebo years, difference-in-differences.

The start year is read from the budget (`scheme_start`); the analysis (`break_analysis`)
fits the break for the headline indicators and keeps every number the text needs, so the
tables (`effect_tables`) and the sentences (`effect_text`) only format it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.data.assumptions import Levels, load_levels
from analysis.errors import InputError
from analysis.methods.trends import breaks
from analysis.publication.chapters.scheme.budget import ITS_INDICATORS

#: Budget lines that pay institutions; the exploration and the total are not among them.
FUNDING_LINES: tuple[str, ...] = ("universities_umcs", "to2_uas", "capacity")


#: The indicator the chapter's and the summary's sentences are about.
HEADLINE_INDICATOR = "spinoffs"


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
    `levels`: the assumptions table's confidence level of the intervals and significance
    level of the tests, which the tables and sentences name.
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
    levels: Levels
    dose: dict[int, float] = field(default_factory=dict)


def break_analysis(
    wide: pd.DataFrame, data_dir: Path, indicators: Sequence[str] = ITS_INDICATORS
) -> BreakAnalysis:
    """Fit the interrupted time series, its placebos and the partner comparison.

    The partner comparison's placebos are fitted for the headline indicator only: the
    verdict and the text use them there, and at a thousand institutions each costs
    about a second.
    """
    start = scheme_start(data_dir)
    levels = load_levels(data_dir)
    ci, test = levels.alpha, levels.test
    dose = budget_dose(reference.load_budget(data_dir))
    institutions = reference.load_institutions(data_dir)
    partners = institutions.loc[institutions["kto_nl_partner"].astype(bool), "institution_id"]
    b = start.first_funded_year
    its, placebos, summaries, dids, did_pl, did_summaries = [], [], [], [], [], []
    for ind in (i for i in indicators if i in wide.columns):
        real = breaks.interrupted_time_series(wide, ind, break_year=b, alpha=ci)
        pl = breaks.placebo_breaks(wide, ind, break_year=b, alpha=ci)
        its.append(real)
        placebos.append(pl)
        summaries.append(breaks.placebo_comparison(real, pl, alpha=test).assign(indicator=ind))
        did = breaks.difference_in_differences(wide, ind, partners, break_year=b, alpha=ci)
        dids.append(did)
        if not did.empty and ind == HEADLINE_INDICATOR:
            dpl = breaks.did_placebos(wide, ind, partners, break_year=b, alpha=ci)
            did_pl.append(dpl)
            did_summaries.append(
                breaks.placebo_comparison(did, dpl, terms=("did",), alpha=test).assign(
                    indicator=ind
                )
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
        sensitivity=_break_sensitivity(wide, start, dose, ci),
        control_types=tuple(sorted(set(others["type"].astype(str)))),
        control_per_year=_yearly_mean(wide, set(others["institution_id"].astype(str))),
        demo=bool(wide["is_demonstration"].any()) if "is_demonstration" in wide else False,
        levels=levels,
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
    wide: pd.DataFrame, start: SchemeStart, dose: dict[int, float], alpha: float
) -> pd.DataFrame:
    """The headline indicator's level and slope change for each candidate break year,
    and the change at full budget when it follows the budget's ramp (`budget_dose`,
    its term named `level_change` so the table reads it as the level change)."""
    rows = []
    if HEADLINE_INDICATOR not in wide.columns:
        return pd.DataFrame()
    for key in BREAK_CANDIDATE_NL:
        if key == "budget_dose":
            fit = breaks.dose_break(wide, HEADLINE_INDICATOR, dose=dose, alpha=alpha)
            fit = fit.assign(term=fit["term"].replace({"dose_change": "level_change"}))
            year = start.first_funded_year
        else:
            year = getattr(start, key)
            if year is None:
                continue
            fit = breaks.interrupted_time_series(
                wide, HEADLINE_INDICATOR, break_year=int(year), alpha=alpha
            )
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
