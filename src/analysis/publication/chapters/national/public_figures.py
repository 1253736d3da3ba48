"""Chapter 2, the figures public sources give per institution (annual accounts, annual reports).

Before the institutions submit their figures, these are the only per-institution figures
on knowledge transfer the monitor can show under a real name: each was read in a cited
document, with its year and what it counts, and none is the monitor's own indicator
(income in a financial year is not the value of agreements signed in it). They stand as
read: nothing is summed across institutions whose figures measure different things.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.data.sources import cite
from analysis.publication.chapters.copublications.prose import (
    ACCOUNTS_MONEY_NOTE,
    FIGURE_COLUMNS,
    Accounts,
)
from analysis.publication.display.table import Table
from analysis.publication.labels import SOURCE_STATUS_LABELS

NAME = "cijfers_openbare_bronnen"


def public_figures_table(data_dir: Path) -> Table | None:
    """Every read figure per institution, with its year, source and status (None: none read)."""
    accounts = Accounts.load(Path(data_dir))
    figures = accounts.figures
    if figures.empty:
        return None
    names = reference.load_institutions(Path(data_dir)).set_index("institution_id")["name_nl"]
    figures = figures[figures["institution_id"].isin(names.index)]
    if figures.empty:
        return None
    figures = figures.assign(name=figures["institution_id"].map(names)).sort_values(
        ["name", "label_nl", "year"], kind="stable"
    )
    money = figures["unit"] == "EUR"
    frame = pd.DataFrame(
        {
            "Instelling": figures["name"],
            "Jaar": figures["year"].astype("int64"),
            "Gegeven": figures["label_nl"],
            "Bedrag": figures["value"].where(money).astype("float64"),
            "Aantal": figures["value"].where(~money).astype("float64"),
            "Herkomst": figures["status"].map(SOURCE_STATUS_LABELS).fillna(figures["status"]),
            "Bron": [cite(s, accounts.sources) for s in figures["source_id"]],
        }
    ).reset_index(drop=True)
    return Table(
        name=NAME,
        caption="Cijfers over kennisoverdracht die openbare bronnen per instelling geven",
        frame=frame,
        columns=FIGURE_COLUMNS,
        source_note=(
            f"Bronnen: zie de kolom Bron en de bronnenlijst in bijlage B. {ACCOUNTS_MONEY_NOTE} "
            "Aantallen zoals de bron ze noemt; de definitie verschilt per bron en per instelling."
        ),
        basis="real",
    )


def public_figures_markdown(table: Table) -> str:
    """The paragraph above the table: what these figures are and what they are not."""
    institutions = table.frame["Instelling"].nunique()
    return (
        f"Voor {institutions} instellingen geven jaarrekeningen, jaarverslagen en andere "
        "openbare bronnen losse cijfers over kennisoverdracht: baten uit contractonderzoek "
        "voor bedrijven, aantallen spin-offs of octrooiaanvragen. Ze staan hieronder zoals ze "
        "gelezen zijn, met jaar en bron. Ze zijn niet bij elkaar opgeteld en niet met elkaar "
        "vergeleken, omdat elke bron iets anders telt, en ze zijn niet de indicatoren van de "
        "monitor zelf."
    )
