"""Catch-up scenario: the KTO-Nederland plan's "toekomstvisie", made hand-computable.

Question: if Dutch intensities (per EUR 100 million research expenditure) moved to
those of the European top peers by 2029, along the ramp of the proposed scheme, how
many extra spin-offs, jobs and licence income would that give, and what return on
public R&D does the plan's cited multiplier (EUR 4.20 per euro) imply for the
scheme's budget?

Arithmetic (per variant, per year t from the first budget year to the target year):

    ramp(t)            = cumulative budget up to t / cumulative budget up to 2029
    intensity(t)       = base + ramp(t) · max(target − base, 0)
    extra spin-offs(t) = (intensity(t) − base) · research expenditure / 1e8
    extra jobs(t)      = cumulative extra spin-offs(t) · jobs per spin-off
    extra licence(t)   = same as spin-offs with the licence-income intensity
    return(t)          = return per euro · scheme budget(t)

Research expenditure is held at the base year (no growth assumed). The cumulative
budget share reaches 1 exactly in the target year and follows the budget's shape
(slow in the ramp-up years). Every number used comes from `parameters`, a tidy table
(parameter, variant, value, unit, source_id, note) that the report prints as is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from analysis.benchmark import pooled_intensity

VARIANTS: tuple[str, ...] = ("low", "central", "high")
TARGET_YEAR: int = 2029

#: Return on public R&D: EUR 4.20 per euro, cited in the KTO-Nederland plan (which
#: refers to Rabobank, 7 October 2019). Only a central value is cited.
RETURN_PER_EURO: float = 4.20
RETURN_SOURCE: str = "kto_nl_plan_2021"

#: KU Leuven: about 7,000 jobs in more than 150 spin-offs (planetfuture_lrd_2022),
#: used when the peers table does not hold the two figures.
KULEUVEN_JOBS: float = 7000.0
KULEUVEN_SPINOFFS: float = 150.0
KULEUVEN_SOURCE: str = "planetfuture_lrd_2022"

#: Jobs-per-spin-off factor per variant. 7,000 / 150 is an upper bound (more than 150
#: spin-offs; the jobs are a stock of mature companies), hence the cited ratio for
#: central and high and half of it for low, an explicit assumption.
JOBS_FACTOR: Mapping[str, float] = {"low": 0.5, "central": 1.0, "high": 1.0}

SCENARIO_INDICATORS: tuple[str, ...] = ("spinoffs", "licence_income_eur")

_VARIANT_WORD: Mapping[str, str] = {"low": "laagste", "central": "gemiddelde", "high": "hoogste"}

PARAMETER_COLUMNS: list[str] = ["parameter", "variant", "value", "unit", "source_id", "note"]


def jobs_per_spinoff(
    peers: pd.DataFrame | None = None, peer_id: str = "kuleuven"
) -> tuple[float, str]:
    """Jobs per spin-off from a peer's cumulative jobs and spin-offs (same year), with sources.

    Falls back to the KU Leuven figures stated above when the peers table lacks them.
    """
    if peers is not None:
        p = peers[peers["peer_id"] == peer_id]
        jobs = p[p["indicator"] == "spinoff_jobs_cumulative"]
        spin = p[p["indicator"] == "spinoffs_cumulative"]
        common = sorted(set(jobs["year"]) & set(spin["year"]))
        if common:
            y = common[-1]
            j = jobs[jobs["year"] == y].iloc[0]
            s = spin[spin["year"] == y].iloc[0]
            src = ";".join(sorted({str(j["source_id"]), str(s["source_id"])}))
            return float(j["value"]) / float(s["value"]), src
    return KULEUVEN_JOBS / KULEUVEN_SPINOFFS, KULEUVEN_SOURCE


def targets_from_peers(
    peer_tab: pd.DataFrame, peer_ids: Iterable[str] | None = None
) -> pd.DataFrame:
    """Target intensities per variant: lowest / mean / highest of the top peers' values.

    `peer_tab` is `benchmark.peer_intensities(...)[0]`; only per-EUR-100-million rows
    are used. Indicators no peer supports are absent (the scenario then says so).
    """
    tab = peer_tab[peer_tab["denominator"] == "per_100m_research"]
    if peer_ids is not None:
        tab = tab[tab["peer_id"].isin(list(peer_ids))]
    rows: list[dict[str, object]] = []
    for ind, g in tab.groupby("indicator", sort=True):
        vals = g["peer_value"].astype("float64")
        src = ";".join(sorted(set(g["source_id"].astype(str))))
        peers_used = ", ".join(
            f"{p} {y}" for p, y in zip(g["peer_id"], g["peer_year"], strict=True)
        )
        for variant, value in zip(VARIANTS, (vals.min(), vals.mean(), vals.max()), strict=True):
            rows.append(
                {
                    "parameter": f"target_{ind}_per_100m",
                    "variant": variant,
                    "value": float(value),
                    "unit": "per 100 mln euro",
                    "source_id": src,
                    "note": f"{_VARIANT_WORD[variant]} van: {peers_used}",
                }
            )
    return pd.DataFrame(rows, columns=PARAMETER_COLUMNS)


def build_parameters(
    wide: pd.DataFrame,
    targets: pd.DataFrame,
    *,
    base_year: int,
    target_year: int = TARGET_YEAR,
    jobs: tuple[float, str] | None = None,
    return_per_euro: float = RETURN_PER_EURO,
    return_source: str = RETURN_SOURCE,
) -> pd.DataFrame:
    """The scenario's parameters table: everything `run_scenario` uses, with sources.

    Baseline intensities and research expenditure come from `wide` in `base_year`
    (pooled over reporting institutions); `targets` from `targets_from_peers`.
    """
    base = wide[wide["year"] == base_year]
    demo = bool(base["is_demonstration"].any()) if "is_demonstration" in base else False
    data_src = "demonstration" if demo else "kt_metrics"
    intens = pooled_intensity(base, "per_100m_research", SCENARIO_INDICATORS)
    jpp, jsrc = jobs if jobs is not None else jobs_per_spinoff()
    rows: list[dict[str, object]] = [
        {
            "parameter": "base_year",
            "variant": "all",
            "value": float(base_year),
            "unit": "jaar",
            "source_id": data_src,
            "note": "laatste jaar met gegevens",
        },
        {
            "parameter": "target_year",
            "variant": "all",
            "value": float(target_year),
            "unit": "jaar",
            "source_id": "kto_nl_plan_2021",
            "note": "einde van de regeling (7 jaar)",
        },
        {
            "parameter": "research_expenditure_eur",
            "variant": "all",
            "value": float(base["research_expenditure_eur"].sum(min_count=1)),
            "unit": "EUR",
            "source_id": data_src,
            "note": "onderzoeksuitgaven basisjaar, constant verondersteld",
        },
    ]
    for ind in SCENARIO_INDICATORS:
        rows.append(
            {
                "parameter": f"baseline_{ind}_per_100m",
                "variant": "all",
                "value": float(intens.get(ind, np.nan)),
                "unit": "per 100 mln euro",
                "source_id": data_src,
                "note": "gepoold over rapporterende instellingen",
            }
        )
    for variant in VARIANTS:
        for ind in SCENARIO_INDICATORS:
            name = f"target_{ind}_per_100m"
            hit = targets[(targets["parameter"] == name) & (targets["variant"] == variant)]
            if hit.empty:
                rows.append(
                    {
                        "parameter": name,
                        "variant": variant,
                        "value": np.nan,
                        "unit": "per 100 mln euro",
                        "source_id": "",
                        "note": "geen vergelijkingscijfer: niet berekend",
                    }
                )
            else:
                rows.append({str(k): v for k, v in hit.iloc[0].to_dict().items()})
        rows.append(
            {
                "parameter": "jobs_per_spinoff",
                "variant": variant,
                "value": jpp * JOBS_FACTOR[variant],
                "unit": "banen per spin-off",
                "source_id": jsrc if JOBS_FACTOR[variant] == 1.0 else f"{jsrc};assumption",
                "note": "ca. 7.000 banen in meer dan 150 spin-offs (bovengrens)"
                if JOBS_FACTOR[variant] == 1.0
                else "aanname: helft van het KU Leuven-cijfer",
            }
        )
        rows.append(
            {
                "parameter": "return_per_euro",
                "variant": variant,
                "value": return_per_euro,
                "unit": "EUR per EUR",
                "source_id": return_source,
                "note": "alleen een centrale waarde geciteerd",
            }
        )
    return pd.DataFrame(rows, columns=PARAMETER_COLUMNS)


def _param(
    params: pd.DataFrame | Mapping[tuple[str, str], float], name: str, variant: str
) -> float:
    """Value of a parameter for a variant, falling back to the variant-free ('all') row."""
    lookup = _lookup(params) if isinstance(params, pd.DataFrame) else params
    for key in ((name, variant), (name, "all")):
        if key in lookup:
            return lookup[key]
    raise KeyError(f"parameter {name!r} ({variant}) missing")


def _lookup(params: pd.DataFrame) -> dict[tuple[str, str], float]:
    return {
        (str(p), str(v)): float(x)
        for p, v, x in zip(params["parameter"], params["variant"], params["value"], strict=True)
    }


def ramp_shares(
    budget: pd.DataFrame, target_year: int = TARGET_YEAR, line: str = "total"
) -> pd.Series:
    """Cumulative budget share per year up to `target_year` (years without an amount add 0)."""
    b = budget[(budget["line"] == line) & (budget["year"] <= target_year)]
    amounts = b.set_index("year")["amount_eur"].astype("float64").sort_index()
    cum = amounts.fillna(0.0).cumsum()
    total = float(cum.iloc[-1]) if len(cum) else 0.0
    return cum / total if total > 0 else cum * np.nan


def run_scenario(
    params: pd.DataFrame, budget: pd.DataFrame, *, line: str = "total"
) -> pd.DataFrame:
    """Year-by-year extra spin-offs, jobs, licence income and return, per variant."""
    params_lookup = _lookup(params)
    target_year = int(_param(params_lookup, "target_year", "central"))
    shares = ramp_shares(budget, target_year, line)
    amounts = (
        budget[budget["line"] == line]
        .set_index("year")["amount_eur"]
        .astype("float64")
        .reindex(shares.index)
    )
    re_eur = _param(params_lookup, "research_expenditure_eur", "central")
    frames: list[pd.DataFrame] = []
    for variant in VARIANTS:
        out = pd.DataFrame(
            {
                "variant": variant,
                "year": shares.index.astype("int64"),
                "ramp_share": shares.to_numpy(),
                "scheme_budget_eur": amounts.to_numpy(),
            }
        )
        for ind, short in (("spinoffs", "spinoffs"), ("licence_income_eur", "licence_income_eur")):
            base = _param(params_lookup, f"baseline_{ind}_per_100m", variant)
            target = _param(params_lookup, f"target_{ind}_per_100m", variant)
            step = max(target - base, 0.0) if np.isfinite(target) else np.nan
            intensity = base + out["ramp_share"].to_numpy() * step
            extra = (intensity - base) * re_eur / 1e8
            if ind == "spinoffs":
                out["baseline_intensity"] = base
                out["target_intensity"] = target
                out["scenario_intensity"] = intensity
                out["spinoffs_baseline"] = base * re_eur / 1e8
                out["spinoffs_scenario"] = intensity * re_eur / 1e8
                out["extra_spinoffs"] = extra
                out["extra_spinoffs_cumulative"] = np.cumsum(extra)
                out["extra_jobs"] = out["extra_spinoffs_cumulative"] * _param(
                    params, "jobs_per_spinoff", variant
                )
            else:
                out[f"extra_{short}"] = extra
        out["return_eur"] = out["scheme_budget_eur"].fillna(0.0) * _param(
            params, "return_per_euro", variant
        )
        out["return_eur_cumulative"] = out["return_eur"].cumsum()
        frames.append(out)
    return pd.concat(frames, ignore_index=True)


def summary(result: pd.DataFrame) -> pd.DataFrame:
    """Totals in the target year per variant (the key figures of the chapter)."""
    last = result.sort_values("year").groupby("variant", sort=False).tail(1)
    cols = ["extra_spinoffs", "extra_licence_income_eur", "scheme_budget_eur", "return_eur"]
    # min_count=1: a total of unknowns stays unknown instead of becoming 0.
    agg = result.groupby("variant", sort=False)[cols].sum(min_count=1)
    agg["extra_jobs"] = last.set_index("variant")["extra_jobs"]
    return agg.reindex(list(VARIANTS)).reset_index()
