"""The intake's two documents: the KTO's receipt (ontvangstbewijs) and the CI job summary.

Why here and not beside the rules: both are documents a person reads about a validation
(`analysis.data.validation.intake.IntakeResult`), in Dutch, with values from the files
in them. The job summary is Markdown that GitHub renders, so every value from data goes
through `escape.markdown` (a cell holding `[x](https://…)` or `<img>` stays text). The
receipt is plain text, meant to be mailed or attached as it is: each value is put on one
line (line breaks and other control characters become spaces), so no value can forge a
line of the receipt.

The receipt says, per file: what was received (institution, years, indicators, the
SHA-256 of the bytes, so both sides know which version was checked), which rows passed
with their values, which were refused (row, column, rule, message), and which values
changed unusually against the institution's earlier years (the series rules of
`analysis.data.validation.series`, run with the institution's other years as context).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from analysis.data.validation.intake import IntakeResult
from analysis.data.validation.reference import read_table
from analysis.errors import Finding
from analysis.publication import escape
from analysis.publication import formatting as fmt

#: The series rules: a value that moved unusually against the institution's earlier years.
SERIES_RULES: tuple[str, ...] = (
    "year_on_year_jump",
    "patents_within_priority_window",
    "licence_income_without_licences",
)


#: Findings listed in the job summary; a larger table is cut (GitHub caps a summary at 1 MiB).
SUMMARY_MAX_FINDINGS = 500


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")


def _line(value: object) -> str:
    """A value on one line of plain text: control characters become one space."""
    return _CONTROL.sub(" ", str(value)).strip()


def _count(n: int, one: str, many: str) -> str:
    return f"{fmt.number(n)} {one if n == 1 else many}"


# --------------------------------------------------------------------------- receipt


def _labels(data_dir: Path) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Institution names and indicator (label, unit) from the data folder; empty when a table
    cannot be read (the receipt then names codes, and the findings say what is wrong)."""
    names: dict[str, str] = {}
    indicators: dict[str, tuple[str, str]] = {}
    try:
        table = read_table(data_dir / "institutions.csv")
        names = {
            str(i): str(n)
            for i, n in zip(table["institution_id"], table["name_nl"], strict=True)
            if pd.notna(i) and pd.notna(n)
        }
    except (OSError, KeyError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
        pass
    try:
        table = read_table(data_dir / "indicators.csv")
        indicators = {
            str(c): (str(label), str(unit))
            for c, label, unit in zip(
                table["indicator"], table["label_nl"], table["unit"], strict=True
            )
            if pd.notna(c) and pd.notna(label)
        }
    except (OSError, KeyError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
        pass
    return names, indicators


def _value(value: object, unit: str) -> str:
    """A submitted value as the report writes it: euros whole, fte with one decimal."""
    if fmt.is_missing(value):
        return "niet ingevuld"
    if unit == "EUR":
        return fmt.money_eur(value, "eur")
    return fmt.number(value, 1 if unit == "FTE" else 0)


def _where(finding: Finding) -> str:
    parts = [f"rij {finding.row}" if finding.row is not None else "het hele bestand"]
    if finding.column:
        parts.append(f"kolom {_line(finding.column)}")
    parts.append(f"regel {_line(finding.rule)}")
    return ", ".join(parts)


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "niet te lezen"


def receipt_text(result: IntakeResult) -> str:
    """The receipt for the submissions of `result`, in plain Dutch (UTF-8 text).

    Deterministic: the same files and reference tables give the same bytes (no date;
    the SHA-256 of each file says which version was checked).
    """
    names, indicators = _labels(result.data_dir)
    frame = result.submissions
    findings = result.report.findings
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    errors = [f for f in findings if f.severity == "error"]

    lines: list[str] = ["Ontvangstbewijs Valorisatiemonitor", "=" * 34, ""]
    if not result.received and not result.tables:
        lines += ["Er is geen inzending ontvangen: geen bestand onder kt_metrics/.", ""]
    lines += [
        "Dit ontvangstbewijs zegt welke bestanden de Valorisatiemonitor heeft ontvangen, welke "
        "rijen de controle doorstaan, welke rijen zijn afgekeurd (met de rij en de regel) en "
        "welke waarden ongewoon veranderen ten opzichte van de eerdere jaren van de instelling.",
        "",
    ]

    rows_total = 0
    rows_refused = 0
    per_file: list[tuple[str, pd.DataFrame, set[int], bool]] = []
    for label in result.received:
        rows = frame[frame["file"] == label] if len(frame) else frame
        own_errors = [f for f in by_file.get(label, []) if f.severity == "error"]
        whole = any(f.row is None for f in own_errors) or rows.empty
        refused = {int(f.row) for f in own_errors if f.row is not None}
        numbers = {int(r) for r in rows["row"]} if len(rows) else set()
        rows_total += len(numbers)
        rows_refused += len(numbers) if whole else len(refused & numbers)
        per_file.append((label, rows, refused, whole))

    lines += ["Uitkomst", "-" * 8]
    if errors:
        lines.append(
            f"Afgekeurd: {_count(len(errors), 'fout', 'fouten')}; "
            f"{fmt.number(rows_refused)} van de {fmt.number(rows_total)} rijen "
            f"{'wordt' if rows_refused == 1 else 'worden'} niet verwerkt. Verbeter wat hieronder "
            "staat en lever het bestand opnieuw in."
        )
    else:
        lines.append(
            f"In orde: alle {fmt.number(rows_total)} rijen doorstaan de controle en worden "
            "verwerkt."
        )
    warnings = [f for f in findings if f.severity == "warning"]
    if warnings:
        lines.append(
            f"{_count(len(warnings), 'waarschuwing', 'waarschuwingen')}: die houden de "
            "inzending niet tegen, maar de redactie vraagt ernaar als de waarde niet klopt."
        )
    lines.append("")

    lines += ["Ontvangen", "-" * 9]
    for label, rows, _, _ in per_file:
        lines.append(_line(label))
        path = result.data_dir / label
        if len(rows):
            ids = sorted({_line(i) for i in rows["institution_id"] if str(i)})
            years = sorted({_line(y) for y in rows["year"] if str(y)})
            who = ", ".join(f"{names.get(i, i)} ({i})" for i in ids) or "niet ingevuld"
            lines.append(f"  Instelling: {who}")
            lines.append(f"  Jaar: {', '.join(years) or 'niet ingevuld'}")
            codes = list(dict.fromkeys(_line(c) for c in rows["indicator"]))
            lines.append(
                f"  Rijen: {fmt.number(len(rows))}; "
                f"{_count(len(codes), 'indicator', 'indicatoren')}: "
                + ", ".join(indicators.get(c, (c, ""))[0] for c in codes)
            )
        else:
            lines.append("  Het bestand kon niet worden gelezen (zie Afgekeurd).")
        lines.append(f"  SHA-256: {_sha256(path)}")
    for label in result.tables:
        lines.append(f"{_line(label)} (referentietabel)")
        lines.append(f"  SHA-256: {_sha256(result.data_dir / label)}")
    lines.append("")

    lines += ["Goedgekeurde rijen", "-" * 18]
    any_passed = False
    for label, rows, refused, whole in per_file:
        if whole or rows.empty:
            continue
        passed = rows[~rows["row"].astype("int64").isin(sorted(refused))]
        if passed.empty:
            continue
        any_passed = True
        lines.append(_line(label))
        for record in passed.to_dict("records"):
            code = _line(record["indicator"])
            label_nl, unit = indicators.get(code, (code, _line(record["unit"])))
            lines.append(
                f"  rij {_line(record['row'])}: {label_nl} [{code}], {_line(record['year'])}: "
                f"{_value(record['value'], unit)}"
            )
    if not any_passed:
        lines.append("Geen.")
    lines.append("")

    lines += ["Afgekeurd", "-" * 9]
    if errors:
        for label in sorted({f.file for f in errors}):
            lines.append(_line(label))
            lines += [
                f"  {_where(f)}: {_line(f.message)}"
                for f in by_file.get(label, [])
                if f.severity == "error"
            ]
    else:
        lines.append("Niets.")
    lines.append("")

    unusual = [f for f in warnings if f.rule in SERIES_RULES]
    title = "Ongewone veranderingen ten opzichte van eerdere jaren"
    lines += [title, "-" * len(title)]
    if unusual:
        for f in unusual:
            lines.append(f"{_line(f.file)}, {_where(f)}: {_line(f.message)}")
    else:
        lines.append(
            "Geen: de waarden passen bij de eerdere jaren van de instelling (of er zijn geen "
            "eerdere jaren om mee te vergelijken)."
        )
    lines.append("")

    other = [f for f in warnings if f.rule not in SERIES_RULES]
    if other:
        lines += ["Overige waarschuwingen", "-" * 22]
        lines += [f"{_line(f.file)}, {_where(f)}: {_line(f.message)}" for f in other]
        lines.append("")
    if result.unchecked:
        lines += ["Niet gecontroleerd", "-" * 18]
        lines.append(
            "Deze bestanden zijn geen inzending en geen tabel van de monitor: "
            + ", ".join(_line(x) for x in result.unchecked)
        )
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- summary


def summary_markdown(result: IntakeResult, path_of: Callable[[str], str] | None = None) -> str:
    """The job summary: counts per file and every finding, as GitHub-flavoured Markdown.

    `path_of` turns a finding's file (relative to the data folder) into the path the
    reader knows (the repository's); default: unchanged.
    """
    path = path_of or (lambda label: label)
    report = result.report
    errors, warnings = len(report.errors), len(report.warnings)
    files = [*result.received, *result.tables]
    lines = ["## Controle van de inzendingen", ""]
    verdict = (
        "**Afgekeurd**: de fouten hieronder houden de inzending tegen."
        if errors
        else "**In orde**: geen fouten."
    )
    lines.append(
        f"{verdict} {_count(errors, 'fout', 'fouten')}, "
        f"{_count(warnings, 'waarschuwing', 'waarschuwingen')} in "
        f"{_count(len(files), 'bestand', 'bestanden')}. Waarschuwingen houden de inzending "
        "niet tegen."
    )
    lines.append("")
    if files:
        counts = _per_file(report.findings)
        lines += ["| bestand | fouten | waarschuwingen |", "|---|---:|---:|"]
        for label in files:
            e, w = counts.get(label, (0, 0))
            lines.append(f"| {escape.markdown(path(label))} | {e} | {w} |")
        lines.append("")
    if report.findings:
        lines += [
            "### Bevindingen",
            "",
            "| bestand | rij | kolom | regel | ernst | toelichting |",
            "|---|---:|---|---|---|---|",
        ]
        shown = report.findings[:SUMMARY_MAX_FINDINGS]
        for f in shown:
            cells = [
                path(f.file),
                "" if f.row is None else str(f.row),
                f.column or "",
                f.rule,
                "fout" if f.severity == "error" else "waarschuwing",
                f.message,
            ]
            lines.append("| " + " | ".join(escape.markdown(c) for c in cells) + " |")
        if len(report.findings) > len(shown):
            lines += [
                "",
                f"En nog {fmt.number(len(report.findings) - len(shown))} bevindingen; "
                "de log van deze stap noemt ze allemaal.",
            ]
        lines.append("")
    if result.unchecked:
        lines.append(
            "Niet gecontroleerd (geen inzending en geen tabel van de monitor): "
            + ", ".join(escape.markdown(path(x)) for x in result.unchecked)
        )
        lines.append("")
    return "\n".join(lines)


def _per_file(findings: Sequence[Finding]) -> Mapping[str, tuple[int, int]]:
    counts: dict[str, tuple[int, int]] = {}
    for f in findings:
        e, w = counts.get(f.file, (0, 0))
        counts[f.file] = (e + 1, w) if f.severity == "error" else (e, w + 1)
    return counts
