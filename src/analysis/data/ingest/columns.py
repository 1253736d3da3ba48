"""The submission contract's columns (docs/architecture.md) and where a file must lie."""

from __future__ import annotations

import re

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
#: The header every generated file and the template use; such files take the fast path.
CANONICAL_HEADER = ",".join(COLUMNS)
#: A year folder under `kt_metrics/`: its name is the year every file in it holds.
YEAR_FOLDER = re.compile(r"[0-9]{4}")
