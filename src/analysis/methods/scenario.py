"""Catch-up scenario: the KTO-Nederland plan's "toekomstvisie", made hand-computable.

Question: where the Netherlands lags the European top on an intensity, how much
extra output would closing that gap by 2029 mean, along the build-up of the scheme?
Where the Netherlands is already at or above the top, there is no path to build, and
the scenario says so instead of drawing a "target path" equal to today's level.

Arithmetic, per comparison (indicator × denominator, chapter 3), per variant v and per
year t from the base year (the last year with data) to the target year T:

    step_v        = max(target_v / baseline − 1, 0)            relative gap to the top
    share(t)      = ramp share of the remaining build-up, 0 in the base year, 1 in T
                    (shifted by `lag` years: share(t − lag))
    count(t)      = base count · (1 + share(t) · step_v)
    extra(t)      = count(t) − base count
    cumulative(t) = Σ extra over the years after the base year

`baseline` is the Dutch intensity of chapter 3 (pooled over three years, in base-year
prices), `base count` the national total of the indicator in the base year; the
denominator (research spending, disclosures) is held at its base-year level. The
targets come from the spread of the top: low = the lowest end of any peer's range,
central = the median of the peers' central values, high = the highest end (each peer
counted once; a single exact figure gives three equal targets, and the report says so).

Jobs only follow from extra spin-offs, and only with a figure whose horizon matches:
the jobs of companies in their first years (`horizon = early` in
`scheme/spinoff_jobs.csv`) for the jobs by 2029, with a stated sensitivity range;
stocks after decades (KU Leuven, Dealroom) are kept apart as a long-run range, per
surviving company, never as jobs per new spin-off.

No return is computed. The plan's EUR 4.20 per euro is a second-hand figure for
public R&D in general (Rabobank 2019, quoted in the plan), not the return of this
scheme; it is carried only as a quotation (`PLAN_RETURN_PER_EURO`) and never
multiplied by the budget. A variant without extra output therefore shows no gain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from analysis.errors import InputError
from analysis.methods.peer_gaps import TOP_GROUPS, check_value_types, value_bounds

VARIANTS: tuple[str, ...] = ("low", "central", "high")
TARGET_YEAR: int = 2029

#: Quoted in the plan (footnote 6: Rabobank, 7 October 2019) for public R&D in general.
#: Shown as a quotation with its source status; never multiplied by the scheme budget.
PLAN_RETURN_PER_EURO: float = 4.20
PLAN_RETURN_SOURCE: str = "rabobank_2019"

#: Sensitivity range of jobs per new spin-off in its first years around the one cited
#: early figure (a stated assumption, `assumption_spinoff_jobs_range`).
EARLY_JOBS_RANGE: tuple[float, float] = (0.5, 2.0)
EARLY_JOBS_RANGE_SOURCE: str = "assumption_spinoff_jobs_range"
LAG_SOURCE: str = "assumption_catch_up_lag"

#: Ramp shapes for the sensitivity: how the remaining gap closes between base and target.
RAMP_SHAPES: tuple[str, ...] = ("budget", "linear", "front", "back")

PARAMETER_COLUMNS: list[str] = [
    "parameter",
    "indicator",
    "denominator",
    "variant",
    "value",
    "unit",
    "source_id",
    "note",
]

FloatArray = npt.NDArray[np.float64]


# --------------------------------------------------------------------------- targets

#: Where the Netherlands stands on a comparison, for the scenario.
STATUSES: tuple[str, ...] = ("lagging", "not_demonstrable", "at_or_above")


def _status(nl: float, central: float, verdicts: Iterable[object]) -> str:
    if not (np.isfinite(nl) and nl < central):
        return "at_or_above"
    return "lagging" if "behind" in {str(v) for v in verdicts} else "not_demonstrable"


def catch_up_targets(
    comparisons: pd.DataFrame,
    *,
    peer_groups: Sequence[str] = TOP_GROUPS,
    level: str = "total",
    group: str = "total",
) -> pd.DataFrame:
    """Per comparison (indicator × denominator): the Dutch baseline and the three targets.

    `comparisons` is `benchmark.BenchmarkResult.comparisons` (one row per peer, each
    with its range). Over the chosen peers: `target_low` is the lowest end of any
    range, `target_central` the median of the peers' central values, `target_high`
    the highest finite end. `status` is "lagging" when the Dutch value is below the
    central target and chapter 3 finds it demonstrably behind at least one peer (the
    Dutch interval below that peer's whole range); "not_demonstrable" when it is below
    the central target but the intervals overlap; else "at_or_above". Only "lagging"
    comparisons enter the scenario: a lag that the data cannot tell from none is no
    basis for a target path.
    """
    comp = comparisons[
        (comparisons["level"] == level)
        & (comparisons["group"] == group)
        & comparisons["peer_group"].isin(list(peer_groups))
    ]
    rows: list[dict[str, object]] = []
    for (ind, den), g in comp.groupby(["indicator", "denominator"], sort=True):
        highs = g["peer_high"].to_numpy(dtype="float64")
        finite_highs = highs[np.isfinite(highs)]
        central = float(np.median(g["peer_value"].to_numpy(dtype="float64")))
        nl = float(g["nl_value"].iloc[0])
        rows.append(
            {
                "indicator": str(ind),
                "denominator": str(den),
                "peer_groups": ";".join(sorted(str(p) for p in g["peer_group"])),
                "n_peers": len(g),
                "n_figures": int(g["n_figures"].sum()),
                "baseline": nl,
                "nl_low": float(g["nl_low"].iloc[0]),
                "nl_high": float(g["nl_high"].iloc[0]),
                "target_low": float(g["peer_low"].min()),
                "target_central": central,
                "target_high": float(finite_highs.max()) if finite_highs.size else central,
                "status": _status(nl, central, g["verdict"]),
                "verdicts": ";".join(str(v) for v in g["verdict"]),
                "source_id": ";".join(
                    sorted({s for cell in g["source_id"] for s in str(cell).split(";") if s})
                ),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "indicator",
            "denominator",
            "peer_groups",
            "n_peers",
            "n_figures",
            "baseline",
            "nl_low",
            "nl_high",
            "target_low",
            "target_central",
            "target_high",
            "status",
            "verdicts",
            "source_id",
        ],
    )


# --------------------------------------------------------------------------- jobs


JOBS_FILE = "scheme/spinoff_jobs.csv"
HORIZONS: tuple[str, ...] = ("early", "long_run")


def check_jobs_table(jobs: pd.DataFrame) -> None:
    """Raise `InputError` (file, row, column) for an unknown value type or horizon.

    A figure with a misspelt horizon would otherwise drop out of the scenario unseen.
    """
    check_value_types(jobs, JOBS_FILE, "jobs_value_type")
    check_value_types(jobs, JOBS_FILE, "companies_value_type")
    for position, horizon in enumerate(jobs["horizon"]):
        if str(horizon) not in HORIZONS:
            raise InputError(
                JOBS_FILE,
                position + 2,
                "horizon",
                "allowed_values",
                f"{horizon!r} is geen van {', '.join(HORIZONS)}",
            )


def _ratio_points(jobs: pd.DataFrame) -> pd.DataFrame:
    """Jobs per company of each cited figure, with the bounds its value types allow."""
    check_jobs_table(jobs)
    rows = []
    for rec in jobs.to_dict("records"):
        j_lo, j_hi = value_bounds(float(rec["jobs"]), rec["jobs_value_type"])
        c_lo, c_hi = value_bounds(float(rec["companies"]), rec["companies_value_type"])
        rows.append(
            {
                "figure_id": rec["figure_id"],
                "horizon": rec["horizon"],
                "per_company": float(rec["jobs"]) / float(rec["companies"]),
                "per_company_low": j_lo / c_hi if np.isfinite(c_hi) else 0.0,
                "per_company_high": j_hi / c_lo,
                "source_id": rec["source_id"],
                "scope_nl": rec.get("scope_nl", ""),
                "years_since_founding": rec.get("years_since_founding", ""),
            }
        )
    return pd.DataFrame(rows)


def _age_nl(years_since_founding: str) -> str:
    """'0–3' → '0–3 jaar na oprichting'; a text without digits → 'leeftijd niet vermeld'."""
    if any(ch.isdigit() for ch in years_since_founding):
        return f"{years_since_founding} jaar na oprichting"
    return "leeftijd van de bedrijven niet vermeld"


def jobs_parameters(jobs: pd.DataFrame) -> pd.DataFrame:
    """Jobs-per-spin-off parameters with horizon and sources, from `scheme/spinoff_jobs.csv`.

    Early horizon (jobs by the target year, companies at most a few years old): the
    central value is the median of the `early` figures; low and high are that value
    times `EARLY_JOBS_RANGE`, a stated assumption, widened to any other early figure.
    Long run: the lowest and highest `long_run` figure, labelled as a stock of jobs per
    surviving company after decades, never added to the 2029 jobs.
    """
    points = _ratio_points(jobs)
    rows: list[dict[str, object]] = []
    early = points[points["horizon"] == "early"]
    if not early.empty:
        central = float(np.median(early["per_company"]))
        low = min(central * EARLY_JOBS_RANGE[0], float(early["per_company"].min()))
        high = max(central * EARLY_JOBS_RANGE[1], float(early["per_company"].max()))
        src = ";".join(sorted(set(early["source_id"])))
        ages = ", ".join(sorted(set(early["years_since_founding"].astype(str))))
        scopes = "; ".join(early["scope_nl"].astype(str))
        for variant, value in zip(VARIANTS, (low, central, high), strict=True):
            rows.append(
                {
                    "parameter": "jobs_per_spinoff_early",
                    "indicator": "spinoffs",
                    "denominator": "",
                    "variant": variant,
                    "value": value,
                    "unit": "banen per nieuwe spin-off",
                    "source_id": src
                    if variant == "central"
                    else f"{src};{EARLY_JOBS_RANGE_SOURCE}",
                    "note": (
                        f"{scopes}; {_age_nl(ages)}"
                        if variant == "central"
                        else "aanname: de helft tot het dubbele van het centrale cijfer"
                    ),
                }
            )
    long_run = points[points["horizon"] == "long_run"]
    if not long_run.empty:
        ordered = long_run.sort_values("per_company").reset_index(drop=True)
        for variant, rec in (("low", ordered.iloc[0]), ("high", ordered.iloc[-1])):
            rows.append(
                {
                    "parameter": "jobs_per_spinoff_long_run",
                    "indicator": "spinoffs",
                    "denominator": "",
                    "variant": variant,
                    "value": float(rec["per_company"]),
                    "unit": "banen per bestaande spin-off",
                    "source_id": str(rec["source_id"]),
                    "note": (
                        f"{rec['scope_nl']}; voorraad {_age_nl(str(rec['years_since_founding']))}, "
                        "alleen bedrijven die nog bestaan; bovengrens per bedrijf (het aantal "
                        "bedrijven is een ondergrens)"
                    ),
                }
            )
    return pd.DataFrame(rows, columns=PARAMETER_COLUMNS)


# --------------------------------------------------------------------------- parameters


def base_counts(wide: pd.DataFrame, base_year: int, indicators: Iterable[str]) -> dict[str, float]:
    """National total of each indicator in the base year (reporting institutions only)."""
    base = wide[wide["year"] == base_year]
    return {
        ind: float(base[ind].sum(min_count=1)) if ind in base.columns else np.nan
        for ind in indicators
    }


def build_parameters(
    targets: pd.DataFrame,
    counts: Mapping[str, float],
    jobs: pd.DataFrame,
    *,
    base_year: int,
    target_year: int = TARGET_YEAR,
    data_source: str = "kt_metrics",
    lag: int = 0,
) -> pd.DataFrame:
    """The scenario's parameters table: everything `run_scenario` uses, with its source.

    Only comparisons where the Netherlands lags (`status == "lagging"`) get a
    baseline and targets; the others are not part of the scenario. The base count
    (national total in the base year) is listed for every indicator of `targets`, so
    another peer choice (`with_targets`) can make a comparison lag without new data.
    `jobs` is `jobs_parameters(...)`; the plan's EUR 4.20 is listed as a quotation
    that the scenario does not use.
    """
    rows: list[dict[str, object]] = [
        {
            "parameter": "base_year",
            "indicator": "",
            "denominator": "",
            "variant": "all",
            "value": float(base_year),
            "unit": "jaar",
            "source_id": data_source,
            "note": "laatste jaar met gegevens; het pad begint hier",
        },
        {
            "parameter": "target_year",
            "indicator": "",
            "denominator": "",
            "variant": "all",
            "value": float(target_year),
            "unit": "jaar",
            "source_id": "kto_nl_plan_2021",
            "note": "laatste jaar van de regeling",
        },
        {
            "parameter": "lag_years",
            "indicator": "",
            "denominator": "",
            "variant": "all",
            "value": float(lag),
            "unit": "jaar",
            "source_id": LAG_SOURCE,
            "note": "vertraging tussen opbouw en extra uitkomsten (gevoeligheid: 1 en 2 jaar)",
        },
    ]
    for ind in dict.fromkeys(str(i) for i in targets["indicator"]):
        rows.append(
            {
                "parameter": "base_count",
                "indicator": ind,
                "denominator": "",
                "variant": "all",
                "value": float(counts.get(ind, np.nan)),
                "unit": "EUR" if ind.endswith("_eur") else "aantal",
                "source_id": data_source,
                "note": f"landelijk totaal {base_year}; de noemer blijft op het niveau van {base_year}",
            }
        )
    for rec in targets[targets["status"] == "lagging"].to_dict("records"):
        ind, den = str(rec["indicator"]), str(rec["denominator"])
        rows.append(
            {
                "parameter": "baseline",
                "indicator": ind,
                "denominator": den,
                "variant": "all",
                "value": float(rec["baseline"]),
                "unit": "intensiteit",
                "source_id": data_source,
                "note": "Nederland, gepoold over drie jaar (hoofdstuk 3)",
            }
        )
        single = int(rec["n_figures"]) == 1 and rec["target_low"] == rec["target_high"]
        for variant in VARIANTS:
            rows.append(
                {
                    "parameter": "target",
                    "indicator": ind,
                    "denominator": den,
                    "variant": variant,
                    "value": float(rec[f"target_{variant}"]),
                    "unit": "intensiteit",
                    "source_id": str(rec["source_id"]),
                    "note": (
                        "één vast cijfer van de top: laag, centraal en hoog vallen samen"
                        if single
                        else {
                            "low": "laagste grens van de bandbreedte van de top",
                            "central": "mediaan van de centrale waarden (elke instelling één keer)",
                            "high": "hoogste grens van de bandbreedte van de top",
                        }[variant]
                    ),
                }
            )
    rows += [{str(k): v for k, v in rec.items()} for rec in jobs.to_dict("records")]
    rows.append(
        {
            "parameter": "plan_return_per_euro",
            "indicator": "",
            "denominator": "",
            "variant": "all",
            "value": PLAN_RETURN_PER_EURO,
            "unit": "EUR per EUR",
            "source_id": PLAN_RETURN_SOURCE,
            "note": (
                "citaat uit het plan over publieke R&D in het algemeen (secundaire bron); geen "
                "opbrengst van deze regeling en niet gebruikt in de berekening"
            ),
        }
    )
    return pd.DataFrame(rows, columns=PARAMETER_COLUMNS)


# --------------------------------------------------------------------------- ramp


def ramp_shares(
    budget: pd.DataFrame,
    base_year: int,
    target_year: int = TARGET_YEAR,
    *,
    shape: str = "budget",
    lag: int = 0,
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


# --------------------------------------------------------------------------- run


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
    shape: str = "budget",
    lag: int | None = None,
) -> pd.DataFrame:
    """Year-by-year extra output per lagging comparison and variant (no return, ever).

    `extra_jobs` (spin-offs only) is the cumulative extra spin-offs times the early-
    horizon jobs per new spin-off of the same variant: jobs in companies at most a few
    years old by the target year. `lag` overrides the `lag_years` parameter.
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


# --------------------------------------------------------------------------- sensitivity


def _central(result: pd.DataFrame, indicator: str, denominator: str) -> pd.DataFrame:
    return result[
        (result["indicator"] == indicator)
        & (result["denominator"] == denominator)
        & (result["variant"] == "central")
    ].sort_values("year")


def ramp_sensitivity(
    params: pd.DataFrame, budget: pd.DataFrame, *, shapes: Sequence[str] = RAMP_SHAPES
) -> pd.DataFrame:
    """Extra output (central variant) per ramp shape: in the target year and summed.

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
    params: pd.DataFrame, budget: pd.DataFrame, *, lags: Sequence[int] = (0, 1, 2)
) -> pd.DataFrame:
    """Extra output and jobs (central variant) if output follows the build-up `lag` years later."""
    rows: list[dict[str, object]] = []
    for lag in lags:
        res = run_scenario(params, budget, lag=lag)
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
    jobs_per_spinoff: Sequence[float] | None = None,
    lags: Sequence[int] = (0, 1, 2),
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
        res = run_scenario(params, budget, lag=lag)
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
    alternative_targets: Mapping[str, Sequence[pd.DataFrame]] | None = None,
    shapes: Sequence[str] = RAMP_SHAPES,
    lags: Sequence[int] = (0, 1, 2),
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
    the same for every row: the figure with every assumption at its default.
    """

    if measure not in ("extra_cumulative", "extra"):
        raise ValueError(f"unknown measure {measure!r}; expected 'extra_cumulative' or 'extra'")

    def total(
        p: pd.DataFrame, *, variant: str = "central", shape: str = "budget", lag: int | None = None
    ) -> float:
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
    params: pd.DataFrame, budget: pd.DataFrame, alternatives: Mapping[str, pd.DataFrame]
) -> pd.DataFrame:
    """The scenario under other targets: one row per alternative and comparison.

    `alternatives` maps a label (a peer choice, a price basis) to a `catch_up_targets`
    table. Each row gives the comparison's status under that alternative and the
    central variant's extra output in the target year and summed (0 when the
    comparison does not lag there: no path, no extra output).
    """
    rows: list[dict[str, object]] = []
    for label, targets in alternatives.items():
        res = run_scenario(with_targets(params, targets), budget)
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
