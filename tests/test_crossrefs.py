"""Cross-references and citations on the site become links; nothing else changes."""

from __future__ import annotations

import re

from analysis.publication.chapters.appendix import REFERENCE_TABLE as APPENDIX_TABLE
from analysis.publication.render.crossrefs import (
    REFERENCE_TABLE,
    LinkTargets,
    headings,
    link_references,
    reference_targets,
)
from analysis.publication.render.notebook import TableBlock
from analysis.publication.render.site_plan import Page

TARGETS = LinkTargets(
    chapters={
        ("hoofdstuk", "2"): "02_nl.html",
        ("hoofdstuk", "3"): "03_top.html",
        ("hoofdstuk", "5"): "05_regeling.html",
        ("bijlage", "A"): "06_inst.html",
        ("bijlage", "B"): "07_bijlagen.html",
    },
    sections={"05_regeling.html": {"gevoeligheid voor aannames": "gevoeligheid-voor-aannames"}},
    references={str(n): f"07_bijlagen.html#bron-{n}" for n in (1, 2, 4, 38)},
)


def link(body: str, here: str = "01.html") -> str:
    return link_references(body, TARGETS, here=here)


def test_a_chapter_and_an_annex_link_to_their_pages() -> None:
    out = link("<p>Zie hoofdstuk 3 en Bijlage B (methode).</p>")
    assert out == (
        '<p>Zie <a class="vm-xref" href="03_top.html">hoofdstuk 3</a> en '
        '<a class="vm-xref" href="07_bijlagen.html">Bijlage B</a> (methode).</p>'
    )


def test_a_quoted_section_links_to_its_heading_when_the_page_has_it() -> None:
    out = link("<p>(hoofdstuk 5, ‘Gevoeligheid voor aannames’).</p>")
    assert (
        '<a class="vm-xref" href="05_regeling.html#gevoeligheid-voor-aannames">'
        "hoofdstuk 5, ‘Gevoeligheid voor aannames’</a>"
    ) in out
    out = link("<p>staat in hoofdstuk 5 onder ‘Gevoeligheid voor aannames’.</p>")
    assert 'href="05_regeling.html#gevoeligheid-voor-aannames">hoofdstuk 5 onder ‘' in out
    # On the chapter's own page, the link stays on the page.
    out = link("<p>hoofdstuk 5, ‘Gevoeligheid voor aannames’</p>", here="05_regeling.html")
    assert 'href="#gevoeligheid-voor-aannames"' in out
    # A section the page does not have: the chapter alone is linked, the words stay.
    out = link("<p>(hoofdstuk 5, ‘Bestaat niet’)</p>")
    assert out == (
        '<p>(<a class="vm-xref" href="05_regeling.html">hoofdstuk 5</a>, ‘Bestaat niet’)</p>'
    )


def test_a_range_of_chapters_links_each_number() -> None:
    out = link("<p>(hoofdstukken 2 tot en met 5)</p>")
    assert out == (
        '<p>(hoofdstukken <a class="vm-xref" href="02_nl.html">2</a> tot en met '
        '<a class="vm-xref" href="05_regeling.html">5</a>)</p>'
    )


def test_citations_and_source_lines_link_each_number_to_its_entry() -> None:
    out = link("<p>ondersteund [1]. Zo [2, 38].</p>")
    assert '[<a class="vm-xref" href="07_bijlagen.html#bron-1">1</a>]' in out
    assert (
        '[<a class="vm-xref" href="07_bijlagen.html#bron-2">2</a>, '
        '<a class="vm-xref" href="07_bijlagen.html#bron-38">38</a>]'
    ) in out
    out = link('<span class="vm-source">Bronnen: 1, 4.</span>')
    assert out.count('class="vm-xref"') == 2 and out.endswith(">4</a>.</span>")
    # From a page in a sub-folder (the English summary) the address climbs out of it.
    out = link_references("<p>[4]</p>", TARGETS, here="en/index.html", prefix="../")
    assert 'href="../07_bijlagen.html#bron-4"' in out


def test_what_is_not_ours_or_not_text_stays_as_it_is() -> None:
    untouched = [
        "<p>bijlage 1 van het plan; hoofdstuk 9; bijlage Z; [99]; Bron: 2025 cijfers</p>",
        '<div role="img" aria-label="zie hoofdstuk 3 [1]"></div>',
        '<script type="application/json">{"a":[1],"t":"hoofdstuk 3"}</script>',
        '<a href="x.html">hoofdstuk 3 [1]</a>',
        '<select><option value="1">hoofdstuk 3</option></select>',
        # A Dutch decimal in brackets is no list of citations (those have ", ").
        "<p>Hoofdstukken zijn er vijf; het interval [1,2; 4,0] en [1,2]; [abc]</p>",
    ]
    for html in untouched:
        assert link(html) == html, html


def test_headings_are_found_by_their_text_without_tags_or_soft_hyphens() -> None:
    body = '<h2 id="a-b">Gevoelig\u00adheid <em>voor</em> aannames</h2><h3 id="x">X</h3>'
    assert headings(body) == {"gevoeligheid voor aannames": "a-b", "x": "x"}


def test_the_reference_list_is_the_appendix_table_and_its_numbers_are_targets() -> None:
    assert REFERENCE_TABLE == APPENDIX_TABLE
    table = TableBlock(
        name=REFERENCE_TABLE,
        caption="Bronnenlijst",
        columns=("Nr.", "Bron", "Status"),
        rows=(("1", "Plan", "gelezen"), ("2", "Brief", "gelezen")),
        align=("r", "l", "l"),
        csv=None,
        source_note="",
    )
    page = Page("07_bijlagen.html", "Verantwoording", "x", (table,), None, ())
    assert reference_targets([page]) == {
        "1": "07_bijlagen.html#bron-1",
        "2": "07_bijlagen.html#bron-2",
    }
    assert re.fullmatch(r"bron-\d+", TARGETS.references["1"].split("#")[1])


def test_page_scripts_get_the_chapter_addresses_as_json() -> None:
    import json

    from analysis.publication.render.crossrefs import chapter_refs

    refs = json.loads(chapter_refs(TARGETS))
    assert refs["hoofdstuk 3"] == "03_top.html" and refs["bijlage B"] == "07_bijlagen.html"
