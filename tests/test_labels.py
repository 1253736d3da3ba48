"""Every code the raw tables enumerate has a Dutch label, in the one labels module."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pytest

from analysis.data.indicators import INDICATOR_CODES, catalogue
from analysis.publication import labels

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def _values(table: str, column: str) -> set[str]:
    frame = pd.read_csv(RAW / table, dtype=str, keep_default_na=False)
    return {v for v in frame[column] if v != ""}


def _status_columns() -> list[tuple[str, str]]:
    out = []
    for path in sorted(RAW.rglob("*.csv")):
        if "kt_metrics" in path.relative_to(RAW).parts:
            continue
        header = pd.read_csv(path, dtype=str, nrows=0).columns
        out += [
            (path.relative_to(RAW).as_posix(), str(c))
            for c in header
            if c == "status" or str(c).endswith("_status")
        ]
    return out


TYPE_MAPS = [
    labels.INSTITUTION_TYPE_SINGULAR,
    labels.INSTITUTION_TYPE_PLURAL,
    labels.INSTITUTION_TYPE_HEADINGS,
    labels.INSTITUTION_TYPE_FULL,
    labels.INSTITUTION_TYPE_FULL_PLURAL,
]
ENUMERATIONS: list[tuple[str, str, Mapping[str, str]]] = [
    *(("institutions.csv", "type", m) for m in TYPE_MAPS),
    ("institutions.csv", "profile", labels.PROFILE_LABELS),
    ("indicators.csv", "indicator", labels.INDICATOR_LABELS),
    ("indicators.csv", "unit", labels.UNIT_LABELS),
    ("indicators.csv", "model_group", labels.MODEL_GROUP_LABELS),
    ("scheme/budget.csv", "line", labels.BUDGET_LINE_LABELS),
    *((table, column, labels.SOURCE_STATUS_LABELS) for table, column in _status_columns()),
]


@pytest.mark.parametrize(("table", "column", "mapping"), ENUMERATIONS)
def test_every_enumerated_value_has_a_dutch_label(
    table: str, column: str, mapping: Mapping[str, str]
) -> None:
    missing = _values(table, column) - set(mapping)
    assert not missing, f"{table} column {column}: no Dutch label for {sorted(missing)}"


def test_the_status_columns_are_found() -> None:
    assert len(_status_columns()) >= 10  # the scan itself works (sources.csv, consortia.csv, ...)


def test_indicator_labels_come_from_the_catalogue_read_once() -> None:
    frame = pd.read_csv(RAW / "indicators.csv", dtype=str)
    assert tuple(frame["indicator"]) == INDICATOR_CODES == catalogue().codes
    for code, label in zip(frame["indicator"], frame["label_nl"], strict=True):
        assert labels.INDICATOR_LABELS[code] == label
    assert catalogue() is catalogue()  # one read per data folder
