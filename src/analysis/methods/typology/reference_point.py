"""Typology, the reference point: standardised intensities against a reference derived from a cross-section (trimmed means)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from analysis.methods.peer_gaps.definitions import DENOMINATORS

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
