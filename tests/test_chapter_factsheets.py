"""Fact sheets: hand-checked figures, the direct SVG and the Vega-Lite spec agree."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.chapters import factsheets

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def small_wide() -> pd.DataFrame:
    rows = []
    for inst, scale in (("tud", 1.0), ("uu", 2.0)):
        for year, k in ((2023, 1), (2024, 2), (2025, 3)):
            rows.append(
                {
                    "institution_id": inst,
                    "year": year,
                    "research_expenditure_eur": 100e6 * scale,
                    "kto_staff_fte": 10.0 * k,
                    "invention_disclosures": 10.0 * k * scale,
                    "priority_patent_applications": 4.0,
                    "licence_agreements": 2.0,
                    "spinoffs": 1.0 * k,
                    "research_agreements_n": 20.0,
                    "contract_research_n": 30.0,
                    "startups_supported": np.nan if year == 2024 else 5.0,
                    "licence_income_eur": 1e6,
                    "is_demonstration": True,
                }
            )
    return pd.DataFrame(rows)


def test_sparkline_coordinates_by_hand() -> None:
    # width 520, margins l46 r12 t14 b44 → plot 462 × 132; vmax 10.
    svg = factsheets.sparkline_svg([2020, 2021], [("A", "#000000", [0.0, 10.0])])
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'points="46.0,146.0 508.0,14.0"' in svg


def test_sparkline_breaks_at_missing_values() -> None:
    svg = factsheets.sparkline_svg([2020, 2021, 2022], [("A", "#000000", [1.0, math.nan, 1.0])])
    assert "<polyline" not in svg  # two one-point segments: dots only
    assert svg.count("<circle") == 2


def test_trend_spec_drops_missing_and_keeps_colours() -> None:
    spec = factsheets.trend_spec(
        [2020, 2021], [("A", "#111111", [1.0, math.nan]), ("B", "#222222", [2.0, 3.0])]
    )
    assert spec["data"]["values"] == [
        {"Jaar": 2020, "Indicator": "A", "Aantal": 1.0},
        {"Jaar": 2020, "Indicator": "B", "Aantal": 2.0},
        {"Jaar": 2021, "Indicator": "B", "Aantal": 3.0},
    ]
    assert spec["encoding"]["color"]["scale"]["range"] == ["#111111", "#222222"]


def test_sheets_figures_by_hand() -> None:
    sheets = {s.institution_id: s for s in factsheets.compute_sheets(small_wide(), RAW, 2025)}
    assert list(sheets) == ["tud", "uu"]  # order of institutions.csv
    tud = sheets["tud"]
    figures = {k["label"]: k for k in tud.keyfigures}
    assert figures["Spin-offs"]["value"] == "3"
    assert figures["Spin-offs"]["note"] == "+50,0% t.o.v. 2024"  # 2 → 3
    assert figures["Onderzoeksuitgaven"]["value"] == "€ 100,0 mln"
    table = tud.table.set_index("Indicator")
    column = "Per € 100 mln, 2023–2025"
    # disclosures 10+20+30 over EUR 300 M → 20 per EUR 100 M; uu: 120 over 600 M → 20 too.
    assert table.loc["Uitvindingsmeldingen", column] == 20.0
    assert table.loc["Spin-offs", column] == 2.0
    assert table.loc["Spin-offs", "Mediaan eigen type"] == 1.5  # median of 2.0 (tud) and 1.0 (uu)
    # startups are missing in 2024: 5 + 5 over the 2023 and 2025 spending (EUR 200 M) = 5,0,
    # not 10 over three years of spending (3,3); uu: 10 over EUR 400 M = 2,5.
    assert table.loc["Ondersteunde startups", column] == 5.0
    # the years behind each ratio: the window in the column, the exception in the caption
    assert factsheets.table_caption(tud, 2025) == (
        "TU Delft: 2024, 2025 en per € 100 mln onderzoek van hetzelfde jaar, naast de "
        "typemediaan; ondersteunde startups alleen 2023 en 2025"
    )
    assert table.loc["Ondersteunde startups", "Mediaan eigen type"] == 3.75  # median of 5 and 2,5
    assert "consortium Delft (penvoerder)" in tud.about
    assert tud.demo


def test_index_lists_every_sheet() -> None:
    sheets = factsheets.compute_sheets(small_wide(), RAW, 2025)
    index = factsheets.index_table(sheets)
    assert list(index["Afkorting"]) == ["TU Delft", "UU"]


def test_paired_intensity_with_a_missing_output_year() -> None:
    """Outputs 2, 4, – against spending 100, 100, 100 (EUR mln): 6 per 200 mln = 3,0."""
    wide = pd.DataFrame(
        {
            "institution_id": ["x"] * 3 + ["y"] * 3,
            "year": [2023, 2024, 2025] * 2,
            "research_expenditure_eur": [100e6, 100e6, 100e6, 100e6, np.nan, 100e6],
            "spinoffs": [2.0, 4.0, np.nan, 2.0, 4.0, 6.0],
        }
    )
    result = factsheets.intensity_table(wide, [2023, 2024, 2025])
    assert result.per100.loc["x", "spinoffs"] == 3.0  # 6 / 200, not 6 / 300 = 2,0
    assert result.years.loc["x", "spinoffs"] == (2023, 2024)
    # y: spending missing in 2024, so 2024's 4 spin-offs drop out too: (2 + 6) / 200 = 4,0
    assert result.per100.loc["y", "spinoffs"] == 4.0
    assert result.years.loc["y", "spinoffs"] == (2023, 2025)
    assert "invention_disclosures" not in result.per100.columns  # not in the data: not invented


def test_years_text() -> None:
    assert factsheets.years_text([2025, 2023, 2024]) == "2023–2025"
    assert factsheets.years_text([2023, 2025]) == "2023 en 2025"
    assert factsheets.years_text([2021, 2023, 2025]) == "2021, 2023 en 2025"
    assert factsheets.years_text([2024]) == "2024"
    assert factsheets.years_text([]) == "–"


def test_years_exceptions_name_only_the_short_ratios() -> None:
    used = {"spinoffs": (2023, 2024, 2025), "startups_supported": (2025,), "kto": ()}
    text = factsheets.years_exceptions(used, (2023, 2024, 2025))
    # indicators missing from `used` rest on no year at all
    assert "spin-offs" not in text
    assert "ondersteunde startups alleen 2025" in text
    assert text.startswith("uitvindingsmeldingen, prioritaire octrooiaanvragen")
    assert "(aantal) geen enkel jaar; ondersteunde startups alleen 2025" in text


def test_years_exceptions_group_indicators_with_the_same_years() -> None:
    window = (2023, 2024, 2025)
    short = (2023, 2025)
    every = {code: short for code in factsheets.SHEET_INDICATORS}
    assert factsheets.years_exceptions(every, window) == "alle indicatoren alleen 2023 en 2025"
    two = {code: window for code in factsheets.SHEET_INDICATORS}
    two["spinoffs"] = short
    two["invention_disclosures"] = short
    assert factsheets.years_exceptions(two, window) == (
        "uitvindingsmeldingen en spin-offs alleen 2023 en 2025"
    )
