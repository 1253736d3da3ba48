"""CWTS Leiden Ranking download → `data/raw/benchmark/leiden_ranking.csv`.

The Leiden Ranking is the one real knowledge-exchange indicator measured the same
way for every Dutch university and for ETH Zürich, Oxford and KU Leuven: the share
of a university's publications co-authored with industry (`PP_industry_collab`,
in %) and their number (`P_industry_collab`). This importer turns a Leiden Ranking
file into the monitor's raw table, one row per edition × period × field × counting
method × university, so that no value is ever typed by hand.

Two layouts are read:

* **Official open-data download** (the Excel workbook leidenranking.com publishes
  per edition, sheet ``Results``, or the same table saved as CSV): one row per
  university × period × field × counting method, with the columns ``Field``
  (e.g. ``All sciences``), ``Period`` (e.g. ``2015–2018``), ``Frac_counting``
  (``0`` = full counting, ``1`` = fractional counting), ``University``,
  ``Country``, ``impact_P`` and ``collab_P`` (the publication counts behind the
  impact and the collaboration indicators) and the indicator columns
  ``P_collab``, ``PP_collab``, ``P_int_collab``, ``P_industry_collab``,
  ``PP_industry_collab``, …. Where these names come from: scripts that read the
  official workbook, e.g. GitHub ``on-merrit/data_sharing_abm``
  (``analysis/01-calibration-exploration.R``: ``read_xlsx("CWTS Leiden Ranking
  2020.xlsx", sheet = "Results")``, ``filter(Field == "All sciences",
  Frac_counting == 0)``, ``select(University, Period, impact_P)``),
  ``isabellazramos/LeidenRanking`` (``shiny/global.R``: ``Country``,
  ``Frac_counting``, ``Field``, ``impact_P``, ``collab_P``, ``P_top10``,
  ``P_industry_collab``; ``shiny/server.R``: ``PP_industry_collab``, periods
  written ``2015–2018``) and a Finnish statistics warehouse loading
  ``pp_industry_collab``, ``p_industry_collab`` and ``collab_p`` per university
  and year. Stability intervals (``PP_industry_collab_LB`` / ``_UB``, the names
  CWTS uses in the Open Edition's source, ``CWTSLeiden/CWTS-Leiden-Ranking-Open-
  Edition``) are read when the file has them and left empty otherwise. Column
  names are matched without regard to case. An ``Edition`` column, if present,
  gives the edition per row, so a file that stacks several editions imports in
  one go; otherwise the edition comes from ``--edition`` or a year in the file
  name. Every period in the file is kept, so one edition's download already
  gives a series over time (computed with one method); the field and counting
  method are selected (default ``All sciences``, full counting).
* **Wide one-period copy** (``../shared/reference/cwts_leiden_ranking_2020.csv``,
  read from the CRAN R package ``nda`` 0.2.5, ``data/CWTS_2020.rda``): one row
  per university, columns ``university,TCS,TNCS,P_top1,…,PP_industry_collab,…``,
  no period, field, counting or country and no publication count `P`. Edition
  and period must be given (``--edition 2020 --period 2015–2018``); the period
  is then marked ``inferred`` (CWTS states 2015–2018 for the 2020 edition, the
  package's help says 2016–2019), and field and counting are taken as given
  (``All sciences``, full counting, as the package describes its copy).

Dutch universities get their `institution_id` (institutions.csv) and the three
peers their `peer_id` (benchmark/peers.csv) by exact name, per `NAME_TO_ID`.
Country is copied when the file has it and never invented. The status of every
row is the status of its source in sources.csv (the nda copy is `secondary`, a
download from CWTS itself `read`).

Bad input raises `analysis.errors.InputError` naming file, row (header = 1),
column and rule. Rows of other editions (or of another field or counting method)
already in the table are kept; rows of the imported edition, field and counting
method are replaced.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Final, Literal

from analysis.atomic import atomic_write
from analysis.errors import InputError

Counting = Literal["full", "fractional"]

#: The raw table's columns, in file order (the same as `reference.SCHEMAS`).
COLUMNS: Final[tuple[str, ...]] = (
    "edition",
    "period",
    "period_status",
    "field",
    "counting",
    "university",
    "country",
    "institution_id",
    "peer_id",
    "P",
    "P_collab",
    "PP_collab",
    "P_int_collab",
    "PP_int_collab",
    "P_industry_collab",
    "PP_industry_collab",
    "PP_industry_collab_LB",
    "PP_industry_collab_UB",
    "P_short_dist_collab",
    "PP_short_dist_collab",
    "P_long_dist_collab",
    "PP_long_dist_collab",
    "source_id",
    "status",
)
#: Indicator columns copied from the file when present (empty otherwise).
INDICATORS: Final[tuple[str, ...]] = COLUMNS[COLUMNS.index("P_collab") : COLUMNS.index("source_id")]
#: Counts (P_x) and shares in % (PP_x) that must be present in every row.
REQUIRED_INDICATORS: Final[tuple[str, ...]] = ("P_industry_collab", "PP_industry_collab")
#: (count, share) pairs of the collaboration indicators: all share one denominator, P.
COLLAB_PAIRS: Final[tuple[tuple[str, str], ...]] = (
    ("P_collab", "PP_collab"),
    ("P_int_collab", "PP_int_collab"),
    ("P_industry_collab", "PP_industry_collab"),
    ("P_short_dist_collab", "PP_short_dist_collab"),
    ("P_long_dist_collab", "PP_long_dist_collab"),
)
OUTPUT_FILE: Final[str] = "benchmark/leiden_ranking.csv"
DEFAULT_FIELD: Final[str] = "All sciences"
SHEET: Final[str] = "Results"
#: A wide copy's shares are rounded to one decimal: half a unit of the last digit.
ROUNDING_HALF_WIDTH: Final[float] = 0.05
#: Shares with more decimals must agree with 100 * count / P within this many points.
SHARE_TOLERANCE: Final[float] = 0.051
MAX_FILE_BYTES: Final[int] = 200 * 1024 * 1024

#: Leiden Ranking name (several editions' spellings) → (institution_id, peer_id).
#: Only exact names map; "The Open University" is the British one, not the Open Universiteit.
NAME_TO_ID: Final[Mapping[str, tuple[str, str]]] = {
    "Delft University of Technology": ("tud", ""),
    "Eindhoven University of Technology": ("tue", ""),
    "University of Twente": ("ut", ""),
    "Wageningen University & Research": ("wur", ""),
    "Wageningen University and Research Centre": ("wur", ""),
    "Wageningen University": ("wur", ""),
    "University of Amsterdam": ("uva", ""),
    "Vrije Universiteit Amsterdam": ("vu", ""),
    "VU University Amsterdam": ("vu", ""),
    "Utrecht University": ("uu", ""),
    "University of Groningen": ("rug", ""),
    "Leiden University": ("ul", ""),
    "Radboud University": ("ru", ""),
    "Radboud University Nijmegen": ("ru", ""),
    "Maastricht University": ("um", ""),
    "Erasmus University Rotterdam": ("eur", ""),
    "Tilburg University": ("tiu", ""),
    "Eidgenössische Technische Hochschule Zürich": ("", "ethz"),
    "ETH Zurich": ("", "ethz"),
    "ETH Zürich": ("", "ethz"),
    "Swiss Federal Institute of Technology Zurich": ("", "ethz"),
    "University of Oxford": ("", "oxford"),
    "Katholieke Universiteit Leuven": ("", "kuleuven"),
    "KU Leuven": ("", "kuleuven"),
}

#: How a file may write the Netherlands in its Country column (compared in lower case).
DUTCH_COUNTRY_NAMES: Final[frozenset[str]] = frozenset({"netherlands", "the netherlands", "nl"})

_PERIOD = re.compile(r"^\s*(\d{4})\s*[–—-]\s*(\d{4})\s*$")
_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: the table's path, the rows written and what they cover."""

    path: Path
    rows_written: int
    rows_total: int
    editions: tuple[int, ...]
    periods: tuple[str, ...]
    mapped: tuple[str, ...]
    #: Universities the file places in the Netherlands that no institution_id maps to
    #: (a new spelling in a later edition): add the name to `NAME_TO_ID`.
    unmapped_dutch: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Sheet:
    label: str
    header: list[str]
    rows: list[tuple[int, list[str]]]


# --------------------------------------------------------------------------- reading


def _read_csv(path: Path, label: str) -> _Sheet:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            label, line, None, "encoding", f"byte 0x{raw[exc.start]:02x} is not UTF-8"
        ) from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise InputError(label, reader.line_num, None, "csv_syntax", str(exc)) from exc
    if not lines or not any(cell.strip() for cell in lines[0]):
        raise InputError(label, 1, None, "empty_file", "the file has no header row")
    header = [cell.strip() for cell in lines[0]]
    rows = [(number, cells) for number, cells in enumerate(lines[1:], start=2) if any(cells)]
    return _Sheet(label, header, rows)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _read_xlsx(path: Path, label: str) -> _Sheet:
    """Sheet `Results` (or the first sheet with a `University` header); formulas refused."""
    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile as exc:
        raise InputError(label, None, None, "not_xlsx", "the file is not an XLSX workbook") from exc
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise InputError(label, None, None, "macro_workbook", "the workbook carries macros")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise InputError(label, None, None, "not_xlsx", f"cannot open workbook: {exc}") from exc
    try:
        names = list(book.sheetnames)
        order = [SHEET] if SHEET in names else []
        order += [n for n in names if n != SHEET]
        for name in order:
            sheet = book[name]
            header: list[str] | None = None
            rows: list[tuple[int, list[str]]] = []
            for cells in sheet.iter_rows():
                values: list[str] = []
                number = 0
                for index, cell in enumerate(cells):
                    number = getattr(cell, "row", number) or number
                    value = getattr(cell, "value", None)
                    if getattr(cell, "data_type", None) == "f" or (
                        isinstance(value, str) and value.startswith("=")
                    ):
                        column = header[index] if header and index < len(header) else None
                        raise InputError(
                            f"{label} (sheet {name})",
                            number,
                            column,
                            "formula",
                            f"cell {getattr(cell, 'coordinate', '?')} holds a formula; "
                            "formulas are never evaluated",
                        )
                    values.append(_cell_text(value))
                if header is None:
                    if not any(v.strip() for v in values):
                        continue
                    header = [v.strip() for v in values]
                    if "university" not in {h.lower() for h in header}:
                        break
                    continue
                if any(v.strip() for v in values):
                    rows.append((number, values))
            if header is not None and "university" in {h.lower() for h in header}:
                return _Sheet(f"{label} (sheet {name})", header, rows)
    finally:
        book.close()
    raise InputError(
        label,
        None,
        "University",
        "missing_sheet",
        f"no sheet with a 'University' column (sheets: {', '.join(names)})",
    )


def read_sheet(path: Path) -> _Sheet:
    """The file's header and data rows as text, whatever the format (CSV or XLSX)."""
    path = Path(path)
    label = path.name
    if not path.is_file():
        raise InputError(label, None, None, "missing_file", f"{path} does not exist")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(label, None, None, "file_size", f"over {MAX_FILE_BYTES} bytes")
    suffix = path.suffix.lower()
    if suffix == ".xlsm":
        raise InputError(label, None, None, "macro_workbook", ".xlsm workbooks are refused")
    if suffix in (".xlsx",):
        return _read_xlsx(path, label)
    if suffix in (".csv", ".txt"):
        return _read_csv(path, label)
    raise InputError(label, None, None, "file_type", "expected a .csv or .xlsx file")


# --------------------------------------------------------------------------- parsing


def _number(sheet: _Sheet, row: int, column: str, text: str, *, required: bool) -> Decimal | None:
    """A cell as an exact decimal (None when empty and allowed to be)."""
    cleaned = text.strip()
    if not cleaned:
        if required:
            raise InputError(sheet.label, row, column, "required_value", "the value is empty")
        return None
    if not _NUMBER.match(cleaned):
        raise InputError(sheet.label, row, column, "numeric", f"{cleaned!r} is not a number")
    value = Decimal(cleaned)
    if value < 0:
        raise InputError(sheet.label, row, column, "non_negative", f"{cleaned} is below zero")
    return value


def _float(value: Decimal | None) -> float:
    return math.nan if value is None else float(value)


def period_years(period: str) -> tuple[int, int]:
    """'2015–2018' → (2015, 2018); any dash is accepted, the years must run forwards."""
    match = _PERIOD.match(period)
    if not match:
        raise ValueError(f"not a period like '2015–2018': {period!r}")
    first, last = int(match.group(1)), int(match.group(2))
    if last < first:
        raise ValueError(f"period runs backwards: {period!r}")
    return first, last


def publication_bounds(values: Mapping[str, float]) -> tuple[float, float]:
    """(lowest, highest) P consistent with every (count, rounded share) pair of a row.

    The Leiden Ranking defines each share as PP_x = 100 * P_x / P over one P (the
    collaboration indicators' publication count). A share printed with one decimal
    bounds P to [100 P_x / (PP_x + 0.05), 100 P_x / (PP_x - 0.05)]; every pair must
    hold at once, so P lies in the intersection. Returns (nan, nan) when no pair
    has a share above the rounding width.
    """
    low, high = 0.0, math.inf
    used = False
    for count_col, share_col in COLLAB_PAIRS:
        count, share = values.get(count_col, math.nan), values.get(share_col, math.nan)
        if math.isnan(count) or math.isnan(share) or share <= ROUNDING_HALF_WIDTH:
            continue
        used = True
        low = max(low, 100.0 * count / (share + ROUNDING_HALF_WIDTH))
        high = min(high, 100.0 * count / (share - ROUNDING_HALF_WIDTH))
    if not used:
        return math.nan, math.nan
    return math.ceil(low - 1e-9), math.floor(high + 1e-9)


def _columns(sheet: _Sheet) -> dict[str, int]:
    """Lower-cased header name → position; a repeated name is an error."""
    positions: dict[str, int] = {}
    for index, name in enumerate(sheet.header):
        key = name.strip().lower()
        if not key:
            continue
        if key in positions:
            raise InputError(sheet.label, 1, name, "duplicate_column", f"{name!r} appears twice")
        positions[key] = index
    return positions


def _require(sheet: _Sheet, positions: Mapping[str, int], names: Iterable[str]) -> None:
    for name in names:
        if name.lower() not in positions:
            raise InputError(sheet.label, 1, name, "required_column", f"missing column {name!r}")


def _edition_from_name(path: Path) -> int | None:
    years = _YEAR_IN_NAME.findall(path.stem)
    return int(years[-1]) if len(set(years)) == 1 else None


def _format(value: Decimal | float | None) -> str:
    """Shortest plain text of a number: `1235`, `10.5`; empty for missing."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        value = Decimal(repr(value))
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _share_scale(rows: Sequence[tuple[int, list[str]]], index: Sequence[int]) -> int:
    """100 when the file writes shares as proportions (typical share at most 1), else 1.

    The nda copy writes percentages (10.5); the official workbook's PP columns are
    proportions in CWTS's own computation (the Open Edition's source averages 0/1
    flags). The median of all positive shares decides, so one wrong cell cannot
    flip the whole file (it is then reported as out of range): a file of
    percentages whose typical share is at most 1% does not exist, since PP_collab
    alone is above 50% for nearly every university.
    """
    shares: list[Decimal] = []
    for _, cells in rows:
        for position in index:
            text = cells[position].strip() if position < len(cells) else ""
            if text and _NUMBER.match(text) and Decimal(text) > 0:
                shares.append(Decimal(text))
    if not shares:
        return 1
    shares.sort()
    return 100 if shares[len(shares) // 2] <= 1 else 1


def parse(
    path: Path,
    *,
    edition: int | None = None,
    period: str | None = None,
    field: str = DEFAULT_FIELD,
    counting: Counting = "full",
) -> list[dict[str, str]]:
    """The file's rows for `field` and `counting`, as raw-table records (text cells).

    Source id and status are filled in by `import_file`. Raises InputError for a
    missing column, a value that is not a non-negative number, a share above
    100%, a count above P, a share that disagrees with its count, an unknown
    period format, or a university listed twice for one edition and period.
    """
    path = Path(path)
    sheet = read_sheet(path)
    positions = _columns(sheet)
    official = "period" in positions and "university" in positions and "field" in positions
    if official:
        _require(sheet, positions, ("Field", "Period", "Frac_counting", "University"))
        if period is not None:
            raise InputError(
                sheet.label,
                1,
                "Period",
                "period_given_twice",
                "the file has its own Period column; --period is only for files without one",
            )
    else:
        _require(sheet, positions, ("university",))
        if period is None:
            raise InputError(
                sheet.label,
                1,
                "Period",
                "required_column",
                "the file has no Period column: give the publication window with --period",
            )
    _require(sheet, positions, REQUIRED_INDICATORS)
    if edition is None and "edition" not in positions:
        edition = _edition_from_name(path)
        if edition is None:
            raise InputError(
                sheet.label,
                1,
                "Edition",
                "required_column",
                "no Edition column and no single year in the file name: give --edition",
            )
    if period is not None:
        try:
            period_years(period)
        except ValueError as exc:
            raise InputError(sheet.label, None, "Period", "period_format", str(exc)) from exc

    def cell(cells: Sequence[str], name: str) -> str:
        index = positions.get(name.lower())
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    selected = [
        (number, cells)
        for number, cells in sheet.rows
        if not official
        or _wanted(
            sheet, number, cell(cells, "Field"), cell(cells, "Frac_counting"), field, counting
        )
    ]
    if not selected:
        raise InputError(
            sheet.label,
            None,
            "Field" if official else None,
            "no_rows",
            f"no rows for field {field!r} with {counting} counting",
        )
    share_positions = [
        positions[name.lower()]
        for name in INDICATORS
        if name.startswith("PP_") and name.lower() in positions
    ]
    scale = _share_scale(selected, share_positions)

    records: list[dict[str, str]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, cells in selected:
        row_period = period if period is not None else cell(cells, "Period")
        try:
            period_years(row_period)
        except ValueError as exc:
            raise InputError(sheet.label, number, "Period", "period_format", str(exc)) from exc
        edition_text = cell(cells, "Edition") if "edition" in positions else str(edition)
        if not re.fullmatch(r"(19|20)\d{2}", edition_text):
            raise InputError(
                sheet.label, number, "Edition", "edition", f"{edition_text!r} is not a year"
            )
        university = cell(cells, "University")
        if not university:
            raise InputError(sheet.label, number, "University", "required_value", "empty name")
        key = (edition_text, row_period, university)
        if key in seen:
            raise InputError(
                sheet.label,
                number,
                "University",
                "duplicate_row",
                f"{university!r} already in row {seen[key]} for edition {edition_text}, "
                f"period {row_period}",
            )
        seen[key] = number
        values: dict[str, Decimal | None] = {}
        for name in INDICATORS:
            value = _number(
                sheet, number, name, cell(cells, name), required=name in REQUIRED_INDICATORS
            )
            if value is not None and name.startswith("PP_"):
                value = value * scale
                if value > 100:
                    raise InputError(
                        sheet.label, number, name, "share_range", f"{_format(value)}% is above 100%"
                    )
            values[name] = value
        total_column = "collab_P" if official else "P"
        total = _number(sheet, number, total_column, cell(cells, total_column), required=False)
        _check_consistency(
            sheet, number, {k: _float(v) for k, v in values.items()}, _float(total), total_column
        )
        institution_id, peer_id = NAME_TO_ID.get(university, ("", ""))
        records.append(
            {
                "edition": edition_text,
                "period": row_period,
                "period_status": "read" if period is None else "inferred",
                "field": cell(cells, "Field") if official else field,
                "counting": counting,
                "university": university,
                "country": cell(cells, "Country"),
                "institution_id": institution_id,
                "peer_id": peer_id,
                "P": _format(total),
                **{name: _format(value) for name, value in values.items()},
                "source_id": "",
                "status": "",
            }
        )
    return records


def _wanted(
    sheet: _Sheet, number: int, row_field: str, fraction: str, field: str, counting: Counting
) -> bool:
    """Whether an official-layout row is of the selected field and counting method."""
    if row_field.lower() != field.lower():
        return False
    try:
        value = float(fraction)
    except ValueError:
        value = math.nan
    if value not in (0.0, 1.0):
        raise InputError(
            sheet.label, number, "Frac_counting", "counting", f"{fraction!r} is not 0 or 1"
        )
    return (value == 1.0) == (counting == "fractional")


def _check_consistency(
    sheet: _Sheet, number: int, values: Mapping[str, float], total: float, total_column: str
) -> None:
    """Counts never exceed P, each share agrees with its count, the interval holds the share."""
    if not math.isnan(total):
        for count_col, share_col in COLLAB_PAIRS:
            count, share = values[count_col], values[share_col]
            if math.isnan(count):
                continue
            if count > total + 1e-9:
                raise InputError(
                    sheet.label,
                    number,
                    count_col,
                    "count_above_total",
                    f"{_format(count)} is more than the {_format(total)} publications "
                    f"({total_column})",
                )
            if total > 0 and not math.isnan(share):
                expected = 100.0 * count / total
                if abs(expected - share) > SHARE_TOLERANCE:
                    raise InputError(
                        sheet.label,
                        number,
                        share_col,
                        "inconsistent_share",
                        f"{_format(share)}% but {_format(count)} of {_format(total)} "
                        f"publications is {expected:.2f}%",
                    )
    else:
        low, high = publication_bounds(values)
        if not math.isnan(low) and low > high:
            raise InputError(
                sheet.label,
                number,
                "PP_industry_collab",
                "inconsistent_share",
                "the collaboration counts and their rounded shares imply no common "
                "publication total P",
            )
    lb, ub = values["PP_industry_collab_LB"], values["PP_industry_collab_UB"]
    share = values["PP_industry_collab"]
    if not math.isnan(lb) and not math.isnan(ub) and not (lb <= share <= ub):
        raise InputError(
            sheet.label,
            number,
            "PP_industry_collab_LB",
            "interval_order",
            f"stability interval {_format(lb)}–{_format(ub)} does not hold {_format(share)}",
        )


# --------------------------------------------------------------------------- writing


def _source_status(data_dir: Path, source_id: str) -> str:
    path = data_dir / "sources.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("source_id", "").strip() == source_id:
                status = row.get("status", "").strip()
                if status not in ("read", "secondary", "inferred"):
                    raise InputError(
                        "sources.csv",
                        None,
                        "status",
                        "source_status",
                        f"source {source_id!r} has status {status!r}; a ranking row needs a "
                        "read, secondary or inferred source",
                    )
                return status
    raise InputError(
        "sources.csv",
        None,
        "source_id",
        "source_known",
        f"no source {source_id!r}: add a row for this Leiden Ranking edition to sources.csv "
        "before importing (or name one with --source-id)",
    )


def _read_existing(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise InputError(
                OUTPUT_FILE,
                1,
                None,
                "header",
                f"the existing table's header differs from {', '.join(COLUMNS)}",
            )
        return [dict(row) for row in reader]


def _sort_key(record: Mapping[str, str]) -> tuple[int, int, int, str, str, str]:
    first, last = period_years(record["period"])
    return (
        int(record["edition"]),
        last,
        first,
        record["field"],
        record["counting"],
        record["university"],
    )


def write_table(records: Sequence[Mapping[str, str]], path: Path) -> None:
    """Write the table atomically: UTF-8, `\\n` line ends, sorted, same bytes for same rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ordered = sorted(records, key=_sort_key)
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for record in ordered:
        writer.writerow({name: record.get(name, "") for name in COLUMNS})
    atomic_write(path, buffer.getvalue())


def import_file(
    path: Path,
    data_dir: Path,
    *,
    edition: int | None = None,
    period: str | None = None,
    field: str = DEFAULT_FIELD,
    counting: Counting = "full",
    source_id: str | None = None,
) -> ImportResult:
    """Import one Leiden Ranking file into `<data_dir>/benchmark/leiden_ranking.csv`.

    `source_id` defaults to `cwts_leiden_ranking_<edition>` per edition; every id
    must already be in sources.csv, whose status becomes the rows' status. Rows of
    the imported (edition, field, counting) are replaced; all other rows are kept.
    """
    data_dir = Path(data_dir)
    records = parse(path, edition=edition, period=period, field=field, counting=counting)
    statuses: dict[str, str] = {}
    for record in records:
        sid = source_id or f"cwts_leiden_ranking_{record['edition']}"
        if sid not in statuses:
            statuses[sid] = _source_status(data_dir, sid)
        record["source_id"] = sid
        record["status"] = statuses[sid]
    target = data_dir / OUTPUT_FILE
    replaced = {(r["edition"], r["field"].lower(), r["counting"]) for r in records}
    kept = [
        row
        for row in _read_existing(target)
        if (row["edition"], row["field"].lower(), row["counting"]) not in replaced
    ]
    write_table([*kept, *records], target)
    editions = tuple(sorted({int(r["edition"]) for r in records}))
    periods = tuple(sorted({r["period"] for r in records}, key=period_years))
    mapped = tuple(sorted({r["institution_id"] or r["peer_id"] for r in records} - {""}))
    unmapped = tuple(
        sorted(
            {
                r["university"]
                for r in records
                if r["country"].strip().lower() in DUTCH_COUNTRY_NAMES and not r["institution_id"]
            }
        )
    )
    return ImportResult(
        target, len(records), len(kept) + len(records), editions, periods, mapped, unmapped
    )
