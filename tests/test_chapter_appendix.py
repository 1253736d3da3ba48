"""Bijlagen: methods, sources and colophon are complete and computed from the data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.chapters import appendix

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def test_methods_cover_every_indicator_in_dutch() -> None:
    table = appendix.methods_table(RAW)
    catalogue = pd.read_csv(RAW / "indicators.csv")
    assert list(table["Code"]) == list(catalogue["indicator"])
    assert table["Definitie"].str.len().min() > 20
    assert set(table["Eenheid"]) <= {"euro", "fte", "aantal"}


def test_sources_list_every_entry() -> None:
    table = appendix.sources_table(RAW)
    raw = pd.read_csv(RAW / "sources.csv")
    assert list(table["Bron-id"]) == list(raw["source_id"])
    row = table.set_index("Bron-id").loc["kamerstuk_32637_339"]
    assert "Kamerstuk 32 637 nr. 339" in row["Bronvermelding"]


def test_demonstration_statement_counts_by_source() -> None:
    long = pd.DataFrame(
        {
            "institution_id": ["a", "a", "b", "b"],
            "year": [2020, 2021, 2020, 2021],
            "source_id": ["demonstration", "demonstration", "demonstration", "annual_report"],
        }
    )
    text = appendix.demonstration_statement(long)
    assert "3 van de 4 waarden (75%)" in text
    assert "voor 2 instellingen over 2020–2021" in text
    real = long.assign(source_id="annual_report")
    assert "geen demonstratiedata" in appendix.demonstration_statement(real)


def test_colophon_inputs_change_when_a_file_changes(tmp_path: Path) -> None:
    data = tmp_path / "raw"
    (data / "kt_metrics" / "2024").mkdir(parents=True)
    (data / "sources.csv").write_text("a\n")
    (data / "kt_metrics" / "2024" / "x.csv").write_text("1\n")
    before = appendix.colophon_inputs(data)
    assert list(before["Invoer"]) == ["sources.csv", "kt_metrics/2024/ (1 bestanden)"]
    (data / "kt_metrics" / "2024" / "x.csv").write_text("2\n")
    after = appendix.colophon_inputs(data)
    assert before.iloc[1, 1] != after.iloc[1, 1]
    assert before.iloc[0, 1] == after.iloc[0, 1]


def test_colophon_versions_name_the_engines() -> None:
    versions = appendix.colophon_versions().set_index("Pakket")["Versie"]
    assert versions["typst"][0].isdigit()
    assert versions["pypandoc-binary"][0].isdigit()


def quality_results() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "suite": [
                "submission_keys",
                "submission_keys",
                "submission_consistency",
                "reference_sources",
            ],
            "expectation": ["e1", "e2", "e3", "e4"],
            "file": [None, None, "kt_metrics/2024/tud.csv", None],
            "row": [None, None, 7, None],
            "column": ["institution_id", "year", "value", "source_id"],
            "rule": ["not_null", "unique_key", "year_on_year_jump", "unique_key"],
            "severity": ["error", "error", "warning", "error"],
            "outcome": ["passed", "passed", "warning", "passed"],
            "message": ["ok", "ok", "spin-offs ×6 ten opzichte van 2023", "ok"],
        }
    )


def test_quality_summary_counts_per_suite() -> None:
    summary = appendix.quality_summary(quality_results()).set_index("Controle")
    assert summary.loc["Opgaven: sleutels en uniciteit", "geslaagd"] == 2
    assert summary.loc["Opgaven: onderlinge samenhang en sprongen", "waarschuwing"] == 1
    assert summary["fout"].sum() == 0


def test_quality_warnings_name_file_row_column_rule() -> None:
    warnings = appendix.quality_warnings(quality_results())
    assert warnings.to_dict("records") == [
        {
            "Bestand": "kt_metrics/2024/tud.csv",
            "Rij": 7,
            "Kolom": "value",
            "Regel": "year_on_year_jump",
            "Melding": "spin-offs ×6 ten opzichte van 2023",
        }
    ]
    text = appendix.quality_markdown(quality_results())
    assert "3 controles slaagden, 1 meldingen zijn waarschuwingen en 0 fouten" in text
