"""Industry co-publication analysis: statistics with known answers, positions, selection."""

from __future__ import annotations

import csv
import math
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from analysis.data import reference
from analysis.methods import copublications as cp

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
REFERENCE = ROOT.parent / "shared" / "reference" / "cwts_leiden_ranking_2020.csv"


# --- statistics with published answers -------------------------------------------------------


def test_wilson_interval_known_answers() -> None:
    # Newcombe (1998), table I: 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605;
    # 0/20 → 0–0.1611; 1/29 → 0.0061–0.1718 (Wilson score, no continuity correction).
    low, high = cp.wilson_interval(np.array([81, 15, 0, 1]), np.array([263, 148, 20, 29]))
    assert low == pytest.approx([0.2553, 0.0624, 0.0, 0.0061], abs=5e-5)
    assert high == pytest.approx([0.3662, 0.1605, 0.1611, 0.1718], abs=5e-5)


def test_wilson_interval_without_publications_is_missing() -> None:
    low, high = cp.wilson_interval(0.0, 0.0)
    assert math.isnan(float(low)) and math.isnan(float(high))


def test_newcombe_difference_known_answer() -> None:
    # Newcombe (1998), table II example (a): 56/70 − 48/80 = 0.2000, method 10: 0.0524–0.3339.
    l1, h1 = cp.wilson_interval(56.0, 70.0)
    l2, h2 = cp.wilson_interval(48.0, 80.0)
    low, high = cp.newcombe_difference(56 / 70, float(l1), float(h1), 48 / 80, float(l2), float(h2))
    assert low == pytest.approx(0.0524, abs=5e-5)
    assert high == pytest.approx(0.3339, abs=5e-5)


def test_position_rank_and_percentile_by_hand() -> None:
    others = [1.0, 2.0, 3.0, 3.0, 4.0]
    # above: 4.0 → rank 2; below 2, equal 2 → (2 + 1) / 5 = 60%
    assert cp.position(others, 3.0) == (2, 60.0)
    assert cp.position(others, 5.0) == (1, 100.0)
    assert cp.position(others, 0.5) == (6, 0.0)
    rank, percentile = cp.position([], 3.0)
    assert rank == 0 and math.isnan(percentile)


# --- a small table with known answers ------------------------------------------------------------


def _row(
    university: str, share: float, count: float, total: float, **ids: str
) -> dict[str, object]:
    return {
        "edition": 2099,
        "period": "2015–2018",
        "period_status": "read",
        "field": "All sciences",
        "counting": "full",
        "university": university,
        "country": "",
        "institution_id": ids.get("institution_id", np.nan),
        "peer_id": ids.get("peer_id", np.nan),
        "P": total,
        "P_collab": np.nan,
        "PP_collab": np.nan,
        "P_int_collab": np.nan,
        "PP_int_collab": np.nan,
        "P_industry_collab": count,
        "PP_industry_collab": share,
        "PP_industry_collab_LB": np.nan,
        "PP_industry_collab_UB": np.nan,
        "P_short_dist_collab": np.nan,
        "PP_short_dist_collab": np.nan,
        "P_long_dist_collab": np.nan,
        "PP_long_dist_collab": np.nan,
        "source_id": "fixture",
        "status": "read",
    }


def small_table() -> pd.DataFrame:
    rows = [
        _row("Tech NL", 20.0, 200, 1000, institution_id="tue"),
        _row("Broad NL", 5.0, 50, 1000, institution_id="uva"),
        _row("Peer CH", 10.0, 1000, 10000, peer_id="ethz"),
        _row("Peer UK", 10.0, 1000, 10000, peer_id="oxford"),
        _row("Peer BE", 10.0, 1000, 10000, peer_id="kuleuven"),
        _row("Other A", 1.0, 10, 1000),
        _row("Other B", 30.0, 300, 1000),
    ]
    old = _row("Tech NL", 99.0, 990, 1000, institution_id="tue")
    old["period"] = "2014–2017"
    other_edition = _row("Tech NL", 50.0, 500, 1000, institution_id="tue")
    other_edition["edition"] = 2098
    return pd.DataFrame([*rows, old, other_edition])


def test_latest_selection_takes_latest_edition_and_window() -> None:
    selection = cp.latest_selection(small_table())
    assert selection == cp.Selection(2099, "2015–2018", "All sciences", "full")
    with pytest.raises(ValueError, match="no Leiden Ranking rows"):
        cp.latest_selection(small_table(), counting="fractional")


def test_compare_small_table_by_hand() -> None:
    comparison = cp.compare(small_table(), names={"tue": "TU/e"})
    table = comparison.table.set_index("unit_id")
    # ties (three peers at 10%) in name order: Peer BE, Peer CH, Peer UK
    assert list(comparison.table["unit_id"]) == ["tue", "kuleuven", "ethz", "oxford", "uva"]
    assert comparison.n_ranked == 7  # the 2014–2017 row and edition 2098 are not mixed in
    assert comparison.median_pct == 10.0
    tue = table.loc["tue"]
    assert tue["name"] == "TU/e"
    assert tue["rank"] == 2  # only Other B (30%) is higher
    assert tue["percentile"] == pytest.approx(100 * 5 / 6)  # 5 of 6 others lower
    low, high = cp.wilson_interval(200.0, 1000.0)
    assert tue["ci_low_pct"] == pytest.approx(100 * float(low))
    assert tue["ci_high_pct"] == pytest.approx(100 * float(high))
    assert not tue["P_inferred"]
    assert tue["diff_ethz"] == pytest.approx(10.0)
    assert tue["diff_ethz_low"] > 0  # 20% of 1,000 against 10% of 10,000: clearly higher
    assert math.isnan(table.loc["ethz", "diff_ethz"])
    verdicts = cp.against_all_peers(comparison)
    assert verdicts.to_dict() == {"tue": "higher", "uva": "lower"}
    assert comparison.source_ids == ("fixture",)


def test_equal_share_is_similar_not_higher() -> None:
    table = small_table()
    table.loc[table["university"] == "Tech NL", ["PP_industry_collab", "P_industry_collab"]] = [
        10.0,
        100.0,
    ]
    comparison = cp.compare(table)
    record = comparison.table.set_index("unit_id").loc["tue"].to_dict()
    assert cp.verdict(record, "ethz", comparison.family_level) == "similar"


def test_inferred_publication_count_widens_nothing_when_exact() -> None:
    # Without P, the collaboration pairs bound it: 800 at 80.0% and 100 at 10.0% → P = 1,000
    # within [999.4, 1000.6] and [995.0, 1005.0] → 1,000 exactly.
    table = small_table()
    table.loc[0, ["P", "P_collab", "PP_collab"]] = [np.nan, 800.0, 80.0]
    table.loc[0, ["P_industry_collab", "PP_industry_collab"]] = [100.0, 10.0]
    comparison = cp.compare(table)
    tue = comparison.table.set_index("unit_id").loc["tue"]
    assert (tue["P_low"], tue["P_high"], tue["P_inferred"]) == (1000.0, 1000.0, True)
    assert comparison.p_inferred
    assert "afgeleid" in cp.uncertainty_text(comparison, "95%")


# --- the shipped 2020 rows ----------------------------------------------------------------------


def test_shipped_comparison_known_values() -> None:
    comparison = cp.compare(reference.load_leiden_ranking(RAW))
    assert comparison.selection == cp.Selection(2020, "2015–2018", "All sciences", "full")
    assert comparison.n_ranked == 1176
    table = comparison.table.set_index("unit_id")
    assert len(table) == 16 and (table["group"] == "nl").sum() == 13
    tue = table.loc["tue"]
    assert (tue["share_pct"], tue["industry_count"]) == (15.6, 1016)
    # P bounds by hand from TU/e's pairs: 5325 at 81.6% → [6521.6, 6529.7],
    # 3749 at 57.5% → [6514.3, 6525.7], the others are wider: P in [6522, 6525].
    assert (tue["P_low"], tue["P_high"]) == (6522, 6525)
    assert tue["P_inferred"]
    low, _ = cp.wilson_interval(1016.0, 6525.0)
    _, high = cp.wilson_interval(1016.0, 6522.0)
    assert tue["ci_low_pct"] == pytest.approx(100 * float(low))
    assert tue["ci_high_pct"] == pytest.approx(100 * float(high))
    assert table.loc["oxford", "share_pct"] == 7.4
    assert table.loc["ethz", "share_pct"] == 8.0
    assert table.loc["kuleuven", "share_pct"] == 8.1
    assert cp.against_all_peers(comparison)["tiu"] == "lower"
    assert cp.against_all_peers(comparison)["tue"] == "higher"


@pytest.mark.skipif(not REFERENCE.is_file(), reason="../shared/reference is absent")
def test_shipped_positions_agree_with_a_plain_count_of_the_reference_file() -> None:
    with REFERENCE.open(encoding="utf-8", newline="") as handle:
        shares = {r["university"]: float(r["PP_industry_collab"]) for r in csv.DictReader(handle)}
    comparison = cp.compare(reference.load_leiden_ranking(RAW))
    for record in cp.row_dicts(comparison.table):
        mine = shares[str(record["university"])]
        higher = sum(1 for name, s in shares.items() if s > mine)
        assert record["rank"] == higher + 1, record["university"]
    assert comparison.median_pct == pytest.approx(float(np.median(list(shares.values()))))


def test_window_text_states_edition_window_and_caveat() -> None:
    comparison = cp.compare(reference.load_leiden_ranking(RAW))
    text = cp.window_text(comparison)
    assert text.startswith("CWTS Leiden Ranking 2020, publicaties 2015–2018 (")
    assert "2016–2019" in text
    assert cp.window_text(comparison, caveat=False) == (
        "CWTS Leiden Ranking 2020, publicaties 2015–2018"
    )
    assert "alleen de steekproefonzekerheid" in cp.uncertainty_text(comparison, "95%")


def test_institution_lookup() -> None:
    comparison = cp.compare(reference.load_leiden_ranking(RAW), names={"ut": "Universiteit Twente"})
    twente = cp.institution_copublication(comparison, "ut")
    assert twente is not None
    assert (twente.name, twente.share_pct, twente.count) == ("Universiteit Twente", 9.3, 606)
    assert twente.n_ranked == 1176
    assert [p for p, _, _ in twente.peers] == ["ethz", "oxford", "kuleuven"]
    assert twente.source_id == "cwts_leiden_ranking_2020_nda"
    assert twente.status == "secondary"
    # Not in the ranking: the Open Universiteit, a UMC, TNO; and a peer is not an institution
    for missing in ("ou", "amc", "tno", "ethz"):
        assert cp.institution_copublication(comparison, missing) is None


def test_institution_figures_filters_and_sorts() -> None:
    figures = cp.institution_figures(reference.load_institution_figures(RAW), "ru")
    assert list(figures["year"]) == [2020, 2021, 2020, 2021]
    assert (
        list(figures["figure"])
        == ["contract_research_companies_eur"] * 2 + ["contract_research_total_eur"] * 2
    )
    assert cp.institution_figures(reference.load_institution_figures(RAW), "tud").empty


def test_every_result_column_has_a_dutch_label() -> None:
    from analysis.publication import labels

    comparison = cp.compare(reference.load_leiden_ranking(RAW))
    assert labels.unlabelled(comparison.table) == []


def test_holm_adjustment_known_answer() -> None:
    """By hand: p = 0.01, 0.04, 0.03, 0.005 (m = 4). Sorted 0.005, 0.01, 0.03, 0.04 get
    4·0.005 = 0.02, 3·0.01 = 0.03, 2·0.03 = 0.06, 1·0.04 = 0.04 → made non-decreasing:
    0.02, 0.03, 0.06, 0.06; back in the input order, NaN left alone."""
    adjusted = cp.holm([0.01, 0.04, 0.03, 0.005, float("nan")])
    assert adjusted[:4] == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert math.isnan(adjusted[4])
    # at 5% familywise only the two smallest hold; unadjusted all four would
    assert list(adjusted[:4] < 0.05) == [True, False, False, True]
    assert cp.holm([0.9, 0.8]) == pytest.approx([1.0, 1.0])  # 2 · 0.8 = 1.6, capped at 1
    assert cp.holm([0.6, 0.7]).max() <= 1.0


def test_the_p_value_belongs_to_the_printed_interval() -> None:
    """Inverting Newcombe's interval: at the p value the interval just touches zero, so a
    95% interval excluding zero and p < 0.05 are the same statement."""
    p = cp.newcombe_p_value(60, 1000, 40, 1000)
    z = NormalDist().inv_cdf(1 - p / 2)
    low1, high1 = (float(v) for v in cp.wilson_interval(60, 1000, z))
    low2, high2 = (float(v) for v in cp.wilson_interval(40, 1000, z))
    low, _ = cp.newcombe_difference(0.06, low1, high1, 0.04, low2, high2)
    assert low == pytest.approx(0.0, abs=1e-9)
    lo95, _ = cp.newcombe_difference(
        0.06,
        *(float(v) for v in cp.wilson_interval(60, 1000)),
        0.04,
        *(float(v) for v in cp.wilson_interval(40, 1000)),
    )
    assert (lo95 > 0) == (p < 0.05)
    assert cp.newcombe_p_value(50, 1000, 50, 1000) == 1.0
