"""The renderer's hook for pages computed from data (`analysis.publication.render.extras`).

A generated document must come out like a notebook's page (site page, PDF annex,
codebook entry, colophon count); a site-only page gets the site's template, its own
scripts and, with demonstration data, the banner; files land where they are named and
nowhere else.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.errors import BuildError
from analysis.publication.display.report import Report
from analysis.publication.render import render_report
from analysis.publication.render.extras import Extras, SitePage
from analysis.publication.render.notebook import Document, _block_from_bundle
from test_render import YEAR, make_project

PAGE = "wat-is-er-veranderd.html"


def add_nav(project: Path, *hrefs: str) -> None:
    """Point the fixture's navbar at the extra pages, as `_quarto.yml` does."""
    path = project / "_quarto.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for href in hrefs:
        config["website"]["navbar"]["left"].append({"href": href, "text": href.split(".")[0]})
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def provider(docs: Sequence[Document], year_dir: Path) -> Extras:
    """A generated document with one table (written through `Report`) and a site-only page."""
    assert docs[0].source.endswith("00_samenvatting.ipynb")
    report = Report(output_dir=year_dir, year=YEAR, demo=True, emit=False)
    blocks = [
        _block_from_bundle(report.markdown("Gegenereerde tekst <b>niet vet</b>.").payload, PAGE),
        _block_from_bundle(
            report.table(
                pd.DataFrame({"Instelling": ["<script>x</script>"], "Waarde": [1.5]}),
                "extra_tabel",
                "Een gegenereerde tabel",
            ).payload,
            PAGE,
        ),
    ]
    return Extras(
        documents=(Document(PAGE, "Wat is er veranderd", tuple(blocks)),),  # type: ignore[arg-type]
        pages=(
            SitePage(
                "verkenner.html",
                "Verkenner",
                '<p id="eigen">eigen inhoud</p>',
                scripts=("vega-embed.js", "verkenner.js"),
                styles=("interactief.css",),
                demo=True,
            ),
        ),
        assets={"verkenner.js": "window.X = 1;\n", "interactief.css": "p{}\n"},
        files={"editie/editie.json": b"{}\n"},
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("extras")
    project, executed, out = make_project(root)
    add_nav(project, "verkenner.html", PAGE)
    render_report(
        project,
        executed,
        out,
        year=YEAR,
        years_available=[YEAR],
        extras=provider,
        demonstration=True,
    )
    return out


def test_generated_document_is_a_page_an_annex_and_in_the_codebook(rendered: Path) -> None:
    page = (rendered / "site" / PAGE).read_text(encoding="utf-8")
    assert '<h1 class="vm-page-title">Wat is er veranderd</h1>' in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
    assert "<b>niet vet</b>" not in page and "niet vet" in page  # prose has no raw HTML
    assert f'<a href="{PAGE}" aria-current="page">' in page
    assert 'class="vm-demo-banner"' in page  # a proefeditie: the banner on every page
    assert "met fictieve cijfers" in page  # a demonstration table on this page
    assert (rendered / "data" / "extra_tabel.csv").is_file()
    codebook = pd.read_csv(rendered / "data" / "codebook.csv")
    assert "extra_tabel" in set(codebook["tabel"])
    text = subprocess.run(
        ["pdftotext", "-layout", str(rendered / f"valorisatiemonitor-{YEAR}.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # After the configured annex (the fact sheets), as an annex of its own.
    assert text.index("Wat is er veranderd") > text.index("Instellingen")
    assert "Een gegenereerde tabel" in text


def test_site_only_page_gets_the_template_its_scripts_and_the_banner(rendered: Path) -> None:
    page = (rendered / "site" / "verkenner.html").read_text(encoding="utf-8")
    assert '<p id="eigen">eigen inhoud</p>' in page
    assert '<link rel="stylesheet" href="assets/interactief.css">' in page
    assert (
        '<script src="assets/vega-embed.js"></script><script src="assets/verkenner.js"></script>'
        in page
    )
    assert "assets/charts.js" not in page
    assert '<a href="verkenner.html" aria-current="page">' in page
    assert 'class="vm-demo-banner"' in page
    assert (rendered / "site" / "assets" / "verkenner.js").read_text() == "window.X = 1;\n"
    assert (rendered / "editie" / "editie.json").read_bytes() == b"{}\n"
    # Every other page links to both in its navigation.
    index = (rendered / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="verkenner.html"' in index and f'href="{PAGE}"' in index


@pytest.mark.parametrize(
    "extras",
    [
        Extras(pages=(SitePage("index.html", "Dubbel", ""),)),
        Extras(pages=(SitePage("gegevens.html", "Dubbel", ""),)),
        Extras(pages=(SitePage("../buiten.html", "Buiten", ""),)),
        Extras(files={"../buiten.txt": b"x"}),
        Extras(files={"/etc/buiten.txt": b"x"}),
    ],
)
def test_clashing_or_escaping_names_are_refused(tmp_path: Path, extras: Extras) -> None:
    project, executed, out = make_project(tmp_path)
    with pytest.raises(BuildError):
        render_report(
            project, executed, out, year=YEAR, years_available=[YEAR], extras=lambda d, y: extras
        )
    assert not (tmp_path / "out" / "buiten.txt").exists()


def test_without_extras_nothing_is_added(tmp_path: Path) -> None:
    project, executed, out = make_project(tmp_path)
    render_report(project, executed, out, year=YEAR, years_available=[YEAR])
    assert not (out / "site" / "verkenner.html").exists() and not (out / "editie").exists()
