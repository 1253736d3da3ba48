"""Monte Carlo error of simulated and bootstrapped figures, and the digits it leaves stable.

A bootstrap bound or a simulated power is an estimate with an error of its own: with
200 draws the 2.5% quantile of a bootstrap moves by a few hundredths from seed to seed,
so printing it to two decimals prints noise. Every figure the report takes from draws
therefore has its Monte Carlo standard error computed here, and is printed only to the
digits that error leaves stable: the error must stay below one unit of the last printed
digit (`printed_unit`, `decimals_for`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy import stats

FloatArray = npt.NDArray[np.float64]

#: The fewest draws of any bootstrap or simulation in the report.
MIN_DRAWS: int = 2000

#: Units a simulated share may be printed to (fractions): a whole percent, five, ten, 25.
PRINT_UNITS: tuple[float, ...] = (0.01, 0.05, 0.10, 0.25)


def printed_unit(mc_se: float, units: Sequence[float] = PRINT_UNITS) -> float:
    """The finest of `units` that the Monte Carlo error leaves stable (error below it).

    A power of about 40 % from 2,000 panels has an error of 1,1 percentage points and is
    printed to 5 points; a smallest detectable rise with an error of 0,6 points to whole
    percents. NaN (no error known) gives the coarsest unit.
    """
    if not math.isfinite(mc_se):
        return units[-1]
    for unit in units:
        if mc_se < unit:
            return unit
    return units[-1]


def round_to(value: float, unit: float) -> float:
    """`value` rounded half up to a multiple of `unit` (a figure printed in that unit)."""
    return math.floor(value / unit + 0.5 + 1e-9) * unit


def decimals_for(mc_se: float, most: int = 2) -> int:
    """Decimals (at most `most`, at least 0) whose last digit is larger than the error."""
    if not math.isfinite(mc_se):
        return 0
    for d in range(most, -1, -1):
        if mc_se < 10.0**-d:
            return d
    return 0


def magnitude_for(mc_se: float) -> float:
    """The power of ten an amount is rounded to so that its error is below it (at least 1)."""
    if not math.isfinite(mc_se) or mc_se <= 0:
        return 1.0
    return float(10.0 ** max(0, math.ceil(math.log10(mc_se * 1.000001))))


def quantile_se(draws: FloatArray, q: float, level: float = 0.95) -> float:
    """Monte Carlo standard error of the `q` quantile of `draws` (order statistics).

    The number of draws below the true quantile is binomial (B, q); the order statistics
    at B·q ± z·sqrt(B·q·(1 − q)) bracket it with `level` coverage, so half that bracket
    over z is the quantile's standard error. Needs no resampling of the resample.
    """
    x = np.sort(np.asarray(draws, dtype="float64")[np.isfinite(draws)])
    b = x.size
    if b < 2:
        return math.nan
    z = float(stats.norm.ppf(0.5 + level / 2))
    half = z * math.sqrt(b * q * (1 - q))
    lo = int(min(max(math.floor(b * q - half), 0), b - 1))
    hi = int(min(max(math.ceil(b * q + half), 0), b - 1))
    return float((x[hi] - x[lo]) / (2 * z))


def quantile_se_columns(draws: FloatArray, q: float) -> FloatArray:
    """`quantile_se` for every column of a (draws × columns) array."""
    arr = np.asarray(draws, dtype="float64")
    return np.asarray([quantile_se(arr[:, j], q) for j in range(arr.shape[1])], dtype="float64")
