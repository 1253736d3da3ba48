"""Peer gaps, money in one currency and one price year: ECB annual rates, the Dutch HICP, the price-basis text.

Dutch amounts are deflated with the Dutch HICP; peer amounts are converted at the rate of
their own year and then deflated with the same index, so the NL / peer ratios do not depend
on the base year. No purchasing-power parities.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.data.sources import MONTHS_NL
from analysis.errors import InputError
from analysis.methods.peer_gaps.definitions import MONEY_INDICATORS, FloatArray


def _fx_lookup(fx: pd.DataFrame) -> dict[tuple[str, int], float]:
    return {
        (str(c), int(y)): float(r)
        for c, y, r in zip(fx["currency"], fx["year"], fx["eur_per_unit"], strict=True)
        if pd.notna(r)
    }


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
            f". Voor {y} is alleen het gemiddelde over januari–{MONTHS_NL[months[y] - 1]} "
            "beschikbaar; dat geldt als benadering van het jaargemiddelde"
        )
    return text
