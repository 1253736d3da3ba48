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


def test_entries_of_a_chapter_page() -> None:
    entries = search.page_entries("07_bijlagen.html", CHAPTER)
    assert [(e.text, e.href, e.kind) for e in entries] == [
        ("Bijlagen", "07_bijlagen.html", "Pagina"),
        ("Methode en definities", "07_bijlagen.html#methode", "Kop"),
        ("Onderkop", "07_bijlagen.html#a-b", "Kop"),
        ("Spin-offs", "07_bijlagen.html#tab-indicatoren", "Indicator"),
        ("Licentie-inkomsten", "07_bijlagen.html#tab-indicatoren", "Indicator"),
    ]
    assert {e.page for e in entries} == {"Bijlagen"}


def test_a_fact_sheet_is_an_institution() -> None:
    entries = search.page_entries("06-tud.html", FACT_SHEET)
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


def test_an_institution_is_also_found_by_its_short_name() -> None:
    aliases = {"Technische Universiteit Delft": "TU Delft"}
    entries = search.page_entries("06-tud.html", FACT_SHEET, aliases)
    assert entries[0].alias == "TU Delft"
    assert entries[0].as_json()["a"] == "TU Delft"
    assert "a" not in entries[1].as_json()  # only the page itself, not its headings
