"""Chapter 5 computed once: the break around the scheme's start, the catch-up scenario and
its projection, as one typed result.

The chapter's notebook shows it; the summary, the key messages and the signals read the
same result (computed with the same settings), so no part of the report can state a
verdict on the scheme that the chapter did not reach.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.publication.chapters.scheme.catch_up import ScenarioResult, compute_scenario
from analysis.publication.chapters.scheme.detectable import Detectable, compute_detectable
from analysis.publication.chapters.scheme.effect import BreakAnalysis, break_analysis
from analysis.publication.chapters.scheme.projection import projection_frame


@dataclass(frozen=True)
class SchemeResult:
    """What chapter 5 found: `breaks` (interrupted time series, placebos, partner
    comparison, break-year sensitivity), `plan` (the catch-up scenario from chapter 3's
    comparisons), `projection` (the headline indicator's path to 2029 against the
    scenario's target, `projection_frame`) and `detectable` (what the break's tests could
    have seen: their power and smallest detectable rise, by simulation)."""

    breaks: BreakAnalysis
    plan: ScenarioResult
    projection: pd.DataFrame
    detectable: Detectable


def compute(wide: pd.DataFrame, data_dir: Path, year: int) -> SchemeResult:
    """Chapter 5's analyses with the chapter's settings (every indicator of the break)."""
    plan = compute_scenario(wide, data_dir, year)
    breaks = break_analysis(wide, data_dir)
    return SchemeResult(
        breaks=breaks,
        plan=plan,
        projection=projection_frame(wide, plan),
        detectable=compute_detectable(wide, data_dir, breaks),
    )
