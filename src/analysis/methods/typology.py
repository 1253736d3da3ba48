"""Valorisation models: push, exchange and serve (the evaluation's typology).

The evaluation of the Valorisatieprogramma (Kamerstuk 32 637 nr. 339) typed the
*consortia's approach to valorisation in the programme* by hand: *push* (cashing in
research knowledge: IP and ventures), *exchange* (organising the exchange of knowledge
with companies and societal partners), *serve* (answering knowledge questions: a service
character). It observed push around technical universities, exchange around broad ones
and serve around business-profile universities and universities of applied sciences.

This module makes a typology of the same three models reproducible from *measured,
institution-wide* indicators only:

1. Intensities per EUR 100 million research expenditure (size-free).
2. Each indicator's log-intensity relative to a reference point derived from the data
   (`Reference`; the headline uses the cross-section median of the institutions over
   the same years, so a score of 0 means "as the median institution"). The reference
   choice is a parameter; `reference_sensitivity` shows how the labels move with it.
3. A score per model: the mean of its indicators' standardised log-intensities (a mean,
   not a sum, because the groups have different numbers of indicators and an
   unreported indicator must not count as zero).
4. Label = highest score, margin = best − second, drivers = the indicators that lifted
   the winning score most.

The institution's research profile never enters a score. The profile is the basis of
the evaluation's own typing (technical → push, broad → exchange, ...); letting it
decide a label would build agreement with the evaluation into the method. A profile
may be carried beside a result (`score(..., profile=...)`) so a table can show it.

A Gaussian mixture on the same standardised log-intensities is the data-driven check.
Agreement with the evaluation is Cohen's kappa with a bootstrap interval over the
consortia (`kappa_interval`), computed exactly by enumerating every resample.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from analysis.methods.peer_gaps import DENOMINATORS, intensities
from analysis.publication import formatting as fmt
from analysis.publication.labels import indicator_label, model_label

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

#: A zero output is scored as this fraction of the indicator's cross-section median
#: intensity (the offset added before the log; keeps log-intensities finite). With the
#: median as reference point, a zero scores ln(0.1 / 1.1) ≈ −2.40 and ten times the
#: median ln(10.1 / 1.1) ≈ +2.22. A stated convention of this monitor, not a source.
ZERO_FLOOR: float = 0.1
#: Share cut from each end of the sorted log-intensities for the trimmed reference.
TRIM_SHARE: float = 0.2

#: The reference-point choices: code → what the point is (all derived from the data).
#: Methods marked "cross-section" need only the institutions' pooled intensities;
#: `yearly_median` and `national_ratio` need the yearly data (`derive_reference`).
REFERENCE_METHODS: Mapping[str, str] = {
    "cross_section_median": "median intensity of the institutions, pooled over the window",
    "cross_section_geomean": "mean log-intensity of the institutions (geometric mean)",
    "cross_section_trimmed_geomean": (
        f"mean log-intensity after cutting {TRIM_SHARE:.0%} of the institutions at each end"
    ),
    "cross_section_zscore": "mean log-intensity, divided by the institutions' standard deviation",
    "yearly_median": "mean over the window's years of each year's median log-intensity",
    "national_ratio": "national intensity: all outputs over all research expenditure",
}
CROSS_SECTION_METHODS: tuple[str, ...] = (
    "cross_section_median",
    "cross_section_geomean",
    "cross_section_trimmed_geomean",
    "cross_section_zscore",
)
#: The reference point of the headline classification.
HEADLINE_REFERENCE: str = "cross_section_median"

SCORE_COLUMNS: tuple[str, ...] = tuple(f"score_{m}" for m in MODELS)

FloatArray = npt.NDArray[np.float64]


# --------------------------------------------------------------------------- reference


@dataclass(frozen=True)
class Reference:
    """Where each indicator's standardised log-intensity is zero, and its unit.

    z = (ln(intensity + offset) − centre) / scale, per indicator. `offset` keeps zeros
    finite (ZERO_FLOOR × the cross-section median); `centre` is the log of the reference
    point (plus offset); `scale` is 1 for the log-ratio methods and the cross-section
    standard deviation for the z-score method. NaN entries mean the data say nothing
    about that indicator; its z is then NaN and it does not count in any score.
    """

    method: str
    offset: Mapping[str, float]
    centre: Mapping[str, float]
    scale: Mapping[str, float]

    @classmethod
    def from_points(cls, points: Mapping[str, float], method: str = "given") -> Reference:
        """A log-ratio reference from given (e.g. cited) reference intensities per EUR 100 mln."""
        offset = {i: ZERO_FLOOR * float(points[i]) for i in TYPOLOGY_INDICATORS}
        centre = {i: math.log((1 + ZERO_FLOOR) * float(points[i])) for i in TYPOLOGY_INDICATORS}
        return cls(method, offset, centre, dict.fromkeys(TYPOLOGY_INDICATORS, 1.0))

    def points(self) -> dict[str, float]:
        """The intensity per EUR 100 mln that scores zero, per indicator."""
        return {
            i: math.exp(self.centre[i]) - self.offset[i]
            if math.isfinite(self.centre[i])
            else math.nan
            for i in TYPOLOGY_INDICATORS
        }

    def standardise(self, intens: pd.DataFrame) -> pd.DataFrame:
        """Standardised log-intensities (z) of the typology indicators of each row."""
        out = pd.DataFrame(index=intens.index)
        for ind in TYPOLOGY_INDICATORS:
            x = (
                intens[ind].astype("float64")
                if ind in intens
                else pd.Series(np.nan, index=intens.index)
            )
            out[ind] = (np.log(x + self.offset[ind]) - self.centre[ind]) / self.scale[ind]
        return out


def _offsets(cross: pd.DataFrame) -> dict[str, float]:
    """ZERO_FLOOR × each indicator's cross-section median (the mean when the median is 0).

    When more than half the institutions report a zero the median cannot scale a
    floor; the mean can, as long as anyone reported a positive value. An indicator that
    nobody reported, or everyone reported as zero, gets NaN: it cannot tell models apart.
    """
    out: dict[str, float] = {}
    for ind in TYPOLOGY_INDICATORS:
        v = cross[ind].astype("float64").dropna() if ind in cross else pd.Series(dtype="float64")
        base = float(v.median()) if len(v) else math.nan
        if not base > 0:
            base = float(v.mean()) if len(v) else math.nan
        out[ind] = ZERO_FLOOR * base if base > 0 else math.nan
    return out


def trimmed_mean(values: Sequence[float] | FloatArray, share: float = TRIM_SHARE) -> float:
    """Mean after dropping floor(share × n) values at each end of the sorted values."""
    v = np.sort(np.asarray(values, dtype="float64"))
    k = math.floor(share * len(v))
    kept = v[k : len(v) - k]
    return float(kept.mean()) if len(kept) else math.nan


def reference_from_cross_section(
    cross: pd.DataFrame, method: str = HEADLINE_REFERENCE
) -> Reference:
    """The reference derived from a cross-section of intensities (one row per unit).

    Every unit weighs the same, whatever its size: the reference point describes the
    typical institution, not the national total (that is `national_ratio`).
    """
    if method not in CROSS_SECTION_METHODS:
        raise ValueError(
            f"reference {method!r} cannot be derived from intensities alone; "
            f"use one of {', '.join(CROSS_SECTION_METHODS)} or derive_reference()"
        )
    offset = _offsets(cross)
    centre: dict[str, float] = {}
    scale: dict[str, float] = {}
    for ind in TYPOLOGY_INDICATORS:
        off = offset[ind]
        v = cross[ind].astype("float64").dropna() if ind in cross else pd.Series(dtype="float64")
        centre[ind], scale[ind] = math.nan, 1.0
        if not (len(v) and math.isfinite(off)):
            continue
        logs = np.log(v.to_numpy() + off)
        if method == "cross_section_median":
            centre[ind] = math.log(float(v.median()) + off)
        elif method == "cross_section_geomean":
            centre[ind] = float(logs.mean())
        elif method == "cross_section_trimmed_geomean":
            centre[ind] = trimmed_mean(logs)
        else:  # cross_section_zscore
            centre[ind] = float(logs.mean())
            sd = float(logs.std(ddof=0))
            scale[ind] = sd if sd > 0 else math.nan
    return Reference(method, offset, centre, scale)


def _window(wide: pd.DataFrame, years: Iterable[int] | None) -> pd.DataFrame:
    return wide if years is None else wide[wide["year"].isin(list(years))]


def derive_reference(
    wide: pd.DataFrame, years: Iterable[int] | None = None, method: str = HEADLINE_REFERENCE
) -> Reference:
    """The reference of `method`, derived from the institutions' data over `years`.

    The cross-section is every institution's pooled intensity over the window (ratio of
    sums, `pooled_profile`). `yearly_median` averages the logs of each year's median
    instead (so one year's level does not dominate); `national_ratio` takes all outputs
    over all research expenditure (dominated by the largest institutions). The offset is
    the same for every method, so the methods differ only in where zero lies.
    """
    years = None if years is None else list(years)
    cross = pooled_profile(wide, "institution_id", years)
    if method in CROSS_SECTION_METHODS:
        return reference_from_cross_section(cross, method)
    offset = _offsets(cross)
    frame = _window(wide, years)
    centre: dict[str, float] = {}
    if method == "yearly_median":
        medians = [
            pooled_profile(frame[frame["year"] == y], "institution_id").median()
            for y in sorted(frame["year"].unique())
        ]
        for ind in TYPOLOGY_INDICATORS:
            logs = [
                math.log(float(m[ind]) + offset[ind])
                for m in medians
                if ind in m and pd.notna(m[ind]) and math.isfinite(offset[ind])
            ]
            centre[ind] = float(np.mean(logs)) if logs else math.nan
    elif method == "national_ratio":
        total = pooled_profile(frame.assign(_all="all"), "_all")
        for ind in TYPOLOGY_INDICATORS:
            value = float(total[ind].iloc[0]) if ind in total and len(total) else math.nan
            ok = math.isfinite(value) and math.isfinite(offset[ind])
            centre[ind] = math.log(value + offset[ind]) if ok else math.nan
    else:
        raise ValueError(
            f"unknown reference {method!r}; choose one of {', '.join(REFERENCE_METHODS)}"
        )
    return Reference(method, offset, centre, dict.fromkeys(TYPOLOGY_INDICATORS, 1.0))


def standardise(
    intens: pd.DataFrame, reference: str | Reference = HEADLINE_REFERENCE
) -> pd.DataFrame:
    """Standardised log-intensities (z) of the typology indicators.

    A method name derives the reference from the rows given (they are the
    cross-section); a `Reference` is applied as it is, e.g. the institutions' reference
    applied to the consortia.
    """
    ref = (
        reference
        if isinstance(reference, Reference)
        else reference_from_cross_section(intens, reference)
    )
    return ref.standardise(intens)


# --------------------------------------------------------------------------- rule


def score(z: pd.DataFrame, profile: pd.Series | None = None, *, n_drivers: int = 2) -> pd.DataFrame:
    """Model scores, label, second-best, margin and drivers for each row of `z`.

    The scores read the measured indicators only. `profile` (aligned with z's index),
    when given, is carried into a `profile` column so a table can show it beside the
    label; it never changes a score, a label or a driver. Ties go to the first model in
    the order push, exchange, serve; the margin 0 shows them.
    """
    scores = pd.DataFrame(
        {f"score_{m}": z[list(MODEL_INDICATORS[m])].mean(axis=1, skipna=True) for m in MODELS},
        index=z.index,
    )
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
    drivers: list[str] = [""] * len(z)
    for m in MODELS:
        cols = [TYPOLOGY_INDICATORS.index(i) for i in MODEL_INDICATORS[m]]
        sub = zarr[:, cols]
        rank = np.argsort(np.where(np.isfinite(sub), -sub, np.inf), axis=1, kind="stable")
        names = np.asarray(MODEL_INDICATORS[m], dtype="object")
        for i in np.flatnonzero(labels == m):
            k = min(n_drivers, int(np.isfinite(sub[i]).sum()))
            drivers[i] = ", ".join(str(v) for v in names[rank[i, :k]])
    out = scores
    out["n_indicators"] = z[list(TYPOLOGY_INDICATORS)].notna().sum(axis=1).astype("int64")
    out["label"] = pd.Series(labels, index=z.index, dtype="object")
    out["second"] = pd.Series(seconds, index=z.index, dtype="object")
    out["margin"] = np.asarray(margins, dtype="float64")
    out["drivers"] = drivers
    if profile is not None:
        out["profile"] = profile.reindex(z.index).astype("object")
    return out


def classify(
    wide: pd.DataFrame,
    *,
    reference: str | Reference = HEADLINE_REFERENCE,
    n_drivers: int = 2,
) -> pd.DataFrame:
    """Classify each institution-year of the wide frame.

    A method name derives one reference from all institutions pooled over all years of
    `wide`, so a label that changes from year to year reflects the institution's own
    change, not a moving yardstick.
    """
    ref = reference if isinstance(reference, Reference) else derive_reference(wide, None, reference)
    intens = intensities(wide, "per_100m_research", TYPOLOGY_INDICATORS)
    res = score(ref.standardise(intens), n_drivers=n_drivers)
    ids = wide[[c for c in ("institution_id", "year") if c in wide.columns]]
    return pd.concat([ids, res], axis=1).reset_index(drop=True)


def pooled_profile(wide: pd.DataFrame, by: str, years: Iterable[int] | None = None) -> pd.DataFrame:
    """Intensities per group `by` over `years`: sum of outputs / sum of research expenditure.

    Sums are pairwise (a row counts for an indicator only if it reports both), so a
    member that did not report an indicator is absent from that ratio, not a zero.
    """
    frame = _window(wide, years)
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
    *,
    years: Iterable[int] | None = None,
    reference: str | Reference = HEADLINE_REFERENCE,
    n_drivers: int = 2,
) -> pd.DataFrame:
    """One label per institution over a window of years (pooled ratio-of-sums intensities).

    Small institutions have few spin-offs or licences in any one year; pooling a few
    years gives the steadier label the report needs. A method name derives the
    reference from the same institutions over the same years.
    """
    years = None if years is None else list(years)
    prof = pooled_profile(wide, "institution_id", years)
    ref = (
        reference if isinstance(reference, Reference) else derive_reference(wide, years, reference)
    )
    res = score(ref.standardise(prof), n_drivers=n_drivers)
    return pd.concat([prof.index.to_frame(index=False), res.reset_index(drop=True)], axis=1)


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

    The lead institution's profile is kept as `profile` for display only. Members
    without data (companies, regional development agencies) add nothing;
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
    reference: str | Reference = HEADLINE_REFERENCE,
) -> pd.DataFrame:
    """Classify the consortia on their summed member indicators.

    A method name derives the reference from all institutions over the same years, so a
    consortium is placed against the typical institution of those years, just as an
    institution is. The standardised log-intensities are kept as `z_<indicator>`
    columns so that a disagreement with the evaluation can be explained indicator by
    indicator. The lead's profile is carried along for display; it decides nothing.
    """
    years = None if years is None else list(years)
    frame = consortium_intensities(wide, members, consortia, institutions, years=years)
    ref = (
        reference if isinstance(reference, Reference) else derive_reference(wide, years, reference)
    )
    z = ref.standardise(frame)
    res = score(z)
    keep = ["consortium_id", "lead_institution_id", "profile", "n_members_with_data"]
    return pd.concat([frame[keep], res, z.add_prefix("z_")], axis=1)


# --------------------------------------------------------------------------- agreement

#: Above this many distinct resampled confusion tables the bootstrap is drawn at random.
MAX_EXACT_TABLES: int = 2_000_000


@dataclass(frozen=True)
class KappaInterval:
    """Cohen's kappa with a percentile bootstrap interval over the paired units.

    `method` is 'exact' when every possible resample was enumerated (weighted by its
    multinomial probability, so no random draws and no Monte Carlo error), else
    'monte_carlo'. Resamples in which kappa is undefined (every resampled pair in one
    and the same category) are left out; `undefined_share` is their probability.
    """

    kappa: float
    low: float
    high: float
    level: float
    method: str
    n: int
    undefined_share: float


def _kappa_resamples(
    a: Sequence[object], b: Sequence[object], *, max_tables: int, n_boot: int, seed: int
) -> tuple[FloatArray, FloatArray, str, float]:
    """Kappa of every bootstrap resample of the pairs (a_i, b_i) and its probability.

    Kappa depends on a resample only through how many copies of each distinct pair it
    holds, which is multinomial(n, observed pair shares): enumerate those tables when
    there are at most `max_tables`, else draw `n_boot` of them with a fixed seed.
    Returns the defined kappas, their probabilities (summing to 1), the method and the
    probability of an undefined kappa.
    """
    pairs = [(str(x), str(y)) for x, y in zip(a, b, strict=True)]
    n = len(pairs)
    cells = sorted(set(pairs))
    counts = np.asarray([pairs.count(c) for c in cells], dtype="float64")
    p = counts / n
    k = len(cells)
    if math.comb(n + k - 1, k - 1) <= max_tables:
        bars = np.asarray(list(itertools.combinations(range(n + k - 1), k - 1)), dtype=np.int64)
        bars = bars.reshape(-1, k - 1)
        edges = np.hstack([np.full((len(bars), 1), -1), bars, np.full((len(bars), 1), n + k - 1)])
        tables = np.diff(edges, axis=1) - 1
        log_fact = np.asarray([math.lgamma(i + 1) for i in range(n + 1)])
        logp = log_fact[n] - log_fact[tables].sum(axis=1) + (tables * np.log(p)).sum(axis=1)
        weights = np.exp(logp)
        method = "exact"
    else:
        rng = np.random.default_rng(seed)
        tables = rng.multinomial(n, p, size=n_boot)
        weights = np.full(n_boot, 1.0 / n_boot)
        method = "monte_carlo"
    cats = sorted({c for pair in cells for c in pair})
    in_a = np.asarray([[pair[0] == c for c in cats] for pair in cells], dtype="float64")
    in_b = np.asarray([[pair[1] == c for c in cats] for pair in cells], dtype="float64")
    same = np.asarray([pair[0] == pair[1] for pair in cells], dtype="float64")
    m = tables.astype("float64")
    po = m @ same / n
    pe = ((m @ in_a / n) * (m @ in_b / n)).sum(axis=1)
    defined = pe < 1.0 - 1e-12
    total = float(weights.sum())
    undefined = float(weights[~defined].sum()) / total
    values = np.round((po[defined] - pe[defined]) / (1.0 - pe[defined]), 12) + 0.0  # no -0.0
    w = weights[defined]
    return values, w / w.sum() if len(w) else w, method, undefined


def kappa_bootstrap_distribution(
    a: Sequence[object],
    b: Sequence[object],
    *,
    max_tables: int = MAX_EXACT_TABLES,
    n_boot: int = 20_000,
    seed: int = 0,
) -> pd.DataFrame:
    """The bootstrap distribution of kappa: distinct values and their probabilities."""
    values, weights, _method, _undefined = _kappa_resamples(
        a, b, max_tables=max_tables, n_boot=n_boot, seed=seed
    )
    dist = pd.Series(weights).groupby(values).sum()
    return pd.DataFrame({"kappa": dist.index.to_numpy(), "probability": dist.to_numpy()})


def kappa_interval(
    a: Sequence[object],
    b: Sequence[object],
    *,
    level: float = 0.95,
    max_tables: int = MAX_EXACT_TABLES,
    n_boot: int = 20_000,
    seed: int = 0,
) -> KappaInterval:
    """Cohen's kappa and its percentile bootstrap interval, resampling the units.

    The bounds are the smallest kappas whose cumulative bootstrap probability reaches
    (1 − level) / 2 and (1 + level) / 2. With 12 consortia the interval is wide; that
    is the point of showing it.
    """
    n = len(a)
    point = _kappa(a, b)
    if n == 0:
        return KappaInterval(point, math.nan, math.nan, level, "exact", 0, math.nan)
    values, weights, method, undefined = _kappa_resamples(
        a, b, max_tables=max_tables, n_boot=n_boot, seed=seed
    )
    if not len(values):
        return KappaInterval(point, math.nan, math.nan, level, method, n, undefined)
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])

    def quantile(q: float) -> float:
        return float(values[order][int(np.argmax(cum >= q - 1e-12))])

    alpha = 1.0 - level
    return KappaInterval(
        point, quantile(alpha / 2), quantile(1 - alpha / 2), level, method, n, undefined
    )


@dataclass(frozen=True)
class Comparison:
    """Rule versus the evaluation's typology: confusion table, reasons, agreement."""

    confusion: pd.DataFrame
    disagreements: pd.DataFrame
    accuracy: float
    kappa: float
    n: int
    kappa_interval: KappaInterval


def compare_with_evaluation(
    classified: pd.DataFrame, consortia: pd.DataFrame, *, level: float = 0.95
) -> Comparison:
    """Confusion table (rows: evaluation, columns: rule) and the reason for every disagreement.

    A reason names the indicators that drove the rule's label, both scores, and the
    strongest indicator of the evaluation's model (`evaluation_drivers` ranks them by
    standardised log-intensity; needs the `z_*` columns of `classify_consortia`). Consortia without a rule label
    (no member data) are listed as disagreements with that reason, not dropped silently.
    Kappa carries a bootstrap interval over the consortia (`kappa_interval`).
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
    interval = kappa_interval(
        both["evaluation_model"].tolist(), both["label"].tolist(), level=level
    )
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
                f"{indicator_label(ev_inds[0])} ({_signed(ev_z[ev_inds[0]])})"
                if ev_inds
                else f"; geen indicatoren voor het {model_label(ev)} gerapporteerd"
            )
            reason = (
                f"{model_label(lab)} door {names}: score {fmt.number(rec[f'score_{lab}'], 2)} "
                f"tegen {fmt.number(rec[f'score_{ev}'], 2)} voor het {model_label(ev)}{strongest}"
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
    return Comparison(
        confusion, pd.DataFrame(rows, columns=cols), accuracy, interval.kappa, n, interval
    )


def _signed(value: float) -> str:
    """A Dutch number with two decimals and an explicit sign ('+0,05', '-0,09')."""
    return ("+" if value > 0 else "") + fmt.number(value, 2)


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


# --------------------------------------------------------------------------- sensitivity


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
) -> pd.DataFrame:
    """How the classification moves with the reference point (one row per method).

    For each method: institutions (pooled over `years`) and consortia (over
    `consortium_years`) labelled, how many of each change label against `baseline`,
    how many institutions each model gets (`n_push`, `n_exchange`, `n_serve`: which
    model is most common may depend on the reference point), and the agreement with
    the evaluation (count, share, kappa with its bootstrap interval). Pure: no files,
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
            inst.set_index("institution_id")["label"],
            cons.set_index("consortium_id")["label"],
            compare_with_evaluation(cons, consortia),
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
            }
        )
    return pd.DataFrame(rows)


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
