"""Peer gaps, the top's side: peer figures, their exactness (`value_type`), their ranges and the verdicts.

A peer figure is not exact (definitions, years, rounding, lower bounds): `peer_ranges`
turns all figures of one peer into a range, and `compare_ranges` says "behind" or "ahead"
only when the Dutch interval and that range do not overlap.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analysis.errors import InputError
from analysis.methods.peer_gaps.definitions import (
    DENOMINATORS,
    INDICATOR_NOTES,
    INPUT_INDICATORS,
    OUTPUT_INDICATORS,
    PEER_GROUP_NAMES,
    PEER_GROUPS,
    PEER_NOTES,
    VALUE_TYPES,
    VERDICTS,
)
from analysis.methods.peer_gaps.money import _fx_lookup, hicp_lookup


def _is_nan(x: object) -> bool:
    """True for a float NaN (an empty cell read by pandas)."""
    return isinstance(x, float) and math.isnan(x)


def rounding_half_unit(value: float) -> float:
    """Half a unit of the last non-zero digit: the spread a rounded figure admits.

    '~700' is read as 650–750, '~7,000' as 6,500–7,500, '~130 million' as 125–135
    million, '~24' as 23.5–24.5. A stated rule, not a claim about the source.
    """
    v = abs(float(value))
    if v == 0 or not math.isfinite(v):
        return 0.0
    for k in range(15, -7, -1):
        unit = 10.0**k
        q = v / unit
        if unit <= v and abs(q - round(q)) < 1e-9 * max(q, 1.0):
            return unit / 2
    return 0.0


def value_bounds(value: float, value_type: object) -> tuple[float, float]:
    """(low, high) of a peer figure by its `value_type`; a lower bound has no upper end."""
    v = float(value)
    kind = "exact" if value_type is None or _is_nan(value_type) else str(value_type)
    if kind == "exact":
        return v, v
    if kind == "approximate":
        half = rounding_half_unit(v)
        return v - half, v + half
    if kind == "lower_bound":
        return v, math.inf
    raise ValueError(f"unknown value_type {kind!r}; expected one of {', '.join(VALUE_TYPES)}")


#: Coverage of the top's sampling interval (the Dutch bootstrap interval's too).
INTERVAL_LEVEL: float = 0.95


def poisson_interval(count: float, level: float = INTERVAL_LEVEL) -> tuple[float, float]:
    """The exact (Garwood) interval of a Poisson mean from one observed count.

    A yearly count such as Oxford's 24 spin-offs in 2018 is one draw of the rate at
    which the institution produces them: low = χ²(α/2; 2n) / 2, high = χ²(1 − α/2;
    2n + 2) / 2 (Garwood 1936), so 24 gives 15,4–35,7. A count of 0 has low 0; a
    non-integer count (a rounding bound) is used as is.
    """
    n = float(count)
    alpha = 1.0 - level
    if not math.isfinite(n):
        return (n, n)
    low = 0.0 if n <= 0 else float(stats.chi2.ppf(alpha / 2, 2 * n)) / 2
    high = float(stats.chi2.ppf(1 - alpha / 2, 2 * n + 2)) / 2
    return low, high


def rate_ratio_interval(
    numerator: float, denominator: float, level: float = INTERVAL_LEVEL
) -> tuple[float, float]:
    """The exact interval of the ratio of two Poisson means from one count each.

    Given their sum, the numerator count is binomial with share p = λ1 / (λ1 + λ2);
    the Clopper–Pearson interval of p gives λ1 / λ2 = p / (1 − p) (the conditional
    method). Used for a count per count (spin-offs per invention disclosure), where both
    yearly counts are draws.
    """
    n1, n2 = float(numerator), float(denominator)
    alpha = 1.0 - level
    if not (math.isfinite(n1) and math.isfinite(n2)) or n2 <= 0:
        return (math.nan, math.nan)
    p_low = 0.0 if n1 <= 0 else float(stats.beta.ppf(alpha / 2, n1, n2 + 1))
    p_high = float(stats.beta.ppf(1 - alpha / 2, n1 + 1, n2))
    return p_low / (1 - p_low), (p_high / (1 - p_high) if p_high < 1 else math.inf)


def check_value_types(
    frame: pd.DataFrame, file: str = "benchmark/peers.csv", column: str = "value_type"
) -> None:
    """Raise `InputError` (file, row, column) for a value outside `VALUE_TYPES`."""
    if column not in frame.columns:
        return
    for position, kind in enumerate(frame[column]):
        if pd.isna(kind) or str(kind) not in VALUE_TYPES:
            raise InputError(
                file,
                position + 2,
                column,
                "allowed_values",
                f"{kind!r} is geen van {', '.join(VALUE_TYPES)}",
            )


#: The reason a figure is left out when its definition is not the monitor's.
NOT_COMPARABLE = "niet vergelijkbaar"


def check_definitions(frame: pd.DataFrame, file: str = "benchmark/peers.csv") -> None:
    """Raise `InputError` (file, row, column) for a definition record that does not hold.

    `comparable` is "yes" or "no"; a figure that is not comparable says why in Dutch
    (`not_comparable_nl`), because the report prints that reason where the gap would
    have been; a comparable one has no such reason. A table without the columns (an
    older copy) is left to the validation suite, which requires them.
    """
    if "comparable" not in frame.columns:
        return
    reasons = (
        frame["not_comparable_nl"]
        if "not_comparable_nl" in frame.columns
        else pd.Series("", index=frame.index)
    )
    for position, (flag, reason) in enumerate(zip(frame["comparable"], reasons, strict=True)):
        text = "" if pd.isna(reason) else str(reason).strip()
        if str(flag) not in ("yes", "no"):
            raise InputError(
                file, position + 2, "comparable", "allowed_values", f"{flag!r} is geen yes of no"
            )
        if flag == "no" and not text:
            raise InputError(
                file,
                position + 2,
                "not_comparable_nl",
                "reason_when_not_comparable",
                "een cijfer dat niet vergelijkbaar is, zegt waarom (not_comparable_nl is leeg)",
            )
        if flag == "yes" and text:
            raise InputError(
                file,
                position + 2,
                "not_comparable_nl",
                "reason_when_not_comparable",
                "een vergelijkbaar cijfer heeft geen reden van niet-vergelijkbaarheid",
            )


def _comparable(rec: Mapping[Any, object]) -> bool:
    flag = rec.get("comparable", "yes")
    return not (isinstance(flag, str) and flag == "no")


def convert_peers(
    peers: pd.DataFrame,
    fx: pd.DataFrame,
    *,
    price_index: pd.DataFrame | None = None,
    base_year: int | None = None,
) -> pd.DataFrame:
    """Peers with `value_std` (and its bounds): money in EUR, at `base_year` prices if given.

    Money rows are converted with the cited ECB rate of their own year; with
    `price_index` and `base_year` the EUR amount is then multiplied by the Dutch
    HICP[base_year] / HICP[year] (why this order: see the module docstring). The bounds
    `value_std_low` / `value_std_high` follow `value_type` (exact, approximate, lower
    bound) and get the same factor. Rows without a cited rate (or index) keep
    `value_std` = NaN and say why in `conversion_note`; `benchmark_gaps` lists them as
    missing.
    """
    check_value_types(peers)
    check_definitions(peers)
    rates = _fx_lookup(fx)
    hicp = hicp_lookup(price_index) if price_index is not None else {}
    kinds = (
        peers["value_type"]
        if "value_type" in peers.columns
        else pd.Series("exact", index=peers.index)
    )
    values: list[float] = []
    lows: list[float] = []
    highs: list[float] = []
    factors: list[float] = []
    notes: list[str] = []
    for unit, cur, year, value, kind in zip(
        peers["unit"], peers["currency"], peers["year"], peers["value"], kinds, strict=True
    ):
        factor, note = 1.0, ""
        if unit == "money":
            if cur != "EUR":
                rate = rates.get((str(cur), int(year)))
                if rate is None:
                    factor, note = np.nan, f"geen wisselkoers {cur} {int(year)}"
                else:
                    factor = rate
                    note = f"omgerekend van {cur} met de ECB-koers van {int(year)}"
            if np.isfinite(factor) and price_index is not None and base_year is not None:
                if int(year) not in hicp or int(base_year) not in hicp:
                    factor, note = np.nan, f"geen HICP voor {int(year)} of {base_year}"
                else:
                    factor *= hicp[int(base_year)] / hicp[int(year)]
                    note = (note + "; " if note else "") + f"prijspeil {base_year} (HICP)"
        low, high = value_bounds(float(value), kind)
        values.append(float(value) * factor)
        lows.append(low * factor)
        highs.append(
            high * factor if np.isfinite(high) else (math.inf if np.isfinite(factor) else np.nan)
        )
        factors.append(factor)
        notes.append(note)
    out = peers.copy()
    out["value_std"] = np.asarray(values, dtype="float64")
    out["value_std_low"] = np.asarray(lows, dtype="float64")
    out["value_std_high"] = np.asarray(highs, dtype="float64")
    out["eur_factor"] = np.asarray(factors, dtype="float64")
    out["conversion_note"] = notes
    return out


#: Source statuses other than 'read', as printed beside a peer figure.
STATUS_NOTES: dict[str, str] = {
    "secondary": "secundaire bron",
    "inferred": "afgeleid cijfer",
}


def _status_note(status: object) -> str:
    """Dutch remark for a source status other than 'read' (secondary, inferred...)."""
    if isinstance(status, str) and status and status != "read":
        return STATUS_NOTES.get(status, "status bron: onbekend")
    return ""


def _note(*parts: object) -> str:
    return "; ".join(str(p) for p in parts if isinstance(p, str) and p)


PEER_TABLE_COLUMNS: list[str] = [
    "peer_id",
    "peer_group",
    "peer_name",
    "indicator",
    "denominator",
    "peer_year",
    "denominator_year",
    "peer_value",
    "peer_low",
    "peer_high",
    "value_type",
    "interval",
    "source_id",
    "note",
]


def _value_type(rec: Mapping[Any, object]) -> str:
    kind = rec.get("value_type", "exact")
    return "exact" if kind is None or _is_nan(kind) else str(kind)


def _sampled_bounds(
    numerator: tuple[float, float],
    denominator: tuple[float, float],
    num_unit: str,
    den_unit: str,
    level: float = INTERVAL_LEVEL,
) -> tuple[float, float, str]:
    """(low, high) of numerator / denominator, with the sampling interval of a yearly count.

    `numerator` and `denominator` are the bounds their `value_type` allows (rounding,
    lower bound). A count is one year's draw of a rate, so it gets its exact Poisson
    interval (`poisson_interval`); a count per count gets the exact interval of the
    ratio of two rates at the extreme bounds (`rate_ratio_interval`). An amount of money
    has no such interval: a comparison whose numerator is money keeps only its published
    range (`interval` "none"; "denominator" when only a count denominator's interval is
    in it), and says so. `interval` is "poisson" when the numerator's sampling variation
    is in the bounds.
    """
    (num_lo, num_hi), (den_lo, den_hi) = numerator, denominator
    num_count, den_count = num_unit == "count", den_unit == "count"
    if num_count and den_count:
        low = rate_ratio_interval(num_lo, den_hi, level)[0] if den_hi < math.inf else 0.0
        high = rate_ratio_interval(num_hi, den_lo, level)[1] if num_hi < math.inf else math.inf
        return low, high, "poisson"
    if num_count:
        num_lo = poisson_interval(num_lo, level)[0]
        num_hi = poisson_interval(num_hi, level)[1] if num_hi < math.inf else math.inf
    if den_count:
        den_lo = poisson_interval(den_lo, level)[0]
        den_hi = poisson_interval(den_hi, level)[1] if den_hi < math.inf else math.inf
    low = num_lo / den_hi if den_hi > 0 else np.nan
    high = num_hi / den_lo if den_lo > 0 else math.inf
    return low, high, "poisson" if num_count else "denominator" if den_count else "none"


def peer_intensities(
    peers_std: pd.DataFrame,
    *,
    peer_ids: Iterable[str] | None = None,
    denominator_year_tolerance: int = 2,
    latest_only: bool = False,
    level: float = INTERVAL_LEVEL,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Peer intensities where the peer data allow them, and a list of what they do not.

    `peers_std` is the output of `convert_peers`. For each peer output indicator and
    each denominator, the denominator of the same peer and year is used, or the nearest
    year within `denominator_year_tolerance` (a tie goes to the later year; the note
    then says which year: peers publish research expenditure rarely, so an exact-year
    rule would leave almost no peer intensity; set the tolerance to 0 to require it).
    Every year of a peer is kept, because the spread over years is part of the peer's
    uncertainty; `latest_only` keeps only the most recent peer year per peer,
    indicator and denominator. `peer_low` / `peer_high` bound the intensity from the
    bounds of numerator and denominator (a rounded or lower-bound figure widens them;
    a lower bound in the denominator makes the low end 0) and from the sampling
    interval (at `level`) of a yearly count (`_sampled_bounds`; `interval` says whether the
    numerator's is in them).

    A figure whose definition record says it does not count what the monitor counts
    (`comparable` "no") gives no intensity at all: it is listed as missing with the
    reason "niet vergelijkbaar: …", so no gap or target is ever made from it.

    Returns (intensities, missing): intensities have the columns of
    `PEER_TABLE_COLUMNS`; missing has peer_id, indicator, denominator, reason_missing.
    """
    frame = peers_std if peer_ids is None else peers_std[peers_std["peer_id"].isin(list(peer_ids))]
    rows: list[dict[str, object]] = []
    missing: list[dict[str, object]] = []
    has_bounds = "value_std_low" in frame.columns
    for peer_id, grp in frame.groupby("peer_id", sort=True):
        name = str(grp["peer_name"].iloc[0]) if "peer_name" in grp else str(peer_id)
        usable = grp[[_comparable(r) for r in grp.to_dict("records")]]
        dens = {
            code: usable[(usable["indicator"] == code) & usable["value_std"].notna()].sort_values(
                "year", ascending=False
            )
            for code, _ in DENOMINATORS.values()
        }
        for rec in grp.to_dict("records"):
            ind = str(rec["indicator"])
            if ind in INPUT_INDICATORS:
                continue
            if ind not in OUTPUT_INDICATORS:
                missing.append(
                    {
                        "peer_id": peer_id,
                        "indicator": ind,
                        "denominator": "",
                        "reason_missing": "geen jaarlijkse catalogus-indicator",
                    }
                )
                continue
            if not _comparable(rec):
                missing.append(
                    {
                        "peer_id": peer_id,
                        "indicator": ind,
                        "denominator": "",
                        "reason_missing": f"{NOT_COMPARABLE}: {rec.get('not_comparable_nl', '')}",
                    }
                )
                continue
            for dname, (code, scale) in DENOMINATORS.items():
                if code == ind:
                    continue
                reason = ""
                d = dens[code]
                gap = (d["year"].astype(int) - int(str(rec["year"]))).abs()
                within = d[gap <= denominator_year_tolerance]
                if pd.isna(rec["value_std"]):
                    reason = str(rec["conversion_note"]) or "waarde ontbreekt"
                elif within.empty:
                    reason = f"noemer {code} ontbreekt voor {int(str(rec['year']))}"
                if reason:
                    missing.append(
                        {
                            "peer_id": peer_id,
                            "indicator": ind,
                            "denominator": dname,
                            "reason_missing": reason,
                        }
                    )
                    continue
                best = within.iloc[
                    int(np.argmin(gap[gap <= denominator_year_tolerance].to_numpy()))
                ]
                den_year = int(best["year"])
                num_v = float(str(rec["value_std"]))
                den_v = float(best["value_std"])
                num_lo, num_hi = (
                    (float(str(rec["value_std_low"])), float(str(rec["value_std_high"])))
                    if has_bounds
                    else (num_v, num_v)
                )
                den_lo, den_hi = (
                    (float(best["value_std_low"]), float(best["value_std_high"]))
                    if has_bounds
                    else (den_v, den_v)
                )
                low, high, interval = _sampled_bounds(
                    (num_lo, num_hi),
                    (den_lo, den_hi),
                    str(rec.get("unit", "")),
                    str(best["unit"]),
                    level,
                )
                year_note = f"noemer uit {den_year}" if den_year != int(str(rec["year"])) else ""
                kinds = {_value_type(rec), _value_type(best.to_dict())}
                kind = (
                    "lower_bound"
                    if "lower_bound" in kinds
                    else "approximate"
                    if "approximate" in kinds
                    else "exact"
                )
                rows.append(
                    {
                        "peer_id": peer_id,
                        "peer_group": PEER_GROUPS.get(str(peer_id), str(peer_id)),
                        "peer_name": name,
                        "indicator": ind,
                        "denominator": dname,
                        "peer_year": int(str(rec["year"])),
                        "denominator_year": den_year,
                        "peer_value": num_v / den_v * scale,
                        "peer_low": low * scale,
                        "peer_high": high * scale,
                        "value_type": kind,
                        "interval": interval,
                        "source_id": ";".join(
                            sorted({str(rec.get("source_id", "")), str(best["source_id"])} - {""})
                        ),
                        "note": _note(
                            PEER_NOTES.get(str(peer_id), ""),
                            INDICATOR_NOTES.get(ind, ""),
                            rec.get("definition_note", ""),
                            _status_note(rec.get("status", "")),
                            rec.get("conversion_note", ""),
                            year_note,
                        ),
                    }
                )
    tab = pd.DataFrame(rows, columns=PEER_TABLE_COLUMNS)
    if latest_only and not tab.empty:
        tab = (
            tab.sort_values("peer_year")
            .groupby(["peer_id", "indicator", "denominator"], sort=True)
            .tail(1)
            .sort_values(["peer_id", "indicator", "denominator"])
            .reset_index(drop=True)
        )
    return (
        tab[PEER_TABLE_COLUMNS].reset_index(drop=True),
        pd.DataFrame(missing, columns=["peer_id", "indicator", "denominator", "reason_missing"]),
    )


RANGE_COLUMNS: list[str] = [
    "peer_group",
    "peer_group_name",
    "indicator",
    "denominator",
    "peer_low",
    "peer_value",
    "peer_high",
    "n_figures",
    "n_definitions",
    "year_min",
    "year_max",
    "spread",
    "source_id",
    "n_sampled",
    "indicative",
]


def peer_ranges(
    peer_tab: pd.DataFrame,
    *,
    groups: Mapping[str, str] = PEER_GROUPS,
    group_names: Mapping[str, str] = PEER_GROUP_NAMES,
) -> pd.DataFrame:
    """One range per peer (counted once), indicator and denominator.

    Over all figures of the peer's definitions (ETH Domain and ETH Zurich are one
    peer) and years: `peer_low` is the lowest lower bound, `peer_high` the highest
    upper bound (infinite when a figure is only a lower bound), `peer_value` the median
    of the figures as published (the central value the ratio uses). `spread` names
    in Dutch what makes the range wide: definitions, years, rounding, lower bounds,
    the sampling interval of a count; empty when one exact amount is all there is.
    `n_sampled`: the figures with a sampling interval; `indicative`: the range rests
    on one published figure (one year, one definition), which the report marks
    "indicatief".
    """
    if peer_tab.empty:
        return pd.DataFrame(columns=RANGE_COLUMNS)
    tab = peer_tab.assign(peer_group=[groups.get(str(p), str(p)) for p in peer_tab["peer_id"]])
    rows: list[dict[str, object]] = []
    for (group, ind, den), g in tab.groupby(["peer_group", "indicator", "denominator"], sort=True):
        spread: list[str] = []
        n_def = int(g["peer_id"].nunique())
        if n_def > 1:
            spread.append("definities")
        if g["peer_year"].nunique() > 1:
            spread.append("jaren")
        if (g["value_type"] == "approximate").any():
            spread.append("afronding")
        if (g["value_type"] == "lower_bound").any():
            spread.append("ondergrens")
        sampled = int((g["interval"] == "poisson").sum()) if "interval" in g.columns else 0
        if sampled:
            spread.append("toeval bij de telling")
        elif "interval" in g.columns and (g["interval"] == "denominator").any():
            spread.append("toeval bij de noemer")
        sources = sorted({p for cell in g["source_id"] for p in str(cell).split(";") if p})
        rows.append(
            {
                "peer_group": str(group),
                "peer_group_name": group_names.get(str(group), str(group)),
                "indicator": str(ind),
                "denominator": str(den),
                "peer_low": float(g["peer_low"].min()),
                "peer_value": float(np.median(g["peer_value"].to_numpy(dtype="float64"))),
                "peer_high": float(g["peer_high"].max()),
                "n_figures": len(g),
                "n_definitions": n_def,
                "year_min": int(g["peer_year"].min()),
                "year_max": int(g["peer_year"].max()),
                "spread": ", ".join(spread),
                "source_id": ";".join(sources),
                "n_sampled": sampled,
                "indicative": len(g) == 1,
            }
        )
    return pd.DataFrame(rows, columns=RANGE_COLUMNS)


def verdict(nl_low: float, nl_high: float, peer_low: float, peer_high: float) -> str:
    """'behind' / 'ahead' only when the Dutch interval and the peer range do not overlap.

    Touching counts as overlap ("indistinguishable"); a missing bound gives "unknown".
    """
    if any(pd.isna(x) for x in (nl_low, nl_high, peer_low, peer_high)):
        return "unknown"
    if nl_high < peer_low:
        return "behind"
    if nl_low > peer_high:
        return "ahead"
    return "indistinguishable"


def compare_ranges(nl: pd.DataFrame, ranges: pd.DataFrame) -> pd.DataFrame:
    """Dutch intensities (with interval) against each peer range, with ratio and verdict.

    `ratio` = Dutch value / peer central value. `ratio_low` / `ratio_high` combine both
    sides: Dutch lower bound / peer upper bound and Dutch upper bound / peer lower
    bound, so the combined interval lies wholly below 1 exactly when the verdict is
    "behind" and wholly above 1 exactly when it is "ahead".
    """
    merged = nl.merge(ranges, on=["indicator", "denominator"], how="inner")
    with np.errstate(invalid="ignore", divide="ignore"):
        peer_v = merged["peer_value"].to_numpy(dtype="float64")
        p_lo = merged["peer_low"].to_numpy(dtype="float64")
        p_hi = merged["peer_high"].to_numpy(dtype="float64")
        nl_v = merged["nl_value"].to_numpy(dtype="float64")
        nl_lo = merged["nl_low"].to_numpy(dtype="float64")
        nl_hi = merged["nl_high"].to_numpy(dtype="float64")
        merged["ratio"] = np.where(peer_v > 0, nl_v / np.where(peer_v > 0, peer_v, 1.0), np.nan)
        merged["ratio_low"] = np.where(
            np.isinf(p_hi), 0.0, np.where(p_hi > 0, nl_lo / np.where(p_hi > 0, p_hi, 1.0), np.nan)
        )
        merged["ratio_high"] = np.where(p_lo > 0, nl_hi / np.where(p_lo > 0, p_lo, 1.0), np.inf)
    merged["verdict"] = [
        verdict(a, b, c, d)
        for a, b, c, d in zip(
            merged["nl_low"],
            merged["nl_high"],
            merged["peer_low"],
            merged["peer_high"],
            strict=True,
        )
    ]
    return merged.reset_index(drop=True)


def count_verdicts(comparisons: pd.DataFrame) -> dict[str, int]:
    """How many comparisons (indicator × denominator × peer, each peer once) fall in each verdict."""
    counts = {v: int((comparisons["verdict"] == v).sum()) for v in VERDICTS}
    counts["total"] = len(comparisons)
    return counts


#: The keys that identify one comparison across alternative computations.
COMPARISON_KEYS: tuple[str, ...] = ("level", "group", "indicator", "denominator", "peer_group")


def established_verdicts(
    comparisons: pd.DataFrame, alternatives: Iterable[pd.DataFrame]
) -> pd.DataFrame:
    """`comparisons` with `established` ("behind", "ahead" or "not_established") and why.

    A verdict "behind" or "ahead" is established only when
    1. it holds with the top's own uncertainty (`verdict`, whose top range includes the
       sampling interval of a count);
    2. the top's side has some uncertainty at all: a comparison resting on one amount
       of money (`indicative` with no sampled figure) has an interval of zero width,
       which says nothing about how far the amount moves from year to year;
    3. every alternative gives the same verdict: each frame of `alternatives` holds the
       same comparisons (`COMPARISON_KEYS`) computed another way (another price basis,
       the Dutch side in the top's own years) with a Dutch `alternative` column that
       names the way; a comparison an alternative cannot make does not hold there.
    Otherwise "not_established", with `established_note` naming in Dutch every reason;
    a comparison that is already "indistinguishable" is "not_established" too.
    """
    out = comparisons.copy()
    keys = [k for k in COMPARISON_KEYS if k in out.columns]
    lookups: list[tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str]]] = []
    for alt in alternatives:
        verdicts: dict[tuple[str, ...], str] = {}
        names: dict[tuple[str, ...], str] = {}
        for rec in alt.to_dict("records"):
            key = tuple(str(rec[k]) for k in keys)
            verdicts[key] = str(rec["verdict"])
            names[key] = str(rec.get("alternative", ""))
        lookups.append((verdicts, names))
    established: list[str] = []
    notes: list[str] = []
    for rec in out.to_dict("records"):
        main = str(rec["verdict"])
        key = tuple(str(rec[k]) for k in keys)
        reasons: list[str] = []
        if main not in ("behind", "ahead"):
            reasons.append("het verschil valt binnen de onzekerheid aan beide kanten")
        else:
            if bool(rec.get("indicative", False)) and int(rec.get("n_sampled", 0) or 0) == 0:
                reasons.append("één bedrag van de top zonder steekproefinterval")
            for verdicts, names in lookups:
                other = verdicts.get(key)
                if other != main:
                    label = names.get(key) or "een andere berekening"
                    reasons.append(
                        f"{label}: {VERDICT_WORDS.get(str(other), 'niet te berekenen')}"
                        if other is not None
                        else f"{label}: niet te berekenen"
                    )
        established.append(main if not reasons else "not_established")
        notes.append("; ".join(reasons))
    out["established"] = established
    out["established_note"] = notes
    return out


#: Dutch words for the verdicts inside a reason ("in nominale euro's: niet te onderscheiden").
VERDICT_WORDS: dict[str, str] = {
    "behind": "achter",
    "ahead": "voor",
    "indistinguishable": "niet te onderscheiden",
    "unknown": "onbekend",
}
