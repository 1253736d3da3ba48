"""Rules on the text of every cell: the limits of `analysis.data.limits` (rows, cell length).

The importers hold what they read to the same limits, so a table an importer writes is
one `validate` accepts, and a table put in the data folder by hand is held to them too.
These rules are plain pandas (GX has no expectation for them that names the cell).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data import limits
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
        if values.dtype != object:
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
