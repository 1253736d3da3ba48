"""Chapters 2-6 as a reader gets them (issues 12 and 13): the real co-publication figures with
their label, one palette and broken lines in every chart, the comparability matrix, fact
sheets of one page, and a main body whose chapters leave room for the front matter.

Every expected number is recomputed here from the raw Leiden Ranking table with plain pandas,
independently of `analysis.methods.copublications`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.publication.charts import theme

from .browser import pdftotext
from .conftest import ROOT, Built, needs

pytestmark = pytest.mark.e2e

RAW = ROOT / "data" / "raw"
#: Pages the chapters 2-5 may take, so cover, contents, front matter, chapter 1 and these
#: stay within the 40 pages of a letter attachment (they took 41 before issue 12).
CHAPTERS_2_TO_5_MAX_PAGES = 24


def _pages(built: Built) -> list[str]:
    return pdftotext(built.pdf).split("\f")


def _page_of(pages: list[str], pattern: str, after: int = 3) -> int:
    """Index of the first page after the contents whose text matches `pattern`."""
    return next(i for i, text in enumerate(pages) if i > after and re.search(pattern, text, re.M))


def _leiden() -> pd.DataFrame:
    table = pd.read_csv(RAW / "benchmark" / "leiden_ranking.csv")
    return table[(table["field"] == "All sciences") & (table["counting"] == "full")]


def test_every_chart_keeps_the_one_palette(built: Built) -> None:
    specs = sorted((built.year_dir / "charts").glob("*.vl.json"))
    assert len(specs) > 40  # chapters and one per fact sheet
    problems = {
        p.name: theme.palette_problems(json.loads(p.read_text(encoding="utf-8"))) for p in specs
    }
    assert {name: found for name, found in problems.items() if found} == {}


def _line_rows(spec: dict[str, object]) -> list[list[dict[str, object]]]:
    """The datasets of a spec's line layers (a layer's own data or the top-level data)."""
    datasets = spec.get("datasets") or {}
    assert isinstance(datasets, dict)
    found = []
    layers = spec.get("layer") if isinstance(spec.get("layer"), list) else [spec]
    assert isinstance(layers, list)
    for layer in layers:
        mark = layer.get("mark")
        kind = mark.get("type") if isinstance(mark, dict) else mark
        if kind != "line":
            continue
        data = layer.get("data") or spec.get("data") or {}
        if "values" in data:
            found.append(list(data["values"]))
        elif data.get("name") in datasets:
            found.append(list(datasets[data["name"]]))
    return found


def test_lines_break_at_missing_years_on_the_site_as_in_the_pdf(built: Built) -> None:
    """A line's data has a row for every year of its series: a missing year is a null value
    (Vega-Lite breaks the line there) and never a left-out row (it would be bridged)."""
    checked = 0
    for path in sorted((built.year_dir / "charts").glob("*.vl.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        for rows in _line_rows(spec):
            year = next((k for k in ("Jaar", "year") if rows and k in rows[0]), None)
            if year is None:
                continue
            groups = [k for k in rows[0] if k in ("Indicator", "Model", "reeks")]
            series: dict[object, list[int]] = {}
            for row in rows:
                series.setdefault(row[groups[0]] if groups else None, []).append(int(row[year]))
            for key, years in series.items():
                assert sorted(years) == list(range(min(years), max(years) + 1)), (path.name, key)
            checked += 1
    assert checked > 40
    # the shipped data do have gaps: some fact sheet shows one as a null
    nulls = [
        p.name
        for p in (built.year_dir / "charts").glob("instelling-*.vl.json")
        if '"Aantal":null' in p.read_text(encoding="utf-8").replace(" ", "")
    ]
    assert nulls


@needs("pdftotext")
def test_chapter_3_opens_with_the_real_comparison_labelled_real(published: Built) -> None:
    built = published
    pages = _pages(built)
    start = _page_of(pages, r"^3 Nederland en de Europese top")
    chapter = " ".join(" ".join(pages[start : start + 4]).split())
    real = chapter.index("Samenwerking met bedrijven: echte cijfers")
    demo = chapter.index("De kloof per indicator")
    assert real < demo
    opening = chapter[real:demo]
    # the figure and the table carry the cited-source label, never the demonstration one
    assert re.search(
        r"Figuur \d+\. Geciteerde bron \d+ van de 13 Nederlandse universiteiten", opening
    )
    assert re.search(r"Tabel \d+\. Geciteerde bron Aandeel publicaties met een co-auteur", opening)
    assert not re.search(r"(Figuur|Tabel) \d+\. Demonstratiegegevens", opening)
    # counts and window stated; numbers recomputed from the raw table
    leiden = _leiden()
    n_ranked = int(leiden["PP_industry_collab"].notna().sum())
    tue = leiden[leiden["institution_id"] == "tue"].iloc[0]
    assert f"{n_ranked:,}".replace(",", ".") in opening
    assert f"{int(tue['P_industry_collab']):,}".replace(",", ".") in opening
    table = pd.read_csv(built.year_dir / "data" / "copublicaties-europese-top.csv")
    assert f"Plaats van {n_ranked:,}".replace(",", ".") in table.columns
    assert (
        table.loc[table["Universiteit"] == "TU/e", "Publicaties met bedrijven"].item()
        == (tue["P_industry_collab"])
    )
    assert "CWTS Leiden Ranking 2020" in opening and "2015–2018" in opening
    assert "2016–2019" in opening  # the window caveat, wherever the figures are used
    page = (built.site / "03_europese_top.html").read_text(encoding="utf-8")
    for anchor in ("fig-copublicaties-europese-top", "tab-copublicaties-europese-top"):
        assert re.search(rf'id="{anchor}" data-basis="real"', page), anchor
    assert 'data-basis="demonstration"' not in page


@needs("pdftotext")
def test_chapter_2_shows_the_thirteen_universities(published: Built) -> None:
    built = published
    pages = _pages(built)
    start = _page_of(pages, r"^2 Kennisoverdracht in Nederland")
    end = _page_of(pages, r"^3 Nederland en de Europese top")
    chapter = " ".join(" ".join(pages[start:end]).split())
    assert re.search(r"Tabel \d+\. Geciteerde bron Aandeel publicaties met een co-auteur", chapter)
    leiden = _leiden()
    dutch = leiden[leiden["institution_id"].notna()]
    assert len(dutch) == 13
    csv = pd.read_csv(built.year_dir / "data" / "copublicaties-universiteiten.csv")
    assert sorted(csv["Aandeel met bedrijven (%)"]) == sorted(dutch["PP_industry_collab"])


def test_university_fact_sheets_show_the_real_figures(published: Built) -> None:
    built = published
    leiden = _leiden()
    for record in leiden[leiden["institution_id"].notna()].to_dict("records"):
        page = built.site / f"06_instellingen-{record['institution_id']}.html"
        html = page.read_text(encoding="utf-8")
        share = f"{record['PP_industry_collab']:.1f}".replace(".", ",") + "%"
        block = re.search(
            r'<div class="vm-keyfigure" data-basis="real"><p class="vm-keyfigure-value">([^<]+)<',
            html,
        )
        assert block is not None and block.group(1) == share, page.name
    for institution in ("ut", "ru", "vu", "eur"):  # annual-accounts figures transcribed
        html = (built.site / f"06_instellingen-{institution}.html").read_text(encoding="utf-8")
        assert re.search(rf'id="tab-jaarrekening-{institution}" data-basis="real"', html)


@needs("pdftotext")
def test_every_fact_sheet_is_printed_and_the_sheets_share_pages(built: Built) -> None:
    """All 37 sheets are in the printed annex, at least two a page on average (the
    compact sheets; `test_publication` checks each page holds two or more)."""
    pages = _pages(built)
    first = next(i for i, t in enumerate(pages) if re.search(r"^A\.\d+ ", t, re.M) and i > 3)
    annex_b = _page_of(pages, r"^Bijlage B ", after=first)
    titles = [m.group(0) for t in pages[first:annex_b] for m in re.finditer(r"^A\.\d+ ", t, re.M)]
    assert [int(t[2:]) for t in titles] == list(range(1, 38))
    assert annex_b - first <= 37 // 2 + 1, f"the sheets take {annex_b - first} pages"


@needs("pdftotext")
def test_chapters_2_to_5_leave_room_for_a_forty_page_body(built: Built) -> None:
    pages = _pages(built)
    start = _page_of(pages, r"^2 Kennisoverdracht in Nederland")
    annex = _page_of(pages, r"^Bijlage A ", after=start)
    assert annex - start <= CHAPTERS_2_TO_5_MAX_PAGES, f"chapters 2-5: {annex - start} pages"


@needs("pdftotext")
def test_the_matrix_replaces_the_long_lists(built: Built) -> None:
    pages = _pages(built)
    start = _page_of(pages, r"^3 Nederland en de Europese top")
    end = _page_of(pages, r"^4 Valorisatiemodellen")
    chapter = " ".join(" ".join(pages[start:end]).split())
    assert "Wat met welke instelling van de top te vergelijken is" in chapter
    assert re.search(r"Indicator ETH Oxford KU Leuven", chapter)
    for internal in ("te controleren", "licence agreements", "more than", "Fellowships"):
        assert internal not in chapter
    matrix = pd.read_csv(built.year_dir / "data" / "vergelijkbaarheid_top.csv")
    assert list(matrix.columns) == ["Indicator", "ETH", "Oxford", "KU Leuven"]
    assert not matrix["KU Leuven"].str.startswith("ja").any()
    assert matrix["ETH"].str.startswith("ja").sum() >= 1
    # the long lists stay on the site, with their CSV
    page = (built.site / "03_europese_top.html").read_text(encoding="utf-8")
    for name in ("niet_vergelijkbaar", "definitieverschillen"):
        assert f"data/{name}.csv" in page
    assert Path(built.year_dir / "data" / "niet_vergelijkbaar.csv").exists()
