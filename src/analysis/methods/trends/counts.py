"""Trends, count models: tidy results, and the choice between Poisson and negative binomial with its diagnostics (overdispersion, VIF)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
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


#: The overdispersion test's level: below it the negative binomial model is chosen. A
#: model-selection threshold, not a verdict the report prints: it stays apart from the
#: assumptions table's `test_level` (a stricter or laxer verdict on a finding should not
#: change which count model is fitted).
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
