"""Chapter 3, sensitivities: the gaps with another choice of peers and on another price basis."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.data.assumptions import load_assumptions
from analysis.methods.peer_gaps import gaps, sensitivity
from analysis.publication.chapters.europe.result import (
    POOLED_YEARS,
)
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import (
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
    assumptions = load_assumptions(data_dir)
    return sensitivity.price_basis_sensitivity(
        wide,
        reference.load_institutions(data_dir),
        reference.load_peers(data_dir),
        reference.load_fx_rates(data_dir),
        reference.load_price_index(data_dir),
        years=years,
        base_years=assumptions.price_years(year),
        n_boot=n_boot,
        ci=assumptions.confidence_level,
    )
