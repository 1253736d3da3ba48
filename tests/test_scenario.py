"""Catch-up scenario: ramp, arithmetic and parameters, all computed by hand."""

from __future__ import annotations

import math
from typing import cast

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import scenario as S

BUDGET = pd.DataFrame(
    {
        "year": [2022, 2023, 2024, 2025, 2022, 2023, 2024, 2025],
        "line": ["total"] * 4 + ["capacity"] * 4,
        "amount_eur": [np.nan, 1e6, 2e6, 3e6, 9.0, 9.0, 9.0, 9.0],
    }
)


def cell(frame: pd.DataFrame, row: str | int, col: str) -> float:
    """A numeric cell; pandas-stubs type `.loc[row, col]` as a wide union, so cast once here."""
    return float(cast(float, frame.loc[row, col]))


def text(frame: pd.DataFrame, row: str | int, col: str) -> str:
    """A text cell (see `cell`)."""
    return str(frame.loc[row, col])


def params(
    base: float = 1.0, target: float = 3.0, lic_base: float = 1e5, lic_target: float = 4e5
) -> pd.DataFrame:
    """A hand-written parameters table: RE EUR 1 billion, 10 jobs per spin-off, 4.2 return."""
    rows = [
        ("base_year", "all", 2022.0),
        ("target_year", "all", 2025.0),
        ("research_expenditure_eur", "all", 1e9),
        ("baseline_spinoffs_per_100m", "all", base),
        ("baseline_licence_income_eur_per_100m", "all", lic_base),
    ]
    for v in S.VARIANTS:
        rows += [
            ("target_spinoffs_per_100m", v, target),
            ("target_licence_income_eur_per_100m", v, lic_target),
            ("jobs_per_spinoff", v, {"low": 5.0, "central": 10.0, "high": 10.0}[v]),
            ("return_per_euro", v, 4.2),
        ]
    return pd.DataFrame(
        [
            {"parameter": p, "variant": v, "value": x, "unit": "", "source_id": "test", "note": ""}
            for p, v, x in rows
        ]
    )


def test_ramp_is_cumulative_budget_share_reaching_one_in_target_year() -> None:
    shares = S.ramp_shares(BUDGET, target_year=2025)
    assert shares.to_dict() == pytest.approx({2022: 0.0, 2023: 1 / 6, 2024: 3 / 6, 2025: 1.0})


def test_run_scenario_hand_computed() -> None:
    res = S.run_scenario(params(), BUDGET)
    c = res[res["variant"] == "central"].set_index("year")
    # Gap 2 per 100M on EUR 1 billion = 20 spin-offs at full ramp.
    assert c["extra_spinoffs"].to_dict() == pytest.approx(
        {2022: 0.0, 2023: 20 / 6, 2024: 10.0, 2025: 20.0}
    )
    assert cell(c, 2025, "extra_spinoffs_cumulative") == pytest.approx(20 / 6 + 10 + 20)
    assert cell(c, 2025, "extra_jobs") == pytest.approx((20 / 6 + 10 + 20) * 10)
    assert cell(c, 2025, "spinoffs_scenario") == pytest.approx(30.0)
    assert cell(c, 2025, "spinoffs_baseline") == pytest.approx(10.0)
    # Licence income gap EUR 3e5 per 100M on EUR 1 billion = EUR 3M at full ramp.
    assert cell(c, 2024, "extra_licence_income_eur") == pytest.approx(1.5e6)
    assert cell(c, 2023, "return_eur") == pytest.approx(4.2e6)
    assert cell(c, 2022, "return_eur") == 0.0  # the unknown 2022 budget adds nothing
    assert cell(c, 2025, "return_eur_cumulative") == pytest.approx(4.2 * 6e6)
    low = res[res["variant"] == "low"].set_index("year")
    assert cell(low, 2025, "extra_jobs") == pytest.approx(cell(c, 2025, "extra_jobs") / 2)


def test_no_negative_catch_up_when_already_above_target() -> None:
    res = S.run_scenario(params(base=5.0, target=3.0), BUDGET)
    assert (res["extra_spinoffs"] == 0).all()
    assert (res["scenario_intensity"] == 5.0).all()


def test_missing_target_gives_nan_not_zero() -> None:
    p = params()
    p.loc[p["parameter"] == "target_licence_income_eur_per_100m", "value"] = np.nan
    res = S.run_scenario(p, BUDGET)
    assert res["extra_licence_income_eur"].isna().all()
    assert S.summary(res)["extra_licence_income_eur"].isna().all()


@settings(max_examples=10, deadline=None)
@given(base=st.floats(0.0, 10.0), gap=st.floats(0.0, 10.0))
def test_final_year_reaches_target_exactly(base: float, gap: float) -> None:
    res = S.run_scenario(params(base=base, target=base + gap), BUDGET)
    final = res[(res["variant"] == "central") & (res["year"] == 2025)]
    assert final["scenario_intensity"].iloc[0] == pytest.approx(base + gap)
    assert final["extra_spinoffs"].iloc[0] == pytest.approx(gap * 10)


def test_jobs_per_spinoff_from_peers_and_fallback() -> None:
    peers = pd.DataFrame(
        {
            "peer_id": ["kuleuven", "kuleuven", "kuleuven"],
            "indicator": ["spinoffs_cumulative", "spinoffs_cumulative", "spinoff_jobs_cumulative"],
            "value": [100.0, 150.0, 7000.0],
            "year": [2013, 2022, 2022],
            "source_id": ["a", "lrd", "lrd"],
        }
    )
    value, src = S.jobs_per_spinoff(peers)
    assert value == pytest.approx(7000 / 150)
    assert src == "lrd"
    fallback, fallback_src = S.jobs_per_spinoff(None)
    assert fallback == pytest.approx(7000 / 150)
    assert fallback_src == S.KULEUVEN_SOURCE


def test_targets_from_peers_min_mean_max() -> None:
    tab = pd.DataFrame(
        {
            "peer_id": ["oxford", "ethz", "ethz"],
            "indicator": ["spinoffs", "spinoffs", "spinoffs"],
            "denominator": ["per_100m_research", "per_100m_research", "per_kto_fte"],
            "peer_year": [2018, 2018, 2018],
            "peer_value": [3.0, 5.0, 99.0],
            "source_id": ["ox", "eth", "eth"],
        }
    )
    t = S.targets_from_peers(tab).set_index("variant")
    assert cell(t, "low", "value") == 3.0
    assert cell(t, "central", "value") == 4.0
    assert cell(t, "high", "value") == 5.0
    assert text(t, "central", "source_id") == "eth;ox"


def test_build_parameters_from_data_every_value_has_a_source() -> None:
    wide = pd.DataFrame(
        {
            "institution_id": ["a", "b", "a"],
            "year": [2024, 2024, 2023],
            "research_expenditure_eur": [3e8, 1e8, 9e9],
            "spinoffs": [4.0, 2.0, 0.0],
            "licence_income_eur": [1e6, np.nan, 0.0],
            "is_demonstration": [True, True, True],
        }
    )
    targets = pd.DataFrame(
        [
            {
                "parameter": "target_spinoffs_per_100m",
                "variant": v,
                "value": 3.0,
                "unit": "",
                "source_id": "ox",
                "note": "",
            }
            for v in S.VARIANTS
        ]
    )
    p = S.build_parameters(wide, targets, base_year=2024, jobs=(40.0, "lrd"))
    get = p.set_index(["parameter", "variant"])["value"]
    assert get[("research_expenditure_eur", "all")] == 4e8
    assert get[("baseline_spinoffs_per_100m", "all")] == pytest.approx(1.5)
    assert get[("baseline_licence_income_eur_per_100m", "all")] == pytest.approx(1e6 / 3e8 * 1e8)
    assert get[("jobs_per_spinoff", "low")] == 20.0
    assert get[("return_per_euro", "central")] == 4.2
    assert math.isnan(get[("target_licence_income_eur_per_100m", "central")])
    known = p[p["value"].notna()]
    assert (known["source_id"] != "").all()
    assert set(p.loc[p["parameter"] == "base_year", "source_id"]) == {"demonstration"}
    res = S.run_scenario(p, BUDGET.assign(year=BUDGET["year"] + 4))
    # 2029: gap 1.5 per 100M on EUR 400M → 6 extra spin-offs.
    assert res[(res["variant"] == "central") & (res["year"] == 2029)]["extra_spinoffs"].iloc[
        0
    ] == pytest.approx(6.0)


def test_every_scenario_column_has_a_dutch_label() -> None:
    from analysis.labels import unlabelled

    res = S.run_scenario(params(), BUDGET)
    assert unlabelled(res) == []
    assert unlabelled(S.summary(res)) == []
    assert unlabelled(params()) == []
