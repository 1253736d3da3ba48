"""Chapter 5's downloads hold the numbers behind the text the page shows (issue 12, item 7).

For each table (the break, its placebo years, the partner comparison, the break-year
sensitivity, the scenario's outcomes and the price-basis comparison) the CSV's frame has
the page's rows in the page's order, and every number in it is the one the page prints
once the printed Dutch text is parsed back; hand-made inputs give known answers.
"""

from __future__ import annotations

import dataclasses
import math
import re

import pandas as pd
import pytest

from analysis.data.assumptions import Levels
from analysis.publication.chapters.europe import sensitivity as europe_sensitivity
from analysis.publication.chapters.scheme import catch_up, effect, effect_tables
from analysis.publication.chapters.sensitivity import price_basis
from analysis.publication.display.table import Table
from editions import with_submissions_dir
from panels import no_break_panel, steady_panel

#: A data folder with submissions (the scenario and its sources exist only there): data/raw
#: with test submissions beside the real institutions (tests/editions.py).
RAW = with_submissions_dir()
#: The download's columns of the interval's ends, at the shipped confidence level.
LOW_95, HIGH_95 = "95%-interval: ondergrens", "95%-interval: bovengrens"
MISSING = "–"


def parse_change(text: str) -> float:
    """'+22,1%' -> 0.221, '−9,3%' -> -0.093 (the page's `fmt.change`: the minus is U+2212)."""
    m = re.fullmatch(r"([+−]?\d+(?:,\d+)?)%", text)
    assert m, text
    return float(m.group(1).replace(",", ".").replace("−", "-")) / 100


def parse_interval(text: str) -> tuple[float, float]:
    """'+5,0% tot +40,0%' -> (0.05, 0.40)."""
    low, high = text.split(" tot ")
    return parse_change(low), parse_change(high)


def parse_number(text: str) -> float:
    """Dutch notation: '1.234' -> 1234, '60,59' -> 60.59, '−2' -> -2."""
    assert re.fullmatch(r"−?\d{1,3}(\.\d{3})*(,\d+)?", text), text
    return float(text.replace(".", "").replace(",", ".").replace("−", "-"))


def parse_money(text: str) -> float:
    """'€ 1,2 mln' -> 1_200_000, '€ 1.234' -> 1234 (no-break spaces, as the page writes)."""
    m = re.fullmatch(r"€\u00a0(−?[\d.,]+)(\u00a0mln|\u00a0mld)?", text)
    assert m, text
    scale = {"\u00a0mln": 1e6, "\u00a0mld": 1e9, None: 1.0}[m.group(2)]
    return parse_number(m.group(1)) * scale


def assert_p(shown: str, value: float) -> None:
    """The page prints '< 0,001' below 0.001, else the p-value to three decimals."""
    if shown == "< 0,001":
        assert value < 0.001
    else:
        assert value == pytest.approx(parse_number(shown), abs=0.0005 + 1e-12)


def assert_change(shown: str, value: float) -> None:
    if shown == MISSING:
        assert math.isnan(value)
    else:
        assert value == pytest.approx(parse_change(shown), abs=0.0005 + 1e-12)


def hand_analysis() -> effect.BreakAnalysis:
    """A break analysis written by hand: every number in it is known."""
    its = pd.DataFrame(
        {
            "indicator": "spinoffs",
            "term": ["trend", "level_change", "slope_change"],
            "estimate": [0.03, 0.2, 0.01],
            "p_value": [0.0004, 0.0312, 0.5],
            "effect_pct": [3.0, 22.1, -1.25],
            "effect_pct_low": [1.0, 5.0, -2.0],
            "effect_pct_high": [5.0, 40.0, 4.0],
            "n_post_years": 3,
        }
    )
    placebos = pd.DataFrame(
        {
            "indicator": "spinoffs",
            "placebo_year": [2014, 2014, 2013, 2013, 2020],
            "term": ["level_change", "slope_change"] * 2 + ["level_change"],
            "effect_pct": [13.8, -5.5, 2.0, 0.4, -9.4],
            "p_value": [0.509, 0.592, 0.9, 0.95, 0.439],
        }
    )
    did = pd.DataFrame(
        {
            "indicator": "spinoffs",
            "term": ["did", "pre_trend"],
            "estimate": [0.3, 0.0],
            "p_value": [0.0123, 0.519],
            "effect_pct": [35.0, -1.4],
            "effect_pct_low": [10.0, -2.0],
            "effect_pct_high": [60.0, 2.0],
            "n_treated": 25,
            "n_control": 12,
        }
    )
    sensitivity = pd.concat(
        [
            pd.DataFrame(
                {
                    "term": ["level_change", "slope_change"],
                    "effect_pct": [-1.2, 1.9],
                    "effect_pct_low": [-16.9, -3.0],
                    "effect_pct_high": [17.4, 7.0],
                    "p_value": [0.888, 0.4],
                    "n_post_years": 4,
                    "candidate": "plan_year",
                    "break_year": 2022,
                }
            ),
            pd.DataFrame(
                {
                    "term": ["level_change"],
                    "effect_pct": [-3.3],
                    "effect_pct_low": [-18.9],
                    "effect_pct_high": [15.4],
                    "p_value": [0.712],
                    "n_post_years": 1,
                    "candidate": "full_year",
                    "break_year": 2025,
                }
            ),
            pd.DataFrame(
                {
                    "term": ["level_change"],
                    "effect_pct": [12.0],
                    "effect_pct_low": [-4.0],
                    "effect_pct_high": [30.0],
                    "p_value": [0.2],
                    "n_post_years": 3,
                    "candidate": "budget_dose",
                    "break_year": 2023,
                }
            ),
        ],
        ignore_index=True,
    )
    return effect.BreakAnalysis(
        start=effect.SchemeStart(2022, 2023, "assumption", 2025),
        its=its,
        placebos=placebos,
        placebo_summary=pd.DataFrame(),
        did=did,
        did_placebos=pd.DataFrame(),
        did_placebo_summary=pd.DataFrame(),
        sensitivity=sensitivity,
        control_types=("university of applied sciences",),
        control_per_year={"spinoffs": 3.4},
        demo=False,
        levels=Levels(0.95, 0.05),
        dose={2023: 1 / 3, 2024: 2 / 3, 2025: 1.0},
    )


@pytest.fixture(scope="module")
def fitted() -> effect.BreakAnalysis:
    """A real fit (interrupted time series, placebos, partners, break years) on a panel."""
    return effect.break_analysis(no_break_panel(), RAW)


def _shown_and_data(table: Table) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the page shows (before formatting) and what the CSV holds."""
    return table.shown_frame, table.csv_frame


def scenario_panel(spinoffs: float = 1.0) -> pd.DataFrame:
    """Three institutions with EUR 200M research and 20 disclosures each, the same outputs
    every year; with one spin-off each the country lags the top on spin-offs too."""
    return steady_panel(dict.fromkeys(("vb_univ_a", "vb_univ_b", "vb_umc_a"), spinoffs))


# --- the break (regeling_breuk) ------------------------------------------------------


def check_its(analysis: effect.BreakAnalysis) -> pd.DataFrame:
    shown, data = _shown_and_data(effect_tables.its_table(analysis))
    assert len(data) == len(shown) > 0
    assert data["Indicator"].tolist() == shown["Indicator"].tolist()
    assert data["Term"].tolist() == shown["Term"].tolist()
    for column in ("Verandering", LOW_95, HIGH_95, "p-waarde"):
        assert data[column].dtype == "float64"
    for (_, s), (_, d) in zip(shown.iterrows(), data.iterrows(), strict=True):
        assert_change(s["Verandering"], d["Verandering"])
        low, high = parse_interval(s["95%-interval"])
        assert d[LOW_95] == pytest.approx(low, abs=0.0005)
        assert d[HIGH_95] == pytest.approx(high, abs=0.0005)
        assert_p(s["p-waarde"], d["p-waarde"])
    return data


def test_the_break_download_holds_fractions_and_p_values() -> None:
    data = check_its(hand_analysis()).set_index("Term")
    # by hand: +22,1% is 0.221, its interval +5,0% tot +40,0% is 0.05 to 0.40
    level = data.loc["niveausprong in 2023"]
    assert (
        level["Verandering"],
        level[LOW_95],
        level[HIGH_95],
    ) == pytest.approx((0.221, 0.05, 0.40))
    assert level["p-waarde"] == 0.0312
    # the page writes "< 0,001"; the download keeps the p-value itself
    assert data.loc["trend vóór 2023", "p-waarde"] == 0.0004
    assert data.loc["trendbreuk vanaf 2023 (per jaar)", "Verandering"] == pytest.approx(-0.0125)


def test_the_break_download_of_a_real_fit_matches_the_page(
    fitted: effect.BreakAnalysis,
) -> None:
    check_its(fitted)


def test_no_break_measured_yet_gives_an_empty_download() -> None:
    empty = dataclasses.replace(hand_analysis(), its=pd.DataFrame(), placebos=pd.DataFrame())
    assert effect_tables.its_table(empty).csv_frame.empty
    assert list(effect_tables.its_table(empty).csv_frame.columns)[2:] == [
        "Verandering",
        LOW_95,
        HIGH_95,
        "p-waarde",
    ]
    assert effect_tables.placebo_table(empty).csv_frame.empty


# --- the placebo years (regeling_placebo) --------------------------------------------


def check_placebos(analysis: effect.BreakAnalysis) -> pd.DataFrame:
    shown, data = _shown_and_data(effect_tables.placebo_table(analysis))
    assert len(data) == len(shown) > 1
    assert data["Indicator"].tolist() == shown["Indicator"].tolist()
    assert data["Breukjaar"].dtype == "int64"
    assert [f"{y} ({k})" for y, k in zip(data["Breukjaar"], data["Soort breuk"], strict=True)] == (
        shown["Breukjaar"].tolist()
    )
    for (_, s), (_, d) in zip(shown.iterrows(), data.iterrows(), strict=True):
        assert_change(s["Niveausprong"], d["Niveausprong"])
        assert_change(s["Trendbreuk"], d["Trendbreuk"])
        for p in ("p (niveau)", "p (trend)"):
            if s[p] == MISSING:
                assert math.isnan(d[p])
            else:
                assert_p(s[p], d[p])
    return data


def test_the_placebo_download_by_hand() -> None:
    data = check_placebos(hand_analysis())
    assert data["Breukjaar"].tolist() == [2023, 2013, 2014, 2020]  # the real break first
    assert data["Soort breuk"].tolist() == ["start financiering"] + ["placebo"] * 3
    row = data.iloc[2]  # 2014: +13,8% (p 0,509), -5,5% (p 0,592)
    assert (row["Niveausprong"], row["p (niveau)"]) == pytest.approx((0.138, 0.509))
    assert (row["Trendbreuk"], row["p (trend)"]) == pytest.approx((-0.055, 0.592))
    last = data.iloc[3]  # 2020 has no slope term: the page writes "–", the CSV is empty
    assert math.isnan(last["Trendbreuk"]) and math.isnan(last["p (trend)"])


def test_the_placebo_download_of_a_real_fit_matches_the_page(
    fitted: effect.BreakAnalysis,
) -> None:
    check_placebos(fitted)


# --- the partners (regeling_partners) ------------------------------------------------


def check_did(analysis: effect.BreakAnalysis) -> pd.DataFrame:
    shown, data = _shown_and_data(effect_tables.did_table(analysis))
    assert len(data) == len(shown) > 0
    assert data["Indicator"].tolist() == shown["Indicator"].tolist()
    for (_, s), (_, d) in zip(shown.iterrows(), data.iterrows(), strict=True):
        assert_change(s["Verschil in verandering"], d["Verschil in verandering"])
        low, high = parse_interval(s["95%-interval"])
        assert (d[LOW_95], d[HIGH_95]) == pytest.approx((low, high), abs=0.0005)
        assert_p(s["p-waarde"], d["p-waarde"])
        assert_change(
            s["Verschil in trend vooraf (per jaar)"], d["Verschil in trend vooraf (per jaar)"]
        )
        assert_p(s["p-waarde (trend vooraf)"], d["p-waarde (trend vooraf)"])
        assert (d["Partners"], d["Overige"]) == (
            parse_number(s["Partners"]),
            parse_number(s["Overige"]),
        )
    assert data["Partners"].dtype == data["Overige"].dtype == "int64"
    return data


def test_the_partner_download_by_hand() -> None:
    row = check_did(hand_analysis()).iloc[0]
    # by hand: +35,0% (+10,0% tot +60,0%), p 0,0123; pre-trend -1,4% per year, p 0,519
    assert (
        row["Verschil in verandering"],
        row[LOW_95],
        row[HIGH_95],
    ) == (pytest.approx((0.35, 0.10, 0.60)))
    assert row["p-waarde"] == 0.0123
    assert row["Verschil in trend vooraf (per jaar)"] == pytest.approx(-0.014)
    assert (row["Partners"], row["Overige"]) == (25, 12)


def test_the_partner_download_of_a_real_fit_matches_the_page(
    fitted: effect.BreakAnalysis,
) -> None:
    data = check_did(fitted)
    assert (data.iloc[0]["Partners"], data.iloc[0]["Overige"]) == (25, 12)


# --- the break years (regeling_breukjaar) --------------------------------------------


def check_break_years(analysis: effect.BreakAnalysis) -> pd.DataFrame:
    shown, data = _shown_and_data(effect_tables.sensitivity_table(analysis))
    assert len(data) == len(shown) > 0
    for column in ("Breuk", "Waarom deze breuk"):
        assert data[column].tolist() == shown[column].tolist()
    for (_, s), (_, d) in zip(shown.iterrows(), data.iterrows(), strict=True):
        assert s["Breuk"].startswith(str(d["Breukjaar"]))
        assert_change(s["Niveausprong"], d["Niveausprong"])
        low, high = parse_interval(s["95%-interval"])
        assert (d[LOW_95], d[HIGH_95]) == pytest.approx((low, high), abs=0.0005)
        # the page says in words what the download's p-value says at 5%
        assert s["Groter dan toeval"] == ("ja" if d["p-waarde"] < analysis.levels.test else "nee")
        assert_change(s["Trendbreuk"], d["Trendbreuk"])
        assert d["Jaren vanaf de breuk"] == parse_number(s["Jaren vanaf de breuk"])
    return data


def test_the_break_year_download_by_hand() -> None:
    data = check_break_years(hand_analysis())
    assert data["Breukjaar"].tolist() == [2022, 2025, 2023]
    assert data["Breuk"].tolist() == ["2022", "2025", "2023–2025, oplopend"]
    assert data["Niveausprong"].tolist() == pytest.approx([-0.012, -0.033, 0.12])
    assert data["Jaren vanaf de breuk"].tolist() == [4, 1, 3]
    assert math.isnan(data.iloc[1]["Trendbreuk"])  # the page writes "–"


def test_the_break_year_download_of_a_real_fit_matches_the_page(
    fitted: effect.BreakAnalysis,
) -> None:
    data = check_break_years(fitted)
    assert {2022, 2023, 2025} <= set(data["Breukjaar"])


# --- the scenario's outcomes (scenario_uitkomsten) -----------------------------------


def test_the_scenario_outcomes_download_holds_the_numbers_behind_the_text() -> None:
    s = catch_up.compute_scenario(scenario_panel(), RAW, 2025)
    shown, data = _shown_and_data(catch_up.summary_table(s))
    assert len(data) == len(shown) > 0
    for column in ("Indicator", "Noemer", "Variant"):
        assert data[column].tolist() == shown[column].tolist()
    sm = s.summary
    assert data["Doel (intensiteit)"].tolist() == sm["target_intensity"].tolist()
    extra = [c for c in shown.columns if c.startswith("Extra")]
    assert extra == [c for c in data.columns if c.startswith("Extra")]
    for (_, srow), (_, drow), unit in zip(
        shown.iterrows(), data.iterrows(), data["Eenheid"], strict=True
    ):
        parse = parse_money if unit == "euro" else parse_number
        target = srow["Doel (intensiteit)"]
        assert drow["Doel (intensiteit)"] == pytest.approx(
            parse(target), rel=0.01 if unit == "euro" else 0, abs=0.005 + 1e-9
        )
        for column in extra:
            assert drow[column] == pytest.approx(parse(srow[column]), rel=0.01, abs=0.5 + 1e-9)
    # by hand: a target intensity per disclosure times the 60 disclosures a year (3 x 20)
    # is the target count; the extra output in 2029 is that less today's count, and the
    # linear path from 2026 to 2029 adds 1/4, 2/4, 3/4 and 4/4 of it: 2.5 times in all
    targets = s.targets.set_index(["indicator", "denominator"])

    def row(indicator: str, variant: str) -> pd.Series:
        pick = data[
            (data["Indicator"] == indicator)
            & (data["Noemer"] == "per uitvindingsmelding")
            & (data["Variant"] == variant)
        ]
        assert len(pick) == 1
        return pick.iloc[0]

    licences = row("Licentie- en optieovereenkomsten", "centraal")
    central = targets.loc[("licence_agreements", "per_disclosure"), "target_central"]
    assert licences["Eenheid"] == "aantal"
    assert licences["Doel (intensiteit)"] == central
    assert licences["Extra in 2029"] == pytest.approx(60 * central - 6.0)  # 3 x 2 licences now
    assert licences["Extra 2026–2029 samen"] == pytest.approx(2.5 * (60 * central - 6.0))
    spinoffs = row("Spin-offs", "laag")
    low = targets.loc[("spinoffs", "per_disclosure"), "target_low"]
    assert spinoffs["Extra in 2029"] == pytest.approx(60 * low - 3.0)  # 3 x 1 spin-off now


def test_the_scenario_outcomes_download_splits_the_long_run_jobs() -> None:
    s = catch_up.compute_scenario(scenario_panel(), RAW, 2025)
    shown, data = _shown_and_data(catch_up.summary_table(s))
    assert data["Banen in 2029 (jonge spin-offs)"].dropna().tolist() == pytest.approx(
        s.summary["extra_jobs"].dropna().tolist()
    )
    for text, low, high in zip(
        shown["Banen na decennia (bandbreedte)"],
        data["Banen na decennia: laag"],
        data["Banen na decennia: hoog"],
        strict=True,
    ):
        if text == MISSING:
            assert math.isnan(low) and math.isnan(high)
        else:
            lo_text, hi_text = text.split("–")
            assert (low, high) == pytest.approx(
                (parse_number(lo_text), parse_number(hi_text)), abs=0.5
            )


# --- the price basis (gevoeligheid_prijspeil) ----------------------------------------


def hand_price_sens() -> pd.DataFrame:
    """Two money comparisons on three price bases; one has no figure at 2015 prices."""
    rows = [
        ("nominal", "spinoffs", 0.82, "behind"),
        ("prices:2015", "spinoffs", 0.64, "behind"),
        ("prices:2025", "spinoffs", 0.64, "behind"),
        ("nominal", "licence_agreements", 1.11, "indistinguishable"),
        ("prices:2025", "licence_agreements", 1.44, "ahead"),
        ("nominal", "invention_disclosures", 9.0, "ahead"),  # not money: not in the table
    ]
    return pd.DataFrame(
        {
            "basis": [r[0] for r in rows],
            "indicator": [r[1] for r in rows],
            "denominator": ["per_100m_research"] * 5 + ["per_kto_fte"],
            "peer_group": "oxford",
            "per_euro": [True] * 5 + [False],
            "ratio": [r[2] for r in rows],
            "verdict": [r[3] for r in rows],
        }
    )


def check_prices(sens: pd.DataFrame) -> pd.DataFrame:
    table = price_basis.price_table(sens)
    shown, data = table.shown_frame, table.csv_frame
    assert data["Vergelijking"].tolist() == shown["Vergelijking"].tolist()
    bases = [c for c in shown.columns if c != "Vergelijking"]
    for basis in bases:
        ratio = data[price_basis.ratio_column(basis)]
        verdict = data[price_basis.verdict_column(basis)]
        assert ratio.dtype == "float64"
        for cell, r, v in zip(shown[basis], ratio, verdict, strict=True):
            if cell == "–":
                assert math.isnan(r) and pd.isna(v)
                continue
            number, word = re.fullmatch(r"(\S+) \((.+)\)", str(cell)).groups()  # type: ignore[union-attr]
            assert r == pytest.approx(parse_number(number), abs=0.005 + 1e-9)
            assert v == word
    ratios = [c for c in data.columns if table.unit(c) == price_basis.RATIO_UNIT]
    assert sorted(ratios) == sorted(price_basis.ratio_column(b) for b in bases)
    return data


def test_the_price_basis_download_by_hand() -> None:
    data = check_prices(hand_price_sens())
    assert list(data.columns) == [
        "Vergelijking",
        "Verhouding NL/top, nominaal",
        "Oordeel, nominaal",
        "Verhouding NL/top, prijspeil 2015",
        "Oordeel, prijspeil 2015",
        "Verhouding NL/top, prijspeil 2025",
        "Oordeel, prijspeil 2025",
    ]
    spinoffs = data[data["Vergelijking"].str.startswith("Spin-offs")].iloc[0]
    assert spinoffs["Verhouding NL/top, nominaal"] == 0.82  # the page: "0,82 (achter)"
    assert spinoffs["Oordeel, prijspeil 2015"] == "achter"
    licences = data[data["Vergelijking"].str.startswith("Licentie")].iloc[0]
    assert math.isnan(licences["Verhouding NL/top, prijspeil 2015"])  # no figure there
    assert licences["Oordeel, prijspeil 2025"] == "voor"
    assert len(data) == 2  # the comparison per fte is not about money


def test_the_price_basis_download_of_a_real_computation_matches_the_page() -> None:
    sens = europe_sensitivity.price_sensitivity(scenario_panel(), RAW, 2025, n_boot=30)
    data = check_prices(sens)
    assert len(data) > 0


def test_without_lagging_spin_offs_the_download_has_no_job_columns() -> None:
    s = catch_up.compute_scenario(scenario_panel(spinoffs=10.0), RAW, 2025)
    shown, data = _shown_and_data(catch_up.summary_table(s))
    assert not any(c.startswith("Banen") for c in shown.columns)
    assert not any(c.startswith("Banen") for c in data.columns)
    assert len(data) == len(shown) > 0
