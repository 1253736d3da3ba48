"""Trend statistics: fits recover the coefficients of data simulated with known values."""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd
import pytest

from analysis.methods.trends import breaks, counts, fixed_effects, forecast
from analysis.publication.labels import column_label

TYPES = ["university", "umc", "university of applied sciences"]
BETA_RE, BETA_FTE, TYPE_UMC, TYPE_UAS = 0.8, 0.3, -0.4, 0.25


def cell(frame: pd.DataFrame, row: str | int, col: str) -> float:
    """A numeric cell; pandas-stubs type `.loc[row, col]` as a wide union, so cast once here."""
    return float(cast(float, frame.loc[row, col]))


def text(frame: pd.DataFrame, row: str | int, col: str) -> str:
    """A text cell (see `cell`)."""
    return str(frame.loc[row, col])


def count_panel(
    seed: int = 0, alpha: float = 0.0, n_inst: int = 45, years: int = 12
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts with log μ = −13.5 + 0.8 log RE + 0.3 log FTE + type effect (NB2 if alpha > 0)."""
    rng = np.random.default_rng(seed)
    inst = pd.DataFrame(
        {
            "institution_id": [f"i{k}" for k in range(n_inst)],
            "type": [TYPES[k % 3] for k in range(n_inst)],
        }
    )
    rows = []
    for iid, typ in zip(inst["institution_id"], inst["type"], strict=True):
        re0 = rng.uniform(5e7, 1e9)
        for t in range(years):
            re = re0 * rng.lognormal(0, 0.15)
            fte = rng.uniform(2, 40)
            eff = {"umc": TYPE_UMC, "university of applied sciences": TYPE_UAS}.get(typ, 0.0)
            mu = np.exp(-13.5 + BETA_RE * np.log(re) + BETA_FTE * np.log(fte) + eff)
            lam = rng.gamma(1 / alpha, alpha * mu) if alpha > 0 else mu
            rows.append(
                {
                    "institution_id": iid,
                    "year": 2010 + t,
                    "research_expenditure_eur": re,
                    "kto_staff_fte": fte,
                    "spinoffs": float(rng.poisson(lam)),
                    "invention_disclosures": float(rng.poisson(lam * 4)),
                    "licence_agreements": float(rng.poisson(lam * 2)),
                }
            )
    return pd.DataFrame(rows), inst


def fe_panel(seed: int, growth: float, level: float = 0.0, slope: float = 0.0) -> pd.DataFrame:
    """log μ_it = a_i + growth·(t − 2022) + level·post + slope·(t − 2022)·post, 40 × 16 years."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(40):
        a = np.log(rng.uniform(5, 60))
        for year in range(2010, 2026):
            post = float(year >= 2022)
            mu = np.exp(a + growth * (year - 2022) + level * post + slope * (year - 2022) * post)
            rows.append(
                {
                    "institution_id": f"i{i}",
                    "year": year,
                    "spinoffs": float(rng.poisson(mu)),
                    "licence_income_eur": mu * 1e5 * rng.lognormal(0, 0.1),
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def poisson_fit() -> counts.CountModels:
    wide, inst = count_panel(seed=1)
    return counts.count_models(wide, inst, outcomes=["spinoffs", "invention_disclosures"])


def test_poisson_recovers_elasticities_and_type_effects(poisson_fit: counts.CountModels) -> None:
    c = poisson_fit.coefficients
    est = c[(c["outcome"] == "invention_disclosures") & (c["model"] == "poisson")].set_index("term")
    assert cell(est, "log_research_expenditure", "estimate") == pytest.approx(BETA_RE, abs=0.08)
    assert cell(est, "log_kto_staff_fte", "estimate") == pytest.approx(BETA_FTE, abs=0.08)
    assert cell(est, "type:umc", "estimate") == pytest.approx(TYPE_UMC, abs=0.1)
    assert cell(est, "type:university of applied sciences", "estimate") == pytest.approx(
        TYPE_UAS, abs=0.1
    )
    row = est.loc["log_research_expenditure"]
    assert row["ci_low"] < BETA_RE < row["ci_high"]
    assert list(c.columns[:8]) == ["outcome", "model", *counts.TIDY_COLUMNS]
    assert c.loc[c["model"] == "poisson", "converged"].all()


def test_no_overdispersion_detected_in_poisson_data(poisson_fit: counts.CountModels) -> None:
    od = poisson_fit.overdispersion.set_index("outcome")
    assert cell(od, "invention_disclosures", "p_value") > 0.01
    assert cell(od, "invention_disclosures", "pearson_dispersion") == pytest.approx(1.0, abs=0.2)


def test_negative_binomial_recovers_alpha_and_test_detects_overdispersion() -> None:
    wide, inst = count_panel(seed=2, alpha=0.5)
    res = counts.count_models(wide, inst, outcomes=["invention_disclosures"])
    od = res.overdispersion.iloc[0]
    assert od["p_value"] < 0.001
    assert od["alpha"] == pytest.approx(0.5, abs=0.2)
    nb = res.coefficients[res.coefficients["model"] == "negbin"].set_index("term")
    assert cell(nb, "alpha", "estimate") == pytest.approx(0.5, abs=0.15)
    assert cell(nb, "log_research_expenditure", "estimate") == pytest.approx(BETA_RE, abs=0.12)


def test_cameron_trivedi_on_exact_nb2_moments() -> None:
    # If ((y − μ)² − y)/μ equals 0.3 μ exactly, the auxiliary regression returns 0.3.
    mu = np.array([1.0, 2.0, 4.0, 8.0])
    # choose y so that (y − μ)² − y = 0.3 μ²: solve the quadratic for y > μ
    c = 0.3 * mu**2
    y = ((2 * mu + 1) + np.sqrt((2 * mu + 1) ** 2 - 4 * (mu**2 - c))) / 2
    a, _, _ = counts.cameron_trivedi(y, mu)
    assert a == pytest.approx(0.3)


def test_national_trend_recovers_growth_with_money_and_counts() -> None:
    wide = fe_panel(seed=3, growth=0.05)
    res = fixed_effects.national_trends(wide, ["spinoffs", "licence_income_eur"]).set_index(
        "indicator"
    )
    for ind in ("spinoffs", "licence_income_eur"):
        assert cell(res, ind, "estimate") == pytest.approx(0.05, abs=0.01)
        assert cell(res, ind, "ci_low") < 0.05 < cell(res, ind, "ci_high")
    assert cell(res, "spinoffs", "growth_pct") == pytest.approx(
        100 * np.expm1(cell(res, "spinoffs", "estimate"))
    )
    assert cell(res, "spinoffs", "n_institutions") == 40


def test_national_trend_is_not_fooled_by_late_entrants() -> None:
    wide = fe_panel(seed=4, growth=0.0)
    # Ten large institutions (10x the output) only start reporting in 2018: the national
    # total jumps, the within-institution trend must not.
    big = wide["institution_id"].isin([f"i{k}" for k in range(10)])
    wide.loc[big, "spinoffs"] *= 10
    wide = wide[~(big & (wide["year"] < 2018))]
    totals = wide.groupby("year")["spinoffs"].sum()
    assert totals[2018] > 2 * totals[2017]
    res = fixed_effects.national_trends(wide, ["spinoffs"])
    assert abs(res["estimate"].iloc[0]) < 0.02


def test_interrupted_time_series_recovers_level_and_slope_change() -> None:
    wide = fe_panel(seed=5, growth=0.02, level=0.3, slope=0.05)
    its = breaks.interrupted_time_series(wide, "spinoffs", break_year=2022).set_index("term")
    assert cell(its, "level_change", "estimate") == pytest.approx(0.3, abs=0.07)
    assert cell(its, "slope_change", "estimate") == pytest.approx(0.05, abs=0.03)
    assert cell(its, "trend", "estimate") == pytest.approx(0.02, abs=0.01)
    assert cell(its, "level_change", "ci_low") < 0.3 < cell(its, "level_change", "ci_high")
    assert cell(its, "level_change", "effect_pct") == pytest.approx(
        100 * np.expm1(cell(its, "level_change", "estimate"))
    )


def test_its_finds_no_break_when_there_is_none() -> None:
    wide = fe_panel(seed=6, growth=0.03)
    its = breaks.interrupted_time_series(wide, "spinoffs", break_year=2022).set_index("term")
    assert abs(cell(its, "level_change", "estimate")) < 0.1
    assert abs(cell(its, "slope_change", "estimate")) < 0.03


def test_projection_of_an_exact_exponential_and_gap_to_target() -> None:
    years = np.arange(2012, 2026)
    noise = np.tile([1.02, 0.98], len(years) // 2)
    wide = pd.DataFrame(
        {"institution_id": "a", "year": years, "spinoffs": 100 * 1.05 ** (years - 2012) * noise}
    )
    target = pd.DataFrame({"year": [2029], "target": [200.0]})
    p = forecast.projection(wide, "spinoffs", target=target).set_index("year")
    assert p["growth_pct"].iloc[0] == pytest.approx(5.0, abs=0.3)
    expected_2029 = 100 * 1.05 ** (2029 - 2012)
    assert cell(p, 2029, "projection") == pytest.approx(expected_2029, rel=0.03)
    assert cell(p, 2029, "pi_low") < cell(p, 2029, "ci_low") < cell(p, 2029, "projection")
    assert cell(p, 2029, "projection") < cell(p, 2029, "ci_high") < cell(p, 2029, "pi_high")
    assert cell(p, 2029, "gap_to_target") == pytest.approx(cell(p, 2029, "projection") - 200.0)
    assert np.isnan(cell(p, 2025, "projection"))  # observed years are not projections
    assert list(p.index) == list(range(2012, 2030))


def test_dutch_labels_for_result_tables(poisson_fit: counts.CountModels) -> None:
    nl = {column_label(str(c)) for c in poisson_fit.coefficients.columns}
    assert {"schatting", "ondergrens betrouwbaarheidsinterval", "p-waarde"} <= nl


def test_every_trend_result_column_has_a_dutch_label(poisson_fit: counts.CountModels) -> None:
    from analysis.publication.labels import unlabelled

    wide = fe_panel(seed=7, growth=0.02)
    frames = [
        poisson_fit.coefficients,
        poisson_fit.overdispersion,
        fixed_effects.national_trends(wide, ["spinoffs"]),
        breaks.interrupted_time_series(wide, "spinoffs", break_year=2022),
        breaks.placebo_breaks(wide, "spinoffs", break_year=2022),
        breaks.placebo_comparison(
            breaks.interrupted_time_series(wide, "spinoffs", break_year=2022),
            breaks.placebo_breaks(wide, "spinoffs", break_year=2022),
        ),
        breaks.difference_in_differences(
            wide, "spinoffs", [f"i{k}" for k in range(20)], break_year=2022
        ),
        poisson_fit.collinearity,
        forecast.projection(
            wide, "spinoffs", target=pd.DataFrame({"year": [2029], "target": [1.0]})
        ),
    ]
    for frame in frames:
        assert unlabelled(frame) == []


def test_profiled_fixed_effects_equal_the_dummy_variable_glm() -> None:
    """The profiled FE Poisson gives the dummy-variable GLM's slopes and clustered SEs."""
    import statsmodels.api as sm_api
    import statsmodels.formula.api as smf_api

    from analysis.methods.trends.fixed_effects import fit_fixed_effects_poisson

    rng = np.random.default_rng(7)
    n_inst, n_years = 30, 12
    inst = np.repeat([f"i{k:02d}" for k in range(n_inst)], n_years)
    year = np.tile(np.arange(n_years, dtype="float64"), n_inst)
    alpha = np.repeat(rng.normal(1.0, 0.8, n_inst), n_years)
    post = (year >= 7).astype("float64")
    mu = np.exp(alpha + 0.05 * year + 0.3 * post)
    d = pd.DataFrame(
        {"institution_id": inst, "trend": year, "level_change": post, "y": rng.poisson(mu)}
    )
    ours = fit_fixed_effects_poisson(d, "y", "trend + level_change")
    ref = smf_api.glm(
        "y ~ trend + level_change + C(institution_id)", data=d, family=sm_api.families.Poisson()
    ).fit(
        cov_type="cluster",
        cov_kwds={"groups": pd.factorize(d["institution_id"])[0], "use_correction": False},
    )
    for term in ("trend", "level_change"):
        assert ours.params[term] == pytest.approx(ref.params[term], abs=1e-7)
        assert ours.bse[term] == pytest.approx(
            ref.bse[term] * np.sqrt(n_inst / (n_inst - 1)), rel=1e-4
        )
    assert ours.params["level_change"] == pytest.approx(0.3, abs=0.1)


# --------------------------------------------------------------------------- count models: errors


def clustered_nb_panel(seed: int = 11, n_inst: int = 30, years: int = 8) -> pd.DataFrame:
    """NB2 counts (alpha 0.3) with an institution effect, so the years of one institution correlate."""
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(n_inst):
        u = rng.normal(0.0, 0.7)
        re0 = rng.uniform(5e7, 1e9)
        fte0 = rng.uniform(2, 40)
        for t in range(years):
            re = re0 * rng.lognormal(0, 0.1)
            fte = fte0 * rng.lognormal(0, 0.1)
            mu = np.exp(-13.5 + 0.8 * np.log(re) + 0.3 * np.log(fte) + u)
            rows.append(
                {
                    "institution_id": f"i{k:02d}",
                    "year": 2010 + t,
                    "research_expenditure_eur": re,
                    "kto_staff_fte": fte,
                    "spinoffs": float(rng.poisson(rng.gamma(1 / 0.3, 0.3 * mu))),
                }
            )
    return pd.DataFrame(rows)


def nb2_scores(y: np.ndarray, x: np.ndarray, beta: np.ndarray, a: float) -> np.ndarray:
    """Per-observation score of the NB2 log-likelihood in (beta, alpha), written out by hand.

    d/dbeta = x (y - mu) / (1 + a mu);
    d/dalpha = [ln(1 + a mu) - (psi(y + 1/a) - psi(1/a))] / a^2 + (y - mu) / (a (1 + a mu)).
    """
    from scipy.special import digamma

    mu = np.exp(x @ beta)
    s_beta = x * ((y - mu) / (1 + a * mu))[:, None]
    s_alpha = (np.log1p(a * mu) - (digamma(y + 1 / a) - digamma(1 / a))) / a**2 + (y - mu) / (
        a * (1 + a * mu)
    )
    return np.column_stack([s_beta, s_alpha])


def test_negative_binomial_errors_are_clustered_by_institution() -> None:
    """The NB table's errors equal a cluster sandwich computed here with numpy alone."""
    wide = clustered_nb_panel()
    res = counts.count_models(wide, None, outcomes=["spinoffs"])
    nb = res.coefficients[res.coefficients["model"] == "negbin"].set_index("term")
    panel = counts.count_panel(wide).dropna(subset=["spinoffs"])
    x = np.column_stack(
        [
            np.ones(len(panel)),
            panel["log_research_expenditure"].to_numpy(),
            panel["log_kto_staff_fte"].to_numpy(),
        ]
    )
    y = panel["spinoffs"].to_numpy()
    terms = ["Intercept", "log_research_expenditure", "log_kto_staff_fte"]
    beta = nb.loc[terms, "estimate"].to_numpy(dtype="float64")
    a = cell(nb, "alpha", "estimate")
    theta = np.append(beta, a)

    def total_score(th: np.ndarray) -> np.ndarray:
        return nb2_scores(y, x, th[:-1], float(th[-1])).sum(axis=0)

    # the estimate solves the score equations (checks the hand-written score)
    assert np.max(np.abs(total_score(theta))) < 1e-2
    k = len(theta)
    hessian = np.zeros((k, k))
    for j in range(k):
        h = 1e-6 * max(1.0, abs(theta[j]))
        step = np.zeros(k)
        step[j] = h
        hessian[:, j] = (total_score(theta + step) - total_score(theta - step)) / (2 * h)
    bread = np.linalg.inv(-hessian)
    groups = pd.factorize(panel["institution_id"])[0]
    scores = nb2_scores(y, x, beta, a)
    cluster_sums = np.vstack([scores[groups == g].sum(axis=0) for g in range(groups.max() + 1)])
    n, g_count = len(y), groups.max() + 1
    correction = g_count / (g_count - 1) * (n - 1) / (n - k)  # Stata's CRV1 factor
    cov = bread @ (cluster_sums.T @ cluster_sums) @ bread * correction
    expected = np.sqrt(np.diag(cov))
    shown = nb.loc[[*terms, "alpha"], "std_error"].to_numpy(dtype="float64")
    assert shown == pytest.approx(expected, rel=1e-4)
    # and the clustering matters here: naive errors are far narrower
    naive = np.sqrt(np.diag(bread))
    assert expected[1] > 1.5 * naive[1]


def test_the_overdispersion_test_selects_the_model() -> None:
    poisson_data, inst = count_panel(seed=1)
    res = counts.count_models(poisson_data, inst, outcomes=["invention_disclosures"])
    assert list(res.overdispersion["selected_model"]) == ["poisson"]
    coef = res.coefficients
    assert set(coef.loc[coef["selected"], "model"]) == {"poisson"}
    nb_data, inst = count_panel(seed=2, alpha=0.5)
    res = counts.count_models(nb_data, inst, outcomes=["invention_disclosures"])
    assert list(res.overdispersion["selected_model"]) == ["negbin"]
    assert set(res.coefficients.loc[res.coefficients["selected"], "model"]) == {"negbin"}


def test_variance_inflation_of_two_correlated_columns_by_hand() -> None:
    # With two regressors, VIF = 1 / (1 - r^2) for both.
    rng = np.random.default_rng(3)
    a = rng.normal(size=200)
    b = 0.9 * a + 0.3 * rng.normal(size=200)
    r = np.corrcoef(a, b)[0, 1]
    vif = counts.variance_inflation(pd.DataFrame({"Intercept": 1.0, "a": a, "b": b}))
    assert list(vif.index) == ["a", "b"]
    assert vif["a"] == pytest.approx(1 / (1 - r**2))
    assert vif["b"] == pytest.approx(1 / (1 - r**2))


def test_collinear_size_terms_are_reported_and_the_kto_term_left_out() -> None:
    wide, inst = count_panel(seed=4)
    # KTO staff in near-fixed proportion to research spending: r close to 1
    rng = np.random.default_rng(5)
    wide["kto_staff_fte"] = (
        wide["research_expenditure_eur"] / 2e7 * rng.lognormal(0, 0.03, len(wide))
    )
    res = counts.count_models(wide, inst, outcomes=["spinoffs"])
    col = res.collinearity.iloc[0]
    r = np.corrcoef(np.log(wide["research_expenditure_eur"]), np.log(wide["kto_staff_fte"]))[0, 1]
    assert col["r_size_terms"] == pytest.approx(r)
    assert r > 0.98 and col["vif_kto"] >= counts.VIF_LIMIT
    assert col["dropped"] == "log_kto_staff_fte"
    assert "log_kto_staff_fte" not in set(res.coefficients["term"])
    # independent inputs: both kept
    wide, inst = count_panel(seed=4)
    res = counts.count_models(wide, inst, outcomes=["spinoffs"])
    assert res.collinearity.iloc[0]["dropped"] == ""
    assert res.collinearity.iloc[0]["vif_kto"] < 2
    assert "log_kto_staff_fte" in set(res.coefficients["term"])


def test_type_contrasts_carry_their_number_of_institutions(poisson_fit: counts.CountModels) -> None:
    c = poisson_fit.coefficients
    rows = c[(c["model"] == "negbin") & (c["outcome"] == "spinoffs")].set_index("term")
    assert cell(rows, "type:umc", "n_institutions") == 15  # 45 institutions, types in turn
    assert cell(rows, "log_research_expenditure", "n_institutions") == 45


# --------------------------------------------------------------------------- break analysis


def test_placebo_years_by_hand() -> None:
    # 2010–2025, real break 2022: four years from the break on (2022–2025), so a placebo b
    # needs b + 3 <= 2021 and three years before it (b >= 2013): 2013..2018.
    wide = fe_panel(seed=8, growth=0.03)
    placebos = breaks.placebo_breaks(wide, "spinoffs", break_year=2022)
    assert sorted(set(placebos["placebo_year"])) == list(range(2013, 2019))
    # a placebo never sees the real break's years
    assert set(placebos["n_post_years"]) == {4}
    assert (placebos["n_obs"] <= 40 * 12).all()


def test_no_break_no_significant_placebo_and_the_real_break_not_flagged() -> None:
    wide = fe_panel(seed=8, growth=0.03)
    real = breaks.interrupted_time_series(wide, "spinoffs", break_year=2022)
    placebos = breaks.placebo_breaks(wide, "spinoffs", break_year=2022)
    comparison = breaks.placebo_comparison(real, placebos).set_index("term")
    assert (real.loc[real["term"] != "trend", "p_value"] > 0.05).all()
    assert list(comparison["n_significant"]) == [0, 0]
    # without a break the real estimate is an ordinary one: placebos match it
    assert (comparison["n_as_large"] >= 1).all()


def test_placebo_false_alarm_rate_is_near_the_test_level() -> None:
    """Over several series without a break, few placebos are significant at 5%."""
    significant = total = 0
    for seed in (9, 10, 11, 12, 13):
        wide = fe_panel(seed=seed, growth=0.03)
        placebos = breaks.placebo_breaks(wide, "spinoffs", break_year=2022)
        changes = placebos[placebos["term"] != "trend"]
        significant += int((changes["p_value"] < 0.05).sum())
        total += len(changes)
    assert total == 60
    assert significant <= 9  # 15%: 5% expected, neighbouring placebo windows overlap


def test_a_real_break_is_larger_than_every_placebo() -> None:
    wide = fe_panel(seed=5, growth=0.02, level=0.3, slope=0.05)
    real = breaks.interrupted_time_series(wide, "spinoffs", break_year=2022)
    comparison = breaks.placebo_comparison(
        real, breaks.placebo_breaks(wide, "spinoffs", break_year=2022)
    ).set_index("term")
    assert cell(comparison, "level_change", "p_value") < 0.001
    assert list(comparison["n_as_large"]) == [0, 0]
    assert list(comparison["n_placebos"]) == [6, 6]


def test_its_with_one_year_after_the_break_fits_the_level_only() -> None:
    wide = fe_panel(seed=5, growth=0.02, level=0.3)
    wide = wide[wide["year"] <= 2022]
    its = breaks.interrupted_time_series(wide, "spinoffs", break_year=2022)
    assert list(its["term"]) == ["trend", "level_change"]
    assert list(its["n_post_years"]) == [1, 1]
    assert breaks.interrupted_time_series(wide, "spinoffs", break_year=2023).empty


def did_panel() -> pd.DataFrame:
    """Two control and two treated institutions, 2019–2023, break 2022, no noise.

    Controls grow 20% at the break (10 -> 12, 20 -> 24); treated 50% (20 -> 30, 40 -> 60).
    By hand: DiD = ln(1.5) - ln(1.2) = ln(1.25).
    """
    rows = []
    for inst, before, after in (("c1", 10, 12), ("c2", 20, 24), ("t1", 20, 30), ("t2", 40, 60)):
        for year in (2019, 2020, 2021, 2022, 2023):
            rows.append(
                {
                    "institution_id": inst,
                    "year": year,
                    "spinoffs": float(before if year < 2022 else after),
                }
            )
    return pd.DataFrame(rows)


def test_difference_in_differences_by_hand() -> None:
    did = breaks.difference_in_differences(
        did_panel(), "spinoffs", ["t1", "t2"], break_year=2022
    ).set_index("term")
    assert cell(did, "did", "estimate") == pytest.approx(np.log(1.25), abs=1e-8)
    assert cell(did, "did", "effect_pct") == pytest.approx(25.0, abs=1e-6)
    assert cell(did, "pre_trend", "estimate") == pytest.approx(0.0, abs=1e-8)  # parallel before
    assert (cell(did, "did", "n_treated"), cell(did, "did", "n_control")) == (2, 2)


def test_difference_in_differences_recovers_a_known_effect_with_noise() -> None:
    rng = np.random.default_rng(21)
    rows = []
    for k in range(60):
        treated = k < 30
        a = np.log(rng.uniform(5, 40))
        for year in range(2012, 2026):
            post = year >= 2022
            mu = np.exp(a + 0.03 * (year - 2012) + 0.1 * post + (0.25 if treated and post else 0))
            rows.append(
                {"institution_id": f"i{k}", "year": year, "spinoffs": float(rng.poisson(mu))}
            )
    wide = pd.DataFrame(rows)
    did = breaks.difference_in_differences(
        wide, "spinoffs", [f"i{k}" for k in range(30)], break_year=2022
    ).set_index("term")
    assert cell(did, "did", "estimate") == pytest.approx(0.25, abs=0.06)
    assert cell(did, "did", "ci_low") < 0.25 < cell(did, "did", "ci_high")
    assert cell(did, "did", "p_value") < 0.001
    assert cell(did, "pre_trend", "p_value") > 0.05
    # inference on t with (30 - 1) degrees of freedom, not the normal
    from scipy import stats

    z = cell(did, "did", "estimate") / cell(did, "did", "std_error")
    assert cell(did, "did", "p_value") == pytest.approx(2 * stats.t.sf(abs(z), 29))
    assert cell(did, "did", "ci_high") - cell(did, "did", "estimate") == pytest.approx(
        stats.t.ppf(0.975, 29) * cell(did, "did", "std_error")
    )


def test_difference_in_differences_needs_two_institutions_per_group() -> None:
    panel = did_panel()
    assert (
        len(breaks.difference_in_differences(panel, "spinoffs", ["t1", "t2"], break_year=2022)) == 2
    )
    assert breaks.difference_in_differences(panel, "spinoffs", ["t1"], break_year=2022).empty
    lone = panel[panel["institution_id"] != "c2"]
    assert breaks.difference_in_differences(lone, "spinoffs", ["t1", "t2"], break_year=2022).empty


def dose_panel(gamma: float, dose: dict[int, float]) -> pd.DataFrame:
    """Exact means (no noise): log y_it = a_i + 0.03·(t − 2023) + gamma·dose_t, 12 × 2012–2025."""
    rows = []
    for i in range(12):
        a = np.log(5.0 + 3.0 * i)
        for year in range(2012, 2026):
            mu = np.exp(a + 0.03 * (year - 2023) + gamma * dose.get(year, 0.0))
            rows.append({"institution_id": f"i{i}", "year": year, "spinoffs": mu})
    return pd.DataFrame(rows)


RAMP = {2023: 1 / 3, 2024: 2 / 3, 2025: 1.0}


def test_dose_break_recovers_the_change_at_full_dose_by_hand() -> None:
    """With exact means the pseudo-likelihood returns the generating values: γ = 0.3."""
    wide = dose_panel(0.3, RAMP)
    fit = breaks.dose_break(wide, "spinoffs", dose=RAMP).set_index("term")
    assert cell(fit, "dose_change", "estimate") == pytest.approx(0.3, abs=1e-6)
    assert cell(fit, "trend", "estimate") == pytest.approx(0.03, abs=1e-6)
    assert cell(fit, "dose_change", "effect_pct") == pytest.approx(100 * np.expm1(0.3))
    assert fit["n_post_years"].iloc[0] == 3
    # A step at 2023 is the special case of a dose that jumps to 1.
    step = {2023: 1.0, 2024: 1.0, 2025: 1.0}
    its = breaks.interrupted_time_series(dose_panel(0.3, step), "spinoffs", break_year=2023)
    by_step = breaks.dose_break(dose_panel(0.3, step), "spinoffs", dose=step).set_index("term")
    assert cell(by_step, "dose_change", "estimate") == pytest.approx(0.3, abs=1e-6)
    assert cell(its.set_index("term"), "level_change", "estimate") == pytest.approx(0.3, abs=1e-6)


def test_dose_break_reads_a_ramp_differently_from_a_step() -> None:
    """A ramp read as a step: the step model's level change is smaller than the full dose."""
    wide = dose_panel(0.3, RAMP)
    its = breaks.interrupted_time_series(wide, "spinoffs", break_year=2023).set_index("term")
    assert cell(its, "level_change", "estimate") < 0.25
    assert breaks.dose_break(wide, "spinoffs", dose={}).empty  # no year with a dose
    assert breaks.dose_break(wide, "spinoffs", dose={y: 1.0 for y in range(2011, 2026)}).empty


def test_chained_series_ignores_institutions_that_start_or_stop_reporting() -> None:
    """Known answer: a reports 10, 11, 12.1 (+10% a year); b joins in the last year with 100.
    The raw total jumps to 112.1; the chain is anchored there and moves back with a alone:
    112.1 / 1.1 = 101.9, / 1.1 = 92.6 — the same +10% a year, no jump."""
    from analysis.methods.trends import forecast as trends_forecast

    wide = pd.DataFrame(
        {
            "institution_id": ["a", "a", "a", "b"],
            "year": [2023, 2024, 2025, 2025],
            "spinoffs": [10.0, 11.0, 12.1, 100.0],
        }
    )
    chain = trends_forecast.chained_series(wide, "spinoffs").set_index("year")["observed"]
    assert chain[2025] == pytest.approx(112.1)
    assert chain[2024] == pytest.approx(112.1 / 1.1)
    assert chain[2023] == pytest.approx(112.1 / 1.21)
    raw = trends_forecast.national_series(wide, "spinoffs").set_index("year")["observed"]
    assert raw[2025] / raw[2024] == pytest.approx(112.1 / 11)  # what a raw trend would read
    fit = trends_forecast.projection(wide, "spinoffs", like_for_like=True, horizon=2026)
    assert fit["growth_pct"].iloc[0] == pytest.approx(10.0)
