"""Peer gaps, the Dutch side and the gaps: Dutch intensities with bootstrap intervals, the gap and comparison tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.methods.montecarlo import MIN_DRAWS, quantile_se_columns
from analysis.methods.peer_gaps.definitions import (
    ASTP_PEERS,
    DENOMINATORS,
    OUTPUT_INDICATORS,
    TOP_PEERS,
    FloatArray,
    _pairwise_sums,
    gap,
)
from analysis.methods.peer_gaps.money import deflate_wide
from analysis.methods.peer_gaps.peers import (
    RANGE_COLUMNS,
    compare_ranges,
    convert_peers,
    peer_intensities,
    peer_ranges,
)

#: Bootstrap draws of every Dutch interval: enough that a bound's Monte Carlo error
#: (`nl_low_se`, `nl_high_se`) decides how many digits the report prints of it.
N_BOOT: int = MIN_DRAWS


def bootstrap_ratio(
    nums: FloatArray, dens: FloatArray, *, n_boot: int = N_BOOT, seed: int = 0
) -> FloatArray:
    """Bootstrap draws (n_boot × indicators) of a ratio of sums, resampling rows (units).

    Vectorised: one index matrix for all draws and indicators. A draw whose denominator
    sums to zero (no unit reported) gives NaN.
    """
    rng = np.random.default_rng(seed)
    n = nums.shape[0]
    idx = rng.integers(0, n, size=(n_boot, n))
    num_b = nums[idx].sum(axis=1)
    den_b = dens[idx].sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den_b > 0, num_b / np.where(den_b > 0, den_b, 1.0), np.nan)


def _unit_sums(
    g: pd.DataFrame, level: str, cols: Sequence[str], den_code: str
) -> tuple[FloatArray, FloatArray]:
    """Pairwise sums per bootstrap unit: institutions for groups, years for one institution.

    Pairing happens per row (institution-year) before summing, so a year in which an
    institution reported the denominator but not the output adds to neither.
    """
    nums, dens = _pairwise_sums(g, cols, den_code)
    if level == "institution":
        return nums, dens
    codes, _ = pd.factorize(g["institution_id"], sort=True)
    n_units = int(codes.max()) + 1 if codes.size else 0
    num_u = np.zeros((n_units, len(cols)))
    den_u = np.zeros((n_units, len(cols)))
    np.add.at(num_u, codes, nums)
    np.add.at(den_u, codes, dens)
    return num_u, den_u


def dutch_intensities(
    wide: pd.DataFrame,
    institutions: pd.DataFrame,
    *,
    years: Iterable[int],
    levels: Sequence[str] = ("total", "type", "institution"),
    n_boot: int = N_BOOT,
    seed: int = 0,
    ci: float = 0.95,
) -> tuple[pd.DataFrame, dict[tuple[str, str, str], FloatArray]]:
    """Pooled Dutch intensities per level/group with bootstrap draws for the intervals.

    Levels: 'total' (all institutions), 'type' (institution type), 'institution'.
    Groups are resampled over institutions; a single institution over its years.
    `nl_low_se` / `nl_high_se` are the bounds' Monte Carlo errors
    (`montecarlo.quantile_se`): what a table may print of them.
    Returns (table, draws) where draws maps (level, group, denominator) to an
    n_boot × indicators array in the column order of OUTPUT_INDICATORS present.
    """
    years = list(years)
    frame = wide[wide["year"].isin(years)].merge(
        institutions[["institution_id", "type"]], on="institution_id", how="left"
    )
    cols = [c for c in OUTPUT_INDICATORS if c in frame.columns]
    groups: list[tuple[str, str, pd.DataFrame]] = []
    if "total" in levels:
        groups.append(("total", "total", frame))
    if "type" in levels:
        groups += [("type", str(t), g) for t, g in frame.groupby("type", sort=True)]
    if "institution" in levels:
        groups += [
            ("institution", str(i), g) for i, g in frame.groupby("institution_id", sort=True)
        ]
    rows: list[dict[str, object]] = []
    draws: dict[tuple[str, str, str], FloatArray] = {}
    lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2
    for level, group, g in groups:
        for dname, (code, scale) in DENOMINATORS.items():
            nums, dens = _unit_sums(g, level, cols, code)
            with np.errstate(invalid="ignore", divide="ignore"):
                point = np.where(dens.sum(0) > 0, nums.sum(0) / dens.sum(0), np.nan) * scale
            boot = (
                bootstrap_ratio(nums, dens, n_boot=n_boot, seed=seed) * scale
                if nums.shape[0] > 1
                else np.full((n_boot, len(cols)), np.nan)
            )
            draws[(level, group, dname)] = boot
            n_rep = (dens > 0).sum(0)
            with np.errstate(all="ignore"):
                lo = (
                    np.nanquantile(boot, lo_q, axis=0)
                    if np.isfinite(boot).any()
                    else np.full(len(cols), np.nan)
                )
                hi = (
                    np.nanquantile(boot, hi_q, axis=0)
                    if np.isfinite(boot).any()
                    else np.full(len(cols), np.nan)
                )
            lo_se = quantile_se_columns(boot, lo_q)
            hi_se = quantile_se_columns(boot, hi_q)
            for j, ind in enumerate(cols):
                if ind == code:
                    continue
                rows.append(
                    {
                        "level": level,
                        "group": group,
                        "indicator": ind,
                        "denominator": dname,
                        "nl_value": point[j],
                        "nl_low": lo[j],
                        "nl_high": hi[j],
                        "nl_low_se": lo_se[j],
                        "nl_high_se": hi_se[j],
                        "n_institutions": int(n_rep[j]) if level != "institution" else 1,
                    }
                )
    return pd.DataFrame(rows), draws


@dataclass(frozen=True)
class BenchmarkResult:
    """The comparisons with the top.

    `gaps`: one row per Dutch group × indicator × denominator × peer *figure*;
    `comparisons`: one row per Dutch group × indicator × denominator × *peer* (each
    peer once, its figures as a range) with the verdict; `missing`: what the peer data
    cannot support; `peer_figures`: every peer figure behind the ranges
    (`peer_intensities`, all years).
    """

    gaps: pd.DataFrame
    missing: pd.DataFrame
    comparisons: pd.DataFrame = field(default_factory=pd.DataFrame)
    peer_figures: pd.DataFrame = field(default_factory=pd.DataFrame)


GAP_COLUMNS: list[str] = [
    "level",
    "group",
    "indicator",
    "denominator",
    "n_institutions",
    "nl_value",
    "nl_low",
    "nl_high",
    "peer_id",
    "peer_group",
    "peer_name",
    "peer_year",
    "peer_value",
    "peer_low",
    "peer_high",
    "gap_diff",
    "gap_diff_low",
    "gap_diff_high",
    "gap_ratio",
    "gap_ratio_low",
    "gap_ratio_high",
    "source_id",
    "note",
]


COMPARISON_COLUMNS: list[str] = [
    "level",
    "group",
    "indicator",
    "denominator",
    "n_institutions",
    "nl_value",
    "nl_low",
    "nl_high",
    "nl_low_se",
    "nl_high_se",
    *RANGE_COLUMNS[:2],
    *RANGE_COLUMNS[4:],
    "ratio",
    "ratio_low",
    "ratio_high",
    "verdict",
]


def benchmark_gaps(
    wide: pd.DataFrame,
    institutions: pd.DataFrame,
    peers_std: pd.DataFrame,
    *,
    years: Iterable[int],
    peer_ids: Iterable[str] | None = None,
    levels: Sequence[str] = ("total", "type", "institution"),
    n_boot: int = N_BOOT,
    seed: int = 0,
    ci: float = 0.95,
    denominator_year_tolerance: int = 2,
    latest_only: bool = True,
) -> BenchmarkResult:
    """Dutch intensities against each peer figure and each peer range.

    `gaps` holds difference and ratio per peer figure (the latest year per peer and
    indicator when `latest_only`), with a bootstrap interval that reflects the Dutch
    side only. `comparisons` puts the Dutch interval beside each peer's range over all
    its figures (definitions, years, rounding) and gives the verdict. For comparisons
    in one price year, pass Dutch data through `deflate_wide` and peers through
    `convert_peers(..., price_index=..., base_year=...)`, or use `top_comparisons`.
    """
    years = list(years)
    nl, draws = dutch_intensities(
        wide, institutions, years=years, levels=levels, n_boot=n_boot, seed=seed, ci=ci
    )
    all_years, missing = peer_intensities(
        peers_std,
        peer_ids=peer_ids if peer_ids is not None else (*TOP_PEERS, *ASTP_PEERS),
        denominator_year_tolerance=denominator_year_tolerance,
        level=ci,
    )
    peer_tab = all_years
    if latest_only and not all_years.empty:
        peer_tab = (
            all_years.sort_values("peer_year")
            .groupby(["peer_id", "indicator", "denominator"], sort=True)
            .tail(1)
            .sort_values(["peer_id", "indicator", "denominator"])
            .reset_index(drop=True)
        )
    merged = nl.merge(peer_tab, on=["indicator", "denominator"], how="inner")
    diff, ratio = gap(merged["nl_value"].to_numpy(), merged["peer_value"].to_numpy())
    merged["gap_diff"] = diff
    merged["gap_ratio"] = ratio
    lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2
    bounds: dict[str, list[float]] = {
        k: [] for k in ("gap_diff_low", "gap_diff_high", "gap_ratio_low", "gap_ratio_high")
    }
    cols = [c for c in OUTPUT_INDICATORS if c in wide.columns]
    for rec in merged.to_dict("records"):
        boot = draws[(str(rec["level"]), str(rec["group"]), str(rec["denominator"]))][
            :, cols.index(str(rec["indicator"]))
        ]
        boot = boot[np.isfinite(boot)]
        if boot.size == 0:
            for v in bounds.values():
                v.append(np.nan)
            continue
        d, r = gap(boot, float(rec["peer_value"]))
        bounds["gap_diff_low"].append(float(np.quantile(d, lo_q)))
        bounds["gap_diff_high"].append(float(np.quantile(d, hi_q)))
        r = r[np.isfinite(r)]
        bounds["gap_ratio_low"].append(float(np.quantile(r, lo_q)) if r.size else np.nan)
        bounds["gap_ratio_high"].append(float(np.quantile(r, hi_q)) if r.size else np.nan)
    for k, v in bounds.items():
        merged[k] = np.asarray(v, dtype="float64")
    ranges = peer_ranges(all_years)
    comparisons = compare_ranges(nl, ranges)
    return BenchmarkResult(
        gaps=merged[GAP_COLUMNS].reset_index(drop=True),
        missing=missing,
        comparisons=comparisons[COMPARISON_COLUMNS].reset_index(drop=True),
        peer_figures=all_years,
    )


def top_comparisons(
    wide: pd.DataFrame,
    institutions: pd.DataFrame,
    peers: pd.DataFrame,
    fx: pd.DataFrame,
    *,
    years: Iterable[int],
    price_index: pd.DataFrame | None,
    base_year: int | None,
    peer_ids: Iterable[str] | None = None,
    levels: Sequence[str] = ("total",),
    n_boot: int = N_BOOT,
    seed: int = 0,
    ci: float = 0.95,
    denominator_year_tolerance: int = 2,
) -> BenchmarkResult:
    """The whole comparison from the raw tables, in one price year (or nominal).

    Dutch money of the pooled `years` is deflated to `base_year` prices; peer money is
    converted at its own year's ECB rate and deflated with the same Dutch HICP. With
    `price_index` or `base_year` None everything stays nominal: that is the
    comparison the monitor printed before, kept for the sensitivity table only.
    """
    years = list(years)
    dutch = wide[wide["year"].isin(years)]
    if price_index is not None and base_year is not None:
        dutch = deflate_wide(dutch, price_index, base_year)
    peers_std = convert_peers(peers, fx, price_index=price_index, base_year=base_year)
    return benchmark_gaps(
        dutch,
        institutions,
        peers_std,
        years=years,
        peer_ids=peer_ids,
        levels=levels,
        n_boot=n_boot,
        seed=seed,
        ci=ci,
        denominator_year_tolerance=denominator_year_tolerance,
    )
