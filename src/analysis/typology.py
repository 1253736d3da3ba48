"""Valorisation models: push, exchange and serve (the evaluation's typology).

The evaluation of the Valorisatieprogramma (Kamerstuk 32 637 nr. 339) typed consortia
by hand: *push* (cashing in research knowledge: IP and ventures; technical
universities), *exchange* (organising the exchange of knowledge with companies and
societal partners; broad universities), *serve* (answering knowledge questions: a
service character; business-profile universities and universities of applied sciences).

This module makes that typology reproducible from the indicator mix:

1. Intensities per EUR 100 million research expenditure (size-free), then a
   log-intensity relative to a stated reference value (`REFERENCE_SCALES`) or
   standardised against the cross-section.
2. A score per model: the mean standardised log-intensity of its indicators (a mean,
   not a sum, because the groups have different numbers of indicators and an
   unreported indicator must not count as zero), plus `PRIOR_WEIGHT` for the model
   that the institution's profile suggests.
3. Label = highest score, margin = best − second, drivers = the indicators that
   lifted the winning score most (and the profile prior when it decided the label).

A Gaussian mixture on the same standardised log-intensities is the data-driven check;
agreement with the rule is reported as Cohen's kappa and is never forced.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from analysis.benchmark import DENOMINATORS, intensities
from analysis.labels import indicator_label, model_label

if TYPE_CHECKING:
    from sklearn.mixture import GaussianMixture

MODELS: tuple[str, ...] = ("push", "exchange", "serve")

#: Indicator groups per model (the issue's definition; patents granted are left out
#: because they lag the activity by years, money values of licences and spin-off
#: capital because they are dominated by single deals).
MODEL_INDICATORS: Mapping[str, tuple[str, ...]] = {
    "push": (
        "invention_disclosures",
        "priority_patent_applications",
        "licence_agreements",
        "spinoffs",
    ),
    "exchange": ("research_agreements_n", "research_agreements_eur"),
    "serve": ("contract_research_n", "contract_research_eur", "startups_supported"),
}
TYPOLOGY_INDICATORS: tuple[str, ...] = tuple(i for m in MODELS for i in MODEL_INDICATORS[m])
INDICATOR_MODEL: Mapping[str, str] = {i: m for m in MODELS for i in MODEL_INDICATORS[m]}

#: Reference intensities per EUR 100 million research expenditure. These are round
#: conventions of the order of magnitude seen in European KT surveys, *not* cited
#: figures or targets: they only fix each indicator's zero point, so that an
#: intensity equal to its reference scores 0 and ten times the reference scores
#: ln(10.1) ≈ 2.3. Use `reference="cross_section"` to standardise against the data.
REFERENCE_SCALES: Mapping[str, float] = {
    "invention_disclosures": 20.0,
    "priority_patent_applications": 8.0,
    "licence_agreements": 6.0,
    "spinoffs": 2.0,
    "research_agreements_n": 60.0,
    "research_agreements_eur": 8_000_000.0,
    "contract_research_n": 80.0,
    "contract_research_eur": 6_000_000.0,
    "startups_supported": 10.0,
}
#: A zero is scored as this fraction of the reference (keeps log-intensities finite).
ZERO_FLOOR: float = 0.1

#: Profile → model suggested by the evaluation (Kamerstuk 32 637 nr. 339): technical →
#: push, broad → exchange, business and universities of applied sciences → serve. The
#: evaluation did not type medical centres, so 'medical' carries no prior.
PROFILE_PRIOR: Mapping[str, str | None] = {
    "technical": "push",
    "broad": "exchange",
    "business": "serve",
    "applied": "serve",
    "medical": None,
}
#: Score bonus for the profile's model: half a log unit, i.e. the profile can only
#: overturn an indicator mix that is less than a factor e^0.5 ≈ 1.65 apart.
PRIOR_WEIGHT: float = 0.5

SCORE_COLUMNS: tuple[str, ...] = tuple(f"score_{m}" for m in MODELS)

FloatArray = npt.NDArray[np.float64]


# --------------------------------------------------------------------------- rule


def log_intensities(
    intens: pd.DataFrame, scales: Mapping[str, float] = REFERENCE_SCALES
) -> pd.DataFrame:
    """ln((intensity + floor·reference) / reference) for the typology indicators."""
    out = pd.DataFrame(index=intens.index)
    for ind in TYPOLOGY_INDICATORS:
        ref = scales[ind]
        x = (
            intens[ind].astype("float64")
            if ind in intens
            else pd.Series(np.nan, index=intens.index)
        )
        out[ind] = np.log((x + ZERO_FLOOR * ref) / ref)
    return out


def standardise(
    intens: pd.DataFrame,
    *,
    reference: str = "constants",
    scales: Mapping[str, float] = REFERENCE_SCALES,
) -> pd.DataFrame:
    """Standardised log-intensities (z) of the typology indicators.

    'constants': the log-ratio to the reference value (an absolute scale, stable
    across years and usable for a single profile). 'cross_section': z-scores of the
    log-intensities over the rows given (relative to the cohort).
    """
    logs = log_intensities(intens, scales)
    if reference == "constants":
        return logs
    if reference == "cross_section":
        sd = logs.std(ddof=0).replace(0.0, np.nan)
        return (logs - logs.mean()) / sd
    raise ValueError(f"unknown reference {reference!r}")


def prior_model(profile: object) -> str | None:
    """The model a profile suggests, or None (no prior for unknown or medical profiles)."""
    return PROFILE_PRIOR.get(str(profile)) if isinstance(profile, str) else None


def score(
    z: pd.DataFrame,
    profile: pd.Series | None = None,
    *,
    prior_weight: float = PRIOR_WEIGHT,
    n_drivers: int = 2,
) -> pd.DataFrame:
    """Model scores, label, second-best, margin and drivers for each row of `z`.

    `profile` (aligned with z's index) adds `prior_weight` to the profile's model.
    When the prior decided the label (margin below the prior weight and label = prior),
    `drivers` ends with 'profiel:<profile>' so the table says so.
    """
    raw = pd.DataFrame(
        {f"score_{m}": z[list(MODEL_INDICATORS[m])].mean(axis=1, skipna=True) for m in MODELS},
        index=z.index,
    )
    priors = (
        pd.Series([prior_model(p) for p in profile.reindex(z.index)], index=z.index, dtype="object")
        if profile is not None
        else pd.Series(None, index=z.index, dtype="object")
    )
    scores = raw.copy()
    for m in MODELS:
        scores[f"score_{m}"] = raw[f"score_{m}"] + np.where(priors == m, prior_weight, 0.0)
    arr = scores.to_numpy(dtype="float64")
    finite = np.isfinite(arr)
    n_finite = finite.sum(axis=1)
    order = np.argsort(np.where(finite, -arr, np.inf), axis=1, kind="stable")
    rows = np.arange(len(arr))
    best_val = arr[rows, order[:, 0]]
    second_val = arr[rows, order[:, 1]]
    margins = np.where(n_finite > 1, best_val - second_val, np.nan)
    models = np.asarray(MODELS, dtype="object")
    labels = np.asarray(
        [models[o] if n > 0 else None for o, n in zip(order[:, 0], n_finite, strict=True)],
        dtype="object",
    )
    seconds = np.asarray(
        [models[o] if n > 1 else None for o, n in zip(order[:, 1], n_finite, strict=True)],
        dtype="object",
    )
    # Drivers: the winning group's indicators ranked by z (vectorised per model).
    zarr = z[list(TYPOLOGY_INDICATORS)].to_numpy(dtype="float64")
    prof = profile.reindex(z.index).to_numpy() if profile is not None else np.full(len(z), None)
    prior_arr = priors.to_numpy()
    drivers: list[str] = [""] * len(z)
    for m in MODELS:
        cols = [TYPOLOGY_INDICATORS.index(i) for i in MODEL_INDICATORS[m]]
        sub = zarr[:, cols]
        rank = np.argsort(np.where(np.isfinite(sub), -sub, np.inf), axis=1, kind="stable")
        names = np.asarray(MODEL_INDICATORS[m], dtype="object")
        for i in np.flatnonzero(labels == m):
            k = min(n_drivers, int(np.isfinite(sub[i]).sum()))
            drv = [str(v) for v in names[rank[i, :k]]]
            if prior_arr[i] == m and not (margins[i] > prior_weight):
                drv.append(f"profiel:{prof[i]}")
            drivers[i] = ", ".join(drv)
    out = scores
    out["n_indicators"] = z.notna().sum(axis=1).astype("int64")
    out["prior"] = priors
    out["label"] = pd.Series(labels, index=z.index, dtype="object")
    out["second"] = pd.Series(seconds, index=z.index, dtype="object")
    out["margin"] = np.asarray(margins, dtype="float64")
    out["drivers"] = drivers
    return out


def classify_intensities(
    intens: pd.DataFrame,
    profile: pd.Series | None = None,
    *,
    reference: str = "constants",
    prior_weight: float = PRIOR_WEIGHT,
    n_drivers: int = 2,
) -> pd.DataFrame:
    """Classify rows of intensities (per EUR 100 million research expenditure)."""
    z = standardise(intens, reference=reference)
    return score(z, profile, prior_weight=prior_weight, n_drivers=n_drivers)


def _profiles(frame: pd.DataFrame, institutions: pd.DataFrame | None) -> pd.Series | None:
    if "profile" in frame.columns:
        return frame["profile"]
    if institutions is None:
        return None
    lookup = institutions.set_index("institution_id")["profile"]
    return pd.Series(
        frame["institution_id"].map(lookup).to_numpy(), index=frame.index, dtype="object"
    )


def classify(
    wide: pd.DataFrame,
    institutions: pd.DataFrame | None = None,
    *,
    reference: str = "constants",
    prior_weight: float = PRIOR_WEIGHT,
    n_drivers: int = 2,
) -> pd.DataFrame:
    """Classify each institution-year of the wide frame (profile prior from `institutions`)."""
    intens = intensities(wide, "per_100m_research", TYPOLOGY_INDICATORS)
    res = classify_intensities(
        intens,
        _profiles(wide, institutions),
        reference=reference,
        prior_weight=prior_weight,
        n_drivers=n_drivers,
    )
    ids = wide[[c for c in ("institution_id", "year") if c in wide.columns]]
    return pd.concat([ids, res], axis=1).reset_index(drop=True)


def pooled_profile(wide: pd.DataFrame, by: str, years: Iterable[int] | None = None) -> pd.DataFrame:
    """Intensities per group `by` over `years`: sum of outputs / sum of research expenditure.

    Sums are pairwise (a row counts for an indicator only if it reports both), so a
    member that did not report an indicator is absent from that ratio, not a zero.
    """
    frame = wide if years is None else wide[wide["year"].isin(list(years))]
    code, scale = DENOMINATORS["per_100m_research"]
    cols = [c for c in TYPOLOGY_INDICATORS if c in frame.columns]
    den = frame[code].astype("float64").where(frame[code] > 0)
    out: dict[str, pd.Series] = {}
    for c in cols:
        ok = frame[c].notna() & den.notna()
        num_sum = frame[c].where(ok).groupby(frame[by]).sum(min_count=1)
        den_sum = den.where(ok).groupby(frame[by]).sum(min_count=1)
        out[c] = num_sum / den_sum * scale
    res = pd.DataFrame(out)
    res.index.name = by
    return res


def classify_pooled(
    wide: pd.DataFrame,
    institutions: pd.DataFrame | None = None,
    *,
    years: Iterable[int] | None = None,
    reference: str = "constants",
    prior_weight: float = PRIOR_WEIGHT,
) -> pd.DataFrame:
    """One label per institution over a window of years (pooled ratio-of-sums intensities).

    Small institutions have few spin-offs or licences in any one year; pooling a few
    years gives the steadier label the report's fact sheets need.
    """
    prof = pooled_profile(wide, "institution_id", years).reset_index()
    profile = _profiles(prof, institutions) if institutions is not None else None
    res = classify_intensities(prof, profile, reference=reference, prior_weight=prior_weight)
    return pd.concat([prof[["institution_id"]], res], axis=1)


# --------------------------------------------------------------------------- consortia


def consortium_intensities(
    wide: pd.DataFrame,
    members: pd.DataFrame,
    consortia: pd.DataFrame,
    institutions: pd.DataFrame,
    *,
    years: Iterable[int] | None = None,
) -> pd.DataFrame:
    """A consortium's indicator mix: its member institutions' indicators summed.

    The lead institution's profile becomes the consortium's `profile` (the prior).
    Members without data (companies, regional development agencies) add nothing;
    `n_members_with_data` says how many did.
    """
    m = members[["consortium_id", "institution_id"]].drop_duplicates()
    joined = wide.merge(m, on="institution_id", how="inner")
    prof = pooled_profile(joined, "consortium_id", years)
    frame = consortia[["consortium_id", "lead_institution_id"]].copy()
    frame["profile"] = frame["lead_institution_id"].map(
        institutions.set_index("institution_id")["profile"]
    )
    n_data = joined.groupby("consortium_id")["institution_id"].nunique()
    frame["n_members_with_data"] = frame["consortium_id"].map(n_data).fillna(0).astype("int64")
    return frame.merge(prof.reset_index(), on="consortium_id", how="left")


def classify_consortia(
    wide: pd.DataFrame,
    members: pd.DataFrame,
    consortia: pd.DataFrame,
    institutions: pd.DataFrame,
    *,
    years: Iterable[int] | None = None,
    reference: str = "constants",
    prior_weight: float = PRIOR_WEIGHT,
) -> pd.DataFrame:
    """Classify the consortia (summed member indicators, lead profile as prior).

    The standardised log-intensities are kept as `z_<indicator>` columns so that a
    disagreement with the evaluation can be explained indicator by indicator.
    """
    frame = consortium_intensities(wide, members, consortia, institutions, years=years)
    z = standardise(frame, reference=reference)
    res = score(z, frame["profile"], prior_weight=prior_weight)
    keep = ["consortium_id", "lead_institution_id", "profile", "n_members_with_data"]
    return pd.concat([frame[keep], res, z.add_prefix("z_")], axis=1)


@dataclass(frozen=True)
class Comparison:
    """Rule versus the evaluation's typology: confusion table, reasons, agreement."""

    confusion: pd.DataFrame
    disagreements: pd.DataFrame
    accuracy: float
    kappa: float
    n: int


def compare_with_evaluation(classified: pd.DataFrame, consortia: pd.DataFrame) -> Comparison:
    """Confusion table (rows: evaluation, columns: rule) and the reason for every disagreement.

    A reason names the indicators that drove the rule's label, both scores, and the
    strongest indicator of the evaluation's model (`evaluation_drivers` ranks them by
    standardised log-intensity; needs the `z_*` columns of `classify_consortia`). Consortia without a rule label
    (no member data) are listed as disagreements with that reason, not dropped silently.
    """
    df = classified.merge(
        consortia[["consortium_id", "evaluation_model"]], on="consortium_id", how="left"
    )
    both = df[df["label"].notna() & df["evaluation_model"].notna()]
    confusion = pd.crosstab(
        pd.Categorical(both["evaluation_model"], categories=list(MODELS)),
        pd.Categorical(both["label"], categories=list(MODELS)),
        dropna=False,
    )
    confusion.index = pd.Index(list(MODELS), name="evaluation_model")
    confusion.columns = pd.Index(list(MODELS), name="rule_label")
    n = len(both)
    accuracy = float((both["label"] == both["evaluation_model"]).mean()) if n else np.nan
    kappa = _kappa(both["evaluation_model"].tolist(), both["label"].tolist())
    rows: list[dict[str, object]] = []
    for rec in df.to_dict("records"):
        ev, lab = rec["evaluation_model"], rec["label"]
        if isinstance(ev, str) and isinstance(lab, str) and ev == lab:
            continue
        if not isinstance(lab, str):
            reason = "geen indicatoren van de leden beschikbaar"
            ev_drv = ""
        elif not isinstance(ev, str):
            reason = "geen typering in de evaluatie"
            ev_drv = ""
        else:
            ev_z = {
                i: float(rec[f"z_{i}"]) for i in MODEL_INDICATORS[ev] if pd.notna(rec.get(f"z_{i}"))
            }
            ev_inds = sorted(ev_z, key=lambda i: -ev_z[i])
            ev_drv = ", ".join(ev_inds)
            names = ", ".join(indicator_label(d) for d in str(rec["drivers"]).split(", ") if d)
            strongest = (
                f"; sterkste indicator voor het {model_label(ev)}: "
                f"{indicator_label(ev_inds[0])} ({ev_z[ev_inds[0]]:+.2f})"
                if ev_inds
                else f"; geen indicatoren voor het {model_label(ev)} gerapporteerd"
            )
            reason = (
                f"{model_label(lab)} door {names}: score {rec[f'score_{lab}']:.2f} "
                f"tegen {rec[f'score_{ev}']:.2f} voor het {model_label(ev)}{strongest}"
            )
        rows.append(
            {
                "consortium_id": rec["consortium_id"],
                "evaluation_model": ev,
                "rule_label": lab,
                "margin": rec["margin"],
                "drivers": rec["drivers"],
                "evaluation_drivers": ev_drv,
                "reason": reason,
            }
        )
    cols = [
        "consortium_id",
        "evaluation_model",
        "rule_label",
        "margin",
        "drivers",
        "evaluation_drivers",
        "reason",
    ]
    return Comparison(confusion, pd.DataFrame(rows, columns=cols), accuracy, kappa, n)


def _kappa(a: Sequence[object], b: Sequence[object]) -> float:
    """Cohen's kappa (observed vs chance agreement); NaN when empty.

    Computed directly (not through sklearn) because the bootstrap calls it hundreds of
    times; two identical sequences give 1 even when chance agreement is 1.
    """
    n = len(a)
    if n == 0:
        return float("nan")
    sa, sb = [str(x) for x in a], [str(x) for x in b]
    po = sum(x == y for x, y in zip(sa, sb, strict=True)) / n
    cats = set(sa) | set(sb)
    pe = sum((sa.count(c) / n) * (sb.count(c) / n) for c in cats)
    if pe >= 1.0:
        return 1.0 if po == 1.0 else float("nan")
    return float((po - pe) / (1 - pe))


# --------------------------------------------------------------------------- clustering


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
    """Gaussian-mixture labels mapped onto the models, and agreement with the rule."""

    labels: pd.Series
    kappa: float
    agreement: float
    n_dropped: int
    mapping: dict[int, str]


def cluster_check(
    z: pd.DataFrame, rule_labels: pd.Series, *, random_state: int = 0
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
    labels = pd.Series(
        [mapping[int(k)] for k in gmm.predict(xs)], index=x.index[complete], dtype="object"
    )
    rule = rule_labels.reindex(labels.index)
    ok = rule.notna()
    return ClusterCheck(
        labels=labels,
        kappa=_kappa(rule[ok].tolist(), labels[ok].tolist()),
        agreement=float((rule[ok] == labels[ok]).mean()),
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
                "kappa": _kappa(base, lab),
            }
        )
    out = pd.DataFrame(rows)
    out["resample"] = out["resample"].astype("int64")
    return out


def year_stability(
    wide: pd.DataFrame,
    institutions: pd.DataFrame | None = None,
    *,
    reference: str = "constants",
    random_state: int = 0,
) -> pd.DataFrame:
    """Per year: the rule's persistence and the clustering's agreement with the rule.

    `persistence` is the share of institutions with the same rule label as in the
    previous year; `kappa` compares that year's clustering with that year's rule.
    """
    res = classify(wide, institutions, reference=reference)
    z = standardise(
        intensities(wide, "per_100m_research", TYPOLOGY_INDICATORS), reference=reference
    )
    z.index = res.index
    rows: list[dict[str, object]] = []
    prev: pd.Series | None = None
    for year in sorted(res["year"].unique()):
        sel = res["year"] == year
        cur = res.loc[sel].set_index("institution_id")["label"]
        chk = cluster_check(z[sel], res.loc[sel, "label"], random_state=random_state)
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
