"""Chapter 2 computed once: the year's totals, growth within institutions, count models and
the totals per type and per ecosystem, as one typed result.

The fits (growth, count models) are the costly part; computing them once means the table,
its download and the text beside it read the same estimates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.data import reference
from analysis.data.assumptions import Levels, load_levels
from analysis.publication.chapters.national.counts import count_model_results, growth
from analysis.publication.chapters.national.trend import by_ecosystem, by_type, year_table

if TYPE_CHECKING:  # statsmodels is imported where the models are fitted, not on import
    from analysis.methods.trends.counts import CountModels


@dataclass(frozen=True)
class NationalResult:
    """What chapter 2 shows for one year: `totals` (`year_table`: totals with reporters and
    like-for-like changes), `growth` (`growth`), `count_models` (`count_model_results`),
    `per_type` (`by_type`) and `per_ecosystem` (`by_ecosystem`); `levels`: the confidence
    level of the intervals and the test level (assumptions table), which the text names."""

    totals: pd.DataFrame
    growth: pd.DataFrame
    count_models: CountModels
    per_type: pd.DataFrame
    per_ecosystem: pd.DataFrame
    levels: Levels


def compute(wide: pd.DataFrame, data_dir: Path, year: int) -> NationalResult:
    """Chapter 2's tables and fits for `year` over `wide` (the notebook's data up to `year`)."""
    institutions = reference.load_institutions(data_dir)
    levels = load_levels(data_dir)
    return NationalResult(
        totals=year_table(wide, year, institutions),
        growth=growth(wide, levels),
        count_models=count_model_results(wide, institutions, levels),
        per_type=by_type(wide, institutions, year),
        per_ecosystem=by_ecosystem(wide, institutions, year),
        levels=levels,
    )
