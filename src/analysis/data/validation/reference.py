"""Rules on the cited reference tables in `data/raw/` (institutions, sources, catalogue, ...).

One `TableSpec` per table (`validation.reference_tables`): its columns, types and the
extra rules of that table; every cell that cites a source must name a row of `sources.csv`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.data import limits
from analysis.data.assumptions import ASSUMPTIONS_FILE, assumption_findings
from analysis.data.input_files import is_ignored_path, name_problem, printable
from analysis.data.sources import fictitious_population
from analysis.data.validation.bounds import bound_order
from analysis.data.validation.gx import Check, check_row, gx_context, run_suites
from analysis.data.validation.messages import dutch_value, fixed_message, row_message
from analysis.data.validation.reference_tables import (
    INTEGER,
    NUMBER,
    VALUE_STATUSES,
    TableSpec,
    table_specs,
)
from analysis.data.validation.report import (
    CHECK_COLUMNS,
    ValidationReport,
    in_reading_order,
    single_finding,
)
from analysis.data.validation.text import table_limits, text_rules

#: The largest reference table read (the biggest real one is under 200 kB): a larger
#: file is a mistake, and reading it would only cost time and memory. The importers
#: hold what they write to the same limit (`analysis.data.limits`).
MAX_REFERENCE_BYTES = limits.MAX_TABLE_BYTES


def read_table(path: Path) -> pd.DataFrame:
    """A reference CSV as text, exactly as written: validation must see the raw cells."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")


def _source_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c == "source_id" or str(c).endswith("_source_id")]


def _status_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c == "status" or str(c).endswith("_status")]


def _reference_checks(
    expect: Any,
    spec: TableSpec,
    frame: pd.DataFrame,
    tables: Mapping[str, pd.DataFrame],
) -> list[Check]:
    """Columns, types, keys, categories and cross-table references of one table."""
    checks: list[Check] = []
    for name in spec.required:
        checks.append(
            Check(
                "required_column",
                name,
                "error",
                f"kolom {name} is aanwezig",
                expect.ExpectColumnToExist(column=name),
                explain_table=fixed_message(f"verplichte kolom {name} ontbreekt"),
            )
        )
    for name in dict.fromkeys((*spec.key, *spec.not_null)):
        checks.append(
            Check(
                "not_null",
                name,
                "error",
                f"{name} is ingevuld",
                expect.ExpectColumnValuesToNotBeNull(column=name),
                needs=(name,),
                explain=fixed_message(f"{name} is leeg"),
            )
        )
    if spec.key:
        key = list(spec.key)
        checks.append(
            Check(
                "unique_key",
                key[-1],
                "error",
                f"{', '.join(key)} is uniek",
                (
                    expect.ExpectColumnValuesToBeUnique(column=key[0])
                    if len(key) == 1
                    else expect.ExpectCompoundColumnsToBeUnique(column_list=key)
                ),
                needs=tuple(key),
                explain=row_message("dubbele sleutel " + ", ".join("{" + k + "}" for k in key)),
            )
        )
    typed = [
        *((c, NUMBER, "getal") for c in spec.numeric),
        *((c, INTEGER, "geheel getal") for c in spec.integers),
        *((c, r"^(?i:true|false)$", "true of false") for c in spec.booleans),
    ]
    for name, regex, label in typed:
        checks.append(
            Check(
                "column_type",
                name,
                "error",
                f"{name} is {label}",
                expect.ExpectColumnValuesToMatchRegex(column=name, regex=regex),
                needs=(name,),
                explain=row_message(f"{name} {{{name}}} is geen {label}"),
            )
        )
    for name, (regex, label) in spec.patterns.items():
        checks.append(
            Check(
                "value_range",
                name,
                "error",
                f"{name} is {label}",
                expect.ExpectColumnValuesToMatchRegex(column=name, regex=regex),
                needs=(name,),
                explain=row_message(f"{name} {{{name}}} is geen {label}"),
            )
        )
    categories = dict(spec.categories)
    for name in _status_columns(frame):
        categories.setdefault(name, VALUE_STATUSES)
    for name, allowed in categories.items():
        checks.append(
            Check(
                "allowed_category",
                name,
                "error",
                f"{name} is een van: {', '.join(allowed)}",
                expect.ExpectColumnValuesToBeInSet(column=name, value_set=list(allowed)),
                needs=(name,),
                explain=row_message(
                    f"{name} {{{name}}} is niet toegestaan (toegestaan: {', '.join(allowed)})"
                ),
            )
        )
    for (a, b), allowed_pairs in spec.pairs.items():
        checks.append(
            Check(
                "consistent_pair",
                b,
                "error",
                f"{a} en {b} passen bij elkaar",
                expect.ExpectColumnPairValuesToBeInSet(
                    column_A=a,
                    column_B=b,
                    value_pairs_set=[tuple(p) for p in allowed_pairs],
                    ignore_row_if="either_value_is_missing",
                ),
                needs=(a, b),
                explain=row_message(f"{b} {{{b}}} past niet bij {a} {{{a}}}"),
            )
        )
    for name, (table, target_key) in spec.refs.items():
        target = tables.get(table)
        if target is None or target_key not in target.columns:
            continue
        if spec.history and table == "institutions.csv" and fictitious_population(target):
            continue
        rule = "institution_known" if target_key == "institution_id" else "reference_known"
        checks.append(
            Check(
                rule,
                name,
                "error",
                f"{name} staat in {table}",
                expect.ExpectColumnValuesToBeInSet(
                    column=name, value_set=sorted({str(v) for v in target[target_key].dropna()})
                ),
                needs=(name,),
                explain=row_message(f"onbekende {name} {{{name}}} (niet in {table})"),
            )
        )
    return checks


def _source_reference_frame(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    """One row per cited source id (cells may cite several, `;`-separated)."""
    parts: list[pd.DataFrame] = []
    for column in _source_columns(frame):
        cells = frame[column]
        exploded = cells.dropna().astype(str).str.split(";").explode().str.strip()
        exploded = exploded[exploded != ""]
        parts.append(
            pd.DataFrame(
                {
                    "file": file,
                    "row": exploded.index.to_numpy() + 2,
                    "column": column,
                    "source_id": exploded.to_numpy(),
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=["file", "row", "column", "source_id"])
    return pd.concat(parts, ignore_index=True)


def assumption_rules(frame: pd.DataFrame) -> ValidationReport:
    """The assumptions table's rules (`analysis.data.assumptions`), as one check of the report.

    The same function that `load_assumptions` raises from, so the build's validation and
    a notebook outside the build name the same file, row, column and rule.
    """
    suite, name = "reference_assumptions", "pandas:assumption_rules"
    findings = assumption_findings(frame, ASSUMPTIONS_FILE)
    check = Check(
        "assumption_rules",
        "value",
        "error",
        "elke aanname is bekend, van de juiste soort en ligt binnen haar bandbreedte",
    )
    message = f"{len(findings)} fout(en) in de aannames" if findings else "in orde"
    return ValidationReport(
        findings=findings,
        checks=pd.DataFrame.from_records(
            [
                check_row(
                    suite, name, check, "failed" if findings else "passed", len(findings), message
                )
            ],
            columns=list(CHECK_COLUMNS),
        ),
        origins=[(suite, name)] * len(findings),
    )


def validate_reference(data_dir: Path) -> ValidationReport:
    """Validate the cited reference tables under `data_dir` (everything but `kt_metrics/`).

    Per table one suite: columns present, numbers/years/booleans readable,
    keys filled and unique, categories and statuses allowed, ids of other tables
    resolvable. Every `source_id` / `*_source_id` cell of every CSV, known
    table or not, must cite ids of `sources.csv`: every number in the monitor
    must be traceable. Files are named relative to `data_dir`.
    """
    data_dir = Path(data_dir)
    paths: dict[str, Path] = {}
    digest = hashlib.sha256()
    too_large: list[ValidationReport] = []
    for path in sorted(data_dir.rglob("*.csv")):
        relative = path.relative_to(data_dir).as_posix()
        if relative.split("/")[0] == "kt_metrics" or is_ignored_path(relative):
            continue
        problem = name_problem(relative)
        if problem is not None:
            too_large.append(
                single_finding(
                    f"reference_{printable(path.stem)}", printable(relative), "file_name", problem
                )
            )
            continue
        size = path.stat().st_size
        if size > MAX_REFERENCE_BYTES:
            too_large.append(
                single_finding(
                    f"reference_{path.stem}",
                    relative,
                    "file_too_large",
                    f"{size} bytes is meer dan de grens van {MAX_REFERENCE_BYTES} bytes voor "
                    "een referentietabel; dit is geen tabel van de monitor",
                )
            )
            continue
        paths[relative] = path
        digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    for name in ("sources.csv", "institutions.csv", "indicators.csv"):
        digest.update(f"{name}:{name in paths}".encode())
    key = digest.hexdigest()
    cached = _REFERENCE_CACHE.get(key)
    if cached is None:
        cached = validate_reference_tables(paths)
        if len(_REFERENCE_CACHE) >= 16:
            _REFERENCE_CACHE.pop(next(iter(_REFERENCE_CACHE)))
        _REFERENCE_CACHE[key] = cached
    report = ValidationReport(
        findings=list(cached.findings), checks=cached.checks.copy(), origins=list(cached.origins)
    )
    for part in too_large:
        report = report.extend(part)
    return in_reading_order(report)


#: Reference reports by content hash of the tables: the same bytes give the same
#: report, and GX costs ~0.3 s per suite, so a test suite or a rebuild that
#: validates unchanged tables again gets the earlier result.
_REFERENCE_CACHE: dict[str, ValidationReport] = {}


def validate_reference_tables(paths: Mapping[str, Path]) -> ValidationReport:
    """`validate_reference` for the given tables (relative name → path), uncached."""
    report = ValidationReport()
    specs = table_specs()
    tables: dict[str, pd.DataFrame] = {}
    for relative, path in paths.items():
        try:
            tables[relative] = read_table(path)
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            report = report.extend(
                single_finding(
                    f"reference_{path.stem}", relative, "unreadable", f"onleesbaar: {exc}"
                )
            )
    for name in ("sources.csv", "institutions.csv", "indicators.csv"):
        if name not in paths:
            report = report.extend(
                single_finding(
                    f"reference_{Path(name).stem}", name, "missing_file", "bestand ontbreekt"
                )
            )
    source_ids: list[str] | None = None
    if "sources.csv" in tables and "source_id" in tables["sources.csv"].columns:
        source_ids = sorted(set(tables["sources.csv"]["source_id"].dropna().astype(str)))
    expect = gx_context().gx.expectations
    cited: list[pd.DataFrame] = []
    for relative, frame in tables.items():
        spec = specs.get(relative, TableSpec(file=relative))
        suite = f"reference_{relative.removesuffix('.csv').replace('/', '_')}"
        report = report.extend(table_limits(frame, relative, suite))
        report = report.extend(text_rules(frame, relative, suite))
        checks = _reference_checks(expect, spec, frame, tables)
        located = frame.reset_index(drop=True)
        located["file"] = relative
        located["row"] = np.arange(2, len(located) + 2)
        plan: list[tuple[str, Sequence[Check], str | None]] = [(suite, checks, None)]
        if checks:
            report = report.extend(run_suites(plan, located, default_file=relative))
        if relative == "sources.csv":
            continue
        cited.append(_source_reference_frame(frame, relative))
    if "indicators.csv" in tables:
        report = report.extend(bound_order(tables["indicators.csv"]))
    if ASSUMPTIONS_FILE in tables:
        report = report.extend(assumption_rules(tables[ASSUMPTIONS_FILE]))
    refs = pd.concat(cited, ignore_index=True) if cited else pd.DataFrame()
    if source_ids is not None and len(refs):
        # One suite over every citation of every table: one GX run, not one per table.
        check = Check(
            "source_known",
            "source_id",
            "error",
            "elke geciteerde bron staat in sources.csv",
            expect.ExpectColumnValuesToBeInSet(column="source_id", value_set=source_ids),
            needs=("source_id",),
            column_from="column",
            explain=lambda rec: (
                f"onbekende bron {dutch_value(rec.get('source_id'))} (niet in sources.csv)"
            ),
        )
        report = report.extend(
            run_suites([("reference_sources", [check], None)], refs, default_file="sources.csv")
        )
    return in_reading_order(report)
