"""Catch-up scenario, the parameters: targets from the top's spread, jobs per new spin-off, and the table of every parameter with its source."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from analysis.data import assumptions as assumptions_table
from analysis.data.assumptions import Assumption, Assumptions
from analysis.data.indicators import catalogue
from analysis.errors import InputError
from analysis.methods.peer_gaps.definitions import TOP_GROUPS
from analysis.methods.peer_gaps.peers import check_value_types, value_bounds

VARIANTS: tuple[str, ...] = ("low", "central", "high")


#: Quoted in the plan (footnote 6: Rabobank, 7 October 2019) for public R&D in general.
#: Shown as a quotation with its source status; never multiplied by the scheme budget.
PLAN_RETURN_PER_EURO: float = 4.20


PLAN_RETURN_SOURCE: str = "rabobank_2019"


#: Ramp shapes the scenario can compute: how the remaining gap closes between base and
#: target. Which one the scenario uses and which the sensitivity tries are assumptions
#: (`scenario_ramp_shape` in `data/raw/assumptions.csv`).
RAMP_SHAPES: tuple[str, ...] = assumptions_table.RAMP_SHAPES


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


def _status(nl: float, central: float, verdicts: Iterable[object]) -> str:
    if not (np.isfinite(nl) and nl < central):
        return "at_or_above"
    return "lagging" if "behind" in {str(v) for v in verdicts} else "not_demonstrable"


#: Definitions of the top in the order a scenario prefers them when several support the
#: same lag (the institution the plan names before a wider domain).
DEFINITION_ORDER: tuple[str, ...] = ("ethz", "eth_domain", "oxford", "kuleuven")


TARGET_COLUMNS: list[str] = [
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
    "definition",
    "definition_name",
    "definitions",
]


def _definition_rows(
    figures: pd.DataFrame | None, indicator: str, denominator: str, groups: Iterable[str]
) -> pd.DataFrame:
    if figures is None or figures.empty:
        return pd.DataFrame()
    return figures[
        (figures["indicator"] == indicator)
        & (figures["denominator"] == denominator)
        & figures["peer_group"].isin(list(groups))
    ]


def catch_up_targets(
    comparisons: pd.DataFrame,
    *,
    figures: pd.DataFrame | None = None,
    peer_groups: Sequence[str] = TOP_GROUPS,
    level: str = "total",
    group: str = "total",
    definition: Mapping[tuple[str, str], str] | None = None,
) -> pd.DataFrame:
    """Per comparison (indicator × denominator): the Dutch baseline and the three targets.

    `comparisons` is `benchmark.BenchmarkResult.comparisons` (one row per peer, each
    with its range). `status` is "lagging" when the Dutch value is below the central
    target and chapter 3 finds it behind at least one peer (with `established` in
    `comparisons`, only a lag that also holds on the other price basis and in the top's
    own years, `peer_gaps.established_verdicts`); "not_demonstrable" when it is below
    the central target but that is not established; else "at_or_above". Only "lagging"
    comparisons enter the scenario: a lag that the data cannot tell from none is no
    basis for a target path.

    With `figures` (chapter 3's `peer_figures`, one row per published figure) every
    target is one named definition of the top, never a blend of two: the definition
    (`peer_id`: ETH Zürich or the ETH Domain, Oxford, KU Leuven) among the peers the
    Netherlands lags that has the most figures (ties in `DEFINITION_ORDER`), or the one
    `definition` names for the comparison. Its targets are its own: `target_low` the
    lowest end of its figures' ranges (rounding, the Poisson interval of a count),
    `target_central` the median of its figures, `target_high` the highest finite end.
    `definitions` lists every definition that could serve, so another can be run as a
    named scenario of its own (`definition_choices`). Without `figures` (or for a
    comparison that does not lag) the targets span the chosen peers as before: the
    lowest end, the median of the peers' central values and the highest finite end.
    """
    comp = comparisons[
        (comparisons["level"] == level)
        & (comparisons["group"] == group)
        & comparisons["peer_group"].isin(list(peer_groups))
    ]
    verdict_column = "established" if "established" in comp.columns else "verdict"
    rows: list[dict[str, object]] = []
    for (ind, den), g in comp.groupby(["indicator", "denominator"], sort=True):
        highs = g["peer_high"].to_numpy(dtype="float64")
        finite_highs = highs[np.isfinite(highs)]
        central = float(np.median(g["peer_value"].to_numpy(dtype="float64")))
        nl = float(g["nl_value"].iloc[0])
        status = _status(nl, central, g[verdict_column])
        row: dict[str, object] = {
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
            "status": status,
            "verdicts": ";".join(str(v) for v in g["verdict"]),
            "source_id": ";".join(
                sorted({s for cell in g["source_id"] for s in str(cell).split(";") if s})
            ),
            "definition": "",
            "definition_name": "",
            "definitions": "",
        }
        behind = g.loc[g[verdict_column].astype(str) == "behind", "peer_group"]
        defs = _definition_rows(figures, str(ind), str(den), behind)
        if status == "lagging" and not defs.empty:
            counts = defs.groupby("peer_id").size()
            order = {d: i for i, d in enumerate(DEFINITION_ORDER)}
            ranked = sorted(
                counts.index, key=lambda d: (-int(counts[d]), order.get(str(d), 99), str(d))
            )
            chosen = (definition or {}).get((str(ind), str(den)), str(ranked[0]))
            mine = defs[defs["peer_id"] == chosen]
            if not mine.empty:
                d_highs = mine["peer_high"].to_numpy(dtype="float64")
                d_finite = d_highs[np.isfinite(d_highs)]
                d_central = float(np.median(mine["peer_value"].to_numpy(dtype="float64")))
                row.update(
                    {
                        "target_low": float(mine["peer_low"].min()),
                        "target_central": d_central,
                        "target_high": float(d_finite.max()) if d_finite.size else d_central,
                        "n_figures": len(mine),
                        "status": _status(nl, d_central, ["behind"]),
                        "source_id": ";".join(
                            sorted(
                                {s for cell in mine["source_id"] for s in str(cell).split(";") if s}
                            )
                        ),
                        "definition": chosen,
                        "definition_name": str(mine["peer_name"].iloc[0]),
                        "definitions": ";".join(str(d) for d in ranked),
                    }
                )
        rows.append(row)
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


def definition_choices(
    comparisons: pd.DataFrame, figures: pd.DataFrame, targets: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """One named scenario per other definition of the top that could set a target.

    For every lagging comparison with more than one definition (`targets["definitions"]`),
    the targets again with that definition instead of the scenario's own; keyed by the
    definition's name. Empty when every target has one definition only.
    """
    out: dict[str, pd.DataFrame] = {}
    for rec in targets.to_dict("records"):
        others = [
            d for d in str(rec.get("definitions", "")).split(";") if d and d != rec["definition"]
        ]
        for other in others:
            name = str(figures.loc[figures["peer_id"] == other, "peer_name"].iloc[0])
            out[name] = catch_up_targets(
                comparisons,
                figures=figures,
                definition={(str(rec["indicator"]), str(rec["denominator"])): other},
            )
    return out


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


#: Factors of a range stated in words (`factor_range_nl`).
_FACTOR_WORDS: Mapping[float, str] = {
    0.25: "een kwart",
    1 / 3: "een derde",
    0.5: "de helft",
    2.0: "het dubbele",
    3.0: "het drievoudige",
    4.0: "het viervoudige",
}


def _factor_word(factor: float) -> str | None:
    return next((w for f, w in _FACTOR_WORDS.items() if abs(f - factor) < 1e-9), None)


def _dutch_number(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def factor_range_nl(low: float, high: float, of: str = "") -> str:
    """A range of factors in Dutch: 'de helft tot het dubbele (van <of>)', else '0,4 tot 3,5 keer (<of>)'.

    Written from the assumptions table, so the note that states the range follows its
    value; common factors read as words, as a reader would say them.
    """
    words = (_factor_word(low), _factor_word(high))
    if words[0] is not None and words[1] is not None:
        return f"{words[0]} tot {words[1]}" + (f" van {of}" if of else "")
    return f"{_dutch_number(low)} tot {_dutch_number(high)} keer " + (of or "zoveel")


def dutch_list(items: Sequence[str]) -> str:
    """'1', '1 en 2', '1, 2 en 3'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def lag_note(lag: Assumption) -> str:
    """The lag's note with the lags the sensitivity tries: '… (gevoeligheid: 1 en 2 jaar)'."""
    others = list(lag.others)
    if not others:
        return lag.note
    return f"{lag.note} (gevoeligheid: {dutch_list(others)} {lag.unit})"


def jobs_parameters(jobs: pd.DataFrame, factor: Assumption) -> pd.DataFrame:
    """Jobs-per-spin-off parameters with horizon and sources, from `scheme/spinoff_jobs.csv`.

    Early horizon (jobs by the target year, companies at most a few years old): the
    central value is the median of the `early` figures; low and high are that value
    times the range of `factor` (`spinoff_jobs_early_factor` in the assumptions table, a
    stated assumption with its own source), widened to any other early figure. Long run:
    the lowest and highest `long_run` figure, labelled as a stock of jobs per surviving
    company after decades, never added to the target year's jobs.
    """
    points = _ratio_points(jobs)
    rows: list[dict[str, object]] = []
    early = points[points["horizon"] == "early"]
    if not early.empty:
        central = float(np.median(early["per_company"]))
        f_low, f_high = factor.range
        low = min(central * f_low, float(early["per_company"].min()))
        high = max(central * f_high, float(early["per_company"].max()))
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
                    "source_id": src if variant == "central" else f"{src};{factor.source_id}",
                    "note": (
                        f"{scopes}; {_age_nl(ages)}"
                        if variant == "central"
                        else "aanname: " + factor_range_nl(f_low, f_high, "het centrale cijfer")
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
    assumptions: Assumptions,
    data_source: str = "kt_metrics",
    target_year: int | None = None,
    lag: int | None = None,
) -> pd.DataFrame:
    """The scenario's parameters table: everything `run_scenario` uses, with its source.

    Only comparisons where the Netherlands lags (`status == "lagging"`) get a
    baseline and targets; the others are not part of the scenario. The base count
    (national total in the base year) is listed for every indicator of `targets`, so
    another peer choice (`with_targets`) can make a comparison lag without new data.
    `jobs` is `jobs_parameters(...)`; the plan's EUR 4.20 is listed as a quotation
    that the scenario does not use. The target year and the lag are those of
    `assumptions` (`data/raw/assumptions.csv`), with its units, sources and notes;
    `target_year` / `lag` replace the value only (a reader's choice in the explorer).
    """
    year_row = assumptions["scenario_target_year"]
    lag_row = assumptions.lag
    level = _dutch_number(round(assumptions.confidence_level * 100, 6)) + "%"
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
            "value": float(year_row.integer if target_year is None else target_year),
            "unit": year_row.unit,
            "source_id": year_row.source_id,
            "note": year_row.note,
        },
        {
            "parameter": "lag_years",
            "indicator": "",
            "denominator": "",
            "variant": "all",
            "value": float(lag_row.integer if lag is None else lag),
            "unit": lag_row.unit,
            "source_id": lag_row.source_id,
            "note": lag_note(lag_row),
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
                "unit": "EUR" if catalogue().get(ind).is_money else "aantal",
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
        name = str(rec.get("definition_name", "") or "") or "de top"
        if rec["target_low"] == rec["target_high"]:
            # No spread to run: one assumption, not three equal "variants".
            rows.append(
                {
                    "parameter": "target",
                    "indicator": ind,
                    "denominator": den,
                    "variant": "all",
                    "value": float(rec["target_central"]),
                    "unit": "intensiteit",
                    "source_id": str(rec["source_id"]),
                    "note": (
                        f"{name}: één cijfer zonder bandbreedte, dus één aanname (laag, centraal "
                        "en hoog vallen samen)"
                    ),
                }
            )
            continue
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
                    "note": {
                        "low": (
                            f"{name}: laagste grens (afronding en {level}-steekproefinterval van "
                            "een telling)"
                        ),
                        "central": f"{name}: mediaan van de cijfers van deze definitie",
                        "high": (
                            f"{name}: hoogste grens (afronding en {level}-steekproefinterval van "
                            "een telling)"
                        ),
                    }[variant],
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
