"""Typology, robustness: how the labels move with the reference point, a clustering check, bootstrap and year stability."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.methods.peer_gaps.definitions import intensities
from analysis.methods.typology.agreement import Comparison, cohen_kappa, compare_with_evaluation
from analysis.methods.typology.reference_point import (
    HEADLINE_REFERENCE,
    MODEL_INDICATORS,
    MODELS,
    REFERENCE_METHODS,
    TYPOLOGY_INDICATORS,
    FloatArray,
    Reference,
    derive_reference,
)
from analysis.methods.typology.rule import classify, classify_consortia, classify_pooled

if TYPE_CHECKING:
    from sklearn.mixture import GaussianMixture


def _changed(base: pd.Series, other: pd.Series) -> int:
    """How many units have a different label (a label against no label counts)."""
    idx = base.index.union(other.index)
    a = base.reindex(idx).astype("object").where(base.reindex(idx).notna(), "")
    b = other.reindex(idx).astype("object").where(other.reindex(idx).notna(), "")
    return int((a != b).sum())


def reference_sensitivity(
    wide: pd.DataFrame,
    members: pd.DataFrame,
    consortia: pd.DataFrame,
    institutions: pd.DataFrame,
    *,
    years: Iterable[int] | None,
    consortium_years: Iterable[int] | None,
    methods: Sequence[str] = tuple(REFERENCE_METHODS),
    baseline: str = HEADLINE_REFERENCE,
    level: float = 0.95,
) -> pd.DataFrame:
    """How the classification moves with the reference point (one row per method).

    For each method: institutions (pooled over `years`) and consortia (over
    `consortium_years`) labelled, how many of each change label against `baseline`,
    how many institutions each model gets (`n_push`, `n_exchange`, `n_serve`: which
    model is most common may depend on the reference point), and the agreement with
    the evaluation (count, share, kappa with its bootstrap interval at `level`, which
    `kappa_level` repeats). Pure: no files,
    no randomness beyond the seeded Monte Carlo fallback.
    """
    years = None if years is None else list(years)
    consortium_years = None if consortium_years is None else list(consortium_years)

    def run(method: str) -> tuple[pd.Series, pd.Series, Comparison]:
        inst = classify_pooled(wide, years=years, reference=method)
        cons = classify_consortia(
            wide, members, consortia, institutions, years=consortium_years, reference=method
        )
        return (
            inst.set_index("institution_id")["model"],
            cons.set_index("consortium_id")["model"],
            compare_with_evaluation(cons, consortia, level=level),
        )

    base_inst, base_cons, _ = run(baseline)
    rows: list[dict[str, object]] = []
    for method in methods:
        inst, cons, cmp = run(method)
        rows.append(
            {
                "reference": method,
                "n_institutions": int(inst.notna().sum()),
                "institutions_changed": _changed(base_inst, inst),
                **{f"n_{m}": int((inst == m).sum()) for m in MODELS},
                "n_consortia": cmp.n,
                "consortia_changed": _changed(base_cons, cons),
                "agreement_n": round(cmp.accuracy * cmp.n) if cmp.n else 0,
                "agreement": cmp.accuracy,
                "kappa": cmp.kappa,
                "kappa_low": cmp.kappa_interval.low,
                "kappa_high": cmp.kappa_interval.high,
                "kappa_level": cmp.kappa_interval.level,
            }
        )
    return pd.DataFrame(rows)


def _map_clusters(means: FloatArray) -> dict[int, str]:
    """Hungarian assignment of clusters to models by the centroid's indicator mix.

    The cost of giving cluster k the label m is minus the centroid's mean z over m's
    indicators, so each model gets the cluster whose centre leans most its way.
    """
    from scipy.optimize import linear_sum_assignment

    cols = list(TYPOLOGY_INDICATORS)
    mix = np.column_stack(
        [means[:, [cols.index(i) for i in MODEL_INDICATORS[m]]].mean(axis=1) for m in MODELS]
    )
    rows, cols_idx = linear_sum_assignment(-mix)
    return {int(r): MODELS[int(c)] for r, c in zip(rows, cols_idx, strict=True)}


def _fit_gmm(x: FloatArray, random_state: int) -> GaussianMixture:
    # Imported here: scikit-learn costs ~0.9 s to import, and most notebooks (the fact
    # sheets among them) only score profiles by rule.
    from sklearn.mixture import GaussianMixture
    from threadpoolctl import threadpool_limits

    gmm = GaussianMixture(
        n_components=len(MODELS),
        covariance_type="diag",
        reg_covar=1e-3,
        n_init=1,
        random_state=random_state,
    )
    # Single-threaded BLAS: the data are tiny and thread start-up dominated the fits.
    with threadpool_limits(limits=1):
        gmm.fit(x)
    return gmm


@dataclass(frozen=True)
class ClusterCheck:
    """Gaussian-mixture clusters mapped onto the models, and agreement with the rule."""

    models: pd.Series
    kappa: float
    agreement: float
    n_dropped: int
    mapping: dict[int, str]


def cluster_check(
    z: pd.DataFrame, rule_models: pd.Series, *, random_state: int = 0
) -> ClusterCheck:
    """Cluster complete rows of `z` (standardised log-intensities) and compare with the rule.

    Rows with any unreported typology indicator are left out (`n_dropped`): a mixture
    model cannot place them without imputation.
    """
    x = z[list(TYPOLOGY_INDICATORS)]
    complete = x.notna().all(axis=1)
    xs = x[complete].to_numpy(dtype="float64")
    if len(xs) < len(MODELS) + 1:
        empty = pd.Series(dtype="object")
        return ClusterCheck(empty, float("nan"), float("nan"), int((~complete).sum()), {})
    gmm = _fit_gmm(xs, random_state)
    mapping = _map_clusters(np.asarray(gmm.means_, dtype="float64"))
    models = pd.Series(
        [mapping[int(k)] for k in gmm.predict(xs)], index=x.index[complete], dtype="object"
    )
    rule = rule_models.reindex(models.index)
    ok = rule.notna()
    return ClusterCheck(
        models=models,
        kappa=cohen_kappa(rule[ok].tolist(), models[ok].tolist()),
        agreement=float((rule[ok] == models[ok]).mean()),
        n_dropped=int((~complete).sum()),
        mapping=mapping,
    )


def bootstrap_stability(
    z: pd.DataFrame, *, n_boot: int = 200, seed: int = 0, random_state: int = 0
) -> pd.DataFrame:
    """Stability of the clustering: refit on resampled rows, relabel all rows, compare.

    For each resample the mixture is refitted, its clusters mapped onto the models by
    their centroids, and every complete row relabelled; `agreement` is the share of
    rows whose label equals the full-sample clustering. Returns one row per resample
    (resample, agreement, kappa); summarise with the mean and quantiles.
    """
    x = z[list(TYPOLOGY_INDICATORS)].dropna().to_numpy(dtype="float64")
    if len(x) < len(MODELS) + 1:
        return pd.DataFrame(columns=["resample", "agreement", "kappa"])
    base_gmm = _fit_gmm(x, random_state)
    base_map = _map_clusters(np.asarray(base_gmm.means_, dtype="float64"))
    base = [base_map[int(k)] for k in base_gmm.predict(x)]
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(x), size=(n_boot, len(x)))
    rows: list[dict[str, float]] = []
    for b in range(n_boot):
        gmm = _fit_gmm(x[idx[b]], random_state)
        mp = _map_clusters(np.asarray(gmm.means_, dtype="float64"))
        lab = [mp[int(k)] for k in gmm.predict(x)]
        rows.append(
            {
                "resample": float(b),
                "agreement": float(np.mean([a == c for a, c in zip(base, lab, strict=True)])),
                "kappa": cohen_kappa(base, lab),
            }
        )
    out = pd.DataFrame(rows)
    out["resample"] = out["resample"].astype("int64")
    return out


def year_stability(
    wide: pd.DataFrame,
    *,
    reference: str | Reference = HEADLINE_REFERENCE,
    random_state: int = 0,
) -> pd.DataFrame:
    """Per year: the rule's persistence and the clustering's agreement with the rule.

    `persistence` is the share of institutions with the same rule label as in the
    previous year; `kappa` compares that year's clustering with that year's rule. One
    reference (derived from all years) serves every year, as in `classify`.
    """
    ref = reference if isinstance(reference, Reference) else derive_reference(wide, None, reference)
    res = classify(wide, reference=ref)
    z = ref.standardise(intensities(wide, "per_100m_research", TYPOLOGY_INDICATORS))
    z.index = res.index
    rows: list[dict[str, object]] = []
    prev: pd.Series | None = None
    for year in sorted(res["year"].unique()):
        sel = res["year"] == year
        cur = res.loc[sel].set_index("institution_id")["model"]
        chk = cluster_check(z[sel], res.loc[sel, "model"], random_state=random_state)
        persistence = np.nan
        if prev is not None:
            common = cur.index.intersection(prev.index)
            pair = pd.DataFrame({"a": cur.reindex(common), "b": prev.reindex(common)}).dropna()
            persistence = float((pair["a"] == pair["b"]).mean()) if len(pair) else np.nan
        rows.append(
            {
                "year": int(year),
                "n": int(cur.notna().sum()),
                "persistence": persistence,
                "kappa": chk.kappa,
                "agreement": chk.agreement,
            }
        )
        prev = cur
    return pd.DataFrame(rows)
