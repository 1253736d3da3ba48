"""Data validation: the reference tables, then the submissions, into one report.

Why GX at all: the expectations are declarative, each one is recorded with its outcome,
and that record becomes the data-quality appendix of the report, so a reader sees which
rules the numbers passed. The package, one module per concern:

* `gx`: every Great Expectations call (context, suites, results → findings);
* `report`: the report model (`ValidationReport`, findings, severities, Dutch labels);
* `messages`: how rules word their Dutch messages;
* rule families: `submission` (one institution's file), `bounds` (plausible ranges
  from the catalogue), `series` (across years), `reference` (the cited tables).

A rule has one name everywhere: in its error message, the bad-input corpus
(`tests/data/bad_inputs/cases.csv`) and the data-quality appendix.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analysis.data.validation.reference import read_table, validate_reference
from analysis.data.validation.report import ValidationReport, single_finding
from analysis.data.validation.submission import validate_submissions
from analysis.errors import InputError

__all__ = ["validate_data_dir"]


def default_current_year() -> int:
    """`SOURCE_DATE_EPOCH` (reproducible builds) if set, else today's calendar year (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return time.gmtime(int(epoch)).tm_year
    return time.gmtime().tm_year


def _future_year_folders(
    data_dir: Path, frame: pd.DataFrame, current_year: int
) -> ValidationReport:
    """A year folder after `current_year` is an error even when empty (the build would
    publish it as the latest year). Folders with rows get the row-level finding instead."""
    folder = data_dir / "kt_metrics"
    if not folder.is_dir():
        return ValidationReport()
    files = set(frame["file"].astype(str)) if "file" in frame.columns else set()
    report = ValidationReport()
    for entry in sorted(folder.iterdir()):
        name = entry.name
        if not (entry.is_dir() and len(name) == 4 and name.isascii() and name.isdigit()):
            continue
        if int(name) <= current_year or any(f.startswith(f"kt_metrics/{name}/") for f in files):
            continue
        part = single_finding(
            "ingest",
            f"kt_metrics/{name}",
            "year_not_in_future",
            f"de map kt_metrics/{name} hoort bij een jaar na {current_year}; "
            "verwijder de map of hernoem haar naar het jaar van de gegevens",
        )
        report = report.extend(part)
    return report


def submission_tables(data_dir: Path) -> dict[str, pd.DataFrame] | None:
    """The three tables submissions refer to, or None when one is unusable.

    Unusable (missing, unreadable, without its key columns) is the reference validation's
    finding; the submission rules cannot run without them.
    """
    tables: dict[str, pd.DataFrame] = {}
    for name, needed in (
        ("institutions.csv", {"institution_id"}),
        ("sources.csv", {"source_id"}),
        ("indicators.csv", {"indicator", "unit", "kind"}),
    ):
        try:
            table = read_table(data_dir / name)
        except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError):
            return None
        if not needed.issubset(table.columns):
            return None
        tables[name] = table
    return tables


def validate_data_dir(
    data_dir: Path,
    *,
    current_year: int | None = None,
    submissions: pd.DataFrame | Callable[[], pd.DataFrame] | None = None,
) -> ValidationReport:
    """Validate everything the build reads from `data_dir`: reference tables, then submissions.

    A parse-level `InputError` from `analysis.data.ingest` becomes one error finding
    (suite `ingest`, file/row/column/rule as ingest named them) instead of an
    exception, so `validate` can print it like any other finding. Submissions
    are validated only when the three tables they refer to are usable.
    `submissions` is the already ingested `kt_metrics/` (the build reads it once
    for validation and processing), or a function that returns it, called after the
    reference tables are checked (so another process can read the folder meanwhile);
    without it the folder is read here.
    """
    from analysis.data import ingest

    data_dir = Path(data_dir)
    year = current_year if current_year is not None else default_current_year()
    report = validate_reference(data_dir)
    try:
        if submissions is None:
            frame = ingest.load_submissions(data_dir / "kt_metrics")
        elif callable(submissions):
            frame = submissions()
        else:
            frame = submissions
    except InputError as exc:
        part = single_finding("ingest", exc.finding.file, exc.finding.rule, exc.finding.message)
        part.findings[0] = exc.finding
        return report.extend(part)

    report = report.extend(_future_year_folders(data_dir, frame, year))
    tables = submission_tables(data_dir)
    if tables is None:
        return report
    return report.extend(
        validate_submissions(
            frame,
            institutions=tables["institutions.csv"],
            sources=tables["sources.csv"],
            indicators=tables["indicators.csv"],
            current_year=year,
        )
    )
