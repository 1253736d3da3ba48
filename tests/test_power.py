"""The power of chapter 5's break tests (`analysis.methods.power`): the batched estimator is the
chapter's, the simulation recovers a planted rise at the rate it states, and the printed
digits are the ones its Monte Carlo error leaves stable."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.data import demo
from analysis.methods import montecarlo, power
from analysis.methods.trends import breaks
from analysis.methods.trends.fixed_effects import _usable, fit_fixed_effects_poisson
from analysis.publication.chapters.scheme import detectable

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"

#: The generator's ramp: a third, two thirds and the whole rise in 2023–2025 (the budget's
#: assumed ramp too).
DOSE = {2023: 1 / 3, 2024: 2 / 3, 2025: 1.0}
BREAK = 2023


def _generated(seed: int, indicator: str = "spinoffs") -> pd.DataFrame:
    """One demonstration data set from the project's own generator (2010–2025), one indicator wide."""
    frame = demo.generate(demo.load_institutions(RAW), range(2010, 2026), seed)
    frame = frame[frame["indicator"] == indicator]
    return frame.pivot(
        index=["institution_id", "year"], columns="indicator", values="value"
    ).reset_index()


def _partners() -> list[str]:
    inst = demo.load_institutions(RAW)
    return list(inst.loc[inst["kto_nl_partner"] == "true", "institution_id"])


@pytest.fixture(scope="module")
def wide() -> pd.DataFrame:
    return _generated(7)


@pytest.fixture(scope="module")
def panel(wide: pd.DataFrame) -> power.Panel:
    found = power.panel_from_data(wide, "spinoffs", dose=DOSE, partners=_partners())
    assert found is not None
    return found


# ------------------------------------------------------------------ the estimator is the chapter's


@pytest.mark.parametrize("test", power.TESTS)
def test_batched_fit_reproduces_the_chapters_estimator(
    wide: pd.DataFrame, panel: power.Panel, test: str
) -> None:
    design = power._design(panel, test, BREAK, DOSE)
    assert design is not None
    d = _usable(wide, "spinoffs", None).reset_index(drop=True)
    y = d["spinoffs"].to_numpy(dtype="float64")[design.rows]
    beta, se, used = power._fit_batch(y[None, :], design.x, design.groups, design.n_groups)
    if test == "step":
        ref = breaks.interrupted_time_series(wide, "spinoffs", break_year=BREAK)
        terms = ["trend", "level_change", "slope_change"]
    elif test == "dose":
        ref = breaks.dose_break(wide, "spinoffs", dose=DOSE)
        terms = ["trend", "dose_change"]
    else:
        ref = breaks.difference_in_differences(wide, "spinoffs", _partners(), break_year=BREAK)
        terms = ["did"]
    ref = ref.set_index("term")
    for j, term in enumerate(terms):
        assert beta[0, j] == pytest.approx(ref.loc[term, "estimate"], abs=1e-9)
        assert se[0, j] == pytest.approx(ref.loc[term, "std_error"], rel=1e-7)
    assert int(used[0]) == d["institution_id"].iloc[design.rows].nunique()


def test_batched_fit_matches_one_fit_per_panel_on_simulated_panels(panel: power.Panel) -> None:
    """Many panels at once give each panel's own fit (the monitor's estimator, one by one)."""
    design = power._design(panel, "dose", BREAK, DOSE)
    assert design is not None
    uniform, frailty = power._draws(panel, 6, seed=3).get(0, 6)
    rows = design.rows
    y = power._poisson_icdf(uniform[:, rows], panel.baseline[rows][None, :] * frailty[:, rows])
    beta, se, _ = power._fit_batch(y, design.x, design.groups, design.n_groups)
    for s in range(y.shape[0]):
        d = pd.DataFrame(
            {
                "institution_id": design.groups,
                "trend": design.x[:, 0],
                "dose_change": design.x[:, 1],
                "y": y[s],
            }
        )
        d = d[d.groupby("institution_id")["y"].transform("sum") > 0]
        one = fit_fixed_effects_poisson(d, "y", "trend + dose_change")
        assert beta[s] == pytest.approx(one.params.to_numpy(), abs=1e-9)
        assert se[s] == pytest.approx(one.bse.to_numpy(), rel=1e-7)


def test_poisson_quantile_is_scipys() -> None:
    rng = np.random.default_rng(0)
    u = rng.random(5000)
    lam = rng.uniform(0.0, 60.0, 5000)
    lam[:10] = [0.0, 1e-9, 0.5, 1.0, 30.0, 499.0, 501.0, 900.0, 2.5, 7.0]
    assert np.array_equal(power._poisson_icdf(u, lam), stats.poisson.ppf(u, lam))
    # monotone in the mean for a fixed draw: what makes the rises comparable
    more = power._poisson_icdf(u, lam * 1.2)
    assert np.all(more >= power._poisson_icdf(u, lam))


# ------------------------------------------------------------------ recovery of a planted rise


def test_the_chapters_tests_on_the_simulated_panels_decide_as_the_simulation_says(
    panel: power.Panel,
) -> None:
    """Known answer: on 40 panels simulated with a planted +15 %, the monitor's own functions
    (`trends.dose_break`, `interrupted_time_series`, `difference_in_differences`) find the rise
    in exactly the panels where the simulation counts it as found."""
    n = 40
    uniform, frailty = power._draws(panel, n, seed=11).get(0, n)
    for test in power.TESTS:
        design = power._design(panel, test, BREAK, DOSE)
        assert design is not None
        rows = design.rows
        share = power._dose_vector(panel.year[rows], DOSE) * design.applies
        y = power._poisson_icdf(
            uniform[:, rows],
            (panel.baseline[rows] * (1 + 0.15 * share))[None, :] * frailty[:, rows],
        )
        found = power._rejects(design, y, power.LEVEL)
        ids = np.asarray([f"i{g:03d}" for g in panel.institution[rows]])
        partner_ids = sorted(set(ids[panel.treated[rows]]))
        for s in range(n):
            wide = pd.DataFrame({"institution_id": ids, "year": panel.year[rows], "spinoffs": y[s]})
            if test == "step":
                fit = breaks.interrupted_time_series(wide, "spinoffs", break_year=BREAK)
                terms = ["level_change", "slope_change"]
            elif test == "dose":
                fit = breaks.dose_break(wide, "spinoffs", dose=DOSE)
                terms = ["dose_change"]
            else:
                fit = breaks.difference_in_differences(
                    wide, "spinoffs", partner_ids, break_year=BREAK, pre_trend=False
                )
                terms = ["did"]
            fit = fit.set_index("term")
            chapter = any(
                fit.loc[t, "p_value"] < power.LEVEL and fit.loc[t, "estimate"] > 0 for t in terms
            )
            assert chapter == bool(found[s]), (test, s)


def test_the_generators_planted_rise_is_found_at_the_stated_rate() -> None:
    """The demonstration generator builds in +15 % at full budget (`scheme_output_uplift`, for
    every institution, a third, two thirds and the whole in 2023–2025). Over 160 seeds of the
    generator, the chapter's budget-following test finds it about as often as the power
    calculation states on the generator's data (its mean over four seeds' panels): the
    difference is within three standard errors of both Monte Carlo estimates."""
    cal = demo.load_calibration(RAW)
    assert cal["scheme_output_uplift"] == 0.15
    assert detectable.generator_rise(RAW) == (0.15, ((2023, 1 / 3), (2024, 2 / 3), (2025, 1.0)))
    seeds = range(1, 161)
    found = 0
    for seed in seeds:
        fit = breaks.dose_break(_generated(seed), "spinoffs", dose=DOSE).set_index("term")
        found += bool(fit.loc["dose_change", "p_value"] < 0.05) and bool(
            fit.loc["dose_change", "estimate"] > 0
        )
    observed = found / len(seeds)
    stated = []
    for seed in (301, 302, 303, 304):
        panel = power.panel_from_data(_generated(seed), "spinoffs", dose=DOSE, partners=_partners())
        assert panel is not None
        result = power.power_of_test(
            panel, "dose", break_year=BREAK, dose=DOSE, rise=0.15, n_sims=1000, with_mde=False
        )
        stated.append(result.power)
    claim = float(np.mean(stated))
    se = math.sqrt(
        observed * (1 - observed) / len(seeds) + np.var(stated, ddof=1) / len(stated) + 1e-4
    )
    assert abs(observed - claim) < 3 * se, (observed, claim, se)
    # and the rise is far from certain to be found: 15 % is below the smallest detectable rise
    assert 0.2 < claim < 0.6


def test_power_grows_with_the_rise_and_the_smallest_detectable_rise_reaches_the_target(
    panel: power.Panel,
) -> None:
    result = power.power_of_test(panel, "dose", break_year=BREAK, dose=DOSE, rise=0.15)
    assert result.available
    assert 0.01 <= result.size <= 0.09  # a rise that is not there is found about 5 % of the time
    assert result.size < result.power
    assert 0.15 < result.mde < 0.6
    again = power.power_of_test(
        panel, "dose", break_year=BREAK, dose=DOSE, rise=result.mde, with_mde=False
    )
    assert again.power >= power.TARGET_POWER
    below = power.power_of_test(
        panel,
        "dose",
        break_year=BREAK,
        dose=DOSE,
        rise=result.mde - 2 * power.MDE_TOLERANCE,
        with_mde=False,
    )
    assert below.power < power.TARGET_POWER + 0.01
    # deterministic: the same seed, the same figures
    assert power.power_of_test(panel, "dose", break_year=BREAK, dose=DOSE, rise=0.15) == result


def test_tests_the_panel_cannot_support_are_marked_unavailable(wide: pd.DataFrame) -> None:
    before = wide[wide["year"] < BREAK]
    panel = power.panel_from_data(before, "spinoffs", dose=DOSE, partners=_partners())
    assert panel is not None
    for test in power.TESTS:
        assert not power.power_of_test(
            panel, test, break_year=BREAK, dose=DOSE, rise=0.15, n_sims=50
        ).available
    assert power.panel_from_data(wide.iloc[:0], "spinoffs", dose=DOSE, partners=[]) is None


# ------------------------------------------------------------------ without submissions


def test_smallest_detectable_rise_from_stated_assumptions_without_any_submission() -> None:
    institutions = demo.load_institutions(RAW)
    assumptions = power.assumptions_from_tables(
        demo.load_calibration(RAW), institutions, range(2010, 2026)
    )
    assert len(assumptions.first_year_mean) == len(institutions)
    assert sum(assumptions.partners) == int((institutions["kto_nl_partner"] == "true").sum())
    # a university's 6.4 spin-offs a year (Top Spin) is the level; the spread keeps its mean
    universities = [
        m
        for m, t in zip(
            assumptions.first_year_mean,
            institutions.sort_values("institution_id")["type"],
            strict=True,
        )
        if t == "university"
    ]
    assert 4.0 < float(np.mean(universities)) < 8.0
    assert assumptions.dispersion == pytest.approx(1 / 20)
    assert assumptions.growth == pytest.approx(1.02 * 1.01 - 1)
    result = power.power_analysis(
        power.assumed_panel(assumptions), break_year=BREAK, dose=DOSE, rise=None, n_sims=500
    )
    dose = result.get("dose")
    assert dose.available and math.isnan(dose.power)
    assert 0.1 < dose.mde < 1.0
    assert result.source == "assumptions" and result.n_institutions == len(institutions)
    # the chapter's entry point for an edition without submissions reads the same tables
    chapter = detectable.assumed_detectable(RAW, range(2010, 2026), n_sims=500)
    assert chapter.analysis is not None and chapter.assumptions == assumptions
    assert chapter.analysis.get("dose").mde == dose.mde
    text = detectable.detectable_markdown(chapter)
    assert (
        f"aangenomen gegevens over {len(institutions)} instellingen, want er zijn nog geen opgaven"
    ) in text
    assert "zie de berekeningen bij hoofdstuk 5 in bijlage B" in text
    # Bijlage B names the assumptions for the reader, not the file behind them (no file in print)
    technical = detectable.detectable_technical_markdown(chapter)
    assert "aannames van de monitor, met hun bronnen in bijlage B" in technical
    assert ".csv" not in text and ".csv" not in technical
    assert "overdispersie" not in text and "overdispersie" in technical


# ------------------------------------------------------------------ printed digits


@pytest.mark.parametrize(
    ("se", "unit"),
    [(0.0006, 0.01), (0.0099, 0.01), (0.011, 0.05), (0.049, 0.05), (0.05, 0.10), (math.nan, 0.25)],
)
def test_printed_unit_keeps_the_monte_carlo_error_below_the_last_digit(
    se: float, unit: float
) -> None:
    assert montecarlo.printed_unit(se) == unit


def test_round_to_rounds_half_up() -> None:
    assert montecarlo.round_to(0.4144, 0.01) == pytest.approx(0.41)
    assert montecarlo.round_to(0.387, 0.05) == pytest.approx(0.40)
    assert montecarlo.round_to(0.375, 0.05) == pytest.approx(0.40)
    assert montecarlo.round_to(1.017, 0.05) == pytest.approx(1.0)


def test_the_stated_monte_carlo_error_is_the_spread_over_seeds(panel: power.Panel) -> None:
    """Five seeds of the same simulation: the power at the planted rise moves by about the
    error the simulation states (within a factor two), so the digits it prints are stable."""
    results = [
        power.power_of_test(
            panel, "dose", break_year=BREAK, dose=DOSE, rise=0.15, seed=seed, with_mde=False
        )
        for seed in (1, 2, 3, 4, 5, 6)
    ]
    spread = float(np.std([r.power for r in results], ddof=1))
    stated = results[0].power_se
    assert stated / 2.5 < spread < stated * 2.5
    unit = montecarlo.printed_unit(stated)
    assert stated < unit


def test_simulation_size_is_bounded_for_very_large_panels() -> None:
    """2,000 panels up to 2,000 rows; beyond, fewer (never below 200), so a thousand
    institutions cost about what 125 do; the printed digits coarsen with the error."""
    assert power.simulation_size(2000, 580) == 2000
    assert power.simulation_size(2000, 2000) == 2000
    assert power.simulation_size(2000, 15492) == power.SIM_CELLS // 15492
    assert power.simulation_size(2000, 10**7) == power.MIN_SIMS
    assert power.simulation_size(50, 10**7) == 50


def test_the_detectable_table_writes_each_fraction_in_its_stable_digits_by_hand() -> None:
    tests = (
        power.TestPower("step", True, 0.3, 0.256, 0.0098, 0.437, 0.0059, 0.0625),
        power.TestPower("partners", True, 0.3, 0.5, 0.01, math.nan, math.nan, 0.0295),
        power.TestPower("dose", False),
    )
    analysis = power.PowerAnalysis(
        tests, 0.3, 2023, {2023: 1.0}, 20, 5, (2020, 2025), 0.05, "data", 400, 1, 0.05, 0.8
    )
    table = detectable.detectable_table(detectable.Detectable(analysis, planted=0.3))
    assert list(table.shown_frame.columns) == [
        "Toets",
        "Kleinste aantoonbare stijging",
        "Vindt +30%",
        "Vals alarm zonder stijging",
    ]
    # the partners' rise is not built in: its power is not shown, nor in the CSV; a size of
    # 6,25% in 400 panels has a Monte Carlo error of 1,2% (> 1%): "ongeveer" and coarser
    assert table.shown_frame.iloc[:, 1:].to_numpy().tolist() == [
        ["+44%", "26%", "ongeveer 5%"],
        ["meer dan +200%", "–", "3%"],
    ]
    assert math.isnan(table.csv_frame["Vindt de ingebouwde stijging"].iloc[1])
    assert len(table.csv_frame.columns) == 6
