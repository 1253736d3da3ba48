"""The search index is read back from the written pages: titles, headings, institutions, indicators."""

from __future__ import annotations

import json
from pathlib import Path

from analysis.publication.render import search

CHAPTER = """<html><body><h1 class="vm-page-title">Bijlagen</h1>
<nav class="vm-toc"><p id="vm-toc-title">Op deze pagina</p></nav>
<h2 id="methode">Methode en <em>definities</em></h2><h3 id="a-b">Onder&shy;kop</h3>
<h2>Zonder id</h2>
<figure id="tab-indicatoren"><table><thead><tr><th scope="col">Indicator</th><th>Eenheid</th></tr></thead>
<tbody><tr><th scope="row">Spin-offs</th><td>aantal</td></tr>
<tr><th scope="row">Licentie-inkomsten</th><td>EUR</td></tr></tbody></table></figure>
<figure id="tab-andere"><table><tbody><tr><th scope="row">Geen indicator</th></tr></tbody></table></figure>
</body></html>"""

FACT_SHEET = """<html><body><p class="vm-breadcrumb"><a href="06.html">← Instellingen</a></p>
<h1 class="vm-page-title">Technische Universiteit Delft</h1><h2 id="cijfers">Cijfers</h2></body></html>"""


def page_entries(
    folder: Path, file: str, html: str, aliases: dict[str, str] | None = None
) -> list[search.Entry]:
    """The entries of one written page, as the index reads them from the site."""
    (folder / file).write_text(html, encoding="utf-8")
    return search.build_index([folder / file], aliases)


def test_entries_of_a_chapter_page(tmp_path: Path) -> None:
    entries = page_entries(tmp_path, "07_bijlagen.html", CHAPTER)
    assert [(e.text, e.href, e.kind) for e in entries] == [
        ("Bijlagen", "07_bijlagen.html", "Pagina"),
        ("Methode en definities", "07_bijlagen.html#methode", "Kop"),
        ("Onderkop", "07_bijlagen.html#a-b", "Kop"),
        ("Spin-offs", "07_bijlagen.html#tab-indicatoren", "Indicator"),
        ("Licentie-inkomsten", "07_bijlagen.html#tab-indicatoren", "Indicator"),
    ]
    assert {e.page for e in entries} == {"Bijlagen"}


def test_a_fact_sheet_is_an_institution(tmp_path: Path) -> None:
    entries = page_entries(tmp_path, "06-tud.html", FACT_SHEET)
    assert entries[0] == search.Entry(
        "Technische Universiteit Delft",
        "Technische Universiteit Delft",
        "06-tud.html",
        "Instelling",
    )
    assert entries[1].kind == "Kop"


def test_index_script_is_deterministic_and_cannot_close_a_script(tmp_path: Path) -> None:
    (tmp_path / "b.html").write_text(FACT_SHEET, encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<h1 class="vm-page-title">Kern &lt;/script&gt;</h1>', encoding="utf-8"
    )
    entries = search.build_index([tmp_path / "b.html", tmp_path / "index.html"])
    assert entries[0].href == "index.html"  # the front page first, then by file name
    script = search.index_script(entries)
    assert "</script>" not in script
    prefix = "window.VM_SEARCH_INDEX = "
    assert script.startswith(prefix) and script.endswith(";\n")
    data = json.loads(script[len(prefix) : -2])
    assert data[0] == {
        "k": "Pagina",
        "p": "Kern </script>",
        "t": "Kern </script>",
        "u": "index.html",
    }
    assert (
        search.index_script(search.build_index([tmp_path / "index.html", tmp_path / "b.html"]))
        == script
    )


def test_an_institution_is_also_found_by_its_short_name(tmp_path: Path) -> None:
    aliases = {"Technische Universiteit Delft": "TU Delft"}
    entries = page_entries(tmp_path, "06-tud.html", FACT_SHEET, aliases)
    assert entries[0].alias == "TU Delft"
    assert entries[0].as_json()["a"] == "TU Delft"
    assert "a" not in entries[1].as_json()  # only the page itself, not its headings


CHAPTER_WITH_FIGURES = """<html><body><main id="inhoud">
<h1 class="vm-page-title">Nederland en de Europese top</h1>
<h2 id="de-top">De top</h2><p>ETH Zürich en Oxford publiceren veel.</p>
<figure class="vm-figure vm-figure-chart" id="fig-kloof"><figcaption><span class="vm-figure-title">
<span class="vm-badge vm-badge-real">Geciteerde bron</span> Nederland blijft achter</span></figcaption>
<script type="application/json">{"t": "Brainport"}</script></figure>
<figure class="vm-figure vm-figure-table" id="tab-top"><figcaption class="vm-figure-title">
<span class="vm-badge vm-badge-real">Geciteerde bron</span>De top in cijfers</figcaption>
<table><tbody><tr><th scope="row">University of Oxford</th><td>8,0</td></tr>
<tr><th scope="row">KU Leuven</th><td>8,1</td></tr></tbody></table></figure>
</main></body></html>"""

SHEET = """<html><body><main><p class="vm-breadcrumb"><a href="06.html">← Instellingen</a></p>
<h1 class="vm-page-title">Technische Universiteit Eindhoven</h1>
<p>Een universiteit in Noord-Brabant (ecosysteem Brainport Eindhoven).</p>
<h2 id="cijfers">Cijfers</h2><p>Brainport Eindhoven, Brainport Eindhoven.</p></main></body></html>"""


def test_figures_and_tables_are_found_by_their_title_without_the_badge(tmp_path: Path) -> None:
    entries = page_entries(tmp_path, "03.html", CHAPTER_WITH_FIGURES)
    found = [(e.text, e.href, e.kind) for e in entries if e.kind in ("Figuur", "Tabel")]
    assert found == [
        ("Nederland blijft achter", "03.html#fig-kloof", "Figuur"),
        ("De top in cijfers", "03.html#tab-top", "Tabel"),
    ]


def test_a_term_leads_to_the_table_row_that_names_it_else_to_the_pages_that_do(
    tmp_path: Path,
) -> None:
    (tmp_path / "03.html").write_text(CHAPTER_WITH_FIGURES, encoding="utf-8")
    (tmp_path / "06-tue.html").write_text(SHEET, encoding="utf-8")
    terms = [
        search.Term(search.KIND_PEER, ("University of Oxford", "Oxford")),
        search.Term(search.KIND_PEER, ("ETH Zürich", "ETH")),
        search.Term(search.KIND_REGION, ("Brainport Eindhoven",)),
        search.Term(search.KIND_REGION, ("Limburg",)),  # named nowhere: no entry
    ]
    entries = search.build_index(sorted(tmp_path.glob("*.html")), terms=terms)
    placed = [(e.text, e.href, e.kind, e.alias) for e in entries if e.kind in search.TERM_KINDS]
    assert placed == [
        # The row of the top's table, not the prose that also names Oxford.
        ("University of Oxford", "03.html#tab-top", "Europese top", "Oxford"),
        # No row names ETH: the page that names it, at the heading before the mention.
        ("ETH Zürich", "03.html#de-top", "Europese top", "ETH"),
        # Text in a script is no mention; the fact sheet names it three times, most
        # of them after its heading 'Cijfers'.
        ("Brainport Eindhoven", "06-tue.html#cijfers", "Regio", ""),
    ]
    data = [e.as_json() for e in entries if e.kind in search.TERM_KINDS]
    assert {d["w"] for d in data} == {"Europese top", "Regio"}  # the kind is searchable
