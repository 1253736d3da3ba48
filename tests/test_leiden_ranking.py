"""The Leiden Ranking importer: the shipped table equals the reference file, the official
layout round-trips, and bad input is refused with file, row, column and rule."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis import cli
from analysis.data import reference
from analysis.data.adapters.leiden_ranking import layout, parsing, writing
from analysis.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
FIXTURE = Path(__file__).parent / "data" / "leiden_ranking" / "official_layout.csv"
REFERENCE = ROOT.parent / "shared" / "reference" / "cwts_leiden_ranking_2020.csv"
needs_reference = pytest.mark.skipif(
    not REFERENCE.is_file(), reason="../shared/reference (the nda copy) is absent on this machine"
)
SHIPPED_COMMAND = [
    "--edition",
    "2020",
    "--period",
    "2015–2018",
    "--source-id",
    "cwts_leiden_ranking_2020_nda",
    "--share-unit",
    "percent",
]
DUTCH = {"tud", "tue", "ut", "wur", "uva", "vu", "uu", "rug", "ul", "ru", "um", "eur", "tiu"}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the reference tables (no submissions) with a source for the fixture."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target, ignore=shutil.ignore_patterns("kt_metrics"))
    (target / layout.OUTPUT_FILE).unlink()
    with (target / "sources.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            [
                "cwts_leiden_ranking_2099",
                "Layout fixture (not real)",
                "tests",
                "",
                "tests",
                "read",
                "",
                "onbekend",
            ]
        )
    return target


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _fixture_rows() -> tuple[list[str], list[list[str]]]:
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    return lines[0], lines[1:]


# --- the shipped table ---------------------------------------------------------------------


@needs_reference
def test_shipped_table_equals_the_reference_file_on_every_value_it_takes() -> None:
    shipped = {row["university"]: row for row in _rows(RAW / layout.OUTPUT_FILE)}
    source = {row["university"]: row for row in _rows(REFERENCE)}
    assert len(source) == 1176
    assert set(shipped) == set(source)
    taken = [c for c in layout.INDICATORS if c in next(iter(source.values()))]
    assert "P_industry_collab" in taken and "PP_industry_collab" in taken
    assert len(taken) == 10  # the five collaboration (count, share) pairs
    for name, row in source.items():
        for column in taken:
            assert float(shipped[name][column]) == float(row[column]), (name, column)
        # what the nda copy does not have stays empty, never invented
        assert shipped[name]["P"] == ""
        assert shipped[name]["country"] == ""
        assert shipped[name]["PP_industry_collab_LB"] == ""


@needs_reference
def test_shipped_table_is_exactly_what_the_importer_writes(tmp_path: Path) -> None:
    target = tmp_path / "raw"
    shutil.copytree(RAW, target, ignore=shutil.ignore_patterns("kt_metrics"))
    (target / layout.OUTPUT_FILE).unlink()
    argv = ["import", "leiden-ranking", str(REFERENCE), "--data-dir", str(target)]
    assert cli.main([*argv, *SHIPPED_COMMAND]) == 0
    written = (target / layout.OUTPUT_FILE).read_bytes()
    assert written == (RAW / layout.OUTPUT_FILE).read_bytes()


def test_shipped_table_maps_thirteen_dutch_universities_and_three_peers() -> None:
    table = reference.load_leiden_ranking(RAW)
    assert len(table) == 1176
    dutch = table.dropna(subset=["institution_id"])
    assert set(dutch["institution_id"]) == DUTCH
    assert len(dutch) == 13
    peers = table.dropna(subset=["peer_id"]).set_index("peer_id")["university"]
    assert peers.to_dict() == {
        "ethz": "Eidgenössische Technische Hochschule Zürich",
        "oxford": "University of Oxford",
        "kuleuven": "Katholieke Universiteit Leuven",
    }
    # The British Open University is not the Open Universiteit
    assert table.loc[table["university"] == "The Open University", "institution_id"].isna().all()
    assert set(table["source_id"]) == {"cwts_leiden_ranking_2020_nda"}
    assert set(table["status"]) == {"secondary"}
    assert set(table["period_status"]) == {"inferred"}
    tue = table.set_index("institution_id").loc["tue"]
    # As printed in the nda copy: 1,016 industry co-publications, 15.6%
    assert tue["P_industry_collab"] == 1016
    assert tue["PP_industry_collab"] == pytest.approx(15.6)


def test_shipped_peers_use_ids_of_the_peer_table() -> None:
    table = reference.load_leiden_ranking(RAW)
    peer_ids = set(reference.load_peers(RAW)["peer_id"])
    assert set(table["peer_id"].dropna()) <= peer_ids
    assert set(table["peer_id"].dropna()) == set(reference.LEIDEN_PEER_IDS)


def test_source_names_edition_package_commit_and_window_caveat() -> None:
    sources = pd.read_csv(RAW / "sources.csv", dtype=str).set_index("source_id")
    entry = sources.loc["cwts_leiden_ranking_2020_nda"]
    text = " ".join(str(v) for v in entry.to_numpy())
    for needle in (
        "Leiden Ranking 2020",
        "nda 0.2.5",
        "data/CWTS_2020.rda",
        "cran/nda",
        "1939003bc2a303a29f30e0727e67f3642922953e",
        "2015–2018",
        "2016–2019",
    ):
        assert needle in text, needle
    assert entry["status"] == "secondary"


# --- official layout: round trip --------------------------------------------------------------


def test_official_layout_round_trips(data_dir: Path) -> None:
    result = writing.import_file(FIXTURE, data_dir, edition=2099)
    assert result.rows_written == 6  # 3 universities x 2 periods, all sciences, full counting
    assert result.periods == ("2014–2017", "2015–2018")
    assert result.mapped == ("kuleuven", "tue")
    table = reference.load_leiden_ranking(data_dir)
    header, rows = _fixture_rows()
    expected = [
        dict(zip(header, row, strict=True))
        for row in rows
        if row[0] == "All sciences" and row[2] == "0"
    ]
    assert len(expected) == len(table)
    indexed = table.set_index(["period", "university"])
    for row in expected:
        got = indexed.loc[(row["Period"], row["University"])]
        assert got["edition"] == 2099
        assert got["field"] == "All sciences"
        assert got["counting"] == "full"
        assert got["period_status"] == "read"
        assert got["country"] == row["Country"]
        assert got["P"] == float(row["collab_P"])
        for column in layout.INDICATORS:
            value = float(row[column])
            # shares are proportions in the file and percentages in the table
            expected_value = value * 100 if column.startswith("PP_") else value
            assert got[column] == pytest.approx(expected_value, abs=1e-9), column
        assert got["source_id"] == "cwts_leiden_ranking_2099"
        assert got["status"] == "read"
    tue = indexed.loc[("2015–2018", "Eindhoven University of Technology")]
    assert tue["institution_id"] == "tue"
    assert pd.isna(tue["peer_id"])
    assert tue["PP_industry_collab"] == 15  # 0.15 → 15 exactly, written "15"
    text = (data_dir / layout.OUTPUT_FILE).read_text(encoding="utf-8")
    assert ",15,14,16," in text


def test_xlsx_gives_the_same_table_as_csv(data_dir: Path, tmp_path: Path) -> None:
    header, rows = _fixture_rows()
    book = openpyxl.Workbook()
    info = book.active
    assert info is not None
    info.title = "Information"
    info.append(["About this file"])
    sheet = book.create_sheet("Results")
    sheet.append(header)
    for row in rows:
        sheet.append([_typed(cell) for cell in row])
    workbook = tmp_path / "CWTS Leiden Ranking 2099.xlsx"
    book.save(workbook)
    writing.import_file(workbook, data_dir)  # edition read from the file name
    from_xlsx = (data_dir / layout.OUTPUT_FILE).read_bytes()
    (data_dir / layout.OUTPUT_FILE).unlink()
    writing.import_file(FIXTURE, data_dir, edition=2099)
    assert from_xlsx == (data_dir / layout.OUTPUT_FILE).read_bytes()


def _typed(cell: str) -> object:
    try:
        number = float(cell)
    except ValueError:
        return cell
    return int(number) if number.is_integer() else number


def test_dutch_university_without_id_is_reported(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header, rows = _fixture_rows()
    for row in rows:
        if row[3] == "Example University A":
            row[4] = "Netherlands"
    path = _write(tmp_path / "renamed.csv", header, rows)
    argv = ["import", "leiden-ranking", str(path), "--data-dir", str(data_dir)]
    assert cli.main([*argv, "--edition", "2099"]) == 0
    assert "without an institution_id" in capsys.readouterr().err
    result = writing.import_file(path, data_dir, edition=2099)
    assert result.unmapped_dutch == ("Example University A",)
    assert writing.import_file(FIXTURE, data_dir, edition=2099).unmapped_dutch == ()


def test_field_and_counting_select_rows(data_dir: Path) -> None:
    result = writing.import_file(
        FIXTURE,
        data_dir,
        edition=2099,
        field="Physical sciences and engineering",
        counting="fractional",
    )
    assert result.rows_written == 6
    table = reference.load_leiden_ranking(data_dir)
    assert set(table["counting"]) == {"fractional"}
    example = table.set_index(["period", "university"]).loc[("2014–2017", "Example University A")]
    assert example["P"] == 225
    assert example["P_industry_collab"] == 22.5


def test_reimport_replaces_only_the_same_edition_field_and_counting(data_dir: Path) -> None:
    writing.import_file(FIXTURE, data_dir, edition=2099)
    writing.import_file(FIXTURE, data_dir, edition=2099, counting="fractional")
    first = (data_dir / layout.OUTPUT_FILE).read_bytes()
    writing.import_file(FIXTURE, data_dir, edition=2099)  # same again: same bytes
    assert (data_dir / layout.OUTPUT_FILE).read_bytes() == first
    table = reference.load_leiden_ranking(data_dir)
    assert len(table) == 12
    assert table.groupby("counting").size().to_dict() == {"fractional": 6, "full": 6}


def test_stacked_editions_import_in_one_go(data_dir: Path, tmp_path: Path) -> None:
    header, rows = _fixture_rows()
    with (data_dir / "sources.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            [
                "cwts_leiden_ranking_2098",
                "Layout fixture (not real)",
                "tests",
                "",
                "tests",
                "read",
                "",
                "onbekend",
            ]
        )
    stacked = [["2098", *row] for row in rows] + [["2099", *row] for row in rows]
    path = _write(tmp_path / "stacked.csv", ["Edition", *header], stacked)
    result = writing.import_file(path, data_dir)
    assert result.editions == (2098, 2099)
    table = reference.load_leiden_ranking(data_dir)
    assert table.groupby("edition").size().to_dict() == {2098: 6, 2099: 6}
    assert set(table["source_id"]) == {"cwts_leiden_ranking_2098", "cwts_leiden_ranking_2099"}


def test_imported_table_passes_validation(data_dir: Path) -> None:
    from analysis.data.validation import reference as validation_reference

    writing.import_file(FIXTURE, data_dir, edition=2099)
    report = validation_reference.validate_reference(data_dir)
    assert report.errors == []


def test_cli_prints_what_it_wrote(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["import", "leiden-ranking", str(FIXTURE), "--data-dir", str(data_dir)]
    assert cli.main([*argv, "--edition", "2099"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "6 rows (edition 2099; periods 2014–2017, 2015–2018; mapped: kuleuven, tue)"
    )


# --- bad input ------------------------------------------------------------------------------


def _bad(tmp_path: Path, column: str, row_index: int, value: str) -> Path:
    header, rows = _fixture_rows()
    rows[row_index][header.index(column)] = value
    return _write(tmp_path / "bad.csv", header, rows)


@pytest.mark.parametrize(
    ("column", "value", "rule"),
    [
        ("PP_industry_collab", "n.b.", "numeric"),
        ("P_industry_collab", "-3", "non_negative"),
        ("P_industry_collab", "", "required_value"),
        ("PP_industry_collab", "1.5", "share_range"),  # 150% once proportions are percent
        ("P_industry_collab", "2500", "count_above_total"),
        ("PP_industry_collab", "0.2", "inconsistent_share"),
        ("Period", "2018–2015", "period_format"),
        ("Frac_counting", "half", "counting"),
        ("PP_industry_collab_LB", "0.155", "interval_order"),
    ],
)
def test_bad_value_names_file_row_column_and_rule(
    data_dir: Path, tmp_path: Path, column: str, value: str, rule: str
) -> None:
    path = _bad(tmp_path, column, 6, value)  # row 8 of the file: TU/e, 2015–2018, full
    with pytest.raises(InputError) as caught:
        writing.import_file(path, data_dir, edition=2099)
    finding = caught.value.finding
    assert (finding.file, finding.row, finding.column, finding.rule) == (
        "bad.csv",
        8,
        column,
        rule,
    )
    assert not (data_dir / layout.OUTPUT_FILE).exists()  # nothing half-written


def test_duplicate_university_is_refused(data_dir: Path, tmp_path: Path) -> None:
    header, rows = _fixture_rows()
    path = _write(tmp_path / "dup.csv", header, [*rows, rows[6]])
    with pytest.raises(InputError) as caught:
        writing.import_file(path, data_dir, edition=2099)
    assert caught.value.finding.rule == "duplicate_row"
    assert caught.value.finding.row == len(rows) + 2
    assert "already in row 8" in caught.value.finding.message


def test_missing_column_and_missing_edition(data_dir: Path, tmp_path: Path) -> None:
    header, rows = _fixture_rows()
    keep = [i for i, name in enumerate(header) if name != "PP_industry_collab"]
    path = _write(
        tmp_path / "cut.csv", [header[i] for i in keep], [[r[i] for i in keep] for r in rows]
    )
    with pytest.raises(InputError) as caught:
        writing.import_file(path, data_dir, edition=2099)
    assert (caught.value.finding.rule, caught.value.finding.column) == (
        "required_column",
        "PP_industry_collab",
    )
    with pytest.raises(InputError, match="give --edition") as caught:
        writing.import_file(FIXTURE, data_dir)
    assert caught.value.finding.column == "Edition"


def test_unknown_source_is_refused_before_writing(data_dir: Path) -> None:
    with pytest.raises(InputError) as caught:
        writing.import_file(FIXTURE, data_dir, edition=2097)
    assert caught.value.finding.rule == "source_known"
    assert "cwts_leiden_ranking_2097" in caught.value.finding.message
    assert not (data_dir / layout.OUTPUT_FILE).exists()


def test_wide_copy_needs_a_period(data_dir: Path, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "wide_2099.csv",
        ["university", "P_collab", "PP_collab", "P_industry_collab", "PP_industry_collab"],
        [["Example University A", "800", "80", "100", "10"]],
    )
    with pytest.raises(InputError, match="--period"):
        writing.import_file(path, data_dir)
    result = writing.import_file(path, data_dir, period="2015–2018", share_unit="percent")
    assert result.editions == (2099,)
    row = reference.load_leiden_ranking(data_dir).iloc[0]
    assert row["period_status"] == "inferred"
    assert pd.isna(row["P"])


def test_wide_copy_with_counts_that_fit_no_total_is_refused(data_dir: Path, tmp_path: Path) -> None:
    # 800 at 80% means P = 1,000 (999.4–1,000.6); 100 at 20% means P = 500: no common P.
    path = _write(
        tmp_path / "wide_2099.csv",
        ["university", "P_collab", "PP_collab", "P_industry_collab", "PP_industry_collab"],
        [["Example University A", "800", "80", "100", "20"]],
    )
    with pytest.raises(InputError) as caught:
        writing.import_file(path, data_dir, period="2015–2018", share_unit="percent")
    assert (caught.value.finding.row, caught.value.finding.rule) == (2, "inconsistent_share")


def test_formula_in_workbook_is_refused(data_dir: Path, tmp_path: Path) -> None:
    header, rows = _fixture_rows()
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Results"
    sheet.append(header)
    sheet.append([_typed(c) for c in rows[0]])
    sheet.append([*rows[1][:5], "=1+1", *rows[1][6:]])
    path = tmp_path / "formula_2099.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        writing.import_file(path, data_dir)
    assert (caught.value.finding.row, caught.value.finding.column, caught.value.finding.rule) == (
        3,
        "impact_P",
        "formula",
    )


# --- helpers with known answers -----------------------------------------------------------------


def test_publication_bounds_by_hand() -> None:
    # 591 at 7.6% → P in [591/0.0765, 591/0.0755] = [7725.5, 7827.8];
    # 6383 at 82.0% → [6383/0.8205, 6383/0.8195] = [7779.4, 7788.9]: together [7780, 7788].
    values = {"P_industry_collab": 591.0, "PP_industry_collab": 7.6}
    assert parsing.publication_bounds(values) == (7726, 7827)
    values.update({"P_collab": 6383.0, "PP_collab": 82.0})
    assert parsing.publication_bounds(values) == (7780, 7788)
    assert parsing.publication_bounds({"P_collab": 0.0, "PP_collab": 0.0}) == (
        pytest.approx(float("nan"), nan_ok=True),
        pytest.approx(float("nan"), nan_ok=True),
    )


def test_period_years() -> None:
    assert parsing.period_years("2015–2018") == (2015, 2018)
    assert parsing.period_years("2015-2018") == (2015, 2018)
    with pytest.raises(ValueError):
        parsing.period_years("2018")


def test_import_help_lists_both_importers_without_pandas() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from analysis import cli\n"
        "try:\n    cli.main(['import', '--help'])\nexcept SystemExit:\n    pass\n"
        "print('HEAVY=' + ','.join(m for m in ('pandas', 'openpyxl') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "leiden-ranking" in out.stdout and "kt-figures" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "HEAVY="


# --- validation of the raw tables (Great Expectations, via analysis.data.validation) -----------------


#: (table, column, bad value, rule); each corruption goes into its own row of one copy.
CORRUPTIONS: list[tuple[str, str, str, str]] = [
    (layout.OUTPUT_FILE, "PP_industry_collab", "150", "value_range"),
    (layout.OUTPUT_FILE, "P_industry_collab", "-1", "value_range"),
    (layout.OUTPUT_FILE, "PP_industry_collab", "", "not_null"),
    (layout.OUTPUT_FILE, "institution_id", "atlantis", "institution_known"),
    (layout.OUTPUT_FILE, "peer_id", "mit", "allowed_category"),
    (layout.OUTPUT_FILE, "period", "2015", "value_range"),
    (layout.OUTPUT_FILE, "university", "AGH University of Science and Technology", "unique_key"),
    (layout.OUTPUT_FILE, "source_id", "no_such_source", "source_known"),
    ("annual_accounts/institution_figures.csv", "value", "-5", "value_range"),
    ("annual_accounts/institution_figures.csv", "related_indicator", "x", "reference_known"),
    ("annual_accounts/institution_figures.csv", "status", "guessed", "allowed_category"),
]


def test_validation_names_file_row_column_and_rule(tmp_path: Path) -> None:
    from analysis.data.validation import reference as validation_reference2

    target = tmp_path / "raw"
    shutil.copytree(RAW, target, ignore=shutil.ignore_patterns("kt_metrics"))
    frames: dict[str, pd.DataFrame] = {}
    expected: list[tuple[str, int, str, str]] = []
    for relative, column, value, rule in CORRUPTIONS:
        frame = frames.setdefault(
            relative, pd.read_csv(target / relative, dtype=str, keep_default_na=False)
        )
        position = sum(1 for e in expected if e[0] == relative) + 1  # rows 3, 4, 5, ...
        frame.loc[position, column] = value
        expected.append((relative, position + 2, column, rule))
    for relative, frame in frames.items():
        frame.to_csv(target / relative, index=False, lineterminator="\n")
    report = validation_reference2.validate_reference(target)
    found = {(f.file, f.row, f.column, f.rule) for f in report.errors}
    for item in expected:
        assert item in found, (item, sorted(found))
