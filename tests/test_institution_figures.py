"""Annual-accounts figures: transcribed from the reference file, never re-typed; bad input refused."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from analysis import cli
from analysis.data import reference, sources
from analysis.data.adapters import kt_figures
from analysis.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
REFERENCE = kt_figures.default_path()
needs_reference = pytest.mark.skipif(
    REFERENCE is None, reason="../shared/reference (kt_figures_nl_institutions_2.csv) is absent"
)


def _reference_rows() -> dict[str, dict[str, str]]:
    assert REFERENCE is not None
    with REFERENCE.open(encoding="utf-8-sig", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


@needs_reference
def test_table_equals_the_reference_file_on_every_value_it_takes() -> None:
    rows = _reference_rows()
    table = reference.load_institution_figures(RAW)
    assert len(table) == len(kt_figures.SELECTION) == 15
    for row in table.itertuples(index=False):
        source = rows[str(row.reference_id)]
        factor = Decimal(1_000_000) if source["unit"] == "EUR million" else Decimal(1)
        assert Decimal(repr(float(row.value))) == Decimal(source["value"]) * factor
        assert row.quote == source["quote"]
        assert row.locator == source["url"]
        assert row.status == source["status"]
        assert row.period == source["period"]
        assert str(row.year) in source["period"]


@needs_reference
def test_shipped_table_is_exactly_what_the_importer_writes(tmp_path: Path) -> None:
    target = tmp_path / "raw"
    shutil.copytree(RAW, target, ignore=shutil.ignore_patterns("kt_metrics"))
    (target / kt_figures.OUTPUT_FILE).unlink()
    argv = ["import", "kt-figures", str(REFERENCE), "--data-dir", str(target)]
    assert cli.main(argv) == 0
    assert (target / kt_figures.OUTPUT_FILE).read_bytes() == (
        RAW / kt_figures.OUTPUT_FILE
    ).read_bytes()


def test_known_values_in_full_euros() -> None:
    table = reference.load_institution_figures(RAW).set_index("figure_id")
    # "Bedrijven 25.790 20.878 (bedragen x € 1.000)": EUR 25,790 thousand in 2021
    assert table.loc["ru_2021_contract_research_companies_eur", "value"] == 25_790_000
    assert table.loc["ru_2020_contract_research_companies_eur", "value"] == 20_878_000
    # "3.4.2.6 Bedrijven 17,9 18,5" (M€): Twente 2022 and 2021
    assert table.loc["ut_2022_contract_research_companies_eur", "value"] == 17_900_000
    assert table.loc["ut_2021_contract_research_companies_eur", "value"] == 18_500_000
    assert table.loc["vu_2020_contract_research_companies_eur", "value"] == 2_642_000
    assert table.loc["ut_2023_spinoffs", "value"] == 5
    assert table.loc["ut_2023_spinoffs", "unit"] == "count"


def test_every_row_is_sourced_mapped_and_labelled() -> None:
    table = reference.load_institution_figures(RAW)
    register = sources.load_sources(RAW).set_index("source_id")
    institutions = set(reference.load_institutions(RAW)["institution_id"])
    assert set(table["institution_id"]) <= institutions
    for row in table.itertuples(index=False):
        assert row.source_id in register.index
        # the row's status never claims more than the source register does
        if register.loc[row.source_id, "status"] == "secondary":
            assert row.status == "secondary"
        assert row.definition_note_nl and row.label_nl
    secondary = table[table["status"] == "secondary"]
    assert set(secondary["institution_id"]) == {"eur", "ut"}  # Erasmus Magazine, Twente Index


def test_missing_reference_row_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "kt.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(kt_figures.REFERENCE_COLUMNS)
        writer.writerow(["F036", "University of Twente", "x", "2022", "17.9", "EUR million",
                         "read", "https://example.org", "q"])  # fmt: skip
    with pytest.raises(InputError, match="no row 'F037'"):
        kt_figures.transcribe(path)


def test_bad_value_names_row_and_column(tmp_path: Path) -> None:
    if REFERENCE is None:
        pytest.skip("reference file absent")
    rows = list(_reference_rows().values())
    header = list(rows[0])
    for row in rows:
        if row["id"] == "F042":
            row["value"] = "25,790"
    path = tmp_path / "kt.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(InputError) as caught:
        kt_figures.transcribe(path)
    position = [r["id"] for r in rows].index("F042") + 2
    assert (caught.value.finding.row, caught.value.finding.column) == (position, "value")
    assert caught.value.finding.rule == "numeric"
