"""Rules on the text of every cell: limits, characters a name may not hold, ids as slugs.

* the limits of `analysis.data.limits` (rows, columns, cell length): the importers hold
  what they read to the same limits, so a table an importer writes is one `validate`
  accepts, and a table put in the data folder by hand is held to them too;
* `text_characters`: control characters, line breaks, U+2028/2029 and bidirectional
  overrides (`analysis.data.names`), which break a CSV row, a Typst line or what a
  reader sees;
* `font_coverage`: a character none of the report's vendored fonts can draw
  (`analysis.glyphs`), which would fail the PDF at the end of the build;
* `id_slug`: ids become file names, HTML ids and URL parts, so they are slugs.

Plain pandas (GX has no expectation for them that names the cell), vectorised per
column; only the first offending cell of each column is reported, which is enough
to act on.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd

from analysis import glyphs
from analysis.data import limits
from analysis.data.names import SLUG, shown, text_problem
from analysis.data.validation.gx import Check, check_row
from analysis.data.validation.report import CHECK_COLUMNS, Outcome, ValidationReport
from analysis.errors import Finding


def _report(
    suite: str, rule: str, column: str | None, findings: list[Finding], what: str
) -> ValidationReport:
    name = f"pandas:{rule}"
    check = Check(rule, column, "error", what)
    outcome: Outcome = "failed" if findings else "passed"
    message = f"{len(findings)} cel(len) in strijd met de regel" if findings else "in orde"
    return ValidationReport(
        findings=findings,
        checks=pd.DataFrame.from_records(
            [check_row(suite, name, check, outcome, len(findings), message)],
            columns=list(CHECK_COLUMNS),
        ),
        origins=[(suite, name)] * len(findings),
    )


def table_limits(frame: pd.DataFrame, file: str, suite: str) -> ValidationReport:
    """At most `MAX_TABLE_ROWS` rows and `MAX_COLUMNS` columns; no cell over `MAX_CELL_CHARS`.

    `frame` holds the table's cells as text, rows in file order (row 2 is the first).
    Only the first offending cell of each column is reported: one is enough to act on.
    """
    findings: list[Finding] = []
    if len(frame) > limits.MAX_TABLE_ROWS:
        findings.append(
            Finding(
                file,
                limits.MAX_TABLE_ROWS + 2,
                None,
                "too_many_rows",
                f"meer dan {limits.MAX_TABLE_ROWS} rijen; geen tabel van de monitor is zo groot",
            )
        )
    if len(frame.columns) > limits.MAX_COLUMNS:
        findings.append(
            Finding(
                file,
                1,
                None,
                "too_many_columns",
                f"{len(frame.columns)} kolommen; de grens is {limits.MAX_COLUMNS}",
            )
        )
    for column in frame.columns:
        values = frame[column]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values.dtype)):
            continue
        lengths = values.str.len().fillna(0).to_numpy()
        long = np.flatnonzero(lengths > limits.MAX_CELL_CHARS)
        if len(long):
            first = int(long[0])
            findings.append(
                Finding(
                    file,
                    first + 2,
                    str(column),
                    "cell_too_long",
                    f"{int(lengths[first])} tekens; een cel telt hoogstens "
                    f"{limits.MAX_CELL_CHARS} tekens",
                )
            )
    return _report(suite, "cell_too_long", None, findings, "cellen binnen de grenzen")


def is_id_column(file: str, column: str) -> bool:
    """Whether `column` of table `file` holds ids (slugs): `*_id` columns and the catalogue's codes.

    Not: `*source_id` columns that cite (a list, `a;b`, checked against sources.csv), and
    `reference_id` (an outside file's row label such as `F036`).
    """
    if column == "indicator" and file == "indicators.csv":
        return True
    if column == "source_id":
        return file == "sources.csv"
    return column.endswith("_id") and not column.endswith("source_id") and column != "reference_id"


@cache
def _drawable() -> re.Pattern[str]:
    """A pattern matching text made only of characters the vendored fonts can draw."""
    codes = sorted(glyphs.coverage() | {ord("\n"), ord("\t")})
    parts: list[str] = []
    start = previous = codes[0]
    for code in [*codes[1:], -2]:
        if code == previous + 1:
            previous = code
            continue
        parts.append(
            re.escape(chr(start)) + ("-" + re.escape(chr(previous)) if previous > start else "")
        )
        start = previous = code
    return re.compile("[" + "".join(parts) + "]*")


def _located(frame: pd.DataFrame, position: int, file: str) -> tuple[str, int]:
    """(file, spreadsheet row) of the frame's row at `position`."""
    if "file" in frame.columns and "row" in frame.columns:
        return str(frame["file"].iloc[position]), int(frame["row"].iloc[position])
    return file, position + 2


def text_rules(
    frame: pd.DataFrame, file: str, suite: str, *, columns: list[str] | None = None
) -> ValidationReport:
    """`text_characters`, `font_coverage` and `id_slug` over the text columns of `frame`.

    `columns` limits the rules to those columns (a submission: its note); a frame with
    `file` and `row` columns (the submission frame) is located by them, a reference
    table by its position (row 2 is the first).
    """
    chars: list[Finding] = []
    fonts: list[Finding] = []
    slugs: list[Finding] = []
    drawable = _drawable()
    for column in columns if columns is not None else [str(c) for c in frame.columns]:
        if column not in frame.columns or column in ("file", "row"):
            continue
        values = frame[column]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values.dtype)):
            continue
        text = values.fillna("").astype(str)
        bad = np.flatnonzero(text.map(lambda v: text_problem(v) is not None).to_numpy())
        if len(bad):
            at = int(bad[0])
            where, row = _located(frame, at, file)
            value = text.iloc[at]
            chars.append(
                Finding(
                    where,
                    row,
                    column,
                    "text_characters",
                    f"{shown(value)} {text_problem(value, 'nl')}; verwijder het teken",
                )
            )
        undrawable = np.flatnonzero(
            ~text.map(lambda v: drawable.fullmatch(v) is not None).to_numpy()
        )
        if len(undrawable):
            at = int(undrawable[0])
            where, row = _located(frame, at, file)
            value = text.iloc[at]
            char = glyphs.undrawable(value) or "?"
            fonts.append(
                Finding(
                    where,
                    row,
                    column,
                    "font_coverage",
                    f"{shown(value)} bevat {char!r} (U+{ord(char):04X}), dat geen lettertype "
                    "van de PDF kan tonen (Liberation Sans, Noto Sans CJK SC, Symbola); "
                    "vervang of verwijder het teken",
                )
            )
        if is_id_column(file, column):
            wrong = np.flatnonzero(
                (text.ne("") & ~text.map(lambda v: SLUG.fullmatch(v) is not None)).to_numpy()
            )
            if len(wrong):
                at = int(wrong[0])
                where, row = _located(frame, at, file)
                slugs.append(
                    Finding(
                        where,
                        row,
                        column,
                        "id_slug",
                        f"{shown(text.iloc[at])} is geen id: gebruik kleine letters a-z, "
                        "cijfers en '_' of '-' ertussen (bijv. 'tud', 'umc_utrecht')",
                    )
                )
    report = _report(suite, "text_characters", None, chars, "geen stuurtekens in tekst")
    report = report.extend(
        _report(suite, "font_coverage", None, fonts, "elk teken is in de PDF te tonen")
    )
    return report.extend(_report(suite, "id_slug", None, slugs, "ids zijn slugs"))
