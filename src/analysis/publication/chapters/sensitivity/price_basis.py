"""The price-basis table's download: chapter 3's money comparisons under each price basis.

The page shows `europe.price_table` (one cell per comparison and price basis, "0,64
(achter)"); a machine needs the ratio as a number and the verdict as text, each in its
own column. Built from the same `price_sens` frame (`europe.price_sensitivity`), row for
row in the page's order.
"""

from __future__ import annotations

from typing import cast

import pandas as pd

from analysis.publication.chapters.europe import sensitivity
from analysis.publication.labels import (
    DENOMINATOR_LABELS,
    INDICATOR_LABELS,
    INTERVAL_VERDICT_LABELS,
    PEER_SHORT_NAMES,
)

#: The codebook's unit of a ratio Netherlands/top.
RATIO_UNIT = "verhouding (1 = gelijk aan de top)"


def _comparison(money: pd.DataFrame) -> pd.Series[str]:
    """The page's label of each comparison: indicator, denominator and peer, in Dutch."""
    return (
        money["indicator"].map(INDICATOR_LABELS).fillna(money["indicator"])
        + " "
        + money["denominator"].map(DENOMINATOR_LABELS).fillna(money["denominator"])
        + " / "
        + money["peer_group"].map(PEER_SHORT_NAMES).fillna(money["peer_group"])
    )


def _basis_nl(basis: str) -> str:
    """'nominal' -> 'nominaal', 'prices:2015' -> 'prijspeil 2015' (the page's column names)."""
    return "nominaal" if basis == "nominal" else f"prijspeil {basis.split(':')[1]}"


def ratio_column(basis_nl: str) -> str:
    return f"Verhouding NL/top, {basis_nl}"


def verdict_column(basis_nl: str) -> str:
    return f"Oordeel, {basis_nl}"


def price_table_data(sens: pd.DataFrame) -> pd.DataFrame:
    """`europe.price_table` for the CSV download: the same rows, per price basis the ratio
    Netherlands/top as a number and the verdict as text in their own columns (the page
    writes both in one cell: "0,64 (achter)"). Empty where a comparison has no figure on
    that basis, as the page leaves the cell empty."""
    shown = sensitivity.price_table(sens)
    money = sens[sens["per_euro"]].copy()
    money["comparison"] = _comparison(money)
    money["basis_nl"] = [_basis_nl(str(b)) for b in money["basis"]]
    money["verdict_nl"] = [INTERVAL_VERDICT_LABELS[str(v)] for v in money["verdict"]]
    keyed = money.drop_duplicates(["comparison", "basis_nl"], keep="first").set_index(
        ["comparison", "basis_nl"]
    )
    data = pd.DataFrame({"Vergelijking": shown["Vergelijking"].to_numpy()})
    for basis_nl in (str(c) for c in shown.columns if c != "Vergelijking"):
        keys = [(str(c), basis_nl) for c in shown["Vergelijking"]]
        present = [k in keyed.index for k in keys]
        data[ratio_column(basis_nl)] = [
            float(cast(float, keyed.loc[k, "ratio"])) if p else float("nan")
            for k, p in zip(keys, present, strict=True)
        ]
        data[verdict_column(basis_nl)] = [
            str(keyed.loc[k, "verdict_nl"]) if p else None
            for k, p in zip(keys, present, strict=True)
        ]
    return data


def price_table_units(data: pd.DataFrame) -> dict[str, str]:
    """The codebook units of `price_table_data`'s ratio columns (the name says 'verhouding'
    but not what 1 means)."""
    return {c: RATIO_UNIT for c in data.columns if str(c).startswith("Verhouding NL/top")}
