"""The report's one CSV writer and what the codebook says of a column (unit, type).

Every table's ``data/<name>.csv`` and its Dutch Excel variant, the codebook and the
downloads go through `csv_bytes`, so one escaping rule (`escape.csv_frame`) and one float
format hold for every CSV the monitor publishes.
"""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd

from analysis.publication import escape


def csv_bytes(df: pd.DataFrame, *, dialect: Literal["standard", "excel-nl"] = "standard") -> bytes:
    """The one writer of the report's CSV files: UTF-8, ``\\n`` line ends, raw values.

    Text cells and column names go through `escape.csv_frame`, so a value starting with
    ``=``, ``+``, ``-`` or ``@`` cannot run as a formula in a spreadsheet; numbers are
    written as they are (floats via `float_text`: ``.`` decimal, no thousands separator).
    Missing values are empty cells, the way spreadsheets read them.

    ``dialect="excel-nl"``: the same values for Dutch Excel, which opens a CSV by double
    click only with ``;`` between cells, a decimal comma and a byte-order mark. Beside the
    standard file, never instead of it.
    """
    frame = escape.csv_frame(df)
    if dialect == "standard":
        text: str = frame.to_csv(
            index=False, lineterminator="\n", na_rep="", float_format=float_text
        )
        return text.encode("utf-8")
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_float_dtype(frame[column]):
            frame[column] = [
                "" if pd.isna(v) else float_text(v).replace(".", ",") for v in frame[column]
            ]
    text = frame.to_csv(index=False, sep=";", lineterminator="\r\n", na_rep="")
    return "\ufeff".encode() + text.encode("utf-8")


#: Where the Dutch Excel variant of every CSV goes, beside `data/<name>.csv`.
EXCEL_DIR = "data/excel-nl"


def float_text(value: object) -> str:
    """12 significant digits: far beyond what a report shows, but free of last-bit noise.

    A sum computed in another order (threads, BLAS) can differ in the 16th digit;
    published files must be byte-identical for the same inputs.
    """
    return f"{float(value):.12g}"  # type: ignore[arg-type]


def column_unit(column: str, spec: str | None) -> str:
    """The unit of a CSV column for the codebook, from its display format or its name."""
    kind = (spec or "").split(":")[0]
    lowered = column.lower()
    if kind == "money" or lowered.endswith("_eur") or "(eur)" in lowered or "(€)" in lowered:
        return "EUR"
    if kind in ("percent", "change"):
        return "fractie (0,123 = 12,3%)"
    if lowered.endswith("(%)"):  # a column that holds percentages says so in its name
        return "procent (12,3 = 12,3%)"
    if kind == "year" or lowered in ("year", "jaar"):
        return "jaar"
    if lowered.endswith("_fte") or "(fte)" in lowered:
        return "fte"
    return ""


#: The codebook's types of a numeric column: each needs a unit (`render.codebook` checks).
NUMBER_TYPES: frozenset[str] = frozenset({"geheel getal", "getal"})


def value_type(series: pd.Series[Any]) -> str:
    """The codebook's type of a CSV column: what a spreadsheet finds in its cells."""
    if pd.api.types.is_bool_dtype(series):
        return "ja/nee"
    if pd.api.types.is_integer_dtype(series):
        return "geheel getal"
    if pd.api.types.is_float_dtype(series):
        return "getal"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "datum"
    return "tekst"
