"""Charts, takeaway titles: the one sentence above a chart that says what it shows, computed from its data."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

#: Relative change below which a development counts as "ongeveer gelijk" (5%).
FLAT_THRESHOLD = 0.05


def _relative(start: float, end: float) -> float:
    if start == 0:
        return 0.0 if end == 0 else math.copysign(math.inf, end)
    return (end - start) / abs(start)


def takeaway_trend(
    series: pd.Series[Any], label_nl: str, *, threshold: float = FLAT_THRESHOLD
) -> str:
    """A Dutch chart title that states the trend the data shows, computed, not written by hand.

    `series` holds values indexed by year. The rule, in the order applied:

    1. The *current run* starts at the earliest year from which the series moves
       in one direction (never against the direction of the last change; equal
       years inside the run do not break it, a plateau at its start is not part of it).
    2. If the run changes the value by at least `threshold` (relative to the
       run's first value), the title is "<label> stijgt sinds <start>" or
       "<label> daalt sinds <start>".
    3. Otherwise the title is "<label> blijft sinds <start> ongeveer gelijk", with
       <start> the earliest year from which every value lies within `threshold`
       of the latest value.

    Missing values are ignored; fewer than two values give
    "<label>: te weinig jaren voor een trend".
    """
    label = label_nl[:1].upper() + label_nl[1:]
    clean = series.dropna().astype("float64")
    clean = clean[clean.map(math.isfinite)].sort_index()
    if len(clean) < 2:
        return f"{label}: te weinig jaren voor een trend"
    years = [int(y) for y in clean.index]
    values = clean.tolist()
    last = values[-1]
    direction = 0
    for prev, cur in zip(reversed(values[:-1]), reversed(values[1:]), strict=True):
        if cur != prev:
            direction = 1 if cur > prev else -1
            break
    start = len(values) - 1
    while start > 0 and direction * (values[start] - values[start - 1]) >= 0:
        start -= 1
    while direction and start < len(values) - 1 and values[start + 1] == values[start]:
        start += 1  # a plateau before the move is not part of it: [0, 0, 3] rises since year 2
    if direction and abs(_relative(values[start], last)) >= threshold:
        verb = "stijgt" if direction > 0 else "daalt"
        return f"{label} {verb} sinds {years[start]}"
    flat = len(values) - 1
    while flat > 0 and abs(values[flat - 1] - last) <= threshold * abs(last):
        flat -= 1
    return f"{label} blijft sinds {years[flat]} ongeveer gelijk"
