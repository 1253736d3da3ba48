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
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import paths
from analysis.data.input_files import is_ignored
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
#: Limits on what a workbook may unpack to, checked before openpyxl reads it: a 5 MB
#: XLSX can hold a zip bomb of gigabytes, or a sheet whose stated size makes openpyxl
#: fill in millions of empty cells. A real submission workbook (the template) unpacks
#: to about 20 kB with a few hundred cells.
MAX_XLSX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_XLSX_ENTRIES = 200
MAX_XLSX_CELLS = 50_000
MAX_XLSX_ROWS = 5_000
MAX_XLSX_COLUMNS = 50
#: The only sheet read from a workbook.
XLSX_SHEET = "gegevens"
ACCEPTED_SUFFIXES: frozenset[str] = frozenset({".csv", ".xlsx"})
#: The header every generated file and the template use; such files take the fast path.
CANONICAL_HEADER = ",".join(COLUMNS)
_CANONICAL_PREFIXES = tuple(
    f"{bom}{CANONICAL_HEADER}{end}".encode() for bom in ("", "\ufeff") for end in ("\n", "\r\n")
)

# ASCII digits only: Python's `\d` also matches full-width and other scripts' digits,
# which `float()` would silently accept (see `_non_ascii_digits`).
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_DUTCH_NUMBER = re.compile(r"-?[0-9]+(,[0-9]+)?")
_INTEGER = re.compile(r"-?[0-9]+")
_GROUPED_DOT = re.compile(r"-?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?")
_GROUPED_COMMA = re.compile(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_GROUPED_SPACE = re.compile(r"-?[0-9]{1,3}([ \u00a0\u202f'][0-9]{3})+([.,][0-9]+)?")
_YEAR_DIR = re.compile(r"[0-9]{4}")


@dataclass
class _Rows:
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
        header, records, dutch = _csv_records(text.encode("utf-8"), label)
        _append(self, Path(label), label, header, records, dutch, index)

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
            & raw["year"].str.fullmatch(_INTEGER.pattern)
            & ((value == "") | value.str.fullmatch(_PLAIN_NUMBER.pattern))
            & ((raw["expected_id"] == "") | (raw["institution_id"] == raw["expected_id"]))
            & ((raw["expected_year"] == "") | (raw["year"] == raw["expected_year"]))
            & (catalogue.isna() | (catalogue == raw["unit"]))
        ).to_numpy(dtype=bool)
        if not ok.all():
            for position in np.flatnonzero(~ok):
                record = raw.iloc[int(position)]
                _check_row({str(k): v for k, v in record.items()}, units)
            raise InputError(  # pragma: no cover - _check_row raises for every failing row
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
            _check_row({str(k): v for k, v in record.items()}, units)
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


def _check_row(record: Mapping[str, object], units: Mapping[str, str]) -> None:
    """The scalar rules for one row, raising the precise InputError of the first that fails."""
    label = str(record["file"])
    row = int(str(record["row"]))

    def get(name: str) -> str:
        return str(record[name])

    for column in ("institution_id", "indicator"):
        if not get(column):
            raise InputError(label, row, column, "not_null", f"{column} is empty")
    year = _parse_year(get("year"), label, row)
    _parse_value(get("value"), label, row, dutch=False)
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


def empty_frame() -> pd.DataFrame:
    """A submission frame with no rows but the right columns and dtypes."""
    return _Rows().frame({})


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
    rows = _Rows()
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
    rows = _Rows()
    base = kt_metrics_dir.name
    if not kt_metrics_dir.is_dir():
        return rows.frame(units)
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


def _label_keys_fast(label: str) -> tuple[str, str]:
    """(year, institution_id) promised by a `…/<year>/<id>.csv` label, without pathlib."""
    folder, _, name = label.rpartition("/")
    year = folder.rpartition("/")[2]
    if _YEAR_DIR.fullmatch(year):
        return year, os.path.splitext(name)[0]
    return "", ""


def _label_keys(label: str) -> tuple[str, str]:
    year, institution_id = _path_keys(Path(label))
    return ("" if year is None else str(year)), (institution_id or "")


def _skipped(name: str) -> bool:
    return is_ignored(name)


def _read_into(rows: _Rows, path: Path, label: str, index: int, data: bytes | None = None) -> None:
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
        header, records, dutch = _csv_records(
            data if data is not None else path.read_bytes(), label
        )
    else:
        header, records = _xlsx_records(path, label)
        dutch = False
    _append(rows, path, label, header, records, dutch, index)
    rows.files.append(label)


def _csv_records(raw: bytes, label: str) -> tuple[list[str], list[tuple[int, list[str]]], bool]:
    """Decode, detect the separator, split; returns header, (row number, cells), is_dutch."""
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
    records = [(i + 1, cells) for i, cells in enumerate(lines) if i > header_index]
    return header, records, sep == ";"


def _xlsx_records(path: Path, label: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Read sheet `gegevens` cell by cell; formulas are refused, never evaluated."""
    import openpyxl

    _check_workbook(path, label)
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
        records: list[tuple[int, list[str]]] = []
        # Bounded even if the sheet's stated size lies (`_check_workbook` checked the rest).
        for cells in sheet.iter_rows(max_row=MAX_XLSX_ROWS, max_col=MAX_XLSX_COLUMNS):
            values: list[str] = []
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
                values.append(_cell_text(value))
            if header is None:
                if not any(v.strip() for v in values):
                    continue
                header = [v.strip() for v in values]
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


_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_CELL_REF = re.compile(rb"\sr=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ROW_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\sr=\"([0-9]{1,7})\"")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\sref=\"([^\"]*)\"")
_AREA_REF = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + (ch - 64)
    return number


def _check_workbook(path: Path, label: str) -> None:
    """Refuse a workbook that would take openpyxl unbounded time or memory, before it reads it.

    Unpacks every part once, counting the bytes actually produced (a zip's stated sizes
    can lie), up to `MAX_XLSX_UNPACKED_BYTES`; refuses DTDs (entity expansion), macros,
    more than `MAX_XLSX_CELLS` cells, and cells, rows or a stated sheet size beyond
    `MAX_XLSX_ROWS` x `MAX_XLSX_COLUMNS` (openpyxl fills gaps up to the stated size).
    """
    limit = MAX_XLSX_UNPACKED_BYTES

    def refuse(rule: str, message: str) -> InputError:
        return InputError(label, None, None, rule, message)

    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if any(e.filename.lower().endswith("vbaproject.bin") for e in entries):
                raise refuse("macro_workbook", "the workbook carries macros; save it without")
            if len(entries) > MAX_XLSX_ENTRIES:
                raise refuse(
                    "xlsx_too_complex",
                    f"the workbook holds {len(entries)} parts; a submission needs a few dozen "
                    f"(limit {MAX_XLSX_ENTRIES})",
                )
            unpacked = cells = 0
            for entry in entries:
                if entry.file_size > limit - unpacked:
                    raise refuse(
                        "file_too_large",
                        f"the workbook unpacks to more than {limit} bytes; a submission "
                        "unpacks to a few kilobytes",
                    )
                with archive.open(entry) as member:
                    data = member.read(limit - unpacked + 1)
                unpacked += len(data)
                if unpacked > limit:
                    raise refuse(
                        "file_too_large",
                        f"the workbook unpacks to more than {limit} bytes; a submission "
                        "unpacks to a few kilobytes",
                    )
                if not entry.filename.lower().endswith((".xml", ".rels", ".vml")):
                    continue
                head = data[:4096]
                if b"<!DOCTYPE" in head or b"<!ENTITY" in data:
                    raise refuse(
                        "xlsx_entities",
                        f"part {entry.filename} declares a DTD or entities, which no "
                        "spreadsheet program writes; save the workbook again as .xlsx",
                    )
                if not entry.filename.startswith("xl/worksheets/"):
                    continue
                cells += len(_CELL_TAG.findall(data))
                rows = [int(m) for m in _ROW_REF.findall(data)]
                refs = _CELL_REF.findall(data)
                dimension = _DIMENSION.search(data)
                if dimension is not None:
                    refs += _AREA_REF.findall(dimension.group(1))
                max_row = max([*rows, *(int(r) for _, r in refs), 0])
                max_col = max([_column_number(c) for c, _ in refs] or [0])
                if cells > MAX_XLSX_CELLS or max_row > MAX_XLSX_ROWS or max_col > MAX_XLSX_COLUMNS:
                    raise refuse(
                        "xlsx_too_complex",
                        f"sheet part {entry.filename} spans {max_row} rows and {max_col} "
                        f"columns with {cells} cells so far; a submission has about 20 rows "
                        f"of 7 columns (limits {MAX_XLSX_ROWS} rows, {MAX_XLSX_COLUMNS} "
                        f"columns, {MAX_XLSX_CELLS} cells)",
                    )
    except zipfile.BadZipFile as exc:
        raise refuse("not_xlsx", "the file is not an XLSX workbook") from exc
    except (
        zipfile.LargeZipFile,
        NotImplementedError,
        RuntimeError,
        EOFError,
        ValueError,
        OSError,
        zlib.error,
    ) as exc:
        # Damaged or exotic archives: unsupported compression, encryption, a truncated
        # member, a bad checksum.
        raise refuse("not_xlsx", f"the workbook cannot be unpacked: {exc}") from exc


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV would hold (numbers in the point-decimal convention)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _append(
    rows: _Rows,
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
            parsed = _parse_value(text, label, number, dutch=True)
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
    if _YEAR_DIR.fullmatch(path.parent.name):
        return int(path.parent.name), path.stem
    return None, None


def _non_ascii_digits(text: str, label: str, row: int, column: str) -> None:
    """Refuse digits other than 0-9 (full-width `１２３`, Arabic-Indic, ...) by name.

    `float()` and `int()` would read them, but a number typed in another script usually
    comes from a copy-paste or an input method, and the reader should see what was typed.
    """
    odd = next((ch for ch in text if not ch.isascii() and (ch.isdigit() or ch.isnumeric())), None)
    if odd is not None:
        raise InputError(
            label,
            row,
            column,
            "non_ascii_digits",
            f"{text!r} holds the character {odd!r} (U+{ord(odd):04X}), a digit outside 0-9; "
            "type the number with the digits 0-9",
        )


def _parse_year(text: str, label: str, row: int) -> int:
    if not text:
        raise InputError(label, row, "year", "not_null", "year is empty")
    _non_ascii_digits(text, label, row, "year")
    if not _INTEGER.fullmatch(text):
        raise InputError(label, row, "year", "column_type", f"year {text!r} is not an integer")
    return int(text)


def _parse_value(text: str, label: str, row: int, dutch: bool) -> float:
    """One number cell; empty = not reported (NaN); anything ambiguous is refused."""
    if not text:
        return math.nan
    _non_ascii_digits(text, label, row, "value")
    if dutch:
        if _DUTCH_NUMBER.fullmatch(text):
            return _finite(float(text.replace(",", ".")), text, label, row)
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
            return _finite(float(text), text, label, row)
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
    raise InputError(label, row, "value", "column_type", f"{text!r} is not a number")


def _finite(number: float, text: str, label: str, row: int) -> float:
    """`number`, unless the text overflowed a float (`1e999` reads as infinity)."""
    if not math.isfinite(number):
        raise InputError(
            label,
            row,
            "value",
            "not_finite",
            f"{text!r} is too large to be a number (it overflows to infinity)",
        )
    return number
