"""What a reader sees: every page opens cleanly, every chart has its text, the PDF states the figures.

Key figures are recomputed here straight from `data/processed/` with plain pandas,
independently of the chapter modules, and looked up in the PDF text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from .browser import chromium, dump_doms, pdftotext
from .conftest import Built, needs

pytestmark = pytest.mark.e2e

CHAPTER_TITLES = (
    "Samenvatting",
    "Terugblik Valorisatieprogramma 2010–2018",
    "Kennisoverdracht in Nederland",
    "Nederland en de Europese top",
    "Valorisatiemodellen",
    "Regeling KTO-Nederland 2022–2029",
    "Instellingen",
    "Verantwoording",
)


def dutch_int(value: float) -> str:
    """Whole number with a thousands dot, written out independently of analysis.publication.formatting."""
    return f"{round(value):,}".replace(",", ".")


@pytest.mark.skipif(chromium() is None, reason="chromium not installed (.ci/run installs it)")
def test_pages_open_without_console_messages(built: Built) -> None:
    pages = sorted(built.site.glob("*.html"))
    for page, (_dom, log) in dump_doms(pages).items():
        console = [line for line in log.splitlines() if ":CONSOLE" in line]
        assert console == [], f"{page.name}: {console[:3]}"


def test_every_chart_has_its_text_alternative(built: Built) -> None:
    charts = 0
    for page in built.site.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        for figure in re.findall(
            r'<figure class="vm-figure vm-figure-chart".*?</figure>', html, flags=re.S
        ):
            charts += 1
            label = re.search(r'class="vm-chart"[^>]*aria-label="([^"]+)"', figure)
            assert label and len(label.group(1)) > 20, f"{page.name}: chart without description"
            assert 'class="vm-alt"' in figure, f"{page.name}: description not shown in the caption"
            assert "tab-" in figure or "<details" in figure, (
                f"{page.name}: no table behind the chart"
            )
    assert charts > 0


@needs("pdftotext")
def test_pdf_shows_every_chapter_title(built: Built) -> None:
    text = pdftotext(built.pdf)
    for title in CHAPTER_TITLES:
        assert title in text, title


@needs("pdftotext")
def test_pdf_key_figures_match_the_processed_data(built: Built) -> None:
    wide = pd.read_parquet(built.processed_dir / "kt_metrics_wide.parquet")
    year = wide[wide["year"] == built.year]
    summary = pdftotext(built.pdf, 1, 8)
    for column in ("spinoffs", "invention_disclosures", "licence_agreements"):
        total = year[column].sum()
        assert dutch_int(total) in summary, f"{column}: {dutch_int(total)} not in the summary"
    institutions = year["institution_id"].nunique()
    assert f"meldden {institutions} kennisinstellingen" in " ".join(summary.split())
    # The programme total is a cited fact, not data: it must appear as the seed letter has it.
    assert "€ 62,7 mln" in pdftotext(built.pdf)


@needs("pdftoppm")
def test_first_pages_render_as_images(built: Built, tmp_path: Path) -> None:
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "4", str(built.pdf), str(tmp_path / "p")],
        check=True,
        capture_output=True,
    )
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == 4
    assert all(image.stat().st_size > 2000 for image in images)


def test_pdf_title_page_names_the_addressees_and_demo_notice(built: Built) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed")
    title_page = " ".join(pdftotext(built.pdf, 1, 1).split())
    assert "Economische Zaken" in title_page and "Onderwijs, Cultuur en Wetenschap" in title_page
    assert "Proefeditie — fictieve instellingen en cijfers" in title_page


@needs("pdftotext")
def test_the_sensitivity_section_is_one_place_with_its_chart_table_and_pointers(
    built: Built,
) -> None:
    """Issue 11, point 9: one section in chapter 5, the chapter 3 and 4 pointers lead there,
    and its table names each assumption with its source status; no test-only source and no
    raw suite code reach the reader (point 3)."""
    text = " ".join(pdftotext(built.pdf).split())
    assert text.count("Gevoeligheid voor aannames") >= 4  # heading, contents, pointers
    assert "staat in hoofdstuk 5 onder ‘Gevoeligheid voor aannames’" in text
    data = built.year_dir / "data"
    table = pd.read_csv(data / "gevoeligheid_aannames.csv")
    assert {"Aanname", "Bron en herkomst", "In het rapport", "Laagste", "Hoogste"} <= set(table)
    assert table["Bron en herkomst"].str.len().min() > 0
    assert (built.year_dir / "charts" / "gevoeligheid_aannames.svg").exists()
    page = (built.site / "05_regeling_kto_nederland.html").read_text(encoding="utf-8")
    assert 'id="gevoeligheid-voor-aannames"' in page
    for moved in (
        "gevoeligheid_prijspeil",
        "gevoeligheid_vergelijkingsgroep",
        "modellen_gevoeligheid",
    ):
        assert f"data/{moved}.csv" in page
        assert f"data/{moved}.csv" not in (built.site / "03_europese_top.html").read_text(
            encoding="utf-8"
        ) + (built.site / "04_valorisatiemodellen.html").read_text(encoding="utf-8")
    sources = pd.read_csv(data / "bronnen.csv")
    assert list(sources["Nr."]) == list(range(1, len(sources) + 1))  # the numbered list
    assert not sources["Bron"].str.contains("HE-BCI").any()
    quality = pd.read_csv(data / "datakwaliteit_samenvatting.csv")
    assert not quality["Controle"].str.contains(r"^reference_|_", regex=True).any()
