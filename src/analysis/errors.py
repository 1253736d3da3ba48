"""The one error type for bad input, so every layer reports problems the same way.

A researcher who hands in a broken file must learn, in one line, which file,
which row, which column and which rule failed. Every reader and validator raises
`InputError` (or collects `Finding`s) with exactly those four coordinates; the
command-line interface prints `str(error)` and exits non-zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One rule outcome for one place in one file.

    `row` is the 1-based data row as a spreadsheet user counts it (the header is
    row 1, the first data row is row 2); `None` when the rule concerns the file
    or a whole column.
    """

    file: str
    row: int | None
    column: str | None
    rule: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = [self.file]
        where.append(f"row {self.row}" if self.row is not None else "row -")
        where.append(f"column {self.column}" if self.column else "column -")
        return f"{self.severity.upper()} {', '.join(where)}: [{self.rule}] {self.message}"


class InputError(Exception):
    """Bad input that must stop the build before anything is published."""

    def __init__(
        self,
        file: str | Path,
        row: int | None,
        column: str | None,
        rule: str,
        message: str,
    ) -> None:
        self.finding = Finding(str(file), row, column, rule, message, "error")
        super().__init__(str(self.finding))

    @classmethod
    def from_finding(cls, finding: Finding) -> InputError:
        return cls(finding.file, finding.row, finding.column, finding.rule, finding.message)


class BuildError(Exception):
    """A build step failed for a reason other than bad input (tool missing, render error)."""


def one_line(exc: BaseException) -> str:
    """``Name: first line of the message``: how the build reports a failure in one line."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"
