"""The table contract: one frame of raw values plus a column specification (`Table`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.publication.display.report import Report
from analysis.publication.display.table import Column, Table


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "instelling": ["TU Delft", "UT"],
            "spinoffs": [12, 1234],
            "budget_eur": [62_650_000.0, 0.5],
        }
    )


def test_a_numeric_column_without_a_unit_is_refused_naming_table_and_column() -> None:
    with pytest.raises(
        ValueError, match="table 'spinoffs': numeric column without a unit: spinoffs"
    ):
        Table("spinoffs", "Spin-offs", _frame())  # budget_eur: EUR by its name; spinoffs: none
    with pytest.raises(ValueError, match="numeric column without a unit: aandeel"):
        Table("t", "T", pd.DataFrame({"aandeel": [0.5]}), {"aandeel": Column(label="Aandeel")})


def test_a_unit_may_come_from_the_spec_the_format_or_the_name() -> None:
    table = Table(
        "t",
        "T",
        _frame().assign(aandeel=[0.1, 0.2], jaar=[2024, 2025]),
        {"spinoffs": Column(unit="aantal spin-offs"), "aandeel": Column(format="percent")},
    )
    assert [table.unit(c) for c in table.csv_frame.columns] == [
        "",
        "aantal spin-offs",
        "EUR",
        "fractie (0,123 = 12,3%)",
        "jaar",
    ]


def test_a_spec_for_a_column_the_table_lacks_is_refused() -> None:
    with pytest.raises(ValueError, match="table 't': spec for unknown columns: spin_offs"):
        Table("t", "T", _frame(), {"spinoffs": Column(unit="aantal"), "spin_offs": Column()})
    with pytest.raises(ValueError, match="table 'u': formats given for unknown columns: groei"):
        Table(
            "u",
            "U",
            pd.DataFrame({"groei": [0.1]}),
            {"groei": Column(format="percent")},
            display=pd.DataFrame({"Groei": ["+10%"]}),
        )
    with pytest.raises(ValueError, match="not a slug"):
        Table("Spin offs", "T", pd.DataFrame({"a": ["x"]}))


def test_format_label_and_alignment_reach_the_page_and_the_csv_keeps_raw_numbers(
    tmp_path: Path,
) -> None:
    table = Table(
        "spinoffs",
        "Spin-offs",
        _frame(),
        {
            "instelling": Column(label="Instelling"),
            "spinoffs": Column(label="Spin-offs", unit="aantal", align="l"),
            "budget_eur": Column(label="Budget", format="money"),
        },
        source_note="Bron: KTO-uitvraag",
    )
    payload = Report(tmp_path, 2025, emit=False).table(table).payload
    assert payload["columns"] == ["Instelling", "Spin-offs", "Budget"]
    assert payload["rows"] == [
        ["TU Delft", "12", "€\u00a062,7\u00a0mln"],
        ["UT", "1.234", "€\u00a01"],
    ]
    assert payload["align"] == ["l", "l", "r"]
    assert payload["source_note"] == "Bron: KTO-uitvraag"
    assert payload["fields"] == [
        {"name": "instelling", "label": "Instelling", "unit": "", "type": "tekst"},
        {"name": "spinoffs", "label": "Spin-offs", "unit": "aantal", "type": "geheel getal"},
        {"name": "budget_eur", "label": "Budget", "unit": "EUR", "type": "getal"},
    ]
    assert (tmp_path / "data" / "spinoffs.csv").read_text(encoding="utf-8") == (
        "instelling,spinoffs,budget_eur\nTU Delft,12,62650000\nUT,1234,0.5\n"
    )
    assert (
        (tmp_path / "data" / "excel-nl" / "spinoffs.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    )


def test_a_display_frame_is_shown_while_the_csv_holds_the_raw_values(tmp_path: Path) -> None:
    raw = pd.DataFrame({"indicator": ["spinoffs"], "verhouding": [0.6412], "oordeel": ["achter"]})
    shown = pd.DataFrame({"Indicator": ["Spin-offs"], "Verhouding": ["0,64 (achter)"]})
    table = Table("kloof", "K", raw, {"verhouding": Column(unit="verhouding")}, display=shown)
    payload = Report(tmp_path, 2025, emit=False).table(table).payload
    assert payload["columns"] == ["Indicator", "Verhouding"]
    assert payload["rows"] == [["Spin-offs", "0,64 (achter)"]]
    assert [f["name"] for f in payload["fields"]] == ["indicator", "verhouding", "oordeel"]
    assert (tmp_path / "data" / "kloof.csv").read_text(encoding="utf-8") == (
        "indicator,verhouding,oordeel\nspinoffs,0.6412,achter\n"
    )


def test_a_composed_column_is_made_from_the_raw_frame_and_stays_out_of_the_csv(
    tmp_path: Path,
) -> None:
    raw = pd.DataFrame(
        {
            "indicator": ["Spin-offs", "Octrooien"],
            "verhouding": [3.594, 0.6412],
            "laag": [2.918, float("nan")],
            "hoog": [4.481, float("nan")],
            "oordeel": ["voor", "achter"],
        }
    )
    ratio = Column(unit="verhouding")
    table = Table(
        "kloof",
        "K",
        raw,
        {
            "verhouding": ratio,
            "laag": ratio,
            "hoog": ratio,
            "Verhouding (interval)": Column(
                format="estimate_interval:number:2", reads=("verhouding", "laag", "hoog")
            ),
            "oordeel": Column("Oordeel", format=str.upper, reads=("oordeel",)),
        },
        show=("indicator", "Verhouding (interval)", "oordeel"),
    )
    payload = Report(tmp_path, 2025, emit=False).table(table).payload
    assert payload["columns"] == ["indicator", "Verhouding (interval)", "Oordeel"]
    assert payload["rows"] == [
        ["Spin-offs", "3,59 (2,92–4,48)", "VOOR"],
        ["Octrooien", "0,64", "ACHTER"],
    ]
    assert payload["align"] == ["l", "l", "l"]
    assert [f["name"] for f in payload["fields"]] == list(raw.columns)
    assert [f["unit"] for f in payload["fields"]][1:4] == ["verhouding"] * 3
    assert (tmp_path / "data" / "kloof.csv").read_text(encoding="utf-8").splitlines()[0] == (
        "indicator,verhouding,laag,hoog,oordeel"
    )


def test_a_composed_column_must_read_and_show_known_columns() -> None:
    raw = pd.DataFrame({"a": ["x"], "b": ["y"]})
    with pytest.raises(ValueError, match="composed columns read unknown columns: c"):
        Table(
            "t", "T", raw, {"ab": Column(format="with_word:text", reads=("a", "c"))}, show=("ab",)
        )
    with pytest.raises(ValueError, match="shows unknown columns: ab"):
        Table("t", "T", raw, show=("a", "ab"))
    with pytest.raises(ValueError, match="reads several columns: give a format"):
        Table("t", "T", raw, {"ab": Column(reads=("a", "b"))}, show=("ab",))
