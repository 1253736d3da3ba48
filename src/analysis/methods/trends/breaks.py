"""Trends, the break around 2022: interrupted time series, budget dose, placebo years and windows, difference-in-differences and its placebos."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from analysis.methods.trends.counts import TIDY_COLUMNS, tidy
from analysis.methods.trends.fixed_effects import (
    ITS_TERMS,
    MIN_PRE_YEARS,
    _pct,
    _usable,
    fit_fixed_effects_poisson,
)


def interrupted_time_series(
    wide: pd.DataFrame,
    indicator: str,
    *,
    break_year: int,
    years: Iterable[int] | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Level and slope change at `break_year` (institution fixed effects, log link).

    log μ = α_i + β·(year − break) + γ·post + δ·(year − break)·post, post = year ≥ break.
    Terms: trend (β), level_change (γ), slope_change (δ); `effect_pct` = 100 (e^x − 1).
    The break year is an argument, never a constant: the caller reads it from the
    scheme's budget. With one year after the break the slope change is not identified
    and only the level change is fitted; with no year after it (or fewer than two
    before) the result is empty. Errors are clustered by institution.
    """
    d = _usable(wide, indicator, years)
    n_pre = int(d.loc[d["year"] < break_year, "year"].nunique())
    n_post = int(d.loc[d["year"] >= break_year, "year"].nunique())
    if n_pre < 2 or n_post < 1 or d.empty:
        return pd.DataFrame(
            columns=["indicator", *TIDY_COLUMNS, "n_obs", "n_post_years", "effect_pct"]
        )
    post = (d["year"] >= break_year).astype("float64")
    d = d.assign(
        trend=d["year"] - break_year,
        level_change=post,
        slope_change=(d["year"] - break_year) * post,
    )
    terms = list(ITS_TERMS) if n_post >= 2 else ["trend", "level_change"]
    t = tidy(fit_fixed_effects_poisson(d, indicator, " + ".join(terms)), alpha)
    t = t[t["term"].isin(terms)].copy()
    t.insert(0, "indicator", indicator)
    t["n_obs"] = len(d)
    t["n_post_years"] = n_post
    return _pct(t, "effect_pct").reset_index(drop=True)


def dose_break(
    wide: pd.DataFrame,
    indicator: str,
    *,
    dose: Mapping[int, float],
    years: Iterable[int] | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """A level change that follows a dose instead of a step (the ramp-shape sensitivity).

    log μ = α_i + β·(year − b) + γ·dose_year, with `dose` each year's share of the full
    dose (e.g. the scheme's budget relative to its full yearly amount; a year not in
    `dose` has none) and b the first year with a positive dose, which only centres the
    trend. γ is the change at the full dose; `effect_pct` = 100 (e^γ − 1). A step at b
    is the special case of a dose that jumps from 0 to 1, so this asks whether the
    reading of the break depends on assuming that the money arrived at once. Terms:
    trend, dose_change; errors clustered by institution as in
    `interrupted_time_series`. Empty with fewer than two years without a dose or no
    year with one.
    """
    d = _usable(wide, indicator, years)
    level = d["year"].map(lambda y: float(dose.get(int(y), 0.0))).astype("float64")
    dosed = sorted(int(y) for y in d.loc[level > 0, "year"].unique())
    n_pre = int(d.loc[level == 0, "year"].nunique())
    if n_pre < 2 or not dosed:
        return pd.DataFrame(
            columns=["indicator", *TIDY_COLUMNS, "n_obs", "n_post_years", "effect_pct"]
        )
    d = d.assign(trend=d["year"] - dosed[0], dose_change=level)
    t = tidy(fit_fixed_effects_poisson(d, indicator, "trend + dose_change"), alpha)
    t = t[t["term"].isin(["trend", "dose_change"])].copy()
    t.insert(0, "indicator", indicator)
    t["n_obs"] = len(d)
    t["n_post_years"] = len(dosed)
    return _pct(t, "effect_pct").reset_index(drop=True)


def placebo_breaks(
    wide: pd.DataFrame,
    indicator: str,
    *,
    break_year: int,
    min_pre_years: int = MIN_PRE_YEARS,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """The same interrupted time series with the break moved to each earlier year.

    Only years before the real break are used, so a placebo never sees the period it
    is meant to be compared with. Each placebo break b keeps the real design: at
    least `min_pre_years` years before b and as many years from b on as the real break
    has after it (`n_post_years`), all before the real break. If the model is right
    and nothing happened in those years, the placebo changes should be small and
    rarely significant; a real change that placebos often match is not evidence of
    anything happening at the real break. One row per (placebo_year, term).
    """
    d = _usable(wide, indicator, None)
    frames: list[pd.DataFrame] = []
    for b, window in placebo_windows(d["year"], break_year, min_pre_years=min_pre_years):
        fit = interrupted_time_series(d, indicator, break_year=b, years=window, alpha=alpha)
        if not fit.empty:
            frames.append(fit.assign(placebo_year=b))
    return _placebo_frame(frames)


def placebo_windows(
    years: Iterable[int], break_year: int, *, min_pre_years: int = MIN_PRE_YEARS
) -> list[tuple[int, list[int]]]:
    """(placebo break, years to fit) for every usable earlier break year.

    The real design moved back in time, inside the years before the real break: at
    least `min_pre_years` years before the placebo break and as many years from it
    on as the real break has after it.
    """
    observed = sorted({int(y) for y in years})
    n_post = len([y for y in observed if y >= break_year])
    before = [y for y in observed if y < break_year]
    out: list[tuple[int, list[int]]] = []
    if n_post < 1 or not before:
        return out
    for b in range(before[0] + min_pre_years, break_year):
        window = [y for y in before if y <= b + n_post - 1]
        if b + n_post - 1 > before[-1] or len([y for y in window if y >= b]) < n_post:
            continue
        out.append((b, window))
    return out


def _placebo_frame(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if not frames:
        return pd.DataFrame(columns=["placebo_year", "indicator", *TIDY_COLUMNS])
    out = pd.concat(frames, ignore_index=True)
    return out[["placebo_year", *[c for c in out.columns if c != "placebo_year"]]]


def placebo_comparison(
    real: pd.DataFrame,
    placebos: pd.DataFrame,
    *,
    terms: Sequence[str] = ("level_change", "slope_change"),
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Per change term: how many placebo breaks are at least as large as the real one.

    `n_as_large` counts placebos with |estimate| ≥ |real estimate|; `n_significant`
    those with p < `alpha`. With m placebos, `n_as_large` = 0 is the best the design
    can show; it is not a p value below 1/(m + 1).
    """
    rows = []
    for term in terms:
        r = real[real["term"] == term]
        pl = placebos[placebos["term"] == term] if len(placebos) else placebos
        if r.empty:
            continue
        estimate = float(r["estimate"].iloc[0])
        rows.append(
            {
                "term": term,
                "estimate": estimate,
                "p_value": float(r["p_value"].iloc[0]),
                "n_placebos": len(pl),
                "n_as_large": int((pl["estimate"].abs() >= abs(estimate)).sum()) if len(pl) else 0,
                "n_significant": int((pl["p_value"] < alpha).sum()) if len(pl) else 0,
            }
        )
    return pd.DataFrame(
        rows,
        columns=["term", "estimate", "p_value", "n_placebos", "n_as_large", "n_significant"],
    )


#: Institutions a group needs (with data before and after the break) for a comparison.
MIN_GROUP_INSTITUTIONS: int = 2


def difference_in_differences(
    wide: pd.DataFrame,
    indicator: str,
    treated: Iterable[str],
    *,
    break_year: int,
    years: Iterable[int] | None = None,
    pre_trend: bool = True,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Change after `break_year` in the treated group beyond the change in the others.

    log μ_it = α_i + λ_t + δ·treated_i·post_t (Poisson pseudo-ML, institution and year
    fixed effects, errors clustered by institution). `did` is δ; `effect_pct` its
    percentage. The design assumes both groups would have moved alike without the
    scheme, so a second fit on the years before the break tests that: `pre_trend`
    is the treated group's extra yearly growth before the break (λ_t kept). Empty
    when either group has fewer than `MIN_GROUP_INSTITUTIONS` institutions with data
    before and after the break.

    Inference uses Student's t with G − 1 degrees of freedom, G the number of
    institutions in the smaller group: with few clusters on one side the cluster
    sandwich is too narrow, and the smaller group bounds what the comparison knows
    (Cameron & Miller, "A Practitioner's Guide to Cluster-Robust Inference", J. Human
    Resources 50(2), 2015, §VI; Conley & Taber, Rev. Econ. Stat. 93(1), 2011).
    """
    d = _usable(wide, indicator, years)
    treated_ids = {str(i) for i in treated}
    spans = d.groupby("institution_id")["year"].agg(["min", "max"])
    both = spans[(spans["min"] < break_year) & (spans["max"] >= break_year)].index
    d = d[d["institution_id"].isin(both)]
    is_treated = d["institution_id"].astype(str).isin(treated_ids)
    n_treated = int(d.loc[is_treated, "institution_id"].nunique())
    n_control = int(d.loc[~is_treated, "institution_id"].nunique())
    columns = ["indicator", *TIDY_COLUMNS, "n_obs", "n_treated", "n_control", "effect_pct"]
    if min(n_treated, n_control) < MIN_GROUP_INSTITUTIONS:
        return pd.DataFrame(columns=columns)
    d = d.assign(
        did=(is_treated & (d["year"] >= break_year)).astype("float64"),
        pre_trend=is_treated.astype("float64") * (d["year"] - break_year),
    )
    year_effects = [f"year_{y}" for y in sorted(d["year"].unique())[1:]]
    d = d.assign(**{name: (d["year"] == int(name[5:])).astype("float64") for name in year_effects})
    df = min(n_treated, n_control) - 1
    frames = []
    main = tidy(
        fit_fixed_effects_poisson(d, indicator, " + ".join(["did", *year_effects])).with_t(df),
        alpha,
    )
    frames.append(main[main["term"] == "did"].assign(n_obs=len(d)))
    pre = d[d["year"] < break_year]
    pre = pre[pre.groupby("institution_id")[indicator].transform("sum") > 0]
    pre_effects = [f"year_{y}" for y in sorted(pre["year"].unique())[1:]]
    if pre_trend and pre["year"].nunique() >= 3:
        fit = tidy(
            fit_fixed_effects_poisson(
                pre, indicator, " + ".join(["pre_trend", *pre_effects])
            ).with_t(df),
            alpha,
        )
        frames.append(fit[fit["term"] == "pre_trend"].assign(n_obs=len(pre)))
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "indicator", indicator)
    out["n_treated"] = n_treated
    out["n_control"] = n_control
    return _pct(out, "effect_pct").reset_index(drop=True)


def did_placebos(
    wide: pd.DataFrame,
    indicator: str,
    treated: Iterable[str],
    *,
    break_year: int,
    min_pre_years: int = MIN_PRE_YEARS,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """The partner comparison with the break moved to earlier years (before the real one).

    A comparison group with few events swings from year to year; if differences as
    large as the real one appear between the same groups in years without the
    scheme, the real difference says nothing about the scheme. Same windows as
    `placebo_breaks`; one `did` row per placebo year.
    """
    treated = list(treated)
    d = _usable(wide, indicator, None)
    frames: list[pd.DataFrame] = []
    for b, window in placebo_windows(d["year"], break_year, min_pre_years=min_pre_years):
        fit = difference_in_differences(
            d, indicator, treated, break_year=b, years=window, pre_trend=False, alpha=alpha
        )
        if not fit.empty:
            frames.append(fit.assign(placebo_year=b))
    return _placebo_frame(frames)
