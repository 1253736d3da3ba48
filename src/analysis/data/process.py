"""The tidy long table and the wide view in `data/processed/`, written atomically.

Every analysis and notebook reads these two Parquet files rather than the raw
submissions, so they are the one hand-over point between input and report. They
are written so that a reader never sees half a file (temp file in the same
folder, fsync, `os.replace`) and so that the same input gives the same bytes
(sorted rows, no pandas index, fixed column order and dtypes), which lets the
build's content-hash cache skip unchanged steps.

Sanity checks at both ends catch a broken hand-over early: uniqueness on
(institution_id, year, indicator) when the long table is made, row counts and
the same uniqueness when the files are read back.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.atomic import atomic_write
from analysis.errors import InputError

LONG_FILE = "kt_metrics_long.parquet"
WIDE_FILE = "kt_metrics_wide.parquet"
KEY: tuple[str, str, str] = ("institution_id", "year", "indicator")
LONG_COLUMNS: tuple[str, ...] = (
    "institution_id",
    "year",
    "indicator",
    "value",
    "unit",
    "source_id",
    "is_demonstration",
)
DEMONSTRATION = "demonstration"

_LONG_SCHEMA = pa.schema(
    [
        ("institution_id", pa.string()),
        ("year", pa.int64()),
        ("indicator", pa.string()),
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("source_id", pa.string()),
        ("is_demonstration", pa.bool_()),
    ]
)


class ProcessError(ValueError):
    """The processed tables are inconsistent (a bug or a corrupted file, not bad user input)."""


def _demonstration_ids(sources: pd.DataFrame | None) -> set[str]:
    ids = {DEMONSTRATION}
    if sources is not None and {"source_id", "status"} <= set(sources.columns):
        flagged = sources.loc[sources["status"].astype("str") == DEMONSTRATION, "source_id"]
        ids.update(str(s) for s in flagged)
    return ids


def to_long(submissions: pd.DataFrame, sources: pd.DataFrame | None) -> pd.DataFrame:
    """The contract long table from the ingested submissions.

    `is_demonstration` is true where the row's source (any of `;`-separated ids) is
    `demonstration` or has status `demonstration` in the source register. Rows are
    sorted by the key. A key occurring twice is refused, naming both files and rows
    when the frame carries them, because which value to keep is not ours to decide.
    """
    missing = [c for c in LONG_COLUMNS[:-1] if c not in submissions.columns]
    if missing:
        raise ProcessError(f"submissions lack column(s) {', '.join(missing)}")
    frame = submissions.reset_index(drop=True)
    duplicated = frame.duplicated(list(KEY), keep=False)
    if duplicated.any():
        dupes = frame.loc[duplicated].sort_values(list(KEY), kind="stable")
        first = dupes.iloc[0]
        places = [
            f"{r.get('file', '?')} row {r.get('row', '?')}" for _, r in dupes.iloc[:2].iterrows()
        ]
        raise InputError(
            str(first.get("file", "submissions")),
            int(first["row"]) if "row" in dupes.columns else None,
            "indicator",
            "unique_key",
            f"{first['institution_id']} {int(first['year'])} {first['indicator']} is reported "
            f"{int(duplicated.sum())} times in total ({'; '.join(places)})",
        )
    demo_ids = _demonstration_ids(sources)
    source_ids = frame["source_id"].fillna("").astype("str")
    flags = [any(part.strip() in demo_ids for part in str(cell).split(";")) for cell in source_ids]
    long = pd.DataFrame(
        {
            "institution_id": frame["institution_id"].astype("str"),
            "year": frame["year"].astype("int64"),
            "indicator": frame["indicator"].astype("str"),
            "value": pd.to_numeric(frame["value"], errors="raise").astype("float64"),
            "unit": frame["unit"].fillna("").astype("str"),
            "source_id": source_ids,
            "is_demonstration": pd.Series(flags, dtype=bool),
        },
        columns=list(LONG_COLUMNS),
    )
    long = long.sort_values(list(KEY), kind="stable").reset_index(drop=True)
    if len(long) != len(submissions):
        raise ProcessError(f"{len(submissions)} submission rows became {len(long)} long rows")
    return long


def to_wide(long: pd.DataFrame) -> pd.DataFrame:
    """One row per (institution_id, year), one float64 column per indicator code, plus
    `is_demonstration` (true when any value in the row is demonstration data).

    Indicator columns are in sorted code order; an indicator an institution did not
    report in a year is NaN, the same as a reported-empty value.
    """
    _check_long(long, "to_wide")
    values = long.pivot(index=["institution_id", "year"], columns="indicator", values="value")
    values = values.reindex(columns=sorted(values.columns)).astype("float64")
    values.columns = pd.Index([str(c) for c in values.columns], dtype="str")
    demo = long.groupby(["institution_id", "year"], sort=True)["is_demonstration"].any()
    wide = values.join(demo.rename("is_demonstration")).reset_index()
    wide["year"] = wide["year"].astype("int64")
    wide["is_demonstration"] = wide["is_demonstration"].astype(bool)
    wide = wide.sort_values(["institution_id", "year"], kind="stable").reset_index(drop=True)
    expected = long[["institution_id", "year"]].drop_duplicates().shape[0]
    if len(wide) != expected:
        raise ProcessError(f"wide table has {len(wide)} rows, expected {expected}")
    return wide


def _check_long(long: pd.DataFrame, where: str) -> None:
    missing = [c for c in LONG_COLUMNS if c not in long.columns]
    if missing:
        raise ProcessError(f"{where}: long table lacks column(s) {', '.join(missing)}")
    if long.duplicated(list(KEY)).any():
        first = long.loc[long.duplicated(list(KEY))].iloc[0]
        raise ProcessError(
            f"{where}: long table repeats {first['institution_id']} {first['year']} "
            f"{first['indicator']}"
        )


def _check_wide(wide: pd.DataFrame, where: str) -> None:
    for column in ("institution_id", "year", "is_demonstration"):
        if column not in wide.columns:
            raise ProcessError(f"{where}: wide table lacks column {column!r}")
    if wide.duplicated(["institution_id", "year"]).any():
        raise ProcessError(f"{where}: wide table repeats an (institution_id, year)")


def _strings(column: pd.Series) -> pa.Array:
    """`str()` of every value as an Arrow string array.

    Text columns without missing values convert in C: iterating 350,000 Arrow-backed
    strings in Python took 2 s at a thousand institutions. Anything else (numbers,
    missing values) goes through `str()` one value at a time, as it always did.
    """
    if pd.api.types.is_string_dtype(column) and not column.isna().any():
        return pa.array(column.to_numpy(dtype=object), type=pa.string())
    return pa.array([str(v) for v in column], type=pa.string())


def _long_table(long: pd.DataFrame) -> pa.Table:
    ordered = long.loc[:, list(LONG_COLUMNS)].sort_values(list(KEY), kind="stable")
    arrays = [
        _strings(ordered["institution_id"]),
        pa.array(ordered["year"].to_numpy(dtype=np.int64), type=pa.int64()),
        _strings(ordered["indicator"]),
        pa.array(ordered["value"].to_numpy(dtype=np.float64), type=pa.float64()),
        _strings(ordered["unit"]),
        _strings(ordered["source_id"]),
        pa.array(ordered["is_demonstration"].to_numpy(dtype=bool), type=pa.bool_()),
    ]
    return pa.Table.from_arrays(arrays, schema=_LONG_SCHEMA)


def _wide_table(wide: pd.DataFrame) -> pa.Table:
    ordered = wide.sort_values(["institution_id", "year"], kind="stable")
    indicators = [
        c for c in ordered.columns if c not in ("institution_id", "year", "is_demonstration")
    ]
    fields = [pa.field("institution_id", pa.string()), pa.field("year", pa.int64())]
    arrays = [
        _strings(ordered["institution_id"]),
        pa.array(ordered["year"].to_numpy(dtype=np.int64), type=pa.int64()),
    ]
    for code in indicators:
        fields.append(pa.field(str(code), pa.float64()))
        arrays.append(pa.array(ordered[code].to_numpy(dtype=np.float64), type=pa.float64()))
    fields.append(pa.field("is_demonstration", pa.bool_()))
    arrays.append(pa.array(ordered["is_demonstration"].to_numpy(dtype=bool), type=pa.bool_()))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def _write_atomic(table: pa.Table, path: Path) -> None:
    """Write `table` over `path` in one rename, flushed to disk (`analysis.atomic`).

    No pandas metadata (it would embed the index and library versions), no
    statistics that vary, one row group: the bytes depend on the data only.
    """

    def write(sink: BinaryIO) -> None:
        pq.write_table(
            table.replace_schema_metadata(None),
            sink,
            compression="zstd",
            row_group_size=max(table.num_rows, 1),
            write_statistics=True,
            store_schema=False,
        )

    atomic_write(path, write, durable=True)


def write_processed(long: pd.DataFrame, wide: pd.DataFrame, processed_dir: Path) -> list[Path]:
    """Write both tables atomically into `processed_dir`; return [long path, wide path]."""
    _check_long(long, "write_processed")
    _check_wide(wide, "write_processed")
    processed_dir = Path(processed_dir)
    long_path = processed_dir / LONG_FILE
    wide_path = processed_dir / WIDE_FILE
    _write_atomic(_long_table(long), long_path)
    _write_atomic(_wide_table(wide), wide_path)
    return [long_path, wide_path]


def _read_processed(path: Path) -> pd.DataFrame:
    """A processed table as written, or a `ProcessError` saying the process step must run
    first (no file) or that rows went missing between Parquet and pandas."""
    if not path.is_file():
        raise ProcessError(f"{path} does not exist; run the build (process step) first")
    table = pq.read_table(path)
    frame: pd.DataFrame = table.to_pandas()
    if len(frame) != table.num_rows:
        raise ProcessError(f"{path}: {table.num_rows} rows stored, {len(frame)} read")
    return frame


def load_long(processed_dir: Path) -> pd.DataFrame:
    """Read `kt_metrics_long.parquet` back with the contract dtypes, checked."""
    path = Path(processed_dir) / LONG_FILE
    frame = _read_processed(path).astype(
        {
            "institution_id": "str",
            "year": "int64",
            "indicator": "str",
            "value": "float64",
            "unit": "str",
            "source_id": "str",
            "is_demonstration": bool,
        }
    )
    _check_long(frame, str(path))
    return frame.loc[:, list(LONG_COLUMNS)]


def load_wide(processed_dir: Path) -> pd.DataFrame:
    """Read `kt_metrics_wide.parquet` back (one row per institution-year), checked."""
    path = Path(processed_dir) / WIDE_FILE
    frame = _read_processed(path)
    frame["institution_id"] = frame["institution_id"].astype("str")
    frame["year"] = frame["year"].astype("int64")
    frame["is_demonstration"] = frame["is_demonstration"].astype(bool)
    _check_wide(frame, str(path))
    return frame
