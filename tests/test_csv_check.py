"""The checker behind the end-to-end test of the CSV downloads, on cells of known kind."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.publication.display.report import Report
from analysis.publication.display.table import Column, Table
from analysis.publication.render.codebook import write_codebook
from csv_check import is_number, looks_formatted, problems


@pytest.mark.parametrize("cell", ["0", "12", "-3.5", "62650000", "0.333333333333", "1e-05"])
def test_numbers_for_machines(cell: str) -> None:
    assert is_number(cell) and not looks_formatted("x" + cell)


@pytest.mark.parametrize(
    "cell",
    [
        "€ 62,7 mln",
        "'+3,7%",
        "0,64 (achter)",
        "3,59 (2,92–4,48)",
        "1.234.567",
        "'-0,60 tot 0,28",
        "< 0,001",
        "€ 1,0 mld",
        "0,94",
    ],
)
def test_numbers_for_people_are_caught(cell: str) -> None:
    assert looks_formatted(cell) and not is_number(cell)


@pytest.mark.parametrize(
    "cell",
    ["per € 100 mln onderzoek", "2010–2018", "Vertraging (0–2 jaar)", "TU Delft", "push-model"],
)
def test_labels_are_text(cell: str) -> None:
    assert not looks_formatted(cell)


def test_a_table_of_formatted_strings_fails_and_its_raw_numbers_pass(tmp_path: Path) -> None:
    from analysis.publication.render.notebook import _assemble, _block_from_bundle

    rep = Report(tmp_path, 2025)
    shown = pd.DataFrame({"Indicator": ["Spin-offs"], "Groei": ["+3,7%"]})
    rep.table(Table("als_tekst", "T", shown))
    raw = pd.DataFrame({"indicator": ["spinoffs"], "groei": [0.037]})
    rep.table(Table("als_getal", "T", raw, {"groei": Column(unit="fractie", format="change")}))
    blocks = [_block_from_bundle(dict(b.payload), "t") for b in rep.bundles]
    doc = _assemble("nb", blocks, "T")  # type: ignore[arg-type]
    write_codebook([doc], tmp_path)
    from csv_check import codebook_types

    types = codebook_types(tmp_path / "data" / "codebook.csv")
    assert problems(tmp_path / "data" / "als_tekst.csv", types) == [
        'Groei row 2: "\'+3,7%" is a number written as text'
    ]
    assert problems(tmp_path / "data" / "als_getal.csv", types) == []


@pytest.mark.parametrize("cell", ["2018", "3.1.1", "2023 (start financiering)", "v2.4"])
def test_plain_numbers_versions_and_labels_in_text_columns_pass(cell: str) -> None:
    assert not looks_formatted(cell)
