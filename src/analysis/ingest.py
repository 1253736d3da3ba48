"""Read KTO submissions (CSV, Dutch CSV, XLSX) into one long frame.

A knowledge transfer office hands in one small file per institution and year,
`kt_metrics/<year>/<institution_id>.(csv|xlsx)`, in the long format of
docs/architecture.md. Offices export from very different tools, so this reader
accepts the few honest variants (UTF-8 with or without BOM, the Dutch Excel CSV
export with `;` and decimal comma, an XLSX workbook) and rejects everything that
could be read in two ways: a thousands separator, a formula, a foreign encoding,
a separator we do not know. Guessing would silently change a number in a report
to parliament; refusing costs the office one e-mail.

Only *syntax* is checked here (can every cell be read unambiguously, does the
file belong where it lies, is the unit the catalogue's). Meaning (negative
counts, duplicates, unknown ids, future years) is the validation module's job;
the `file` and `row` columns let it point at the exact cell.

Speed: the build may read 25,000 files (1,000 institutions x 25 years). One
`pandas.read_csv` per file costs about a millisecond of overhead, so CSV files
are parsed with the `csv` module into plain lists and converted to a DataFrame
once, at the end.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import paths
from analysis.errors import InputError

#: The submission columns, in contract order (docs/architecture.md).
COLUMNS: tuple[str, ...] = (
    "institution_id",
    "year",
    "indicator",
    "value",
    "unit",
    "source_id",
    "note",
)
#: Columns that may be left out of a file (filled with "").
OPTIONAL_COLUMNS: frozenset[str] = frozenset({"note"})
#: Columns of the frame returned by the readers.
FRAME_COLUMNS: tuple[str, ...] = (*COLUMNS, "file", "row")
#: A submission has about 15 rows; anything this large is a wrong file, not a submission.
MAX_FILE_BYTES = 5 * 1024 * 1024
#: The only sheet read from a workbook.
XLSX_SHEET = "gegevens"
ACCEPTED_SUFFIXES: frozenset[str] = frozenset({".csv", ".xlsx"})

_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
_DUTCH_NUMBER = re.compile(r"-?\d+(,\d+)?")
_INTEGER = re.compile(r"-?\d+")
_GROUPED_DOT = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?")
_GROUPED_COMMA = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
_GROUPED_SPACE = re.compile(r"-?\d{1,3}([ \u00a0\u202f']\d{3})+([.,]\d+)?")
_YEAR_DIR = re.compile(r"\d{4}")


@dataclass
class _Rows:
    """Column lists of parsed rows, appended to per file and turned into a frame once."""

    institution_id: list[str] = field(default_factory=list)
    year: list[int] = field(default_factory=list)
    indicator: list[str] = field(default_factory=list)
    value: list[float] = field(default_factory=list)
    unit: list[str] = field(default_factory=list)
    source_id: list[str] = field(default_factory=list)
    note: list[str] = field(default_factory=list)
    file: list[str] = field(default_factory=list)
    row: list[int] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "institution_id": pd.Series(self.institution_id, dtype="str"),
                "year": pd.Series(np.asarray(self.year, dtype=np.int64), dtype="int64"),
                "indicator": pd.Series(self.indicator, dtype="str"),
                "value": pd.Series(np.asarray(self.value, dtype=np.float64), dtype="float64"),
                "unit": pd.Series(self.unit, dtype="str"),
                "source_id": pd.Series(self.source_id, dtype="str"),
                "note": pd.Series(self.note, dtype="str"),
                "file": pd.Series(self.file, dtype="str"),
                "row": pd.Series(np.asarray(self.row, dtype=np.int64), dtype="int64"),
            },
            columns=list(FRAME_COLUMNS),
        )


def empty_frame() -> pd.DataFrame:
    """A submission frame with no rows but the right columns and dtypes."""
    return _Rows().frame()


def catalogue_units(data_dir: Path | None = None) -> dict[str, str]:
    """Indicator code → unit from `indicators.csv`, read with the csv module (no pandas cost).

    Read here rather than through `analysis.indicators` so the reader stays usable
    on a bare data folder (tests, benchmarks) and costs a fraction of a millisecond.
    """
    folder = data_dir if data_dir is not None else paths.default_data_dir()
    path = folder / "indicators.csv"
    if not path.is_file():
        path = paths.default_data_dir() / "indicators.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["indicator"].strip(): row["unit"].strip() for row in csv.DictReader(handle)}


def read_submission(
    path: Path,
    *,
    label: str | None = None,
    units: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Read one submission file into the submission frame.

    `label` is how the file is named in errors and in the `file` column (default:
    the path as given); `units` is the catalogue (default: `indicators.csv` of the
    project). When the file lies in a folder named like a year, its rows must carry
    that year and the file's stem as institution_id.
    """
    rows = _Rows()
    _read_into(rows, Path(path), label if label is not None else str(path), units)
    return rows.frame()


def load_submissions(
    kt_metrics_dir: Path, *, units: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Read every `<kt_metrics_dir>/<year>/<institution_id>.(csv|xlsx)` into one frame.

    Files are read in sorted order (year folder, then file name) so the frame is
    the same on every machine. `file` is relative to the data folder (the parent of
    `kt_metrics_dir`), e.g. `kt_metrics/2024/tud.csv`. Dotfiles and Excel lock
    files (`~$…`) are skipped; any other file with a wrong extension is rejected.
    """
    kt_metrics_dir = Path(kt_metrics_dir)
    if units is None:
        units = catalogue_units(kt_metrics_dir.parent)
    rows = _Rows()
    base = kt_metrics_dir.name
    if not kt_metrics_dir.is_dir():
        return rows.frame()
    for year_entry in sorted(os.scandir(kt_metrics_dir), key=lambda e: e.name):
        if _skipped(year_entry.name):
            continue
        if not year_entry.is_dir() or not _YEAR_DIR.fullmatch(year_entry.name):
            raise InputError(
                f"{base}/{year_entry.name}",
                None,
                None,
                "layout",
                f"expected only year folders (e.g. 2024) in {base}/, found {year_entry.name!r}",
            )
        seen: dict[str, str] = {}
        for entry in sorted(os.scandir(year_entry.path), key=lambda e: e.name):
            if _skipped(entry.name):
                continue
            label = f"{base}/{year_entry.name}/{entry.name}"
            stem = Path(entry.name).stem
            if stem in seen and Path(entry.name).suffix.lower() in ACCEPTED_SUFFIXES:
                raise InputError(
                    label,
                    None,
                    None,
                    "duplicate_submission",
                    f"{seen[stem]} and {entry.name} both hold {stem} {year_entry.name}; keep one",
                )
            seen[stem] = entry.name
            _read_into(rows, Path(entry.path), label, units)
    return rows.frame()


def _skipped(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")


def _read_into(rows: _Rows, path: Path, label: str, units: Mapping[str, str] | None) -> None:
    suffix = path.suffix.lower()
    if suffix == ".xlsm":
        raise InputError(
            label,
            None,
            None,
            "macro_workbook",
            "macro-enabled workbooks (.xlsm) are refused; save the sheet as .xlsx or .csv",
        )
    if suffix not in ACCEPTED_SUFFIXES:
        raise InputError(
            label,
            None,
            None,
            "extension",
            f"unsupported file type {path.suffix or '(none)'!r}; hand in .csv or .xlsx",
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(label, None, None, "unreadable", str(exc)) from exc
    if size > MAX_FILE_BYTES:
        raise InputError(
            label,
            None,
            None,
            "file_too_large",
            f"{size} bytes is over the limit of {MAX_FILE_BYTES} bytes for one submission",
        )
    if size == 0:
        raise InputError(label, None, None, "empty_file", "the file is empty")
    if units is None:
        units = catalogue_units()
    if suffix == ".csv":
        header, records, dutch = _csv_records(path, label)
    else:
        header, records = _xlsx_records(path, label)
        dutch = False
    _append(rows, path, label, header, records, dutch, units)


def _csv_records(path: Path, label: str) -> tuple[list[str], list[tuple[int, list[object]]], bool]:
    """Decode, detect the separator, split; returns header, (row number, cells), is_dutch."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            label,
            line,
            None,
            "encoding",
            f"byte 0x{raw[exc.start]:02x} at position {exc.start} is not UTF-8; "
            "save the file as 'CSV UTF-8' (Latin-1/Windows-1252 exports are refused)",
        ) from exc
    if not text.strip():
        raise InputError(label, None, None, "empty_file", "the file holds no text")
    first_line = text.lstrip("\r\n").split("\n", 1)[0].rstrip("\r")
    known = set(COLUMNS)
    candidates = {sep: [c.strip().strip('"') for c in first_line.split(sep)] for sep in ",;"}
    scores = {sep: sum(c in known for c in cols) for sep, cols in candidates.items()}
    sep = max(scores, key=lambda s: (scores[s], s == ","))
    if scores[sep] < 2:
        found = next((s for s in ("\t", "|") if s in first_line), None)
        what = {"\t": "tab", "|": "'|'"}.get(found or "", "an unknown separator")
        raise InputError(
            label,
            1,
            None,
            "separator",
            f"the header is not split by ',' or ';' (it looks like {what}); "
            "use a comma-separated CSV (or ';' with decimal comma)",
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise InputError(label, reader.line_num, None, "csv_syntax", str(exc)) from exc
    header_index = next((i for i, cells in enumerate(lines) if any(c.strip() for c in cells)), 0)
    header = [c.strip() for c in lines[header_index]]
    records: list[tuple[int, list[object]]] = [
        (i + 1, list(cells)) for i, cells in enumerate(lines) if i > header_index
    ]
    return header, records, sep == ";"


def _xlsx_records(path: Path, label: str) -> tuple[list[str], list[tuple[int, list[object]]]]:
    """Read sheet `gegevens` cell by cell; formulas are refused, never evaluated."""
    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile as exc:
        raise InputError(label, None, None, "not_xlsx", "the file is not an XLSX workbook") from exc
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise InputError(
            label, None, None, "macro_workbook", "the workbook carries macros; save it without"
        )
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise InputError(label, None, None, "not_xlsx", f"cannot open workbook: {exc}") from exc
    try:
        if XLSX_SHEET not in workbook.sheetnames:
            raise InputError(
                label,
                None,
                None,
                "missing_sheet",
                f"the workbook has no sheet {XLSX_SHEET!r} (found: {', '.join(workbook.sheetnames)})",
            )
        sheet = workbook[XLSX_SHEET]
        header: list[str] | None = None
        header_cols: list[str] = []
        records: list[tuple[int, list[object]]] = []
        for cells in sheet.iter_rows():
            values: list[object] = []
            row_number = 0
            for index, cell in enumerate(cells):
                row_number = getattr(cell, "row", row_number) or row_number
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f" or (
                    isinstance(value, str) and value.startswith("=")
                ):
                    column = header_cols[index] if index < len(header_cols) else None
                    raise InputError(
                        label,
                        row_number,
                        column,
                        "formula",
                        f"cell {getattr(cell, 'coordinate', '?')} holds a formula; formulas are "
                        "never evaluated: paste the value instead",
                    )
                if value is not None and not isinstance(value, (str, int, float)):
                    value = str(value) if not isinstance(value, bool) else value
                values.append(value)
            if header is None:
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    continue
                header = ["" if v is None else str(v).strip() for v in values]
                while header and not header[-1]:
                    header.pop()
                header_cols = header
                continue
            records.append((row_number, values))
    finally:
        workbook.close()
    if header is None:
        raise InputError(label, None, None, "empty_file", f"sheet {XLSX_SHEET!r} is empty")
    return header, records


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _append(
    rows: _Rows,
    path: Path,
    label: str,
    header: list[str],
    records: Iterable[tuple[int, list[object]]],
    dutch: bool,
    units: Mapping[str, str],
) -> None:
    """Check the header, then every cell, and append the good rows to `rows`."""
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
            raise InputError(label, 1, name, "missing_column", f"column {name!r} is missing")
    index = {name: header.index(name) for name in COLUMNS if name in seen}
    width = len(header)
    expected_year, expected_id = _path_keys(path)
    count = 0
    for row_number, cells in records:
        if all(_is_blank(c) for c in cells):
            continue
        if len(cells) > width and any(not _is_blank(c) for c in cells[width:]):
            raise InputError(
                label,
                row_number,
                None,
                "field_count",
                f"{len(cells)} fields but the header has {width}; check the separator and quotes",
            )
        cells = cells + [None] * (width - len(cells))

        def text(column: str, cells: list[object] = cells) -> str:
            position = index.get(column)
            value = None if position is None else cells[position]
            if value is None:
                return ""
            if isinstance(value, float) and value.is_integer():
                return str(int(value))
            return str(value).strip()

        institution_id = text("institution_id")
        indicator = text("indicator")
        unit = text("unit")
        for column, value in (("institution_id", institution_id), ("indicator", indicator)):
            if not value:
                raise InputError(label, row_number, column, "required", f"{column} is empty")
        year = _parse_year(cells[index["year"]], label, row_number)
        number = _parse_value(cells[index["value"]], label, row_number, dutch)
        if expected_id is not None and institution_id != expected_id:
            raise InputError(
                label,
                row_number,
                "institution_id",
                "path_mismatch",
                f"institution_id {institution_id!r} differs from the file name {expected_id!r}",
            )
        if expected_year is not None and year != expected_year:
            raise InputError(
                label,
                row_number,
                "year",
                "path_mismatch",
                f"year {year} differs from the folder {expected_year}",
            )
        catalogue_unit = units.get(indicator)
        if catalogue_unit is not None and unit != catalogue_unit:
            raise InputError(
                label,
                row_number,
                "unit",
                "unit",
                f"unit {unit!r} does not match the catalogue unit {catalogue_unit!r} of {indicator}",
            )
        rows.institution_id.append(institution_id)
        rows.year.append(year)
        rows.indicator.append(indicator)
        rows.value.append(number)
        rows.unit.append(unit)
        rows.source_id.append(text("source_id"))
        rows.note.append(text("note"))
        rows.file.append(label)
        rows.row.append(row_number)
        count += 1
    if count == 0:
        raise InputError(label, None, None, "header_only", "the file has a header but no data rows")


def _path_keys(path: Path) -> tuple[int | None, str | None]:
    """The (year, institution_id) a file's location promises, when it lies in a year folder."""
    if _YEAR_DIR.fullmatch(path.parent.name):
        return int(path.parent.name), path.stem
    return None, None


def _parse_year(value: object, label: str, row: int) -> int:
    if isinstance(value, bool):
        raise InputError(label, row, "year", "not_an_integer", f"year {value!r} is not a year")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = "" if value is None else str(value).strip()
    if not text:
        raise InputError(label, row, "year", "required", "year is empty")
    if not _INTEGER.fullmatch(text):
        raise InputError(label, row, "year", "not_an_integer", f"year {text!r} is not an integer")
    return int(text)


def _parse_value(value: object, label: str, row: int, dutch: bool) -> float:
    """One number cell; empty = not reported (NaN); anything ambiguous is refused."""
    if isinstance(value, bool):
        raise InputError(label, row, "value", "not_a_number", f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            raise InputError(label, row, "value", "not_a_number", f"{value!r} is not a number")
        return number
    text = "" if value is None else str(value).strip()
    if not text:
        return math.nan
    if dutch:
        if _DUTCH_NUMBER.fullmatch(text):
            return float(text.replace(",", "."))
        if _GROUPED_DOT.fullmatch(text) or _GROUPED_SPACE.fullmatch(text):
            raise InputError(
                label,
                row,
                "value",
                "thousands_separator",
                f"{text!r} uses a thousands separator; write the number without it (1234567,5)",
            )
        if _PLAIN_NUMBER.fullmatch(text):
            raise InputError(
                label,
                row,
                "value",
                "decimal_separator",
                f"{text!r} has a decimal point in a ';'-separated (Dutch) file, where '.' "
                "is a thousands separator; use a decimal comma",
            )
    else:
        if _PLAIN_NUMBER.fullmatch(text):
            return float(text)
        if (
            _GROUPED_COMMA.fullmatch(text)
            or _GROUPED_DOT.fullmatch(text)
            or _GROUPED_SPACE.fullmatch(text)
        ):
            raise InputError(
                label,
                row,
                "value",
                "thousands_separator",
                f"{text!r} uses a thousands separator, which is ambiguous; write 1234567.5",
            )
        if _DUTCH_NUMBER.fullmatch(text):
            raise InputError(
                label,
                row,
                "value",
                "decimal_separator",
                f"{text!r} has a decimal comma in a comma-separated file; use a point (1234.5) "
                "or export the Dutch ';' format",
            )
    raise InputError(label, row, "value", "not_a_number", f"{text!r} is not a number")
