"""End-to-end: the downloads page, the actions under every chart and table, permalinks.

Against real builds: every link on the downloads page and every action link under a
figure or table resolves to a file (or an anchor on a page); the archive and the PNGs
are byte-identical across two independent builds; the anchors of every figure and
table are the same in the 2024 and the 2025 edition; in headless Chromium the copy
button yields this page's address with the anchor from `file://`, and the navigation
stays one line at 1366 and at 390 px and works from the keyboard.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from site_probe import probe, probe_copy

from .conftest import ROOT, Built, needs, run_build

pytestmark = pytest.mark.e2e

_HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"', re.S)
_FIGURE = re.compile(r'<figure class="vm-figure[^"]*" id="([^"]+)"')


def _pages(site: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(site.glob("*.html"))}


def _resolves(site: Path, page: str, href: str, pages: dict[str, str]) -> bool:
    """Whether a relative link from `site/page` reaches a file (and its anchor, if any)."""
    parts = urlsplit(html.unescape(href))
    if parts.scheme or parts.netloc:
        return True  # an external address (a licence text): not a file of the edition
    target = (site / unquote(parts.path)).resolve() if parts.path else (site / page).resolve()
    if not target.is_file():
        return False
    if parts.fragment and target.suffix == ".html":
        text = pages.get(target.name) if target.parent == site.resolve() else None
        text = text if text is not None else target.read_text(encoding="utf-8")
        return f'id="{parts.fragment}"' in text
    return True


def test_every_link_on_the_downloads_page_resolves(built: Built) -> None:
    pages = _pages(built.site)
    page = pages["downloads.html"]
    main = page[page.index('<main id="inhoud"') : page.index("</main>")]
    links = _HREF.findall(main)
    broken = [h for h in links if not _resolves(built.site, "downloads.html", h, pages)]
    assert not broken, broken
    # Every table of the codebook, in both CSV variants; every chart as PNG and SVG.
    codebook = {
        line.split(",")[0]
        for line in (built.year_dir / "data" / "codebook.csv").read_text().splitlines()[1:]
    }
    csv_links = {h for h in links if re.fullmatch(r"\.\./data/[^/]+\.csv", h)}
    assert {Path(h).stem for h in csv_links} == codebook | {"codebook"}
    for name in codebook:
        assert f'href="../data/excel-nl/{name}.csv"' in main, name
    assert len(csv_links) >= 60
    svgs = sorted((built.year_dir / "charts").glob("*.svg"))
    assert len(svgs) >= 40
    for svg in svgs:
        assert f'href="../charts/{svg.name}"' in main, svg.name
        assert f'href="../charts/{svg.stem}.png"' in main, svg.name
    assert f'href="../valorisatiemonitor-{built.year}-tabellen.zip"' in main
    assert f'href="../valorisatiemonitor-{built.year}.pdf"' in main
    # The archive holds exactly the tables the page lists, in both variants.
    with zipfile.ZipFile(built.year_dir / f"valorisatiemonitor-{built.year}-tabellen.zip") as z:
        members = set(z.namelist())
    listed = {Path(h).stem for h in csv_links if h.count("/") == 2} - {"codebook"}
    assert {f"tabellen/{n}.csv" for n in listed} <= members
    assert {f"excel-nl/{n}.csv" for n in listed} <= members


def test_licences_on_the_downloads_page(published: Built) -> None:
    from analysis.data import sources

    page = _pages(published.site)["downloads.html"]
    register = sources.load_sources(ROOT / "data" / "raw")
    leiden = sources.reference_number("cwts_leiden_ranking_2020_nda", register)
    row = re.search(
        r"<tr><th scope=\"row\"><a href=\"[^\"]*creativecommons[^\"]*\">(.*?)</tr>", page
    )
    assert row is not None
    assert f">{leiden}</a>" in row.group(1)
    assert "MIT-licentie" in page
    assert "Onbekend" in page


def test_every_figure_and_table_action_resolves(built: Built) -> None:
    pages = _pages(built.site)
    figures = 0
    for name, text in pages.items():
        for match in re.finditer(
            r'<figure class="vm-figure vm-figure-chart" id="([^"]+)".*?</figure>', text, re.S
        ):
            figures += 1
            anchor, block = match.group(1), match.group(0)
            actions = re.search(r'<p class="vm-figure-actions">(.*?)</p>', block, re.S)
            assert actions is not None, (name, anchor)
            hrefs = _HREF.findall(actions.group(1))
            kinds = [
                re.sub(r"<[^>]+>", "", a)
                for a in re.findall(r"<a\b[^>]*>(.*?)</a>", actions.group(1))
            ]
            assert kinds[:3] == ["PNG", "SVG", "CSV"], (name, anchor, kinds)
            assert f"#{anchor}" in hrefs and f'data-vm-copy="{anchor}"' in block
            broken = [h for h in hrefs if not _resolves(built.site, name, h, pages)]
            assert not broken, (name, anchor, broken)
        for match in re.finditer(
            r'<figure class="vm-figure vm-figure-table" id="([^"]+)".*?</figure>', text, re.S
        ):
            anchor, block = match.group(1), match.group(0)
            assert f'href="#{anchor}"' in block, (name, anchor)
            foot = re.search(r'<p class="vm-table-foot">(.*?)</p>', block, re.S)
            hrefs = _HREF.findall(foot.group(1)) if foot else []
            broken = [h for h in hrefs if not _resolves(built.site, name, h, pages)]
            assert not broken, (name, anchor, broken)
    assert figures >= 40


def test_a_chart_shows_its_indicators_definition_from_the_appendix(built: Built) -> None:
    page = _pages(built.site)["02_kennisoverdracht_nederland.html"]
    block = re.search(r'<figure [^>]*id="fig-trend-spin-offs".*?</figure>', page, re.S)
    assert block is not None
    text = html.unescape(re.sub(r"<[^>]+>", "", block.group(0)))
    # The appendix's definition of spin-offs (data/raw/indicators.csv, definition_nl).
    assert (
        "Definitie spin-offs: Spin-offbedrijven opgericht in het jaar op basis van kennis" in text
    )
    assert 'href="07_bijlagen.html#tab-indicatoren"' in block.group(0)


def test_archive_and_pngs_are_byte_identical_across_builds(
    built: Built, built_twice: Built
) -> None:
    name = f"valorisatiemonitor-{built.year}-tabellen.zip"
    assert (built.year_dir / name).read_bytes() == (built_twice.year_dir / name).read_bytes()
    pngs = sorted((built.year_dir / "charts").glob("*.png"))
    assert len(pngs) >= 40
    for png in pngs:
        assert png.read_bytes() == (built_twice.year_dir / "charts" / png.name).read_bytes(), (
            png.name
        )


@pytest.fixture(scope="module")
def edition_2024(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("edition-2024")
    result = run_build(base / "report", base / "processed", "--year", "2024", "--demonstratie")
    if result.returncode != 0:
        pytest.fail(f"2024 build failed:\n{result.stdout}\n{result.stderr}")
    return base / "report" / "2024" / "site"


def test_anchors_are_the_same_in_two_editions(built: Built, edition_2024: Path) -> None:
    assert built.year == 2025
    old = {n: _FIGURE.findall(t) for n, t in _pages(edition_2024).items()}
    new = {n: _FIGURE.findall(t) for n, t in _pages(built.site).items()}
    assert set(old) == set(new)
    assert old == new
    assert sum(len(v) for v in new.values()) >= 100
    assert "fig-trend-spin-offs" in new["02_kennisoverdracht_nederland.html"]


MENU_PROBE = """
<script>
(function () {
  var out = {};
  function nav() {
    var bar = document.querySelector(".vm-nav-row");
    var rect = bar.getBoundingClientRect();
    var shown = Array.prototype.filter.call(bar.children, function (c) {
      return c.getClientRects().length > 0;
    });
    var tops = shown.map(function (c) {
      return Math.round(c.getBoundingClientRect().top);
    }).filter(function (t, i, all) { return all.indexOf(t) === i; });
    return {height: Math.round(rect.height), rows: tops.length, width: window.innerWidth,
            scroll: document.documentElement.scrollWidth};
  }
  out.nav = nav();
  var menus = document.querySelectorAll("details.vm-menu");
  var summary = menus[menus.length - 1].querySelector("summary");
  summary.focus();
  out.focusable = document.activeElement === summary;
  summary.click();
  var list = menus[menus.length - 1].querySelector(".vm-menu-list").getBoundingClientRect();
  out.opened = menus[menus.length - 1].open;
  out.listInside = list.left >= 0 && list.right <= window.innerWidth;
  menus[0].querySelector("summary").click();
  out.onlyOne = !menus[menus.length - 1].open && menus[0].open;
  document.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
  out.closed = !menus[0].open && document.activeElement === menus[0].querySelector("summary");
  var button = document.querySelector("button.vm-copy");
  if (button) {
    out.anchor = button.getAttribute("data-vm-copy");
    button.click();
  }
  setTimeout(function () {
    if (button) {
      out.copied = button.getAttribute("data-vm-copied");
      out.status = button.parentNode.querySelector(".vm-copy-status").textContent;
      var field = button.parentNode.querySelector(".vm-copy-field");
      out.field = field ? field.value : null;
      out.selected = field ? (field.selectionEnd - field.selectionStart) === field.value.length : null;
    }
    var pre = document.createElement("pre");
    pre.id = "vm-probe";
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
    if (window.parent !== window) { window.parent.postMessage(JSON.stringify(out), "*"); }
  }, 1500);
})();
</script>
"""


@needs("chromium")
@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "02_kennisoverdracht_nederland.html",
        "06_instellingen-vb-univ-a.html",
        "07_bijlagen.html",
        "downloads.html",
        "gegevens.html",
        "verkenner.html",
    ],
)
def test_navigation_one_line_keyboard_and_copy_button(built: Built, page: str, width: int) -> None:
    seen = probe(built.site / page, width, script=MENU_PROBE)
    nav = seen["nav"]
    assert nav["width"] == width, nav
    assert nav["rows"] == 1 and nav["height"] <= 60, nav
    assert nav["scroll"] <= nav["width"], nav  # nothing sticks out sideways
    assert seen["focusable"] and seen["opened"] and seen["listInside"], seen
    assert seen["onlyOne"] and seen["closed"], seen
    if "anchor" in seen:
        # The copied address is this page's own file:// address with the anchor.
        copy = probe_copy(built.site / page, width).resolve().as_uri()
        assert seen["copied"] == f"{copy}#{seen['anchor']}", seen
        assert seen["status"] in ("Gekopieerd", "Kopieer de geselecteerde link met Ctrl+C"), seen
        if seen["field"] is not None:
            assert seen["field"] == seen["copied"] and seen["selected"], seen
