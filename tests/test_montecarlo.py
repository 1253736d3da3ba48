"""Monte Carlo error of bootstrapped and simulated figures (`analysis.methods.montecarlo`): the
error is what the seeds show, and the printed digits stay above it."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.methods import montecarlo as mc
from analysis.methods import power
from analysis.methods.peer_gaps import gaps


def test_every_bootstrap_and_simulation_has_at_least_2000_draws() -> None:
    assert mc.MIN_DRAWS >= 2000
    assert gaps.N_BOOT >= mc.MIN_DRAWS
    assert power.N_SIMS >= mc.MIN_DRAWS


def test_quantile_error_matches_the_theory_and_the_spread_over_seeds() -> None:
    """The 2.5% quantile of 2,000 standard normal draws has a standard error of
    sqrt(q(1 − q)/B) / φ(z_q) = 0,0597; the order-statistic estimate is close to it, and so
    is the spread of the quantile over 300 seeds."""
    q, b = 0.025, 2000
    theory = math.sqrt(q * (1 - q) / b) / stats.norm.pdf(stats.norm.ppf(q))
    assert theory == pytest.approx(0.0597, abs=5e-4)
    estimates, quantiles = [], []
    for seed in range(300):
        x = np.random.default_rng(seed).standard_normal(b)
        estimates.append(mc.quantile_se(x, q))
        quantiles.append(float(np.quantile(x, q)))
    assert float(np.median(estimates)) == pytest.approx(theory, rel=0.25)
    assert float(np.std(quantiles, ddof=1)) == pytest.approx(theory, rel=0.15)


@pytest.mark.parametrize(
    ("se", "decimals", "magnitude"),
    [(0.004, 2, 1.0), (0.023, 1, 1.0), (0.3, 0, 1.0), (2500.0, 0, 10_000.0), (0.0, 2, 1.0)],
)
def test_digits_from_the_error(se: float, decimals: int, magnitude: float) -> None:
    assert mc.decimals_for(se) == decimals
    assert mc.magnitude_for(se) == magnitude
    assert 10.0**-decimals > se or decimals == 0


def test_printed_unit_and_rounding() -> None:
    assert mc.printed_unit(0.006) == 0.01
    assert mc.printed_unit(0.011) == 0.05
    assert mc.printed_unit(float("nan")) == 0.25
    assert mc.round_to(0.387, 0.05) == pytest.approx(0.40)
    assert mc.round_to(514_779.3, 10_000.0) == pytest.approx(510_000.0)


def test_a_dutch_bound_moves_between_seeds_by_less_than_its_last_printed_digit() -> None:
    """Chapter 3's bootstrap at 2,000 draws: over ten seeds the lower bound of the pooled
    intensity moves by about its stated Monte Carlo error, and the digits the chapter prints
    (`decimals_for` of that error) are coarser than the movement."""
    rng = np.random.default_rng(5)
    n = 30
    wide = pd.DataFrame(
        {
            "institution_id": [f"i{k}" for k in range(n)],
            "year": 2025,
            "research_expenditure_eur": rng.uniform(1e8, 5e8, n),
            "kto_staff_fte": rng.uniform(5, 20, n),
            "invention_disclosures": rng.poisson(40, n).astype(float),
            "spinoffs": rng.poisson(8, n).astype(float),
        }
    )
    institutions = pd.DataFrame({"institution_id": wide["institution_id"], "type": "university"})
    lows, ses = [], []
    for seed in range(10):
        table, _ = gaps.dutch_intensities(
            wide, institutions, years=[2025], levels=("total",), seed=seed
        )
        row = table[
            (table["indicator"] == "spinoffs") & (table["denominator"] == "per_100m_research")
        ].iloc[0]
        lows.append(float(row["nl_low"]))
        ses.append(float(row["nl_low_se"]))
    spread = float(np.std(lows, ddof=1))
    stated = float(np.median(ses))
    assert stated / 3 < spread < stated * 3
    unit = 10.0 ** -mc.decimals_for(max(ses))
    assert max(lows) - min(lows) < 2 * unit  # within one step of the printed digit
