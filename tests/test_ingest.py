"""Submission reading: every accepted format gives the same frame; every bad file is refused
with the file, row, column and rule a KTO needs to fix it."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis.data import ingest
from analysis.errors import InputError

HEADER = "institution_id,year,indicator,value,unit,source_id,note"
# Three rows by hand: a count, a euro amount with decimals, and a value not reported.
ROWS = [
    ("tud", 2024, "invention_disclosures", "103", "count", "delft_outlook_2020", ""),
    ("tud", 2024, "licence_income_eur", "1234567.5", "EUR", "demonstration", "schatting"),
    ("tud", 2024, "kto_staff_fte", "", "FTE", "demonstration", "niet gemeld"),
]
EXPECTED_VALUES = [103.0, 1234567.5, math.nan]


def _csv_text(
    sep: str = ",", dutch: bool = False, rows: Sequence[tuple[object, ...]] | None = None
) -> str:
    lines = [HEADER.replace(",", sep)]
    for row in rows if rows is not None else ROWS:
        cells = [str(c) for c in row]
        if dutch:
            cells[3] = cells[3].replace(".", ",")
        lines.append(sep.join(cells))
    return "\n".join(lines) + "\n"


def _year_dir(tmp_path: Path, year: int = 2024) -> Path:
    folder = tmp_path / "kt_metrics" / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write_xlsx(
    path: Path,
    rows: list[tuple[object, ...]],
    sheet: str = "gegevens",
    formula_cell: str | None = None,
) -> None:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = sheet
    ws.append(HEADER.split(","))
    for row in rows:
        cells: list[object] = list(row)
        cells[3] = float(str(cells[3])) if str(cells[3]) else None
        ws.append(cells)
    if formula_cell is not None:
        ws[formula_cell] = "=1+1"
    workbook.save(path)


def _read(path: Path) -> pd.DataFrame:
    return ingest.read_submission(path, label=path.name)


@pytest.fixture
def variants(tmp_path: Path) -> dict[str, Path]:
    folder = _year_dir(tmp_path)
    out: dict[str, Path] = {}
    for name, content, encoding in (
        ("plain", _csv_text(), "utf-8"),
        ("bom", _csv_text(), "utf-8-sig"),
        ("dutch", _csv_text(";", dutch=True), "utf-8"),
        ("dutch_bom_crlf", _csv_text(";", dutch=True).replace("\n", "\r\n"), "utf-8-sig"),
    ):
        sub = folder.parent.parent / name / "2024"
        sub.mkdir(parents=True)
        path = sub / "tud.csv"
        path.write_bytes(content.encode(encoding))
        out[name] = path
    xlsx_dir = folder.parent.parent / "xlsx" / "2024"
    xlsx_dir.mkdir(parents=True)
    _write_xlsx(xlsx_dir / "tud.xlsx", list(ROWS))
    out["xlsx"] = xlsx_dir / "tud.xlsx"
    return out


def test_all_formats_give_the_same_frame(variants: dict[str, Path]) -> None:
    frames = {name: _read(path).drop(columns=["file"]) for name, path in variants.items()}
    reference = frames["plain"]
    assert reference["value"].tolist()[:2] == EXPECTED_VALUES[:2]
    assert math.isnan(reference["value"].iloc[2])
    assert reference["row"].tolist() == [2, 3, 4]
    assert reference["note"].tolist() == ["", "schatting", "niet gemeld"]
    assert str(reference["year"].dtype) == "int64"
    assert str(reference["value"].dtype) == "float64"
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(frame, reference, obj=name)


def test_load_submissions_walks_years_in_order_and_labels_rows(tmp_path: Path) -> None:
    for year, inst in ((2025, "ut"), (2024, "tud"), (2024, "ut")):
        rows = [(inst, year, *row[2:]) for row in ROWS]
        (_year_dir(tmp_path, year) / f"{inst}.csv").write_text(_csv_text(rows=rows))
    # a Dutch file takes the careful path; its rows must still land in sorted file order
    dutch_rows = [("eur", 2024, *row[2:]) for row in ROWS]
    (_year_dir(tmp_path, 2024) / "eur.csv").write_text(_csv_text(";", True, dutch_rows))
    (_year_dir(tmp_path, 2024) / ".gitkeep").write_text("")
    frame = ingest.load_submissions(tmp_path / "kt_metrics")
    assert frame["file"].unique().tolist() == [
        "kt_metrics/2024/eur.csv",
        "kt_metrics/2024/tud.csv",
        "kt_metrics/2024/ut.csv",
        "kt_metrics/2025/ut.csv",
    ]
    assert len(frame) == 12
    assert frame["row"].tolist() == [2, 3, 4] * 4
    assert frame["value"].iloc[4] == 1234567.5
    assert frame.loc[frame["institution_id"] == "eur", "value"].iloc[1] == 1234567.5


def _expect(
    exc: pytest.ExceptionInfo[InputError], rule: str, row: int | None, column: str | None
) -> None:
    finding = exc.value.finding
    assert finding.rule == rule, str(exc.value)
    assert finding.row == row, str(exc.value)
    assert finding.column == column, str(exc.value)


CaseWriter = Callable[[Path], Path]


def _csv_case(content: bytes) -> CaseWriter:
    def write(folder: Path) -> Path:
        path = folder / "tud.csv"
        path.write_bytes(content)
        return path

    return write


def _replace_value(row_index: int, column: int, text: str, sep: str = ",") -> bytes:
    rows = [list(map(str, r)) for r in ROWS]
    rows[row_index][column] = text
    body = [HEADER.replace(",", sep)] + [sep.join(r) for r in rows]
    return ("\n".join(body) + "\n").encode()


REJECTIONS: list[tuple[str, CaseWriter, str, int | None, str | None]] = [
    ("empty file", _csv_case(b""), "empty_file", None, None),
    ("blank file", _csv_case(b"\n\n"), "empty_file", None, None),
    ("header only", _csv_case((HEADER + "\n").encode()), "header_only", None, None),
    (
        "missing column",
        _csv_case(b"institution_id,year,indicator,value,source_id\ntud,2024,spinoffs,3,x\n"),
        "required_column",
        1,
        "unit",
    ),
    (
        "unknown column",
        _csv_case((HEADER + ",remarks\n" + "tud,2024,spinoffs,3,count,x,,y\n").encode()),
        "unknown_column",
        1,
        "remarks",
    ),
    ("text in value", _csv_case(_replace_value(1, 3, "veel")), "column_type", 3, "value"),
    ("text in year", _csv_case(_replace_value(0, 1, "2024a")), "column_type", 2, "year"),
    (
        "dotted thousands",
        _csv_case(_replace_value(1, 3, "1.234.567")),
        "thousands_separator",
        3,
        "value",
    ),
    (
        "comma thousands in a comma file",
        _csv_case(_replace_value(1, 3, '"1,234"')),
        "thousands_separator",
        3,
        "value",
    ),
    (
        "decimal comma in a comma file",
        _csv_case(_replace_value(1, 3, '"12,5"')),
        "decimal_separator",
        3,
        "value",
    ),
    (
        "dotted thousands in a Dutch file",
        _csv_case(_replace_value(1, 3, "1.234.567,5", sep=";")),
        "thousands_separator",
        3,
        "value",
    ),
    (
        "decimal point in a Dutch file",
        _csv_case(_replace_value(1, 3, "1234.5", sep=";")),
        "decimal_separator",
        3,
        "value",
    ),
    (
        "latin-1",
        _csv_case(_replace_value(2, 6, "niet gemeld, café").replace(b"\xc3\xa9", b"\xe9")),
        "encoding",
        4,
        None,
    ),
    ("tab separated", _csv_case(_csv_text("\t").encode()), "separator", 1, None),
    ("pipe separated", _csv_case(_csv_text("|").encode()), "separator", 1, None),
    ("wrong unit", _csv_case(_replace_value(0, 4, "EUR")), "unit_matches_catalogue", 2, "unit"),
    (
        "institution differs from file name",
        _csv_case(_replace_value(2, 0, "ut")),
        "institution_matches_file",
        4,
        "institution_id",
    ),
    (
        "year differs from folder",
        _csv_case(_replace_value(1, 1, "2023")),
        "year_matches_folder",
        3,
        "year",
    ),
    (
        "too many fields",
        _csv_case((HEADER + "\ntud,2024,spinoffs,3,count,x,,extra\n").encode()),
        "field_count",
        2,
        None,
    ),
]


@pytest.mark.parametrize(
    ("name", "writer", "rule", "row", "column"), REJECTIONS, ids=[r[0] for r in REJECTIONS]
)
def test_rejections_name_file_row_column_rule(
    tmp_path: Path,
    name: str,
    writer: CaseWriter,
    rule: str,
    row: int | None,
    column: str | None,
) -> None:
    path = writer(_year_dir(tmp_path))
    # once through the single-file reader, once through the directory walk (fast path)
    with pytest.raises(InputError) as direct:
        ingest.read_submission(path, label="x/2024/tud.csv")
    _expect(direct, rule, row, column)
    assert direct.value.finding.file == "x/2024/tud.csv"
    with pytest.raises(InputError) as walked:
        ingest.load_submissions(tmp_path / "kt_metrics")
    _expect(walked, rule, row, column)
    assert walked.value.finding.file == "kt_metrics/2024/tud.csv"


def test_xlsx_without_sheet_gegevens(tmp_path: Path) -> None:
    path = _year_dir(tmp_path) / "tud.xlsx"
    _write_xlsx(path, list(ROWS), sheet="Blad1")
    with pytest.raises(InputError) as exc:
        _read(path)
    _expect(exc, "missing_sheet", None, None)
    assert "Blad1" in str(exc.value)


def test_xlsx_formula_is_refused_not_evaluated(tmp_path: Path) -> None:
    path = _year_dir(tmp_path) / "tud.xlsx"
    _write_xlsx(path, list(ROWS), formula_cell="D3")
    with pytest.raises(InputError) as exc:
        _read(path)
    _expect(exc, "formula", 3, "value")
    assert "D3" in str(exc.value)


def test_xlsm_and_other_extensions_are_refused(tmp_path: Path) -> None:
    folder = _year_dir(tmp_path)
    xlsm = folder / "tud.xlsm"
    _write_xlsx(xlsm, list(ROWS))
    with pytest.raises(InputError) as exc:
        _read(xlsm)
    _expect(exc, "macro_workbook", None, None)
    other = folder / "ut.txt"
    other.write_text(_csv_text())
    with pytest.raises(InputError) as exc:
        _read(other)
    _expect(exc, "extension", None, None)
    xlsm.unlink()
    with pytest.raises(InputError) as exc:
        ingest.load_submissions(tmp_path / "kt_metrics")
    assert exc.value.finding.file == "kt_metrics/2024/ut.txt"


def test_xlsx_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = _year_dir(tmp_path) / "tud.xlsx"
    path.write_text(_csv_text())
    with pytest.raises(InputError) as exc:
        _read(path)
    _expect(exc, "not_xlsx", None, None)


def test_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _year_dir(tmp_path) / "tud.csv"
    path.write_text(_csv_text())
    size = path.stat().st_size
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", size - 1)
    with pytest.raises(InputError) as exc:
        _read(path)
    _expect(exc, "file_too_large", None, None)
    with pytest.raises(InputError) as exc:
        ingest.load_submissions(tmp_path / "kt_metrics")
    _expect(exc, "file_too_large", None, None)


def test_two_files_for_one_institution_year(tmp_path: Path) -> None:
    folder = _year_dir(tmp_path)
    (folder / "tud.csv").write_text(_csv_text())
    _write_xlsx(folder / "tud.xlsx", list(ROWS))
    with pytest.raises(InputError) as exc:
        ingest.load_submissions(tmp_path / "kt_metrics")
    assert exc.value.finding.rule == "duplicate_submission"


def test_error_in_a_later_fast_file_points_at_that_file(tmp_path: Path) -> None:
    folder = _year_dir(tmp_path)
    (folder / "tud.csv").write_text(_csv_text())
    ut_rows = [("ut", 2024, *row[2:]) for row in ROWS]
    ut_rows[2] = ("ut", 2024, "kto_staff_fte", "n.v.t.", "FTE", "demonstration", "")
    (folder / "ut.csv").write_text(_csv_text(rows=ut_rows))
    with pytest.raises(InputError) as exc:
        ingest.load_submissions(tmp_path / "kt_metrics")
    assert exc.value.finding.file == "kt_metrics/2024/ut.csv"
    _expect(exc, "column_type", 4, "value")


def test_blank_lines_are_skipped_but_rows_keep_their_numbers(tmp_path: Path) -> None:
    folder = _year_dir(tmp_path)
    lines = _csv_text().splitlines()
    (folder / "tud.csv").write_text("\n".join([lines[0], lines[1], "", lines[2], ",,,,,,"]) + "\n")
    frame = ingest.load_submissions(tmp_path / "kt_metrics")
    assert frame["row"].tolist() == [2, 4]
    assert frame["value"].tolist() == [103.0, 1234567.5]


def test_note_column_is_optional(tmp_path: Path) -> None:
    path = _year_dir(tmp_path) / "tud.csv"
    path.write_text(
        "institution_id,year,indicator,value,unit,source_id\ntud,2024,spinoffs,3,count,x\n"
    )
    frame = _read(path)
    assert frame["note"].tolist() == [""]
    assert frame["value"].tolist() == [3.0]


def test_shipped_demonstration_submissions_read_cleanly() -> None:
    from analysis import paths

    frame = ingest.load_submissions(paths.project_root() / "data" / "demo" / "kt_metrics")
    assert len(frame) > 0
    assert not frame.duplicated(["institution_id", "year", "indicator"]).any()
