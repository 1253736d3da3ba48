"""Trend statistics (statsmodels): count models, national trends, break in 2022, projection.

Every function returns a tidy DataFrame (term, estimate, std_error, ci_low, ci_high,
p_value, plus context columns) so a notebook can show it after `labels.dutch_columns`.

- `count_models`: spin-offs, disclosures and licences as counts, on log research
  expenditure and log KTO FTE with institution-type effects; Poisson and negative
  binomial (NB2), with the Cameron–Trivedi overdispersion test to say which to trust.
  Both models' standard errors are clustered by institution (repeated years of the
  same institution are not independent). When the two size terms are collinear the
  KTO-staff term is left out (its elasticity is not identified), and that is reported.
- `national_trends`: yearly growth per indicator from a Poisson pseudo-likelihood
  model with institution fixed effects. Fixed effects make the trend robust to
  institutions entering or leaving the reporting, which a trend in national totals
  would confuse with growth; PPML handles zeros and money values alike.
- `interrupted_time_series`: the same model with a level and a slope change from a
  break year the caller reads from the scheme's budget (its first funded year);
  `placebo_breaks` moves the break to earlier years, `difference_in_differences`
  compares the scheme's partners with the other institutions, `dose_break` lets the
  change follow the budget's ramp instead of a step. None of these alone
  supports a causal reading; the chapter text says what they do support.
- `projection`: a log-linear trend of the national total projected to 2029 with
  prediction intervals, next to the target path.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf
from scipy import stats
from statsmodels.tools.sm_exceptions import ConvergenceWarning, HessianInversionWarning
from threadpoolctl import threadpool_limits

COUNT_OUTCOMES: tuple[str, ...] = ("spinoffs", "invention_disclosures", "licence_agreements")
HORIZON: int = 2029
TIDY_COLUMNS: list[str] = ["term", "estimate", "std_error", "ci_low", "ci_high", "p_value"]

#: BLAS threads for the fits. The matrices are small (hundreds of rows, tens of
#: columns): multi-threaded BLAS only adds overhead, and on a busy machine it made a
#: fixed-effects fit ten times slower. Applied with `threadpool_limits` per call.
BLAS_THREADS: int = 1

_TYPE_TERM = re.compile(r"^C\(type.*\)\[T\.(.+)\]$")


def _clean_term(term: str) -> str:
    m = _TYPE_TERM.match(term)
    return f"type:{m.group(1)}" if m else term


def tidy(result: object, alpha: float = 0.05) -> pd.DataFrame:
    """Coefficient table of a fitted statsmodels result (term, estimate, std_error, CI, p)."""
    params = pd.Series(result.params)  # type: ignore[attr-defined]
    ci = pd.DataFrame(result.conf_int(alpha=alpha))  # type: ignore[attr-defined]
    return pd.DataFrame(
        {
            "term": [_clean_term(str(t)) for t in params.index],
            "estimate": params.to_numpy(dtype="float64"),
            "std_error": pd.Series(result.bse).to_numpy(dtype="float64"),  # type: ignore[attr-defined]
            "ci_low": ci.iloc[:, 0].to_numpy(dtype="float64"),
            "ci_high": ci.iloc[:, 1].to_numpy(dtype="float64"),
            "p_value": pd.Series(result.pvalues).to_numpy(dtype="float64"),  # type: ignore[attr-defined]
        }
    )


# --------------------------------------------------------------------------- count models


def count_panel(wide: pd.DataFrame, institutions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Regression frame: logs of the inputs and the institution type.

    Rows with non-positive research expenditure or KTO FTE cannot enter a log model and
    are dropped here (the count of dropped rows is `len(wide) - len(result)`).
    """
    frame = wide.copy()
    if "type" not in frame.columns and institutions is not None:
        frame = frame.merge(
            institutions[["institution_id", "type"]], on="institution_id", how="left"
        )
    ok = (frame["research_expenditure_eur"] > 0) & (frame["kto_staff_fte"] > 0)
    frame = frame[ok].copy()
    frame["log_research_expenditure"] = np.log(frame["research_expenditure_eur"].astype("float64"))
    frame["log_kto_staff_fte"] = np.log(frame["kto_staff_fte"].astype("float64"))
    return frame


def cameron_trivedi(y: np.ndarray, mu: np.ndarray) -> tuple[float, float, float]:
    """Cameron–Trivedi (1990) test of Var(y) = μ against Var(y) = μ + α μ² (NB2).

    Auxiliary OLS without constant: ((y − μ)² − y) / μ = α μ + error. Returns
    (alpha, t statistic, one-sided p value for α > 0).
    """
    y = np.asarray(y, dtype="float64")
    mu = np.asarray(mu, dtype="float64")
    aux = ((y - mu) ** 2 - y) / mu
    res = sm.OLS(aux, mu[:, None]).fit()
    t = float(res.tvalues[0])
    return float(res.params[0]), t, float(stats.t.sf(t, df=res.df_resid))


#: The two size regressors of the count models, in the order they are kept.
SIZE_TERMS: tuple[str, str] = ("log_research_expenditure", "log_kto_staff_fte")

#: A size term whose variance inflation factor reaches this is not separately
#: identified: its elasticity is left out (Kutner, Nachtsheim, Neter & Li, *Applied
#: Linear Statistical Models*, 5th ed., 2005, §10.5: a largest VIF above 10 is taken
#: as a sign that multicollinearity unduly influences the estimates; VIF 10 means
#: that the other regressors explain 90% of the term's variance).
VIF_LIMIT: float = 10.0

#: The overdispersion test's level: below it the negative binomial model is chosen.
OVERDISPERSION_LEVEL: float = 0.05


def variance_inflation(design: pd.DataFrame) -> pd.Series:
    """VIF of every column of `design` (which holds its own intercept column, if any).

    VIF_j = 1 / (1 − R²_j), R²_j from regressing column j on all other columns
    (with an intercept). A column that the others reproduce exactly gets +inf.
    """
    x = design.to_numpy(dtype="float64")
    out = {}
    for j, name in enumerate(design.columns):
        target = x[:, j]
        if np.allclose(target, target[0]):
            continue  # the intercept itself has no VIF
        others = np.column_stack([np.ones(len(x)), np.delete(x, j, axis=1)])
        coef, *_ = np.linalg.lstsq(others, target, rcond=None)
        resid = target - others @ coef
        total = float(np.sum((target - target.mean()) ** 2))
        r2 = 1.0 - float(resid @ resid) / total if total > 0 else 1.0
        out[str(name)] = np.inf if r2 >= 1.0 - 1e-12 else 1.0 / (1.0 - r2)
    return pd.Series(out, dtype="float64")


@dataclass(frozen=True)
class CountModels:
    """Both count models per outcome, the overdispersion tests and the collinearity check.

    `coefficients`: one row per (outcome, model, term), both models with errors
    clustered by institution; `selected` marks the model the overdispersion test
    chooses for the outcome. `overdispersion`: the Cameron–Trivedi test per outcome
    and `selected_model`. `collinearity`: per outcome the correlation of the two size
    terms, their VIFs in the full design, and whether the KTO-staff term was dropped
    because its elasticity is not identified next to research expenditure.
    """

    coefficients: pd.DataFrame
    overdispersion: pd.DataFrame
    collinearity: pd.DataFrame


def count_models(
    wide: pd.DataFrame,
    institutions: pd.DataFrame | None = None,
    outcomes: Sequence[str] = COUNT_OUTCOMES,
    *,
    alpha: float = 0.05,
    vif_limit: float = VIF_LIMIT,
) -> CountModels:
    """Poisson and NB2 regressions of each outcome on log inputs and institution type.

    The reference type is 'university' when present. Coefficients on the logs are
    elasticities; exp(type coefficient) is the ratio to universities at equal inputs.
    Both models' standard errors are clustered by institution: the same institution's
    years are not independent draws, and naive errors were about three times too
    narrow on the shipped data. When the size terms are collinear (the KTO-staff
    term's VIF ≥ `vif_limit`), the KTO-staff term is left out, so the remaining
    research-expenditure elasticity is the elasticity to size (research and KTO staff
    together), not to research alone.
    """
    with threadpool_limits(limits=BLAS_THREADS):
        return _count_models(wide, institutions, outcomes, alpha, vif_limit)


def _type_reference(d: pd.DataFrame) -> str | None:
    if "type" not in d.columns or d["type"].nunique() < 2:
        return None
    return "university" if "university" in set(d["type"]) else str(sorted(d["type"].unique())[0])


def _count_models(
    wide: pd.DataFrame,
    institutions: pd.DataFrame | None,
    outcomes: Sequence[str],
    alpha: float,
    vif_limit: float,
) -> CountModels:
    panel = count_panel(wide, institutions)
    coefs: list[pd.DataFrame] = []
    tests: list[dict[str, object]] = []
    collinear: list[dict[str, object]] = []
    for y in outcomes:
        d = panel.dropna(subset=[y, *SIZE_TERMS])
        ref = _type_reference(d)
        type_rhs = f" + C(type, Treatment('{ref}'))" if ref is not None else ""
        full = smf.glm(f"{y} ~ {' + '.join(SIZE_TERMS)}{type_rhs}", data=d)
        design = pd.DataFrame(full.exog, columns=full.exog_names)
        vif = variance_inflation(design)
        r = float(np.corrcoef(d[SIZE_TERMS[0]], d[SIZE_TERMS[1]])[0, 1])
        dropped = bool(vif.get(SIZE_TERMS[1], 0.0) >= vif_limit)
        collinear.append(
            {
                "outcome": y,
                "r_size_terms": r,
                "vif_research": float(vif.get(SIZE_TERMS[0], np.nan)),
                "vif_kto": float(vif.get(SIZE_TERMS[1], np.nan)),
                "dropped": SIZE_TERMS[1] if dropped else "",
                "n_obs": len(d),
            }
        )
        size = SIZE_TERMS[:1] if dropped else SIZE_TERMS
        formula = f"{y} ~ {' + '.join(size)}{type_rhs}"
        groups = pd.factorize(d["institution_id"])[0]
        cluster = {"groups": groups}
        n_total = int(d["institution_id"].nunique())
        per_type: dict[str, int] = (
            {str(k): int(v) for k, v in d.groupby("type")["institution_id"].nunique().items()}
            if ref is not None
            else {}
        )
        pois = smf.glm(formula, data=d, family=sm.families.Poisson()).fit(
            cov_type="cluster", cov_kwds=cluster
        )
        a_hat, stat, p = cameron_trivedi(d[y].to_numpy(), np.asarray(pois.mu))
        selected = "negbin" if p < OVERDISPERSION_LEVEL else "poisson"
        tests.append(
            {
                "outcome": y,
                "alpha": a_hat,
                "statistic": stat,
                "p_value": p,
                "pearson_dispersion": float(pois.pearson_chi2 / pois.df_resid),
                "n_obs": int(pois.nobs),
                "selected_model": selected,
            }
        )
        # Without overdispersion alpha sits on its boundary (0): the optimiser warns and
        # the Hessian may not invert. The flag is kept in `converged` instead of a warning
        # in the build log; the overdispersion test then selects the Poisson model.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            warnings.simplefilter("ignore", HessianInversionWarning)
            nb = smf.negativebinomial(formula, data=d, loglike_method="nb2").fit(
                disp=0, maxiter=200, cov_type="cluster", cov_kwds=cluster
            )
        for name, fit, converged in (
            ("poisson", pois, bool(pois.converged)),
            ("negbin", nb, bool(nb.mle_retvals.get("converged", False))),
        ):
            t = tidy(fit, alpha)
            t.insert(0, "model", name)
            t.insert(0, "outcome", y)
            t["n_obs"] = int(fit.nobs)
            # A type contrast rests on that type's institutions only (one institution:
            # its clustered error is not estimable); other terms on all of them.
            t["n_institutions"] = [
                per_type.get(str(term).split(":", 1)[1], 0)
                if str(term).startswith("type:")
                else n_total
                for term in t["term"]
            ]
            t["converged"] = converged
            t["selected"] = name == selected
            coefs.append(t)
    return CountModels(
        pd.concat(coefs, ignore_index=True), pd.DataFrame(tests), pd.DataFrame(collinear)
    )


# --------------------------------------------------------------------------- trends


class FixedEffectsPoisson:
    """Result of `_fe_poisson`, shaped like a statsmodels result for `tidy`.

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


def _fe_poisson(d: pd.DataFrame, y: str, rhs: str) -> FixedEffectsPoisson:
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
        t = tidy(_fe_poisson(d, ind, "trend"), alpha)
        t = t[t["term"] == "trend"].copy()
        t.insert(0, "indicator", ind)
        t["n_obs"] = len(d)
        t["n_institutions"] = d["institution_id"].nunique()
        rows.append(_pct(t, "growth_pct"))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


ITS_TERMS: tuple[str, ...] = ("trend", "level_change", "slope_change")

#: Years a placebo break needs before it (the pre-trend must rest on more than two points).
MIN_PRE_YEARS: int = 3


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
    t = tidy(_fe_poisson(d, indicator, " + ".join(terms)), alpha)
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
    t = tidy(_fe_poisson(d, indicator, "trend + dose_change"), alpha)
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
    main = tidy(_fe_poisson(d, indicator, " + ".join(["did", *year_effects])).with_t(df), alpha)
    frames.append(main[main["term"] == "did"].assign(n_obs=len(d)))
    pre = d[d["year"] < break_year]
    pre = pre[pre.groupby("institution_id")[indicator].transform("sum") > 0]
    pre_effects = [f"year_{y}" for y in sorted(pre["year"].unique())[1:]]
    if pre_trend and pre["year"].nunique() >= 3:
        fit = tidy(
            _fe_poisson(pre, indicator, " + ".join(["pre_trend", *pre_effects])).with_t(df), alpha
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


def national_series(wide: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """National total per year and the number of institutions that reported it."""
    g = wide.groupby("year")[indicator]
    return pd.DataFrame({"observed": g.sum(min_count=1), "n_reporting": g.count()}).reset_index()


def projection(
    wide: pd.DataFrame,
    indicator: str,
    *,
    horizon: int = HORIZON,
    target: pd.DataFrame | None = None,
    fit_years: Iterable[int] | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Log-linear trend of the national total, projected to `horizon` with intervals.

    OLS of log(total) on year; `ci_*` is the interval of the trend line, `pi_*` the
    prediction interval for a single year's total (both back-transformed, so they
    are asymmetric). `target` (year, target) is joined and `gap_to_target` =
    projection − target. Years with a zero or missing total are not fitted.
    """
    series = national_series(wide, indicator)
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
