"""Long and wide processed tables: a small example worked by hand, uniqueness, atomic and
byte-identical writes."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from analysis.data import process
from analysis.errors import InputError


def _submissions() -> pd.DataFrame:
    rows = [
        # institution, year, indicator, value, unit, source, file, row
        ("a", 2024, "spinoffs", 3.0, "count", "demonstration", "kt/2024/a.csv", 2),
        ("a", 2024, "licence_income_eur", math.nan, "EUR", "knaw_patents_2014", "kt/2024/a.csv", 3),
        ("b", 2024, "spinoffs", 1.0, "count", "knaw_patents_2014", "kt/2024/b.csv", 2),
        ("a", 2023, "spinoffs", 2.0, "count", "made_up;knaw_patents_2014", "kt/2023/a.csv", 2),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "institution_id",
            "year",
            "indicator",
            "value",
            "unit",
            "source_id",
            "file",
            "row",
        ],
    )
    frame["note"] = ""
    return frame


SOURCES = pd.DataFrame(
    {
        "source_id": ["demonstration", "knaw_patents_2014", "made_up"],
        "status": ["demonstration", "read", "demonstration"],
    }
)


def test_to_long_sorts_and_flags_demonstration() -> None:
    long = process.to_long(_submissions(), SOURCES)
    assert list(long.columns) == list(process.LONG_COLUMNS)
    assert long[["institution_id", "year", "indicator"]].values.tolist() == [
        ["a", 2023, "spinoffs"],
        ["a", 2024, "licence_income_eur"],
        ["a", 2024, "spinoffs"],
        ["b", 2024, "spinoffs"],
    ]
    # 'made_up' has status demonstration in the register; 'demonstration' is the id itself
    assert long["is_demonstration"].tolist() == [True, False, True, False]
    assert str(long["year"].dtype) == "int64"
    assert str(long["value"].dtype) == "float64"
    assert math.isnan(long["value"].iloc[1])


def test_to_wide_by_hand() -> None:
    wide = process.to_wide(process.to_long(_submissions(), SOURCES))
    assert list(wide.columns) == [
        "institution_id",
        "year",
        "licence_income_eur",
        "spinoffs",
        "is_demonstration",
    ]
    assert wide[["institution_id", "year"]].values.tolist() == [
        ["a", 2023],
        ["a", 2024],
        ["b", 2024],
    ]
    assert wide["spinoffs"].tolist() == [2.0, 3.0, 1.0]
    assert wide["licence_income_eur"].isna().all()  # reported empty, or not reported at all
    # (a, 2024) mixes a demonstration and a real value: the row counts as demonstration
    assert wide["is_demonstration"].tolist() == [True, True, False]


def test_duplicate_key_names_the_file_and_row() -> None:
    doubled = pd.concat([_submissions(), _submissions().iloc[[2]]], ignore_index=True)
    doubled.loc[4, "file"] = "kt/2024/b.xlsx"
    with pytest.raises(InputError) as exc:
        process.to_long(doubled, SOURCES)
    assert exc.value.finding.rule == "unique_key"
    assert exc.value.finding.file == "kt/2024/b.csv"
    assert exc.value.finding.row == 2
    assert "kt/2024/b.xlsx" in str(exc.value)


def test_missing_columns_are_refused() -> None:
    with pytest.raises(process.ProcessError):
        process.to_long(_submissions().drop(columns=["unit"]), SOURCES)
    long = process.to_long(_submissions(), SOURCES)
    with pytest.raises(process.ProcessError):
        process.to_wide(pd.concat([long, long.iloc[[0]]], ignore_index=True))


def test_write_is_atomic_byte_identical_and_round_trips(tmp_path: Path) -> None:
    long = process.to_long(_submissions(), SOURCES)
    wide = process.to_wide(long)
    written = process.write_processed(long, wide, tmp_path)
    assert [p.name for p in written] == [process.LONG_FILE, process.WIDE_FILE]
    first = [p.read_bytes() for p in written]
    # shuffled input rows must not change a byte
    process.write_processed(long.iloc[::-1], wide.iloc[::-1], tmp_path)
    assert [p.read_bytes() for p in written] == first
    assert sorted(p.name for p in tmp_path.iterdir()) == [process.LONG_FILE, process.WIDE_FILE]
    pd.testing.assert_frame_equal(process.load_long(tmp_path), long)
    back = process.load_wide(tmp_path)
    pd.testing.assert_frame_equal(back, wide, check_column_type=False)


def test_failed_write_keeps_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long = process.to_long(_submissions(), SOURCES)
    wide = process.to_wide(long)
    process.write_processed(long, wide, tmp_path)
    before = (tmp_path / process.LONG_FILE).read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("pyarrow.parquet.write_table", broken)
    with pytest.raises(OSError, match="disk full"):
        process.write_processed(long.iloc[:2], process.to_wide(long.iloc[:2]), tmp_path)
    assert (tmp_path / process.LONG_FILE).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [process.LONG_FILE, process.WIDE_FILE]


def test_loading_a_missing_table_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(process.ProcessError, match="run the build"):
        process.load_long(tmp_path)
    with pytest.raises(process.ProcessError, match="run the build"):
        process.load_wide(tmp_path)


@pytest.mark.parametrize(
    "column",
    [
        pd.Series(["tud", "uu", "é ß"], dtype="str"),
        pd.Series(["tud", None, "uu"], dtype="str"),  # missing: str() of the missing value
        pd.Series(["a", 1, 2.5], dtype=object),
        pd.Series([1, 2, 3]),
    ],
)
def test_string_columns_convert_like_str_of_each_value(column: pd.Series) -> None:
    """The vectorised path and the per-value path give the same Arrow array."""
    import pyarrow as pa

    from analysis.data.process import _strings

    assert _strings(column).equals(pa.array([str(v) for v in column], type=pa.string()))
