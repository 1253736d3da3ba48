"""The HE-BCI adapter on the real North-East England extract: known values survive unchanged."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.data import process
from analysis.data.adapters import hebci

EXTRACT = hebci.default_path()
needs_extract = pytest.mark.skipif(
    EXTRACT is None, reason="../shared/external (real HE-BCI extract) is absent on this machine"
)
DURHAM = "uk_10007143"
# ECB annual mean EUR per GBP for 2014, as in data/raw/context/fx_rates.csv (FX020 in the
# shared reference: 1 / 0.80612).
EUR_PER_GBP_2014 = 1.24051


def _value(frame: pd.DataFrame, institution_id: str, year: int, indicator: str) -> float:
    match = frame.loc[
        (frame["institution_id"] == institution_id)
        & (frame["year"] == year)
        & (frame["indicator"] == indicator),
        "value",
    ]
    assert len(match) == 1
    return float(match.iloc[0])


def test_academic_year_convention() -> None:
    assert hebci.academic_year_start("2014/15") == 2014
    assert hebci.academic_year_start("1999/00") == 1999
    with pytest.raises(ValueError):
        hebci.academic_year_start("2014/16")
    with pytest.raises(ValueError):
        hebci.academic_year_start("2014")


def test_rate_is_the_cited_ecb_annual_mean() -> None:
    assert hebci.eur_per_gbp()[2014] == EUR_PER_GBP_2014


@needs_extract
def test_durham_2014_15_known_values() -> None:
    submissions, _ = hebci.read_hebci(EXTRACT)
    assert _value(submissions, DURHAM, 2014, "invention_disclosures") == 41
    # 8,246 GBP thousand x 1,000 x 1.24051 EUR/GBP = EUR 10,229,245.46 (by hand)
    assert _value(submissions, DURHAM, 2014, "contract_research_eur") == pytest.approx(
        10_229_245.46, abs=0.01
    )
    assert _value(submissions, DURHAM, 2014, "contract_research_n") == 355
    # Durham 2023/24 lands in year 2023 with the extract's 58 disclosures
    assert _value(submissions, DURHAM, 2023, "invention_disclosures") == 58


@needs_extract
def test_frame_shape_ids_units_and_notes() -> None:
    submissions, institutions = hebci.read_hebci(EXTRACT)
    # 5 universities x 10 academic years x 8 mapped indicators
    assert len(submissions) == 5 * 10 * 8
    assert set(submissions["source_id"]) == {"hesa_hebci"}
    assert sorted(institutions["institution_id"]) == sorted(set(submissions["institution_id"]))
    assert all(i.startswith("uk_") for i in institutions["institution_id"])
    assert submissions["year"].between(2014, 2023).all()
    money = submissions["indicator"].str.endswith("_eur")
    assert set(submissions.loc[money, "unit"]) == {"EUR"}
    assert set(submissions.loc[~money, "unit"]) == {"count"}
    counts = submissions.loc[~money, "value"].dropna()
    assert (counts >= 0).all() and (counts == counts.round()).all()
    patents = submissions["indicator"] == "priority_patent_applications"
    assert submissions.loc[patents, "note"].str.contains("niet alleen prioritaire").all()
    assert submissions.loc[money, "note"].str.contains("ECB-jaarkoers").all()
    first = submissions.iloc[0]
    assert first["row"] == 2


@needs_extract
def test_runs_through_processing() -> None:
    submissions, _ = hebci.read_hebci(EXTRACT)
    long = process.to_long(submissions, None)
    wide = process.to_wide(long)
    assert len(wide) == 50
    assert not wide["is_demonstration"].any()
    durham = wide.loc[(wide["institution_id"] == DURHAM) & (wide["year"] == 2014)].iloc[0]
    assert durham["invention_disclosures"] == 41
