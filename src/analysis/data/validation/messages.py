"""The Dutch messages of the rules: values written the way a Dutch reader writes them.

A rule's message is declared beside the rule (`submission`, `series`, `reference`) with
these helpers: `row_message("{indicator} is negatief")` fills a row's cells into a
template, `fixed_message` never changes, `observed_message` quotes what GX observed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from analysis.data.validation.gx import is_missing


def dutch_value(value: Any) -> str:
    """A value as a Dutch reader writes it: 1.250.000 and 2,5; text quoted; empty as `leeg`."""
    if is_missing(value):
        return "leeg"
    if isinstance(value, (bool, np.bool_)):
        return str(value)
    if isinstance(value, (int, np.integer, float, np.floating)):
        f = float(value)
        if not math.isfinite(f):
            return str(f)
        if f.is_integer():
            text = f"{int(f):,}"
        else:
            text = f"{f:,.6g}" if abs(f) < 1e6 else f"{f:,.0f}"
        return text.replace(",", "_").replace(".", ",").replace("_", ".")
    return repr(str(value))


class DutchCells(dict[str, Any]):
    """Row cells for `str.format_map`, each formatted the Dutch way by `dutch_value`."""

    def __missing__(self, key: str) -> str:
        return "leeg"


def row_message(template: str) -> Callable[[dict[str, Any]], str]:
    """A row message from a template whose `{column}` placeholders are that row's cells."""

    def explain(rec: dict[str, Any]) -> str:
        return template.format_map(DutchCells({k: dutch_value(v) for k, v in rec.items()}))

    return explain


def fixed_message(text: str) -> Callable[[dict[str, Any]], str]:
    """A message that does not depend on the row or result."""

    def explain(_: dict[str, Any]) -> str:
        return text

    return explain


def observed_message(text: str) -> Callable[[dict[str, Any]], str]:
    """A table-level message that quotes what GX observed (e.g. the column's dtype)."""

    def explain(info: dict[str, Any]) -> str:
        return f"{text} (gevonden: {info.get('observed_value')})"

    return explain


def bound_text(value: float | None) -> str:
    return "∞" if value is None else dutch_value(value)
