"""Chapter 1 (Terugblik): every number comes from the cited tables, missing stays missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.chapters import programme

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(RAW, target, ignore=shutil.ignore_patterns("kt_metrics"))
    return target


def test_intro_takes_the_seed_letter_figures() -> None:
    text = programme.intro_markdown(RAW)
    assert "€ 62,7 mln Rijkssubsidie" in text
    assert "12 regionale consortia" in text
    assert "2010 tot en met 2018" in text
    assert "ongeveer 2.000 startups" in text
    assert "Kamerstuk 32 637 nr. 339" in text  # cited as a footnote


def test_intro_follows_the_data(data_dir: Path) -> None:
    path = data_dir / "valorisatieprogramma" / "programme.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame["fact_id"] == "state_subsidy_total", "value"] = "70000000"
    frame.to_csv(path, index=False)
    assert "€ 70,0 mln Rijkssubsidie" in programme.intro_markdown(data_dir)


def test_subsidy_coverage_counts_only_sourced_amounts() -> None:
    # By hand from consortia.csv: Eindhoven, Twente, Groningen, Utrecht, Rotterdam,
    # Tilburg, Arnhem-Nijmegen 5.0 each and Zuid-Limburg 4.5 → 8 consortia, 39.5 M.
    text = programme.subsidy_coverage_text(RAW)
    assert text.startswith("Voor 8 van de 12 consortia")
    assert "€ 39,5 mln van de € 62,7 mln" in text
    assert "Delft, Wageningen, Amsterdam en Den Bosch" in text


def test_subsidy_table_keeps_missing_values_missing() -> None:
    frame = programme.subsidy_by_region(RAW)
    assert frame.loc[frame["regio"] == "Delft", "subsidie_eur"].isna().all()
    assert frame["subsidie_mln"].sum() == pytest.approx(39.5)


def test_chart_title_is_computed() -> None:
    subsidy = programme.subsidy_by_region(RAW)
    assert programme.subsidy_chart_title(subsidy).startswith("7 van de 8 consortia")


def test_models_follow_the_evaluation() -> None:
    text = programme.models_count_markdown(RAW)
    assert "4 met het push-model (Delft, Eindhoven, Twente en Wageningen)" in text
    assert "4 met het serve-model (Rotterdam, Tilburg, Arnhem-Nijmegen en Den Bosch)" in text


def test_consortia_table_has_twelve_rows_with_status() -> None:
    table = programme.consortia_table(RAW)
    assert len(table) == 12
    assert set(table["Status subsidie"].dropna()) <= {
        "gelezen in bron",
        "afgeleid",
        "secundaire bron",
        "niet gevonden",
    }


@pytest.mark.parametrize(
    "items,expected",
    [([], ""), (["a"], "a"), (["a", "b"], "a en b"), (["a", "b", "c"], "a, b en c")],
)
def test_join_nl(items: list[str], expected: str) -> None:
    assert programme.join_nl(items) == expected


def test_member_lists_mark_lead_and_unconfirmed_members() -> None:
    lists = programme.member_lists(RAW)
    assert lists["utrecht"] == "UU (penvoerder), HU, UMC Utrecht"
    assert lists["den-bosch"] == "HAS (penvoerder)*"
    assert all(name.endswith("*") for name in lists["amsterdam"].split(", "))


def test_reconcile_states_what_the_sources_explain() -> None:
    # Subsidy: 8 consortia with 39.5 M (see above). Co-funding: only Groningen, 10 M of 15 M total.
    text = programme.reconcile_markdown(RAW)
    assert "€ 39,5 mln van de € 62,7 mln Rijkssubsidie (8 consortia)" in text
    assert "€ 10,0 mln van de ongeveer € 62,7 mln regionale cofinanciering (1 consortium)" in text


def test_missing_table_lists_fields_no_source_gives() -> None:
    table = programme.missing_table(RAW)
    delft = set(table.loc[table["Consortium"] == "Delft", "Ontbrekend gegeven"])
    assert {"naam", "Rijkssubsidie"} <= delft
    assert "Rijkssubsidie" not in set(
        table.loc[table["Consortium"] == "Utrecht", "Ontbrekend gegeven"]
    )
