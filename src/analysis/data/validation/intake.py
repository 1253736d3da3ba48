"""Submission intake: validate the files a KTO handed in, with the reference tables behind them.

Why a module of its own: a KTO's file arrives as a pull request that changes a few files
under `data/raw/`, and the office must learn what is wrong with *its* files, not with the
other 400. `validate_files` therefore

* reads each given submission on its own, so one unreadable file is one finding and the
  others are still checked (ingest stops at the first fault of a folder);
* adds the same institution's other years as context, so the series rules
  (`series.py`: year-on-year jumps, patents against priority applications, licence
  income without licences) compare the new figures with the institution's earlier years,
  and keeps only the findings on the given files;
* loads and validates the reference tables as the build does, keeping the findings on
  the reference tables among the given files, and every finding on a table the
  submission rules cannot run without (then nothing could be checked).

`annotation` writes one finding as a GitHub Actions workflow command, on the file and
line it concerns: for a CSV the spreadsheet row *is* the file's line (the header is line
1), for an XLSX it is the sheet's row.

The receipt and the job summary (Dutch documents over an `IntakeResult`) are
`analysis.publication.intake`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data import ingest
from analysis.data.ingest.columns import YEAR_FOLDER
from analysis.data.input_files import is_ignored_path
from analysis.data.validation import default_current_year, submission_tables, validate_data_dir
from analysis.data.validation.reference import validate_reference
from analysis.data.validation.report import ValidationReport, in_reading_order
from analysis.data.validation.submission import validate_submissions
from analysis.errors import Finding, InputError

#: The tables the submission rules read; a finding on one of them concerns every submission.
SUBMISSION_TABLES: tuple[str, ...] = ("institutions.csv", "sources.csv", "indicators.csv")


@dataclass(frozen=True)
class IntakeResult:
    """What one intake validated and found.

    `report`: the findings on the validated files (all of them when no files were given).
    `submissions`: the rows of the received submissions as ingest read them (columns of
    `ingest.load_submissions`; `file` relative to the data folder). `received`: the
    submission files, relative to the data folder, readable or not. `tables`: the other
    files checked (reference tables); `unchecked`: given files that are neither (a README,
    a PDF), named so the person who sent them knows they were not checked.
    """

    data_dir: Path
    report: ValidationReport
    submissions: pd.DataFrame
    received: tuple[str, ...]
    tables: tuple[str, ...] = ()
    unchecked: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.report.ok


def relative_label(data_dir: Path, file: Path) -> str:
    """`file` relative to `data_dir`, `/`-separated; an `InputError` when it lies outside."""
    resolved = Path(os.path.abspath(file))
    base = Path(os.path.abspath(data_dir))
    try:
        return resolved.relative_to(base).as_posix()
    except ValueError:
        raise InputError(
            file,
            None,
            None,
            "outside_data_dir",
            f"het bestand ligt niet in de gegevensmap {base}; geef bestanden onder die map op",
        ) from None


def validate_files(
    data_dir: Path,
    files: Sequence[Path] | None = None,
    *,
    current_year: int | None = None,
) -> IntakeResult:
    """Validate `files` (paths inside `data_dir`), or the whole folder when `files` is None.

    Files are named relative to `data_dir` in the findings, as `validate_data_dir` names
    them. A path outside `data_dir` is an `InputError` (a usage mistake, not a finding).
    """
    data_dir = Path(data_dir)
    year = current_year if current_year is not None else default_current_year()
    if files is None:
        return _whole_folder(data_dir, year)
    labels = sorted({relative_label(data_dir, Path(f)) for f in files})
    submissions = [x for x in labels if x.split("/")[0] == "kt_metrics"]
    tables = [x for x in labels if x not in submissions and x.endswith(".csv")]
    unchecked = [x for x in labels if x not in submissions and x not in tables]
    unchecked += [x for x in tables if is_ignored_path(x)]
    tables = [x for x in tables if not is_ignored_path(x)]

    usable = submission_tables(data_dir)
    keep = set(tables) | (set(SUBMISSION_TABLES) if usable is None else set())
    # The reference suites only when a finding of theirs can be shown (GX costs seconds).
    report = _only(validate_reference(data_dir), keep) if keep else ValidationReport()
    for label in tables:
        if not (data_dir / label).is_file():
            report = report.extend(_missing(label))

    received = [x for x in submissions if not is_ignored_path(x)]
    unchecked += [x for x in submissions if is_ignored_path(x)]
    frames: list[pd.DataFrame] = []
    units = ingest.catalogue_units(data_dir)
    readable: list[str] = []
    for label in received:
        try:
            frames.append(_read(data_dir, label, units))
            readable.append(label)
        except InputError as exc:
            report = report.extend(_ingest_finding(exc))
    own = _concat(frames)
    if usable is not None and readable:
        context = _context(data_dir, readable, units)
        part = validate_submissions(
            _concat([own, context]),
            institutions=usable["institutions.csv"],
            sources=usable["sources.csv"],
            indicators=usable["indicators.csv"],
            current_year=year,
        )
        report = report.extend(_only(part, set(readable)))
    return IntakeResult(
        data_dir=data_dir,
        report=in_reading_order(report),
        submissions=own,
        received=tuple(received),
        tables=tuple(tables),
        unchecked=tuple(sorted(unchecked)),
    )


def _whole_folder(data_dir: Path, year: int) -> IntakeResult:
    """Every file, as the build validates them; the rows read are kept for the receipt."""
    read: list[pd.DataFrame] = []

    def load() -> pd.DataFrame:
        frame = ingest.load_submissions(data_dir / "kt_metrics")
        read.append(frame)
        return frame

    report = validate_data_dir(data_dir, current_year=year, submissions=load)
    frame = read[0] if read else ingest.empty_frame()
    folder = data_dir / "kt_metrics"
    received = (
        sorted(
            p.relative_to(data_dir).as_posix()
            for p in folder.glob("*/*")
            if p.is_file() and not is_ignored_path(p.relative_to(data_dir).as_posix())
        )
        if folder.is_dir()
        else []
    )
    return IntakeResult(
        data_dir=data_dir, report=report, submissions=frame, received=tuple(received)
    )


def _read(data_dir: Path, label: str, units: dict[str, str]) -> pd.DataFrame:
    """One submission as ingest reads it in a folder, with the folder's layout rules."""
    parts = label.split("/")
    path = data_dir / label
    if len(parts) != 3 or not YEAR_FOLDER.fullmatch(parts[1]):
        raise InputError(
            label,
            None,
            None,
            "layout",
            "a submission lies in kt_metrics/<year>/<institution_id>.csv (or .xlsx), "
            f"not at {label}",
        )
    if not path.is_file():
        raise InputError(label, None, None, "missing_file", "bestand ontbreekt")
    stem, suffix = os.path.splitext(parts[2])
    if suffix.lower() in ingest.ACCEPTED_SUFFIXES:
        for sibling in sorted(path.parent.iterdir(), key=lambda p: p.name):
            other_stem, other_suffix = os.path.splitext(sibling.name)
            if (
                sibling.name != parts[2]
                and other_stem == stem
                and other_suffix.lower() in ingest.ACCEPTED_SUFFIXES
            ):
                first, second = sorted([parts[2], sibling.name])
                raise InputError(
                    label,
                    None,
                    None,
                    "duplicate_submission",
                    f"{first} and {second} both hold {stem} {parts[1]}; keep one",
                )
    return ingest.read_submission(path, label=label, units=units)


def _context(data_dir: Path, labels: Sequence[str], units: dict[str, str]) -> pd.DataFrame:
    """The other years of the institutions in `labels`, for the series rules.

    A context file that cannot be read is left out: it is not under review, and the
    build's own validation reports it.
    """
    given = set(labels)
    stems = {os.path.splitext(label.split("/")[2])[0] for label in labels}
    folder = data_dir / "kt_metrics"
    frames: list[pd.DataFrame] = []
    for path in sorted(folder.glob("*/*")):
        label = path.relative_to(data_dir).as_posix()
        stem, suffix = os.path.splitext(path.name)
        if (
            label in given
            or stem not in stems
            or suffix.lower() not in ingest.ACCEPTED_SUFFIXES
            or not YEAR_FOLDER.fullmatch(path.parent.name)
            or is_ignored_path(label)
        ):
            continue
        try:
            frames.append(ingest.read_submission(path, label=label, units=units))
        except InputError:
            continue
    return _concat(frames)


def _concat(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Submission frames in one (the empty frame keeps the reader's columns and dtypes)."""
    present = [f for f in frames if len(f)]
    if not present:
        return ingest.empty_frame()
    if len(present) == 1:
        return present[0].reset_index(drop=True)
    return pd.concat(present, ignore_index=True)


def _only(report: ValidationReport, files: set[str]) -> ValidationReport:
    """`report` with only the findings on `files` (the checks table unchanged)."""
    pairs = [
        (f, o)
        for f, o in zip(report.findings, report._aligned_origins(), strict=True)
        if f.file in files
    ]
    return ValidationReport(
        findings=[f for f, _ in pairs], checks=report.checks, origins=[o for _, o in pairs]
    )


def _ingest_finding(exc: InputError) -> ValidationReport:
    return ValidationReport(findings=[exc.finding], origins=[("ingest", "ingest")])


def _missing(label: str) -> ValidationReport:
    finding = Finding(label, None, None, "missing_file", "bestand ontbreekt", "error")
    return ValidationReport(findings=[finding], origins=[("ingest", "ingest")])


# --------------------------------------------------------------------------- GitHub


def _escape_data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF encoded (GitHub's own rule), so a value
    from a file can never end the line and start a command of its own."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value: the message's escapes, plus `:` and `,`."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, path: str) -> str:
    """`finding` as a GitHub Actions annotation on `path` (as the repository names it).

    `::error file=…,line=…,title=…::message` for an error, `::warning …` for a warning;
    without a row, the annotation is on the file. The title names the rule and column.
    """
    level = "error" if finding.severity == "error" else "warning"
    title = finding.rule + (f" (kolom {finding.column})" if finding.column else "")
    props = [f"file={_escape_property(path)}"]
    if finding.row is not None:
        props.append(f"line={int(finding.row)}")
    props.append(f"title={_escape_property(title)}")
    where = f"rij {finding.row}" if finding.row is not None else "bestand"
    if finding.column:
        where += f", kolom {finding.column}"
    return f"::{level} {','.join(props)}::{_escape_data(f'{where}: {finding.message}')}"


def repository_path(data_dir: Path, label: str, root: Path | None = None) -> str:
    """A finding's file (relative to `data_dir`) as a path relative to `root` (default: the
    working directory, which is the repository in a workflow), `/`-separated."""
    start = os.path.abspath(root if root is not None else Path.cwd())
    return Path(os.path.relpath(os.path.abspath(data_dir / label), start)).as_posix()
