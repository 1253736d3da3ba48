"""Each validation rule on small hand-made frames whose failing rows are known in advance.

Rows count as a spreadsheet user counts them (header = row 1), so a frame built
with `row=5` must be reported at row 5 of its file. One GX context serves the
whole process (created on first use inside `analysis.data.validation`).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from analysis.data.validation import validate_data_dir
from analysis.data.validation.reference import validate_reference
from analysis.data.validation.report import (
    CHECK_COLUMNS,
    DUTCH_LABELS,
    FRAME_COLUMNS,
    ValidationReport,
)
from analysis.data.validation.submission import validate_submissions
from analysis.errors import Finding, InputError

REPO = Path(__file__).resolve().parents[1]
YEAR = 2026

INDICATORS = pd.DataFrame(
    [
        ("research_expenditure_eur", "EUR", "money", "100000", "5000000000"),
        ("kto_staff_fte", "FTE", "fte", "0", "500"),
        ("spinoffs", "count", "count", "0", "1000"),
        ("priority_patent_applications", "count", "count", "0", "10000"),
        ("patents_granted", "count", "count", "0", "10000"),
        ("licence_agreements", "count", "count", "0", "10000"),
        ("licence_income_eur", "EUR", "money", "0", "5000000000"),
        ("spinoff_capital_eur", "EUR", "money", "0", "5000000000"),
    ],
    columns=["indicator", "unit", "kind", "plausible_min", "plausible_max"],
)
UNITS = dict(zip(INDICATORS["indicator"], INDICATORS["unit"], strict=True))
INSTITUTIONS = pd.DataFrame({"institution_id": ["a", "b"]})
SOURCES = pd.DataFrame({"source_id": ["s1", "demonstration"]})


def rec(
    inst: Any,
    year: int,
    indicator: str,
    value: float | None,
    *,
    row: int,
    unit: str | None = None,
    source: Any = "s1",
    file: str | None = None,
) -> dict[str, Any]:
    return {
        "institution_id": inst,
        "year": year,
        "indicator": indicator,
        "value": np.nan if value is None else float(value),
        "unit": UNITS.get(indicator, "count") if unit is None else unit,
        "source_id": source,
        "note": "",
        "file": file if file is not None else f"kt_metrics/{year}/{inst}.csv",
        "row": row,
    }


def frame(*records: dict[str, Any]) -> pd.DataFrame:
    out = pd.DataFrame.from_records(list(records))
    out["year"] = out["year"].astype("int64")
    out["row"] = out["row"].astype("int64")
    return out


def validate(data: pd.DataFrame) -> ValidationReport:
    return validate_submissions(
        data,
        institutions=INSTITUTIONS,
        sources=SOURCES,
        indicators=INDICATORS,
        current_year=YEAR,
    )


def where(report: ValidationReport, rule: str) -> list[tuple[str, int | None, str | None]]:
    return [(f.file, f.row, f.column) for f in report.findings if f.rule == rule]


def clean(inst: str = "a", year: int = 2024) -> list[dict[str, Any]]:
    return [
        rec(inst, year, "research_expenditure_eur", 250e6, row=2),
        rec(inst, year, "kto_staff_fte", 12.5, row=3),
        rec(inst, year, "spinoffs", 4, row=4),
        rec(inst, year, "licence_agreements", 3, row=5),
        rec(inst, year, "licence_income_eur", 120_000, row=6),
    ]


def test_clean_frame_passes_every_check() -> None:
    report = validate(frame(*clean("a"), *clean("b")))
    assert report.findings == []
    assert report.ok
    assert list(report.checks.columns) == list(CHECK_COLUMNS)
    assert len(report.checks) >= 30
    assert set(report.checks["outcome"]) == {"passed"}
    assert (report.checks["unexpected_count"] == 0).all()
    # GX expectations and pandas rules are both recorded.
    names = set(report.checks["expectation"])
    assert "expect_column_values_to_be_between" in names
    assert "pandas:patents_within_priority_window" in names


def test_counts_must_be_non_negative_integers() -> None:
    data = frame(
        rec("a", 2024, "spinoffs", 3, row=2),
        rec("a", 2024, "licence_agreements", -1, row=3),
        rec("a", 2024, "patents_granted", 2.5, row=4),
        rec("a", 2024, "licence_income_eur", 2.5, row=5),  # euros may have cents
        rec("a", 2024, "priority_patent_applications", None, row=6),  # not reported
    )
    report = validate(data)
    assert where(report, "count_non_negative") == [("kt_metrics/2024/a.csv", 3, "value")]
    assert where(report, "count_integer") == [("kt_metrics/2024/a.csv", 4, "value")]
    assert len(report.errors) == 2
    checks = report.checks.set_index("rule")
    assert checks.loc["count_non_negative", "unexpected_count"] == 1
    assert checks.loc["count_non_negative", "outcome"] == "failed"


def test_money_and_fte_ranges_are_inclusive_and_per_indicator() -> None:
    data = frame(
        rec("a", 2024, "research_expenditure_eur", 50_000, row=2),  # in thousands: too small
        rec("b", 2024, "research_expenditure_eur", 100_000, row=2),  # lower bound itself
        rec("a", 2024, "spinoff_capital_eur", 6e9, row=3),
        rec("b", 2024, "spinoff_capital_eur", 0, row=3),  # zero is fine for other money
        rec("a", 2024, "kto_staff_fte", 501, row=4),
        rec("b", 2024, "kto_staff_fte", 500, row=4),
    )
    report = validate(data)
    assert where(report, "money_range") == [
        ("kt_metrics/2024/a.csv", 2, "value"),
        ("kt_metrics/2024/a.csv", 3, "value"),
    ]
    assert where(report, "fte_range") == [("kt_metrics/2024/a.csv", 4, "value")]
    message = next(f.message for f in report.findings if f.row == 2)
    assert "50.000" in message and "duizenden" in message


def test_plausibility_bounds_come_from_the_catalogue() -> None:
    """Values no institution reaches stop the build, each at its own cell."""
    data = frame(
        rec("a", 2024, "spinoffs", 1e15, row=2),  # 10^15 spin-offs
        rec("b", 2024, "spinoffs", 1000, row=2),  # the bound itself
        rec("a", 2024, "patents_granted", 10_001, row=3),
        rec("a", 2024, "licence_income_eur", 1e308, row=4),
        rec("b", 2024, "licence_income_eur", 5e9, row=4),
        rec("a", 2024, "licence_agreements", -5, row=5),  # negative: its own rule, once
    )
    report = validate(data)
    assert where(report, "count_range") == [
        ("kt_metrics/2024/a.csv", 2, "value"),
        ("kt_metrics/2024/a.csv", 3, "value"),
    ]
    assert where(report, "money_range") == [("kt_metrics/2024/a.csv", 4, "value")]
    assert where(report, "count_non_negative") == [("kt_metrics/2024/a.csv", 5, "value")]
    assert len(report.errors) == 4
    message = next(f.message for f in report.findings if f.rule == "count_range")
    assert "spinoffs = 1.000.000.000.000.000" in message
    assert "ten hoogste 1.000" in message and "indicators.csv" in message
    # The bound is data: raise it in the catalogue and the same value passes.
    wider = INDICATORS.copy()
    wider.loc[wider["indicator"] == "spinoffs", "plausible_max"] = "1e16"
    relaxed = validate_submissions(
        data, institutions=INSTITUTIONS, sources=SOURCES, indicators=wider, current_year=YEAR
    )
    assert ("kt_metrics/2024/a.csv", 2, "value") not in where(relaxed, "count_range")


def test_infinite_values_are_errors() -> None:
    data = frame(
        rec("a", 2024, "spinoffs", float("inf"), row=2),
        rec("a", 2024, "licence_income_eur", float("-inf"), row=3),
        rec("a", 2024, "kto_staff_fte", None, row=4),  # missing = not reported, fine
    )
    report = validate(data)
    assert where(report, "not_finite") == [
        ("kt_metrics/2024/a.csv", 2, "value"),
        ("kt_metrics/2024/a.csv", 3, "value"),
    ]
    assert len(report.errors) == 2  # not also a range or integer error for the same cell


def test_money_with_three_decimals_warns_of_a_thousands_separator() -> None:
    data = frame(
        rec("a", 2024, "licence_income_eur", 1.234, row=2),  # "1.234" meant 1234
        rec("a", 2024, "spinoff_capital_eur", 12.5, row=3),  # cents are fine
        rec("b", 2024, "licence_income_eur", 999.99, row=2),
        rec("b", 2024, "spinoffs", 3, row=3),
    )
    report = validate(data)
    assert report.ok
    assert where(report, "money_thousands_separator") == [("kt_metrics/2024/a.csv", 2, "value")]
    (warning,) = [f for f in report.findings if f.rule == "money_thousands_separator"]
    assert warning.severity == "warning"
    assert "1,234" in warning.message and "duizendtallen" in warning.message
    assert "1.234 euro" in warning.message


def test_a_catalogue_without_bounds_is_refused() -> None:
    with pytest.raises(InputError, match="plausible_min"):
        validate_submissions(
            frame(*clean("a")),
            institutions=INSTITUTIONS,
            sources=SOURCES,
            indicators=INDICATORS.drop(columns=["plausible_min"]),
            current_year=YEAR,
        )


def test_categories_and_references() -> None:
    data = frame(
        rec("a", 2024, "patents_filed", 3, row=2),
        rec("a", 2024, "spinoffs", 3, row=3, unit="EUR"),
        rec("c", 2024, "spinoffs", 3, row=2),
        rec("b", 2024, "spinoffs", 3, row=2, source="jaarverslag"),
    )
    report = validate(data)
    assert where(report, "indicator_known") == [("kt_metrics/2024/a.csv", 2, "indicator")]
    assert where(report, "unit_matches_catalogue") == [("kt_metrics/2024/a.csv", 3, "unit")]
    assert where(report, "institution_known") == [("kt_metrics/2024/c.csv", 2, "institution_id")]
    assert where(report, "source_known") == [("kt_metrics/2024/b.csv", 2, "source_id")]
    # An unknown indicator has no catalogue unit: reported once, not also as a unit error.
    assert len(report.errors) == 4


def test_year_bounds() -> None:
    data = frame(
        rec("a", 1999, "spinoffs", 1, row=2),
        rec("a", 2000, "spinoffs", 1, row=2),
        rec("a", YEAR, "spinoffs", 1, row=2),
        rec("a", YEAR + 1, "spinoffs", 1, row=2),
    )
    report = validate(data)
    assert where(report, "year_from_2000") == [("kt_metrics/1999/a.csv", 2, "year")]
    assert where(report, "year_not_in_future") == [(f"kt_metrics/{YEAR + 1}/a.csv", 2, "year")]
    assert len(report.errors) == 2


def test_duplicates_flag_only_the_later_copy() -> None:
    data = frame(
        rec("a", 2024, "spinoffs", 1, row=2),
        rec("a", 2024, "kto_staff_fte", 3, row=3),
        rec("a", 2024, "spinoffs", 1, row=4),
        rec("a", 2024, "spinoffs", 2, row=5),
    )
    report = validate(data)
    assert where(report, "unique_key") == [
        ("kt_metrics/2024/a.csv", 4, "indicator"),
        ("kt_metrics/2024/a.csv", 5, "indicator"),
    ]


def test_empty_keys_are_missing() -> None:
    data = frame(
        rec(None, 2024, "spinoffs", 1, row=2, file="kt_metrics/2024/a.csv"),
        rec("a", 2024, "kto_staff_fte", 3, row=3, source=""),
        rec("a", 2024, "licence_agreements", 3, row=4, source="  "),
    )
    report = validate(data)
    assert where(report, "not_null") == [
        ("kt_metrics/2024/a.csv", 2, "institution_id"),
        ("kt_metrics/2024/a.csv", 3, "source_id"),
        ("kt_metrics/2024/a.csv", 4, "source_id"),
    ]
    # The missing institution is not also "unknown" nor "not the file name".
    assert [f.rule for f in report.errors if f.row == 2] == ["not_null"]


def test_file_name_and_folder_must_match_the_rows() -> None:
    data = frame(
        rec("b", 2024, "spinoffs", 1, row=2, file="kt_metrics/2024/a.csv"),
        rec("a", 2023, "spinoffs", 1, row=3, file="kt_metrics/2024/a.csv"),
        rec("b", 2019, "spinoffs", 1, row=7, file="hebci_extract.csv"),  # not in the layout
    )
    report = validate(data)
    assert where(report, "institution_matches_file") == [
        ("kt_metrics/2024/a.csv", 2, "institution_id")
    ]
    assert where(report, "year_matches_folder") == [("kt_metrics/2024/a.csv", 3, "year")]
    assert len(report.errors) == 2


def test_missing_column_is_one_error_and_row_rules_are_skipped() -> None:
    data = frame(*clean()).drop(columns=["unit"])
    report = validate(data)
    assert [(f.rule, f.row, f.column) for f in report.errors] == [("required_column", None, "unit")]
    skipped = report.checks[report.checks["outcome"] == "skipped"]
    assert {"not_null", "unique_key", "count_non_negative", "year_on_year_jump"} <= set(
        skipped["rule"]
    )


def test_unknown_column_and_wrong_cell_type() -> None:
    data = frame(*clean())
    data["source_id"] = data["source_id"].astype(object)
    data.loc[2, "source_id"] = 7
    data["remark"] = "x"
    report = validate(data)
    assert [(f.rule, f.column) for f in report.errors if f.row is None] == [
        ("unknown_column", None)
    ]
    assert "remark" in next(f.message for f in report.errors if f.rule == "unknown_column")
    assert where(report, "column_type") == [("kt_metrics/2024/a.csv", 4, "source_id")]


def test_text_value_column_blocks_numeric_rules() -> None:
    data = frame(*clean())
    data["value"] = data["value"].astype(str)
    report = validate(data)
    assert any(f.rule == "column_type" and f.column == "value" for f in report.errors)
    skipped = set(report.checks.loc[report.checks["outcome"] == "skipped", "rule"])
    assert {"money_range", "count_integer"} <= skipped


def series(inst: str, indicator: str, values: dict[int, float], row: int) -> list[dict[str, Any]]:
    return [rec(inst, y, indicator, v, row=row) for y, v in values.items()]


def test_patents_granted_against_priority_window_is_a_warning() -> None:
    priority = series("a", "priority_patent_applications", dict.fromkeys(range(2015, 2021), 1), 2)
    granted = series("a", "patents_granted", {2018: 10, 2019: 5, 2020: 6}, 3)
    report = validate(frame(*priority, *granted))
    # 2020: 6 > 5 applications in 2016-2020; 2019: 5 is not more than 5 (2015-2019);
    # 2018: window 2014-2018 is not fully reported, so no comparison.
    assert where(report, "patents_within_priority_window") == [
        ("kt_metrics/2020/a.csv", 3, "value")
    ]
    assert report.ok
    assert all(f.severity == "warning" for f in report.findings)
    check = report.checks.set_index("rule").loc["patents_within_priority_window"]
    assert check["outcome"] == "warning" and check["unexpected_count"] == 1


def test_licence_income_without_any_recent_licence_is_a_warning() -> None:
    data = frame(
        rec("a", 2020, "licence_agreements", 0, row=2),
        rec("a", 2020, "licence_income_eur", 1000, row=3),
        rec("b", 2019, "licence_agreements", 3, row=2),
        rec("b", 2020, "licence_agreements", 0, row=2),
        rec("b", 2020, "licence_income_eur", 1000, row=3),  # earlier licences pay
        rec("b", 2019, "licence_income_eur", 0, row=3),
    )
    report = validate(data)
    assert where(report, "licence_income_without_licences") == [
        ("kt_metrics/2020/a.csv", 3, "value")
    ]
    assert report.ok


def test_missing_year_in_the_middle_of_a_series_is_a_warning() -> None:
    data = frame(*clean("a", 2018), *clean("a", 2019), *clean("a", 2021), *clean("b", 2021))
    report = validate(data)
    assert where(report, "year_coverage_gap") == [("kt_metrics/2020/a.csv", None, "year")]
    assert report.warnings[0].severity == "warning"
    assert report.ok


def test_year_on_year_jumps() -> None:
    data = frame(
        *series("a", "spinoffs", {2019: 10, 2020: 60}, 2),  # x6 and +50: warning
        *series("a", "licence_agreements", {2019: 2, 2020: 12}, 3),  # x6 but only +10
        *series("b", "spinoffs", {2019: 100, 2020: 450}, 2),  # x4.5
        *series("b", "licence_agreements", {2018: 1, 2020: 90}, 3),  # not consecutive
        *series("a", "spinoff_capital_eur", {2019: 1e6, 2020: 6e6}, 4),  # x6 and +5 M
        *series("b", "spinoff_capital_eur", {2019: 0, 2020: 900_000}, 4),  # below EUR 1 M
    )
    report = validate(data)
    assert where(report, "year_on_year_jump") == [
        ("kt_metrics/2020/a.csv", 2, "value"),
        ("kt_metrics/2020/a.csv", 4, "value"),
    ]


def test_report_api_orders_errors_and_builds_the_quality_table() -> None:
    data = frame(
        rec("a", 2024, "spinoffs", -2, row=4),
        rec("a", 2024, "kto_staff_fte", 900, row=3),
        *series("a", "licence_agreements", {2019: 2, 2020: 40}, 5),
    )
    report = validate(data)
    assert [f.row for f in report.errors] == [3, 4]  # reading order, not rule order
    assert all(f.severity == "warning" for f in report.warnings)
    assert len(report.errors) + len(report.warnings) == len(report.findings)
    with pytest.raises(InputError) as raised:
        report.raise_on_error()
    assert raised.value.finding == report.errors[0]
    assert "kt_metrics/2024/a.csv, row 3, column value: [fte_range]" in str(raised.value)

    table = report.to_frame()
    assert list(table.columns) == list(FRAME_COLUMNS)
    assert str(table["row"].dtype) == "Int64"
    failed = table[table["outcome"] == "failed"]
    assert list(failed["row"]) == [3, 4]
    assert set(table["outcome"]) == {"failed", "warning", "passed"}
    # Every check that found nothing still appears once, so the appendix lists all rules.
    assert len(table) == len(report.findings) + (report.checks["outcome"] == "passed").sum()

    dutch = report.to_frame(labels="nl")
    assert list(dutch.columns) == [DUTCH_LABELS[c] for c in FRAME_COLUMNS]
    assert set(dutch["uitkomst"]) == {"fout", "waarschuwing", "in orde"}


def test_ok_report_does_not_raise() -> None:
    report = ValidationReport(findings=[Finding("f.csv", 2, "value", "x", "y", "warning")])
    assert report.ok
    report.raise_on_error()


def _reference_dir(tmp_path: Path) -> Path:
    data = tmp_path / "raw"
    data.mkdir()
    for table in (REPO / "data" / "raw").glob("*.csv"):
        shutil.copy(table, data / table.name)
    return data


def test_shipped_reference_tables_pass() -> None:
    report = validate_reference(REPO / "data" / "raw")
    assert report.errors == [], report.errors[:3]
    assert len(report.checks) > 20


def test_reference_rules_name_file_row_and_column(tmp_path: Path) -> None:
    data = _reference_dir(tmp_path)
    institutions = pd.read_csv(data / "institutions.csv", dtype=str, keep_default_na=False)
    institutions.loc[4, "kto_nl_partner"] = "ja"
    institutions.loc[6, "source_id"] = "kto_nl_plan_2021;nergens"
    institutions.to_csv(data / "institutions.csv", index=False)
    indicators = pd.read_csv(data / "indicators.csv", dtype=str, keep_default_na=False)
    indicators.loc[1, "unit"] = "EUR"  # kto_staff_fte is kind fte
    indicators.to_csv(data / "indicators.csv", index=False)
    report = validate_reference(data)
    found = {(f.file, f.row, f.column, f.rule) for f in report.errors}
    assert found == {
        ("institutions.csv", 6, "kto_nl_partner", "column_type"),
        ("institutions.csv", 8, "source_id", "source_known"),
        ("indicators.csv", 3, "unit", "consistent_pair"),
    }
    assert "nergens" in next(f.message for f in report.errors if f.rule == "source_known")


def test_catalogue_bounds_must_be_numbers_in_order(tmp_path: Path) -> None:
    data = _reference_dir(tmp_path)
    indicators = pd.read_csv(data / "indicators.csv", dtype=str, keep_default_na=False)
    indicators.loc[2, "plausible_max"] = "veel"
    indicators.loc[3, "plausible_min"] = "10"
    indicators.loc[3, "plausible_max"] = "5"
    indicators.loc[4, "plausible_min"] = ""
    indicators.to_csv(data / "indicators.csv", index=False)
    report = validate_reference(data)
    found = {(f.file, f.row, f.column, f.rule) for f in report.errors}
    assert found == {
        ("indicators.csv", 4, "plausible_max", "column_type"),
        ("indicators.csv", 5, "plausible_max", "plausible_bounds"),
        ("indicators.csv", 6, "plausible_min", "not_null"),
    }


def test_missing_reference_table_is_an_error(tmp_path: Path) -> None:
    data = _reference_dir(tmp_path)
    (data / "sources.csv").unlink()
    report = validate_reference(data)
    assert ("sources.csv", "missing_file") in {(f.file, f.rule) for f in report.errors}


def test_ingest_error_becomes_a_finding(tmp_path: Path) -> None:
    data = _reference_dir(tmp_path)
    folder = data / "kt_metrics" / "2024"
    folder.mkdir(parents=True)
    (folder / "a.csv").write_text("", encoding="utf-8")
    report = validate_data_dir(data, current_year=YEAR)
    assert [(f.file, f.rule) for f in report.errors] == [("kt_metrics/2024/a.csv", "empty_file")]
    assert "ingest" in set(report.checks["suite"])


def test_one_fault_has_one_rule_name_in_ingest_and_in_the_suites() -> None:
    """Ingest rejects early only under the name the GX suites give the same fault; its
    other names are about the file itself (syntax), which no suite sees."""
    import re

    ingest_source = "".join(
        p.read_text() for p in sorted((REPO / "src" / "analysis" / "data" / "ingest").glob("*.py"))
    )
    raised = set(
        re.findall(r'InputError\(\s*[^,]+,\s*[^,]+,\s*[^,]+,\s*"([a-z_]+)"', ingest_source)
    )
    raised |= set(re.findall(r'refuse\(\s*"([a-z_]+)"', ingest_source))
    suites = "".join(
        p.read_text() for p in (REPO / "src" / "analysis" / "data" / "validation").glob("*.py")
    )
    suite_rules = set(re.findall(r'rule="([a-z_]+)"', suites))
    file_level = {  # the file as bytes, text, table or workbook: no suite sees these
        "csv_syntax",
        "decimal_separator",
        "duplicate_column",
        "duplicate_submission",
        "empty_file",
        "encoding",
        "extension",
        "field_count",
        "file_name",
        "file_too_large",
        "formula",
        "header_only",
        "layout",
        "macro_workbook",
        "missing_sheet",
        "non_ascii_digits",
        "not_xlsx",
        "separator",
        "syntax",
        "thousands_separator",
        "unreadable",
        "xlsx_entities",
        "xlsx_too_complex",
    }
    shared = {
        "column_type",
        "institution_matches_file",
        "not_finite",
        "not_null",
        "required_column",
        "unit_matches_catalogue",
        "unknown_column",
        "year_matches_folder",
    }
    assert shared <= raised & suite_rules
    assert raised - suite_rules <= file_level, raised - suite_rules - file_level


def test_catalogue_decimals_are_a_whole_number_from_zero_to_three(tmp_path: Path) -> None:
    data = _reference_dir(tmp_path)
    indicators = pd.read_csv(data / "indicators.csv", dtype=str, keep_default_na=False)
    indicators.loc[2, "decimals"] = "1.5"
    indicators.loc[3, "decimals"] = "4"
    indicators.loc[4, "label_short_nl"] = ""
    indicators.to_csv(data / "indicators.csv", index=False)
    report = validate_reference(data)
    found = {(f.file, f.row, f.column, f.rule) for f in report.errors}
    assert found == {
        ("indicators.csv", 4, "decimals", "value_range"),
        ("indicators.csv", 5, "decimals", "value_range"),
        ("indicators.csv", 6, "label_short_nl", "not_null"),
    }


# --------------------------------------------------------------------------- own history


def _shipped_series(
    change: dict[tuple[str, int, str], tuple[float, str]] | None = None,
) -> ValidationReport:
    """The series rules over the shipped (demonstration) submissions, with the real catalogue's
    factors.

    `change`: (institution, year, indicator) → (new value, note), planted in the frame.
    """
    from analysis.data import ingest
    from analysis.data.validation.reference import read_table
    from analysis.data.validation.series import series_findings
    from analysis.data.validation.submission import catalogue_frame, prepare_submissions

    raw = REPO / "data" / "raw"
    frame = ingest.load_submissions(REPO / "data" / "demo" / "kt_metrics")
    for (inst, year, indicator), (value, note) in (change or {}).items():
        at = (
            (frame["institution_id"] == inst)
            & (frame["year"] == year)
            & (frame["indicator"] == indicator)
        )
        assert at.sum() == 1
        frame.loc[at, "value"] = value
        frame.loc[at, "note"] = note
    catalogue = catalogue_frame(read_table(raw / "indicators.csv"))
    return series_findings(prepare_submissions(frame, catalogue), catalogue, skip=None)


def test_the_shipped_data_raise_no_history_alarm() -> None:
    report = _shipped_series()
    assert [f for f in report.findings if f.rule.startswith("history_jump")] == []


def test_a_planted_jump_against_the_institutions_own_series_is_an_error() -> None:
    """A university's research spending of hundreds of millions → 100.000 (within the plausible
    bounds): the issue's TU Delft case, on the demonstration's Voorbeelduniversiteit A."""
    report = _shipped_series(
        {("vb_univ_a", 2025, "research_expenditure_eur"): (100_000.0, "demonstratiedata")}
    )
    errors = [f for f in report.errors if f.rule == "history_jump"]
    assert [(f.file, f.row, f.column) for f in errors] == [
        ("kt_metrics/2025/vb_univ_a.csv", 2, "value")
    ]
    # median of 2022-2024 by hand from the shipped files
    values = sorted(
        float(
            next(
                line.split(",")[3]
                for line in (REPO / f"data/demo/kt_metrics/{year}/vb_univ_a.csv")
                .read_text()
                .splitlines()
                if ",research_expenditure_eur," in line
            )
        )
        for year in (2022, 2023, 2024)
    )
    from analysis.data.validation.messages import dutch_value

    assert f"mediaan {dutch_value(values[1])}" in errors[0].message
    assert "100.000 in 2025" in errors[0].message


def test_a_jump_the_submission_explains_is_a_warning_in_the_quality_table() -> None:
    from analysis.publication.chapters.appendix import quality_warnings

    note = "fusie met een ander instituut; nieuwe afbakening"
    report = _shipped_series({("vb_univ_a", 2025, "research_expenditure_eur"): (100_000.0, note)})
    assert [f for f in report.errors if f.rule.startswith("history_jump")] == []
    warned = [f for f in report.warnings if f.rule == "history_jump_explained"]
    assert len(warned) == 1 and warned[0].row == 2 and note in warned[0].message
    table = quality_warnings(report.to_frame())
    row = table[table["Melding"].str.contains("fusie met een ander instituut")]
    assert len(row) == 1
    assert row["Controle"].iloc[0] == "toegelichte sprong ten opzichte van de eigen reeks"


def test_a_factor_per_indicator_from_the_catalogue() -> None:
    """Spin-offs ×8, research spending ×2, spin-off capital no rule (empty cell)."""
    base = {2019: 10.0, 2020: 11.0, 2021: 10.0}
    data = frame(
        *series("a", "spinoffs", {**base, 2022: 79.0}, 2),  # x7.9: within x8
        *series("b", "spinoffs", {**base, 2022: 81.0}, 2),  # x8.1: error
        *series("a", "spinoff_capital_eur", {2019: 1e6, 2020: 1e6, 2021: 1e6, 2022: 9e8}, 3),
    )
    catalogue = INDICATORS.copy()
    factors = {"spinoffs": 8.0, "research_expenditure_eur": 2.0}
    catalogue["history_factor"] = [factors.get(i, np.nan) for i in catalogue["indicator"]]
    from analysis.data.validation.series import series_findings
    from analysis.data.validation.submission import catalogue_frame, prepare_submissions

    cat = catalogue_frame(catalogue)
    report = series_findings(prepare_submissions(data, cat), cat, skip=None)
    assert [(f.file, f.row) for f in report.findings if f.rule == "history_jump"] == [
        ("kt_metrics/2022/b.csv", 2)
    ]


def test_each_peer_figure_carries_a_definition_record(tmp_path: Path) -> None:
    """`benchmark/peers.csv`: what is counted, whose figure and whether it is the monitor's
    definition are filled in and from the allowed values; one error per fault, by row."""
    data = _reference_dir(tmp_path)
    path = data / "benchmark" / "peers.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "data" / "raw" / "benchmark" / "peers.csv", path)
    peers = pd.read_csv(path, dtype=str, keep_default_na=False)
    peers.loc[0, "counted"] = ""
    peers.loc[1, "reported_by"] = "blog"
    peers.loc[2, "comparable"] = "misschien"
    peers.to_csv(path, index=False)
    report = validate_reference(data)
    found = {(f.file, f.row, f.column, f.rule) for f in report.errors}
    assert found == {
        ("benchmark/peers.csv", 2, "counted", "not_null"),
        ("benchmark/peers.csv", 3, "reported_by", "allowed_category"),
        ("benchmark/peers.csv", 4, "comparable", "allowed_category"),
    }
