"""Power of the break tests: how large a rise the monitor could have seen, by seeded simulation.

Chapter 5 tests whether the count of an indicator changed when the KTO-Nederland scheme
started, in three ways: a step at the first funded year (`trends.interrupted_time_series`,
level and slope change), a change that follows the budget's ramp (`trends.dose_break`) and
the partners of KTO-Nederland against the other institutions
(`trends.difference_in_differences`). When a test finds nothing, the reader needs to
know what it could have found: "niet aantoonbaar" after a test that could only have seen
a doubling says something else than after one that would have seen +5 %.

How. The counts are simulated from the monitor's own model on the monitor's own panel
(`panel_from_data`): the budget-following model is fitted to the data (institution fixed
effects, a common trend, a change at full budget), its change is set to zero to give each
institution-year's expected count without the scheme, and the counts are drawn around it
as negative binomial with the overdispersion the data show (Cameron–Trivedi's α). A rise
of r at the full budget multiplies the expected count by 1 + r · dose(year), the dose
being the budget's share of the full yearly amount (the same ramp the chapter uses); for
the partner comparison only the partners get it. Each simulated panel is analysed with
exactly the chapter's estimator and test (`_fit_batch` reproduces
`trends.fixed_effects.fit_fixed_effects_poisson` to machine precision, cluster-robust
errors included) and the rise counts as found when the chapter's test rejects at 5 % in
the direction of a rise:

* step: the level change or the slope change significantly positive (the chapter reads
  the break as a change when either term is significant);
* dose: the change at full budget significantly positive;
* partners: the partners' extra change significantly positive (Student's t with the
  smaller group's institutions less one as degrees of freedom).

The power of a rise is the share of simulated panels in which it is found; the smallest
detectable rise (`mde`) is the smallest rise found in at least `TARGET_POWER` of them.
All rises are evaluated on the same random draws (common random numbers: each count is
the inverse of the Poisson distribution function at a fixed uniform draw, its mean
scaled by a fixed gamma draw), so the power curve is smooth in the rise and the search
for the smallest detectable rise does not chase noise. The search brackets the target
and narrows the bracket to `MDE_TOLERANCE`; the reported rise is the bracket's upper
end, whose power was simulated, not interpolated.

Without submissions (the published edition before any institution reports) there is no
data to fit: `assumed_panel` builds the panel from stated assumptions instead (number of
institutions and partners, years, expected counts and overdispersion from the
demonstration generator's assumption table), and the same simulation gives the rise the
monitor would be able to see once such data arrive.

Cost: every fit is vectorised over the simulated panels (Newton steps with the fixed
effects profiled out, sums per institution over sorted rows), in chunks that keep memory
bounded at a thousand institutions. The seed is fixed, so the same inputs give the same
figures in every build.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sparse
from scipy import stats

from analysis.methods.montecarlo import MIN_DRAWS, PRINT_UNITS, printed_unit, round_to
from analysis.methods.trends.breaks import MIN_GROUP_INSTITUTIONS
from analysis.methods.trends.fixed_effects import _usable, fit_fixed_effects_poisson

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: The three tests chapter 5 reports (see the module docstring).
TESTS: tuple[str, ...] = ("step", "dose", "partners")

#: Simulated panels per rise. With 2,000 the Monte Carlo standard error of a power is at
#: most 1.1 percentage points (at 50 %) and that of a smallest detectable rise about half
#: a point or less; `printed_unit` says which digits that leaves stable.
N_SIMS: int = MIN_DRAWS

__all__ = [
    "LEVEL",
    "MAX_RISE",
    "MDE_TOLERANCE",
    "MIN_SIMS",
    "N_SIMS",
    "PRINT_UNITS",
    "SEED",
    "SIM_CELLS",
    "TARGET_POWER",
    "TESTS",
    "Assumptions",
    "Panel",
    "PowerAnalysis",
    "TestPower",
    "assumed_panel",
    "assumptions_from_tables",
    "overdispersion",
    "panel_from_data",
    "power_analysis",
    "power_of_test",
    "printed_unit",
    "round_to",
    "simulation_size",
]

#: Counts simulated per rise at most (panels × rows): a panel of more than 2,000 rows
#: (above about 125 institutions over 16 years) gets fewer than `N_SIMS` panels, so the
#: cost stays bounded at a thousand institutions; `printed_unit` then prints coarser
#: digits, as the larger Monte Carlo error requires.
SIM_CELLS: int = 4_000_000

#: The fewest simulated panels, whatever the panel's size.
MIN_SIMS: int = 200


def simulation_size(n_sims: int, n_rows: int) -> int:
    """The panels actually simulated: `n_sims`, or fewer for a very large panel (`SIM_CELLS`)."""
    return max(min(n_sims, SIM_CELLS // max(n_rows, 1)), min(n_sims, MIN_SIMS))


#: The seed of every simulation: the same inputs give the same figures.
SEED: int = 20220101

#: Significance level of the tests by default; the report passes the assumptions table's
#: `test_level` (`chapters.scheme.detectable`).
LEVEL: float = 0.05

#: The power at which a rise counts as detectable (the usual 80 %).
TARGET_POWER: float = 0.8

#: The largest rise searched (+200 % at full budget); beyond it the rise is "not detectable".
MAX_RISE: float = 2.0

#: The width to which the search narrows the smallest detectable rise (half a percentage
#: point), or how close to the target power its upper end must come (half a point too).
MDE_TOLERANCE: float = 0.005

#: Elements of one simulated chunk (panels × rows × terms): about 100 MB of floats.
_CHUNK_ELEMENTS: int = 12_000_000


@dataclass(frozen=True, eq=False)
class Panel:
    """The panel a test runs on: each row an institution-year that reported the indicator.

    `baseline` is the row's expected count without the scheme, `treated` whether the
    institution is a partner of KTO-Nederland, `dispersion` the negative binomial α
    (variance μ + α μ²; 0 is Poisson). `source` says where the panel comes from:
    "data" (`panel_from_data`) or "assumptions" (`assumed_panel`).
    """

    institution: IntArray
    year: IntArray
    baseline: FloatArray
    treated: BoolArray
    dispersion: float
    source: str

    @property
    def n_institutions(self) -> int:
        return int(np.unique(self.institution).size)

    @property
    def n_partners(self) -> int:
        return int(np.unique(self.institution[self.treated]).size)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(int(y) for y in np.unique(self.year))


@dataclass(frozen=True)
class TestPower:
    """One test's power at the stated rise and its smallest detectable rise.

    `rise`: the rise at full budget whose `power` is given (a fraction: 0.15 is +15 %);
    `power_se`: its Monte Carlo standard error. `mde`: the smallest rise found in at
    least `target` of the simulated panels (NaN: not within `MAX_RISE`), `mde_se` its
    Monte Carlo standard error (from the slope of the power curve). `size`: how often the
    test finds a rise when there is none (close to the level for a well-calibrated test).
    `available` is False when the panel does not allow the test (no years before or
    after the break, too few partners or others).
    """

    test: str
    available: bool
    rise: float = math.nan
    power: float = math.nan
    power_se: float = math.nan
    mde: float = math.nan
    mde_se: float = math.nan
    size: float = math.nan


@dataclass(frozen=True)
class PowerAnalysis:
    """The power of each of chapter 5's tests on one panel, with what it rests on.

    `rise`: the rise whose power each test states (NaN: none stated); `source`: "data"
    or "assumptions" (`Panel.source`).
    """

    tests: tuple[TestPower, ...]
    rise: float
    break_year: int
    dose: Mapping[int, float]
    n_institutions: int
    n_partners: int
    years: tuple[int, ...]
    dispersion: float
    source: str
    n_sims: int
    seed: int
    level: float
    target: float

    def get(self, test: str) -> TestPower:
        """The result of `test` (one of `TESTS`)."""
        for t in self.tests:
            if t.test == test:
                return t
        raise KeyError(test)


# --------------------------------------------------------------------------- panels


def _dose_vector(years: IntArray, dose: Mapping[int, float]) -> FloatArray:
    return np.asarray([float(dose.get(int(y), 0.0)) for y in years], dtype="float64")


def panel_from_data(
    wide: pd.DataFrame,
    indicator: str,
    *,
    dose: Mapping[int, float],
    partners: Iterable[str],
) -> Panel | None:
    """The panel of the data, its expected counts from the budget-following model at no change.

    The model is the chapter's `trends.dose_break` (fixed effect per institution, a
    common trend, a change at full budget that follows `dose`); its fixed effects are
    profiled out as in `fit_fixed_effects_poisson`, and the expected count without the
    scheme is the fit with the change set to zero. Without a year with a dose the model
    is the trend alone. The overdispersion α is `overdispersion` on the fitted means.
    None when fewer than two institutions reported the indicator with a positive total.
    """
    d = _usable(wide, indicator, None)
    if d.empty or d["institution_id"].nunique() < 2 or d["year"].nunique() < 2:
        return None
    years = d["year"].to_numpy(dtype="int64")
    level = _dose_vector(years, dose)
    dosed = sorted({int(y) for y in years[level > 0]})
    origin = dosed[0] if dosed else int(years.min())
    d = d.assign(trend=d["year"] - origin, dose_change=level)
    terms = ["trend", "dose_change"] if dosed else ["trend"]
    fit = fit_fixed_effects_poisson(d, indicator, " + ".join(terms))
    x = d[terms].to_numpy(dtype="float64")
    y = d[indicator].to_numpy(dtype="float64")
    groups, _ = pd.factorize(d["institution_id"], sort=True)
    beta = fit.params.to_numpy()
    full = np.exp(x @ beta)
    scale = np.bincount(groups, weights=y) / np.bincount(groups, weights=full)
    mu = scale[groups] * full
    baseline = scale[groups] * np.exp(x[:, 0] * beta[0])
    partner_ids = {str(p) for p in partners}
    return Panel(
        institution=groups.astype("int64"),
        year=years,
        baseline=baseline,
        treated=d["institution_id"].astype(str).isin(partner_ids).to_numpy(),
        dispersion=overdispersion(y, mu, groups),
        source="data",
    )


def overdispersion(y: FloatArray, mu: FloatArray, groups: IntArray) -> float:
    """The negative binomial α (variance μ + α μ²) of counts around a fixed-effects fit.

    Cameron and Trivedi's moment, Σ ((y − μ)² − y) / Σ μ² (`trends.cameron_trivedi`'s
    estimate), with each squared residual divided by 1 − h, h = μ_it / Σ_t μ_it the
    leverage of the institution's fixed effect: the fixed effect soaks up part of each
    residual, and without the correction α comes out about a fifth too small on the
    demonstration data (0,046 against the generator's 0,05 plus its year noise; 0,054
    with it, over 20 seeds), which would overstate every power. 0 when the counts are
    not overdispersed.
    """
    y = np.asarray(y, dtype="float64")
    mu = np.asarray(mu, dtype="float64")
    share = mu / np.bincount(groups, weights=mu)[groups]
    keep = share < 1.0
    num = np.sum((y[keep] - mu[keep]) ** 2 / (1.0 - share[keep]) - y[keep])
    den = np.sum(mu[keep] ** 2)
    return max(float(num / den), 0.0) if den > 0 else 0.0


@dataclass(frozen=True)
class Assumptions:
    """What the power of a panel without data rests on (every value stated in the report).

    `first_year_mean`: the expected count per year of each institution in the first
    year (one value per institution); `growth`: the common yearly growth of the counts;
    `dispersion`: the negative binomial α; `partners`: one flag per institution.
    """

    first_year_mean: tuple[float, ...]
    partners: tuple[bool, ...]
    years: tuple[int, ...]
    growth: float
    dispersion: float


#: Where each assumption of `assumptions_from_tables` comes from: the demonstration
#: generator's assumption table, `context/demo_calibration.csv` (parameter names).
ASSUMPTION_PARAMETERS: dict[str, str] = {
    "university_mean": "nl_univ_spinoffs_per_year",
    "research_growth": "research_growth_per_year",
    "output_growth": "output_trend_per_year",
    "institution_spread": "institution_sigma",
    "size": "count_dispersion",
}


def assumptions_from_tables(
    calibration: Mapping[str, float], institutions: pd.DataFrame, years: Sequence[int]
) -> Assumptions:
    """Spin-off counts as the monitor assumes them, for a panel without submissions.

    From `institutions` (`institutions.csv`): the institutions, their type and whether
    they are partners of KTO-Nederland. From `calibration` (the demonstration
    generator's assumption table `context/demo_calibration.csv`, `demo.load_calibration`;
    the rows named in `ASSUMPTION_PARAMETERS` and `research_eur_<type>`): a
    university's spin-offs per year (6.4, the Top Spin study's all-university average
    c. 2000), other types in proportion to their assumed research expenditure
    (`research_eur_<type>` against `research_eur_university`), the institutions spread
    around their type's level with the table's log spread (placed at evenly spaced
    quantiles, in the order of their ids, so the panel is the same in every build), a
    yearly growth of research expenditure and output per euro together, and the
    negative binomial size of yearly counts (α = 1 / size). Every institution reports
    every year of `years`.
    """
    from analysis.data.demo import stable_hash

    cal = calibration
    institutions = institutions.sort_values("institution_id")
    university = cal["research_eur_university"]

    def research(kind: str) -> float:
        key = "uas" if kind == "university of applied sciences" else kind
        return float(cal.get(f"research_eur_{key}", university))

    n = len(institutions)
    spread = cal[ASSUMPTION_PARAMETERS["institution_spread"]]
    quantiles = stats.norm.ppf((np.arange(n) + 0.5) / n) if n else np.zeros(0)
    order = np.argsort([stable_hash(str(i)) for i in institutions["institution_id"]], kind="stable")
    z = np.empty(n)
    z[order] = quantiles
    level = cal[ASSUMPTION_PARAMETERS["university_mean"]] / university
    means = tuple(
        float(level * research(str(t)) * math.exp(spread * zi - 0.5 * spread**2))
        for t, zi in zip(institutions["type"], z, strict=True)
    )
    growth = (1 + cal[ASSUMPTION_PARAMETERS["research_growth"]]) * (
        1 + cal[ASSUMPTION_PARAMETERS["output_growth"]]
    ) - 1
    return Assumptions(
        first_year_mean=means,
        partners=tuple(_flag(p) for p in institutions["kto_nl_partner"]),
        years=tuple(int(y) for y in years),
        growth=float(growth),
        dispersion=1.0 / cal[ASSUMPTION_PARAMETERS["size"]],
    )


def _flag(value: object) -> bool:
    """A partner flag as the loaders type it (bool) or as the file writes it ("true")."""
    return value.strip().lower() == "true" if isinstance(value, str) else bool(value)


def assumed_panel(assumptions: Assumptions) -> Panel:
    """A complete panel (every institution every year) from stated assumptions."""
    means = np.asarray(assumptions.first_year_mean, dtype="float64")
    years = np.asarray(assumptions.years, dtype="int64")
    if means.size < 2 or years.size < 2:
        raise ValueError("an assumed panel needs at least two institutions and two years")
    if len(assumptions.partners) != means.size:
        raise ValueError("one partner flag per institution")
    n, t = means.size, years.size
    inst = np.repeat(np.arange(n, dtype="int64"), t)
    year = np.tile(years, n)
    growth = (1.0 + assumptions.growth) ** (year - years.min())
    return Panel(
        institution=inst,
        year=year,
        baseline=means[inst] * growth,
        treated=np.asarray(assumptions.partners, dtype=bool)[inst],
        dispersion=float(assumptions.dispersion),
        source="assumptions",
    )


# --------------------------------------------------------------------------- designs


@dataclass(frozen=True, eq=False)
class _Design:
    """One test's regression on a panel: the rows it uses, its regressors, what it tests."""

    test: str
    rows: IntArray
    x: FloatArray
    groups: IntArray
    n_groups: int
    tested: tuple[int, ...]
    applies: FloatArray
    treated_group: BoolArray | None


def _design(panel: Panel, test: str, break_year: int, dose: Mapping[int, float]) -> _Design | None:
    """The chapter's regression for `test`, or None when the panel does not allow it.

    The same terms and conditions as `trends.interrupted_time_series`, `trends.dose_break`
    and `trends.difference_in_differences` (from the panel's rows, before any draw).
    Rows are ordered by institution, as `_fit_batch` needs.
    """
    if test not in TESTS:
        raise ValueError(f"unknown test {test!r}; expected one of {', '.join(TESTS)}")
    inst = panel.institution
    rows = np.argsort(inst, kind="stable").astype("int64")
    if test == "partners":
        first = np.full(int(inst.max()) + 1, np.iinfo(np.int64).max)
        last = np.full(int(inst.max()) + 1, np.iinfo(np.int64).min)
        np.minimum.at(first, inst, panel.year)
        np.maximum.at(last, inst, panel.year)
        spans = (first < break_year) & (last >= break_year)
        rows = rows[spans[inst[rows]]]
    year = panel.year[rows]
    treated = panel.treated[rows]
    applies = np.ones(rows.size)
    treated_group: BoolArray | None = None
    groups, uniques = pd.factorize(inst[rows], sort=True)
    if test == "step":
        post = (year >= break_year).astype("float64")
        n_pre = np.unique(year[year < break_year]).size
        n_post = np.unique(year[year >= break_year]).size
        if n_pre < 2 or n_post < 1:
            return None
        trend = (year - break_year).astype("float64")
        cols = [trend, post] + ([trend * post] if n_post >= 2 else [])
        tested: tuple[int, ...] = (1, 2) if n_post >= 2 else (1,)
    elif test == "dose":
        level = _dose_vector(year, dose)
        dosed = np.unique(year[level > 0])
        if np.unique(year[level == 0]).size < 2 or dosed.size == 0:
            return None
        cols = [(year - dosed[0]).astype("float64"), level]
        tested = (1,)
    else:
        if (
            rows.size == 0
            or min(np.unique(groups[treated]).size, np.unique(groups[~treated]).size)
            < MIN_GROUP_INSTITUTIONS
        ):
            return None
        did = (treated & (year >= break_year)).astype("float64")
        cols = [did] + [(year == y).astype("float64") for y in np.unique(year)[1:]]
        tested = (0,)
        applies = treated.astype("float64")
        treated_group = np.zeros(len(uniques), dtype=bool)
        treated_group[groups] = treated
    return _Design(
        test=test,
        rows=rows,
        x=np.column_stack(cols).astype("float64"),
        groups=groups.astype("int64"),
        n_groups=len(uniques),
        tested=tested,
        applies=applies,
        treated_group=treated_group,
    )


# --------------------------------------------------------------------------- fitting


@dataclass(frozen=True, eq=False)
class _Structure:
    """What a fixed-effects Poisson fit of one design needs besides the counts.

    With the institution effects profiled out, an institution's counts are a
    multinomial over its rows with shares exp(x β) / Σ exp(x β) over the rows it
    reported. The regressors of the chapter's tests depend only on the year (and on
    being a partner), so the rows fall into a few distinct regressor rows (`cells`),
    and institutions that reported the same cells share their shares (`patterns`). The
    log-likelihood is then Σ over patterns and cells of the pattern's total count times
    the log share: the estimate needs only those totals, and the cluster sandwich only
    each institution's Σ_t y_it x_it and total. Both are one pass over the counts; the
    Newton steps run on arrays of patterns × cells, whatever the number of institutions.
    """

    cells: FloatArray
    pattern_cells: BoolArray
    to_pattern_cell: sparse.csr_matrix
    spread: sparse.csr_matrix
    starts: IntArray
    pattern_of_group: IntArray
    n_groups: int


def _structure(x: FloatArray, groups: IntArray, n_groups: int) -> _Structure:
    n, k = x.shape
    if np.any(np.diff(groups) < 0) or np.unique(groups).size != n_groups:
        raise ValueError("rows must be sorted by institution, every institution present")
    cells, cell_of_row = np.unique(x, axis=0, return_inverse=True)
    cell_of_row = np.asarray(cell_of_row).ravel()
    member = np.zeros((n_groups, len(cells)), dtype=bool)
    member[groups, cell_of_row] = True
    patterns, pattern_of_group = np.unique(member, axis=0, return_inverse=True)
    pattern_of_group = np.asarray(pattern_of_group).ravel()
    n_cells = len(cells)
    to_pattern_cell = sparse.csr_matrix(
        (np.ones(n), (np.arange(n), pattern_of_group[groups] * n_cells + cell_of_row)),
        shape=(n, len(patterns) * n_cells),
    )
    spread = sparse.csr_matrix(
        (x.ravel(), (np.repeat(np.arange(n), k), (groups[:, None] * k + np.arange(k)).ravel())),
        shape=(n, n_groups * k),
    )
    return _Structure(
        cells=cells.astype("float64"),
        pattern_cells=patterns,
        to_pattern_cell=to_pattern_cell,
        spread=spread,
        starts=np.flatnonzero(np.r_[True, np.diff(groups) != 0]),
        pattern_of_group=pattern_of_group.astype("int64"),
        n_groups=n_groups,
    )


def _fit_batch(
    y: FloatArray,
    x: FloatArray,
    groups: IntArray,
    n_groups: int,
    start: FloatArray | None = None,
    structure: _Structure | None = None,
) -> tuple[FloatArray, FloatArray, IntArray]:
    """Fixed-effects Poisson on many panels at once: (estimates, clustered errors, groups used).

    `y` is (panels × rows), `x` (rows × terms) shared by all panels, the rows sorted by
    institution (`groups`, codes 0 … `n_groups` − 1). The same estimator as
    `fit_fixed_effects_poisson` (fixed effects profiled out, Newton steps halved until
    the log-likelihood does not fall, the cluster sandwich with G/(G − 1)), where G
    counts the institutions with a positive total in that panel: an institution without
    any count is left out of the chapter's fit, so it is left out of the count here.
    `start` (one value per term) starts every panel's Newton steps there instead of at
    zero: the same maximum, reached in fewer steps. How it is fast: `_Structure`.
    """
    st = structure if structure is not None else _structure(x, groups, n_groups)
    s = y.shape[0]
    k = x.shape[1]
    n_pat, n_cells = st.pattern_cells.shape
    mask = st.pattern_cells[None, :, :]
    totals_pc = np.asarray(y @ st.to_pattern_cell).reshape(s, n_pat, n_cells)
    totals_p = totals_pc.sum(axis=2)
    outer = (st.cells[:, :, None] * st.cells[:, None, :]).reshape(n_cells, k * k)
    beta = (
        np.zeros((s, k)) if start is None else np.tile(np.asarray(start, dtype="float64"), (s, 1))
    )

    def shares(b: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Each pattern's shares over its cells, and the log-likelihood."""
        eta = np.where(mask, (b @ st.cells.T)[:, None, :], -np.inf)
        eta = eta - eta.max(axis=2, keepdims=True)
        e = np.exp(eta)
        w = e / e.sum(axis=2, keepdims=True)
        with np.errstate(divide="ignore"):
            logw = np.where(mask, np.log(np.where(w > 0, w, 1.0)), 0.0)
        ll: FloatArray = np.einsum("spc,spc->s", totals_pc, logw)
        return w, ll

    def parts(w: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        nw = totals_p[:, :, None] * w
        grad = np.einsum("spc,ck->sk", totals_pc - nw, st.cells)
        within = (nw.sum(axis=1) @ outer).reshape(s, k, k)
        xbar = w @ st.cells
        between = np.matmul(np.transpose(xbar * totals_p[:, :, None], (0, 2, 1)), xbar)
        return grad, between - within, xbar

    w, current = shares(beta)
    for _ in range(100):
        grad, hess, _ = parts(w)
        step = np.linalg.solve(hess, -grad[:, :, None])[:, :, 0]
        t = np.ones(s)
        while True:
            candidate = beta + t[:, None] * step
            w_new, new = shares(candidate)
            worse = (new < current - 1e-12 * np.abs(current) - 1e-12) & (t >= 1e-8)
            if not worse.any():
                break
            t[worse] /= 2
        beta, w, current = candidate, w_new, new
        if np.max(np.abs(t[:, None] * step)) < 1e-6:  # the next step would be ~1e-12
            break
    _, hess, xbar = parts(w)
    totals = np.add.reduceat(y, st.starts, axis=1)
    # institution i's score: Σ_t y_it x_t − n_i x̄ of its pattern
    scores = np.asarray(y @ st.spread).reshape(s, st.n_groups, k)
    scores -= totals[:, :, None] * xbar[:, st.pattern_of_group, :]
    used = (totals > 0).sum(axis=1)
    meat = np.matmul(np.transpose(scores, (0, 2, 1)), scores)
    meat *= (used / np.maximum(used - 1, 1))[:, None, None]
    bread = np.linalg.inv(-hess)
    cov = bread @ meat @ bread
    se = np.sqrt(np.clip(np.diagonal(cov, axis1=1, axis2=2), 0.0, None))
    return beta, se, used


def _rejects(
    design: _Design,
    y: FloatArray,
    level: float,
    start: FloatArray | None = None,
    structure: _Structure | None = None,
) -> BoolArray:
    """Per simulated panel: does the chapter's test find a rise (significant and positive)?"""
    s = y.shape[0]
    k = design.x.shape[1]
    st = (
        structure if structure is not None else _structure(design.x, design.groups, design.n_groups)
    )
    chunk = max(1, _CHUNK_ELEMENTS // max(design.n_groups * k * k, 1))
    found = np.zeros(s, dtype=bool)
    for first in range(0, s, chunk):
        part = y[first : first + chunk]
        beta, se, _ = _fit_batch(part, design.x, design.groups, design.n_groups, start, st)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = beta / se
        if design.treated_group is not None:
            totals = np.add.reduceat(part, st.starts, axis=1)
            positive = totals > 0
            n_t = (positive & design.treated_group[None, :]).sum(axis=1)
            n_c = (positive & ~design.treated_group[None, :]).sum(axis=1)
            df = np.minimum(n_t, n_c) - 1
            crit = np.where(df >= 1, stats.t.ppf(1 - level / 2, np.maximum(df, 1)), np.inf)
        else:
            crit = np.full(part.shape[0], stats.norm.ppf(1 - level / 2))
        hit = np.zeros(part.shape[0], dtype=bool)
        for j in design.tested:
            zj = np.nan_to_num(z[:, j], nan=0.0)
            hit |= (beta[:, j] > 0) & (zj > crit)
        found[first : first + chunk] = hit
    return found


# --------------------------------------------------------------------------- simulation


def _poisson_icdf(u: FloatArray, lam: FloatArray) -> FloatArray:
    """The Poisson quantile at `u` for means `lam` (elementwise): monotone in the mean.

    The smallest k with P(X ≤ k) ≥ u, by summing the probabilities upward over the
    cells still below u only; means above 500 use scipy's quantile (the recursion would
    start at exp(−λ) = 0).
    """
    flat_u = u.ravel()
    flat_lam = lam.ravel()
    out = np.zeros(flat_u.size)
    big = flat_lam > 500
    if big.any():
        out[big] = stats.poisson.ppf(flat_u[big], flat_lam[big])
    idx = np.flatnonzero(~big)
    p = np.exp(-flat_lam[idx])
    cdf = p.copy()
    k = 0
    while idx.size:
        below = cdf < flat_u[idx]
        idx, p, cdf = idx[below], p[below], cdf[below]
        if not idx.size:
            break
        k += 1
        out[idx] = k
        p = p * flat_lam[idx] / k
        cdf = cdf + p
        if k > 100_000:  # pragma: no cover - a mean of 500 never gets here
            break
    return out.reshape(u.shape)


#: Random numbers held at once (panels × rows) before the draws are made chunk by chunk.
_DRAW_ELEMENTS: int = 4_000_000


@dataclass(frozen=True, eq=False)
class _Draws:
    """The fixed random numbers of every simulated panel (common to all rises and tests).

    Panel s draws from its own stream (the s-th child of `seed`'s seed sequence, numpy's
    way to independent streams): a uniform number per row (the Poisson
    quantile) and, for overdispersed counts, a gamma factor with mean 1 and variance α.
    Its numbers therefore do not depend on how the panels are chunked; they are made
    once when they fit in `_DRAW_ELEMENTS`, and again per chunk otherwise, so memory
    stays bounded at a thousand institutions.
    """

    n_rows: int
    n_sims: int
    seed: int
    dispersion: float
    cache: dict[int, tuple[FloatArray, FloatArray]]

    @property
    def chunk(self) -> int:
        return max(1, min(self.n_sims, _DRAW_ELEMENTS // max(self.n_rows, 1)))

    def chunks(self) -> list[tuple[int, int]]:
        return [(a, min(a + self.chunk, self.n_sims)) for a in range(0, self.n_sims, self.chunk)]

    def get(self, start: int, stop: int) -> tuple[FloatArray, FloatArray]:
        """(uniform, frailty) of panels `start` … `stop` − 1, each (panels × rows)."""
        if start in self.cache and self.cache[start][0].shape[0] == stop - start:
            return self.cache[start]
        uniform = np.empty((stop - start, self.n_rows))
        frailty = np.ones((stop - start, self.n_rows))
        alpha = self.dispersion
        children = np.random.SeedSequence(self.seed).spawn(stop)[start:]
        for i, child in enumerate(children):
            rng = np.random.default_rng(child)
            uniform[i] = rng.random(self.n_rows)
            if alpha > 0:
                frailty[i] = rng.gamma(1.0 / alpha, alpha, size=self.n_rows)
        if self.n_sims * self.n_rows <= _DRAW_ELEMENTS:
            self.cache[start] = (uniform, frailty)
        return uniform, frailty


def _draws(panel: Panel, n_sims: int, seed: int) -> _Draws:
    return _Draws(
        n_rows=panel.year.size, n_sims=n_sims, seed=seed, dispersion=panel.dispersion, cache={}
    )


def _power_curve(
    panel: Panel, design: _Design, draws: _Draws, dose: Mapping[int, float], level: float
) -> Callable[[float], float]:
    """The test's power as a function of the rise at full budget (memoised per rise)."""
    rows = design.rows
    share = _dose_vector(panel.year[rows], dose) * design.applies
    structure = _structure(design.x, design.groups, design.n_groups)
    memo: dict[float, float] = {}

    def power(rise: float) -> float:
        key = round(float(rise), 12)
        if key not in memo:
            mean = panel.baseline[rows] * (1.0 + rise * share)
            start, _, _ = _fit_batch(
                mean[None, :], design.x, design.groups, design.n_groups, structure=structure
            )
            found = 0
            for a, b in draws.chunks():
                uniform, frailty = draws.get(a, b)
                y = _poisson_icdf(uniform[:, rows], mean[None, :] * frailty[:, rows])
                found += int(_rejects(design, y, level, start[0], structure).sum())
            memo[key] = found / draws.n_sims
        return memo[key]

    return power


def _probit(p: float) -> float:
    return float(stats.norm.ppf(min(max(p, 1e-4), 1 - 1e-4)))


def _smallest_rise(
    power: Callable[[float], float],
    known: list[tuple[float, float]],
    target: float,
    max_rise: float,
    tol: float,
) -> tuple[float, list[tuple[float, float]]]:
    """The smallest rise whose power reaches `target` (NaN beyond `max_rise`), and the points tried.

    `known` holds rises already simulated (at least the rise 0, the test's size). The
    next rise tried is read off a straight line through the two nearest points on the
    probit scale (where a power curve is close to straight), overshooting a little
    until the target is bracketed; then the bracket is narrowed the same way, halved
    when one side keeps moving, until it is `tol` wide or its upper end's power is
    within `tol` of the target. Returns the bracket's upper end: a simulated rise with
    at least the target power.
    """
    points = sorted(known)
    z_t = _probit(target)

    def at(r: float) -> float:
        p = power(r)
        points.append((r, p))
        points.sort()
        return p

    def line(a: tuple[float, float], b: tuple[float, float]) -> float:
        za, zb = _probit(a[1]), _probit(b[1])
        return a[0] + (z_t - za) / (zb - za) * (b[0] - a[0]) if zb > za else math.nan

    while not any(p >= target for _, p in points):
        below = points[-2:]
        guess = line(below[0], below[1]) * 1.03 if len(below) == 2 else math.nan
        top = points[-1][0]
        if not math.isfinite(guess) or guess <= top:
            guess = max(2 * top, 0.25)
        if top >= max_rise:
            return math.nan, points
        at(min(max(guess, top * 1.25), max_rise))
    side, same = 0, 0
    while True:
        lo = max((pt for pt in points if pt[1] < target), default=(0.0, 0.0))
        hi = min(pt for pt in points if pt[1] >= target)
        if hi[0] - lo[0] <= tol or hi[1] - target <= tol + 1e-9:
            return hi[0], points
        guess = line(lo, hi)
        if same >= 2 or not (lo[0] < guess < hi[0]):
            guess, same = 0.5 * (lo[0] + hi[0]), 0
        guess = min(max(guess, lo[0] + tol / 4), hi[0] - tol / 4)
        now = 1 if at(guess) >= target else -1
        same = same + 1 if now == side else 1
        side = now


def _mde_se(points: list[tuple[float, float]], mde: float, target: float, n_sims: int) -> float:
    """Monte Carlo standard error of the smallest detectable rise: the power's error over
    the power curve's slope there (a probit line through the points tried)."""
    usable = [(r, p) for r, p in points if 0.02 < p < 0.98]
    if not math.isfinite(mde) or len({r for r, _ in usable}) < 2:
        return math.nan
    r = np.asarray([a for a, _ in usable])
    z = stats.norm.ppf(np.asarray([b for _, b in usable]))
    slope_z, intercept = np.polyfit(r, z, 1)
    slope = float(stats.norm.pdf(intercept + slope_z * mde) * slope_z)
    if slope <= 0:
        return math.nan
    return math.sqrt(target * (1 - target) / n_sims) / slope


def power_of_test(
    panel: Panel,
    test: str,
    *,
    break_year: int,
    dose: Mapping[int, float],
    rise: float | None,
    n_sims: int = N_SIMS,
    seed: int = SEED,
    level: float = LEVEL,
    target: float = TARGET_POWER,
    max_rise: float = MAX_RISE,
    tol: float = MDE_TOLERANCE,
    with_mde: bool = True,
    draws: _Draws | None = None,
) -> TestPower:
    """The power of one of chapter 5's tests at `rise` (None: no stated rise), its size
    and its smallest detectable rise."""
    design = _design(panel, test, break_year, dose)
    if design is None:
        return TestPower(test=test, available=False)
    draws = (
        draws
        if draws is not None
        else _draws(panel, simulation_size(n_sims, panel.year.size), seed)
    )
    n = draws.n_sims
    power = _power_curve(panel, design, draws, dose, level)
    p = power(rise) if rise is not None else math.nan
    size = power(0.0)
    mde, mde_se = math.nan, math.nan
    if with_mde:
        known = [(0.0, size)] + ([(float(rise), p)] if rise is not None and rise > 0 else [])
        mde, points = _smallest_rise(power, known, target, max_rise, tol)
        mde_se = _mde_se(points, mde, target, n)
    return TestPower(
        test=test,
        available=True,
        rise=float(rise) if rise is not None else math.nan,
        power=p,
        power_se=math.sqrt(p * (1 - p) / n) if rise is not None else math.nan,
        mde=float(mde),
        mde_se=float(mde_se),
        size=size,
    )


def power_analysis(
    panel: Panel,
    *,
    break_year: int,
    dose: Mapping[int, float],
    rise: float | None,
    tests: Sequence[str] = TESTS,
    n_sims: int = N_SIMS,
    seed: int = SEED,
    level: float = LEVEL,
    target: float = TARGET_POWER,
) -> PowerAnalysis:
    """Every test of `tests` on `panel`: power at `rise` (None: none stated), size and
    smallest detectable rise.

    All tests share one set of random draws, so their powers are comparable panel by
    panel.
    """
    n_sims = simulation_size(n_sims, panel.year.size)
    draws = _draws(panel, n_sims, seed)
    results = tuple(
        power_of_test(
            panel,
            t,
            break_year=break_year,
            dose=dose,
            rise=rise,
            level=level,
            target=target,
            draws=draws,
        )
        for t in tests
    )
    return PowerAnalysis(
        tests=results,
        rise=float(rise) if rise is not None else math.nan,
        break_year=int(break_year),
        dose=dict(dose),
        n_institutions=panel.n_institutions,
        n_partners=panel.n_partners,
        years=panel.years,
        dispersion=panel.dispersion,
        source=panel.source,
        n_sims=n_sims,
        seed=seed,
        level=level,
        target=target,
    )
