"""Peer gaps, sensitivities: how the comparison moves with the choice of peers and with the price basis."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.methods.peer_gaps.definitions import DENOMINATORS, MONEY_INDICATORS, TOP_GROUPS
from analysis.methods.peer_gaps.gaps import N_BOOT, top_comparisons
from analysis.methods.peer_gaps.peers import count_verdicts


def peer_choices(groups: Sequence[str] = TOP_GROUPS) -> list[tuple[str, tuple[str, ...]]]:
    """The peer sets of the sensitivity analysis: all, each peer alone, all but each peer."""
    choices: list[tuple[str, tuple[str, ...]]] = [("all", tuple(groups))]
    choices += [(f"only:{g}", (g,)) for g in groups]
    choices += [(f"without:{g}", tuple(h for h in groups if h != g)) for g in groups]
    return choices


def _geometric_mean(values: pd.Series) -> float:
    v = values.to_numpy(dtype="float64")
    v = v[np.isfinite(v) & (v > 0)]
    return float(np.exp(np.log(v).mean())) if v.size else np.nan


def peer_choice_sensitivity(
    comparisons: pd.DataFrame,
    *,
    groups: Sequence[str] = TOP_GROUPS,
    level: str = "total",
    group: str = "total",
) -> pd.DataFrame:
    """How the headline gap result moves with the choice of peers.

    One row per peer set of `peer_choices`: the number of comparisons, how many are
    behind / ahead / indistinguishable, and the geometric mean of the ratios NL / top
    (the typical ratio; 1 = level with the top). Pure: it re-counts `comparisons`,
    which already hold one row per peer.
    """
    comp = comparisons[(comparisons["level"] == level) & (comparisons["group"] == group)]
    rows: list[dict[str, object]] = []
    for choice, members in peer_choices(groups):
        sub = comp[comp["peer_group"].isin(members)]
        counts = count_verdicts(sub)
        rows.append(
            {
                "choice": choice,
                "peer_groups": ";".join(members),
                "n_comparisons": counts["total"],
                "n_behind": counts["behind"],
                "n_ahead": counts["ahead"],
                "n_indistinguishable": counts["indistinguishable"],
                "mean_ratio": _geometric_mean(sub["ratio"]),
            }
        )
    return pd.DataFrame(rows)


def price_basis_sensitivity(
    wide: pd.DataFrame,
    institutions: pd.DataFrame,
    peers: pd.DataFrame,
    fx: pd.DataFrame,
    price_index: pd.DataFrame,
    *,
    years: Iterable[int],
    base_years: Sequence[int | None],
    peer_groups: Sequence[str] = TOP_GROUPS,
    n_boot: int = N_BOOT,
    seed: int = 0,
    ci: float = 0.95,
) -> pd.DataFrame:
    """The Dutch total's comparisons at several price bases (None = nominal euros).

    One row per basis × comparison: Dutch and peer central values, the ratio and the
    verdict, plus `per_euro` (True where the comparison involves money, i.e. where the
    price basis can matter). With one deflator on both sides, every base year gives
    the same ratios; only the nominal basis differs.
    """
    years = list(years)
    frames: list[pd.DataFrame] = []
    for base in base_years:
        res = top_comparisons(
            wide,
            institutions,
            peers,
            fx,
            years=years,
            price_index=price_index if base is not None else None,
            base_year=base,
            levels=("total",),
            n_boot=n_boot,
            seed=seed,
            ci=ci,
        )
        comp = res.comparisons[res.comparisons["peer_group"].isin(list(peer_groups))]
        frames.append(
            comp.assign(
                basis="nominal" if base is None else f"prices:{base}",
                base_year=np.nan if base is None else float(base),
            )[
                [
                    "basis",
                    "base_year",
                    "indicator",
                    "denominator",
                    "peer_group",
                    "nl_value",
                    "peer_value",
                    "ratio",
                    "ratio_low",
                    "ratio_high",
                    "verdict",
                ]
            ]
        )
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if not out.empty:
        money = set(MONEY_INDICATORS)
        out["per_euro"] = [
            ind in money or DENOMINATORS[den][0] in money
            for ind, den in zip(out["indicator"], out["denominator"], strict=True)
        ]
    return out
