"""The KTO template: generated from the catalogue, readable by the ingest reader once filled
in, explained in Dutch, and byte-for-byte reproducible."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest

from analysis import paths
from analysis.data import ingest, template
from analysis.data.ingest import columns


def _catalogue() -> list[dict[str, str]]:
    with (paths.default_data_dir() / "indicators.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_csv_lists_every_indicator_with_its_unit(tmp_path: Path) -> None:
    csv_path, _ = template.write_template(tmp_path)
    with csv_path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(columns.COLUMNS)
    catalogue = _catalogue()
    assert [(r[2], r[4]) for r in rows[1:]] == [(c["indicator"], c["unit"]) for c in catalogue]
    assert all(r[0] == "" and r[1] == "" and r[3] == "" for r in rows[1:])


def test_xlsx_sheets_and_dutch_explanation(tmp_path: Path) -> None:
    _, xlsx_path = template.write_template(tmp_path, "tud", 2024)
    workbook = openpyxl.load_workbook(xlsx_path)
    assert workbook.sheetnames == ["gegevens", "toelichting"]
    data = [list(r) for r in workbook["gegevens"].iter_rows(values_only=True)]
    assert data[0] == list(columns.COLUMNS)
    assert data[1][:3] == ["tud", 2024, "research_expenditure_eur"]
    help_rows = [r for r in workbook["toelichting"].iter_rows(values_only=True)]
    explained = {r[0]: r for r in help_rows if r[0] is not None}
    for column in columns.COLUMNS:
        assert column in explained
    for entry in _catalogue():
        row = explained[entry["indicator"]]
        assert row[1] == entry["label_nl"]
        assert row[4] == entry["astp_definition"]
    text = " ".join(str(c) for r in help_rows for c in r if c)
    assert "niet gerapporteerd" in text and "Formules worden nooit uitgerekend" in text


@pytest.mark.parametrize("name", [template.CSV_NAME, template.XLSX_NAME])
def test_filled_in_template_is_accepted_by_the_reader(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    written = {p.name: p for p in template.write_template(out, "tud", 2024)}
    target = tmp_path / "kt_metrics" / "2024" / ("tud" + Path(name).suffix)
    target.parent.mkdir(parents=True)
    shutil.copy(written[name], target)
    frame = ingest.load_submissions(tmp_path / "kt_metrics")
    assert len(frame) == len(_catalogue())
    assert set(frame["institution_id"]) == {"tud"}
    assert set(frame["year"]) == {2024}
    assert frame["value"].isna().all()  # nothing filled in yet = nothing reported


def test_bytes_are_reproducible_and_shipped_copy_is_current(tmp_path: Path) -> None:
    first = [p.read_bytes() for p in template.write_template(tmp_path / "a")]
    second = [p.read_bytes() for p in template.write_template(tmp_path / "b")]
    assert first == second
    shipped = paths.project_root() / "data" / "templates"
    assert [(shipped / n).read_bytes() for n in (template.CSV_NAME, template.XLSX_NAME)] == first


@pytest.mark.parametrize(
    ("argv", "rule", "where"),
    [
        (
            ["--institution", '=HYPERLINK("http://evil.example","klik")'],
            "institution_known",
            "--institution",
        ),
        (["--institution", "xyz"], "institution_known", "--institution"),
        (["--institution", "tud", "--year", "99999"], "year_range", "--year"),
        (["--year", "1999"], "year_range", "--year"),
    ],
)
def test_template_arguments_are_checked_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], rule: str, where: str
) -> None:
    """A formula as institution would be a live cell in every row of the workbook."""
    from analysis import cli

    out = tmp_path / "sjabloon"
    assert cli.main(["template", "--out", str(out), *argv]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"ERROR {where}, row -" in err and f"[{rule}]" in err
    assert not out.exists()
    assert cli.main(["template", "--out", str(out), "--institution", "tud", "--year", "2024"]) == 0
    first = (out / "kto_template.csv").read_text(encoding="utf-8").splitlines()[1]
    assert first.startswith("tud,2024,")
