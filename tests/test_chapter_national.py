"""Chapter 2 (national figures) on a hand-made frame with known totals."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.chapters import national


@pytest.fixture
def wide() -> pd.DataFrame:
    rows = [
        # institution, year, spinoffs, disclosures, licences, fte
        ("a", 2023, 4.0, 10.0, 2.0, 5.0),
        ("b", 2023, 6.0, 20.0, float("nan"), 3.0),
        ("a", 2024, 5.0, 12.0, 3.0, 6.0),
        ("b", 2024, 10.0, 18.0, 1.0, 3.5),
        ("c", 2024, float("nan"), 5.0, 0.0, 1.0),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "institution_id",
            "year",
            "spinoffs",
            "invention_disclosures",
            "licence_agreements",
            "kto_staff_fte",
        ],
    )
    frame["is_demonstration"] = True
    return frame


@pytest.fixture
def institutions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "institution_id": ["a", "b", "c"],
            "type": ["university", "university", "umc"],
            "ecosystem": ["Delft", "Twente", "Delft"],
        }
    )


def test_totals_sum_only_reported_values(wide: pd.DataFrame) -> None:
    totals = national.national_totals(wide).set_index(["year", "indicator"])
    assert totals.loc[(2023, "licence_agreements"), "value"] == 2.0
    assert totals.loc[(2023, "licence_agreements"), "n_reporting"] == 1
    assert totals.loc[(2024, "spinoffs"), "value"] == 15.0
    assert totals.loc[(2024, "spinoffs"), "n_reporting"] == 2


def test_year_table_change_by_hand(wide: pd.DataFrame) -> None:
    table = national.year_table(wide, 2024).set_index("indicator")
    # spin-offs 10 → 15: +50%; disclosures 30 → 35: +16,7%
    assert table.loc["spinoffs", "Verandering"] == pytest.approx(0.5)
    assert table.loc["invention_disclosures", "Verandering"] == pytest.approx(5 / 30)
    shown = national.format_year_table(national.year_table(wide, 2024), 2024)
    assert list(shown.loc[shown["Indicator"] == "Spin-offs", "Verandering"]) == ["+50,0%"]
    assert list(shown.loc[shown["Indicator"] == "KTO-personeel", "2024"]) == ["10,5"]


def test_change_from_zero_is_missing_not_infinite() -> None:
    frame = pd.DataFrame(
        {
            "institution_id": ["a", "a"],
            "year": [2023, 2024],
            "spinoffs": [0.0, 3.0],
            "is_demonstration": False,
        }
    )
    table = national.year_table(frame, 2024)
    assert math.isnan(table.loc[0, "Verandering"])


def test_by_type_and_ecosystem(wide: pd.DataFrame, institutions: pd.DataFrame) -> None:
    types = national.by_type(wide, institutions, 2024).set_index("Type")
    assert types.loc["Universiteiten", "Spin-offs"] == 15.0
    assert types.loc["Universiteiten", "instellingen"] == 2
    assert types.loc["Umc's", "Uitvindingsmeldingen"] == 5.0
    eco = national.by_ecosystem(wide, institutions, 2024)
    assert list(eco["Ecosysteem"]) == ["Twente", "Delft"]  # 10 spin-offs before 5
    assert eco.set_index("Ecosysteem").loc["Delft", "Uitvindingsmeldingen"] == 17.0


def test_summary_names_the_year_figures(wide: pd.DataFrame) -> None:
    text = national.summary_markdown(wide, 2024)
    assert text.startswith("In 2024 meldden 3 kennisinstellingen")
    assert "15 spin-offs (+50,0% ten opzichte van 2023)" in text


def test_demonstration_flag(wide: pd.DataFrame) -> None:
    assert national.uses_demonstration_data(wide, 2024)
    real = wide.assign(is_demonstration=False)
    assert not national.uses_demonstration_data(real)
