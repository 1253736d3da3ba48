"""Benchmark gaps: Dutch knowledge-transfer intensities against European top peers.

The KTO-Nederland plan compares Dutch KTOs with ETH Zurich, Oxford and KU Leuven and
with the ASTP averages. Raw counts are not comparable between institutions of very
different size, so every comparison here is of *intensities*: outputs per EUR 100
million research expenditure (the ASTP normaliser), per KTO FTE and per invention
disclosure. Group intensities are ratios of sums over the institutions that reported
both numerator and denominator, so an institution that did not report an indicator
neither counts as zero nor distorts the denominator.

Money in one currency and one price year. Every money figure that meets the top is
expressed in euros at the prices of one base year:

* Dutch amounts (nominal euros of their own year) are deflated with the Dutch HICP
  (`deflate_wide`): amount x HICP[base] / HICP[year].
* Peer amounts are first converted to euros at the ECB annual mean rate *of their own
  year* and then deflated with the same Dutch HICP (`convert_peers`). The alternative,
  deflating in CHF or GBP with the Swiss or British price index and converting at the
  base year's rate, needs two price indices the project does not hold, and would tie
  every comparison to one year's exchange rate (the franc rose some 25% against the
  euro between 2010 and 2025). With one deflator on both sides, the NL / peer ratios do
  not depend on the choice of base year; only the printed levels do.
* No purchasing-power parities (PPP / PPS) are used: market exchange rates only.

Peer-side uncertainty. A peer figure is not exact: definitions differ (ETH Domain vs
ETH Zurich), figures come from different years, and some are rounded ('~700') or only
a lower bound ('more than 150'; column `value_type`). `peer_ranges` turns all figures
of one peer (ETH Domain and ETH Zurich count as one peer, ETH) into a range low-high
beside a central value, and `compare_ranges` says "behind" or "ahead" only when the
Dutch bootstrap interval and that range do not overlap.

Peers often lack a denominator (no KTO FTE, no research FTE, or research expenditure
for another year): what can be computed is computed, the rest is listed in a `missing`
table, never imputed. Definitional differences are carried as a Dutch `note` column.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from analysis.data.indicators import INDICATOR_CODES
from analysis.errors import InputError

#: Denominators: name → (indicator code, scale). Outputs per EUR 100 million research
#: expenditure (the ASTP convention) and per KTO FTE; and per invention disclosure, a
#: conversion ratio that needs no input figure, so it can be computed for peers that
#: publish their pipeline but not their research expenditure (ETH).
DENOMINATORS: dict[str, tuple[str, float]] = {
    "per_100m_research": ("research_expenditure_eur", 1e8),
    "per_kto_fte": ("kto_staff_fte", 1.0),
    "per_disclosure": ("invention_disclosures", 1.0),
}

INPUT_INDICATORS: tuple[str, ...] = ("research_expenditure_eur", "kto_staff_fte")

#: Output indicators of the catalogue (everything except the two inputs).
OUTPUT_INDICATORS: tuple[str, ...] = tuple(
    code for code in INDICATOR_CODES if code not in ("research_expenditure_eur", "kto_staff_fte")
)

#: Money indicators of the catalogue (all in nominal euros of their own year).
MONEY_INDICATORS: tuple[str, ...] = tuple(code for code in INDICATOR_CODES if code.endswith("_eur"))

#: The plan's European top group and the ASTP reference values.
TOP_PEERS: tuple[str, ...] = ("eth_domain", "ethz", "oxford", "kuleuven")
ASTP_PEERS: tuple[str, ...] = ("astp_avg", "astp_total")

#: One peer, counted once: the ETH Domain (six institutions) and ETH Zurich are two
#: definitions of the same peer, ETH, so they form one range, not two comparisons.
PEER_GROUPS: dict[str, str] = {
    "eth_domain": "eth",
    "ethz": "eth",
    "oxford": "oxford",
    "kuleuven": "kuleuven",
    "astp_avg": "astp_avg",
    "astp_total": "astp_total",
}
PEER_GROUP_NAMES: dict[str, str] = {
    "eth": "ETH (ETH Zürich en ETH-domein)",
    "oxford": "University of Oxford",
    "kuleuven": "KU Leuven",
    "astp_avg": "ASTP-gemiddelde per KTO",
    "astp_total": "ASTP-enquête totaal",
}
TOP_GROUPS: tuple[str, ...] = ("eth", "oxford", "kuleuven")

#: How exact a peer figure is (`value_type` in peers.csv).
VALUE_TYPES: tuple[str, ...] = ("exact", "approximate", "lower_bound")

#: Verdicts of `compare_ranges`.
VERDICTS: tuple[str, ...] = ("behind", "ahead", "indistinguishable", "unknown")

#: Definitional caveats (Dutch, printed in the report) per peer and per indicator.
PEER_NOTES: dict[str, str] = {
    "eth_domain": "ETH-Domein (ETH Zürich, EPFL en vier onderzoeksinstituten), niet ETH Zürich alleen",
    "astp_avg": "gemiddelde per responderende instelling in de ASTP-enquête",
    "astp_total": "totaal over de responderende instellingen in de ASTP-enquête",
}
INDICATOR_NOTES: dict[str, str] = {
    "priority_patent_applications": (
        "Nederland telt alleen prioritaire aanvragen; het vergelijkingscijfer kan alle "
        "octrooiaanvragen (ook uitbreidingen) omvatten"
    ),
}

ID_COLUMNS: tuple[str, ...] = ("institution_id", "year")

FloatArray = npt.NDArray[np.float64]


# --------------------------------------------------------------------------- normalise


def intensities(
    wide: pd.DataFrame,
    denominator: str = "per_100m_research",
    indicators: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Row-wise intensities: each output divided by the denominator, times its scale.

    A missing or non-positive denominator (or an absent denominator column) gives NaN:
    an intensity of nothing is not zero. Identifier columns present in `wide` are kept so the result joins back.
    """
    code, scale = DENOMINATORS[denominator]
    cols = [c for c in (indicators or OUTPUT_INDICATORS) if c in wide.columns]
    if code in wide.columns:
        den = wide[code].astype("float64")
        den = den.where(den > 0)
    else:  # the denominator was not reported at all: every intensity is unknown
        den = pd.Series(np.nan, index=wide.index, dtype="float64")
    out = wide[[c for c in ID_COLUMNS if c in wide.columns]].copy()
    for c in cols:
        out[c] = wide[c].astype("float64") / den * scale
    return out


def _pairwise_sums(
    frame: pd.DataFrame, indicators: Sequence[str], den_code: str
) -> tuple[FloatArray, FloatArray]:
    """Numerator and denominator arrays (rows × indicators) over pairs reported together.

    A row contributes to an indicator's ratio only when both the indicator and the
    denominator are reported, so non-reporting never masquerades as zero output.
    """
    den = frame[den_code].to_numpy(dtype="float64")
    num = frame[list(indicators)].to_numpy(dtype="float64")
    ok = np.isfinite(num) & np.isfinite(den)[:, None] & (den[:, None] > 0)
    nums = np.where(ok, num, 0.0)
    dens = np.where(ok, den[:, None], 0.0)
    return nums, dens


def pooled_intensity(
    wide: pd.DataFrame,
    denominator: str = "per_100m_research",
    indicators: Sequence[str] | None = None,
) -> pd.Series:
    """Ratio-of-sums intensity of a whole frame (e.g. the Dutch total), per indicator."""
    code, scale = DENOMINATORS[denominator]
    cols = [c for c in (indicators or OUTPUT_INDICATORS) if c in wide.columns]
    nums, dens = _pairwise_sums(wide, cols, code)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(dens.sum(0) > 0, nums.sum(0) / dens.sum(0), np.nan) * scale
    return pd.Series(ratio, index=cols, dtype="float64")


# --------------------------------------------------------------------------- currency


def _fx_lookup(fx: pd.DataFrame) -> dict[tuple[str, int], float]:
    return {
        (str(c), int(y)): float(r)
        for c, y, r in zip(fx["currency"], fx["year"], fx["eur_per_unit"], strict=True)
        if pd.notna(r)
    }


def to_eur(
    amount: float | FloatArray, currency: str, year: int, fx: pd.DataFrame
) -> float | FloatArray:
    """Convert an amount in `currency` of `year` to EUR with the cited yearly rate.

    Raises KeyError when no rate is cited for that currency and year: a silent fallback
    rate would be an imputation.
    """
    if currency == "EUR":
        return amount
    return amount * _fx_lookup(fx)[(currency, int(year))]


def from_eur(
    amount_eur: float | FloatArray, currency: str, year: int, fx: pd.DataFrame
) -> float | FloatArray:
    """Inverse of `to_eur` (same `eur_per_unit` rate, so the round trip is exact)."""
    if currency == "EUR":
        return amount_eur
    return amount_eur / _fx_lookup(fx)[(currency, int(year))]


# --------------------------------------------------------------------------- prices

PRICE_INDEX_FILE = "context/price_index.csv"


def hicp_lookup(price_index: pd.DataFrame) -> dict[int, float]:
    """Year → HICP (2015 = 100) of the rows that have an index value."""
    return {
        int(y): float(v)
        for y, v in zip(price_index["year"], price_index["hicp_2015_100"], strict=True)
        if pd.notna(y) and pd.notna(v)
    }


def price_factors(price_index: pd.DataFrame, years: Iterable[int], base_year: int) -> FloatArray:
    """HICP[base_year] / HICP[year] for each year: multiply nominal euros by it.

    A year without an index raises `InputError` naming the price-index file: a money
    figure that cannot be put at base-year prices must not be compared silently in
    nominal terms.
    """
    hicp = hicp_lookup(price_index)
    years = [int(y) for y in years]
    missing = sorted({y for y in [*years, int(base_year)] if y not in hicp})
    if missing:
        raise InputError(
            PRICE_INDEX_FILE,
            None,
            "year",
            "price_index_covers_years",
            "geen prijsindex (HICP) voor " + ", ".join(str(y) for y in missing),
        )
    base = hicp[int(base_year)]
    return np.asarray([base / hicp[y] for y in years], dtype="float64")


def deflate(
    amount: FloatArray, years: FloatArray, price_index: pd.DataFrame, base_year: int
) -> FloatArray:
    """Express nominal EUR amounts of `years` at `base_year` prices with the HICP."""
    years_int = np.asarray(years).astype(int)
    return np.asarray(amount, dtype="float64") * price_factors(
        price_index, years_int.tolist(), base_year
    )


def deflate_wide(
    wide: pd.DataFrame,
    price_index: pd.DataFrame,
    base_year: int,
    columns: Sequence[str] = MONEY_INDICATORS,
) -> pd.DataFrame:
    """The Dutch submissions with every money column at `base_year` prices.

    Each institution-year's euros are multiplied by HICP[base_year] / HICP[year], so a
    three-year pool adds like with like and an amount of 2023 is not set against a
    peer's amount of 2017 at face value. Count columns are untouched.
    """
    out = wide.copy()
    cols = [c for c in columns if c in out.columns]
    if not cols or out.empty:
        return out
    factors = price_factors(price_index, out["year"].astype(int).tolist(), base_year)
    for c in cols:
        out[c] = out[c].astype("float64") * factors
    return out


def partial_price_years(price_index: pd.DataFrame) -> dict[int, int]:
    """Years whose index is a mean over fewer than 12 months → the number of months."""
    if "months" not in price_index.columns:
        return {}
    return {
        int(y): int(m)
        for y, m in zip(price_index["year"], price_index["months"], strict=True)
        if pd.notna(y) and pd.notna(m) and int(m) < 12
    }


_MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def price_basis_text(price_index: pd.DataFrame | None, base_year: int | None) -> str:
    """The Dutch statement of currency and price year printed beside every money comparison.

    Names the deflator, how peer money is converted, that no PPP is used, and, when
    the base year's index covers only part of the year (2025: January–June), that
    this partial mean stands in for the year.
    """
    if price_index is None or base_year is None:
        return (
            "euro, nominaal (niet voor prijsveranderingen gecorrigeerd); buitenlandse bedragen "
            "omgerekend met de jaargemiddelde ECB-koers van hun eigen jaar; geen koopkrachtpariteit"
        )
    text = (
        f"euro, prijspeil {base_year}: Nederlandse bedragen gedefleerd met de Nederlandse HICP; "
        "bedragen in Zwitserse franken en Britse ponden eerst omgerekend met de jaargemiddelde "
        "ECB-koers van hun eigen jaar en daarna met dezelfde HICP gedefleerd; geen "
        "koopkrachtpariteit (PPP)"
    )
    months = partial_price_years(price_index)
    for y in sorted(months):
        text += (
            f". Voor {y} is alleen het gemiddelde over januari–{_MONTHS_NL[months[y] - 1]} "
            "beschikbaar; dat geldt als benadering van het jaargemiddelde"
        )
    return text


# --------------------------------------------------------------------------- exactness


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


# --------------------------------------------------------------------------- peers

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
    "source_id",
    "note",
]


def _value_type(rec: Mapping[Any, object]) -> str:
    kind = rec.get("value_type", "exact")
    return "exact" if kind is None or _is_nan(kind) else str(kind)


def peer_intensities(
    peers_std: pd.DataFrame,
    *,
    peer_ids: Iterable[str] | None = None,
    denominator_year_tolerance: int = 2,
    latest_only: bool = False,
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
    a lower bound in the denominator makes the low end 0).

    Returns (intensities, missing): intensities have the columns of
    `PEER_TABLE_COLUMNS`; missing has peer_id, indicator, denominator, reason_missing.
    """
    frame = peers_std if peer_ids is None else peers_std[peers_std["peer_id"].isin(list(peer_ids))]
    rows: list[dict[str, object]] = []
    missing: list[dict[str, object]] = []
    has_bounds = "value_std_low" in frame.columns
    for peer_id, grp in frame.groupby("peer_id", sort=True):
        name = str(grp["peer_name"].iloc[0]) if "peer_name" in grp else str(peer_id)
        dens = {
            code: grp[(grp["indicator"] == code) & grp["value_std"].notna()].sort_values(
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
                        "peer_low": num_lo / den_hi * scale if den_hi > 0 else np.nan,
                        "peer_high": num_hi / den_lo * scale if den_lo > 0 else math.inf,
                        "value_type": kind,
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
    in Dutch what makes the range wide: definitions, years, rounding, lower bounds;
    empty when one exact figure is all there is.
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


# --------------------------------------------------------------------------- gaps


def gap(
    nl_value: FloatArray | float, peer_value: FloatArray | float
) -> tuple[FloatArray, FloatArray]:
    """Gap as difference (NL − peer) and ratio (NL / peer; NaN when the peer value is 0)."""
    nl = np.asarray(nl_value, dtype="float64")
    peer = np.asarray(peer_value, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(peer != 0, nl / np.where(peer != 0, peer, 1.0), np.nan)
    return nl - peer, ratio


def bootstrap_ratio(
    nums: FloatArray, dens: FloatArray, *, n_boot: int = 200, seed: int = 0
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
    n_boot: int = 200,
    seed: int = 0,
    ci: float = 0.95,
) -> tuple[pd.DataFrame, dict[tuple[str, str, str], FloatArray]]:
    """Pooled Dutch intensities per level/group with bootstrap draws for the intervals.

    Levels: 'total' (all institutions), 'type' (institution type), 'institution'.
    Groups are resampled over institutions; a single institution over its years.
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
    n_boot: int = 200,
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
    n_boot: int = 200,
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


# --------------------------------------------------------------------------- sensitivity


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
    n_boot: int = 200,
    seed: int = 0,
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
