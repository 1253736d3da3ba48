"""Chapter 1 (Terugblik): every number comes from the cited tables, missing stays missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.data import sources
from analysis.publication.chapters import programme
from analysis.publication.labels import STATUS_LABELS

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def plain(text: str) -> str:
    """The prose with its amounts' no-break spaces read as spaces (test_formatting checks them)."""
    return text.replace("\u00a0", " ")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(RAW, target, ignore=shutil.ignore_patterns("kt_metrics"))
    return target


def test_intro_takes_the_seed_letter_figures() -> None:
    text = plain(programme.intro_markdown(RAW))
    assert "€ 62,7 mln Rijkssubsidie" in text
    assert "12 regionale consortia" in text
    assert "2010 tot en met 2018" in text
    assert "ongeveer 2.000 startups" in text
    # Cited by the number of the policy response (Kamerstuk 32 637 nr. 339) in the list.
    number = sources.reference_number("kamerstuk_32637_339", sources.load_sources(RAW))
    assert f"12 regionale consortia \\[{number}\\]" in text
    assert "Kamerstuk" not in text  # the title is printed once, in the reference list


def test_intro_follows_the_data(data_dir: Path) -> None:
    path = data_dir / "valorisatieprogramma" / "programme.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame["fact_id"] == "state_subsidy_total", "value"] = "70000000"
    frame.to_csv(path, index=False)
    assert "€ 70 mln Rijkssubsidie" in plain(programme.intro_markdown(data_dir))


def test_subsidy_coverage_counts_only_sourced_amounts() -> None:
    # By hand from consortia.csv: Eindhoven, Twente, Groningen, Utrecht, Rotterdam,
    # Tilburg, Arnhem-Nijmegen 5.0 each and Zuid-Limburg 4.5 → 8 consortia, 39.5 M.
    text = plain(programme.subsidy_coverage_text(RAW))
    assert text.startswith("Voor 8 van de 12 consortia")
    assert "€ 39,5 mln van de € 62,7 mln" in text
    assert "Delft, Wageningen, Amsterdam en Den Bosch" in text


def test_subsidy_table_keeps_missing_values_missing() -> None:
    frame = programme.subsidy_by_region(RAW)
    assert frame.loc[frame[programme.REGION] == "Delft", programme.SUBSIDY].isna().all()
    assert frame[programme.SUBSIDY].sum() == pytest.approx(39_500_000)


def test_subsidy_table_and_chart_speak_dutch() -> None:
    """No raw column name or status code reaches the reader (table, axis or tooltip)."""
    subsidy = programme.subsidy_by_region(RAW)
    table = programme.subsidy_table(subsidy, RAW).frame
    assert list(table.columns) == [
        "Consortium (regio)",
        "Model (evaluatie)",
        "Rijkssubsidie (EUR)",
        "Status",
    ]
    assert set(table["Model (evaluatie)"]) == {
        "aanbodmodel",
        "uitwisselingsmodel",
        "dienstverleningsmodel",
    }
    assert set(table["Status"]) == {"gelezen in de bron", "uit secundaire bron", "niet gevonden"}
    spec = programme.subsidy_chart(subsidy).to_dict()
    fields = {t["field"] for t in spec["encoding"]["tooltip"]}
    assert fields == {"Consortium", "Model", "Rijkssubsidie (mln euro)"}


def test_chart_title_is_computed() -> None:
    subsidy = programme.subsidy_by_region(RAW)
    assert programme.subsidy_chart_title(subsidy).startswith("7 van de 8 consortia")


def test_models_follow_the_evaluation() -> None:
    text = programme.models_count_markdown(RAW)
    assert "4 met het aanbodmodel (Delft, Eindhoven, Twente en Wageningen)" in text
    assert (
        "4 met het dienstverleningsmodel (Rotterdam, Tilburg, Arnhem-Nijmegen en Den Bosch)" in text
    )


def test_consortia_table_has_twelve_rows_with_status() -> None:
    table = programme.consortia_table(RAW).frame
    assert len(table) == 12
    assert "Status subsidie" not in table.columns  # in the subsidy table below it
    subsidy = programme.subsidy_by_region(RAW)
    assert set(subsidy[programme.STATUS]) <= {
        "gelezen in de bron",
        "afgeleid",
        "uit secundaire bron",
        "niet gevonden",
    }


def test_sources_are_cited_by_number_under_the_tables() -> None:
    register = sources.load_sources(RAW)
    consortia = pd.read_csv(RAW / "valorisatieprogramma" / "consortia.csv", dtype=str)
    numbers = sources.reference_numbers(consortia["source_id"].dropna(), register)
    note = programme.consortia_source_note(RAW)
    assert note.startswith("Bronnen: " + ", ".join(map(str, numbers)) + ".")
    assert note.endswith("* = deelname afgeleid uit de bronnen, niet bevestigd.")
    assert "http" not in note
    table = programme.programme_table(RAW).shown_frame
    assert table["Bron"].str.fullmatch(r"\[\d+(, \d+)*\]").all()
    assert "vanaf 2019" in set(table["Periode"])  # 'from 2019' in the data
    assert set(table["Status"]) <= set(STATUS_LABELS.values())


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
    text = plain(programme.reconcile_markdown(RAW))
    assert "€ 39,5 mln van de € 62,7 mln Rijkssubsidie (8 consortia)" in text
    assert "€ 10 mln van de ongeveer € 62,7 mln regionale cofinanciering (het geld" in text
    assert "Rijkssubsidie bijdroegen; 1 consortium)" in text


def test_missing_table_lists_fields_no_source_gives() -> None:
    table = programme.missing_table(RAW).frame.set_index("Consortium")
    assert len(table) == 12  # every consortium lacks something; one row each
    assert table.loc["Delft", "Ontbrekende gegevens"] == (
        "naam, Rijkssubsidie, cofinanciering en totaalbudget"
    )
    assert table.loc["Utrecht", "Ontbrekende gegevens"] == "cofinanciering"
    assert set(table["Status"]) == {"niet gevonden"}


def test_period_words_in_dutch() -> None:
    assert programme.period_nl("from 2019") == "vanaf 2019"
    assert programme.period_nl("2010–2018") == "2010–2018"
    assert programme.period_nl(float("nan")) == ""


def test_the_key_facts_download_holds_numbers_with_their_unit() -> None:
    """The CSV behind the key-facts table: € 62,7 mln is 62700000 euro, row for row."""
    table = programme.programme_table(RAW)
    shown, data = table.shown_frame, table.csv_frame
    assert len(data) == len(shown)
    assert data["Waarde"].dtype == "float64"
    subsidy = data[data["Gegeven"] == "Rijkssubsidie toegekend aan de consortia (totaal)"].iloc[0]
    assert (subsidy["Waarde"], subsidy["Eenheid"]) == (62_700_000.0, "euro")
    assert set(data["Eenheid"]) <= {"euro", "procent", "jaar", "aantal"}
    pd.testing.assert_frame_equal(
        data.drop(columns=["Waarde", "Eenheid"]), shown.drop(columns="Waarde"), check_dtype=False
    )


def test_compute_reads_the_cited_tables_once_for_the_chapter_and_its_message() -> None:
    from analysis.publication.chapters.key_messages import programme_answer

    result = programme.compute(RAW)
    pd.testing.assert_frame_equal(result.facts, programme.load_programme(RAW))
    pd.testing.assert_frame_equal(result.subsidy, programme.subsidy_by_region(RAW))
    wide = pd.DataFrame({"institution_id": ["tud"], "year": [2015], "is_demonstration": [True]})
    facts = programme_answer.programme_facts(wide, RAW, result)
    assert facts == programme_answer.programme_facts(wide, RAW)
    assert facts.known_subsidies == int(result.subsidy[programme.SUBSIDY].notna().sum())
