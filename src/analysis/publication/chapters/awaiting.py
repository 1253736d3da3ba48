"""What the published edition says where the institutions have not yet submitted figures.

The first real edition of the monitor is a baseline: it shows the public figures that
exist and says, once per chapter and in plain words, what is not yet measured. No
chapter then computes totals, trends or gaps over an empty table, and no sentence
speaks of submissions that do not exist.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.data.indicators import catalogue, load_indicators
from analysis.publication import formatting as fmt
from analysis.publication.display.table import Table

#: The one sentence each chapter says where the monitor's own indicators have no figure yet.
AWAITING = "Hiervoor zijn nog geen opgaven van de instellingen."


def has_submissions(wide: pd.DataFrame, year: int | None = None) -> bool:
    """Whether any institution submitted figures for a year up to `year` (all years: None)."""
    rows = wide if year is None else wide[wide["year"] <= year]
    return not rows.empty


def monitored(data_dir: Path) -> int:
    """How many institutions the monitor follows (institutions.csv)."""
    return len(reference.load_institutions(data_dir))


def indicator_labels(data_dir: Path, *, outputs_only: bool = False) -> list[str]:
    """The Dutch labels of the monitor's indicators, in catalogue order (lower case first
    letter, for use inside a sentence); `outputs_only` leaves out the denominators."""
    cat = catalogue(data_dir)
    labels = []
    for code in cat.codes:
        entry = cat.get(code)
        if outputs_only and entry.model_group == "input":
            continue
        label = entry.label
        labels.append(label[:1].lower() + label[1:])
    return labels


def not_yet_markdown(year: int, data_dir: Path, subject: str) -> str:
    """The chapter's one paragraph on what is not yet measured, with `subject` saying what
    this chapter will show from the submissions ('de landelijke totalen en trends')."""
    return (
        f"Dit hoofdstuk toont {subject} zodra de instellingen hun eerste opgaven hebben "
        f"ingediend. {AWAITING[:-1]}: voor {year} heeft nog geen van de "
        f"{fmt.number(monitored(data_dir))} instellingen die de monitor volgt cijfers over haar "
        "kennisoverdracht aangeleverd."
    )


def awaiting_table(data_dir: Path) -> Table:
    """The monitor's indicators with their unit and definition: what each institution is
    asked to report every year, and what the next editions will show (site only)."""
    table = load_indicators(data_dir)
    units = {"EUR": "euro", "FTE": "fte", "count": "aantal"}
    frame = pd.DataFrame(
        {
            "Indicator": table["label_nl"],
            "Eenheid": table["unit"].map(units).fillna(table["unit"]),
            "Wat wordt geteld": table["definition_nl"],
        }
    )
    return Table(
        "indicatoren_per_instelling",
        "Wat elke instelling jaarlijks opgeeft: de indicatoren van de monitor",
        frame,
        basis="real",
        pdf=False,
    )
