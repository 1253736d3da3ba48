"""Small hand-made panels the chapter tests share, each with figures simple enough that the
expected answers can be worked out by hand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def steady_panel(
    spinoffs: Mapping[str, float], years: Sequence[int] = range(2019, 2026)
) -> pd.DataFrame:
    """Every institution in `spinoffs` with its own number of spin-offs and the same other
    figures every year of `years`: EUR 200 mln research, 10 fte, 20 disclosures, 10 patent
    applications, 2 licences, EUR 20 mln spin-off capital (rows as submitted)."""
    rows = [
        {
            "institution_id": inst,
            "year": year,
            "research_expenditure_eur": 2e8,
            "kto_staff_fte": 10.0,
            "invention_disclosures": 20.0,
            "priority_patent_applications": 10.0,
            "spinoffs": n,
            "licence_agreements": 2.0,
            "spinoff_capital_eur": 2e7,
            "is_demonstration": False,
        }
        for inst, n in spinoffs.items()
        for year in years
    ]
    return pd.DataFrame(rows)


def no_break_panel(seed: int = 8) -> pd.DataFrame:
    """Spin-offs of the institutions of institutions.csv, 2010–2025, smooth growth, no break."""
    rng = np.random.default_rng(seed)
    ids = list(pd.read_csv(RAW / "institutions.csv")["institution_id"])
    rows = []
    for iid in ids:
        a = np.log(rng.uniform(5, 40))
        for year in range(2010, 2026):
            rows.append(
                {
                    "institution_id": iid,
                    "year": year,
                    "spinoffs": float(rng.poisson(np.exp(a + 0.03 * (year - 2010)))),
                    "is_demonstration": False,
                }
            )
    return pd.DataFrame(rows)


def three_institutions() -> pd.DataFrame:
    """Institutions a and b (universities, Delft and Twente) and c (a umc in Delft)."""
    return pd.DataFrame(
        {
            "institution_id": ["a", "b", "c"],
            "short_name": ["Inst A", "Inst B", "Inst C"],
            "type": ["university", "university", "umc"],
            "ecosystem": ["Delft", "Twente", "Delft"],
        }
    )
