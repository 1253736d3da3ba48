"""The bad-input corpus: every broken input is refused with file, row, column and rule.

Each case in `tests/data/bad_inputs/cases.csv` starts from a valid minimal data
folder (the reference tables of `data/raw/*.csv` plus two institutions' submissions
for 2023 and 2024 from `bad_inputs/_base/`) and breaks it in one way: its folder
holds files that replace submissions (or `<table>.append` lines added to a
reference table); binary and oversized inputs are generated here so the
repository stays small. `validate_data_dir` must then report, as its FIRST error,
exactly the expected rule at the expected file, row and column, which is what
the build stops on and what the command line prints.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis.data import ingest
from analysis.data.validation import validate_data_dir
from analysis.data.validation.report import ValidationReport
from analysis.errors import InputError

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "data" / "bad_inputs"
CURRENT_YEAR = 2026
HEADER: list[object] = ["institution_id", "year", "indicator", "value", "unit", "source_id", "note"]
TUD_2024: list[list[object]] = [
    ["vb_univ_a", 2024, "research_expenditure_eur", 500000000, "EUR", "demonstration", ""],
    ["vb_univ_a", 2024, "spinoffs", 12, "count", "demonstration", ""],
]


def _cases() -> list[dict[str, str]]:
    with (CORPUS / "cases.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


CASES = _cases()


def make_data_dir(tmp_path: Path) -> Path:
    """A valid minimal data folder: top-level reference tables plus the corpus base submissions."""
    data = tmp_path / "raw"
    data.mkdir(parents=True)
    for table in (REPO / "data" / "raw").glob("*.csv"):
        shutil.copy(table, data / table.name)
    # The corpus submissions are the fictitious institutions' (demonstration rows may never
    # sit among real institutions: rule `edition_source`), so their register comes along.
    shutil.copy(REPO / "data" / "demo" / "institutions.csv", data / "institutions.csv")
    shutil.copytree(CORPUS / "_base" / "kt_metrics", data / "kt_metrics")
    return data


def _workbook(path: Path, sheet: str, rows: list[list[object]]) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = sheet
    for row in rows:
        first.append(row)
    notes = book.create_sheet("toelichting")
    notes.append(["kolom", "betekenis"])
    book.save(path)


def _gen_xlsx_missing_sheet(data: Path) -> None:
    (data / "kt_metrics/2024/vb_univ_a.csv").unlink()
    _workbook(data / "kt_metrics/2024/vb_univ_a.xlsx", "Blad1", [HEADER, *TUD_2024])


def _gen_xlsx_formula(data: Path) -> None:
    (data / "kt_metrics/2024/vb_univ_a.csv").unlink()
    rows: list[list[object]] = [HEADER, TUD_2024[0], [*TUD_2024[1][:3], "=10+2", *TUD_2024[1][4:]]]
    _workbook(data / "kt_metrics/2024/vb_univ_a.xlsx", "gegevens", rows)


def _gen_xlsm(data: Path) -> None:
    (data / "kt_metrics/2024/vb_univ_a.csv").unlink()
    _workbook(data / "kt_metrics/2024/vb_univ_a.xlsm", "gegevens", [HEADER, *TUD_2024])


def _gen_too_large(data: Path) -> None:
    """Six megabytes of plausible-looking rows: generated in tmp, never committed."""
    line = "vb_univ_a,2024,spinoffs,12,count,demonstration," + "x" * 200 + "\n"
    repeat = (6 * 1024 * 1024) // len(line) + 1
    text = ",".join(map(str, HEADER)) + "\n" + line * repeat
    (data / "kt_metrics/2024/vb_univ_a.csv").write_text(text, encoding="utf-8")


def _rewrite_xlsx(path: Path, change: Callable[[dict[str, bytes]], None]) -> None:
    """Rewrite the parts of a workbook (a zip archive) through `change`."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)


def _gen_xlsx_zip_bomb(data: Path) -> None:
    """A valid workbook plus 200 MB of zeros: about 200 kB on disk, generated in tmp."""
    (data / "kt_metrics/2024/vb_univ_a.csv").unlink()
    path = data / "kt_metrics/2024/vb_univ_a.xlsx"
    _workbook(path, "gegevens", [HEADER, *TUD_2024])
    _rewrite_xlsx(path, lambda parts: parts.update({"xl/media/bomb.bin": bytes(200 * 2**20)}))


def _gen_xlsx_huge_sheet(data: Path) -> None:
    """A sheet whose last cell sits at row 1,048,576, column XFD (openpyxl would pad it all)."""
    (data / "kt_metrics/2024/vb_univ_a.csv").unlink()
    path = data / "kt_metrics/2024/vb_univ_a.xlsx"
    _workbook(path, "gegevens", [HEADER, *TUD_2024])
    far = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'

    def change(parts: dict[str, bytes]) -> None:
        sheet = "xl/worksheets/sheet1.xml"
        parts[sheet] = parts[sheet].replace(b"</sheetData>", far)

    _rewrite_xlsx(path, change)


def _gen_xlsx_entities(data: Path) -> None:
    """The 'billion laughs': nested XML entities that expand to gigabytes when resolved."""
    (data / "kt_metrics/2024/vb_univ_a.csv").unlink()
    path = data / "kt_metrics/2024/vb_univ_a.xlsx"
    _workbook(path, "gegevens", [HEADER, *TUD_2024])
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    laughs = f'<?xml version="1.0"?><!DOCTYPE s [{entities}]><s>&l9;</s>'.encode()
    _rewrite_xlsx(path, lambda parts: parts.update({"xl/sharedStrings.xml": laughs}))


def _gen_future_year_folder(data: Path) -> None:
    """An empty submissions folder for a year after the current one (git keeps no empty dirs)."""
    (data / "kt_metrics" / str(CURRENT_YEAR + 5)).mkdir()


def _gen_non_utf8_name(data: Path) -> None:
    """`vb_univ_a\xff.csv`: a name saved in Latin-1, which reaches Python as a lone surrogate."""
    folder = os.fsencode(data / "kt_metrics" / "2024")
    os.rename(os.path.join(folder, b"vb_univ_a.csv"), os.path.join(folder, b"vb_univ_a\xff.csv"))


GENERATORS: dict[str, Callable[[Path], None]] = {
    "non_utf8_name": _gen_non_utf8_name,
    "xlsx_missing_sheet": _gen_xlsx_missing_sheet,
    "xlsx_formula": _gen_xlsx_formula,
    "xlsm": _gen_xlsm,
    "too_large": _gen_too_large,
    "xlsx_zip_bomb": _gen_xlsx_zip_bomb,
    "xlsx_huge_sheet": _gen_xlsx_huge_sheet,
    "xlsx_entities": _gen_xlsx_entities,
    "future_year_folder": _gen_future_year_folder,
}


def apply_case(case: dict[str, str], data: Path) -> None:
    setup = case["setup"]
    if setup.startswith("generate:"):
        GENERATORS[setup.removeprefix("generate:")](data)
        return
    assert setup == "overlay", setup
    folder = CORPUS / case["case"]
    for source in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = source.relative_to(folder)
        if source.name.endswith(".append"):
            target = data / relative.parent / source.name.removesuffix(".append")
            with target.open("ab") as handle:
                handle.write(source.read_bytes())
        else:
            target = data / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)


def expected_row(case: dict[str, str], data: Path) -> int | None:
    """`last` means the last data row of the expected file (its appended line)."""
    text = case["expected_row"]
    if text == "":
        return None
    if text == "last":
        return len(pd.read_csv(data / case["expected_file"], dtype=str)) + 1
    return int(text)


def test_corpus_is_complete() -> None:
    """At least 25 cases, each with a folder or a generator, and each required kind present."""
    assert len(CASES) >= 25
    names = {c["case"] for c in CASES}
    assert len(names) == len(CASES)
    required = {
        "missing_column", "unknown_column", "text_in_number_column", "negative_count",
        "fractional_count", "duplicate_row", "unknown_institution", "unknown_source_id",
        "year_in_future", "empty_file", "header_only", "latin1_encoding", "wrong_separator",
        "thousands_separator", "xlsx_missing_sheet", "xlsx_formula", "xlsm_macro_workbook",
        "file_far_too_large", "unit_mismatch", "institution_not_file_name", "money_out_of_range",
        "fte_out_of_range", "unknown_indicator", "year_before_2000", "null_institution_id",
    }  # fmt: skip
    assert required <= names
    for case in CASES:
        if case["setup"] == "overlay":
            assert (CORPUS / case["case"]).is_dir(), case["case"]
        else:
            assert case["setup"].removeprefix("generate:") in GENERATORS
    # Nothing big is committed: the far-too-large file only exists in tmp.
    assert all(p.stat().st_size < 10_000 for p in CORPUS.rglob("*") if p.is_file())


def test_base_data_dir_is_valid(tmp_path: Path) -> None:
    """Without a case applied the minimal folder has no errors, so each case's error is its own."""
    data = make_data_dir(tmp_path)
    report = validate_data_dir(data, current_year=CURRENT_YEAR)
    assert report.errors == []
    assert report.ok


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_bad_input_is_refused_with_its_coordinates(case: dict[str, str], tmp_path: Path) -> None:
    data = make_data_dir(tmp_path)
    apply_case(case, data)
    report = validate_data_dir(data, current_year=CURRENT_YEAR)
    assert not report.ok, f"{case['case']}: no error"
    first = report.errors[0]
    where = f"{case['case']}: first error was {first}"
    assert first.rule == case["expected_rule"], where
    assert Path(first.file).as_posix().endswith(case["expected_file"]), where
    assert first.row == expected_row(case, data), where
    assert first.column == (case["expected_column"] or None), where
    with pytest.raises(InputError) as raised:
        report.raise_on_error()
    assert raised.value.finding == first
    assert case["expected_rule"] in str(raised.value)


CLI_CASES = ["negative_count", "latin1_encoding", "file_name_not_utf8"]


@pytest.mark.skipif(
    not (REPO / "src" / "analysis" / "cli.py").is_file(), reason="command line not there yet"
)
@pytest.mark.parametrize("name", CLI_CASES)
def test_validate_command_exits_non_zero_naming_the_error(name: str, tmp_path: Path) -> None:
    case = next(c for c in CASES if c["case"] == name)
    data = make_data_dir(tmp_path)
    apply_case(case, data)
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "False", "SOURCE_DATE_EPOCH": "1782000000"}
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "validate", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert case["expected_file"] in output
    assert f"[{case['expected_rule']}]" in output
    row = expected_row(case, data)
    assert (f"row {row}" if row is not None else "row -") in output


def _frame_of(data: Path) -> pd.DataFrame:
    frame = ingest.load_submissions(data / "kt_metrics")
    tud = frame[(frame["institution_id"] == "vb_univ_a") & (frame["year"] == 2024)]
    out: pd.DataFrame = tud[["indicator", "value", "unit", "source_id"]].reset_index(drop=True)
    return out


def _rewrite_2024(data: Path, variant: str) -> None:
    """Write the base 2024 submission of vb_univ_a again as a BOM CSV, a Dutch CSV or an XLSX."""
    path = data / "kt_metrics/2024/vb_univ_a.csv"
    plain = pd.read_csv(path, dtype=str, keep_default_na=False)
    if variant == "bom":
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    elif variant == "dutch":
        dutch = plain.copy()
        dutch["value"] = dutch["value"].str.replace(".", ",", regex=False)
        dutch.to_csv(path, sep=";", index=False)
    elif variant == "xlsx":
        path.unlink()
        rows: list[list[object]] = [list(plain.columns)]
        for record in plain.to_dict("records"):
            cells: list[object] = [record[c] for c in plain.columns]
            cells[1] = int(record["year"])
            cells[3] = float(record["value"]) if record["value"] else None
            rows.append(cells)
        _workbook(data / "kt_metrics/2024/vb_univ_a.xlsx", "gegevens", rows)
    else:  # pragma: no cover - parametrised below
        raise ValueError(variant)


@pytest.mark.parametrize("variant", ["bom", "dutch", "xlsx"])
def test_valid_variants_give_the_same_values(variant: str, tmp_path: Path) -> None:
    plain_dir = make_data_dir(tmp_path / "plain")
    expected = _frame_of(plain_dir)
    assert expected["value"].notna().sum() >= 10  # the comparison covers real numbers
    data = make_data_dir(tmp_path / variant)
    _rewrite_2024(data, variant)
    got = _frame_of(data)
    pd.testing.assert_frame_equal(got, expected)
    report: ValidationReport = validate_data_dir(data, current_year=CURRENT_YEAR)
    assert report.errors == []


@pytest.mark.parametrize("edition", ["published", "demonstration"])
def test_shipped_data_validates_without_errors(edition: str) -> None:
    """Both editions' data: the published (no submissions yet) and the demonstration's."""
    from editions import demo_data_dir

    data = REPO / "data" / "raw" if edition == "published" else demo_data_dir()
    report = validate_data_dir(data)
    assert report.errors == [], report.errors[:3]
    assert len(report.checks) > 30
    assert set(report.checks["outcome"]) <= {"passed", "warning"}


def test_money_with_three_decimals_is_a_named_warning_not_an_error(tmp_path: Path) -> None:
    """`1.234` in a '.'-decimal file is 1.234 euro, most likely meant as 1234: say so, go on.

    Spin-off capital has no history rule (`history_factor` empty); licence income of
    1.234 euro after years of hundreds of thousands is an error (`history_jump`).
    """
    data = make_data_dir(tmp_path)
    target = data / "kt_metrics/2024/vb_univ_a.csv"
    lines = target.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if ",spinoff_capital_eur," in line)
    cells = lines[row].split(",")
    cells[3] = "1.234"
    lines[row] = ",".join(cells)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "False", "SOURCE_DATE_EPOCH": "1782000000"}
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "validate", "--data-dir", str(data), "--warnings"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    warning = next(
        line for line in done.stdout.splitlines() if "[money_thousands_separator]" in line
    )
    assert warning.startswith(
        f"WARNING kt_metrics/2024/vb_univ_a.csv, row {row + 1}, column value:"
    )
    assert "1,234" in warning and "duizendtallen" in warning and "1.234 euro" in warning
