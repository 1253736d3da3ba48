"""The price-basis table's download: chapter 3's money comparisons under each price basis.

The page shows one cell per comparison and price basis ("0,64 (achter)"), composed from
the ratio as a number and the verdict as text, each in its own column of the CSV. Built
from the `price_sens` frame (`europe.price_sensitivity`).
"""

from __future__ import annotations

from typing import cast

import pandas as pd

from analysis.publication.display.table import Column, Table
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


def _bases(sens: pd.DataFrame) -> list[str]:
    """The price bases of the money comparisons in Dutch, in `sens`'s order."""
    return list(dict.fromkeys(_basis_nl(str(b)) for b in sens.loc[sens["per_euro"], "basis"]))


def price_raw(sens: pd.DataFrame) -> pd.DataFrame:
    """Per money comparison (alphabetically) and price basis the ratio Netherlands/top as a
    number and the verdict as text, in their own columns (the page writes both in one
    cell: "0,64 (achter)"). Empty where a comparison has no figure on that basis."""
    money = sens[sens["per_euro"]].copy()
    money["comparison"] = _comparison(money)
    money["basis_nl"] = [_basis_nl(str(b)) for b in money["basis"]]
    money["verdict_nl"] = [INTERVAL_VERDICT_LABELS[str(v)] for v in money["verdict"]]
    keyed = money.drop_duplicates(["comparison", "basis_nl"], keep="first").set_index(
        ["comparison", "basis_nl"]
    )
    comparisons = sorted(set(money["comparison"]))
    data = pd.DataFrame({"Vergelijking": comparisons})
    for basis_nl in _bases(sens):
        keys = [(c, basis_nl) for c in comparisons]
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


def price_table(sens: pd.DataFrame) -> Table:
    """Ratio NL/top and verdict per money comparison under each price basis (site only).

    The page writes both in one cell per basis ("0,64 (achter)"); the CSV holds the ratio
    as a number (1 = equal to the top) and the verdict as text.
    """
    bases = _bases(sens)
    ratio = Column(unit=RATIO_UNIT)
    return Table(
        "gevoeligheid_prijspeil",
        "Vergelijkingen met bedragen: verhouding Nederland/top zonder prijscorrectie en in "
        "constante prijzen",
        price_raw(sens),
        {
            **{ratio_column(b): ratio for b in bases},
            **{
                b: Column(format="with_word:number:2", reads=(ratio_column(b), verdict_column(b)))
                for b in bases
            },
        },
        source_note="Met één prijsindex aan beide kanten hangt de verhouding niet af van het "
        "gekozen prijsjaar; zonder correctie worden bedragen uit verschillende jaren tegen "
        "elkaar gezet.",
        pdf=False,
        show=("Vergelijking", *bases),
    )
