"""The raw cell text of every file read, checked and converted to the frame in one pass.

Per-file work only extends column lists (`append_records`); the per-cell checks run
vectorised over all files in `RawRows.frame`, and a row that fails one is re-checked
by the scalar rules (`check_row`), which raise the precise `InputError`.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.ingest.cells import INTEGER, PLAIN_NUMBER, parse_value, parse_year
from analysis.data.ingest.columns import (
    CANONICAL_HEADER,
    COLUMNS,
    FRAME_COLUMNS,
    OPTIONAL_COLUMNS,
    YEAR_FOLDER,
)
from analysis.data.ingest.csv_files import csv_records
from analysis.errors import InputError


@dataclass
class RawRows:
    """Raw cell text of every file read, as column lists; checked and converted once at the end.

    Per-file work is only reading, decoding, splitting and extending lists; every
    per-cell check runs vectorised over all files in `frame()`. That keeps 25,000
    files within a few seconds. A row that fails a vectorised check is re-checked
    by the scalar rules, which raise the precise `InputError`.
    """

    institution_id: list[str] = field(default_factory=list)
    year: list[str] = field(default_factory=list)
    indicator: list[str] = field(default_factory=list)
    value: list[str] = field(default_factory=list)
    unit: list[str] = field(default_factory=list)
    source_id: list[str] = field(default_factory=list)
    note: list[str] = field(default_factory=list)
    file: list[str] = field(default_factory=list)
    row: list[int] = field(default_factory=list)
    expected_id: list[str] = field(default_factory=list)
    expected_year: list[str] = field(default_factory=list)
    file_index: list[int] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    #: Files in the canonical layout, kept as text and parsed together: (index, label, body).
    fast: list[tuple[int, str, str]] = field(default_factory=list)

    def _slow_frame(self) -> pd.DataFrame:
        raw = pd.DataFrame(
            {
                name: pd.Series(getattr(self, name), dtype="str")
                for name in (*COLUMNS, "expected_id", "expected_year", "file")
            }
        )
        raw["row"] = pd.Series(np.asarray(self.row, dtype=np.int64), dtype="int64")
        raw["file_index"] = pd.Series(np.asarray(self.file_index, dtype=np.int64), dtype="int64")
        return raw

    def _fast_frame(self) -> pd.DataFrame | None:
        """Parse every canonical file's body in one C-engine pass; None if that fails."""
        if not self.fast:
            return None
        counts = np.asarray([body.count("\n") for _, _, body in self.fast], dtype=np.int64)
        try:
            raw = pd.read_csv(
                io.StringIO("".join(body for _, _, body in self.fast)),
                header=None,
                names=list(COLUMNS),
                dtype="str",
                na_filter=False,
                skip_blank_lines=False,
                index_col=False,
                engine="c",
            )
        except (ValueError, pd.errors.ParserError):
            return None
        if len(raw) != int(counts.sum()):
            return None
        raw = raw.fillna("").astype("str")
        labels = [label for _, label, _ in self.fast]
        keys = [_label_keys_fast(label) for label in labels]
        starts = np.repeat(np.cumsum(counts) - counts, counts)
        raw["expected_id"] = pd.Series(np.repeat([k[1] for k in keys], counts), dtype="str")
        raw["expected_year"] = pd.Series(np.repeat([k[0] for k in keys], counts), dtype="str")
        raw["file"] = pd.Series(np.repeat(labels, counts), dtype="str")
        raw["row"] = pd.Series(np.arange(len(raw), dtype=np.int64) - starts + 2, dtype="int64")
        raw["file_index"] = pd.Series(
            np.repeat(np.asarray([i for i, _, _ in self.fast], dtype=np.int64), counts),
            dtype="int64",
        )
        return raw

    def _add_text(self, index: int, label: str, text: str) -> None:
        header, records, dutch = csv_records(text.encode("utf-8"), label)
        append_records(self, Path(label), label, header, records, dutch, index)

    def frame(self, units: Mapping[str, str]) -> pd.DataFrame:
        fast = self._fast_frame()
        if fast is None and self.fast:
            # Some canonical-looking file is malformed: read those one by one for a precise error.
            pending, self.fast = self.fast, []
            for index, label, body in pending:
                self._add_text(index, label, CANONICAL_HEADER + "\n" + body)
        slow = self._slow_frame()
        if fast is not None and len(slow):
            raw = pd.concat([fast, slow], ignore_index=True)
            raw = raw.sort_values(["file_index", "row"], kind="stable").reset_index(drop=True)
        else:
            raw = fast if fast is not None else slow
        for name in (*COLUMNS, "expected_id", "expected_year"):
            raw[name] = raw[name].str.strip()
        blank = np.ones(len(raw), dtype=bool)
        for name in COLUMNS:
            blank &= (raw[name] == "").to_numpy()
        raw = raw.loc[~blank].reset_index(drop=True)
        if raw["file"].nunique() != len(self.files):
            present = set(raw["file"].unique())
            empty = next(f for f in self.files if f not in present)
            raise InputError(
                empty, None, None, "header_only", "the file has a header but no data rows"
            )
        catalogue = raw["indicator"].map(dict(units))
        value = raw["value"]
        ok = (
            (raw["institution_id"] != "")
            & (raw["indicator"] != "")
            & raw["year"].str.fullmatch(INTEGER.pattern)
            & ((value == "") | value.str.fullmatch(PLAIN_NUMBER.pattern))
            & ((raw["expected_id"] == "") | (raw["institution_id"] == raw["expected_id"]))
            & ((raw["expected_year"] == "") | (raw["year"] == raw["expected_year"]))
            & (catalogue.isna() | (catalogue == raw["unit"]))
        ).to_numpy(dtype=bool)
        if not ok.all():
            for position in np.flatnonzero(~ok):
                record = raw.iloc[int(position)]
                check_row({str(k): v for k, v in record.items()}, units)
            raise InputError(  # pragma: no cover - check_row raises for every failing row
                str(raw["file"].iloc[int(np.flatnonzero(~ok)[0])]),
                int(raw["row"].iloc[int(np.flatnonzero(~ok)[0])]),
                None,
                "syntax",
                "the row could not be read",
            )
        numbers = pd.to_numeric(value.where(value != "", None), errors="raise")
        infinite = np.isinf(numbers.to_numpy(dtype="float64"))
        if infinite.any():
            record = raw.iloc[int(np.flatnonzero(infinite)[0])]
            check_row({str(k): v for k, v in record.items()}, units)
        return pd.DataFrame(
            {
                "institution_id": raw["institution_id"],
                "year": raw["year"].astype("int64"),
                "indicator": raw["indicator"],
                "value": numbers.astype("float64"),
                "unit": raw["unit"],
                "source_id": raw["source_id"],
                "note": raw["note"],
                "file": raw["file"],
                "row": raw["row"],
            },
            columns=list(FRAME_COLUMNS),
        )


def check_row(record: Mapping[str, object], units: Mapping[str, str]) -> None:
    """The scalar rules for one row, raising the precise InputError of the first that fails."""
    label = str(record["file"])
    row = int(str(record["row"]))

    def get(name: str) -> str:
        return str(record[name])

    for column in ("institution_id", "indicator"):
        if not get(column):
            raise InputError(label, row, column, "not_null", f"{column} is empty")
    year = parse_year(get("year"), label, row)
    parse_value(get("value"), label, row, dutch=False)
    if get("expected_id") and get("institution_id") != get("expected_id"):
        raise InputError(
            label,
            row,
            "institution_id",
            "institution_matches_file",
            f"institution_id {get('institution_id')!r} differs from the file name "
            f"{get('expected_id')!r}",
        )
    if get("expected_year") and str(year) != get("expected_year"):
        raise InputError(
            label,
            row,
            "year",
            "year_matches_folder",
            f"year {year} differs from the folder {get('expected_year')}",
        )
    catalogue_unit = units.get(get("indicator"))
    if catalogue_unit is not None and get("unit") != catalogue_unit:
        raise InputError(
            label,
            row,
            "unit",
            "unit_matches_catalogue",
            f"unit {get('unit')!r} does not match the catalogue unit {catalogue_unit!r} "
            f"of {get('indicator')}",
        )


def _label_keys_fast(label: str) -> tuple[str, str]:
    """(year, institution_id) promised by a `…/<year>/<id>.csv` label, without pathlib."""
    folder, _, name = label.rpartition("/")
    year = folder.rpartition("/")[2]
    if YEAR_FOLDER.fullmatch(year):
        return year, os.path.splitext(name)[0]
    return "", ""


def append_records(
    rows: RawRows,
    path: Path,
    label: str,
    header: list[str],
    records: list[tuple[int, list[str]]],
    dutch: bool,
    index: int,
) -> None:
    """Check the header and the row shapes, then extend the column lists with raw text."""
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise InputError(label, 1, name, "duplicate_column", f"column {name!r} appears twice")
        seen.add(name)
        if name not in COLUMNS:
            raise InputError(
                label,
                1,
                name or None,
                "unknown_column",
                f"unknown column {name!r}; the columns are {', '.join(COLUMNS)}",
            )
    for name in COLUMNS:
        if name not in seen and name not in OPTIONAL_COLUMNS:
            raise InputError(label, 1, name, "required_column", f"column {name!r} is missing")
    width = len(header)
    if any(len(cells) != width for _, cells in records):
        shaped: list[tuple[int, list[str]]] = []
        for number, cells in records:
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                raise InputError(
                    label,
                    number,
                    None,
                    "field_count",
                    f"{len(cells)} fields but the header has {width}; "
                    "check the separator and quotes",
                )
            shaped.append((number, cells[:width] + [""] * (width - len(cells))))
        records = shaped
    if not any(any(c.strip() for c in cells) for _, cells in records):
        raise InputError(label, None, None, "header_only", "the file has a header but no data rows")
    n = len(records)
    columns = list(zip(*(cells for _, cells in records), strict=True))
    by_name = dict(zip(header, columns, strict=True))
    if dutch:
        i_value = header.index("value")
        converted = []
        for number, cells in records:
            text = cells[i_value].strip()
            parsed = parse_value(text, label, number, dutch=True)
            converted.append("" if math.isnan(parsed) else repr(parsed))
        by_name["value"] = tuple(converted)
    for name in COLUMNS:
        target: list[str] = getattr(rows, name)
        target.extend(by_name[name] if name in by_name else [""] * n)
    expected_year, expected_id = _path_keys(path)
    rows.file.extend([label] * n)
    rows.row.extend(number for number, _ in records)
    rows.expected_id.extend([expected_id or ""] * n)
    rows.expected_year.extend(["" if expected_year is None else str(expected_year)] * n)
    rows.file_index.extend([index] * n)


def _path_keys(path: Path) -> tuple[int | None, str | None]:
    """The (year, institution_id) a file's location promises, when it lies in a year folder."""
    if YEAR_FOLDER.fullmatch(path.parent.name):
        return int(path.parent.name), path.stem
    return None, None
