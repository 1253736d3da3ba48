"""Benchmark: normalisation, currency conversion, peer intensities and gaps (known answers)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import InputError
from analysis.methods.peer_gaps import definitions, gaps, money, sensitivity
from analysis.methods.peer_gaps import peers as B_peers

FX = pd.DataFrame(
    {
        "year": [2017, 2018, 2019, 2019],
        "currency": ["GBP", "CHF", "CHF", "GBP"],
        "eur_per_unit": [1.14067, 0.86583, 0.89892, 1.13925],
        "unit_per_eur": [0.87667, 1.15496, 1.11245, 0.87777],
    }
)
HICP = pd.DataFrame({"year": [2010, 2015, 2019], "hicp_2015_100": [92.05, 100.0, 105.78]})
INSTITUTIONS = pd.DataFrame(
    {
        "institution_id": ["a", "b", "c", "d"],
        "type": ["university", "university", "umc", "umc"],
        "profile": ["technical", "broad", "medical", "medical"],
    }
)


def wide_frame() -> pd.DataFrame:
    """Four institutions, one year; spin-offs per 100M: a 2, b 1, c 4, d unreported."""
    return pd.DataFrame(
        {
            "institution_id": ["a", "b", "c", "d"],
            "year": [2019, 2019, 2019, 2019],
            "research_expenditure_eur": [1e8, 3e8, 5e7, 2e8],
            "kto_staff_fte": [10.0, 20.0, 5.0, np.nan],
            "spinoffs": [2.0, 3.0, 2.0, np.nan],
            "priority_patent_applications": [4.0, 6.0, 1.0, 2.0],
            "invention_disclosures": [8.0, 12.0, 4.0, np.nan],
            "is_demonstration": [True] * 4,
        }
    )


def peer(
    peer_id: str, indicator: str, value: float, unit: str, currency: str, year: int, **kw: str
) -> dict[str, object]:
    return {
        "peer_id": peer_id,
        "peer_name": peer_id,
        "indicator": indicator,
        "value": value,
        "unit": unit,
        "currency": currency,
        "year": year,
        "definition_note": kw.get("note", ""),
        "source_id": kw.get("source", "src"),
        "status": kw.get("status", "read"),
    }


# ------------------------------------------------------------------ normalisation


def test_intensities_known_answer() -> None:
    w = wide_frame()
    per_re = definitions.intensities(w, "per_100m_research")
    assert per_re["spinoffs"].tolist()[:3] == pytest.approx([2.0, 1.0, 4.0])
    assert math.isnan(per_re["spinoffs"].iloc[3])
    per_fte = definitions.intensities(w, "per_kto_fte")
    assert per_fte["spinoffs"].tolist()[:3] == pytest.approx([0.2, 0.15, 0.4])
    assert math.isnan(per_fte["priority_patent_applications"].iloc[3])  # no FTE reported


def test_zero_denominator_gives_nan_not_infinity() -> None:
    w = wide_frame().assign(research_expenditure_eur=[0.0, 1e8, 1e8, 1e8])
    assert math.isnan(definitions.intensities(w)["spinoffs"].iloc[0])


def test_pooled_intensity_is_pairwise_ratio_of_sums() -> None:
    # Spin-offs: (2+3+2) / (1e8+3e8+0.5e8) * 1e8 = 7 / 4.5; d is excluded from both sums.
    pooled = definitions.pooled_intensity(wide_frame())
    assert pooled["spinoffs"] == pytest.approx(7 / 4.5)
    assert pooled["priority_patent_applications"] == pytest.approx(13 / 6.5)


@settings(max_examples=40, deadline=None)
@given(
    factor=st.floats(min_value=1e-3, max_value=1e3),
    re=st.floats(min_value=1e6, max_value=1e10),
    out=st.floats(min_value=0, max_value=1e4),
)
def test_scaling_inputs_and_outputs_together_leaves_intensities_unchanged(
    factor: float, re: float, out: float
) -> None:
    w = pd.DataFrame(
        {"research_expenditure_eur": [re], "kto_staff_fte": [re / 1e7], "spinoffs": [out]}
    )
    scaled = w * factor
    for den in ("per_100m_research", "per_kto_fte"):
        a = definitions.intensities(w, den)["spinoffs"].iloc[0]
        b = definitions.intensities(scaled, den)["spinoffs"].iloc[0]
        assert b == pytest.approx(a, rel=1e-9, abs=1e-12)
    assert math.isnan(
        definitions.intensities(w, "per_disclosure")["spinoffs"].iloc[0]
    )  # not reported


# ------------------------------------------------------------------ currency


def test_to_eur_known_answer() -> None:
    assert money.to_eur(100.0, "CHF", 2019, FX) == pytest.approx(89.892)
    assert money.to_eur(100.0, "EUR", 2019, FX) == 100.0
    with pytest.raises(KeyError):
        money.to_eur(100.0, "USD", 2019, FX)


@settings(max_examples=50, deadline=None)
@given(amount=st.floats(min_value=0, max_value=1e12), cur=st.sampled_from(["CHF", "GBP", "EUR"]))
def test_currency_round_trip_is_identity(amount: float, cur: str) -> None:
    back = money.from_eur(money.to_eur(amount, cur, 2019, FX), cur, 2019, FX)
    assert back == pytest.approx(amount, rel=1e-12, abs=1e-9)


def test_convert_peers_rates_price_level_and_missing_rate() -> None:
    peers = pd.DataFrame(
        [
            peer("oxford", "research_expenditure_eur", 1000.0, "money", "GBP", 2019),
            peer("x", "licence_income_eur", 1000.0, "money", "USD", 2019),
            peer("y", "licence_income_eur", 100.0, "money", "EUR", 2010),
            peer("oxford", "spinoffs", 24.0, "count", "", 2019),
        ]
    )
    out = B_peers.convert_peers(peers, FX)
    assert out["value_std"].iloc[0] == pytest.approx(1139.25)
    assert math.isnan(out["value_std"].iloc[1])
    assert "USD" in out["conversion_note"].iloc[1]
    assert out["value_std"].iloc[3] == 24.0
    real = B_peers.convert_peers(peers, FX, price_index=HICP, base_year=2015)
    assert real["value_std"].iloc[2] == pytest.approx(100.0 * 100.0 / 92.05)
    assert real["value_std"].iloc[0] == pytest.approx(1139.25 * 100.0 / 105.78)


# ------------------------------------------------------------------ peers and gaps


def peers_std() -> pd.DataFrame:
    rows = [
        peer("oxford", "research_expenditure_eur", 500e6, "money", "GBP", 2017),
        peer("oxford", "spinoffs", 24.0, "count", "", 2018, note="spinouts"),
        peer("oxford", "spinoffs", 23.0, "count", "", 2021),
        peer("eth_domain", "priority_patent_applications", 230.0, "count", "", 2018),
        peer("eth_domain", "invention_disclosures", 358.0, "count", "", 2018),
        peer("eth_domain", "research_expenditure_eur", 2e9, "money", "CHF", 2018),
        peer("eth_domain", "spinoffs_cumulative", 400.0, "count", "", 2018),
        peer("astp_avg", "kto_staff_fte", 8.3, "FTE", "", 2019),
        peer("astp_avg", "spinoffs", 2.0, "count", "", 2019, status="secondary"),
    ]
    converted: pd.DataFrame = B_peers.convert_peers(pd.DataFrame(rows), FX)
    return converted


def test_peer_intensities_use_denominators_within_tolerance_and_list_the_rest() -> None:
    tab, missing = B_peers.peer_intensities(peers_std())
    ox = tab[(tab["peer_id"] == "oxford") & (tab["denominator"] == "per_100m_research")]
    # 24 spin-offs over GBP 500M of 2017 at 1.14067 → 24 / 570.335M * 1e8.
    assert ox["peer_value"].tolist() == pytest.approx([24 / 5.70335])
    assert "noemer uit 2017" in ox["note"].iloc[0]
    eth = tab[
        (tab["peer_id"] == "eth_domain") & (tab["indicator"] == "priority_patent_applications")
    ]
    eth_re = eth[eth["denominator"] == "per_100m_research"]
    assert eth_re["peer_value"].iloc[0] == pytest.approx(230 / (2e9 * 0.86583) * 1e8)
    assert "ETH-Domein" in eth["note"].iloc[0] and "prioritaire" in eth["note"].iloc[0]
    # No research expenditure needed for a conversion ratio: 230 priority filings / 358 disclosures.
    eth_conv = eth[eth["denominator"] == "per_disclosure"]
    assert eth_conv["peer_value"].tolist() == pytest.approx([230 / 358])
    assert "invention_disclosures" not in set(
        tab.loc[tab["denominator"] == "per_disclosure", "indicator"]
    )
    astp = tab[tab["peer_id"] == "astp_avg"]
    assert astp["denominator"].tolist() == ["per_kto_fte"]
    assert astp["peer_value"].iloc[0] == pytest.approx(2 / 8.3)
    assert "secundaire bron" in astp["note"].iloc[0]  # Dutch, never the English status word
    # Oxford 2021 is four years from its denominator; ETH cumulative is not annual.
    reasons = set(
        zip(missing["peer_id"], missing["indicator"], missing["denominator"], strict=True)
    )
    assert ("oxford", "spinoffs", "per_100m_research") in reasons
    assert ("eth_domain", "spinoffs_cumulative", "") in reasons
    assert ("astp_avg", "spinoffs", "per_100m_research") in reasons
    strict, strict_missing = B_peers.peer_intensities(peers_std(), denominator_year_tolerance=0)
    assert "oxford" not in set(strict["peer_id"])
    assert len(strict_missing) > len(missing)


def test_gap_known_answer_and_zero_peer() -> None:
    diff, ratio = definitions.gap(np.array([3.0, 1.0]), np.array([4.0, 0.0]))
    assert diff.tolist() == [-1.0, 1.0]
    assert ratio[0] == pytest.approx(0.75)
    assert math.isnan(ratio[1])


@settings(max_examples=50, deadline=None)
@given(
    nl=st.floats(min_value=1e-3, max_value=1e6),
    peer=st.floats(min_value=1e-3, max_value=1e6),
    k=st.floats(min_value=1e-2, max_value=1e2),
)
def test_gap_ratio_is_nl_over_peer_and_free_of_units(nl: float, peer: float, k: float) -> None:
    """Ratio NL / peer (not peer / NL); a change of unit on both sides moves the difference only."""
    diff, ratio = definitions.gap(nl, peer)
    assert float(ratio) * peer == pytest.approx(nl, rel=1e-9)
    assert (float(diff) > 0) == (float(ratio) > 1) or float(diff) == 0
    diff_k, ratio_k = definitions.gap(nl * k, peer * k)
    assert float(ratio_k) == pytest.approx(float(ratio), rel=1e-9)
    assert float(diff_k) == pytest.approx(float(diff) * k, rel=1e-9, abs=1e-9)


def test_bootstrap_ratio_identical_units_have_no_spread_and_seed_is_fixed() -> None:
    nums = np.array([[2.0], [2.0], [2.0]])
    dens = np.array([[1.0], [1.0], [1.0]])
    draws = gaps.bootstrap_ratio(nums, dens, n_boot=50, seed=1)
    assert draws.shape == (50, 1)
    assert np.allclose(draws, 2.0)
    nums2 = np.array([[1.0], [5.0], [9.0]])
    a = gaps.bootstrap_ratio(nums2, dens, n_boot=100, seed=3)
    b = gaps.bootstrap_ratio(nums2, dens, n_boot=100, seed=3)
    assert np.array_equal(a, b)
    assert a.min() >= 1.0 and a.max() <= 9.0 and a.std() > 0


def test_benchmark_gaps_total_type_and_institution_rows() -> None:
    res = gaps.benchmark_gaps(
        wide_frame(), INSTITUTIONS, peers_std(), years=[2019], n_boot=200, seed=0
    )
    g = res.gaps
    tot = g[(g["level"] == "total") & (g["indicator"] == "spinoffs") & (g["peer_id"] == "oxford")]
    assert len(tot) == 1
    ox = 24 / 5.70335
    assert tot["nl_value"].iloc[0] == pytest.approx(7 / 4.5)
    assert tot["gap_diff"].iloc[0] == pytest.approx(7 / 4.5 - ox)
    assert tot["gap_ratio"].iloc[0] == pytest.approx((7 / 4.5) / ox)
    assert tot["gap_diff_low"].iloc[0] <= tot["gap_diff"].iloc[0] <= tot["gap_diff_high"].iloc[0]
    assert tot["n_institutions"].iloc[0] == 3
    umc = g[
        (g["level"] == "type")
        & (g["group"] == "umc")
        & (g["indicator"] == "spinoffs")
        & (g["peer_id"] == "oxford")
    ]
    assert umc["nl_value"].iloc[0] == pytest.approx(4.0)  # d did not report spin-offs
    inst = g[
        (g["level"] == "institution")
        & (g["group"] == "a")
        & (g["indicator"] == "spinoffs")
        & (g["peer_id"] == "oxford")
    ]
    assert inst["nl_value"].iloc[0] == pytest.approx(2.0)
    assert math.isnan(inst["gap_diff_low"].iloc[0])  # one institution-year: no interval
    conv = g[
        (g["level"] == "total")
        & (g["denominator"] == "per_disclosure")
        & (g["indicator"] == "priority_patent_applications")
    ]
    # d reported filings but no disclosures, so it is left out: (4 + 6 + 1) / (8 + 12 + 4).
    assert conv["nl_value"].iloc[0] == pytest.approx(11 / 24)
    assert conv["gap_ratio"].iloc[0] == pytest.approx((11 / 24) / (230 / 358))
    pat = g[g["indicator"] == "priority_patent_applications"]
    assert pat["note"].str.contains("prioritaire").all()
    assert not res.missing.empty


def test_every_benchmark_column_has_a_dutch_label() -> None:
    from analysis.publication.labels import unlabelled

    res = gaps.benchmark_gaps(wide_frame(), INSTITUTIONS, peers_std(), years=[2019], n_boot=20)
    assert unlabelled(res.gaps) == []
    assert unlabelled(res.missing) == []


# ------------------------------------------------------------------ price basis (issue 11.2)

HICP_FULL = pd.DataFrame(
    {
        "year": [2015, 2017, 2018, 2019],
        "hicp_2015_100": [100.0, 101.40, 103.02, 105.78],
        "months": [12, 12, 12, 12],
    }
)


def raw_peers() -> pd.DataFrame:
    """Oxford (GBP research spend of 2017) and the two ETH definitions, as in peers.csv."""
    rows = [
        peer("oxford", "research_expenditure_eur", 500e6, "money", "GBP", 2017),
        peer("oxford", "spinoffs", 24.0, "count", "", 2018),
        peer("eth_domain", "invention_disclosures", 358.0, "count", "", 2018),
        peer("eth_domain", "licence_agreements", 341.0, "count", "", 2018),
        peer("ethz", "invention_disclosures", 205.0, "count", "", 2018),
        peer("ethz", "licence_agreements", 87.0, "count", "", 2018),
        peer("ethz", "spinoff_capital_eur", 170e6, "money", "CHF", 2018),
    ]
    frame = pd.DataFrame(rows)
    frame["value_type"] = "exact"
    return frame


def dutch_with_money() -> pd.DataFrame:
    return wide_frame().assign(
        licence_agreements=[2.0, 3.0, 1.0, np.nan],  # 0.25 per disclosure at each
        licence_income_eur=[1e6, 2e6, 5e5, np.nan],
        spinoff_capital_eur=[4e6, 2e6, 1e6, np.nan],
    )


def _total(result: gaps.BenchmarkResult) -> pd.DataFrame:
    c = result.comparisons
    return c[c["level"] == "total"].set_index(["indicator", "denominator", "peer_group"])


def test_raising_the_dutch_price_index_moves_every_per_euro_comparison_by_the_hand_factor() -> None:
    """HICP of the Dutch year 2019 up 10%: Dutch euros at 2015 prices fall by 1/1.1."""
    kwargs = {"years": [2019], "base_year": 2015, "n_boot": 50, "levels": ("total",)}
    before = _total(
        gaps.top_comparisons(
            dutch_with_money(), INSTITUTIONS, raw_peers(), FX, price_index=HICP_FULL, **kwargs
        )
    )
    raised = HICP_FULL.assign(
        hicp_2015_100=np.where(HICP_FULL["year"] == 2019, 105.78 * 1.1, HICP_FULL["hicp_2015_100"])
    )
    after = _total(
        gaps.top_comparisons(
            dutch_with_money(), INSTITUTIONS, raw_peers(), FX, price_index=raised, **kwargs
        )
    )
    factor = after["ratio"] / before["ratio"]
    # Counts per EUR 100 million: the Dutch denominator shrinks by 1.1, the ratio grows by 1.1.
    assert factor[("spinoffs", "per_100m_research", "oxford")] == pytest.approx(1.1)
    # Euros per disclosure: the Dutch numerator shrinks by 1.1.
    assert factor[("spinoff_capital_eur", "per_disclosure", "eth")] == pytest.approx(1 / 1.1)
    # Counts per disclosure involve no money: unchanged.
    assert factor[("licence_agreements", "per_disclosure", "eth")] == pytest.approx(1.0)
    per_euro = [
        key
        for key in before.index
        if key[0] in definitions.MONEY_INDICATORS or key[1] == "per_100m_research"
    ]
    assert len(per_euro) >= 2
    for key in per_euro:
        expected = 1 / 1.1 if key[0] in definitions.MONEY_INDICATORS else 1.1
        assert factor[key] == pytest.approx(expected), key
    # The level itself, by hand: Dutch 7 spin-offs on EUR 450M of 2019 at 2015 prices, against
    # Oxford's 24 on GBP 500M of 2017 converted at the 2017 rate and put at 2015 prices.
    nl = 7 / (4.5e8 * 100 / 105.78) * 1e8
    ox = 24 / (500e6 * 1.14067 * 100 / 101.40) * 1e8
    row = before.loc[("spinoffs", "per_100m_research", "oxford")]
    assert row["nl_value"] == pytest.approx(nl)
    assert row["peer_value"] == pytest.approx(ox)
    assert row["ratio"] == pytest.approx(nl / ox)


def test_base_year_changes_levels_not_ratios_and_nominal_differs() -> None:
    sens = sensitivity.price_basis_sensitivity(
        dutch_with_money(),
        INSTITUTIONS,
        raw_peers(),
        FX,
        HICP_FULL,
        years=[2019],
        base_years=[None, 2015, 2019],
        peer_groups=("oxford", "eth"),
        n_boot=30,
    ).set_index(["basis", "indicator", "denominator", "peer_group"])
    key = ("spinoffs", "per_100m_research", "oxford")
    r2015 = sens.loc[("prices:2015", *key)]
    r2019 = sens.loc[("prices:2019", *key)]
    nominal = sens.loc[("nominal", *key)]
    assert r2019["ratio"] == pytest.approx(r2015["ratio"])
    assert r2019["nl_value"] == pytest.approx(r2015["nl_value"] * 100 / 105.78)
    # Nominal: Oxford's 2017 pounds at face value against Dutch 2019 euros.
    assert nominal["ratio"] == pytest.approx(r2019["ratio"] * 101.40 / 105.78)
    assert bool(nominal["per_euro"]) is True
    assert not bool(
        sens.loc[("nominal", "licence_agreements", "per_disclosure", "eth"), "per_euro"]
    )


def test_peer_money_is_converted_at_its_own_year_then_deflated() -> None:
    peers = raw_peers()
    out = B_peers.convert_peers(peers, FX, price_index=HICP_FULL, base_year=2019)
    re = out[out["indicator"] == "research_expenditure_eur"].iloc[0]
    # The 2017 rate (1.14067), not the 2019 rate (1.13925), then HICP 2019 / HICP 2017.
    assert re["value_std"] == pytest.approx(500e6 * 1.14067 * 105.78 / 101.40)
    assert "ECB-koers van 2017" in re["conversion_note"]
    chf = out[out["indicator"] == "spinoff_capital_eur"].iloc[0]
    assert chf["value_std"] == pytest.approx(170e6 * 0.86583 * 105.78 / 103.02)


def test_deflate_wide_uses_each_rows_own_year_and_names_a_missing_index_year() -> None:
    wide = pd.DataFrame(
        {
            "institution_id": ["a", "a"],
            "year": [2017, 2019],
            "research_expenditure_eur": [1e8, 1e8],
            "spinoffs": [1.0, 1.0],
        }
    )
    out = money.deflate_wide(wide, HICP_FULL, 2019)
    assert out["research_expenditure_eur"].tolist() == pytest.approx([1e8 * 105.78 / 101.40, 1e8])
    assert out["spinoffs"].tolist() == [1.0, 1.0]
    with pytest.raises(InputError) as err:
        money.deflate_wide(wide.assign(year=[2017, 2024]), HICP_FULL, 2019)
    text = str(err.value)
    assert "price_index.csv" in text and "column year" in text and "2024" in text


def test_price_basis_text_states_currency_year_ppp_and_the_partial_year() -> None:
    partial = pd.DataFrame(
        {"year": [2024, 2025], "hicp_2015_100": [131.9, 134.8], "months": [12, 6]}
    )
    text = money.price_basis_text(partial, 2025)
    assert text.startswith("euro, prijspeil 2025")
    assert "geen koopkrachtpariteit" in text
    assert "januari–juni" in text
    assert "januari" not in money.price_basis_text(partial.iloc[:1], 2024)
    assert "nominaal" in money.price_basis_text(None, None)


# ------------------------------------------------------------------ peer ranges (issue 11.3)


@pytest.mark.parametrize(
    ("value", "kind", "low", "high"),
    [
        (700.0, "approximate", 650.0, 750.0),
        (7000.0, "approximate", 6500.0, 7500.0),
        (24.0, "approximate", 23.5, 24.5),
        (130e6, "approximate", 125e6, 135e6),
        (0.95, "approximate", 0.945, 0.955),
        (205.0, "exact", 205.0, 205.0),
        (150.0, "lower_bound", 150.0, math.inf),
    ],
)
def test_value_bounds(value: float, kind: str, low: float, high: float) -> None:
    lo, hi = B_peers.value_bounds(value, kind)
    assert lo == pytest.approx(low)
    assert hi == pytest.approx(high)


def test_unknown_value_type_is_an_input_error_naming_the_row() -> None:
    peers = raw_peers()
    peers.loc[2, "value_type"] = "about"
    with pytest.raises(InputError) as err:
        B_peers.convert_peers(peers, FX)
    assert "row 4" in str(err.value) and "value_type" in str(err.value)


def test_a_peer_with_two_definitions_is_one_range_counted_once() -> None:
    res = gaps.top_comparisons(
        dutch_with_money(),
        INSTITUTIONS,
        raw_peers(),
        FX,
        years=[2019],
        price_index=HICP_FULL,
        base_year=2019,
        levels=("total",),
        n_boot=50,
    )
    lic = res.comparisons[
        (res.comparisons["indicator"] == "licence_agreements")
        & (res.comparisons["denominator"] == "per_disclosure")
    ]
    assert len(lic) == 1  # ETH Domain and ETH Zurich: one peer, ETH
    row = lic.iloc[0]
    assert row["peer_group"] == "eth"
    # each figure a count per count: the exact interval of a ratio of two Poisson rates
    assert row["peer_low"] == pytest.approx(B_peers.rate_ratio_interval(87, 205)[0])
    assert row["peer_high"] == pytest.approx(B_peers.rate_ratio_interval(341, 358)[1])
    assert row["peer_low"] < 87 / 205 and row["peer_high"] > 341 / 358
    assert row["peer_value"] == pytest.approx((87 / 205 + 341 / 358) / 2)
    assert row["n_figures"] == 2 and row["n_definitions"] == 2
    assert row["spread"] == "definities, toeval bij de telling"
    # Dutch: licences 3 + 1 + 2 over disclosures 8 + 12 + 4 (d reported neither).
    assert row["nl_value"] == pytest.approx(6 / 24)
    # 0.25 against 0.42-0.95: behind, whatever the (narrow) Dutch interval.
    assert row["verdict"] == "behind"
    assert row["ratio_high"] < 1
    counted = B_peers.count_verdicts(res.comparisons[res.comparisons["level"] == "total"])
    per_figure = res.gaps[res.gaps["level"] == "total"]
    assert counted["total"] == len(per_figure) - 1  # the two ETH figures are one comparison


def test_rounded_and_lower_bound_figures_widen_the_range() -> None:
    peers = pd.DataFrame(
        [
            peer("oxford", "research_expenditure_eur", 100e6, "money", "EUR", 2019),
            peer("oxford", "licence_agreements", 700.0, "count", "", 2019),
            peer("kuleuven", "research_expenditure_eur", 400e6, "money", "EUR", 2019),
            peer("kuleuven", "spinoffs", 20.0, "count", "", 2019),
        ]
    ).assign(value_type=["exact", "approximate", "lower_bound", "exact"])
    tab, _ = B_peers.peer_intensities(B_peers.convert_peers(peers, FX))
    ranges = B_peers.peer_ranges(tab).set_index("peer_group")
    # '~700' is 650–750, and each end a yearly count with its Poisson interval
    assert ranges.loc["oxford", "peer_low"] == pytest.approx(B_peers.poisson_interval(650.0)[0])
    assert ranges.loc["oxford", "peer_high"] == pytest.approx(B_peers.poisson_interval(750.0)[1])
    assert ranges.loc["oxford", "spread"] == "afronding, toeval bij de telling"
    assert bool(ranges.loc["oxford", "indicative"])  # one published figure
    # More than EUR 400M research spend: the intensity is at most 20 / 4 (20 at its Poisson
    # upper end), with no lower end.
    assert ranges.loc["kuleuven", "peer_low"] == 0.0
    assert ranges.loc["kuleuven", "peer_high"] == pytest.approx(
        B_peers.poisson_interval(20.0)[1] / 4
    )
    assert ranges.loc["kuleuven", "spread"] == "ondergrens, toeval bij de telling"


@pytest.mark.parametrize(
    ("nl", "peer", "expected"),
    [
        ((1.0, 2.0), (3.0, 4.0), "behind"),
        ((5.0, 6.0), (3.0, 4.0), "ahead"),
        ((1.0, 3.0), (3.0, 4.0), "indistinguishable"),  # touching is overlap
        ((3.5, 3.6), (3.0, 4.0), "indistinguishable"),
        ((5.0, 6.0), (3.0, math.inf), "indistinguishable"),  # a lower bound: never "ahead"
        ((1.0, 2.0), (3.0, math.inf), "behind"),
        ((math.nan, 2.0), (3.0, 4.0), "unknown"),
    ],
)
def test_verdict_only_when_both_sides_do_not_overlap(
    nl: tuple[float, float], peer: tuple[float, float], expected: str
) -> None:
    assert B_peers.verdict(nl[0], nl[1], peer[0], peer[1]) == expected


@settings(max_examples=60, deadline=None)
@given(
    nl_low=st.floats(0.01, 10),
    nl_width=st.floats(0, 5),
    peer_low=st.floats(0.01, 10),
    peer_width=st.floats(0, 5),
)
def test_combined_ratio_interval_agrees_with_the_verdict(
    nl_low: float, nl_width: float, peer_low: float, peer_width: float
) -> None:
    nl = pd.DataFrame(
        {
            "indicator": ["spinoffs"],
            "denominator": ["per_disclosure"],
            "nl_value": [nl_low + nl_width / 2],
            "nl_low": [nl_low],
            "nl_high": [nl_low + nl_width],
        }
    )
    ranges = pd.DataFrame(
        {
            "indicator": ["spinoffs"],
            "denominator": ["per_disclosure"],
            "peer_low": [peer_low],
            "peer_value": [peer_low + peer_width / 2],
            "peer_high": [peer_low + peer_width],
        }
    )
    row = B_peers.compare_ranges(nl, ranges).iloc[0]
    assert (row["verdict"] == "behind") == (row["ratio_high"] < 1)
    assert (row["verdict"] == "ahead") == (row["ratio_low"] > 1)


def test_peer_choice_sensitivity_recounts_each_peer_alone_and_left_out() -> None:
    comp = pd.DataFrame(
        {
            "level": ["total"] * 4,
            "group": ["total"] * 4,
            "peer_group": ["eth", "eth", "oxford", "kuleuven"],
            "verdict": ["behind", "ahead", "behind", "indistinguishable"],
            "ratio": [0.5, 2.0, 0.25, 1.0],
        }
    )
    sens = sensitivity.peer_choice_sensitivity(comp).set_index("choice")
    assert sens.loc["all", "n_comparisons"] == 4
    assert sens.loc["all", "n_behind"] == 2
    assert sens.loc["only:eth", "n_ahead"] == 1
    assert sens.loc["only:eth", "mean_ratio"] == pytest.approx(1.0)  # sqrt(0.5 * 2)
    assert sens.loc["without:oxford", "n_behind"] == 1
    assert sens.loc["without:oxford", "n_indistinguishable"] == 1
    assert sens.loc["only:kuleuven", "mean_ratio"] == pytest.approx(1.0)
    assert list(sens.index) == [
        "all",
        "only:eth",
        "only:oxford",
        "only:kuleuven",
        "without:eth",
        "without:oxford",
        "without:kuleuven",
    ]


# ------------------------------------------------------------------ the top's own uncertainty


def test_poisson_interval_of_a_yearly_count_known_answers() -> None:
    """Garwood's exact interval: Oxford's 24 spin-offs (2018) lie between 15,4 and 35,7; a
    count of zero between 0 and 3,69 (the rule of three's exact form)."""
    low, high = B_peers.poisson_interval(24)
    assert (round(low, 1), round(high, 1)) == (15.4, 35.7)
    assert B_peers.poisson_interval(0) == (0.0, pytest.approx(3.6889, abs=1e-4))
    # wider at 99%, and a larger count is relatively narrower
    assert B_peers.poisson_interval(24, 0.99)[0] < low
    wide_rel = (high - low) / 24
    big_low, big_high = B_peers.poisson_interval(2400)
    assert (big_high - big_low) / 2400 < wide_rel / 5


def test_rate_ratio_interval_is_the_exact_binomial_interval_of_the_share() -> None:
    """Count per count: given their sum, the numerator is binomial; its Clopper–Pearson
    interval (scipy's own exact method) turned into a ratio p / (1 − p)."""
    from scipy import stats

    ci = stats.binomtest(27, 27 + 205).proportion_ci(confidence_level=0.95, method="exact")
    low, high = B_peers.rate_ratio_interval(27, 205)
    assert low == pytest.approx(ci.low / (1 - ci.low))
    assert high == pytest.approx(ci.high / (1 - ci.high))
    assert low < 27 / 205 < high


def test_oxfords_spinoffs_per_research_euro_carry_their_poisson_interval() -> None:
    """The shipped figure: 24 spin-offs (2018) over the University's GBP 707.6 mln research
    (2017) gives 2,24 per EUR 100 mln at 2025 prices, with 1,43–3,33 from the count's interval."""
    from analysis.data import reference

    raw = Path(__file__).resolve().parents[1] / "data" / "raw"
    peers = B_peers.convert_peers(
        reference.load_peers(raw),
        reference.load_fx_rates(raw),
        price_index=reference.load_price_index(raw),
        base_year=2025,
    )
    tab, _ = B_peers.peer_intensities(peers, peer_ids=["oxford"])
    row = tab[
        (tab["indicator"] == "spinoffs")
        & (tab["denominator"] == "per_100m_research")
        & (tab["peer_year"] == 2018)
    ].iloc[0]
    assert round(row["peer_value"], 2) == 2.24
    assert (round(row["peer_low"], 2), round(row["peer_high"], 2)) == (1.43, 3.33)
    assert row["interval"] == "poisson"
    ratio = row["peer_value"] / 24
    assert row["peer_low"] == pytest.approx(B_peers.poisson_interval(24)[0] * ratio)


def _comparison(
    nl: tuple[float, float, float], top: tuple[float, float, float], **extra: object
) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            {
                "level": "total",
                "group": "total",
                "indicator": "spinoffs",
                "denominator": "per_100m_research",
                "peer_group": "oxford",
                "nl_value": nl[0],
                "nl_low": nl[1],
                "nl_high": nl[2],
                "peer_value": top[0],
                "peer_low": top[1],
                "peer_high": top[2],
                "indicative": True,
                "n_sampled": 1,
                **extra,
            }
        ]
    )
    frame["verdict"] = [
        B_peers.verdict(r.nl_low, r.nl_high, r.peer_low, r.peer_high) for r in frame.itertuples()
    ]
    return frame


def test_a_verdict_flips_to_not_established_when_the_tops_interval_reaches_the_dutch_value() -> (
    None
):
    """Known answer: the Netherlands 3,23 (2,65–4,12) against a top of 2,24 taken as exact is
    'ahead'; with the top's interval widened past the Dutch lower end (1,43–3,33, the Poisson
    interval of 24) it is no longer established."""
    exact = _comparison((3.23, 2.65, 4.12), (2.24, 2.24, 2.24))
    assert exact["verdict"].iloc[0] == "ahead"
    assert B_peers.established_verdicts(exact, [])["established"].iloc[0] == "ahead"
    widened = _comparison((3.23, 2.65, 4.12), (2.24, 1.43, 3.33))
    out = B_peers.established_verdicts(widened, [])
    assert out["verdict"].iloc[0] == "indistinguishable"
    assert out["established"].iloc[0] == "not_established"
    assert "onzekerheid" in out["established_note"].iloc[0]


def test_a_verdict_must_hold_on_every_alternative_and_never_rests_on_one_bare_amount() -> None:
    main = _comparison((3.23, 2.65, 4.12), (2.24, 2.0, 2.5))
    same = main.assign(alternative="in euro's zonder prijscorrectie")
    other = _comparison((1.0, 0.8, 1.2), (2.24, 2.0, 2.5)).assign(
        alternative="met Nederland in 2016–2018 (dicht bij het jaar van de top)"
    )
    assert B_peers.established_verdicts(main, [same])["established"].iloc[0] == "ahead"
    out = B_peers.established_verdicts(main, [same, other])
    assert out["established"].iloc[0] == "not_established"
    assert out["established_note"].iloc[0] == (
        "met Nederland in 2016–2018 (dicht bij het jaar van de top): achter"
    )
    missing = B_peers.established_verdicts(main, [same.iloc[:0]])
    assert missing["established_note"].iloc[0] == "een andere berekening: niet te berekenen"
    bare = main.assign(n_sampled=0)  # one amount of money: no interval of its own
    assert B_peers.established_verdicts(bare, [same])["established"].iloc[0] == "not_established"
    several = main.assign(n_sampled=0, indicative=False)  # several amounts: a spread
    assert B_peers.established_verdicts(several, [same])["established"].iloc[0] == "ahead"


# ------------------------------------------------------------------ comparable definitions


def test_a_comparison_with_a_differing_definition_yields_no_gap() -> None:
    """Known answer: Oxford's '~700 licence agreements a year' (an investor's note, no
    definition) is marked not comparable: no intensity, no gap, no range; it is listed as
    missing with the reason, while the same peer's spin-offs are still compared."""
    rows = [
        peer("oxford", "research_expenditure_eur", 500e6, "money", "GBP", 2017),
        peer("oxford", "licence_agreements", 700.0, "count", "", 2019),
        peer("oxford", "spinoffs", 24.0, "count", "", 2018),
    ]
    frame = pd.DataFrame(rows).assign(
        comparable=["yes", "no", "yes"],
        not_comparable_nl=["", "een rond getal uit een beleggersnotitie", ""],
    )
    tab, missing = B_peers.peer_intensities(B_peers.convert_peers(frame, FX))
    assert "licence_agreements" not in set(tab["indicator"])
    assert "spinoffs" in set(tab["indicator"])
    reason = missing.loc[missing["indicator"] == "licence_agreements", "reason_missing"]
    assert reason.tolist() == ["niet vergelijkbaar: een rond getal uit een beleggersnotitie"]
    res = gaps.benchmark_gaps(
        wide_frame(), INSTITUTIONS, B_peers.convert_peers(frame, FX), years=[2019], n_boot=20
    )
    assert "licence_agreements" not in set(res.gaps["indicator"])
    assert "licence_agreements" not in set(res.comparisons["indicator"])


def test_a_definition_record_that_does_not_hold_is_refused_by_row() -> None:
    frame = pd.DataFrame(
        [
            peer("oxford", "spinoffs", 24.0, "count", "", 2018),
            peer("oxford", "spinoffs", 23.0, "count", "", 2021),
        ]
    ).assign(comparable=["yes", "no"], not_comparable_nl=["", ""])
    with pytest.raises(InputError) as err:
        B_peers.convert_peers(frame, FX)
    assert "row 3" in str(err.value) and "not_comparable_nl" in str(err.value)
    assert "reason_when_not_comparable" in str(err.value)
    wrong = frame.assign(comparable=["yes", "yes"], not_comparable_nl=["", "toch anders"])
    with pytest.raises(InputError, match="row 3"):
        B_peers.convert_peers(wrong, FX)
