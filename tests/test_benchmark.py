"""Benchmark: normalisation, currency conversion, peer intensities and gaps (known answers)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import benchmark as B

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
    per_re = B.intensities(w, "per_100m_research")
    assert per_re["spinoffs"].tolist()[:3] == pytest.approx([2.0, 1.0, 4.0])
    assert math.isnan(per_re["spinoffs"].iloc[3])
    per_fte = B.intensities(w, "per_kto_fte")
    assert per_fte["spinoffs"].tolist()[:3] == pytest.approx([0.2, 0.15, 0.4])
    assert math.isnan(per_fte["priority_patent_applications"].iloc[3])  # no FTE reported


def test_zero_denominator_gives_nan_not_infinity() -> None:
    w = wide_frame().assign(research_expenditure_eur=[0.0, 1e8, 1e8, 1e8])
    assert math.isnan(B.intensities(w)["spinoffs"].iloc[0])


def test_pooled_intensity_is_pairwise_ratio_of_sums() -> None:
    # Spin-offs: (2+3+2) / (1e8+3e8+0.5e8) * 1e8 = 7 / 4.5; d is excluded from both sums.
    pooled = B.pooled_intensity(wide_frame())
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
        a = B.intensities(w, den)["spinoffs"].iloc[0]
        b = B.intensities(scaled, den)["spinoffs"].iloc[0]
        assert b == pytest.approx(a, rel=1e-9, abs=1e-12)
    assert math.isnan(B.intensities(w, "per_disclosure")["spinoffs"].iloc[0])  # not reported


# ------------------------------------------------------------------ currency


def test_to_eur_known_answer() -> None:
    assert B.to_eur(100.0, "CHF", 2019, FX) == pytest.approx(89.892)
    assert B.to_eur(100.0, "EUR", 2019, FX) == 100.0
    with pytest.raises(KeyError):
        B.to_eur(100.0, "USD", 2019, FX)


@settings(max_examples=50, deadline=None)
@given(amount=st.floats(min_value=0, max_value=1e12), cur=st.sampled_from(["CHF", "GBP", "EUR"]))
def test_currency_round_trip_is_identity(amount: float, cur: str) -> None:
    back = B.from_eur(B.to_eur(amount, cur, 2019, FX), cur, 2019, FX)
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
    out = B.convert_peers(peers, FX)
    assert out["value_std"].iloc[0] == pytest.approx(1139.25)
    assert math.isnan(out["value_std"].iloc[1])
    assert "USD" in out["conversion_note"].iloc[1]
    assert out["value_std"].iloc[3] == 24.0
    real = B.convert_peers(peers, FX, price_index=HICP, base_year=2015)
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
    converted: pd.DataFrame = B.convert_peers(pd.DataFrame(rows), FX)
    return converted


def test_peer_intensities_use_denominators_within_tolerance_and_list_the_rest() -> None:
    tab, missing = B.peer_intensities(peers_std())
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
    assert "status bron: secondary" in astp["note"].iloc[0]
    # Oxford 2021 is four years from its denominator; ETH cumulative is not annual.
    reasons = set(
        zip(missing["peer_id"], missing["indicator"], missing["denominator"], strict=True)
    )
    assert ("oxford", "spinoffs", "per_100m_research") in reasons
    assert ("eth_domain", "spinoffs_cumulative", "") in reasons
    assert ("astp_avg", "spinoffs", "per_100m_research") in reasons
    strict, strict_missing = B.peer_intensities(peers_std(), denominator_year_tolerance=0)
    assert "oxford" not in set(strict["peer_id"])
    assert len(strict_missing) > len(missing)


def test_gap_known_answer_and_zero_peer() -> None:
    diff, ratio = B.gap(np.array([3.0, 1.0]), np.array([4.0, 0.0]))
    assert diff.tolist() == [-1.0, 1.0]
    assert ratio[0] == pytest.approx(0.75)
    assert math.isnan(ratio[1])


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=1e-6, max_value=1e9))
def test_gap_of_the_top_against_itself_is_zero(value: float) -> None:
    diff, ratio = B.gap(value, value)
    assert float(diff) == 0.0
    assert float(ratio) == pytest.approx(1.0)


def test_bootstrap_ratio_identical_units_have_no_spread_and_seed_is_fixed() -> None:
    nums = np.array([[2.0], [2.0], [2.0]])
    dens = np.array([[1.0], [1.0], [1.0]])
    draws = B.bootstrap_ratio(nums, dens, n_boot=50, seed=1)
    assert draws.shape == (50, 1)
    assert np.allclose(draws, 2.0)
    nums2 = np.array([[1.0], [5.0], [9.0]])
    a = B.bootstrap_ratio(nums2, dens, n_boot=100, seed=3)
    b = B.bootstrap_ratio(nums2, dens, n_boot=100, seed=3)
    assert np.array_equal(a, b)
    assert a.min() >= 1.0 and a.max() <= 9.0 and a.std() > 0


def test_benchmark_gaps_total_type_and_institution_rows() -> None:
    res = B.benchmark_gaps(
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
    from analysis.labels import unlabelled

    res = B.benchmark_gaps(wide_frame(), INSTITUTIONS, peers_std(), years=[2019], n_boot=20)
    assert unlabelled(res.gaps) == []
    assert unlabelled(res.missing) == []
