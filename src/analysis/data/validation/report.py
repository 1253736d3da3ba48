"""The validation report: findings with their severity, the table of checks run, the Dutch labels.

Why apart from the rules: the build, the command line and the data-quality appendix read
the report without caring how a rule was checked; one model (`ValidationReport`, whose
findings are `analysis.errors.Finding`s: file, row, column, rule, message) serves them all.
Severity `error` stops the build; `warning` goes to the report only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from analysis.errors import Finding, InputError

Outcome = Literal["passed", "failed", "warning", "skipped"]


#: Columns of `ValidationReport.checks`: one row per expectation run.
CHECK_COLUMNS: tuple[str, ...] = (
    "suite",
    "expectation",
    "column",
    "rule",
    "severity",
    "outcome",
    "unexpected_count",
    "message",
)


#: Columns of `ValidationReport.to_frame()` (= `validation_results.parquet`).
FRAME_COLUMNS: tuple[str, ...] = (
    "suite",
    "expectation",
    "file",
    "row",
    "column",
    "rule",
    "severity",
    "outcome",
    "message",
)


#: Dutch column labels for the data-quality appendix.
DUTCH_LABELS: Mapping[str, str] = {
    "suite": "suite",
    "expectation": "verwachting",
    "file": "bestand",
    "row": "rij",
    "column": "kolom",
    "rule": "regel",
    "severity": "ernst",
    "outcome": "uitkomst",
    "unexpected_count": "aantal afwijkend",
    "message": "toelichting",
}


DUTCH_VALUES: Mapping[str, str] = {
    "passed": "in orde",
    "failed": "fout",
    "warning": "waarschuwing",
    "skipped": "niet uitgevoerd",
    "error": "fout",
}


def empty_checks() -> pd.DataFrame:
    frame = pd.DataFrame({name: pd.Series(dtype="object") for name in CHECK_COLUMNS})
    frame["unexpected_count"] = frame["unexpected_count"].astype("int64")
    return frame


@dataclass
class ValidationReport:
    """All findings of one validation run plus the record of every check that ran.

    `origins` holds, per finding, the (suite, expectation) that produced it, so
    the data-quality table can say which rule a row failed; it is aligned with
    `findings`.
    """

    findings: list[Finding] = field(default_factory=list)
    checks: pd.DataFrame = field(default_factory=empty_checks)
    origins: list[tuple[str, str]] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when nothing stops the build (warnings are allowed)."""
        return not self.errors

    def raise_on_error(self) -> None:
        """Raise `InputError` for the first error, so the build stops on bad input."""
        errors = self.errors
        if errors:
            raise InputError.from_finding(errors[0])

    def extend(self, other: ValidationReport) -> ValidationReport:
        """A new report with `other`'s findings and checks after this one's."""
        checks = [c for c in (self.checks, other.checks) if not c.empty]
        merged = pd.concat(checks, ignore_index=True) if checks else empty_checks()
        return ValidationReport(
            findings=[*self.findings, *other.findings],
            checks=merged,
            origins=[*self._aligned_origins(), *other._aligned_origins()],
        )

    def _aligned_origins(self) -> list[tuple[str, str]]:
        if len(self.origins) == len(self.findings):
            return list(self.origins)
        return [("", "")] * len(self.findings)

    def to_frame(self, *, labels: Literal["en", "nl"] = "en") -> pd.DataFrame:
        """The data-quality table: every finding, then every check that found nothing.

        Columns are `FRAME_COLUMNS` (the `validation_results.parquet` contract);
        `labels="nl"` gives Dutch column labels and Dutch outcome/severity words
        for the report appendix.
        """
        records: list[dict[str, Any]] = []
        for finding, (suite, expectation) in zip(
            self.findings, self._aligned_origins(), strict=True
        ):
            records.append(
                {
                    "suite": suite,
                    "expectation": expectation,
                    "file": finding.file,
                    "row": finding.row,
                    "column": finding.column,
                    "rule": finding.rule,
                    "severity": finding.severity,
                    "outcome": "failed" if finding.severity == "error" else "warning",
                    "message": finding.message,
                }
            )
        quiet = self.checks[self.checks["outcome"].isin(["passed", "skipped"])]
        for check in quiet.itertuples(index=False):
            records.append(
                {
                    "suite": check.suite,
                    "expectation": check.expectation,
                    "file": None,
                    "row": None,
                    "column": check.column,
                    "rule": check.rule,
                    "severity": check.severity,
                    "outcome": check.outcome,
                    "message": check.message,
                }
            )
        frame = pd.DataFrame.from_records(records, columns=list(FRAME_COLUMNS))
        for name in FRAME_COLUMNS:
            if name != "row":
                frame[name] = frame[name].astype("string")
        frame["row"] = pd.array(frame["row"].tolist(), dtype="Int64")
        if labels == "nl":
            for name in ("severity", "outcome"):
                frame[name] = frame[name].map(lambda v: DUTCH_VALUES.get(v, v)).astype("string")
            frame = frame.rename(columns=dict(DUTCH_LABELS))
        return frame


def in_reading_order(report: ValidationReport) -> ValidationReport:
    """Findings in reading order: by file, then row (file-level first), then rule order.

    The first error is then the one nearest the top of the first broken file,
    which is where a person fixing files starts.
    """
    pairs = list(zip(report.findings, report._aligned_origins(), strict=True))
    pairs.sort(key=lambda p: (p[0].file, p[0].row if p[0].row is not None else 0))
    return ValidationReport(
        findings=[f for f, _ in pairs], checks=report.checks, origins=[o for _, o in pairs]
    )


def single_finding(suite: str, file: str, rule: str, message: str) -> ValidationReport:
    """A report with one error that did not come from an expectation (missing file, ingest)."""
    finding = Finding(file, None, None, rule, message, "error")
    name = "ingest" if suite == "ingest" else f"pandas:{rule}"
    check = {
        "suite": suite,
        "expectation": name,
        "column": None,
        "rule": rule,
        "severity": "error",
        "outcome": "failed",
        "unexpected_count": 1,
        "message": message,
    }
    return ValidationReport(
        findings=[finding],
        checks=pd.DataFrame.from_records([check], columns=list(CHECK_COLUMNS)),
        origins=[(suite, name)],
    )
