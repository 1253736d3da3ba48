"""Trends, the projection of a national series beyond the last year with data."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import statsmodels.api as sm

from analysis.methods.trends.counts import HORIZON


def national_series(wide: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """National total per year and the number of institutions that reported it."""
    g = wide.groupby("year")[indicator]
    return pd.DataFrame({"observed": g.sum(min_count=1), "n_reporting": g.count()}).reset_index()


def chained_series(wide: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """The national total as a like-for-like chain, at the level of the last year's reporters.

    Raw national totals rise when an institution starts reporting and fall when one
    stops, which a trend would read as growth or decline. Here each year's change is
    taken over the institutions that reported the indicator in that year and the year
    before, and the chain is anchored at the last year's total: the last year equals
    its national total, every earlier year is that total moved back by the chained
    changes. A year without common reporters (or a zero base) breaks the chain; the
    years before it stay missing. Columns as `national_series`.
    """
    series = national_series(wide, indicator)
    years = [int(y) for y in series["year"]]
    if not years:
        return series.assign(observed=pd.Series(dtype="float64"))
    d = wide.dropna(subset=[indicator])
    values = {int(str(y)): g.set_index("institution_id")[indicator] for y, g in d.groupby("year")}
    level = np.full(len(years), np.nan)
    level[-1] = float(series["observed"].iloc[-1])
    for i in range(len(years) - 1, 0, -1):
        now, before = values.get(years[i]), values.get(years[i - 1])
        if now is None or before is None or not np.isfinite(level[i]):
            break
        both = now.index.intersection(before.index)
        base, current = float(before[both].sum()), float(now[both].sum())
        if len(both) == 0 or base <= 0 or current <= 0:
            break
        level[i - 1] = level[i] * base / current
    return series.assign(observed=level)


def projection(
    wide: pd.DataFrame,
    indicator: str,
    *,
    horizon: int = HORIZON,
    target: pd.DataFrame | None = None,
    fit_years: Iterable[int] | None = None,
    alpha: float = 0.05,
    like_for_like: bool = False,
) -> pd.DataFrame:
    """Log-linear trend of the national total, projected to `horizon` with intervals.

    OLS of log(total) on year; `ci_*` is the interval of the trend line, `pi_*` the
    prediction interval for a single year's total (both back-transformed, so they
    are asymmetric; `alpha` 0.2 gives 80% intervals). `target` (year, target) is
    joined and `gap_to_target` = projection − target. Years with a zero or missing
    total are not fitted. With `like_for_like` the series is `chained_series`: the
    trend of the same institutions, not of a changing set of reporters.
    """
    series = chained_series(wide, indicator) if like_for_like else national_series(wide, indicator)
    fit = series if fit_years is None else series[series["year"].isin(list(fit_years))]
    fit = fit[fit["observed"] > 0]
    x = sm.add_constant(fit["year"].astype("float64").to_numpy())
    res = sm.OLS(np.log(fit["observed"].to_numpy(dtype="float64")), x).fit()
    years = np.arange(int(series["year"].min()), horizon + 1)
    pred = res.get_prediction(sm.add_constant(years.astype("float64"))).summary_frame(alpha=alpha)
    out = pd.DataFrame(
        {
            "year": years.astype("int64"),
            "fitted": np.exp(pred["mean"].to_numpy()),
            "ci_low": np.exp(pred["mean_ci_lower"].to_numpy()),
            "ci_high": np.exp(pred["mean_ci_upper"].to_numpy()),
            "pi_low": np.exp(pred["obs_ci_lower"].to_numpy()),
            "pi_high": np.exp(pred["obs_ci_upper"].to_numpy()),
        }
    )
    out = out.merge(series, on="year", how="left")
    last = int(fit["year"].max())
    out["projection"] = np.where(out["year"] > last, out["fitted"], np.nan)
    out.insert(0, "indicator", indicator)
    if target is not None:
        out = out.merge(target[["year", "target"]], on="year", how="left")
        out["gap_to_target"] = out["projection"] - out["target"]
    out["growth_pct"] = 100 * np.expm1(float(res.params[1]))
    return out
