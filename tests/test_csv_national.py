"""Chapter 2's downloads hold numbers as numbers: the yearly totals, the growth within
institutions and the count models, each row for row against the table the page shows."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from analysis.data.assumptions import Levels
from analysis.publication.chapters.national import counts, trend
from analysis.publication.chapters.national import totals as national_totals
from panels import three_institutions
from test_chapter_national import hand_models

#: The shipped levels of the assumptions table: 95% intervals, tests at 5%.
SHIPPED = Levels(0.95, 0.05)

#: A number as the page writes it: thousands dots, a decimal comma, a sign.
_DUTCH_NUMBER = re.compile(r"[+\-−]?\d{1,3}(?:\.\d{3})*(?:,\d+)?|[+\-−]?\d+(?:,\d+)?")


#: Half a unit of the last digit the page prints (0,1% and 0,01), with room for the
#: binary representation of a value that lies exactly halfway.
HALF_PERMILLE = 0.0005 + 1e-12
HALF_HUNDREDTH = 0.005 + 1e-12


def dutch(text: str) -> float:
    """The number in a cell the page shows: '€ 400 mln' is 4e8, '+50,0%' is 0.5."""
    found = _DUTCH_NUMBER.search(text)
    assert found, text
    value = float(found.group().replace("−", "-").replace(".", "").replace(",", "."))
    if "mln" in text:
        value *= 1e6
    if text.strip().endswith("%"):
        value /= 100
    return value


def dutch_range(text: str) -> tuple[float, float]:
    """'+1,0% tot +6,5%' or '0,52 tot 1,36' as its two ends."""
    low, high = text.split(" tot ")
    return dutch(low), dutch(high)


def _no_code_names(frame: pd.DataFrame) -> None:
    assert not [c for c in frame.columns if "_" in str(c)], list(frame.columns)


@pytest.fixture
def wide() -> pd.DataFrame:
    """Three institutions; b has no licences in 2023, c only a 2024 row without spin-offs."""
    rows = [
        # institution, year, spinoffs, licences, fte, research expenditure
        ("a", 2023, 4.0, 2.0, 5.0, 1.0e8),
        ("b", 2023, 6.0, np.nan, 3.0, 2.0e8),
        ("a", 2024, 5.0, 3.0, 6.0, 1.5e8),
        ("b", 2024, 10.0, 1.0, 3.5, 2.5e8),
        ("c", 2024, np.nan, 0.0, 1.0, np.nan),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "institution_id",
            "year",
            "spinoffs",
            "licence_agreements",
            "kto_staff_fte",
            "research_expenditure_eur",
        ],
    )
    frame["is_demonstration"] = True
    return frame


@pytest.fixture
def institutions() -> pd.DataFrame:
    return three_institutions()


def test_the_totals_download_holds_euros_counts_and_fractions(
    wide: pd.DataFrame, institutions: pd.DataFrame
) -> None:
    table = trend.year_table(wide, 2024, institutions)
    totals = trend.totals_table(table, 2024)
    shown, data = totals.shown_frame, totals.csv_frame
    _no_code_names(data)
    assert list(data["Indicator"]) == list(shown["Indicator"])
    assert data["2024"].dtype == "float64"
    assert data["Verandering t.o.v. 2023"].dtype == "float64"
    assert data["Instellingen met opgave 2024"].dtype == "int64"
    assert data["Instellingen in beide jaren"].dtype == "int64"
    # by hand: research 1,5e8 + 2,5e8 = 4e8 euro (the page: "€ 400 mln"), over a and b
    # 3e8 -> 4e8 is +33,3%; spin-offs 4 + 6 = 10 -> 5 + 10 = 15 is +50,0%
    by_name = data.set_index("Indicator")
    research = by_name.loc["Onderzoeksuitgaven"]
    assert (research["2024"], research["Eenheid"]) == (4.0e8, "euro")
    assert research["Verandering t.o.v. 2023"] == pytest.approx(4 / 3 - 1)
    assert shown.set_index("Indicator").loc["Onderzoeksuitgaven", "2024"] == "€\u00a0400\u00a0mln"
    spinoffs = by_name.loc["Spin-offs"]
    assert (spinoffs["2024"], spinoffs["Eenheid"]) == (15.0, "aantal")
    assert spinoffs["Verandering t.o.v. 2023"] == pytest.approx(0.5)  # not 50
    assert by_name.loc["KTO-personeel", "Eenheid"] == "fte"
    assert by_name.loc["KTO-personeel", "2024"] == pytest.approx(10.5)
    # row for row, every number the page prints is the download's number, rounded
    for (_, page), (_, row) in zip(shown.iterrows(), data.iterrows(), strict=True):
        money = row["Eenheid"] == "euro"
        assert dutch(page["2024"]) == pytest.approx(row["2024"], abs=0.05e6 if money else 0.05)
        change = row["Verandering t.o.v. 2023"]
        if math.isnan(change):
            assert page["Verandering t.o.v. 2023"] == "–"
        else:
            assert dutch(page["Verandering t.o.v. 2023"]) == pytest.approx(
                change, abs=HALF_PERMILLE
            )
        assert int(page["Instellingen met opgave 2024"]) == row["Instellingen met opgave 2024"]
        assert int(page["Instellingen in beide jaren"]) == row["Instellingen in beide jaren"]
        assert page["Niet in beide jaren"] == row["Niet in beide jaren"]
    assert totals.unit("Verandering t.o.v. 2023").startswith("fractie")
    assert totals.unit("2024") == "zie kolom Eenheid"


def _growing(factor: float, years: range = range(2019, 2025)) -> pd.DataFrame:
    """Two institutions whose spin-offs grow by exactly `factor` each year; disclosures
    that grow at different rates per institution (an interval with some width)."""
    rows = []
    for inst, base, rate in (("a", 100.0, 1.02), ("b", 50.0, 1.08), ("c", 80.0, 1.05)):
        for k, year in enumerate(years):
            rows.append(
                {
                    "institution_id": inst,
                    "year": year,
                    "spinoffs": base * factor**k,
                    "invention_disclosures": round(base * rate**k),
                    "is_demonstration": True,
                }
            )
    return pd.DataFrame(rows)


def test_the_growth_download_holds_fractions_row_for_row() -> None:
    wide = _growing(1.1)
    indicators = ("spinoffs", "invention_disclosures")
    fitted = counts.growth(wide, SHIPPED, indicators)
    growth = counts.growth_table(fitted, SHIPPED)
    shown, data = growth.shown_frame, growth.csv_frame
    _no_code_names(data)
    assert (
        list(data["Indicator"]) == list(shown["Indicator"]) == ["Spin-offs", "Uitvindingsmeldingen"]
    )
    estimate, low, high = counts.growth_columns(SHIPPED)
    for column in counts.growth_columns(SHIPPED):
        assert data[column].dtype == "float64"
    # by hand: every institution grows by 10% a year, so the within estimate is 0.10
    # (the page: "+10,0%"), with an interval that has no width
    spin = data.iloc[0]
    assert spin[estimate] == pytest.approx(0.10, abs=1e-9)
    assert spin[low] == pytest.approx(0.10, abs=1e-6)
    assert spin[high] == pytest.approx(0.10, abs=1e-6)
    assert shown.iloc[0]["Groei per jaar"] == "+10,0%"
    assert (spin["Instellingen"], spin["Waarnemingen"]) == (3, 18)
    # disclosures grow by 2 to 8%: an estimate inside, an interval around it
    disc = data.iloc[1]
    assert 0.02 < disc[estimate] < 0.08
    assert disc[low] < disc[estimate] < disc[high]
    for (_, page), (_, row) in zip(shown.iterrows(), data.iterrows(), strict=True):
        assert dutch(page["Groei per jaar"]) == pytest.approx(row[estimate], abs=HALF_PERMILLE)
        page_low, page_high = dutch_range(page["95%-interval"])
        assert page_low == pytest.approx(row[low], abs=HALF_PERMILLE)
        assert page_high == pytest.approx(row[high], abs=HALF_PERMILLE)
        assert (page["Instellingen"], page["Waarnemingen"]) == (
            str(row["Instellingen"]),
            str(row["Waarnemingen"]),
        )
    assert {growth.unit(c) for c in counts.growth_columns(SHIPPED)} == {
        national_totals.FRACTION_UNIT
    }


def test_the_growth_download_of_too_few_years_is_empty_with_the_same_columns() -> None:
    wide = _growing(1.1, years=range(2023, 2025))
    data = counts.growth_table(counts.growth(wide, SHIPPED, ("spinoffs",)), SHIPPED).csv_frame
    assert data.empty
    assert list(data.columns) == [
        "Indicator",
        *counts.growth_columns(SHIPPED),
        "Instellingen",
        "Waarnemingen",
    ]


def test_the_count_model_download_holds_estimate_interval_and_p_value() -> None:
    models = hand_models("log_kto_staff_fte")
    table = counts.count_model_table(models, SHIPPED)
    shown, data = table.shown_frame, table.csv_frame
    _no_code_names(data)
    assert len(data) == len(shown) == 1
    row = data.iloc[0]
    # the hand-made selected (negative binomial) size term: 1,25 (1,05 tot 1,45), p 0.0004
    assert (row["Uitkomst"], row["Model"], row["Term"]) == (
        "Spin-offs",
        "negatief-binomiaal",
        counts.SIZE_TERM_NL,
    )
    assert row["Schatting"] == pytest.approx(1.25)
    assert row["Ondergrens 95%-interval"] == pytest.approx(1.05)
    assert row["Bovengrens 95%-interval"] == pytest.approx(1.45)
    assert row["p-waarde"] == pytest.approx(0.0004)  # the page: "< 0,001"
    assert row["Instellingen"] == 3
    for column in ("Schatting", "Ondergrens 95%-interval", "Bovengrens 95%-interval", "p-waarde"):
        assert data[column].dtype == "float64"
    for (_, page), (_, mine) in zip(shown.iterrows(), data.iterrows(), strict=True):
        assert dutch(page["Schatting"]) == pytest.approx(mine["Schatting"], abs=HALF_HUNDREDTH)
        page_low, page_high = dutch_range(page["95%-interval"])
        assert page_low == pytest.approx(mine["Ondergrens 95%-interval"], abs=HALF_HUNDREDTH)
        assert page_high == pytest.approx(mine["Bovengrens 95%-interval"], abs=HALF_HUNDREDTH)
        if page["p-waarde"].startswith("<"):
            assert mine["p-waarde"] < 0.001
        else:
            assert dutch(page["p-waarde"]) == pytest.approx(mine["p-waarde"], abs=HALF_PERMILLE)
        assert int(page["Instellingen"]) == mine["Instellingen"]
    assert table.unit("p-waarde") == "kans (0 tot 1)"
    assert table.unit("Schatting").startswith("coëfficiënt op logschaal")
