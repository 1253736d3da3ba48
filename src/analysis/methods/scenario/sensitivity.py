"""Catch-up scenario, sensitivities: ramp shape, lag, jobs per spin-off and targets, and the tornado frame."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.methods.scenario.parameters import PARAMETER_COLUMNS, VARIANTS
from analysis.methods.scenario.run import _lookup, run_scenario


def ramp_sensitivity(
    params: pd.DataFrame, budget: pd.DataFrame, *, shapes: Sequence[str]
) -> pd.DataFrame:
    """Extra output (central variant) per ramp shape: in the target year and summed.

    `shapes`: the scenario's own and its alternatives (`scenario_ramp_shape`).

    The target-year figure does not depend on the shape (every shape reaches the target
    in the target year); the sum over the years does.
    """
    rows: list[dict[str, object]] = []
    for shape in shapes:
        res = run_scenario(params, budget, shape=shape)
        for (ind, den), g in res[res["variant"] == "central"].groupby(["indicator", "denominator"]):
            g = g.sort_values("year")
            rows.append(
                {
                    "shape": shape,
                    "indicator": ind,
                    "denominator": den,
                    "extra_target_year": float(g["extra"].iloc[-1]),
                    "extra_cumulative": float(g["extra_cumulative"].iloc[-1]),
                }
            )
    return pd.DataFrame(
        rows, columns=["shape", "indicator", "denominator", "extra_target_year", "extra_cumulative"]
    )


def lag_sensitivity(
    params: pd.DataFrame, budget: pd.DataFrame, *, shape: str, lags: Sequence[int]
) -> pd.DataFrame:
    """Extra output and jobs (central variant) if output follows the build-up `lag` years later.

    `lags`: every whole year of the range of `scenario_lag_years`.
    """
    rows: list[dict[str, object]] = []
    for lag in lags:
        res = run_scenario(params, budget, shape=shape, lag=lag)
        for (ind, den), g in res[res["variant"] == "central"].groupby(["indicator", "denominator"]):
            g = g.sort_values("year")
            rows.append(
                {
                    "lag": int(lag),
                    "indicator": ind,
                    "denominator": den,
                    "extra_target_year": float(g["extra"].iloc[-1]),
                    "extra_cumulative": float(g["extra_cumulative"].iloc[-1]),
                    "extra_jobs": float(g["extra_jobs"].iloc[-1]),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "lag",
            "indicator",
            "denominator",
            "extra_target_year",
            "extra_cumulative",
            "extra_jobs",
        ],
    )


def jobs_sensitivity(
    params: pd.DataFrame,
    budget: pd.DataFrame,
    *,
    shape: str,
    lags: Sequence[int],
    jobs_per_spinoff: Sequence[float] | None = None,
) -> pd.DataFrame:
    """Extra jobs by the target year (central targets) for each jobs-per-spin-off value and lag.

    Defaults to the low / central / high early-horizon values of `params`. Empty when
    spin-offs are not part of the scenario (the Netherlands does not lag on them).
    """
    lookup = _lookup(params)
    values = (
        list(jobs_per_spinoff)
        if jobs_per_spinoff is not None
        else [
            lookup[("jobs_per_spinoff_early", "spinoffs", "", v)]
            for v in VARIANTS
            if ("jobs_per_spinoff_early", "spinoffs", "", v) in lookup
        ]
    )
    rows: list[dict[str, object]] = []
    for lag in lags:
        res = run_scenario(params, budget, shape=shape, lag=lag)
        spin = res[(res["indicator"] == "spinoffs") & (res["variant"] == "central")]
        for den, g in spin.groupby("denominator"):
            cumulative = float(g.sort_values("year")["extra_cumulative"].iloc[-1])
            for per in values:
                rows.append(
                    {
                        "lag": int(lag),
                        "denominator": den,
                        "jobs_per_spinoff": float(per),
                        "extra_spinoffs_cumulative": cumulative,
                        "extra_jobs": cumulative * float(per),
                    }
                )
    return pd.DataFrame(
        rows,
        columns=[
            "lag",
            "denominator",
            "jobs_per_spinoff",
            "extra_spinoffs_cumulative",
            "extra_jobs",
        ],
    )


def with_targets(params: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """`params` with the target rows replaced by those of another peer choice or price basis.

    Comparisons that no longer lag drop out; ones that now lag use the base count that
    `build_parameters` lists for every indicator.
    """
    keep = params[~params["parameter"].isin(["target", "baseline"])]
    rows = []
    for rec in targets[targets["status"] == "lagging"].to_dict("records"):
        rows.append(
            {
                "parameter": "baseline",
                "indicator": rec["indicator"],
                "denominator": rec["denominator"],
                "variant": "all",
                "value": float(rec["baseline"]),
                "unit": "intensiteit",
                "source_id": "",
                "note": "",
            }
        )
        for variant in VARIANTS:
            rows.append(
                {
                    "parameter": "target",
                    "indicator": rec["indicator"],
                    "denominator": rec["denominator"],
                    "variant": variant,
                    "value": float(rec[f"target_{variant}"]),
                    "unit": "intensiteit",
                    "source_id": rec["source_id"],
                    "note": "",
                }
            )
    return pd.concat([keep, pd.DataFrame(rows, columns=PARAMETER_COLUMNS)], ignore_index=True)


def tornado_frame(
    params: pd.DataFrame,
    budget: pd.DataFrame,
    indicator: str,
    denominator: str,
    *,
    shapes: Sequence[str],
    lags: Sequence[int],
    alternative_targets: Mapping[str, Sequence[pd.DataFrame]] | None = None,
    measure: str = "extra_cumulative",
) -> pd.DataFrame:
    """How the headline scenario figure moves with each assumption, for a tornado chart.

    The figure is the central variant's extra output in the target year for one
    comparison: summed over the years to it (`measure` "extra_cumulative", the
    default) or in that year alone ("extra"; every ramp shape then gives the same,
    since each path reaches the target in the target year). One row per assumption with the lowest and
    highest value over its alternatives (target spread: the low and high variants;
    ramp shape; lag; and any `alternative_targets`, e.g. peer choices or price
    bases, each a list of `catch_up_targets` tables; an alternative that lacks the
    comparison is skipped, and one where it no longer lags counts as 0). `central` is
    the same for every row: the figure with every assumption at its value in the
    assumptions table: the first of `shapes` is the scenario's own ramp, and the lag is
    the `lag_years` parameter.
    """

    if measure not in ("extra_cumulative", "extra"):
        raise ValueError(f"unknown measure {measure!r}; expected 'extra_cumulative' or 'extra'")

    def total(
        p: pd.DataFrame, *, variant: str = "central", shape: str = "", lag: int | None = None
    ) -> float:
        shape = shape or shapes[0]
        res = run_scenario(p, budget, shape=shape, lag=lag)
        g = res[
            (res["indicator"] == indicator)
            & (res["denominator"] == denominator)
            & (res["variant"] == variant)
        ]
        return float(g.sort_values("year")[measure].iloc[-1]) if not g.empty else 0.0

    central = total(params)
    rows: list[tuple[str, list[float]]] = [
        ("target", [total(params, variant=v) for v in VARIANTS]),
        ("ramp", [total(params, shape=s) for s in shapes]),
        ("lag", [total(params, lag=lag) for lag in lags]),
    ]
    for name, alternatives in (alternative_targets or {}).items():
        # An alternative without this comparison at all (e.g. a peer set without the only
        # peer that supports it) cannot say how the figure moves: it is left out, not 0.
        usable = [
            t
            for t in alternatives
            if ((t["indicator"] == indicator) & (t["denominator"] == denominator)).any()
        ]
        if usable:
            rows.append((name, [total(with_targets(params, t)) for t in usable]))
    return pd.DataFrame(
        [
            {"assumption": name, "low": min(values), "high": max(values), "central": central}
            for name, values in rows
        ],
        columns=["assumption", "low", "high", "central"],
    )


def target_sensitivity(
    params: pd.DataFrame,
    budget: pd.DataFrame,
    alternatives: Mapping[str, pd.DataFrame],
    *,
    shape: str,
) -> pd.DataFrame:
    """The scenario under other targets (with the ramp `shape`): one row per alternative and comparison.

    `alternatives` maps a label (a peer choice, a price basis) to a `catch_up_targets`
    table. Each row gives the comparison's status under that alternative and the
    central variant's extra output in the target year and summed (0 when the
    comparison does not lag there: no path, no extra output).
    """
    rows: list[dict[str, object]] = []
    for label, targets in alternatives.items():
        res = run_scenario(with_targets(params, targets), budget, shape=shape)
        central = res[res["variant"] == "central"]
        for rec in targets.to_dict("records"):
            ind, den = str(rec["indicator"]), str(rec["denominator"])
            g = central[(central["indicator"] == ind) & (central["denominator"] == den)]
            g = g.sort_values("year")
            rows.append(
                {
                    "alternative": label,
                    "indicator": ind,
                    "denominator": den,
                    "status": rec["status"],
                    "target_central": float(rec["target_central"]),
                    "extra_target_year": float(g["extra"].iloc[-1]) if not g.empty else 0.0,
                    "extra_cumulative": float(g["extra_cumulative"].iloc[-1])
                    if not g.empty
                    else 0.0,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "alternative",
            "indicator",
            "denominator",
            "status",
            "target_central",
            "extra_target_year",
            "extra_cumulative",
        ],
    )
