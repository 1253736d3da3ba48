"""Chapter 3 opening and fact-sheet parts on industry co-publications: real, cited, Dutch."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import charts, display, sources
from analysis.chapters import copublications as ch

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


@pytest.fixture(scope="module")
def chapter() -> ch.CopublicationChapter:
    return ch.compute(RAW)


def test_comparison_table_is_real_cited_and_dutch(chapter: ch.CopublicationChapter) -> None:
    table = ch.comparison_table(chapter)
    assert table.demo is False
    assert table.source_ids == ("cwts_leiden_ranking_2020_nda",)
    frame = table.frame
    assert len(frame) == 16
    assert list(frame.columns[:3]) == ["Universiteit", "Groep", "Aandeel met bedrijfsleven (%)"]
    assert "Plaats van 1.176" in frame.columns
    assert "Verschil met ETH Zürich (procentpunt)" in frame.columns
    assert "Verschil met Oxford (procentpunt)" in frame.columns
    # no raw column name or code reaches the reader
    assert not any(re.search(r"[a-z]+_[a-z]+", str(c)) for c in frame.columns)
    assert set(frame["Groep"]) == {"Nederlandse universiteit", "Europese top"}
    first = frame.iloc[0]
    assert first["Universiteit"] == "Technische Universiteit Eindhoven"
    assert first["Aandeel met bedrijfsleven (%)"] == 15.6
    assert set(table.formats) <= set(frame.columns)
    # Cited by its number in the reference list (issue 12): the title is printed there.
    number = sources.reference_number("cwts_leiden_ranking_2020_nda", chapter.sources)
    assert "2016–2019" in table.source_note
    assert table.source_note.endswith(f"[{number}].")


def test_tables_render_through_the_report_as_real(
    chapter: ch.CopublicationChapter, tmp_path: Path
) -> None:
    report = display.Report(tmp_path, 2025, emit=False)
    for table in (ch.comparison_table(chapter), ch.distribution_table(chapter)):
        bundle = report.table(
            table.frame,
            table.name,
            table.caption,
            formats=table.formats,
            source_note=table.source_note,
            demo=table.demo,
        )
        payload = bundle[display.MIME]
        assert payload["demo"] is False
    rows = report.bundles[0][display.MIME]["rows"]
    assert rows[0][:3] == ["Technische Universiteit Eindhoven", "Nederlandse universiteit", "15,6"]
    assert rows[0][5] == "1.016"
    csv_text = (tmp_path / "data" / "copublicaties-europese-top.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines()[1].startswith(
        "Technische Universiteit Eindhoven,Nederlandse universiteit,15.6,"
    )
    distribution = report.bundles[1][display.MIME]["rows"]
    # quartiles of all 1,176 shares (numpy's linear interpolation): 2,8 · 4,5 · 6,5
    assert distribution == [["1.176", "2,8", "4,5", "6,5"]]


def test_chart_in_house_style_with_the_numbers_behind_it(
    chapter: ch.CopublicationChapter,
) -> None:
    figure = ch.chart(chapter)
    assert figure.demo is False
    assert figure.table == ch.comparison_table(chapter).name
    spec = charts.spec_of(figure.chart)
    assert spec["config"]["font"] == charts.FONT
    values = charts.spec_values(spec)
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
    assert colours and all(c == [charts.NL_COLOR, charts.PEER_COLOR] for c in colours)
    svg = charts.to_svg(spec)
    assert svg.startswith("<svg")


def test_chart_title_is_computed_from_the_comparison(chapter: ch.CopublicationChapter) -> None:
    # By hand from the 2020 rows: TU/e, TU Delft, WUR, UT above all three peers;
    # VU, UvA, RU, TiU below all three (difference intervals exclude zero).
    assert ch.chart_title(chapter) == (
        "4 van de 13 Nederlandse universiteiten publiceren vaker met het bedrijfsleven dan "
        "ETH Zürich, Oxford en KU Leuven, 4 minder vaak"
    )
    assert "mediaan van alle 1.176 universiteiten" in ch.chart_alt(chapter)
    assert "(4,5%)" in ch.chart_alt(chapter)


def test_intro_text_numbers_window_and_source(chapter: ch.CopublicationChapter) -> None:
    text = ch.intro_markdown(chapter)
    assert "CWTS Leiden Ranking 2020 (publicaties 2015–2018" in text
    assert "Technische Universiteit Eindhoven heeft met 15,6% het hoogste aandeel" in text
    assert "Tilburg University het laagste (2,5%)" in text
    assert "ETH Zürich (8,0%), Oxford (7,4%) en KU Leuven (8,1%)" in text
    assert "4 Nederlandse universiteiten liggen boven alle drie, 4 eronder; bij 5" in text
    assert "mediaan op 4,5%; 12 van de 13" in text
    assert "plaats 5" in text
    number = sources.reference_number("cwts_leiden_ranking_2020_nda", chapter.sources)
    assert f"[{number}]" in text
    assert "steekproefonzekerheid" in text
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
    text = ch.intro_markdown(ch.compute(data_dir))
    assert "Tilburg University heeft met 20,0% het hoogste aandeel" in text


def test_factsheet_parts(chapter: ch.CopublicationChapter) -> None:
    items = ch.factsheet_keyfigures(chapter, "tue")
    assert [i["value"] for i in items] == ["15,6%", "1.016", "5 van 1.176"]
    assert "hoger dan 99,7% van de andere universiteiten" in items[2]["note"]
    assert "geen demonstratie" in items[0]["note"]
    text = ch.factsheet_markdown(chapter, "ut")
    assert "606 publicaties met een co-auteur uit het bedrijfsleven, 9,3%" in text
    assert "ETH Zürich 8,0%, Oxford 7,4% en KU Leuven 8,1%" in text
    assert "geen demonstratiegegevens" in text
    for missing in ("ou", "tno", "lumc", "hva"):
        assert ch.factsheet_keyfigures(chapter, missing) == []
        assert ch.factsheet_markdown(chapter, missing) == ""


def test_accounts_table_for_a_fact_sheet() -> None:
    table = ch.accounts_table(RAW, "ru")
    assert table is not None
    assert table.demo is False
    assert table.source_ids == ("ru_jaarverslag_2021",)
    frame = table.frame
    assert list(frame["Jaar"]) == [2020, 2021, 2020, 2021]
    assert list(frame["Waarde"]) == [20_878_000, 25_790_000, 150_214_000, 172_534_000]
    assert set(frame["Status"]) == {"gelezen in bron"}
    register = sources.load_sources(RAW)
    assert (frame["Bron"] == sources.cite("ru_jaarverslag_2021", register)).all()
    assert table.formats["Waarde"] == "money"
    mixed = ch.accounts_table(RAW, "ut")
    assert mixed is not None and mixed.formats["Waarde"] == "number:0"
    assert "secundaire bron" in set(mixed.frame["Status"])
    assert ch.accounts_table(RAW, "tud") is None


def test_available(tmp_path: Path) -> None:
    assert ch.available(RAW)
    assert not ch.available(tmp_path)
