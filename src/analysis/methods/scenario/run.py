"""Catch-up scenario, the arithmetic: the ramp shares and the yearly path.

`render/assets/scenario-model.js` performs the same floating-point operations in the
same order (`tests/test_scenario_explorer.py` compares them to the last bit): change
the order of one multiplication here and there together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.methods.scenario.parameters import RAMP_SHAPES, VARIANTS


def ramp_shares(
    budget: pd.DataFrame,
    base_year: int,
    target_year: int,
    *,
    shape: str,
    lag: int,
    line: str = "total",
) -> pd.Series:
    """Share of the remaining gap closed in each year from `base_year` to `target_year`.

    0 in the base year and 1 in the target year (without lag). Shapes: "budget" follows
    the scheme's cumulative budget after the base year (years without an amount add
    0; linear if no budget is left), "linear" in time, "front" (square root: fast
    start), "back" (square: slow start). `lag` shifts the path by that many years, so
    with a lag the target year reaches share(T − lag) < 1.
    """
    if shape not in RAMP_SHAPES:
        raise ValueError(f"unknown ramp shape {shape!r}; expected one of {', '.join(RAMP_SHAPES)}")
    if target_year <= base_year:
        return pd.Series([0.0], index=pd.Index([base_year], name="year"), dtype="float64")
    years = np.arange(base_year, target_year + 1)
    linear = (years - base_year) / (target_year - base_year)
    if shape == "budget":
        b = budget[budget["line"] == line].set_index("year")["amount_eur"].astype("float64")
        amounts = b.reindex(years).fillna(0.0).to_numpy(dtype="float64", copy=True)
        amounts[0] = 0.0  # money spent up to the base year is in the baseline already
        cum = np.cumsum(amounts)
        share = cum / cum[-1] if cum[-1] > 0 else linear
    elif shape == "linear":
        share = linear
    elif shape == "front":
        share = np.sqrt(linear)
    else:
        share = linear**2
    shifted = np.concatenate([np.zeros(min(lag, len(share))), share[: len(share) - lag]])
    return pd.Series(shifted.astype("float64"), index=pd.Index(years, name="year"))


def _lookup(params: pd.DataFrame) -> dict[tuple[str, str, str, str], float]:
    return {
        (str(p), str(i), str(d), str(v)): float(x)
        for p, i, d, v, x in zip(
            params["parameter"],
            params["indicator"],
            params["denominator"],
            params["variant"],
            params["value"],
            strict=True,
        )
    }


def _param(
    lookup: Mapping[tuple[str, str, str, str], float],
    name: str,
    variant: str,
    indicator: str = "",
    denominator: str = "",
) -> float:
    """A parameter for a variant, falling back to the variant-free ('all') row."""
    for key in ((name, indicator, denominator, variant), (name, indicator, denominator, "all")):
        if key in lookup:
            return lookup[key]
    raise KeyError(f"parameter {name!r} ({indicator} {denominator} {variant}) missing")


RESULT_COLUMNS: list[str] = [
    "indicator",
    "denominator",
    "variant",
    "year",
    "ramp_share",
    "baseline_intensity",
    "target_intensity",
    "scenario_intensity",
    "count_baseline",
    "count_scenario",
    "extra",
    "extra_cumulative",
    "extra_jobs",
]


def run_scenario(
    params: pd.DataFrame,
    budget: pd.DataFrame,
    *,
    shape: str,
    lag: int | None = None,
) -> pd.DataFrame:
    """Year-by-year extra output per lagging comparison and variant (no return, ever).

    `extra_jobs` (spin-offs only) is the cumulative extra spin-offs times the early-
    horizon jobs per new spin-off of the same variant: jobs in companies at most a few
    years old by the target year. `shape` is the ramp (`scenario_ramp_shape` in the
    assumptions table); `lag` overrides the `lag_years` parameter (which comes from
    the same table through `build_parameters`).
    """
    lookup = _lookup(params)
    base_year = int(_param(lookup, "base_year", "all"))
    target_year = int(_param(lookup, "target_year", "all"))
    lag_years = int(_param(lookup, "lag_years", "all")) if lag is None else int(lag)
    shares = ramp_shares(budget, base_year, target_year, shape=shape, lag=lag_years)
    share = shares.to_numpy()
    pairs = (
        params.loc[params["parameter"] == "target", ["indicator", "denominator"]]
        .drop_duplicates()
        .itertuples(index=False, name=None)
    )
    frames: list[pd.DataFrame] = []
    for ind, den in pairs:
        base = _param(lookup, "baseline", "all", ind, den)
        count = _param(lookup, "base_count", "all", ind)
        for variant in VARIANTS:
            target = _param(lookup, "target", variant, ind, den)
            step = max(target / base - 1.0, 0.0) if base > 0 and np.isfinite(target) else np.nan
            extra = count * share * step
            out = pd.DataFrame(
                {
                    "indicator": ind,
                    "denominator": den,
                    "variant": variant,
                    "year": shares.index.astype("int64"),
                    "ramp_share": share,
                    "baseline_intensity": base,
                    "target_intensity": target,
                    "scenario_intensity": base * (1 + share * step),
                    "count_baseline": count,
                    "count_scenario": count + extra,
                    "extra": extra,
                    "extra_cumulative": np.cumsum(extra),
                }
            )
            jobs_key = ("jobs_per_spinoff_early", "spinoffs", "", variant)
            out["extra_jobs"] = (
                out["extra_cumulative"] * lookup[jobs_key]
                if ind == "spinoffs" and jobs_key in lookup
                else np.nan
            )
            frames.append(out)
    if not frames:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    return pd.concat(frames, ignore_index=True)[RESULT_COLUMNS]


SUMMARY_COLUMNS: list[str] = [
    "indicator",
    "denominator",
    "variant",
    "target_intensity",
    "extra_target_year",
    "extra_cumulative",
    "extra_jobs",
    "jobs_long_run_low",
    "jobs_long_run_high",
]


def summary(result: pd.DataFrame, params: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per comparison and variant: extra output in the target year and summed, and jobs.

    The long-run jobs range (spin-offs only) applies the stock per surviving company
    after decades to the cumulative extra spin-offs: what those companies might employ
    decades later if their survival and growth matched the cited stocks.
    """
    if result.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    last = (
        result.sort_values("year")
        .groupby(["indicator", "denominator", "variant"], sort=False)
        .tail(1)
    )
    out = pd.DataFrame(
        {
            "indicator": last["indicator"],
            "denominator": last["denominator"],
            "variant": last["variant"],
            "target_intensity": last["target_intensity"],
            "extra_target_year": last["extra"],
            "extra_cumulative": last["extra_cumulative"],
            "extra_jobs": last["extra_jobs"],
        }
    )
    lookup = _lookup(params) if params is not None else {}
    for bound in ("low", "high"):
        per = lookup.get(("jobs_per_spinoff_long_run", "spinoffs", "", bound), np.nan)
        out[f"jobs_long_run_{bound}"] = np.where(
            out["indicator"] == "spinoffs", out["extra_cumulative"] * per, np.nan
        )
    order = {v: i for i, v in enumerate(VARIANTS)}
    out = out.assign(_o=out["variant"].map(order)).sort_values(["indicator", "denominator", "_o"])
    return out.drop(columns="_o").reset_index(drop=True)[SUMMARY_COLUMNS]


def headline(
    targets: pd.DataFrame, priority: Sequence[str] = ("spinoffs", "licence_agreements")
) -> tuple[str, str] | None:
    """The comparison the projection chart and the summary follow, or None if nothing lags.

    Spin-offs first (the plan's own aim), then licences, then any other lagging
    indicator; within an indicator the comparison with the most peer figures (the
    best-founded range), then per EUR 100 million before per disclosure.
    """
    lag = targets[targets["status"] == "lagging"]
    if lag.empty:
        return None
    rank = {ind: i for i, ind in enumerate(priority)}
    den_rank = {"per_100m_research": 0, "per_disclosure": 1, "per_kto_fte": 2}
    ordered = lag.assign(
        _i=lag["indicator"].map(rank).fillna(len(rank)),
        _f=-lag["n_figures"],
        _d=lag["denominator"].map(den_rank).fillna(3),
    ).sort_values(["_i", "_f", "_d", "indicator"])
    first = ordered.iloc[0]
    return str(first["indicator"]), str(first["denominator"])
