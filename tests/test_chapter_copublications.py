"""Chapter 3 opening and fact-sheet parts on industry co-publications: real, cited, Dutch."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.data import sources
from analysis.publication.chapters.copublications import figure as ch_figure
from analysis.publication.chapters.copublications import prose, shared, summary_tables
from analysis.publication.charts import export, theme
from analysis.publication.display import bundle as display_bundle
from analysis.publication.display import report as display_report

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


@pytest.fixture(scope="module")
def chapter() -> shared.CopublicationChapter:
    return shared.compute(RAW)


def test_comparison_table_is_real_cited_and_dutch(chapter: shared.CopublicationChapter) -> None:
    table = summary_tables.comparison_table(chapter)
    assert (table.basis, table.pdf) == ("real", True)
    assert chapter.comparison.source_ids == ("cwts_leiden_ranking_2020_nda",)  # cited below
    frame = table.frame
    assert len(frame) == 16
    assert list(frame.columns) == [
        "Universiteit",
        "Aandeel met bedrijven (%)",
        "Ondergrens (%)",
        "Bovengrens (%)",
        "Publicaties met bedrijven",
        "Plaats van 1.176",
        "Percentiel",
        "Tegenover ETH Zürich, Oxford en KU Leuven",
    ]
    # no raw column name or code reaches the reader
    assert not any(re.search(r"[a-z]+_[a-z]+", str(c)) for c in frame.columns)
    first = frame.iloc[0]
    assert first["Universiteit"] == "TU/e"  # short names, as in the figure
    assert first["Aandeel met bedrijven (%)"] == 15.6
    # the peers by the names chapter 3 uses, without a verdict of their own
    peers = frame[frame["Universiteit"].isin(["ETH Zürich", "Oxford", "KU Leuven"])]
    assert len(peers) == 3 and set(peers["Tegenover ETH Zürich, Oxford en KU Leuven"]) == {"–"}
    verdicts = frame.set_index("Universiteit")["Tegenover ETH Zürich, Oxford en KU Leuven"]
    # by hand from the 2020 rows (difference intervals against all three peers)
    assert verdicts["TU/e"] == "hoger dan alle drie"
    assert verdicts["TiU"] == "lager dan alle drie"
    assert verdicts["UL"] == "niet eenduidig"
    assert set(table.formats) <= set(frame.columns)
    # Cited by its number in the reference list (issue 12): the title is printed there.
    number = sources.reference_number("cwts_leiden_ranking_2020_nda", chapter.sources)
    assert "2016–2019" in table.source_note
    assert table.source_note.startswith(f"Bron: [{number}].")


def test_differences_are_on_the_site_with_their_intervals(
    chapter: shared.CopublicationChapter,
) -> None:
    table = summary_tables.differences_table(chapter)
    assert (table.basis, table.pdf) == ("real", False)
    row = table.frame.set_index("Universiteit").loc["TU/e"]
    # 15,6% against ETH Zürich's 8,0%: 7,6 percentage points, interval around it
    assert row["ETH Zürich: verschil (procentpunt)"] == pytest.approx(7.6)
    assert (
        row["ETH Zürich: ondergrens (procentpunt)"]
        < 7.6
        < row["ETH Zürich: bovengrens (procentpunt)"]
    )
    assert len(table.frame.columns) == 1 + 3 * 3
    # The page drops the unit the caption states; the CSV keeps it and the codebook says it.
    assert table.label("KU Leuven: bovengrens (procentpunt)") == "KU Leuven: bovengrens"
    units = [table.unit(c) for c in table.frame.columns[1:]]
    assert set(units) == {"procentpunt"} and len(units) == 9


def test_chapter_two_shows_the_thirteen_universities(chapter: shared.CopublicationChapter) -> None:
    table = summary_tables.universities_table(chapter)
    assert table.basis == "real" and len(table.frame) == 13
    assert "ETH Zürich" not in set(table.frame["Universiteit"])
    assert table.frame["Aandeel met bedrijven (%)"].is_monotonic_decreasing
    assert "Plaats van 1.176" not in table.frame.columns  # chapter 3 places them
    text = prose.national_markdown(chapter)
    # 12 of the 13 above the median of all 1,176 (4,5%); from 2,5% (Tilburg) to 15,6% (TU/e)
    assert "liggen er 12 boven de mediaan (de middelste waarde" in text
    assert "van alle 1.176 universiteiten (4,5%)" in text
    assert "van 2,5% (Tilburg University) tot 15,6% (Technische Universiteit Eindhoven)" in text
    assert "bron onder de tabel" in text


def test_tables_render_through_the_report_as_real(
    chapter: shared.CopublicationChapter, tmp_path: Path
) -> None:
    report = display_report.Report(tmp_path, 2025, demo=True, emit=False)
    assert summary_tables.distribution_table(chapter).pdf is False  # its quartiles are in the text
    for table in (
        summary_tables.comparison_table(chapter),
        summary_tables.distribution_table(chapter),
    ):
        bundle = report.table(table)
        payload = bundle[display_bundle.MIME]
        # real in an edition whose default is demonstration
        assert payload["basis"] == "real"
    rows = report.bundles[0][display_bundle.MIME]["rows"]
    assert rows[0][:3] == ["TU/e", "15,6", "14,7"]
    assert rows[0][4] == "1.016"
    csv_text = (tmp_path / "data" / "copublicaties-europese-top.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines()[1].startswith("TU/e,15.6,14.7")
    distribution = report.bundles[1][display_bundle.MIME]["rows"]
    # quartiles of all 1,176 shares (numpy's linear interpolation): 2,8 · 4,5 · 6,5
    assert distribution == [["1.176", "2,8", "4,5", "6,5"]]


def test_chart_in_house_style_with_the_numbers_behind_it(
    chapter: shared.CopublicationChapter,
) -> None:
    figure = ch_figure.chart(chapter)
    assert figure.basis == "real"
    assert figure.table == summary_tables.comparison_table(chapter).name
    spec = export.spec_of(figure.chart)
    assert spec["config"]["font"] == theme.FONT
    values = export.spec_values(spec)
    assert values is not None and len(values) == 16
    tue = next(v for v in values if v["Universiteit"] == "TU/e")
    assert tue["Aandeel (%)"] == 15.6
    assert tue["Ondergrens (%)"] < 15.6 < tue["Bovengrens (%)"]
    assert {v["Groep"] for v in values} == {"Nederlandse universiteit", "Europese top"}
    colours = [
        layer["encoding"]["color"]["scale"]["range"]
        for layer in spec["layer"]
        if "color" in layer.get("encoding", {})
    ]
    assert colours and all(c == [theme.NL_COLOR, theme.PEER_COLOR] for c in colours)
    assert theme.palette_problems(spec) == []
    # the middle half of all ranked universities as a band: quartiles 2,8 and 4,5 .. 6,5
    band = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rect")
    (row,) = spec["datasets"][band["data"]["name"]]
    assert (round(row["q1"], 1), round(row["q3"], 1)) == (2.8, 6.5)
    svg = export.to_svg(spec)
    assert svg.startswith("<svg")


def test_chart_title_is_computed_from_the_comparison(chapter: shared.CopublicationChapter) -> None:
    # By hand from the 2020 rows: TU/e, TU Delft, WUR, UT above all three peers;
    # VU, UvA, RU, TiU below all three (difference intervals exclude zero).
    assert ch_figure.chart_title(chapter) == (
        "4 van de 13 Nederlandse universiteiten publiceren vaker met het bedrijfsleven dan "
        "ETH Zürich, Oxford en KU Leuven, 4 minder vaak"
    )
    assert "mediaan van alle 1.176 universiteiten" in ch_figure.chart_alt(chapter)
    assert "(4,5%)" in ch_figure.chart_alt(chapter)


def test_intro_text_numbers_window_and_source(chapter: shared.CopublicationChapter) -> None:
    text = prose.intro_markdown(chapter)
    assert "Leiden Ranking 2020 (de ranglijst van universiteiten die het CWTS" in text
    assert "publicaties 2015–2018, alle wetenschapsgebieden)" in text
    assert "Technische Universiteit Eindhoven heeft met 15,6% het hoogste aandeel" in text
    assert "Tilburg University het laagste (2,5%)" in text
    assert "ETH Zürich (8,0%), Oxford (7,4%) en KU Leuven (8,1%)" in text
    assert (
        "4 Nederlandse universiteiten publiceren vaker met bedrijven dan alle drie, 4 minder "
        "vaak; bij 5 is het verschil met ten minste één van de drie niet te onderscheiden van "
        "toeval"
    ) in text
    assert "op 4,5% en de middelste helft tussen 2,8% en 6,5%" in text
    assert "12 van de 13 Nederlandse universiteiten liggen boven de mediaan" in text
    assert "plaats 5" in text
    # The abbreviations of the figure and tables are given before them.
    assert "TiU: Tilburg University" in text and "UL: Universiteit Leiden" in text
    # The intervals' method is in Bijlage B, with the words a methodologist looks for.
    assert "zie de berekeningen bij hoofdstuk 3 in bijlage B" in text
    for jargon in ("Wilson", "Holm", "Newcombe", "steekproefonzekerheid"):
        assert jargon not in text
    method = prose.method_markdown(chapter)
    assert "Wilson" in method and "Newcombe" in method and "(Holm)" in method
    assert "De 39 vergelijkingen" in method and "steekproefonzekerheid" in method
    # no causal claims and no demonstration wording in a real-data section
    for word in ("effect van het programma", "leidt tot", "veroorzaakt", "demonstratiedata"):
        assert word not in text


def test_intro_follows_the_data(tmp_path: Path) -> None:
    data_dir = tmp_path / "raw"
    shutil.copytree(RAW, data_dir, ignore=shutil.ignore_patterns("kt_metrics"))
    path = data_dir / "benchmark" / "leiden_ranking.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    tilburg = frame["institution_id"] == "tiu"
    frame.loc[tilburg, ["P_industry_collab", "PP_industry_collab"]] = ["574", "20.0"]
    frame.to_csv(path, index=False)
    text = prose.intro_markdown(shared.compute(data_dir))
    assert "Tilburg University heeft met 20,0% het hoogste aandeel" in text


def test_factsheet_parts(chapter: shared.CopublicationChapter) -> None:
    (item,) = prose.factsheet_keyfigures(chapter, "tue")
    assert item["label"] == "Co-publicaties met bedrijven (Leiden Ranking 2020)"
    assert item["value"] == "15,6%" and item["basis"] == "real"
    # by hand: 1.016 of TU/e's publications, rank 5 of 1.176, Wilson interval 14,7–16,5%
    assert item["note"] == (
        "95%-interval 14,7–16,5%; 1.016 publicaties 2015–2018; plaats 5 van 1.176"
    )
    for missing in ("ou", "tno", "lumc", "hva"):
        assert prose.factsheet_keyfigures(chapter, missing) == []


def test_accounts_table_for_a_fact_sheet() -> None:
    table = prose.accounts_table(RAW, "ru")
    assert table is not None
    assert table.basis == "real"
    assert table.source_note.count("Radboud Universiteit") == 1  # its one source, cited
    frame = table.frame
    assert list(frame.columns) == ["Jaar", "Gegeven", "Bedrag", "Herkomst"]
    assert list(frame["Jaar"]) == [2020, 2021, 2020, 2021]
    assert list(frame["Bedrag"]) == [20_878_000, 25_790_000, 150_214_000, 172_534_000]
    assert set(frame["Herkomst"]) == {"gelezen in de bron"}
    assert table.formats["Bedrag"] == "money"
    # author-date citation (the full entry is in annex B): publisher and date
    assert table.source_note.startswith("Bron: Radboud Universiteit")
    assert "https://" not in table.source_note
    # the citation; Radboud's figures are read in its own report: no further note (the
    # money rule is said once where the annex opens)
    assert table.source_note.startswith("Bron: ")
    assert prose.ACCOUNTS_MONEY_NOTE not in table.source_note
    mixed = prose.accounts_table(RAW, "ut")
    assert mixed is not None
    assert list(mixed.frame.columns) == ["Jaar", "Gegeven", "Bedrag", "Aantal", "Herkomst"]
    spinoffs = mixed.frame[mixed.frame["Gegeven"] == "Spin-offs uit wetenschappelijk onderzoek"]
    assert spinoffs["Aantal"].tolist() == [5.0] and spinoffs["Bedrag"].isna().all()
    assert "uit secundaire bron" in set(mixed.frame["Herkomst"])
    # the counts keep their own notes (the patent count may include non-priority filings)
    assert "niet vermeld of het alleen om prioritaire aanvragen gaat" in mixed.source_note
    # a note that starts with its label does not repeat it
    assert "Aangevraagde octrooien volgens de Twente Index" in mixed.source_note
    assert "Aangevraagde octrooien: aangevraagde" not in mixed.source_note
    # a money figure from a secondary source with an inferred year says so
    eur = prose.accounts_table(RAW, "eur")
    assert eur is not None and "het jaar staat niet in de zin en is afgeleid" in eur.source_note
    assert prose.accounts_table(RAW, "tud") is None
    # read once for a thousand sheets: the loaded figures give the same table
    accounts = prose.Accounts.load(RAW)
    again = prose.accounts_table(accounts, "ru")
    assert again is not None and again.frame.equals(frame)


def test_available(tmp_path: Path) -> None:
    assert shared.available(RAW)
    assert not shared.available(tmp_path)
