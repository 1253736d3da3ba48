"""The site's front page leads to every part in one click: key figures, headline charts, cards.

A small project rendered by hand (executed notebooks built with nbformat, no kernel): the
front page has only prose; the key figures live on the summary, the chart in a chapter,
the fact sheets under an annex. The renderer must bring the first two to the front page
and give every page of the navbar (and the downloads and codebook pages) a card whose
link exists.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.errors import BuildError
from analysis.publication.render import render_report
from analysis.publication.render.config import load_config
from analysis.publication.render.extras import Extras, SitePage

MIME = "application/vnd.valorisatiemonitor+json"
YEAR = 2025

QUARTO_YML = """\
project:
  render:
    - notebooks/00_kern.ipynb
    - notebooks/00_samenvatting.ipynb
    - notebooks/01_nederland.ipynb
    - notebooks/06_instellingen.ipynb
title: "Valorisatiemonitor"
website:
  navbar:
    left:
      - href: notebooks/00_kern.ipynb
        text: Kern
      - href: notebooks/00_samenvatting.ipynb
        text: Samenvatting
      - href: notebooks/01_nederland.ipynb
        text: Nederland
      - href: notebooks/06_instellingen.ipynb
        text: Instellingen
      - href: verkenner.html
        text: Verkenner
valorisatiemonitor:
  pdf:
    front:
      - notebooks/00_kern.ipynb
    unnumbered:
      - notebooks/00_samenvatting.ipynb
    appendix:
      - notebooks/06_instellingen.ipynb
  front_page:
    charts:
      - bestaat-niet
      - trend-octrooien
    cards:
      notebooks/01_nederland.ipynb: "Octrooien en spin-offs, landelijk."
      verkenner.html: "Zet instellingen naast elkaar."
      gegevens.html: "Wat elke kolom betekent."
"""

SPEC: dict[str, Any] = {
    "data": {"values": [{"jaar": 2024, "n": 3}, {"jaar": 2025, "n": 5}]},
    "mark": "line",
    "encoding": {
        "x": {"field": "jaar", "type": "quantitative"},
        "y": {"field": "n", "type": "quantitative"},
    },
}


def _bundle(payload: dict[str, Any]) -> Any:
    return new_output("display_data", data={MIME: payload})


def _cell(payload: dict[str, Any]) -> Any:
    return new_code_cell("display(...)", outputs=[_bundle(payload)], execution_count=1)


def _project(root: Path, quarto: str = QUARTO_YML) -> tuple[Path, Path, Path]:
    project, executed, out = root / "project", root / "executed", root / "out" / str(YEAR)
    (project / "notebooks").mkdir(parents=True)
    (executed / "notebooks").mkdir(parents=True)
    out.mkdir(parents=True)
    (project / "_quarto.yml").write_text(quarto, encoding="utf-8")
    notebooks = {
        "00_kern": [
            new_markdown_cell("# Kern\n\nDe monitor beantwoordt vier vragen."),
            new_markdown_cell("**1. Eerste vraag?** Het antwoord."),
        ],
        "00_samenvatting": [
            new_markdown_cell("# Samenvatting\n\nKort."),
            _cell(
                {
                    "kind": "keyfigures",
                    "items": [
                        {"label": "Octrooien", "value": "2.046", "note": "37 instellingen"},
                        {"label": "Spin-offs", "value": "57", "note": ""},
                    ],
                    "basis": "real",
                }
            ),
        ],
        "01_nederland": [
            new_markdown_cell("# Nederland\n\nCijfers."),
            _cell(
                {
                    "kind": "chart",
                    "name": "trend_octrooien",
                    "title": "Octrooien nemen toe",
                    "alt": "Lijndiagram van octrooien per jaar.",
                    "spec": json.dumps(SPEC),
                    "basis": "real",
                }
            ),
        ],
        "06_instellingen": [
            new_markdown_cell("# Instellingen\n\nPer instelling."),
            _cell({"kind": "page", "id": "a", "title": "Universiteit A"}),
            new_markdown_cell("Over A."),
            _cell({"kind": "page", "id": "b", "title": "Universiteit B"}),
            new_markdown_cell("Over B."),
        ],
    }
    for name, cells in notebooks.items():
        nbformat.write(new_notebook(cells=cells), executed / "notebooks" / f"{name}.ipynb")
    return project, executed, out


def _extras(docs: object, year_dir: Path) -> Extras:
    del docs, year_dir
    return Extras(pages=(SitePage(file="verkenner.html", title="Verkenner", body="<p>x</p>"),))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project, executed, out = _project(tmp_path_factory.mktemp("front"))
    render_report(project, executed, out, year=YEAR, pdf=False, extras=_extras)
    return out / "site"


def test_the_summary_key_figures_come_right_after_the_opening_paragraph(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    opening = html.index("De monitor beantwoordt vier vragen.")
    tiles = html.index('class="vm-front-figures"')
    first_answer = html.index("Eerste vraag?")
    assert opening < tiles < first_answer
    assert "Kerncijfers 2025" in html
    assert '<p class="vm-keyfigure-value">2.046</p>' in html
    assert '<a href="00_samenvatting.html">Alle kerncijfers en bevindingen in de samenvatting' in (
        html
    )


def test_a_headline_chart_is_drawn_on_the_front_page_and_links_to_its_chapter(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    # The first preferred name is missing: the next one is shown; names match as in links.
    assert html.count('class="vm-figure vm-figure-chart"') == 1
    assert 'id="fig-trend-octrooien"' in html
    assert 'href="01_nederland.html#fig-trend-octrooien">Meer hierover in hoofdstuk 1, ' in html
    assert 'src="assets/charts.js"' in html  # the page loads the chart scripts


def test_every_part_of_the_site_has_a_card_whose_link_exists(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<a class="vm-card-link" href="([^"]+)">(.*?)</a>', html)
    hrefs = [href for href, _ in cards]
    assert hrefs == [
        "00_samenvatting.html",
        "01_nederland.html",
        "06_instellingen.html",
        "verkenner.html",
        "downloads.html",
        "gegevens.html",
    ]
    assert all((site / href).is_file() for href in hrefs)
    numbers = {href: re.findall(r'class="vm-card-number">([^<]*)<', inner) for href, inner in cards}
    assert numbers["01_nederland.html"] == ["Hoofdstuk 1"]
    assert numbers["06_instellingen.html"] == ["Bijlage A"]
    assert numbers["00_samenvatting.html"] == []  # unnumbered
    assert "Octrooien en spin-offs, landelijk." in html
    assert "2 factsheets" in html  # the fact sheets' page says how many it holds
    # The two groups are headings of the page, so its contents list leads to them.
    assert '<h2 id="verder-in-de-monitor">' in html and '<h2 id="in-beeld">' in html


def test_other_pages_get_no_front_matter(site: Path) -> None:
    for page in ("00_samenvatting.html", "01_nederland.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "vm-front" not in html and "vm-card" not in html


def test_cards_must_be_lines_of_text(tmp_path: Path) -> None:
    bad = QUARTO_YML.replace('"Wat elke kolom betekent."', "[a, b]")
    project, _, _ = _project(tmp_path, bad)
    with pytest.raises(BuildError, match=r"front_page\.cards"):
        load_config(project)
