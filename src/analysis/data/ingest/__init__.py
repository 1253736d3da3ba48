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

This module reads folders and files (which files, their type and size, the fast path
for files in the canonical layout); `columns` holds the contract, `csv_files` and
`workbooks` the two formats, `cells` the number and year cells, and `raw_rows` the
checks that turn every file's cells into one frame.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.data.ingest.columns import CANONICAL_HEADER, COLUMNS, YEAR_FOLDER
from analysis.data.ingest.csv_files import csv_records
from analysis.data.ingest.raw_rows import RawRows, append_records
from analysis.data.ingest.workbooks import xlsx_records
from analysis.data.input_files import is_ignored, name_problem, printable
from analysis.errors import InputError

#: A submission has about 15 rows; anything this large is a wrong file, not a submission.
MAX_FILE_BYTES = 5 * 1024 * 1024
ACCEPTED_SUFFIXES: frozenset[str] = frozenset({".csv", ".xlsx"})
_CANONICAL_PREFIXES = tuple(
    f"{bom}{CANONICAL_HEADER}{end}".encode() for bom in ("", "\ufeff") for end in ("\n", "\r\n")
)


def empty_frame() -> pd.DataFrame:
    """A submission frame with no rows but the right columns and dtypes."""
    return RawRows().frame({})


def catalogue_units(data_dir: Path | None = None) -> dict[str, str]:
    """Indicator code → unit from `indicators.csv`, read with the csv module (no pandas cost).

    Read here rather than through `analysis.data.indicators` so the reader stays usable
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
    units = units if units is not None else catalogue_units()
    rows = RawRows()
    _read_into(rows, Path(path), label if label is not None else str(path), 0)
    return rows.frame(units)


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
    rows = RawRows()
    base = kt_metrics_dir.name
    if not kt_metrics_dir.is_dir():
        return rows.frame(units)
    for year_entry in sorted(os.scandir(kt_metrics_dir), key=lambda e: e.name):
        if _skipped(year_entry.name):
            continue
        _check_name(f"{base}/{year_entry.name}", year_entry.name)
        if not year_entry.is_dir() or not YEAR_FOLDER.fullmatch(year_entry.name):
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
            _check_name(label, entry.name)
            stem, suffix = os.path.splitext(entry.name)
            if stem in seen and suffix.lower() in ACCEPTED_SUFFIXES:
                raise InputError(
                    label,
                    None,
                    None,
                    "duplicate_submission",
                    f"{seen[stem]} and {entry.name} both hold {stem} {year_entry.name}; keep one",
                )
            seen[stem] = entry.name
            index = len(rows.files)
            if suffix.lower() == ".csv":
                with open(entry.path, "rb") as handle:
                    data = handle.read(MAX_FILE_BYTES + 1)
                body = _fast_body(data)
                if body is not None:
                    rows.fast.append((index, label, body))
                    rows.files.append(label)
                    continue
                _read_into(rows, Path(entry.path), label, index, data)
            else:
                _read_into(rows, Path(entry.path), label, index)
    return rows.frame(units)


def _fast_body(data: bytes) -> str | None:
    """The data lines of a file in the canonical layout, or None when it needs the careful path.

    Canonical: UTF-8 (BOM allowed), the exact contract header, ',' separated, no
    quotes and no carriage returns in the body (so rows = lines), at least one row.
    """
    if len(data) > MAX_FILE_BYTES:
        return None
    for prefix in _CANONICAL_PREFIXES:
        if data.startswith(prefix):
            body = data[len(prefix) :]
            break
    else:
        return None
    if b'"' in body or b"\r" in body or not body.strip():
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    text = text if text.endswith("\n") else text + "\n"
    # Exactly one field per column on every line; anything else (blank lines, short or
    # long rows) takes the careful path, which knows how to report it.
    if text.count(",") != (len(COLUMNS) - 1) * text.count("\n"):
        return None
    return text


def _check_name(label: str, name: str) -> None:
    """A file or folder name that is not UTF-8 is refused by name (escaped), not later."""
    problem = name_problem(name)
    if problem is not None:
        raise InputError(printable(label), None, None, "file_name", problem)


def _skipped(name: str) -> bool:
    return is_ignored(name)


def _read_into(
    rows: RawRows, path: Path, label: str, index: int, data: bytes | None = None
) -> None:
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
        size = len(data) if data is not None else path.stat().st_size
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
    if suffix == ".csv":
        header, records, dutch = csv_records(data if data is not None else path.read_bytes(), label)
    else:
        header, records = xlsx_records(path, label)
        dutch = False
    append_records(rows, path, label, header, records, dutch, index)
    rows.files.append(label)
