"""The real build as a publication: labels, colophon, fonts and layout, downloads, dates."""

from __future__ import annotations

import csv
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

import pdf_layout
from csv_check import codebook_types, is_number, problems
from site_probe import chromium, probe
from svg_layout import overflowing_words, overlapping_words

from .browser import pdftotext
from .conftest import Built, needs

pytestmark = pytest.mark.e2e

#: The main body (cover to the last page before "Bijlage A") of a letter attachment.
MAIN_BODY_MAX_PAGES = 40


def _pages(pdf: Path) -> list[str]:
    return [" ".join(p.split()) for p in pdftotext(pdf).split("\f")]


def test_no_chart_word_is_cut_off_in_the_pdf(built: Built, tmp_path: Path) -> None:
    svgs = {
        p.stem: p.read_text(encoding="utf-8") for p in (built.year_dir / "charts").glob("*.svg")
    }
    assert len(svgs) > 10
    assert overflowing_words(svgs, tmp_path) == []


def test_csv_downloads_hold_numbers_as_numbers(built: Built) -> None:
    data = built.year_dir / "data"
    types = codebook_types(data / "codebook.csv")
    failing = {}
    for path in sorted(data.glob("*.csv")):
        if path.name == "codebook.csv":
            continue
        found = problems(path, types)
        if found:
            failing[path.stem] = found[:2]
    assert failing == {}, "CSV cells a machine misreads (pass the numbers as data=)"


def test_excel_variant_holds_the_same_values(built: Built) -> None:
    """Numbers (by the codebook) with a decimal comma, everything else as it is."""
    data = built.year_dir / "data"
    types = codebook_types(data / "codebook.csv")
    types.update({("codebook", name): "tekst" for name in ("tabel", "titel", "pagina")})
    for path in sorted(data.glob("*.csv")):
        variant = data / "excel-nl" / path.name
        assert variant.read_bytes().startswith(b"\xef\xbb\xbf"), variant.name
        with path.open(encoding="utf-8", newline="") as handle:
            standard = list(csv.reader(handle))
        with variant.open(encoding="utf-8-sig", newline="") as handle:
            dutch = list(csv.reader(handle, delimiter=";"))
        assert len(standard) == len(dutch), path.name
        header = standard[0]
        for row, other in zip(standard, dutch, strict=True):
            for column, cell, nl in zip(header, row, other, strict=True):
                numeric = types.get((path.stem, column)) == "getal"
                if numeric and row is not header and is_number(cell) and "." in cell:
                    assert nl == cell.replace(".", ","), (path.name, cell, nl)
                else:
                    assert nl == cell, (path.name, cell, nl)


def test_codebook_lists_every_download_and_the_site_shows_it(built: Built) -> None:
    data = built.year_dir / "data"
    types = codebook_types(data / "codebook.csv")
    tables = {table for table, _ in types}
    assert tables == {p.stem for p in data.glob("*.csv")} - {"codebook"}
    page = (built.site / "gegevens.html").read_text(encoding="utf-8")
    for name in tables:
        assert f'href="../data/{name}.csv" download' in page, name


def test_colophon_count_equals_the_rendered_figures(built: Built) -> None:
    counts = dict.fromkeys(("real", "demonstration", "assumption"), 0)
    for page in built.site.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        # The front page repeats a chapter's charts (analysis.publication.render.front_page).
        html = re.sub(r'<div class="vm-front-chart">.*?</figure>', "", html, flags=re.S)
        for basis in re.findall(
            r'<figure class="vm-figure[^"]*" id="[^"]+" data-basis="(\w+)"', html
        ):
            counts[basis] += 1
    total = sum(counts.values())
    sentence = f"Van de {total:,} tabellen en figuren in dit rapport".replace(",", ".")
    site = " ".join(
        re.sub(
            r"<[^>]+>", " ", (built.site / "07_bijlagen.html").read_text(encoding="utf-8")
        ).split()
    )
    assert sentence in site
    assert f"berusten er {counts['real']} op echte, geciteerde bronnen" in site
    assert f"{counts['demonstration']} op demonstratiegegevens uit de generator" in site
    assert f"{counts['assumption']} op aannames van de monitor" in site
    if shutil_which("pdftotext"):
        pdf = " ".join(_pages(built.pdf))
        assert sentence in pdf and f"berusten er {counts['real']} op echte" in pdf


def shutil_which(tool: str) -> bool:
    import shutil

    return shutil.which(tool) is not None


@needs("pdftotext")
def test_cover_date_is_the_pdf_metadata_date(built: Built) -> None:
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(built.pdf)], capture_output=True, text=True, check=True
    ).stdout
    created = re.search(r"CreationDate:\s+(\S+)", info)
    assert created is not None
    when = datetime.fromisoformat(created.group(1).replace("Z", "+00:00")).astimezone(UTC)
    months = (
        "januari februari maart april mei juni juli augustus september oktober november december"
    )
    cover = _pages(built.pdf)[0]
    assert f"Datum {months.split()[when.month - 1]} {when.year}" in cover
    assert "Economische Zaken (EZ)" in cover and "(EZK)" not in cover


@needs("pdftotext")
def test_key_figures_keep_their_numbers_whole(built: Built) -> None:
    summary = pdftotext(built.pdf, 1, 6)
    assert not re.search(r"€\s*\d[\d.,]*\s*\n\s*mln", summary)  # "€ 13,6" / "mln" split


@needs("pdftotext")
def test_main_body_fits_a_letter_attachment(built: Built) -> None:
    pages = _pages(built.pdf)
    first_annex = next(
        i for i, text in enumerate(pages) if i > 3 and re.search(r"\bBijlage A\b", text[:200])
    )
    assert first_annex <= MAIN_BODY_MAX_PAGES, f"main body: {first_annex} pages"


def _chapter_pages(built: Built) -> list[Path]:
    pages = sorted(built.site.glob("*.html"))
    chapters = [p for p in pages if "-" not in p.stem]
    sheets = [p for p in pages if "-" in p.stem][:2]
    return chapters + sheets


@pytest.mark.skipif(chromium() is None, reason="chromium not installed")
def test_tables_fit_a_1366_pixel_screen(built: Built) -> None:
    for page in _chapter_pages(built):
        result = probe(page, 1366)
        cut = [t for t in result["tables"] if t["scroll"] > t["client"] + 1]
        assert cut == [], f"{page.name}: tables cut off at 1366 px: {cut}"


@pytest.mark.skipif(chromium() is None, reason="chromium not installed")
def test_charts_stay_readable_on_a_phone(built: Built) -> None:
    for page in _chapter_pages(built):
        result = probe(page, 390)
        assert result["pageScroll"] <= result["width"], f"{page.name}: wider than the phone"
        for chart in result["charts"]:
            assert chart["drawn"], page.name
            assert chart["scale"] > 0.99, f"{page.name}: chart scaled down to {chart['scale']}"
            assert chart["smallest"] >= 10, f"{page.name}: label of {chart['smallest']} px"
        if result["banner"] is not None:
            assert result["banner"] <= 80, f"{page.name}: banner {result['banner']} px high"


def test_year_switcher_data_lists_this_year_and_its_pages(built: Built) -> None:
    text = (built.out_dir / "years.js").read_text(encoding="utf-8")
    assert f'"{built.year}":[' in text
    for page in built.site.glob("*.html"):
        assert f'"{page.name}"' in text, page.name
    index = (built.site / "index.html").read_text(encoding="utf-8")
    assert '<script src="../../years.js"></script>' in index


# --- typesetting rules over both editions' PDFs (issue 23, item 6) ----------------------------


@pytest.fixture(scope="module", params=["built", "published"])
def edition(request: pytest.FixtureRequest) -> Built:
    """Both editions: the demonstration's and the published one."""
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


@needs("pdftotext")
def test_the_pdf_keeps_the_typesetting_rules(edition: Built) -> None:
    """No amount broken over two lines, no hyphen for a minus, no ',0' on a whole amount,
    no heading at a page foot, no page less than a third full but a chapter's last, no
    caption apart from its chart (`tests/pdf_layout.py`)."""
    faults = pdf_layout.all_faults(edition.pdf)
    assert faults == [], "\n".join(str(f) for f in faults[:40])


@needs("pdftotext")
def test_the_pdf_prints_fact_sheets_at_least_two_a_page(edition: Built) -> None:
    """The annex's sheets share pages: the pages that hold sheet titles ('A.<n> name' at
    the left margin) hold two or more, apart from the first (it shares its page with the
    overview table) and the last."""
    pages = pdf_layout.read_pages(edition.pdf)
    titles = {
        page.number: sum(
            1 for line in page.lines if re.match(r"A\.\d+ \S", line.text) and line.height > 10
        )
        for page in pages
    }
    holding = sorted(n for n, count in titles.items() if count)
    assert len(holding) >= 5, titles
    assert all(titles[n] >= 2 for n in holding[1:-1]), {n: titles[n] for n in holding}


def _printed_charts(edition: Built) -> dict[str, str]:
    folder = edition.year_dir / "charts" / "print"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.svg"))}


def test_chart_text_prints_at_seven_points_or_more(edition: Built) -> None:
    from analysis.publication.render.typst_layout import chart_text_pt

    charts = _printed_charts(edition)
    assert charts
    small = {
        name: round(size, 2)
        for name, svg in charts.items()
        if (size := chart_text_pt(svg)) is not None and size < 7.0 - 0.01
    }
    assert small == {}, "chart text below 7 pt in print"


def test_no_chart_draws_words_on_top_of_each_other(edition: Built, tmp_path: Path) -> None:
    assert overlapping_words(_printed_charts(edition), tmp_path) == []
