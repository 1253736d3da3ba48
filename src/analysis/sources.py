"""The source register (`data/raw/sources.csv`) and the demonstration flag.

Every number in the monitor carries a `source_id`. This module reads the register,
turns an id into the Dutch citation printed under tables, and recognises the one
special id, `demonstration`, that marks values made up by the seeded generator:
those must never be mistaken for facts, so the flag is computed in one place.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import pandas as pd

from analysis.errors import InputError

DEMONSTRATION_SOURCE_ID: Final[str] = "demonstration"

SOURCES_FILE: Final[str] = "sources.csv"
SOURCE_COLUMNS: Final[tuple[str, ...]] = (
    "source_id",
    "title",
    "publisher",
    "date",
    "locator",
    "status",
)
SOURCE_STATUSES: Final[tuple[str, ...]] = (
    "read",
    "inferred",
    "secondary",
    "assumption",
    "demonstration",
)

#: Where a source is used: cited in the report, or only by the test suite (a real data
#: set that tests the adapters, e.g. HE-BCI). The report's source list shows `report` only.
SOURCE_SCOPES: Final[tuple[str, ...]] = ("report", "tests")
SCOPE_COLUMN: Final[str] = "scope"

#: Separator when one cell cites several sources (e.g. `consortia.csv`).
SOURCE_ID_SEPARATOR: Final[str] = ";"

_MONTHS_NL: Final[tuple[str, ...]] = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

#: Qualifier appended to a citation so a reader sees how far the source can be trusted.
_STATUS_NOTE_NL: Final[dict[str, str]] = {
    "read": "",
    "inferred": " (afgeleid)",
    "secondary": " (secundaire bron)",
    "assumption": " (aanname)",
    "demonstration": " (demonstratiegegevens, geen feiten)",
}


def load_sources(data_dir: Path) -> pd.DataFrame:
    """Read `sources.csv` with every column as string; ids must be unique.

    Duplicated ids would make a citation ambiguous, so they are an input error. The
    optional `scope` column (`SOURCE_SCOPES`) comes last; an empty or absent scope is
    `report`, any other value an input error naming the row.
    """
    path = Path(data_dir) / SOURCES_FILE
    columns = (*SOURCE_COLUMNS, SCOPE_COLUMN)
    frame = pd.read_csv(
        path,
        dtype=dict.fromkeys(columns, str),
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
    )
    for column in SOURCE_COLUMNS:
        if column not in frame.columns:
            raise InputError(path, 1, column, "required_column", f"missing column {column!r}")
    if SCOPE_COLUMN not in frame.columns:
        frame[SCOPE_COLUMN] = SOURCE_SCOPES[0]
    frame[SCOPE_COLUMN] = frame[SCOPE_COLUMN].fillna(SOURCE_SCOPES[0])
    unknown = ~frame[SCOPE_COLUMN].isin(SOURCE_SCOPES)
    if unknown.any():
        position = int(unknown.to_numpy().nonzero()[0][0])
        raise InputError(
            path,
            position + 2,
            SCOPE_COLUMN,
            "allowed_scope",
            f"scope {frame[SCOPE_COLUMN].iloc[position]!r} is not one of {', '.join(SOURCE_SCOPES)}",
        )
    frame = frame.loc[:, list(columns)].astype(dict.fromkeys(columns, "str"))
    duplicated = frame["source_id"].duplicated(keep="first")
    if duplicated.any():
        position = int(duplicated.to_numpy().nonzero()[0][0])
        raise InputError(
            path,
            position + 2,
            "source_id",
            "unique_source_id",
            f"source id {frame['source_id'].iloc[position]!r} occurs more than once",
        )
    return frame


def split_source_ids(cell: object) -> list[str]:
    """The ids in one `source_id` cell (several may be `;`-separated); empty for a missing cell."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)) or cell is pd.NA:
        return []
    return [part.strip() for part in str(cell).split(SOURCE_ID_SEPARATOR) if part.strip()]


def is_demonstration(source_ids: pd.Series) -> pd.Series:
    """True where a value comes from the demonstration generator.

    A cell counts as demonstration if any of its `;`-separated ids is
    `demonstration`; a missing id is not demonstration (it is simply unsourced,
    which validation reports separately).
    """
    flags = [DEMONSTRATION_SOURCE_ID in split_source_ids(cell) for cell in source_ids]
    return pd.Series(flags, index=source_ids.index, dtype=bool, name="is_demonstration")


def format_date_nl(value: str) -> str:
    """`2018-12-11` -> `11 december 2018`, `2010-12` -> `december 2010`; other text unchanged."""
    text = value.strip()
    full = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if full and 1 <= int(full.group(2)) <= 12:
        return f"{int(full.group(3))} {_MONTHS_NL[int(full.group(2)) - 1]} {full.group(1)}"
    month = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if month and 1 <= int(month.group(2)) <= 12:
        return f"{_MONTHS_NL[int(month.group(2)) - 1]} {month.group(1)}"
    return text


def _cite_one(source_id: str, sources: pd.DataFrame) -> str:
    match = sources.loc[sources["source_id"] == source_id]
    if match.empty:
        raise KeyError(f"unknown source id {source_id!r}; add it to {SOURCES_FILE}")
    row = match.iloc[0]
    parts: list[str] = []
    for column in ("title", "publisher"):
        value = row[column]
        if isinstance(value, str) and value.strip():
            parts.append(value.strip())
    date = row["date"]
    if isinstance(date, str) and date.strip():
        parts.append(format_date_nl(date))
    locator = row["locator"]
    if isinstance(locator, str) and locator.strip():
        parts.append(locator.strip())
    status = row["status"] if isinstance(row["status"], str) else ""
    return ", ".join(parts) + _STATUS_NOTE_NL.get(status, "")


def cite(source_id: str, sources: pd.DataFrame) -> str:
    """A Dutch citation string: title, publisher, date, locator (+ a status qualifier).

    Several `;`-separated ids give several citations joined by `; `. An unknown id
    raises KeyError: printing a value under a citation that does not exist would be
    worse than failing the build.
    """
    ids = split_source_ids(source_id)
    if not ids:
        raise KeyError("empty source id")
    return "; ".join(_cite_one(one, sources) for one in ids)
