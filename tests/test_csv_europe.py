"""Chapter 3's downloads hold numbers as numbers: the gap to the European top and the gap
per institution type, each row for row against the table the page shows."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from analysis.methods.peer_gaps import peers
from analysis.publication.chapters.europe import result as europe_result
from analysis.publication.chapters.europe import tables, types
from panels import steady_panel
from test_chapter_europe_scenario import RAW, panel
from test_csv_national import HALF_HUNDREDTH, dutch

#: The columns of `total_table_data` that hold a value (not text), in the page's order:
#: (column of the page, the download's value, lower and upper end).
_TOTAL_VALUES = (
    (
        "Nederland (95%-interval)",
        "Nederland",
        "Nederland: ondergrens 95%-interval",
        "Nederland: bovengrens 95%-interval",
    ),
    ("Top (bandbreedte)", "Top: centraal", "Top: laag", "Top: hoog"),
    ("Verhouding NL/top", "Verhouding NL/top", "Verhouding: ondergrens", "Verhouding: bovengrens"),
)


def _page_value(cell: str) -> tuple[float, float, float]:
    """'3,59 (2,92–4,48)' -> (3.59, 2.92, 4.48); '0,64' -> (0.64, 0.64, 0.64);
    '0,69 (≥ 0,42)' -> (0.69, 0.42, inf): the page's value and range, parsed."""
    if "(" not in cell:
        v = dutch(cell)
        return v, v, v
    value, inner = cell.split(" (", 1)
    inner = inner.rstrip(")")
    if inner.startswith("≥"):
        return dutch(value), dutch(inner), math.inf
    low, high = inner.split("–")
    return dutch(value), dutch(low), dutch(high)


def _close(page: float, data: float, money: bool) -> bool:
    """Equal to the page's rounding: whole euros, or two decimals."""
    if math.isinf(page):
        return math.isnan(data)  # unbounded on the page, empty in the download
    return abs(page - data) <= (0.5 + 1e-6 if money else HALF_HUNDREDTH)


def test_the_gap_download_holds_each_value_and_its_range() -> None:
    result = europe_result.compute(panel(2.0, 10.0), RAW, 2025, n_boot=30)
    shown = tables.total_table(result)
    data = tables.total_table_data(result)
    assert not [c for c in data.columns if "_" in c]
    assert len(data) == len(shown) > 3
    for text in ("Indicator", "Noemer", "Top", "Oordeel"):
        assert data[text].tolist() == shown[text].tolist()
    for _, value, low, high in _TOTAL_VALUES:
        for column in (value, low, high):
            assert data[column].dtype == "float64"
    # by hand: 2 licences per 20 disclosures = 0.10 against ETH Zurich 87/205, with the
    # exact interval of a ratio of two yearly counts (the page: "0,10" and "0,42 (0,33–0,55)";
    # the ETH Domain's 341 count other agreements too and are not compared)
    eth_low, eth_high = peers.rate_ratio_interval(87, 205)
    lic = data[(data["Indicator"] == "Licentie- en optieovereenkomsten") & (data["Top"] == "ETH")]
    row = lic.iloc[0]
    assert row["Nederland"] == pytest.approx(0.1)
    assert row["Top: laag"] == pytest.approx(eth_low)
    assert row["Top: hoog"] == pytest.approx(eth_high)
    assert row["Verhouding: bovengrens"] == pytest.approx(0.1 / eth_low)
    assert (row["Eenheid"], row["Oordeel"]) == ("aantal", "achter")
    capital = data[data["Indicator"] == "Kapitaal opgehaald door spin-offs"].iloc[0]
    assert capital["Eenheid"] == "euro, prijspeil 2025"
    # row for row, every number the page prints is the download's number, rounded
    for (_, page), (_, mine) in zip(shown.iterrows(), data.iterrows(), strict=True):
        money = mine["Eenheid"] != "aantal"
        for shown_column, value, low, high in _TOTAL_VALUES:
            is_money = money and shown_column != "Verhouding NL/top"
            parsed = _page_value(page[shown_column])
            for p, d in zip(parsed, (mine[value], mine[low], mine[high]), strict=True):
                assert _close(p, d, is_money), (page[shown_column], value, d)
    assert set(tables.TOTAL_DATA_UNITS) <= set(data.columns)


def test_an_unbounded_top_is_an_empty_cell_not_infinity() -> None:
    """A top figure that is only a lower bound: the page writes '≥ 0,33', the download
    leaves the upper end empty (a CSV cell 'inf' is no number a spreadsheet reads)."""
    result = europe_result.compute(panel(2.0, 10.0), RAW, 2025, n_boot=30)
    comp = result.comparisons.copy()
    top = tables.total_table_data(result)
    target = (
        (comp["level"] == "total")
        & (comp["peer_group"] == "eth")
        & (comp["indicator"] == "licence_agreements")
        & (comp["denominator"] == "per_disclosure")
    )
    assert target.sum() == 1
    comp.loc[target, "peer_high"] = np.inf
    comp.loc[target, "ratio_low"] = 0.0
    changed = dataclasses.replace(result, comparisons=comp)
    shown = tables.total_table(changed)
    data = tables.total_table_data(changed)
    i = int(
        np.flatnonzero(
            (top["Indicator"] == "Licentie- en optieovereenkomsten") & (top["Top"] == "ETH")
        )[0]
    )
    assert "≥ 0,33" in shown.loc[i, "Top (bandbreedte)"]
    assert math.isnan(data.loc[i, "Top: hoog"])
    assert data.loc[i, "Top: laag"] == pytest.approx(peers.rate_ratio_interval(87, 205)[0])
    assert np.isfinite(data.select_dtypes("float64").fillna(0.0).to_numpy()).all()


def _five_universities() -> pd.DataFrame:
    return steady_panel(
        {
            inst: 8.0 + k
            for k, inst in enumerate(
                ("vb_univ_a", "vb_univ_b", "vb_univ_c", "vb_univ_d", "vb_univ_e")
            )
        }
    )


def test_the_type_download_splits_ratio_and_verdict() -> None:
    result = europe_result.compute(_five_universities(), RAW, 2025, n_boot=30)
    shown = types.type_table(result)
    data = types.type_table_data(result)
    assert not [c for c in data.columns if "_" in c]
    assert shown["Groep (instellingen)"].tolist() == ["Nederland (5)", "Universiteiten (5)"]
    assert data["Groep"].tolist() == ["Nederland", "Universiteiten"]
    assert data["Instellingen"].tolist() == [5, 5]
    assert data["Instellingen"].dtype == "int64"
    comparisons = [c for c in shown.columns if c != "Groep (instellingen)"]
    expected = ["Groep", "Instellingen"]
    for c in comparisons:
        expected += [c + types.TYPE_RATIO_SUFFIX, c + types.TYPE_VERDICT_SUFFIX]
    assert list(data.columns) == expected
    # by hand: 2 licences per 20 disclosures against ETH Zurich's 87/205 (the ETH Domain's
    # figure counts other agreements too: not comparable, so no median of the two)
    eth = "Licentie- en optieovereenkomsten per uitvindingsmelding / ETH"
    median = 87 / 205
    assert data.loc[0, eth + types.TYPE_RATIO_SUFFIX] == pytest.approx(0.1 / median)
    assert data.loc[0, eth + types.TYPE_VERDICT_SUFFIX] == "achter"
    # row for row: "0,24 (achter)" is 0.2356... and "achter"
    for (_, page), (_, mine) in zip(shown.iterrows(), data.iterrows(), strict=True):
        for c in comparisons:
            ratio, verdict = (
                mine[c + types.TYPE_RATIO_SUFFIX],
                mine[c + types.TYPE_VERDICT_SUFFIX],
            )
            if page[c] == "–":
                assert math.isnan(ratio) and verdict == ""
                continue
            number, word = page[c].split(" (", 1)
            assert abs(dutch(number) - ratio) <= HALF_HUNDREDTH
            assert word.rstrip(")") == verdict
    units = types.type_table_units(data)
    assert set(units) == {c + types.TYPE_RATIO_SUFFIX for c in comparisons}
