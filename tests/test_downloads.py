"""Downloads, licences, chart actions, definitions under charts and the navigation.

Known answers by hand: the shipped register's licences (CWTS Leiden Ranking CC BY 4.0,
the monitor's own data CC BY 4.0 and code MIT), archives of hand-made tables, charts
whose encoded fields name catalogue indicators, and a navbar of chapters and tools.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest

from analysis.data import sources
from analysis.errors import InputError
from analysis.publication.render import downloads
from analysis.publication.render.chart_definitions import (
    Definition,
    chart_definitions,
    definitions,
)
from analysis.publication.render.chart_export import ChartContext
from analysis.publication.render.config import NavItem, ReportConfig
from analysis.publication.render.html_blocks import permalink
from analysis.publication.render.notebook import ChartBlock, Document, Field, SubPage, TableBlock
from analysis.publication.render.site_chrome import navigation

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


# --- licences ---------------------------------------------------------------------------


def test_shipped_licences_name_the_monitors_own_and_every_listed_source() -> None:
    licences = downloads.load_licences(RAW)
    assert licences.data.id == "CC-BY-4.0"
    assert licences.code.id == "MIT"
    register = sources.load_sources(RAW)
    listed = register[register["number"].notna()]
    assert [n for n, _ in licences.sources] == list(range(1, len(listed) + 1))
    by_number = dict(licences.sources)
    leiden = sources.reference_number("cwts_leiden_ranking_2020_nda", register)
    assert by_number[leiden].id == "CC-BY-4.0"
    # The monitor's own assumptions carry its data licence; a press item is not guessed.
    assert by_number[sources.reference_number("assumption_scheme_ramp", register)].id == (
        "CC-BY-4.0"
    )
    assert by_number[sources.reference_number("bitschips_2010", register)].id == "onbekend"


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    target.mkdir()
    for name in ("sources.csv", "licences.csv"):
        shutil.copyfile(RAW / name, target / name)
    return target


def _rewrite(path: Path, column: str, row: int, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_unknown_licence_of_a_source_is_refused_with_row_and_column(raw_copy: Path) -> None:
    _rewrite(raw_copy / "sources.csv", "licence", 3, "CC-BY-99")
    with pytest.raises(InputError) as info:
        downloads.load_licences(raw_copy)
    err = info.value.finding
    assert (err.row, err.column, err.rule) == (3, "licence", "known_licence")
    assert "sources.csv" in str(err) and "CC-BY-99" in str(err)


def test_empty_licence_is_refused_not_read_as_free(raw_copy: Path) -> None:
    _rewrite(raw_copy / "sources.csv", "licence", 5, "")
    with pytest.raises(InputError) as info:
        downloads.load_licences(raw_copy)
    assert (info.value.finding.row, info.value.finding.rule) == (5, "known_licence")


def test_the_monitors_data_licence_must_be_exactly_one(raw_copy: Path) -> None:
    _rewrite(raw_copy / "licences.csv", "monitor_part", 3, "gegevens")  # MIT row: data too
    with pytest.raises(InputError) as info:
        downloads.load_licences(raw_copy)
    assert info.value.finding.rule == "one_monitor_licence" and "2 rows" in str(info.value)


def test_a_licence_address_must_be_a_web_address(raw_copy: Path) -> None:
    _rewrite(raw_copy / "licences.csv", "url", 3, "javascript:alert(1)")
    with pytest.raises(InputError) as info:
        downloads.load_licences(raw_copy)
    assert (info.value.finding.row, info.value.finding.column) == (3, "url")


def test_missing_licence_table_is_an_input_error(raw_copy: Path) -> None:
    (raw_copy / "licences.csv").unlink()
    with pytest.raises(InputError, match="missing_file"):
        downloads.load_licences(raw_copy)


def test_reference_validation_checks_the_licence_column(tmp_path: Path) -> None:
    from analysis.data.validation import reference

    data = tmp_path / "raw"
    shutil.copytree(RAW, data, ignore=shutil.ignore_patterns("kt_metrics"))
    assert not [f for f in reference.validate_reference(data).errors if f.column == "licence"]
    _rewrite(data / "sources.csv", "licence", 4, "vrij")
    _rewrite(data / "sources.csv", "licence", 6, "")
    found = {
        (f.file, f.row, f.column, f.rule)
        for f in reference.validate_reference(data).errors
        if f.column == "licence"
    }
    assert found == {
        ("sources.csv", 4, "licence", "reference_known"),
        ("sources.csv", 6, "licence", "not_null"),
    }


# --- the archive ------------------------------------------------------------------------


def _table(name: str, caption: str) -> TableBlock:
    return TableBlock(
        name=name,
        caption=caption,
        columns=("Jaar", "Aantal"),
        rows=(("2024", "3"),),
        align=("l", "r"),
        csv=f"data/{name}.csv",
        source_note="",
        fields=(
            Field("jaar", "Jaar", "jaar", "geheel getal"),
            Field("aantal", "Aantal", "", "getal"),
        ),
    )


def _year_dir(tmp_path: Path, names: list[str]) -> Path:
    year_dir = tmp_path / "year"
    (year_dir / "data" / "excel-nl").mkdir(parents=True)
    for name in names:
        (year_dir / "data" / f"{name}.csv").write_text(f"jaar,aantal\n2024,{len(name)}\n")
        (year_dir / "data" / "excel-nl" / f"{name}.csv").write_text("\ufeffjaar;aantal\n2024;3\n")
    (year_dir / "data" / "codebook.csv").write_text("tabel\nb\n")
    (year_dir / "data" / "excel-nl" / "codebook.csv").write_text("\ufefftabel\nb\n")
    return year_dir


def test_archive_holds_every_table_sorted_with_fixed_stamps(tmp_path: Path) -> None:
    docs = [
        Document("a.ipynb", "Hoofdstuk A", (_table("zeta", "Zeta"),)),
        Document(
            "b.ipynb",
            "Hoofdstuk B",
            (_table("alfa", "Alfa"),),
            (SubPage("x", "Blad X", (_table("midden", "Midden"),)),),
        ),
    ]
    year_dir = _year_dir(tmp_path, ["zeta", "alfa", "midden"])
    path = downloads.write_archive(docs, year_dir, 2025, downloads.load_licences(RAW))
    assert path == year_dir / "valorisatiemonitor-2025-tabellen.zip"
    first = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert names == [
            "LEESMIJ.txt",
            "codeboek.csv",
            "excel-nl/alfa.csv",
            "excel-nl/codeboek.csv",
            "excel-nl/midden.csv",
            "excel-nl/zeta.csv",
            "tabellen/alfa.csv",
            "tabellen/midden.csv",
            "tabellen/zeta.csv",
        ]
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.read("tabellen/midden.csv") == b"jaar,aantal\n2024,6\n"
        readme = archive.read("LEESMIJ.txt").decode("utf-8")
        assert "Creative Commons" in readme
    # Files touched later (other mtimes) and tables in another order: the same bytes.
    for name in ("zeta", "alfa", "midden"):
        target = year_dir / "data" / f"{name}.csv"
        target.write_bytes(target.read_bytes())
    again = downloads.write_archive(
        list(reversed(docs)), year_dir, 2025, downloads.load_licences(RAW)
    )
    assert again.read_bytes() == first


# --- chart files --------------------------------------------------------------------------

_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">'
    '<rect width="40" height="20" fill="#154273"/></svg>'
)


def _chart(name: str, table: str | None, spec: dict[str, object]) -> ChartBlock:
    return ChartBlock(
        name=name,
        title="Titel",
        alt="Beschrijving",
        spec=spec,
        svg_path=f"charts/print/{name}.svg",
        svg_inline=None,
        table=table,
    )


def _context(title: str, basis: str = "Geciteerde bron", demo: bool = False) -> ChartContext:
    return ChartContext(
        title=title,
        subtitle="Aantal per jaar",
        source="Jaarverslag [3].",
        basis=basis,
        edition="Valorisatiemonitor 2025",
        address="https://voorbeeld.test/2025/site/a.html#fig-met-tabel",
        demonstration=demo,
    )


def test_chart_files_png_beside_the_svg_and_csv_only_without_a_table(tmp_path: Path) -> None:
    """Every download is the chart framed with its context (title, subtitle, source, basis,
    edition, address); the PNG is rasterised from that SVG; the bare chart stays for the PDF."""
    year_dir = tmp_path / "year"
    (year_dir / "charts" / "print").mkdir(parents=True)
    for name in ("met-tabel", "zonder-tabel"):
        (year_dir / "charts" / "print" / f"{name}.svg").write_text(_SVG)
    spec = {"data": {"values": [{"Jaar": 2024, "Aantal": 3}, {"Jaar": 2025, "Aantal": 5}]}}
    docs = [
        Document(
            "a.ipynb",
            "A",
            (_chart("met-tabel", "t", spec), _chart("zonder-tabel", None, spec)),
        )
    ]
    contexts = {
        "charts/print/met-tabel.svg": _context("Meer spin-offs"),
        "charts/print/zonder-tabel.svg": _context(
            "Fictief", "Proefeditie — fictieve cijfers", demo=True
        ),
    }
    written = downloads.write_chart_files(docs, year_dir, contexts)
    svg = (year_dir / "charts" / "met-tabel.svg").read_text(encoding="utf-8")
    for text in (
        "Meer spin-offs",
        "Aantal per jaar",
        "Bron: Jaarverslag [3].",
        "Basis: Geciteerde bron",
        "Valorisatiemonitor 2025",
        "https://voorbeeld.test/2025/site/a.html#fig-met-tabel",
    ):
        assert f">{text}</text>" in svg, text
    assert "Proefeditie" not in svg
    demo_svg = (year_dir / "charts" / "zonder-tabel.svg").read_text(encoding="utf-8")
    assert ">Proefeditie — fictieve instellingen en cijfers</text>" in demo_svg
    assert ">Basis: Proefeditie — fictieve cijfers</text>" in demo_svg
    png = year_dir / "charts" / "met-tabel.png"
    assert png in written and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # The 40 x 20 chart in a frame 520 + 2 x 16 units wide, at scale 2: 1104 pixels wide.
    header = png.read_bytes()[16:24]
    assert int.from_bytes(header[:4], "big") == 1104
    assert not (year_dir / "charts" / "met-tabel.csv").exists()
    assert (year_dir / "charts" / "zonder-tabel.csv").read_text() == "Jaar,Aantal\n2024,3\n2025,5\n"
    before = png.read_bytes()
    downloads.write_chart_files(docs, year_dir, contexts)
    assert png.read_bytes() == before
    assert (year_dir / "charts" / "print" / "met-tabel.svg").read_text() == _SVG


# --- definitions under charts ----------------------------------------------------------------

_KNOWN = {
    "spin-offs": Definition("Spin-offs", "Bedrijven opgericht op basis van kennis.", "eigen"),
    "uitvindingsmeldingen": Definition("Uitvindingsmeldingen", "Meldingen.", "eigen"),
}


def test_definitions_are_read_from_the_appendix_table() -> None:
    table = TableBlock(
        name="indicatoren",
        caption="Indicatoren",
        columns=("Indicator", "Eenheid", "Groep", "Definitie", "Herkomst van de definitie"),
        rows=(("Spin-offs", "aantal", "push", "Opgericht in het jaar.", "eigen definitie"),),
        align=("l",) * 5,
        csv=None,
        source_note="",
    )
    found = definitions([Document("b.ipynb", "Bijlagen", (table,))])
    assert found == {
        "spin-offs": Definition("Spin-offs", "Opgericht in het jaar.", "eigen definitie")
    }


def test_a_chart_is_defined_by_the_indicators_it_encodes() -> None:
    spec = {
        "encoding": {"y": {"field": "Spin-offs", "type": "quantitative"}},
        "datasets": {"d": [{"Uitvindingsmeldingen": 3, "Spin-offs": 1}]},
    }
    assert chart_definitions(spec, _KNOWN) == [_KNOWN["spin-offs"]]
    # A dataset column the chart does not draw defines nothing; nor does an unknown field.
    assert chart_definitions({"encoding": {"y": {"field": "Aandeel (%)"}}}, _KNOWN) == []
    # An axis naming the indicator per year or with its unit still names it; a longer
    # word that merely starts like it does not.
    per_year = {"encoding": {"y": {"field": "w", "title": "Spin-offs per jaar"}}}
    assert chart_definitions(per_year, _KNOWN) == [_KNOWN["spin-offs"]]
    assert chart_definitions({"encoding": {"y": {"title": "Spin-offsbedrijven"}}}, _KNOWN) == []
    # One line per indicator: the values of an encoded 'Indicator' field.
    per_indicator = {
        "encoding": {"color": {"field": "Indicator"}},
        "data": {"values": [{"Indicator": "Uitvindingsmeldingen"}, {"Indicator": "Spin-offs"}]},
    }
    assert chart_definitions(per_indicator, _KNOWN) == [
        _KNOWN["spin-offs"],
        _KNOWN["uitvindingsmeldingen"],
    ]


# --- navigation and permalinks ---------------------------------------------------------------


def _config() -> ReportConfig:
    return ReportConfig(
        title="Monitor",
        subtitle="",
        author="",
        addressees="",
        pages=("a.ipynb", "b.ipynb"),
        navbar=(
            NavItem("a.ipynb", "Samenvatting"),
            NavItem("b.ipynb", "Nederland"),
            NavItem("verkenner.html", "Verkenner"),
        ),
        unnumbered=frozenset(),
        appendix=frozenset(),
        report_date=None,
    )


def test_navigation_puts_chapters_and_tools_in_two_menus() -> None:
    nav = navigation(_config(), "b.ipynb")
    chapters, tools = nav.split('<details class="vm-menu vm-menu-tools">')
    assert '<a href="index.html">Samenvatting</a>' in chapters
    assert '<a href="b.html" aria-current="page">Nederland</a>' in chapters
    assert '<span class="vm-menu-here">: Nederland</span>' in chapters
    assert [line.split('"')[1] for line in tools.split("<li><a href=")[1:]] == [
        "verkenner.html",
        "downloads.html",
        "gegevens.html",
    ]
    assert "aria-current" not in tools and "vm-menu-here" not in tools
    on_downloads = navigation(_config(), "downloads.html")
    assert '<a href="downloads.html" aria-current="page">Downloads</a>' in on_downloads
    assert "<summary>" in on_downloads and on_downloads.count("<details") == 2


def test_permalink_points_at_the_anchor_and_escapes_it() -> None:
    html = permalink("fig-trend-spin-offs", "figuur")
    assert 'href="#fig-trend-spin-offs">Link naar deze figuur</a>' in html
    assert 'data-vm-copy="fig-trend-spin-offs"' in html and "<button" in html
    assert "&quot;" in permalink('x"y', "tabel")


# --- provenance of the sources (the data page) ---------------------------------------------


def test_provenance_is_shown_on_the_data_page_per_list_number(tmp_path: Path) -> None:
    """The copies the monitor read (a GitHub copy of a data set, an R package's copy of the
    Leiden Ranking, a PDF on a document-sharing site) are on the data page, by number and
    linked to the entry; the printed list names the primary publisher only."""
    from analysis.publication.render import codebook

    licences = downloads.load_licences(RAW)
    register = sources.load_sources(RAW)
    trails = dict(licences.provenance)
    listed = register[register["number"].notna()]
    expected = {
        int(n): t.strip()
        for n, t in zip(listed["number"], listed["provenance"], strict=True)
        if t.strip()
    }
    assert trails == expected
    leiden = sources.reference_number("cwts_leiden_ranking_2020_nda", register)
    assert "R-pakket nda" in trails[leiden]
    # A source kept in the register only shows no provenance: it is in no list.
    assert not any("Alleen in het register" in t for t in trails.values())
    html = codebook.site_page_body([], licences.provenance, "07_bijlagen.html")
    assert '<h2 id="herkomst-bronnen">Herkomst van de bronnen</h2>' in html
    assert f'<a href="07_bijlagen.html#bron-{leiden}">{leiden}</a>' in html
    assert "http://" not in html and "https://" not in html  # cite by number, no addresses
    assert "herkomst-bronnen" not in codebook.site_page_body([])


def test_licence_numbers_link_to_their_entry(tmp_path: Path) -> None:
    year_dir = tmp_path / "2025"
    year_dir.mkdir()
    body = downloads.page_body(
        [],
        year_dir,
        2025,
        downloads.load_licences(RAW),
        pdfs=[],
        table_pages={},
        chart_pages={},
        appendix_list="07_bijlagen.html#bronnenlijst",
    )
    assert '<a href="07_bijlagen.html#bron-1">1</a>' in body


def test_a_long_title_is_listed_by_its_first_clauses() -> None:
    from analysis.publication.render.downloads import LISTED_TITLE, listed_title

    short = "Landelijke totalen per indicator in 2025"
    assert listed_title(short) == short
    long = (
        "Voorbeelduniv. E: 2024, 2025 en per € 100 mln onderzoek, naast de mediaan van de 14 "
        "universiteiten; uitvindingsmeldingen, prioritaire octrooiaanvragen, licentie- en "
        "optieovereenkomsten alleen 2023 en 2025"
    )
    shown = listed_title(long)
    assert shown == (
        "Voorbeelduniv. E: 2024, 2025 en per € 100 mln onderzoek, naast de mediaan van de 14 "
        "universiteiten …"
    )
    assert len(shown) <= LISTED_TITLE + 2 and long.startswith(shown[:-2])
