"""Finding one's way on the built site, in both editions: links and search.

* Every cross-reference ("hoofdstuk 3", "bijlage B", "hoofdstukken 2 tot en met 5") and
  every citation ("[12]", "Bronnen: 1, 7.") in the text of a page is a link, and each
  such link leads to a page and an element that exist.
* On a 390 px phone a table wider than the screen keeps its first column in place and
  says it scrolls, and no row grows taller than about eight lines.
* The explorer's list is searched as one types; clearing every choice is no error. The
  scenario explorer disables what does not apply and warns far above today's level.
* The codebook (data/codebook.csv and gegevens.html) says what each column means, never
  merely its name again.
* The search (`zoeken.js` over `zoekindex.js`, in headless Chromium) finds the top's
  institutions, the consortia and the regions ("Oxford", "Brainport", "consortium"),
  and matches at word starts only ("ETH" never finds "Methode").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from .browser import chromium
from .conftest import Built

#: Text that must be inside a link: our chapters are numbered, our annexes lettered.
REFERENCE = re.compile(
    r"\b(?:[Hh]oofdstuk(?:ken)?\s+[0-9]+|[Bb]ijlagen?\s+[A-Z]\b)"
    r"|\[[0-9]{1,3}(?:,\s+[0-9]{1,3})*\]"
    r"|\bBronnen?:\s+[0-9]{1,3}(?:,\s+[0-9]{1,3})*(?=[.;]|\s*$)"
)
#: Where no link can be: scripts, styles, the page title, form controls.
NO_LINK_HERE = {"script", "style", "title", "option", "select", "textarea", "button"}


class _Text(HTMLParser):
    """The page's text outside links (in runs), its cross-reference links and its ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.unlinked: list[str] = []
        self.xrefs: list[str] = []
        self.ids: set[str] = set()
        self._inside: list[str] = []
        self._run: list[str] = []

    def _flush(self) -> None:
        if self._run:
            self.unlinked.append(" ".join("".join(self._run).split()))
            self._run = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" or tag in NO_LINK_HERE:
            self._flush()
            self._inside.append(tag)
            if tag == "a" and "vm-xref" in (a.get("class") or "").split():
                self.xrefs.append(str(a.get("href") or ""))

    def handle_endtag(self, tag: str) -> None:
        if self._inside and tag == self._inside[-1]:
            self._inside.pop()
        if tag in ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "figcaption", "div", "span"):
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._inside:
            self._run.append(data)


def _read(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    parser._flush()
    return parser


@pytest.fixture(params=["built", "published"])
def edition(request: pytest.FixtureRequest) -> Built:
    built: Built = request.getfixturevalue(request.param)
    return built


def test_every_cross_reference_and_citation_is_a_link_that_leads_somewhere(
    edition: Built,
) -> None:
    pages = [*sorted(edition.site.glob("*.html")), edition.site / "en" / "index.html"]
    read = {page: _read(page) for page in pages}
    unlinked = [
        f"{page.relative_to(edition.site)}: …{m.group(0)}… in {text[:120]!r}"
        for page, parsed in read.items()
        for text in parsed.unlinked
        for m in REFERENCE.finditer(text)
        # The English page cites the Dutch list; it has no Dutch chapter references.
        if not (page.parent.name == "en" and not m.group(0).startswith("["))
    ]
    assert not unlinked, "\n".join(unlinked[:20])
    linked = 0
    for page, parsed in read.items():
        for href in parsed.xrefs:
            linked += 1
            parts = urlsplit(href)
            target = (page.parent / parts.path).resolve() if parts.path else page
            assert target.is_file(), f"{page.name}: {href} leads to no page"
            if parts.fragment:
                ids = read[target].ids if target in read else _read(target).ids
                assert parts.fragment in ids, f"{page.name}: {href} leads to no element"
    # Both editions cite sources and refer to chapters: there is something to link.
    assert linked > 20


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    exe = chromium()
    if exe is None:
        pytest.skip("chromium not installed")
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        try:
            yield instance
        finally:
            instance.close()


def test_search_finds_peers_consortia_and_regions_and_matches_at_word_starts(
    edition: Built, browser: Any
) -> None:
    page = browser.new_page()
    try:
        page.goto((edition.site / "index.html").as_uri())

        def search(query: str) -> list[dict[str, str]]:
            found: list[dict[str, str]] = page.evaluate("q => window.VMSearch.search(q)", query)
            return found

        for query, kind in (("Oxford", "Europese top"), ("Brainport", "Regio")):
            hits = search(query)
            assert any(h["k"] == kind for h in hits), (query, hits[:5])
            assert query in hits[0]["t"] + hits[0].get("a", ""), (query, hits[0])
        consortia = [h for h in search("consortium") if h["k"] == "Consortium"]
        assert len(consortia) >= 12  # the programme's twelve, whatever their names
        for hit in search("Oxford") + search("Brainport") + consortia:
            file, _, anchor = hit["u"].partition("#")
            target = edition.site / file
            assert target.is_file(), hit
            assert not anchor or f'id="{anchor}"' in target.read_text(encoding="utf-8"), hit
        # The index holds "Methode en definities"; "ETH" must not find it, "meth" must.
        assert not [h for h in search("ETH") if "Methode" in h["t"]]
        assert [h for h in search("meth") if "Methode" in h["t"]]
        assert search("ETH") and all(
            re.search(r"(?<![0-9a-z])eth", (h["t"] + " " + h["p"] + " " + h.get("a", "")).lower())
            for h in search("ETH")
        )
    finally:
        page.close()


def test_explorer_finds_a_line_by_typing_and_clearing_every_choice_is_no_error(
    built: Built, browser: Any
) -> None:
    """The list of institutions is searched, not scrolled; an empty choice breaks nothing."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto((built.site / "verkenner.html").as_uri())
        page.wait_for_timeout(1500)
        # The notes a script writes link their cross-references like the page's own text.
        assert "03_europese_top.html" in [
            a.get_attribute("href") for a in page.locator("#vm-x-notes a.vm-xref").all()
        ]
        # Folded: only the section holding the chosen line is open.
        assert page.locator(".vm-x-set[open]").count() == 1
        assert page.locator(".vm-x-list li:visible").count() == 1
        # Remove the one chosen line with its button: no chart, a plain instruction.
        page.locator(".vm-x-remove").click()
        page.wait_for_timeout(500)
        assert page.locator("#vm-x-chart").is_hidden()
        assert "Kies ten minste" in page.locator("#vm-x-status").inner_text()
        # Type part of a name: only matching lines show; choose one with the keyboard.
        page.locator("#vm-x-zoek").fill("brainport")
        visible = page.locator(".vm-x-list li:visible")
        assert visible.count() >= 1
        assert all("Brainport" in t for t in visible.all_inner_texts())
        page.locator("#vm-x-zoek").press("ArrowDown")
        page.keyboard.press("Space")
        page.wait_for_timeout(1500)
        assert page.locator("#vm-x-chart svg").count() == 1
        assert "Brainport" in page.locator("#vm-x-status").inner_text()
        # The x-axis ends at the last year with a figure, not a rounded-up year after it.
        years = [
            int(t)
            for t in page.locator("#vm-x-chart svg .role-axis text").all_text_contents()
            if t.isdigit() and len(t) == 4
        ]
        assert years and max(years) <= built.year
        assert problems == []
    finally:
        page.close()


def test_scenario_disables_what_does_not_apply_and_warns_far_above_todays_level(
    built: Built, browser: Any
) -> None:
    """Jobs only with extra spin-offs, a path only with a lag; a warning above 3 times today."""
    import json

    text = (built.site / "assets" / "scenario-gegevens.js").read_text(encoding="utf-8")
    data = json.loads(text[text.index("{") : text.rindex("}") + 1])
    factor = data["plausibleFactor"]
    comparisons = data["choices"][0]["comparisons"]
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    try:
        warned = 0
        for c in comparisons:
            for doel in ("low", "high"):
                page.goto(
                    (built.site / "scenarioverkenner.html").as_uri()
                    + f"#top={data['choices'][0]['key']}&vergelijking={c['key']}&doel={doel}"
                )
                page.wait_for_timeout(700)
                path_off = page.evaluate("document.getElementById('vm-s-pad').disabled")
                jobs_off = page.evaluate("document.getElementById('vm-s-banen-groep').disabled")
                assert path_off == (c["status"] != "lagging"), c["key"]
                assert jobs_off == (path_off or c["indicator"] != "spinoffs"), c["key"]
                for group, off in (("vm-s-pad-reden", path_off), ("vm-s-banen-reden", jobs_off)):
                    reason = page.locator(f"#{group}")
                    assert reason.is_visible() == off
                    assert not off or reason.inner_text().startswith("Niet van toepassing: ")
                # The warning follows the page's own numbers for the last year of the path.
                cells = page.evaluate(
                    "[...document.querySelectorAll('#vm-s-table tbody tr:last-child td')]"
                    ".map(td => [td.getAttribute('data-key'), td.getAttribute('data-value')])"
                )
                values = {k: float(v) for k, v in cells}
                far = bool(values) and values["count_scenario"] > factor * values["count_baseline"]
                warning = page.locator("#vm-s-warning")
                assert (warning.count() == 1) == far, (c["key"], doel, values)
                warned += far
        assert warned, "no choice reaches the bound: the warning was never tried"
        hrefs = [a.get_attribute("href") for a in page.locator("#vm-s-notes a.vm-xref").all()]
        assert hrefs == ["03_europese_top.html", "05_regeling_kto_nederland.html"]
        # The link can be copied with a button (the page cannot reach the clipboard
        # from file://: it selects the link and says how to copy it).
        page.locator("#vm-s-copy").click()
        page.wait_for_function("document.getElementById('vm-s-copied').textContent !== ''")
        assert page.locator("#vm-s-copied").inner_text() in (
            "Link gekopieerd.",
            "Kopieer de geselecteerde link met Ctrl+C.",
        )
        assert problems == []
    finally:
        page.close()


#: The tallest a table row may be on a 390 px phone: about eight lines of table text.
PHONE_ROW_MAX = 180


def test_wide_tables_on_a_phone_keep_their_first_column_say_they_scroll_and_stay_low(
    edition: Built, browser: Any
) -> None:
    pages = [p for p in sorted(edition.site.glob("*.html")) if "06_instellingen-" not in p.name]
    pages += sorted(edition.site.glob("06_instellingen-*.html"))[:2]
    page = browser.new_page(viewport={"width": 390, "height": 844})
    measure = """() => [...document.querySelectorAll('.vm-table-scroll')].map(box => {
      const first = box.querySelector('tbody tr > :first-child');
      const hint = box.previousElementSibling;
      return {
        over: box.scrollWidth > box.clientWidth + 1,
        hint: !!hint && hint.classList.contains('vm-scroll-hint') && !hint.hidden
          && hint.getBoundingClientRect().height > 0,
        sticky: first ? getComputedStyle(first).position === 'sticky' : true,
        tallest: Math.max(0, ...[...box.querySelectorAll('tbody tr')].map(
          tr => tr.getBoundingClientRect().height))
      };
    })"""
    problems: list[str] = []
    wide = 0
    try:
        for file in pages:
            page.goto(file.as_uri())
            page.wait_for_timeout(300)
            for n, box in enumerate(page.evaluate(measure)):
                where = f"{file.name} table {n + 1}"
                if box["over"]:
                    wide += 1
                    if not box["hint"]:
                        problems.append(f"{where}: wider than the screen, no scroll hint")
                    if not box["sticky"]:
                        problems.append(f"{where}: wider than the screen, first column scrolls")
                if box["tallest"] > PHONE_ROW_MAX:
                    problems.append(f"{where}: a row {box['tallest']:.0f} px high")
    finally:
        page.close()
    assert wide, "no table wider than a phone: nothing was tried"
    assert problems == [], "\n".join(problems)


def test_the_codebook_says_what_each_column_means_not_its_name_again(edition: Built) -> None:
    import csv

    from csv_check import merely_repeats

    with (edition.year_dir / "data" / "codebook.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 100
    repeats = [
        f"{r['tabel']}.{r['kolom']}: {r['omschrijving']!r}"
        for r in rows
        if merely_repeats(r["omschrijving"], r["kolom"], r["label"])
    ]
    assert repeats == [], "\n".join(repeats[:20])
    page = (edition.site / "gegevens.html").read_text(encoding="utf-8")
    assert "Het kalenderjaar" in page  # the site's codebook shows the same descriptions
