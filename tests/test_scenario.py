"""Catch-up scenario: targets from the top's spread, ramp, arithmetic, jobs and sensitivity.

Every expected number is computed by hand in the comment beside it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.data.assumptions import Assumption, Assumptions
from analysis.methods.scenario import parameters, run, sensitivity


def _row(aid: str, value: str, **kw: object) -> Assumption:
    fields: dict[str, object] = {
        "low": None,
        "high": None,
        "alternatives": (),
        "unit": "jaar",
        "horizon": "test",
        "source_id": f"src_{aid}",
        "note": f"note {aid}",
    }
    fields.update(kw)
    return Assumption(assumption_id=aid, value=value, **fields)  # type: ignore[arg-type]


#: The assumptions of these tests, stated here (not read from data/raw/, which a
#: researcher may change): lag 0 with 0–2 as range, jobs ×0.5–×2, the budget ramp, 95%
#: intervals (the targets' notes name the level of a count's sampling interval).
ASSUMPTIONS = Assumptions(
    {
        "scenario_target_year": _row("scenario_target_year", "2029", source_id="kto_nl_plan_2021"),
        "scenario_lag_years": _row(
            "scenario_lag_years", "0", low=0.0, high=2.0, source_id="assumption_catch_up_lag"
        ),
        "spinoff_jobs_early_factor": _row(
            "spinoff_jobs_early_factor",
            "1",
            low=0.5,
            high=2.0,
            source_id="assumption_spinoff_jobs_range",
        ),
        "scenario_ramp_shape": _row(
            "scenario_ramp_shape", "budget", alternatives=("linear", "front", "back")
        ),
        "confidence_level": _row(
            "confidence_level", "0.95", source_id="assumption_confidence_level"
        ),
    }
)
SHAPES = ("budget", "linear", "front", "back")
LAGS = (0, 1, 2)

#: Scheme budget: nothing known for 2022, then 1, 2, 3, 3 (EUR million).
BUDGET = pd.DataFrame(
    {
        "year": [2022, 2023, 2024, 2025, 2026, 2022, 2023],
        "line": ["total"] * 5 + ["capacity"] * 2,
        "amount_eur": [np.nan, 1e6, 2e6, 3e6, 3e6, 9.0, 9.0],
    }
)

JOBS = pd.DataFrame(
    {
        "figure_id": ["tno", "kul", "dealroom"],
        "scope": ["a", "b", "c"],
        "scope_nl": ["TNO", "KU Leuven", "Dealroom"],
        "jobs": [128.0, 7000.0, 167000.0],
        "jobs_value_type": ["exact", "approximate", "approximate"],
        "companies": [19.0, 150.0, 7300.0],
        "companies_value_type": ["exact", "lower_bound", "lower_bound"],
        "period": ["2017–2019", "1972–2022", "to 2025"],
        "years_since_founding": ["0–3", "0–50", "not stated"],
        "horizon": ["early", "long_run", "long_run"],
        "source_id": ["tno_2019", "planetfuture_lrd_2022", "afnnews_dealroom_2025"],
        "status": ["read", "read", "secondary"],
        "note": ["", "", ""],
    }
)


def comparison(
    indicator: str,
    denominator: str,
    peer_group: str,
    nl: tuple[float, float, float],
    peer: tuple[float, float, float],
    verdict: str,
    n_figures: int = 1,
) -> dict[str, object]:
    """One row of `benchmark.BenchmarkResult.comparisons` (Dutch total)."""
    return {
        "level": "total",
        "group": "total",
        "indicator": indicator,
        "denominator": denominator,
        "peer_group": peer_group,
        "nl_value": nl[0],
        "nl_low": nl[1],
        "nl_high": nl[2],
        "peer_low": peer[0],
        "peer_value": peer[1],
        "peer_high": peer[2],
        "n_figures": n_figures,
        "verdict": verdict,
        "source_id": f"src_{peer_group}",
    }


def comparisons() -> pd.DataFrame:
    """Licences per disclosure: behind ETH (two definitions) and Oxford; spin-offs: ahead."""
    return pd.DataFrame(
        [
            comparison(
                "licence_agreements",
                "per_disclosure",
                "eth",
                (0.25, 0.2, 0.3),
                (0.42, 0.69, 0.95),
                "behind",
                n_figures=2,
            ),
            comparison(
                "licence_agreements",
                "per_disclosure",
                "oxford",
                (0.25, 0.2, 0.3),
                (0.5, 0.6, 0.7),
                "behind",
            ),
            comparison(
                "spinoffs", "per_100m_research", "oxford", (3.0, 2.5, 3.5), (2.0, 2.0, 2.0), "ahead"
            ),
            comparison(
                "spinoff_capital_eur",
                "per_disclosure",
                "eth",
                (9.0e5, 8.0e5, 1.0e6),
                (9.4e5, 9.4e5, 9.4e5),
                "indistinguishable",
            ),
        ]
    )


def params_for(targets: pd.DataFrame, counts: dict[str, float] | None = None) -> pd.DataFrame:
    counts = counts or {"licence_agreements": 100.0, "spinoffs": 50.0, "spinoff_capital_eur": 1e9}
    return parameters.build_parameters(
        targets,
        counts,
        parameters.jobs_parameters(JOBS, ASSUMPTIONS.jobs_factor),
        base_year=2023,
        assumptions=ASSUMPTIONS,
        target_year=2026,
        data_source="demonstration",
    )


def hand_params(base: float, targets: tuple[float, float, float], indicator: str) -> pd.DataFrame:
    """A one-comparison scenario: base year 2023, target 2026, base count 100."""
    t = pd.DataFrame(
        [
            {
                "indicator": indicator,
                "denominator": "per_disclosure",
                "n_figures": 3,
                "baseline": base,
                "target_low": targets[0],
                "target_central": targets[1],
                "target_high": targets[2],
                "status": "lagging",
                "source_id": "x",
            }
        ]
    )
    return params_for(t, {indicator: 100.0})


# ------------------------------------------------------------------ targets


def test_targets_come_from_the_spread_of_the_top_each_peer_once() -> None:
    t = parameters.catch_up_targets(comparisons()).set_index(["indicator", "denominator"])
    lic = t.loc[("licence_agreements", "per_disclosure")]
    assert lic["target_low"] == pytest.approx(0.42)  # lowest end of any range
    assert lic["target_central"] == pytest.approx((0.69 + 0.6) / 2)  # median of the two peers
    assert lic["target_high"] == pytest.approx(0.95)  # highest end
    assert lic["target_low"] < lic["target_central"] < lic["target_high"]
    assert lic["status"] == "lagging"
    assert lic["n_peers"] == 2 and lic["n_figures"] == 3
    spin = t.loc[("spinoffs", "per_100m_research")]
    assert spin["status"] == "at_or_above"
    # One exact figure: low = central = high, and the parameters say so.
    assert spin["target_low"] == spin["target_central"] == spin["target_high"] == 2.0
    cap = t.loc[("spinoff_capital_eur", "per_disclosure")]
    assert cap["status"] == "not_demonstrable"  # below the centre, but the intervals overlap


def test_peer_choice_changes_the_targets() -> None:
    only_oxford = parameters.catch_up_targets(comparisons(), peer_groups=("oxford",)).set_index(
        "indicator"
    )
    assert only_oxford.loc["licence_agreements", "target_low"] == pytest.approx(0.5)
    assert only_oxford.loc["licence_agreements", "target_central"] == pytest.approx(0.6)
    assert "spinoff_capital_eur" not in only_oxford.index


def test_country_above_the_top_gets_no_path_and_says_so() -> None:
    above = comparisons()
    above = above[above["indicator"] == "spinoffs"]
    targets = parameters.catch_up_targets(above)
    assert list(targets["status"]) == ["at_or_above"]
    params = params_for(targets)
    assert (params["parameter"] != "target").all()  # no target, so no "doelpad"
    result = run.run_scenario(params, BUDGET, shape="budget")
    assert result.empty
    assert run.summary(result, params).empty
    assert run.headline(targets) is None


# ------------------------------------------------------------------ ramp


def test_ramp_follows_the_budget_after_the_base_year() -> None:
    # After 2023: 2, 3, 3 (EUR million) → cumulative 2, 5, 8 of 8.
    shares = run.ramp_shares(BUDGET, 2023, 2026, shape="budget", lag=0)
    assert shares.to_dict() == pytest.approx({2023: 0.0, 2024: 0.25, 2025: 0.625, 2026: 1.0})
    assert run.ramp_shares(BUDGET, 2023, 2026, shape="linear", lag=0).tolist() == pytest.approx(
        [0, 1 / 3, 2 / 3, 1]
    )
    assert run.ramp_shares(BUDGET, 2023, 2026, shape="front", lag=0).tolist() == pytest.approx(
        [0, math.sqrt(1 / 3), math.sqrt(2 / 3), 1]
    )
    assert run.ramp_shares(BUDGET, 2023, 2026, shape="back", lag=0).tolist() == pytest.approx(
        [0, 1 / 9, 4 / 9, 1]
    )
    # One year of lag: the path starts a year later and reaches 0.625 in 2026, not 1.
    assert run.ramp_shares(BUDGET, 2023, 2026, shape="budget", lag=1).tolist() == pytest.approx(
        [0, 0, 0.25, 0.625]
    )
    with pytest.raises(ValueError, match="ramp shape"):
        run.ramp_shares(BUDGET, 2023, 2026, shape="s-curve", lag=0)


# ------------------------------------------------------------------ run


def test_run_scenario_hand_computed() -> None:
    params = hand_params(0.25, (0.3, 0.5, 1.0), "licence_agreements")
    res = run.run_scenario(params, BUDGET, shape="budget")
    c = res[res["variant"] == "central"].set_index("year")
    # Central: 0.5 / 0.25 − 1 = 100% more on a base of 100, along shares 0, 0.25, 0.625, 1.
    assert c["extra"].to_dict() == pytest.approx({2023: 0.0, 2024: 25.0, 2025: 62.5, 2026: 100.0})
    assert c["count_scenario"].iloc[-1] == pytest.approx(200.0)
    assert c["count_scenario"].iloc[0] == pytest.approx(100.0)  # the path starts at today's count
    assert c["extra_cumulative"].iloc[-1] == pytest.approx(187.5)
    assert c["scenario_intensity"].iloc[-1] == pytest.approx(0.5)
    low = res[(res["variant"] == "low") & (res["year"] == 2026)]
    high = res[(res["variant"] == "high") & (res["year"] == 2026)]
    assert low["extra"].iloc[0] == pytest.approx(20.0)  # 0.3 / 0.25 − 1 = 20%
    assert high["extra"].iloc[0] == pytest.approx(300.0)  # 1.0 / 0.25 − 1 = 300%
    assert res["extra_jobs"].isna().all()  # licences give no jobs


def test_a_variant_without_extra_output_shows_nothing_extra() -> None:
    # Low target below today's level: no negative catch-up, no gain of any kind.
    res = run.run_scenario(
        hand_params(0.4, (0.3, 0.5, 0.6), "licence_agreements"), BUDGET, shape="budget"
    )
    low = res[res["variant"] == "low"]
    assert (low["extra"] == 0).all()
    assert (low["extra_cumulative"] == 0).all()
    assert (low["scenario_intensity"] == 0.4).all()


def test_no_return_is_computed_from_the_plan_multiplier() -> None:
    params = hand_params(0.2, (0.3, 0.5, 1.0), "spinoffs")
    res = run.run_scenario(params, BUDGET, shape="budget")
    summ = run.summary(res, params)
    for frame in (res, summ):
        assert not [c for c in frame.columns if "return" in c or "opbrengst" in c]
    # No number anywhere equals EUR 4.20 times any (cumulative) budget amount.
    budget = BUDGET[BUDGET["line"] == "total"]["amount_eur"].fillna(0.0)
    forbidden = np.concatenate(
        [
            parameters.PLAN_RETURN_PER_EURO * budget.to_numpy(),
            parameters.PLAN_RETURN_PER_EURO * budget.cumsum().to_numpy(),
        ]
    )
    forbidden = forbidden[forbidden > 0]
    for frame in (res, summ):
        values = frame.select_dtypes("number").to_numpy(dtype="float64").ravel()
        values = values[np.isfinite(values)]
        assert not np.isclose(values[:, None], forbidden[None, :], rtol=1e-9).any()
    # The plan's figure is carried only as a quotation, marked as not used.
    quoted = params[params["parameter"] == "plan_return_per_euro"].iloc[0]
    assert quoted["value"] == pytest.approx(4.2)
    assert quoted["source_id"] == "rabobank_2019"
    assert "niet gebruikt" in quoted["note"]


@settings(max_examples=25, deadline=None)
@given(base=st.floats(0.05, 5.0), gap=st.floats(0.0, 5.0))
def test_final_year_reaches_the_central_target_exactly(base: float, gap: float) -> None:
    res = run.run_scenario(
        hand_params(base, (base, base + gap, base + 2 * gap), "spinoffs"), BUDGET, shape="budget"
    )
    final = res[(res["variant"] == "central") & (res["year"] == 2026)].iloc[0]
    assert final["scenario_intensity"] == pytest.approx(base + gap)
    assert final["count_scenario"] == pytest.approx(100.0 * (base + gap) / base)


# ------------------------------------------------------------------ jobs


def test_jobs_use_the_first_years_figure_with_its_range_and_keep_stocks_apart() -> None:
    jobs = parameters.jobs_parameters(JOBS, ASSUMPTIONS.jobs_factor).set_index(
        ["parameter", "variant"]
    )
    early = 128 / 19  # TNO: 128 FTE in 19 companies started 2017–2019, end of 2019
    assert jobs.loc[("jobs_per_spinoff_early", "central"), "value"] == pytest.approx(early)
    assert jobs.loc[("jobs_per_spinoff_early", "low"), "value"] == pytest.approx(early / 2)
    assert jobs.loc[("jobs_per_spinoff_early", "high"), "value"] == pytest.approx(early * 2)
    assert "0–3 jaar na oprichting" in jobs.loc[("jobs_per_spinoff_early", "central"), "note"]
    assert (
        "assumption_spinoff_jobs_range" in jobs.loc[("jobs_per_spinoff_early", "low"), "source_id"]
    )
    # Long run: stocks per surviving company after decades, never jobs per new spin-off.
    assert jobs.loc[("jobs_per_spinoff_long_run", "low"), "value"] == pytest.approx(167000 / 7300)
    assert jobs.loc[("jobs_per_spinoff_long_run", "high"), "value"] == pytest.approx(7000 / 150)
    assert "nog bestaan" in jobs.loc[("jobs_per_spinoff_long_run", "high"), "note"]

    params = hand_params(2.0, (2.5, 3.0, 4.0), "spinoffs")
    res = run.run_scenario(params, BUDGET, shape="budget")
    summ = run.summary(res, params).set_index("variant")
    # Central: +50% on 100 spin-offs: extra 12.5, 31.25, 50 → 93.75 spin-offs by 2026.
    assert summ.loc["central", "extra_cumulative"] == pytest.approx(93.75)
    assert summ.loc["central", "extra_jobs"] == pytest.approx(93.75 * early)
    # Low pairs the low target (+25%: 46.875 spin-offs) with the low jobs figure.
    assert summ.loc["low", "extra_jobs"] == pytest.approx(46.875 * early / 2)
    assert summ.loc["central", "jobs_long_run_high"] == pytest.approx(93.75 * 7000 / 150)
    assert summ.loc["central", "jobs_long_run_low"] == pytest.approx(93.75 * 167000 / 7300)


# ------------------------------------------------------------------ sensitivity


def test_ramp_and_lag_sensitivity_by_hand() -> None:
    params = hand_params(0.25, (0.3, 0.5, 1.0), "licence_agreements")
    ramp = sensitivity.ramp_sensitivity(params, BUDGET, shapes=SHAPES).set_index("shape")
    # Every shape reaches the target in 2026; only the sum over the years differs.
    assert ramp["extra_target_year"].tolist() == pytest.approx([100.0] * 4)
    assert ramp.loc["budget", "extra_cumulative"] == pytest.approx(25 + 62.5 + 100)
    assert ramp.loc["linear", "extra_cumulative"] == pytest.approx(100 / 3 + 200 / 3 + 100)
    assert ramp.loc["back", "extra_cumulative"] < ramp.loc["front", "extra_cumulative"]
    lag = sensitivity.lag_sensitivity(params, BUDGET, shape="budget", lags=LAGS).set_index("lag")
    assert lag.loc[0, "extra_target_year"] == pytest.approx(100.0)
    assert lag.loc[1, "extra_target_year"] == pytest.approx(62.5)  # share(2025)
    assert lag.loc[2, "extra_target_year"] == pytest.approx(25.0)  # share(2024)
    assert lag.loc[2, "extra_cumulative"] == pytest.approx(25.0)


def test_jobs_sensitivity_by_hand() -> None:
    params = hand_params(2.0, (2.5, 3.0, 4.0), "spinoffs")
    jobs = sensitivity.jobs_sensitivity(
        params, BUDGET, shape="budget", jobs_per_spinoff=[5.0, 10.0], lags=(0, 1)
    )
    j = jobs.set_index(["lag", "jobs_per_spinoff"])
    assert j.loc[(0, 10.0), "extra_jobs"] == pytest.approx(937.5)
    assert j.loc[(0, 5.0), "extra_jobs"] == pytest.approx(468.75)
    # Lag 1: shares 0, 0, 0.25, 0.625 → 12.5 + 31.25 = 43.75 extra spin-offs.
    assert j.loc[(1, 10.0), "extra_spinoffs_cumulative"] == pytest.approx(43.75)
    none = sensitivity.jobs_sensitivity(
        hand_params(0.25, (0.3, 0.5, 1.0), "licence_agreements"), BUDGET, shape="budget", lags=LAGS
    )
    assert none.empty  # no spin-offs in the scenario, no jobs


def test_target_sensitivity_and_tornado() -> None:
    base_targets = parameters.catch_up_targets(comparisons())
    params = params_for(base_targets)
    alternatives = {
        "all": base_targets,
        "only:oxford": parameters.catch_up_targets(comparisons(), peer_groups=("oxford",)),
        "only:kuleuven": parameters.catch_up_targets(comparisons(), peer_groups=("kuleuven",)),
    }
    sens = sensitivity.target_sensitivity(params, BUDGET, alternatives, shape="budget").set_index(
        ["alternative", "indicator"]
    )
    # All peers: central target (0.69 + 0.6) / 2 = 0.645 on a baseline of 0.25 and 100 licences.
    assert sens.loc[("all", "licence_agreements"), "extra_target_year"] == pytest.approx(
        100 * (0.645 / 0.25 - 1)
    )
    assert sens.loc[("only:oxford", "licence_agreements"), "extra_target_year"] == pytest.approx(
        100 * (0.6 / 0.25 - 1)
    )
    assert sens.loc[("all", "spinoffs"), "extra_target_year"] == 0.0  # ahead: no path
    tornado = sensitivity.tornado_frame(
        params,
        BUDGET,
        "licence_agreements",
        "per_disclosure",
        shapes=SHAPES,
        lags=LAGS,
        alternative_targets={"peers": list(alternatives.values())},
    ).set_index("assumption")
    central = 100 * (0.645 / 0.25 - 1) * (0.25 + 0.625 + 1)
    assert tornado["central"].tolist() == pytest.approx([central] * len(tornado))
    assert tornado.loc["target", "low"] == pytest.approx(100 * (0.42 / 0.25 - 1) * 1.875)
    assert tornado.loc["target", "high"] == pytest.approx(100 * (0.95 / 0.25 - 1) * 1.875)
    assert tornado.loc["lag", "high"] == pytest.approx(central)
    # KU Leuven alone has no such comparison: left out, not counted as 0.
    assert tornado.loc["peers", "low"] == pytest.approx(100 * (0.6 / 0.25 - 1) * 1.875)
    assert tornado.loc["peers", "high"] == pytest.approx(central)
    # The same in the target year alone: 100·(0.645/0.25 − 1) extra, whatever the ramp.
    last = sensitivity.tornado_frame(
        params,
        BUDGET,
        "licence_agreements",
        "per_disclosure",
        shapes=SHAPES,
        lags=LAGS,
        alternative_targets={"peers": list(alternatives.values())},
        measure="extra",
    ).set_index("assumption")
    assert last.loc["ramp", "low"] == pytest.approx(100 * (0.645 / 0.25 - 1))
    assert last.loc["ramp", "high"] == pytest.approx(last.loc["ramp", "low"])
    assert last.loc["target", "high"] == pytest.approx(100 * (0.95 / 0.25 - 1))
    # Two years of lag: the target year reaches share(2024) = 2/8 of the gap (budget 2, 3, 3
    # after the base year: cumulative 2, 5, 8).
    assert last.loc["lag", "low"] == pytest.approx(100 * (0.645 / 0.25 - 1) * 0.25)
    with pytest.raises(ValueError, match="unknown measure"):
        sensitivity.tornado_frame(
            params,
            BUDGET,
            "licence_agreements",
            "per_disclosure",
            shapes=SHAPES,
            lags=LAGS,
            measure="jobs",
        )


def test_headline_prefers_spinoffs_then_the_best_founded_comparison() -> None:
    targets = parameters.catch_up_targets(comparisons())
    assert run.headline(targets) == ("licence_agreements", "per_disclosure")
    lagging_spin = targets.assign(
        status=np.where(targets["indicator"] == "spinoffs", "lagging", targets["status"])
    )
    assert run.headline(lagging_spin) == ("spinoffs", "per_100m_research")


def test_every_scenario_column_has_a_dutch_label() -> None:
    from analysis.publication.labels import unlabelled

    params = hand_params(2.0, (2.5, 3.0, 4.0), "spinoffs")
    res = run.run_scenario(params, BUDGET, shape="budget")
    assert unlabelled(res) == []
    assert unlabelled(run.summary(res, params)) == []
    assert unlabelled(params) == []
    assert unlabelled(parameters.catch_up_targets(comparisons())) == []
    assert unlabelled(sensitivity.ramp_sensitivity(params, BUDGET, shapes=SHAPES)) == []
    assert unlabelled(sensitivity.lag_sensitivity(params, BUDGET, shape="budget", lags=LAGS)) == []
    assert unlabelled(sensitivity.jobs_sensitivity(params, BUDGET, shape="budget", lags=LAGS)) == []
    assert (
        unlabelled(
            sensitivity.tornado_frame(
                params, BUDGET, "spinoffs", "per_disclosure", shapes=SHAPES, lags=LAGS
            )
        )
        == []
    )


def test_a_misspelt_horizon_or_value_type_in_the_jobs_table_is_an_input_error() -> None:
    from analysis.errors import InputError

    with pytest.raises(InputError) as err:
        parameters.jobs_parameters(
            JOBS.assign(horizon=["early", "long run", "long_run"]), ASSUMPTIONS.jobs_factor
        )
    assert "spinoff_jobs.csv" in str(err.value) and "row 3" in str(err.value)
    assert "column horizon" in str(err.value)
    with pytest.raises(InputError, match="companies_value_type"):
        parameters.jobs_parameters(
            JOBS.assign(companies_value_type=["exact", "more than", "lower_bound"]),
            ASSUMPTIONS.jobs_factor,
        )


def _two_definitions() -> tuple[pd.DataFrame, pd.DataFrame]:
    """One comparison behind ETH, whose two definitions (ETH Zurich 0.42, ETH Domain 0.95)
    both set a target: the comparison range and the figures behind it."""
    comparisons = pd.DataFrame(
        [
            {
                "level": "total",
                "group": "total",
                "indicator": "licence_agreements",
                "denominator": "per_disclosure",
                "peer_group": "eth",
                "nl_value": 0.2,
                "nl_low": 0.18,
                "nl_high": 0.22,
                "peer_value": 0.685,
                "peer_low": 0.33,
                "peer_high": 1.11,
                "n_figures": 2,
                "verdict": "behind",
                "established": "behind",
                "source_id": "a;b",
            }
        ]
    )
    figures = pd.DataFrame(
        [
            {
                "peer_id": pid,
                "peer_group": "eth",
                "peer_name": name,
                "indicator": "licence_agreements",
                "denominator": "per_disclosure",
                "peer_year": 2018,
                "peer_value": value,
                "peer_low": low,
                "peer_high": high,
                "source_id": src,
            }
            for pid, name, value, low, high, src in (
                ("ethz", "ETH Zürich", 0.42, 0.33, 0.55, "a"),
                ("eth_domain", "ETH-Domein", 0.95, 0.82, 1.11, "b"),
            )
        ]
    )
    return comparisons, figures


def test_every_target_is_one_named_definition_never_a_midpoint() -> None:
    """Known answer: ETH Zurich (0.42) and the ETH Domain (0.95) give two named scenarios,
    0.42 (0.33–0.55) and 0.95 (0.82–1.11); the old midpoint 0.685 is neither."""
    comparisons, figures = _two_definitions()
    blended = parameters.catch_up_targets(comparisons)  # without the figures: the peer's range
    assert blended["target_central"].iloc[0] == pytest.approx(0.685)
    targets = parameters.catch_up_targets(comparisons, figures=figures)
    row = targets.iloc[0]
    assert (row["definition"], row["definition_name"]) == ("ethz", "ETH Zürich")
    assert (row["target_low"], row["target_central"], row["target_high"]) == (0.33, 0.42, 0.55)
    assert row["definitions"] == "ethz;eth_domain"
    others = parameters.definition_choices(comparisons, figures, targets)
    assert list(others) == ["ETH-Domein"]
    other = others["ETH-Domein"].iloc[0]
    assert (other["target_low"], other["target_central"], other["target_high"]) == (
        0.82,
        0.95,
        1.11,
    )
    for t in (row, other):
        assert t["target_central"] != pytest.approx(0.685)


def test_a_target_without_spread_is_one_assumption_not_three_variants() -> None:
    comparisons, figures = _two_definitions()
    figures = figures.assign(peer_low=figures["peer_value"], peer_high=figures["peer_value"])
    targets = parameters.catch_up_targets(comparisons, figures=figures)
    counts = {"licence_agreements": 100.0}
    params = parameters.build_parameters(
        targets,
        counts,
        parameters.jobs_parameters(JOBS, ASSUMPTIONS.jobs_factor),
        base_year=2025,
        assumptions=ASSUMPTIONS,
    )
    rows = params[params["parameter"] == "target"]
    assert rows["variant"].tolist() == ["all"]
    assert "één aanname" in rows["note"].iloc[0]
    result = run.run_scenario(params, BUDGET, shape="budget")
    extra = result[result["year"] == result["year"].max()].set_index("variant")["extra"]
    assert extra["low"] == extra["central"] == extra["high"]
