"""The English summary, the search and accessibility, tried in headless Chromium (issue 15, items 6-8).

* English: `site/en/index.html` is English (`lang="en"`), linked from every Dutch page,
  and carries exactly the numbers of the Dutch front page's key messages and of the
  summary's key figures (the same records, rendered through the other catalogue).
* Search: typing part of an institution's name into the header's search box lists a
  link to its fact sheet; the keyboard reaches and follows it; from `file://`.
* Accessibility: axe-core (bundled by the `axe-playwright-python` package, run in the
  system Chromium through Playwright) finds no violation of serious or critical impact
  against WCAG 2.1 A and AA on every kind of page; the skip link moves focus past the
  header.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from html_safety import links_to, unsafe_markup

from .browser import chromium
from .conftest import Built
from .test_editorial import (
    identifier_hits,
    internal_note_hits,
    load_indicator_codes,
    rule_ids,
    site_page,
)
from .test_hostile_data_build import hostile  # noqa: F401 (the hostile build, as a fixture)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(chromium() is None, reason="chromium not installed (.ci/run installs it)"),
]

#: One page of every kind the site has (file names relative to `site/`).
PAGE_KINDS: dict[str, str] = {
    "front page (key messages)": "index.html",
    "summary": "00_samenvatting.html",
    "chapter": "03_europese_top.html",
    "chapter with fact-sheet list": "06_instellingen.html",
    "fact sheet": "06_instellingen-vb-univ-a.html",
    "appendix": "07_bijlagen.html",
    "codebook": "gegevens.html",
    "downloads": "downloads.html",
    "explorer": "verkenner.html",
    "scenario explorer": "scenarioverkenner.html",
    "what changed": "wat-is-er-veranderd.html",
    "English summary": "en/index.html",
}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        exe = chromium()
        assert exe is not None
        instance = p.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def _text(html: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def _main(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html[html.index("<main") : html.index("</main>")]


def numbers_nl(text: str) -> list[float]:
    """The numbers of a Dutch text ('1.234', '62,7', '2010–2018' gives 2010 and 2018)."""
    found = re.findall(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?", text)
    return sorted(float(n.replace(".", "").replace(",", ".")) for n in found)


def numbers_en(text: str) -> list[float]:
    found = re.findall(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", text)
    return sorted(float(n.replace(",", "")) for n in found)


def test_number_readers_on_known_text() -> None:
    assert numbers_nl("€ 62,7 mln aan 1.234 (2010–2018) [1, 7]") == [1, 7, 62.7, 1234, 2010, 2018]
    assert numbers_en("€62.7 million to 1,234 (2010–2018) [1, 7]") == [1, 7, 62.7, 1234, 2010, 2018]


# --------------------------------------------------------------------------- English


def test_english_summary_is_english_and_linked_from_every_dutch_page(built: Built) -> None:
    english = built.site / "en" / "index.html"
    html = english.read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "Key messages" in html and "Key figures" in html
    assert 'href="../index.html"' in html and 'href="../assets/site.css"' in html
    assert (built.site / "assets" / "site.css").is_file()
    dutch = sorted(built.site.glob("*.html"))
    assert len(dutch) > 40
    for path in dutch:
        page_html = path.read_text(encoding="utf-8")
        assert '<html lang="nl">' in page_html, path.name
        assert (
            '<a class="vm-lang-link" href="en/index.html" hreflang="en" lang="en">English</a>'
            in (page_html)
        ), path.name


def test_english_summary_carries_the_numbers_of_the_dutch_front_page(built: Built) -> None:
    """Intro and key messages: the same numbers (English format) as the Dutch front page."""
    # The page's own text: without the key figures, charts and cards the renderer adds
    # to the front page (analysis.publication.render.front_page).
    front = _main(built.site / "index.html")
    front = re.sub(r'<section class="vm-front-figures".*?</section>', " ", front, flags=re.S)
    front = front.split('<h2 id="in-beeld"')[0].split('<h2 id="verder-in-de-monitor"')[0]
    nl = _text(front)
    nl = nl[nl.index("De Valorisatiemonitor") :]
    en_all = _text(_main(built.site / "en" / "index.html"))
    en = en_all[en_all.index("The Valorisatiemonitor") : en_all.index("Key figures")]
    en = en.replace("Key messages", "")
    assert len(numbers_nl(nl)) > 40
    assert numbers_en(en) == numbers_nl(nl)
    # The four questions, in order, and demonstration labelling in English.
    assert re.findall(r"\b([1-4])\. (?:What|How|Which|Is) ", en) == ["1", "2", "3", "4"]
    if "demonstratiegegevens" in nl:
        assert "demonstration data" in en
        assert "Demonstration data" in (built.site / "en" / "index.html").read_text("utf-8")


def test_english_key_figures_equal_the_dutch_summary(built: Built) -> None:
    def boxes(html: str) -> list[str]:
        return [
            _text(b)
            for b in re.findall(r'<div class="vm-keyfigure" data-basis="[a-z]+">(.*?)</div>', html)
        ]

    nl = boxes((built.site / "00_samenvatting.html").read_text(encoding="utf-8"))
    en = boxes((built.site / "en" / "index.html").read_text(encoding="utf-8"))
    assert len(nl) == len(en) >= 5
    for dutch, english in zip(nl, en, strict=True):
        # The Dutch note's 't.o.v. 2024' and the English 'compared with 2024' both carry the year.
        assert numbers_en(english) == numbers_nl(dutch), (dutch, english)


def test_english_summary_has_no_raw_codes_or_internal_notes(built: Built) -> None:
    page = site_page(built.site / "en" / "index.html", built.year_dir / "charts")
    codes, rules = load_indicator_codes(), rule_ids(built)
    hits = [h for u in page.units for h in identifier_hits(u, codes, rules)]
    hits += [h for u in page.units for h in internal_note_hits(u)]
    assert hits == []


# --------------------------------------------------------------------------- search


def test_search_finds_an_institution_by_part_of_its_name(built: Built, page: Any) -> None:
    page.goto((built.site / "02_kennisoverdracht_nederland.html").as_uri())
    box = page.locator("#vm-search-input")
    assert box.is_visible()
    assert page.locator("label[for=vm-search-input]").inner_text() == "Zoeken"
    box.fill("voorbeeldun a")  # parts of 'Voorbeelduniversiteit A'
    results = page.locator("#vm-search-results a")
    assert results.count() >= 1
    first = results.nth(0)
    assert first.get_attribute("href") == "06_instellingen-vb-univ-a.html"
    assert "Voorbeelduniversiteit A" in first.inner_text()
    n = results.count()
    status = page.locator("#vm-search-status").inner_text()
    assert status == ("1 resultaat" if n == 1 else f"{n} resultaten")
    # Its short name finds it too, and a word found nowhere says so.
    box.fill("Voorbeelduniv. A")
    assert page.locator("#vm-search-results a").nth(0).get_attribute("href") == (
        "06_instellingen-vb-univ-a.html"
    )
    box.fill("qqqzzz")
    assert page.locator("#vm-search-results a").count() == 0
    assert page.locator("#vm-search-status").inner_text() == "Geen resultaten"
    # Keyboard only: type, ArrowDown to the first result, Enter follows it.
    box.fill("")
    box.focus()
    page.keyboard.type("voorbeeld-umc")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused is not None and focused.startswith("06_instellingen-")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/" + focused)
    assert "Voorbeeld-UMC" in page.locator("h1").inner_text()


def test_search_finds_indicators_and_headings(built: Built, page: Any) -> None:
    page.goto((built.site / "index.html").as_uri())
    page.locator("#vm-search-input").fill("licentie-inkomsten")
    hrefs = [a.get_attribute("href") for a in page.locator("#vm-search-results a").all()]
    assert "07_bijlagen.html#tab-indicatoren" in hrefs
    page.locator("#vm-search-input").fill("bronnenlijst")
    assert "07_bijlagen.html#bronnenlijst" in [
        a.get_attribute("href") for a in page.locator("#vm-search-results a").all()
    ]


# --------------------------------------------------------------------------- accessibility


def _axe(page: Any) -> dict[str, Any]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    response: dict[str, Any] = result.response
    return response


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_axe_finds_no_serious_or_critical_violation(built: Built, page: Any, kind: str) -> None:
    target = built.site / PAGE_KINDS[kind]
    page.goto(target.as_uri())
    page.wait_for_timeout(500)  # charts and explorers draw after load
    response = _axe(page)
    assert response["passes"], "axe ran no check"
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{kind} ({PAGE_KINDS[kind]})"


@pytest.mark.parametrize("file", ["index.html", "06_instellingen-vb-univ-a.html", "verkenner.html"])
def test_axe_on_a_phone_with_the_search_results_open(built: Built, browser: Any, file: str) -> None:
    """At 390 px, with the result list of the header's search open over the page."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto((built.site / file).as_uri())
        page.locator("#vm-search-input").fill("univ")  # Universiteit, Universitair, University
        assert page.locator("#vm-search-results a").count() == 12  # the first twelve
        status = page.locator("#vm-search-status").inner_text()
        assert re.fullmatch(r"De eerste 12 van \d+ resultaten; typ meer om te verfijnen", status)
        serious = [
            v["id"] for v in _axe(page)["violations"] if v["impact"] in ("serious", "critical")
        ]
        assert serious == []
    finally:
        context.close()


def test_axe_would_report_what_it_must(tmp_path: Path, page: Any) -> None:
    """The check can fail: a page with an unlabelled field and a faint text has violations."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="nl"><head><title>x</title></head><body><main>'
        '<p style="color:#bbb;background:#fff">vaag</p><input type="text"></main></body></html>',
        encoding="utf-8",
    )
    page.goto(bad.as_uri())
    found = {v["id"] for v in _axe(page)["violations"]}
    assert {"color-contrast", "label"} <= found


@pytest.mark.parametrize("file", ["index.html", "06_instellingen-vb-univ-a.html", "en/index.html"])
def test_skip_link_is_first_and_moves_focus_past_the_header(
    built: Built, page: Any, file: str
) -> None:
    page.goto((built.site / file).as_uri())
    page.keyboard.press("Tab")
    first = page.evaluate("[document.activeElement.className, document.activeElement.hash]")
    assert first[0] == "vm-skip"
    assert page.locator(".vm-skip").is_visible()  # shown when focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    inside = page.evaluate(
        "(() => { const m = document.querySelector('main');"
        " return m.contains(document.activeElement) || m.compareDocumentPosition("
        "document.activeElement) === Node.DOCUMENT_POSITION_FOLLOWING; })()"
    )
    assert inside, (
        f"{file}: after the skip link, Tab went to {page.evaluate('document.activeElement.outerHTML')[:120]}"
    )


# --------------------------------------------------------------------------- hostile data


def test_hostile_names_reach_the_english_page_and_the_search_as_text(
    hostile: Path,  # noqa: F811 (the fixture imported above)
) -> None:
    """Names with markup, script links and Markdown (`test_hostile_data_build`) stay text."""
    english = (hostile / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert unsafe_markup(english) == []
    assert links_to(english, "evil.example") == []
    assert "<em>ster</em>" not in english
    # The English page's short answers name no institution or region (the full answers,
    # which did, are in the Dutch summary): where a name from the data appears, it is text.
    assert "<img src=x" not in english and 'onerror="document' not in english
    index = (hostile / "site" / "assets" / "zoekindex.js").read_text(encoding="utf-8")
    assert "</script" not in index.lower() and "<img" not in index
    assert "\\u003cimg src=x onerror=" in index  # the institution's name, as data
