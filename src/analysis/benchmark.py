"""Benchmark gaps: Dutch knowledge-transfer intensities against European top peers.

The KTO-Nederland plan compares Dutch KTOs with ETH Zurich, Oxford and KU Leuven and
with the ASTP averages. Raw counts are not comparable between institutions of very
different size, so every comparison here is of *intensities*: outputs per EUR 100
million research expenditure (the ASTP normaliser) and per KTO FTE. Group intensities
are ratios of sums over the institutions that reported both numerator and denominator,
so an institution that did not report an indicator neither counts as zero nor distorts
the denominator.

Peer money values arrive in CHF, GBP or EUR; they are converted with the cited yearly
rates in `fx_rates.csv` (optionally deflated to a base year with the HICP). Peers often
lack a denominator (no KTO FTE, or research expenditure for another year): what can be
computed is computed, the rest is listed in a `missing` table, never imputed.

Definitional differences (ETH Domain vs ETH Zurich, priority vs all patent filings) are
carried as a Dutch `note` column into every table that uses them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from analysis.indicators import INDICATOR_CODES

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

#: The plan's European top group and the ASTP reference values.
TOP_PEERS: tuple[str, ...] = ("eth_domain", "ethz", "oxford", "kuleuven")
ASTP_PEERS: tuple[str, ...] = ("astp_avg", "astp_total")

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


def convert_peers(
    peers: pd.DataFrame,
    fx: pd.DataFrame,
    *,
    price_index: pd.DataFrame | None = None,
    base_year: int | None = None,
) -> pd.DataFrame:
    """Peers with `value_std`: money in EUR (optionally at `base_year` prices), else unchanged.

    Money rows are converted with the cited rate of their own year; with `price_index`
    and `base_year` the EUR amount is then multiplied by HICP[base_year] / HICP[year].
    Rows without a cited rate (or index) keep `value_std` = NaN and say why in
    `conversion_note`; `benchmark_gaps` lists them as missing.
    """
    rates = _fx_lookup(fx)
    hicp: dict[int, float] = {}
    if price_index is not None:
        hicp = {
            int(y): float(v)
            for y, v in zip(price_index["year"], price_index["hicp_2015_100"], strict=True)
        }
    values: list[float] = []
    factors: list[float] = []
    notes: list[str] = []
    for unit, cur, year, value in zip(
        peers["unit"], peers["currency"], peers["year"], peers["value"], strict=True
    ):
        if unit != "money":
            values.append(float(value))
            factors.append(1.0)
            notes.append("")
            continue
        factor, note = 1.0, ""
        if cur != "EUR":
            rate = rates.get((str(cur), int(year)))
            if rate is None:
                values.append(np.nan)
                factors.append(np.nan)
                notes.append(f"geen wisselkoers {cur} {int(year)}")
                continue
            factor = rate
            note = f"omgerekend van {cur} met koers {int(year)}"
        if price_index is not None and base_year is not None:
            if int(year) not in hicp or base_year not in hicp:
                values.append(np.nan)
                factors.append(np.nan)
                notes.append(f"geen HICP voor {int(year)} of {base_year}")
                continue
            factor *= hicp[base_year] / hicp[int(year)]
            note = (note + "; " if note else "") + f"prijspeil {base_year} (HICP)"
        values.append(float(value) * factor)
        factors.append(factor)
        notes.append(note)
    out = peers.copy()
    out["value_std"] = np.asarray(values, dtype="float64")
    out["eur_factor"] = np.asarray(factors, dtype="float64")
    out["conversion_note"] = notes
    return out


def deflate(
    amount: FloatArray, years: FloatArray, price_index: pd.DataFrame, base_year: int
) -> FloatArray:
    """Express nominal EUR amounts of `years` at `base_year` prices with the HICP."""
    idx = price_index.set_index("year")["hicp_2015_100"].astype("float64")
    base = float(idx.loc[base_year])
    return np.asarray(amount, dtype="float64") * base / idx.reindex(years.astype(int)).to_numpy()


# --------------------------------------------------------------------------- peers


def _status_note(status: object) -> str:
    """Dutch remark for a source status other than 'read' (secondary, inferred...)."""
    if isinstance(status, str) and status and status != "read":
        return f"status bron: {status}"
    return ""


def _note(*parts: object) -> str:
    return "; ".join(str(p) for p in parts if isinstance(p, str) and p)


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
    year within `denominator_year_tolerance` (the note then says which year: peers
    publish research expenditure rarely, so an exact-year rule would leave almost no
    peer intensity; set the tolerance to 0 to require it). `latest_only` keeps the
    most recent peer year per peer, indicator and denominator. Returns
    (intensities, missing): intensities have peer_id, peer_name, indicator, denominator,
    peer_year, peer_value, source_id, note; missing has peer_id, indicator, denominator,
    reason_missing.
    """
    frame = peers_std if peer_ids is None else peers_std[peers_std["peer_id"].isin(list(peer_ids))]
    rows: list[dict[str, object]] = []
    missing: list[dict[str, object]] = []
    for peer_id, grp in frame.groupby("peer_id", sort=True):
        name = str(grp["peer_name"].iloc[0]) if "peer_name" in grp else str(peer_id)
        dens = {
            code: grp[(grp["indicator"] == code) & grp["value_std"].notna()]
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
                if pd.isna(rec["value_std"]):
                    reason = str(rec["conversion_note"]) or "waarde ontbreekt"
                else:
                    d = dens[code]
                    gap = (d["year"].astype(int) - int(rec["year"])).abs()
                    d = d[gap <= denominator_year_tolerance]
                    if d.empty:
                        reason = f"noemer {code} ontbreekt voor {int(rec['year'])}"
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
                best = d.iloc[int(np.argmin(gap[gap <= denominator_year_tolerance].to_numpy()))]
                den_year = int(best["year"])
                year_note = f"noemer uit {den_year}" if den_year != int(rec["year"]) else ""
                rows.append(
                    {
                        "peer_id": peer_id,
                        "peer_name": name,
                        "indicator": ind,
                        "denominator": dname,
                        "peer_year": int(rec["year"]),
                        "peer_value": float(rec["value_std"]) / float(best["value_std"]) * scale,
                        "source_id": str(rec.get("source_id", "")),
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
    tab = pd.DataFrame(
        rows,
        columns=[
            "peer_id",
            "peer_name",
            "indicator",
            "denominator",
            "peer_year",
            "peer_value",
            "source_id",
            "note",
        ],
    )
    if latest_only and not tab.empty:
        tab = (
            tab.sort_values("peer_year")
            .groupby(["peer_id", "indicator", "denominator"], sort=True)
            .tail(1)
            .sort_values(["peer_id", "indicator", "denominator"])
            .reset_index(drop=True)
        )
    cols = [
        "peer_id",
        "peer_name",
        "indicator",
        "denominator",
        "peer_year",
        "peer_value",
        "source_id",
        "note",
    ]
    return (
        tab[cols],
        pd.DataFrame(missing, columns=["peer_id", "indicator", "denominator", "reason_missing"]),
    )


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
    """Gaps (one row per Dutch group × indicator × denominator × peer) and what is missing."""

    gaps: pd.DataFrame
    missing: pd.DataFrame


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
    """Dutch intensities against each peer: difference and ratio with bootstrap intervals.

    The interval reflects sampling variation on the Dutch side only (peers are single
    published figures). For price-level comparability, convert the peers with
    `convert_peers(..., price_index=hicp, base_year=<Dutch year>)` first. Every row carries the peer's definitional `note`; indicators
    or denominators the peer data cannot support are returned in `missing`.
    """
    nl, draws = dutch_intensities(
        wide, institutions, years=years, levels=levels, n_boot=n_boot, seed=seed, ci=ci
    )
    peer_tab, missing = peer_intensities(
        peers_std,
        peer_ids=peer_ids if peer_ids is not None else (*TOP_PEERS, *ASTP_PEERS),
        denominator_year_tolerance=denominator_year_tolerance,
        latest_only=latest_only,
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
    order = [
        "level",
        "group",
        "indicator",
        "denominator",
        "n_institutions",
        "nl_value",
        "nl_low",
        "nl_high",
        "peer_id",
        "peer_name",
        "peer_year",
        "peer_value",
        "gap_diff",
        "gap_diff_low",
        "gap_diff_high",
        "gap_ratio",
        "gap_ratio_low",
        "gap_ratio_high",
        "source_id",
        "note",
    ]
    return BenchmarkResult(gaps=merged[order].reset_index(drop=True), missing=missing)
