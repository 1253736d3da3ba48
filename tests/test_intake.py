"""Submission intake: annotations on the right file and line, the job summary, the receipt.

The data folder is the bad-input corpus's minimal one (the top-level reference tables and
two institutions' submissions for 2023 and 2024); each test adds a 2025 submission written
here, so every expected row, rule and jump is read off the rows below.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.data.ingest import empty_frame
from analysis.data.validation.intake import (
    IntakeResult,
    annotation,
    repository_path,
    validate_files,
)
from analysis.data.validation.report import ValidationReport
from analysis.errors import Finding
from analysis.publication.intake import receipt_text, summary_markdown

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "tests" / "data" / "bad_inputs" / "_base" / "kt_metrics"
YEAR = 2026
HEADER = "institution_id,year,indicator,value,unit,source_id,note"

#: TU Delft 2025. Row 3: a negative count (count_non_negative; 2024 left it empty, so no jump). Row 4: 2,000 disclosures
#: after 195 in 2024 (×10,3 and +1,805 > ×5 and +20: year_on_year_jump). Row 6: an
#: indicator the catalogue does not know (indicator_known). Rows 2 and 5 are fine.
BASE_2025 = [
    "vb_univ_a,2025,research_expenditure_eur,530000000,EUR,demonstration,",
    "vb_univ_a,2025,startups_supported,-4,count,demonstration,",
    "vb_univ_a,2025,invention_disclosures,1000,count,demonstration,",
    "vb_univ_a,2025,licence_agreements,20,count,demonstration,",
    "vb_univ_a,2025,spinofs,3,count,demonstration,",
]


@pytest.fixture(autouse=True)
def _no_step_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run inside GitHub Actions too: nothing may append to that job's summary."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782000000")  # 2026
    monkeypatch.setenv("GX_ANALYTICS_ENABLED", "False")


def make_repo(tmp_path: Path) -> Path:
    """A repository-like folder: `data/raw/` with the reference tables and the base submissions."""
    data = tmp_path / "data" / "raw"
    data.mkdir(parents=True)
    for table in (REPO / "data" / "raw").glob("*.csv"):
        shutil.copy(table, data / table.name)
    # The base submissions are the fictitious institutions' (tests/data/bad_inputs/_base).
    shutil.copy(REPO / "data" / "demo" / "institutions.csv", data / "institutions.csv")
    shutil.copytree(BASE, data / "kt_metrics")
    return data


def write(data: Path, label: str, rows: list[str]) -> Path:
    path = data / label
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_annotations_name_the_file_line_and_rule_of_just_the_given_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_repo(tmp_path)
    vb_univ_a = write(data, "kt_metrics/2025/vb_univ_a.csv", BASE_2025)
    # Another office's broken file in the same folder is not part of this change.
    write(
        data, "kt_metrics/2025/vb_univ_b.csv", ["vb_univ_b,2025,spinoffs,-1,count,demonstration,"]
    )
    monkeypatch.chdir(tmp_path)
    code = main(["validate", "--data-dir", "data/raw", "--format", "github", str(vb_univ_a)])
    out = capsys.readouterr().out.splitlines()
    annotations = [line for line in out if line.startswith("::")]
    where = "file=data/raw/kt_metrics/2025/vb_univ_a.csv"
    assert [a.split("::")[1] for a in annotations] == [
        f"error {where},line=3,title=count_non_negative (kolom value)",
        f"warning {where},line=4,title=year_on_year_jump (kolom value)",
        f"error {where},line=6,title=indicator_known (kolom indicator)",
    ]
    assert annotations[0].endswith(
        "::rij 3, kolom value: aantal -4 voor startups_supported is negatief"
    )
    assert "springt van 195 (2024) naar 1.000 (2025)" in annotations[1]
    assert not any("vb_univ_b.csv" in line for line in out)
    assert code == 1


def test_warnings_alone_do_not_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_repo(tmp_path)
    vb_univ_a = write(data, "kt_metrics/2025/vb_univ_a.csv", [BASE_2025[0], BASE_2025[2]])
    monkeypatch.chdir(tmp_path)
    code = main(["validate", "--data-dir", "data/raw", "--format", "github", str(vb_univ_a)])
    out = capsys.readouterr().out
    assert (
        "::warning file=data/raw/kt_metrics/2025/vb_univ_a.csv,line=3,title=year_on_year_jump"
        in out
    )
    assert "::error" not in out
    assert code == 0


def test_without_files_the_whole_folder_is_validated(tmp_path: Path) -> None:
    data = make_repo(tmp_path)
    write(data, "kt_metrics/2025/vb_univ_a.csv", BASE_2025)
    write(
        data, "kt_metrics/2025/vb_univ_b.csv", ["vb_univ_b,2025,spinoffs,-1,count,demonstration,"]
    )
    result = validate_files(data, None, current_year=YEAR)
    errors = {(f.file, f.row, f.rule) for f in result.report.errors}
    assert errors == {
        ("kt_metrics/2025/vb_univ_a.csv", 3, "count_non_negative"),
        ("kt_metrics/2025/vb_univ_a.csv", 6, "indicator_known"),
        ("kt_metrics/2025/vb_univ_b.csv", 2, "count_non_negative"),
    }
    assert "kt_metrics/2023/vb_univ_a.csv" in result.received


def test_an_unreadable_file_is_one_finding_and_the_other_files_are_still_checked(
    tmp_path: Path,
) -> None:
    data = make_repo(tmp_path)
    empty = data / "kt_metrics" / "2025" / "vb_univ_b.csv"
    empty.parent.mkdir(parents=True)
    empty.write_bytes(b"")
    vb_univ_a = write(data, "kt_metrics/2025/vb_univ_a.csv", BASE_2025)
    result = validate_files(data, [empty, vb_univ_a], current_year=YEAR)
    errors = [(f.file, f.row, f.rule) for f in result.report.errors]
    assert errors == [
        ("kt_metrics/2025/vb_univ_a.csv", 3, "count_non_negative"),
        ("kt_metrics/2025/vb_univ_a.csv", 6, "indicator_known"),
        ("kt_metrics/2025/vb_univ_b.csv", None, "empty_file"),
    ]


def test_a_second_copy_of_a_submission_is_refused_as_in_the_build(tmp_path: Path) -> None:
    data = make_repo(tmp_path)
    vb_univ_a = write(data, "kt_metrics/2025/vb_univ_a.csv", [BASE_2025[0]])
    (data / "kt_metrics" / "2025" / "vb_univ_a.xlsx").write_bytes(b"PK")
    result = validate_files(data, [vb_univ_a], current_year=YEAR)
    assert [(f.file, f.rule) for f in result.report.errors] == [
        ("kt_metrics/2025/vb_univ_a.csv", "duplicate_submission")
    ]


def test_a_changed_reference_table_is_checked_and_other_tables_are_not_reported(
    tmp_path: Path,
) -> None:
    data = make_repo(tmp_path)
    with (data / "licences.csv").open("a", encoding="utf-8") as handle:
        handle.write("licence_x,,https://example.org,gegevens\n")  # name_nl empty: not_null
    readme = data / "README.md"
    readme.write_text("notes\n", encoding="utf-8")
    result = validate_files(data, [data / "sources.csv", readme], current_year=YEAR)
    assert result.report.errors == []
    assert result.unchecked == ("README.md",)
    result = validate_files(data, [data / "licences.csv"], current_year=YEAR)
    assert {(f.file, f.rule) for f in result.report.errors} == {("licences.csv", "not_null")}


def test_a_file_outside_the_data_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_repo(tmp_path)
    stray = tmp_path / "vb_univ_a.csv"
    stray.write_text(HEADER + "\n", encoding="utf-8")
    code = main(["validate", "--data-dir", str(data), str(stray)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and "outside_data_dir" in err[0]


def test_the_summary_goes_to_a_file_or_to_the_github_step_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_repo(tmp_path)
    vb_univ_a = write(data, "kt_metrics/2025/vb_univ_a.csv", BASE_2025)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--data-dir", "data/raw", "--summary", "s.md", str(vb_univ_a)]) == 1
    summary = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert "2 fouten, 1 waarschuwing in 1 bestand" in summary
    assert (
        "| data/raw/kt\\_metrics/2025/vb\\_univ\\_a.csv | 3 | value | count\\_non\\_negative | fout |"
        in (summary)
    )
    step = tmp_path / "step.md"
    step.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step))
    assert main(["validate", "--data-dir", "data/raw", str(vb_univ_a)]) == 1  # text: no summary
    assert step.read_text(encoding="utf-8") == "earlier step\n"
    assert main(["validate", "--data-dir", "data/raw", "--format", "github", str(vb_univ_a)]) == 1
    assert step.read_text(encoding="utf-8") == "earlier step\n" + summary
    capsys.readouterr()


def test_the_receipt_lists_exactly_the_refused_rows_and_the_unusual_changes(
    tmp_path: Path,
) -> None:
    data = make_repo(tmp_path)
    vb_univ_a = write(data, "kt_metrics/2025/vb_univ_a.csv", BASE_2025)
    text = receipt_text(validate_files(data, [vb_univ_a], current_year=YEAR))
    sections = _sections(text)
    assert sections["Afgekeurd"] == [
        "kt_metrics/2025/vb_univ_a.csv",
        "  rij 3, kolom value, regel count_non_negative: aantal -4 voor startups_supported is negatief",
        "  rij 6, kolom indicator, regel indicator_known: onbekende indicatorcode 'spinofs'",
    ]
    passed = [line.split(":")[0].strip() for line in sections["Goedgekeurde rijen"][1:]]
    assert passed == ["rij 2", "rij 4", "rij 5"]
    assert sections["Goedgekeurde rijen"][1] == (
        "  rij 2: Onderzoeksuitgaven [research_expenditure_eur], 2025: €\u00a0530.000.000"
    )
    [jump] = sections["Ongewone veranderingen ten opzichte van eerdere jaren"]
    assert jump.startswith(
        "kt_metrics/2025/vb_univ_a.csv, rij 4, kolom value, regel year_on_year_jump"
    )
    assert "van 195 (2024) naar 1.000 (2025)" in jump
    received = sections["Ontvangen"]
    assert received[:3] == [
        "kt_metrics/2025/vb_univ_a.csv",
        "  Instelling: Voorbeelduniversiteit A (vb_univ_a)",
        "  Jaar: 2025",
    ]
    assert received[3].startswith(
        "  Rijen: 5; 5 indicatoren: Onderzoeksuitgaven, Ondersteunde startups"
    )
    assert sections["Uitkomst"][0].startswith("Afgekeurd: 2 fouten; 2 van de 5 rijen worden niet")
    # Deterministic: the same files give the same receipt.
    assert receipt_text(validate_files(data, [vb_univ_a], current_year=YEAR)) == text


def test_the_receipt_command_writes_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_repo(tmp_path)
    vb_univ_a = write(data, "kt_metrics/2025/vb_univ_a.csv", [BASE_2025[0], BASE_2025[3]])
    target = tmp_path / "ontvangstbewijs.txt"
    code = main(
        ["validate", "--data-dir", str(data), "--ontvangstbewijs", str(target), str(vb_univ_a)]
    )
    assert code == 0
    text = target.read_text(encoding="utf-8")
    assert "In orde: alle 2 rijen doorstaan de controle" in text
    assert _sections(text)["Afgekeurd"] == ["Niets."]
    capsys.readouterr()


def test_values_from_files_cannot_forge_a_command_or_markdown() -> None:
    finding = Finding(
        "kt_metrics/2025/a,b:c.csv",
        7,
        "indicator",
        "indicator_known",
        "onbekende indicatorcode 'x%0A\n::error::vals [klik](https://e.example)|<img>'",
    )
    line = annotation(finding, "data/raw/kt_metrics/2025/a,b:c.csv")
    assert "\n" not in line
    assert line.startswith("::error file=data/raw/kt_metrics/2025/a%2Cb%3Ac.csv,line=7,")
    assert "x%250A%0A::error::vals" in line
    report = ValidationReport(findings=[finding])
    result = IntakeResult(Path("."), report, empty_frame(), ("kt_metrics/2025/a,b:c.csv",))
    summary = summary_markdown(result)
    assert "\\[klik\\](https://e.example)\\|\\<img\\>" in summary
    assert "](https" not in summary.replace("\\](https", "")
    receipt = receipt_text(result)
    assert all(not line.startswith("::") for line in receipt.splitlines())


def test_repository_paths_are_relative_to_the_working_directory(tmp_path: Path) -> None:
    assert (
        repository_path(tmp_path / "data" / "raw", "kt_metrics/2025/vb_univ_a.csv", tmp_path)
        == "data/raw/kt_metrics/2025/vb_univ_a.csv"
    )


def _sections(text: str) -> dict[str, list[str]]:
    """The receipt's sections: each title (underlined with dashes) and its lines."""
    lines = text.splitlines()
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    for i, line in enumerate(lines):
        if i + 1 < len(lines) and lines[i + 1] and set(lines[i + 1]) == {"-"}:
            current = out.setdefault(line, [])
            continue
        if set(line) == {"-"} or current is None:
            continue
        if line:
            current.append(line)
    return out


def test_files_from_a_list_as_git_diff_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`git diff --name-only -z` lists paths from the repository root, NUL-separated; an empty
    list (a change that only deletes) validates no submission and blocks nothing."""
    data = make_repo(tmp_path)
    write(data, "kt_metrics/2025/vb_univ_a.csv", BASE_2025)
    write(
        data, "kt_metrics/2025/vb_univ_b.csv", ["vb_univ_b,2025,spinoffs,-1,count,demonstration,"]
    )
    monkeypatch.chdir(tmp_path)
    listing = tmp_path / "changed"
    listing.write_bytes(b"data/raw/kt_metrics/2025/vb_univ_b.csv\0")
    args = ["validate", "--data-dir", "data/raw", "--format", "github", "--files-from"]
    assert main([*args, str(listing)]) == 1
    out = capsys.readouterr().out
    assert (
        "::error file=data/raw/kt_metrics/2025/vb_univ_b.csv,line=2,title=count_non_negative" in out
    )
    assert "vb_univ_a.csv" not in out
    listing.write_bytes(b"")
    assert main([*args, str(listing)]) == 0
    assert capsys.readouterr().out.strip() == f"0 error(s), 0 warning(s) in 0 file(s) in {data}"
