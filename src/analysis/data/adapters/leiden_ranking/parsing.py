"""Leiden Ranking import, parsing: the rows of a CWTS file into the project table, every refusal naming file, row, column and rule."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from analysis.data.adapters.leiden_ranking.layout import (
    _NUMBER,
    _PERIOD,
    _YEAR_IN_NAME,
    COLLAB_PAIRS,
    DEFAULT_FIELD,
    INDICATORS,
    NAME_TO_ID,
    REQUIRED_INDICATORS,
    ROUNDING_HALF_WIDTH,
    SHARE_TOLERANCE,
    Counting,
    _Sheet,
)
from analysis.data.adapters.leiden_ranking.reading import read_sheet
from analysis.errors import InputError


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
