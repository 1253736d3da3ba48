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


def test_short_labels_decimals_and_money_come_from_the_catalogue() -> None:
    frame = pd.read_csv(RAW / "indicators.csv", dtype=str)
    cat = catalogue()
    assert cat.short_labels == dict(zip(frame["indicator"], frame["label_short_nl"], strict=True))
    assert cat.money_codes == tuple(frame.loc[frame["kind"] == "money", "indicator"])
    assert cat.get("kto_staff_fte").decimals == 1 and cat.get("spinoffs").decimals == 0
    assert cat.get("licence_income_eur").is_money and not cat.get("spinoffs").is_money
    with pytest.raises(KeyError, match=r"indicators\.csv"):
        cat.get("not_an_indicator")


def test_values_are_shown_as_the_catalogue_says() -> None:
    from analysis.publication import formatting as fmt
    from analysis.publication.messages import Money, Num, indicator_param

    assert fmt.indicator_value(12.34, "kto_staff_fte") == "12,3\u00a0fte"
    assert fmt.indicator_value(1234.4, "spinoffs") == "1.234"
    assert fmt.indicator_value(62_650_000, "licence_income_eur") == "€\u00a062,7\u00a0mln"
    assert fmt.indicator_value(62_650_000, "licence_income_eur", "eur") == "€\u00a062.650.000"
    assert indicator_param(12.34, "kto_staff_fte") == Num(12.34, 1, "fte")
    assert indicator_param(3.0, "spinoffs") == Num(3.0, 0)
    assert indicator_param(5.0, "licence_income_eur") == Money(5.0)


def test_a_catalogue_with_bad_decimals_names_the_row(tmp_path: Path) -> None:
    from analysis.errors import InputError

    frame = pd.read_csv(RAW / "indicators.csv", dtype=str, keep_default_na=False)
    frame.loc[1, "decimals"] = "1,5"
    frame.to_csv(tmp_path / "indicators.csv", index=False)
    with pytest.raises(InputError) as caught:
        catalogue(tmp_path)
    finding = caught.value.finding
    assert (finding.row, finding.column, finding.rule) == (3, "decimals", "value_range")


def test_column_labels_are_a_table_read_in_file_order(tmp_path: Path) -> None:
    shipped = pd.read_csv(labels.COLUMN_LABELS_FILE, dtype=str, keep_default_na=False)
    # The table first, in its order; then the columns named after a model, which take the
    # model's name from MODEL_LABELS (one place), not from the table.
    named_after_models = [f"{k}_{m}" for k in ("score", "n") for m in ("push", "exchange", "serve")]
    assert list(labels.COLUMN_LABELS) == list(shipped["column"]) + named_after_models
    assert labels.column_label("institution_id") == "instelling"
    assert labels.column_label("score_push") == "score aanbodmodel"
    assert labels.column_label("n_serve") == "instellingen in het dienstverleningsmodel"
    twice = tmp_path / "twice.csv"
    twice.write_text("column,label_nl\nyear,jaar\nyear,jaartal\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"twice\.csv:3: 'year' is listed twice"):
        labels.read_label_table(twice)
    empty = tmp_path / "empty.csv"
    empty.write_text("column,label_nl\nyear,\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"empty\.csv:2: expected a code"):
        labels.read_label_table(empty)


def test_name_and_short_adds_the_short_name_only_when_it_differs() -> None:
    from analysis.publication.labels import name_and_short

    assert name_and_short("Technische Universiteit Delft", "TU Delft") == (
        "Technische Universiteit Delft (TU Delft)"
    )
    assert name_and_short("TNO", "TNO") == "TNO"
    assert name_and_short("Erasmus MC", "erasmus mc") == "Erasmus MC"
    assert name_and_short("NKI", "") == "NKI"
