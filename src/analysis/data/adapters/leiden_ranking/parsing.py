"""Leiden Ranking import, parsing: the rows of a CWTS file into the project table, every refusal naming file, row, column and rule."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from analysis.data import limits
from analysis.data.adapters.leiden_ranking.layout import (
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
    ShareUnit,
    _Sheet,
)
from analysis.data.adapters.leiden_ranking.reading import open_sheet
from analysis.data.names import shown, text_problem
from analysis.errors import InputError


def _number(sheet: _Sheet, row: int, column: str, text: str, *, required: bool) -> Decimal | None:
    """A cell as an exact, bounded decimal (None when empty and allowed to be)."""
    cleaned = text.strip()
    if not cleaned:
        if required:
            raise InputError(sheet.label, row, column, "required_value", "the value is empty")
        return None
    value = limits.bounded_decimal(cleaned, sheet.label, row, column)
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


#: The text columns of an official-layout row that are copied or compared.
_TEXT_COLUMNS: tuple[str, ...] = (
    "Edition",
    "Field",
    "Period",
    "Frac_counting",
    "University",
    "Country",
)


def _share_scale(
    sheet: _Sheet,
    kept: Sequence[tuple[int, Mapping[str, str]]],
    total_column: str,
    declared: ShareUnit | None,
) -> int:
    """100 when the file writes shares as proportions, 1 when in percent; refused when unclear.

    A share's scale is never guessed from its size: 0.5 may be half or half a percent.
    It is proven by a row whose publication count P (`collab_P` / `P`) and a count
    P_x give 100 P_x / P, which the share matches either as a percentage or as a
    proportion, and by no row that proves the other; or it is declared (`--share-unit`),
    and then no row may contradict the declaration. The official download's
    PP columns are proportions (CWTS averages 0/1 flags); the nda copy writes percent.
    """
    proofs: dict[str, tuple[int, str]] = {}
    for number, cells in kept:
        total = _number(sheet, number, total_column, cells.get(total_column, ""), required=False)
        if total is None or total == 0:
            continue
        for count_col, share_col in COLLAB_PAIRS:
            count = _number(sheet, number, count_col, cells.get(count_col, ""), required=False)
            share = _number(sheet, number, share_col, cells.get(share_col, ""), required=False)
            if count is None or share is None:
                continue
            expected = 100 * count / total
            tolerance = Decimal(str(SHARE_TOLERANCE))
            as_percent = abs(share - expected) <= tolerance
            as_proportion = abs(100 * share - expected) <= tolerance
            if as_percent != as_proportion:
                proofs.setdefault("percent" if as_percent else "proportion", (number, share_col))
    if len(proofs) == 2:
        (row_a, col_a), (row_b, col_b) = proofs["percent"], proofs["proportion"]
        raise InputError(
            sheet.label,
            max(row_a, row_b),
            col_b if row_b > row_a else col_a,
            "share_scale",
            f"row {row_a} writes {col_a} in percent, row {row_b} writes {col_b} as a "
            "proportion (each against its count and P); one file has one scale",
        )
    if declared is not None:
        other = "proportion" if declared == "percent" else "percent"
        if other in proofs:
            row, column = proofs[other]
            raise InputError(
                sheet.label,
                row,
                column,
                "share_scale",
                f"--share-unit {declared} was given, but the share matches its count and "
                f"{total_column} only as a {other}",
            )
        return 100 if declared == "proportion" else 1
    if proofs:
        return 100 if "proportion" in proofs else 1
    raise InputError(
        sheet.label,
        1,
        "PP_industry_collab",
        "share_scale",
        f"the shares' scale is unknown: no row has a publication count ({total_column}) to "
        "tell a proportion (0.15) from a percentage (0.15%); give --share-unit percent or "
        "--share-unit proportion",
    )


def _text(sheet: _Sheet, number: int, column: str, text: str) -> str:
    """A text cell, stripped, refused when it holds what a name cannot (`names.text_problem`)."""
    problem = text_problem(text)
    if problem is not None:
        raise InputError(sheet.label, number, column, "text_characters", f"{shown(text)} {problem}")
    return text.strip()


def parse(
    path: Path,
    *,
    edition: int | None = None,
    period: str | None = None,
    field: str = DEFAULT_FIELD,
    counting: Counting = "full",
    share_unit: ShareUnit | None = None,
) -> list[dict[str, str]]:
    """The file's rows for `field` and `counting`, as raw-table records (text cells).

    Source id and status are filled in by `import_file`. Raises InputError for a
    missing column, a value that is not a bounded non-negative number, a share whose
    scale is neither proven nor declared, a share above 100%, a count above P, a share
    that disagrees with its count, an unknown period format, a name holding control or
    bidirectional characters, a university listed twice for one edition and period,
    or a file beyond the limits of `analysis.data.limits` (checked while reading: the
    selected rows may not make a table larger than `validate` accepts).
    """
    path = Path(path)
    with open_sheet(path) as sheet:
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
        total_column = "collab_P" if official else "P"
        wanted = [
            name
            for name in (*_TEXT_COLUMNS, *INDICATORS, total_column)
            if name.lower() in positions
        ]
        index = [(name, positions[name.lower()]) for name in wanted]
        kept: list[tuple[int, dict[str, str]]] = []
        size = 0
        field_at = positions.get("field", -1)
        counting_at = positions.get("frac_counting", -1)
        for number, cells in sheet.rows:
            if official and not _wanted(
                sheet,
                number,
                _text(sheet, number, "Field", cells[field_at] if field_at < len(cells) else ""),
                cells[counting_at].strip() if counting_at < len(cells) else "",
                field,
                counting,
            ):
                continue
            texts = {name: cells[at] if at < len(cells) else "" for name, at in index}
            for name in _TEXT_COLUMNS:
                if name in texts:
                    texts[name] = _text(sheet, number, name, texts[name])
            kept.append((number, texts))
            size += sum(len(v) + 1 for v in texts.values())
            if len(kept) > limits.MAX_TABLE_ROWS or size > limits.MAX_TABLE_BYTES:
                raise InputError(
                    sheet.label,
                    number,
                    None,
                    "table_too_large",
                    f"the rows selected so far would make a table of over "
                    f"{limits.MAX_TABLE_ROWS} rows or {limits.MAX_TABLE_BYTES} bytes, which "
                    "validate refuses; select one field and counting method",
                )
    if not kept:
        raise InputError(
            sheet.label,
            None,
            "Field" if official else None,
            "no_rows",
            f"no rows for field {field!r} with {counting} counting",
        )
    scale = _share_scale(sheet, kept, total_column, share_unit)

    records: list[dict[str, str]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, row in kept:
        row_period = period if period is not None else row.get("Period", "")
        try:
            period_years(row_period)
        except ValueError as exc:
            raise InputError(sheet.label, number, "Period", "period_format", str(exc)) from exc
        edition_text = row.get("Edition", "") if "edition" in positions else str(edition)
        if not re.fullmatch(r"(19|20)\d{2}", edition_text):
            raise InputError(
                sheet.label, number, "Edition", "edition", f"{shown(edition_text)} is not a year"
            )
        university = row.get("University", "")
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
                sheet, number, name, row.get(name, ""), required=name in REQUIRED_INDICATORS
            )
            if value is not None and name.startswith("PP_"):
                value = value * scale
                if value > 100:
                    raise InputError(
                        sheet.label, number, name, "share_range", f"{_format(value)}% is above 100%"
                    )
            values[name] = value
        total = _number(sheet, number, total_column, row.get(total_column, ""), required=False)
        _check_consistency(
            sheet, number, {k: _float(v) for k, v in values.items()}, _float(total), total_column
        )
        institution_id, peer_id = NAME_TO_ID.get(university, ("", ""))
        records.append(
            {
                "edition": edition_text,
                "period": row_period,
                "period_status": "read" if period is None else "inferred",
                "field": row.get("Field", "") if official else field,
                "counting": counting,
                "university": university,
                "country": row.get("Country", ""),
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
