"""The explorer's data: lines per institution and group, per EUR 100 mln paired by year.

A hand-made panel of three institutions over two years; every expected number is
worked out by hand in the comment beside it.
"""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc

from analysis.data.indicators import catalogue
from analysis.methods.peer_gaps import peers
from analysis.publication.explorer import chart
from analysis.publication.explorer import lines as explorer_lines

INSTITUTIONS = pd.DataFrame(
    {
        "institution_id": ["a", "b", "c"],
        "name_nl": ["Universiteit A", "Universiteit B", "Medisch Centrum C"],
        "short_name": ["UA", "UB", "MCC"],
        "type": ["university", "university", "umc"],
        "profile": ["technical", "broad", "medical"],
        "ecosystem": ["Oost", "Oost", "West / Zuid"],
    }
)
NAN = float("nan")
WIDE = pd.DataFrame(
    {
        "institution_id": ["a", "a", "b", "b", "c", "c"],
        "year": [2020, 2021, 2020, 2021, 2020, 2021],
        "research_expenditure_eur": [200e6, 100e6, 100e6, NAN, 50e6, 50e6],
        "spinoffs": [4.0, 3.0, 2.0, 5.0, NAN, 1.0],
    }
)
#: c's figures are demonstration data, a's and b's are not.
LONG = pd.DataFrame(
    [
        {
            "institution_id": r.institution_id,
            "year": r.year,
            "indicator": code,
            "value": getattr(r, code),
            "is_demonstration": r.institution_id == "c",
        }
        for r in WIDE.itertuples()
        for code in ("research_expenditure_eur", "spinoffs")
    ]
)
UNITS = {"research_expenditure_eur": "EUR", "spinoffs": "count"}


def lines() -> dict[tuple[str, str, str], tuple[list[float | None], list[int], list[bool]]]:
    groups = explorer_lines.entities(INSTITUTIONS)
    out = explorer_lines.series(WIDE, LONG, groups, list(UNITS), [2020, 2021])
    return {(e, i, m): (v, n, d) for e, i, m, v, n, d in out}


def test_institution_lines_pair_each_year_with_its_own_spending() -> None:
    got = lines()
    # a: 4 / 200 mln x 100 mln = 2.0 in 2020; 3 / 100 mln x 100 mln = 3.0 in 2021.
    assert got[("a", "spinoffs", "abs")] == ([4.0, 3.0], [1, 1], [False, False])
    assert got[("a", "spinoffs", "per100m")] == ([2.0, 3.0], [1, 1], [False, False])
    # b reported no spending in 2021: no intensity, though the count is there.
    assert got[("b", "spinoffs", "per100m")] == ([2.0, None], [1, 0], [False, False])
    # c reported no spin-offs in 2020: nothing, not zero.
    assert got[("c", "spinoffs", "abs")] == ([None, 1.0], [0, 1], [False, True])


def test_group_lines_are_ratios_of_sums_over_the_pairs_reported() -> None:
    got = lines()
    # Universities (a, b): absolute 4 + 2 = 6 and 3 + 5 = 8, both reporting.
    assert got[("type-university", "spinoffs", "abs")] == ([6.0, 8.0], [2, 2], [False, False])
    # Per 100 mln: 2020 (4 + 2) / (200 + 100) mln = 2.0; 2021 only a has both: 3 / 100 = 3.0.
    assert got[("type-university", "spinoffs", "per100m")] == ([2.0, 3.0], [2, 1], [False, False])
    # The country: 2020 a and b (c has no count) 6 / 300 = 2.0; 2021 a and c
    # (b has no spending) (3 + 1) / (100 + 50) mln x 100 mln = 2.6667, demonstration via c.
    values, n, demo = got[("nl", "spinoffs", "per100m")]
    assert values[0] == 2.0 and math.isclose(values[1] or 0.0, 4 / 1.5, rel_tol=1e-9)
    assert (n, demo) == ([2, 2], [False, True])
    # Absolute: 2020 a + b = 6 (c not reported, so not demonstration); 2021 3 + 5 + 1 = 9.
    assert got[("nl", "spinoffs", "abs")] == ([6.0, 9.0], [2, 3], [False, True])
    # The ecosystem 'West / Zuid' is c alone.
    assert got[("ecosysteem-west-zuid", "spinoffs", "per100m")] == (
        [None, 2.0],
        [0, 1],
        [False, True],
    )


def test_spending_has_no_line_per_its_own_spending() -> None:
    got = lines()
    assert ("a", "research_expenditure_eur", "abs") in got
    assert ("a", "research_expenditure_eur", "per100m") not in got


def test_entities_have_url_safe_unique_keys() -> None:
    ents = explorer_lines.entities(INSTITUTIONS)
    keys = [e.key for e in ents]
    assert keys[0] == "nl" and len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", k) for k in keys)
    by_key = {e.key: e for e in ents}
    assert by_key["profiel-technical"].members == ("a",)
    assert by_key["nl"].members == ("a", "b", "c")
    # The checkbox shows the full name; legend and table the short one.
    assert (by_key["c"].label, by_key["c"].long_label) == ("MCC", "Medisch Centrum C (MCC)")


def test_a_short_name_equal_to_the_name_is_not_repeated_in_brackets() -> None:
    same = INSTITUTIONS.assign(
        name_nl=["TNO", "Erasmus MC", "Voorbeeld-UMC A"],
        short_name=["TNO", "Erasmus  MC", "voorbeeld-umc a"],
    )
    long = [e.long_label for e in explorer_lines.entities(same) if e.key in ("a", "b", "c")]
    assert sorted(long) == ["Erasmus MC", "TNO", "Voorbeeld-UMC A"]


def test_two_names_with_one_key_are_refused() -> None:
    clash = pd.concat(
        [INSTITUTIONS, INSTITUTIONS.iloc[[0]].assign(institution_id="d", ecosystem="West-Zuid")]
    )
    with pytest.raises(ValueError, match="share the key ecosysteem-west-zuid"):
        explorer_lines.entities(clash)


def test_peer_lines_only_per_100m_research_and_only_the_top() -> None:
    ranges = pd.DataFrame(
        {
            "peer_group": ["oxford", "eth", "astp_avg", "oxford"],
            "peer_group_name": ["University of Oxford", "ETH", "ASTP", "University of Oxford"],
            "indicator": ["spinoffs", "spinoffs", "spinoffs", "licence_agreements"],
            "denominator": [
                "per_100m_research",
                "per_disclosure",
                "per_100m_research",
                "per_100m_research",
            ],
            "peer_low": [2.0, 0.1, 1.0, 60.0],
            "peer_value": [2.2, 0.12, 1.1, 65.0],
            "peer_high": [2.4, 0.15, 1.2, math.inf],
            "n_figures": [2, 1, 1, 1],
            "year_min": [2018, 2018, 2019, 2020],
            "year_max": [2021, 2018, 2019, 2020],
        }
    )
    got = explorer_lines.peer_lines(ranges)
    assert [(p["indicator"], p["label"], p["years"]) for p in got] == [
        ("licence_agreements", "Oxford", "2020"),
        ("spinoffs", "Oxford", "2018–2021"),
    ]
    assert got[0]["high"] is None  # a lower bound has no upper end


def data() -> dict[str, object]:
    return explorer_lines.explorer_data(
        WIDE,
        LONG,
        INSTITUTIONS,
        UNITS,
        pd.DataFrame(columns=peers.RANGE_COLUMNS),
        year=2021,
        price_basis="euro, prijspeil 2021",
    )


def test_data_file_is_one_assignment_of_plain_json() -> None:
    text = explorer_lines.data_script(data())
    match = re.fullmatch(r"/\*[^*]*\*/\nwindow\.VM_EXPLORER = (.*);\n", text, re.S)
    assert match is not None and text.isascii()
    loaded = json.loads(match.group(1))
    assert loaded["years"] == [2020, 2021]
    assert loaded["defaults"] == {
        "entities": ["nl"],
        "indicator": "spinoffs",
        "measure": "per100m",
        "from": 2020,
        "to": 2021,
    }
    research = next(i for i in loaded["indicators"] if i["key"] == "research_expenditure_eur")
    assert research["per100m"] is False
    # The page shows each value with the catalogue's decimals (fte 1, counts 0).
    decimals = {i["key"]: i["decimals"] for i in loaded["indicators"]}
    assert decimals["spinoffs"] == 0
    assert all(decimals[k] == catalogue().get(k).decimals for k in decimals)


def test_the_spec_draws_one_line_per_chosen_entity() -> None:
    """The page's spec, given the expanded rows and a choice, draws exactly those lines."""
    d = data()
    rows = []
    for e, i, m, values, n, demo in d["series"]:  # type: ignore[attr-defined]
        for j, v in enumerate(values):
            if v is not None:
                rows.append(
                    {
                        "e": d["entities"][e]["key"],  # type: ignore[index]
                        "naam": d["entities"][e]["label"],  # type: ignore[index]
                        "i": d["indicators"][i]["key"],  # type: ignore[index]
                        "m": d["measures"][m]["key"],  # type: ignore[index]
                        "y": d["years"][j],  # type: ignore[index]
                        "v": v,
                        "n": n[j],
                        "basis": "Demonstratiegegevens" if demo[j] else "Geciteerde bron",
                        "tekst": str(v),
                    }
                )
    spec = chart.spec()
    spec["datasets"] = {"reeksen": rows, "top": []}
    for chosen, expected in ((["a", "type-university"], 2), (["a", "b", "c"], 3), ([], 0)):
        for p in spec["params"]:
            if p["name"] == "gekozen":
                p["value"] = chosen
            if p["name"] in ("van", "tot"):
                p["value"] = 2020 if p["name"] == "van" else 2021
        svg = vlc.vegalite_to_svg(spec)
        paths = re.findall(r'<g class="mark-line role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S)
        assert sum(part.count("<path") for part in paths) == expected, chosen


def test_values_are_rounded_to_ten_digits_and_never_nan() -> None:
    assert explorer_lines._round(2 / 3) == 0.6666666667
    assert explorer_lines._round(np.inf) is None and explorer_lines._round(np.nan) is None


def test_the_axes_come_from_the_page_not_from_the_data() -> None:
    """The x-axis ends at `eind` (no rounded-up year after it), y from 0 to `ymax`."""
    spec = chart.spec()
    values = {"van": 2015, "tot": 2025, "eind": 2023, "ymax": 7.5, "gekozen": ["a"]}
    for p in spec["params"]:
        if p["name"] in values:
            p["value"] = values[p["name"]]
        if p["name"] == "namen":
            p["value"] = ["A"]
    rows = [
        {"e": "a", "naam": "A", "i": "spinoffs", "m": "per100m", "y": y, "v": 2.0, "n": 1}
        for y in range(2015, 2024)
    ]
    spec["datasets"] = {"reeksen": rows, "top": []}
    svg = vlc.vegalite_to_svg(spec)
    ticks = re.findall(r">(\d{4})</text>", svg)
    assert ticks[0] == "2015" and ticks[-1] == "2023"  # not 2024, 2025 or 2026
    layers = spec["layer"]
    assert all(
        layer["encoding"]["x"]["scale"] == {"domain": {"expr": "[van, eind]"}, "nice": False}
        for layer in layers
    )
    assert all(
        layer["encoding"]["y"]["scale"]["domain"] == {"expr": "[0, ymax]"} for layer in layers
    )
