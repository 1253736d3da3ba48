"""Trends, fixed-effects Poisson with errors clustered per institution (observations repeat per institution), and the national trends."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from analysis.methods.trends.counts import tidy


class FixedEffectsPoisson:
    """Result of `fit_fixed_effects_poisson`, shaped like a statsmodels result for `tidy`.

    `df`: when given, p values and intervals use Student's t with `df` degrees of
    freedom instead of the normal (few clusters make the sandwich too narrow).
    """

    def __init__(
        self,
        names: list[str],
        params: np.ndarray,
        cov: np.ndarray,
        nobs: int,
        df: int | None = None,
    ) -> None:
        self.params = pd.Series(params, index=names)
        self.cov_params_ = pd.DataFrame(cov, index=names, columns=names)
        # A perfect fit leaves a zero meat; rounding can make its diagonal −1e−30.
        self.bse = pd.Series(np.sqrt(np.clip(np.diag(cov), 0.0, None)), index=names)
        self.df = df
        with np.errstate(divide="ignore", invalid="ignore"):
            z = self.params / self.bse
        tail = stats.norm.sf(np.abs(z)) if df is None else stats.t.sf(np.abs(z), df)
        self.pvalues = pd.Series(2 * tail, index=names)
        self.nobs = nobs

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        q = (
            stats.norm.ppf(1 - alpha / 2)
            if self.df is None
            else stats.t.ppf(1 - alpha / 2, self.df)
        )
        return pd.DataFrame({0: self.params - q * self.bse, 1: self.params + q * self.bse})

    def with_t(self, df: int) -> FixedEffectsPoisson:
        """The same fit, its inference on Student's t with `df` degrees of freedom."""
        return FixedEffectsPoisson(
            list(self.params.index),
            self.params.to_numpy(),
            self.cov_params_.to_numpy(),
            self.nobs,
            df,
        )


def fit_fixed_effects_poisson(d: pd.DataFrame, y: str, rhs: str) -> FixedEffectsPoisson:
    """Poisson pseudo-ML with institution fixed effects, clustered by institution.

    The fixed effects are profiled out (exp(α_i) = Σ_t y_it / Σ_t exp(x_it'β)), so the
    fit needs only per-institution sums: the slopes equal those of the dummy-variable
    Poisson GLM, without its N × (institutions) design matrix, which at a thousand
    institutions costs gigabytes. Standard errors: the cluster-robust sandwich
    (Wooldridge 1999) with the G/(G−1) small-sample factor.
    """
    names = [t.strip() for t in rhs.split("+")]
    x = d[names].to_numpy(dtype="float64")
    yv = d[y].to_numpy(dtype="float64")
    groups, _ = pd.factorize(d["institution_id"])
    n_groups = int(groups.max()) + 1
    n_i = np.bincount(groups, weights=yv, minlength=n_groups)
    beta = np.zeros(x.shape[1])

    def parts(b: np.ndarray) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
        eta = x @ b
        eta = (
            eta
            - np.bincount(groups, weights=eta, minlength=n_groups)[groups]
            / np.bincount(groups, minlength=n_groups)[groups]
        )
        e = np.exp(eta)
        denom = np.bincount(groups, weights=e, minlength=n_groups)
        w = e / denom[groups]
        xbar = np.column_stack(
            [
                np.bincount(groups, weights=w * x[:, j], minlength=n_groups)
                for j in range(x.shape[1])
            ]
        )
        xc = x - xbar[groups]
        loglik = float(np.sum(yv * np.log(np.where(w > 0, w, 1.0))))
        resid = yv - n_i[groups] * w
        grad = xc.T @ resid
        hess = -(xc * (n_i[groups] * w)[:, None]).T @ xc
        return loglik, grad, hess, resid[:, None] * xc

    loglik, grad, hess, _ = parts(beta)
    for _ in range(100):
        step = np.linalg.solve(hess, -grad)
        t = 1.0
        while True:
            new_ll, new_grad, new_hess, _ = parts(beta + t * step)
            if new_ll >= loglik - 1e-12 or t < 1e-8:
                break
            t /= 2
        beta, loglik, grad, hess = beta + t * step, new_ll, new_grad, new_hess
        if np.max(np.abs(t * step)) < 1e-10:
            break
    _, _, hess, score_rows = parts(beta)
    scores = np.column_stack(
        [
            np.bincount(groups, weights=score_rows[:, j], minlength=n_groups)
            for j in range(x.shape[1])
        ]
    )
    bread = np.linalg.inv(-hess)
    meat = scores.T @ scores * (n_groups / max(n_groups - 1, 1))
    return FixedEffectsPoisson(names, beta, bread @ meat @ bread, len(d))


def _pct(frame: pd.DataFrame, prefix: str) -> pd.DataFrame:
    frame[prefix] = 100 * np.expm1(frame["estimate"])
    frame[f"{prefix}_low"] = 100 * np.expm1(frame["ci_low"])
    frame[f"{prefix}_high"] = 100 * np.expm1(frame["ci_high"])
    return frame


def _usable(wide: pd.DataFrame, y: str, years: Iterable[int] | None) -> pd.DataFrame:
    d = wide if years is None else wide[wide["year"].isin(list(years))]
    d = d.dropna(subset=[y])
    d = d[d[y] >= 0]
    # An institution whose outcome is zero in every year carries no trend information
    # (its fixed effect goes to −∞); leave it out rather than break the fit.
    keep = d.groupby("institution_id")[y].transform("sum") > 0
    return d[keep]


def national_trends(
    wide: pd.DataFrame,
    indicators: Sequence[str],
    *,
    years: Iterable[int] | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Yearly growth per indicator (within institutions), with confidence intervals.

    `estimate` is the log-growth per year; `growth_pct` = 100 (e^estimate − 1).
    """
    rows: list[pd.DataFrame] = []
    for ind in indicators:
        d = _usable(wide, ind, years)
        if d["year"].nunique() < 3:
            continue
        d = d.assign(trend=d["year"] - d["year"].min())
        t = tidy(fit_fixed_effects_poisson(d, ind, "trend"), alpha)
        t = t[t["term"] == "trend"].copy()
        t.insert(0, "indicator", ind)
        t["n_obs"] = len(d)
        t["n_institutions"] = d["institution_id"].nunique()
        rows.append(_pct(t, "growth_pct"))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


ITS_TERMS: tuple[str, ...] = ("trend", "level_change", "slope_change")


#: Years a placebo break needs before it (the pre-trend must rest on more than two points).
MIN_PRE_YEARS: int = 3
