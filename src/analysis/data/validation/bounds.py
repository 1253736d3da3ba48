"""The plausible-bounds rule family: each indicator's range from the catalogue.

`indicators.csv` holds `plausible_min` / `plausible_max` per indicator; indicators that
share a range are checked by one expectation (`range_groups`), and the catalogue's own
bounds are checked for order (`bound_order`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.data.validation.gx import Check, check_row, is_missing
from analysis.data.validation.messages import bound_text, dutch_value
from analysis.data.validation.report import CHECK_COLUMNS, Outcome, ValidationReport
from analysis.errors import Finding

#: Catalogue columns holding each indicator's plausible range (inclusive), per year
#: and institution; see data/raw/README.md.
BOUND_COLUMNS: tuple[str, str] = ("plausible_min", "plausible_max")


@dataclass(frozen=True)
class RangeGroup:
    """Indicators sharing one plausible range; `column` is their derived value column."""

    column: str
    kind: str
    indicators: tuple[str, ...]
    low: float | None
    high: float | None


def range_groups(catalogue: pd.DataFrame) -> list[RangeGroup]:
    """One group per kind and plausible range of the catalogue (`plausible_min`/`_max`).

    Indicators with the same kind and bounds share one expectation. Counts get no lower
    bound here: a negative count is `count_non_negative`'s finding, reported once.
    """
    members: dict[tuple[str, float | None, float | None], list[str]] = {}
    for row in catalogue.itertuples(index=False):
        kind = str(row.kind)
        low = bound_value(row.plausible_min)
        high = bound_value(row.plausible_max)
        if kind == "count":
            low = None
        if low is None and high is None:
            continue
        members.setdefault((kind, low, high), []).append(str(row.indicator))
    groups: list[RangeGroup] = []
    for n, ((kind, low, high), indicators) in enumerate(sorted(members.items(), key=str)):
        groups.append(RangeGroup(f"range_{n}_{kind}", kind, tuple(sorted(indicators)), low, high))
    return groups


def bound_value(value: Any) -> float | None:
    number = float(value) if not is_missing(value) else math.nan
    return None if math.isnan(number) else number


RANGE_RULES: Mapping[str, tuple[str, str]] = {
    "money": ("money_range", "EUR"),
    "fte": ("fte_range", "FTE"),
    "count": ("count_range", "aantal"),
}


def range_check(expect: Any, group: RangeGroup) -> Check:
    rule, unit = RANGE_RULES.get(group.kind, ("value_range", ""))
    span = f"{unit} {bound_text(group.low)}–{bound_text(group.high)}".strip()
    if group.low is None:
        span = f"{unit} ten hoogste {bound_text(group.high)}".strip()
    hint = " (bedragen in euro's, niet in duizenden)" if group.kind == "money" else ""
    label = group.indicators[0] if len(group.indicators) == 1 else ", ".join(group.indicators)
    return Check(
        rule=rule,
        column="value",
        severity="error",
        description=f"{label} ligt binnen het plausibele bereik ({span} per jaar)",
        expectation=expect.ExpectColumnValuesToBeBetween(
            column=group.column, min_value=group.low, max_value=group.high
        ),
        needs=(group.column,),
        explain=lambda rec: (
            f"{rec.get('indicator')} = {dutch_value(rec.get('value'))} ligt buiten het plausibele bereik "
            f"{span} per instelling per jaar{hint}; de grenzen staan in indicators.csv"
        ),
    )


def bound_order(indicators: pd.DataFrame) -> ValidationReport:
    """`plausible_min` ≤ `plausible_max` in every catalogue row (pandas: needs numbers)."""
    suite, name = "reference_indicators", "pandas:plausible_bounds"
    check = Check("plausible_bounds", "plausible_max", "error", "plausible_min ≤ plausible_max")
    if not set(BOUND_COLUMNS) <= set(indicators.columns):
        return ValidationReport(
            checks=pd.DataFrame.from_records(
                [check_row(suite, name, check, "skipped", 0, "niet uitgevoerd: kolom ontbreekt")],
                columns=list(CHECK_COLUMNS),
            )
        )
    low = pd.to_numeric(indicators["plausible_min"], errors="coerce")
    high = pd.to_numeric(indicators["plausible_max"], errors="coerce")
    wrong = np.flatnonzero((low > high).to_numpy())
    findings = [
        Finding(
            "indicators.csv",
            int(i) + 2,
            "plausible_max",
            "plausible_bounds",
            f"plausible_max {dutch_value(high.iloc[i])} ligt onder plausible_min {dutch_value(low.iloc[i])}",
        )
        for i in wrong
    ]
    outcome: Outcome = "failed" if findings else "passed"
    message = f"{len(findings)} rij(en) met plausible_min > plausible_max" if findings else ""
    return ValidationReport(
        findings=findings,
        checks=pd.DataFrame.from_records(
            [check_row(suite, name, check, outcome, len(findings), message or "in orde")],
            columns=list(CHECK_COLUMNS),
        ),
        origins=[(suite, name)] * len(findings),
    )
