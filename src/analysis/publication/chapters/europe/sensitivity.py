"""Chapter 3, sensitivities: the gaps with another choice of peers and on another price basis."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.data.assumptions import load_assumptions
from analysis.methods.peer_gaps import gaps, sensitivity
from analysis.publication import formatting as fmt
from analysis.publication.chapters.europe.result import (
    POOLED_YEARS,
)
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import (
    DENOMINATOR_LABELS,
    INDICATOR_LABELS,
    INTERVAL_VERDICT_LABELS,
    PEER_SHORT_NAMES,
)

CHOICE_NL = {"all": "alle instellingen van de top"}


def peer_choice_label(choice: str) -> str:
    if choice in CHOICE_NL:
        return CHOICE_NL[choice]
    kind, _, group = choice.partition(":")
    name = PEER_SHORT_NAMES.get(group, group)
    return f"alleen {name}" if kind == "only" else f"zonder {name}"


#: Chapter 3's pointer to the one place where every sensitivity of the report is shown.
SENSITIVITY_POINTER = (
    "Hoe het aantal vergelijkingen waarin Nederland achterloopt verandert met de keuze van de "
    "vergelijkingsinstellingen en met het prijspeil, staat in hoofdstuk 5 onder ‘Gevoeligheid "
    "voor aannames’."
)


def peer_choice_table(sens: pd.DataFrame) -> Table:
    """How the headline count moves with the choice of peers (each alone, each left out;
    site only).

    `sens`: `peer_gaps.peer_choice_sensitivity` of the chapter's comparisons.
    """
    frame = pd.DataFrame(
        {
            "Vergelijken met": sens["choice"].map(peer_choice_label),
            "Vergelijkingen": sens["n_comparisons"],
            "Achter": sens["n_behind"],
            "Voor": sens["n_ahead"],
            "Niet te onderscheiden": sens["n_indistinguishable"],
            "Gemiddelde verhouding NL/top": sens["mean_ratio"],
        }
    )
    return Table(
        "gevoeligheid_vergelijkingsgroep",
        "Uitkomst van hoofdstuk 3 met elke instelling van de top alleen en met elke instelling "
        "weggelaten",
        frame,
        {"Gemiddelde verhouding NL/top": Column(format="number:2")},
        pdf=False,
    )


def price_sensitivity(
    wide: pd.DataFrame, data_dir: Path, year: int, *, n_boot: int = gaps.N_BOOT
) -> pd.DataFrame:
    """The Dutch total's comparisons on every price basis of the assumptions table's
    `price_base_year` row: its alternatives (nominal euros, 2015 prices), then the one used."""
    years = [y for y in range(year - POOLED_YEARS + 1, year + 1) if y in set(wide["year"])]
    return sensitivity.price_basis_sensitivity(
        wide,
        reference.load_institutions(data_dir),
        reference.load_peers(data_dir),
        reference.load_fx_rates(data_dir),
        reference.load_price_index(data_dir),
        years=years,
        base_years=load_assumptions(data_dir).price_years(year),
        n_boot=n_boot,
        ci=load_assumptions(data_dir).confidence_level,
    )


def price_table(sens: pd.DataFrame) -> pd.DataFrame:
    """Ratio NL/top and verdict per money comparison under each price basis, side by side."""
    money = sens[sens["per_euro"]].copy()
    money["basis_nl"] = [
        "nominaal" if b == "nominal" else f"prijspeil {b.split(':')[1]}" for b in money["basis"]
    ]
    money["cell"] = [
        f"{fmt.number(r, 2)} ({INTERVAL_VERDICT_LABELS[str(v)]})"
        for r, v in zip(money["ratio"], money["verdict"], strict=True)
    ]
    money["comparison"] = (
        money["indicator"].map(INDICATOR_LABELS).fillna(money["indicator"])
        + " "
        + money["denominator"].map(DENOMINATOR_LABELS).fillna(money["denominator"])
        + " / "
        + money["peer_group"].map(PEER_SHORT_NAMES).fillna(money["peer_group"])
    )
    order = list(dict.fromkeys(money["basis_nl"]))
    frame = money.pivot_table(
        index="comparison", columns="basis_nl", values="cell", aggfunc="first"
    )
    frame = frame[order]
    frame.index.name = "Vergelijking"
    frame.columns.name = None
    return frame.reset_index()
