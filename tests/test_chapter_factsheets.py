"""Fact sheets: hand-checked figures, the direct SVG and the Vega-Lite spec agree."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.publication.chapters.copublications import prose
from analysis.publication.chapters.factsheets import assembly, baseline
from analysis.publication.chapters.factsheets import figures as factsheets_figures
from analysis.publication.chapters.factsheets import text as factsheets_text
from analysis.publication.charts import theme
from analysis.publication.display import bundle
from analysis.publication.display import report as display_report

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
    # width 520, height 120, margins l46 r12 t12 b38 → plot 462 × 70; vmax 10.
    svg = factsheets_figures.sparkline_svg([2020, 2021], [("A", "#000000", [0.0, 10.0])])
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'points="46.0,82.0 508.0,12.0"' in svg


def test_sparkline_breaks_at_missing_values() -> None:
    svg = factsheets_figures.sparkline_svg(
        [2020, 2021, 2022], [("A", "#000000", [1.0, math.nan, 1.0])]
    )
    assert "<polyline" not in svg  # two one-point segments: dots only
    assert svg.count("<circle") == 2


def test_trend_spec_keeps_missing_years_as_nulls_and_keeps_colours() -> None:
    """A missing year is a null count, so the site's line breaks there like the PDF's."""
    spec = factsheets_figures.trend_spec(
        [2020, 2021], [("A", "#111111", [1.0, math.nan]), ("B", "#222222", [2.0, 3.0])]
    )
    assert spec["data"]["values"] == [
        {"Jaar": 2020, "Indicator": "A", "Aantal": 1.0},
        {"Jaar": 2021, "Indicator": "A", "Aantal": None},
        {"Jaar": 2020, "Indicator": "B", "Aantal": 2.0},
        {"Jaar": 2021, "Indicator": "B", "Aantal": 3.0},
    ]
    assert spec["encoding"]["color"]["scale"]["range"] == ["#111111", "#222222"]


def test_sheet_colours_are_series_colours_not_model_colours() -> None:
    colours = {c.lower() for _, c in factsheets_figures.CHART_SERIES}
    assert not colours & theme.RESERVED_MODEL_COLORS
    spec = factsheets_figures.trend_spec(
        [2020], [(label, c, [1.0]) for label, c in factsheets_figures.CHART_SERIES]
    )
    assert theme.palette_problems(spec) == []


def test_sheets_figures_by_hand() -> None:
    sheets = {s.institution_id: s for s in assembly.compute(small_wide(), RAW, 2025)}
    assert list(sheets) == ["tud", "uu"]  # order of institutions.csv
    tud = sheets["tud"]
    figures = {k["label"]: k for k in tud.keyfigures}
    assert list(figures) == ["Onderzoeksuitgaven", "KTO-personeel", "Licentie-inkomsten"]
    assert figures["KTO-personeel"]["value"] == "30\u00a0fte"  # a whole staff figure
    assert figures["KTO-personeel"]["note"] == "+50,0% t.o.v. 2024"  # 20 → 30
    assert figures["Onderzoeksuitgaven"]["value"] == "€\u00a0100\u00a0mln"
    table = tud.table.set_index("Indicator")
    column = "Per € 100 mln, 2023–2025"
    # disclosures 10+20+30 over EUR 300 M → 20 per EUR 100 M; uu: 120 over 600 M → 20 too.
    assert table.loc["Uitvindingsmeldingen", column] == 20.0
    assert table.loc["Spin-offs", column] == 2.0
    # two universities make no median of their type (fewer than MIN_TYPE_MEMBERS)
    assert table["Mediaan eigen type"].isna().all()
    # startups are missing in 2024: 5 + 5 over the 2023 and 2025 spending (EUR 200 M) = 5,0,
    # not 10 over three years of spending (3,3); uu: 10 over EUR 400 M = 2,5.
    assert table.loc["Ondersteunde startups", column] == 5.0
    # the years behind each ratio: the window in the column, the exception in the caption
    assert factsheets_text.table_caption(tud, 2025) == (
        "TU Delft: 2024, 2025 en per € 100 mln onderzoek; geen typemediaan: "
        "2 universiteiten, een mediaan vraagt er minstens 5; ondersteunde startups alleen 2023 "
        "en 2025"
    )
    assert "consortium Delft (penvoerder)" in tud.about
    assert "Valorisatiemodel 2023–2025: het **" in tud.about
    assert tud.demo


def test_index_lists_every_sheet() -> None:
    sheets = assembly.compute(small_wide(), RAW, 2025)
    index = factsheets_text.index_table(sheets)
    assert list(index["Instelling"]) == [s.name for s in sheets] and len(sheets) == 2
    assert "Afkorting" not in index  # each sheet gives the short name; the overview fits a page


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
    result = factsheets_figures.intensity_table(wide, [2023, 2024, 2025])
    assert result.per100.loc["x", "spinoffs"] == 3.0  # 6 / 200, not 6 / 300 = 2,0
    assert result.years.loc["x", "spinoffs"] == (2023, 2024)
    # y: spending missing in 2024, so 2024's 4 spin-offs drop out too: (2 + 6) / 200 = 4,0
    assert result.per100.loc["y", "spinoffs"] == 4.0
    assert result.years.loc["y", "spinoffs"] == (2023, 2025)
    assert "invention_disclosures" not in result.per100.columns  # not in the data: not invented


def test_years_text() -> None:
    assert factsheets_figures.years_text([2025, 2023, 2024]) == "2023–2025"
    assert factsheets_figures.years_text([2023, 2025]) == "2023 en 2025"
    assert factsheets_figures.years_text([2021, 2023, 2025]) == "2021, 2023 en 2025"
    assert factsheets_figures.years_text([2024]) == "2024"
    assert factsheets_figures.years_text([]) == "–"


def test_years_exceptions_name_only_the_short_ratios() -> None:
    used = {"spinoffs": (2023, 2024, 2025), "startups_supported": (2025,), "kto": ()}
    text = factsheets_text.years_exceptions(used, (2023, 2024, 2025))
    # indicators missing from `used` rest on no year at all
    assert "spin-offs" not in text
    assert "ondersteunde startups alleen 2025" in text
    assert text.startswith("uitvindingsmeldingen, prioritaire octrooiaanvragen")
    assert "(aantal) geen enkel jaar; ondersteunde startups alleen 2025" in text


def test_years_exceptions_group_indicators_with_the_same_years() -> None:
    window = (2023, 2024, 2025)
    short = (2023, 2025)
    every = {code: short for code in factsheets_figures.SHEET_INDICATORS}
    assert factsheets_text.years_exceptions(every, window) == "alle indicatoren alleen 2023 en 2025"
    two = {code: window for code in factsheets_figures.SHEET_INDICATORS}
    two["spinoffs"] = short
    two["invention_disclosures"] = short
    assert factsheets_text.years_exceptions(two, window) == (
        "uitvindingsmeldingen en spin-offs alleen 2023 en 2025"
    )


def five_universities() -> pd.DataFrame:
    """Five universities, spin-offs 1..5 per EUR 100 mln; one umc alone of its type."""
    rest = {
        "kto_staff_fte": 10.0,
        "invention_disclosures": 20.0,
        "priority_patent_applications": 4.0,
        "licence_agreements": 2.0,
        "research_agreements_n": 20.0,
        "contract_research_n": 30.0,
        "licence_income_eur": 1e6,
    }
    rows = []
    for k, inst in enumerate(("tud", "tue", "ut", "uu", "ul"), start=1):
        for year in (2023, 2024, 2025):
            rows.append(
                {
                    "institution_id": inst,
                    "year": year,
                    "research_expenditure_eur": 100e6,
                    "spinoffs": float(k),
                    "startups_supported": float(k) if inst != "ul" else np.nan,
                    "is_demonstration": True,
                    **rest,
                }
            )
    for year in (2023, 2024, 2025):
        rows.append(
            {
                "institution_id": "lumc",
                "year": year,
                "research_expenditure_eur": 100e6,
                "spinoffs": 9.0,
                "startups_supported": 9.0,
                "is_demonstration": True,
                **rest,
            }
        )
    return pd.DataFrame(rows)


def test_type_median_only_where_the_type_has_enough_members() -> None:
    assert factsheets_figures.MIN_TYPE_MEMBERS == 5
    sheets = {s.institution_id: s for s in assembly.compute(five_universities(), RAW, 2025)}
    ut = sheets["ut"].table.set_index("Indicator")
    # spin-offs per EUR 100 mln of the five universities: 1, 2, 3, 4, 5 -> median 3
    assert ut.loc["Spin-offs", "Mediaan eigen type"] == 3.0
    # startups: UL has none, four universities are too few for a median
    assert np.isnan(ut.loc["Ondersteunde startups", "Mediaan eigen type"])
    assert factsheets_text.table_caption(sheets["ut"], 2025).startswith(
        "UT: 2024, 2025 en per € 100 mln onderzoek, naast de mediaan van de "
        "5 universiteiten (niet waar minder dan 5 er een cijfer hebben)"
    )
    # the only umc: no median of its own type, and the caption says why, with the n
    lumc = sheets["lumc"].table
    assert lumc["Mediaan eigen type"].isna().all()
    assert "geen typemediaan: 1 universitair medisch centrum, een mediaan vraagt er minstens 5" in (
        factsheets_text.table_caption(sheets["lumc"], 2025)
    )


def test_median_text() -> None:
    assert (
        factsheets_text.median_text("university", [14] * 7)
        == "naast de mediaan van de 14 universiteiten"
    )
    assert factsheets_text.median_text("umc", [8, 7, 8]) == "naast de mediaan van 7 tot 8 umc's"
    assert factsheets_text.median_text("to2", [1, 1]) == (
        "geen typemediaan: 1 TO2-instelling, een mediaan vraagt er minstens 5"
    )


def test_university_sheets_carry_the_real_figures_labelled_real(tmp_path: Path) -> None:
    sheets = {s.institution_id: s for s in assembly.compute(small_wide(), RAW, 2025)}
    tud = sheets["tud"]
    # TU Delft in the Leiden Ranking 2020: 10,5% of its publications with industry (1.235)
    (real,) = tud.real_keyfigures
    assert (real["value"], real["basis"]) == ("10,5%", "real")
    assert "1.235 publicaties 2015–2018; plaats 42 van 1.176" in real["note"]
    assert tud.accounts is None  # no annual-accounts figure transcribed for TU Delft
    report = display_report.Report(tmp_path, 2025, demo=True, emit=False)
    factsheets_text.show_all(report, [tud], 2025)
    payloads = [b[bundle.MIME] for b in report.bundles]
    # no notice per sheet (labels and the page footer say it; the annex opens with it)
    assert not [p for p in payloads if p["kind"] == "notice"]
    keyfigures = next(p for p in payloads if p["kind"] == "keyfigures")
    bases = [i["basis"] for i in keyfigures["items"]]
    assert bases == ["demonstration"] * 3 + ["real"]  # one row of four boxes
    assert [p["basis"] for p in payloads if p["kind"] in ("chart", "table")] == [
        "demonstration",
        "demonstration",
    ]


def test_annual_accounts_figures_reach_the_sheet_as_real(tmp_path: Path) -> None:
    wide = small_wide().replace({"institution_id": {"uu": "ut"}})
    ut = next(s for s in assembly.compute(wide, RAW, 2025) if s.institution_id == "ut")
    assert ut.accounts is not None
    report = display_report.Report(tmp_path, 2025, demo=True, emit=False)
    factsheets_text.show_all(report, [ut], 2025)
    tables = [b[bundle.MIME] for b in report.bundles if b[bundle.MIME]["kind"] == "table"]
    assert [(t["name"], t["basis"]) for t in tables] == [
        ("instelling-ut", "demonstration"),
        ("jaarrekening-ut", "real"),
    ]
    # UT's contract research income from companies, 2021: EUR 18,5 mln (annual report 2022)
    rows = tables[1]["rows"]
    assert rows[[r[:2] for r in rows].index(["2021", "Contractonderzoek voor bedrijven (baten)"])][
        :3
    ] == ["2021", "Contractonderzoek voor bedrijven (baten)", "€\u00a018,5\u00a0mln"]


def test_annex_intro_states_the_rules_once() -> None:
    text = factsheets_text.intro_markdown()
    assert "ten minste 5 instellingen met een cijfer" in text
    assert "Geciteerde bron" in text
    assert prose.ACCOUNTS_MONEY_NOTE in text
    assert text.endswith(factsheets_text.PRINTED_SHEETS_NOTE)  # the printed sheets are short


def test_the_overview_table_holds_every_institutions_outputs_of_the_year() -> None:
    """The annex's overview: the year's disclosures and spin-offs as on each sheet."""
    sheets = assembly.compute(small_wide(), RAW, 2025)
    index = factsheets_text.index_table(sheets).set_index("Instelling")
    for sheet in sheets:
        own = sheet.table.set_index("Indicator")["2025"]
        row = index.loc[sheet.name]
        assert row["Uitvindingsmeldingen 2025"] == own["Uitvindingsmeldingen"]
        assert row["Spin-offs 2025"] == own["Spin-offs"]


def test_the_published_overview_shows_the_real_share_of_industry_publications() -> None:
    wide = small_wide().iloc[0:0]
    sheets = baseline.baseline_sheets(wide, RAW, 2025)
    table = baseline.baseline_index_table(sheets).set_index("Instelling")
    share = table["Co-publicaties met bedrijven (%)"]
    # CWTS Leiden Ranking 2020, 2015–2018 (data/raw/benchmark/leiden_ranking.csv): TU Delft
    # 10,5%, TU Eindhoven 15,6%; an institution the ranking does not list has none.
    assert share["Technische Universiteit Delft"] == pytest.approx(10.5, abs=0.05)
    assert share["Technische Universiteit Eindhoven"] == pytest.approx(15.6, abs=0.05)
    assert pd.isna(share["TNO"])
