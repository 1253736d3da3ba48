"""A whole build from data a hostile contributor wrote: nothing runs, everything reads as typed.

Institution names, short names, regions, ecosystems, consortium names and source
titles carry markup, script links, Markdown syntax and spreadsheet formulas. The
build must succeed and publish them as text: no element of the site gains an event
handler or a script link (checked on the HTML and, after Chromium ran the page, on
the DOM), no CSV cell starts a formula, and the PDF prints the text whole.
"""

from __future__ import annotations

import csv
import html
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from html_safety import links_to, unsafe_markup

from .browser import chromium, dump_doms, pdftotext
from .conftest import ROOT, latest_year, needs, run_build

pytestmark = pytest.mark.e2e

#: Executing this sets an attribute the page never has; its text does not contain it.
SCRIPT = "document.body.setAttribute('data-'+'pwned','y'+'es')"
PAYLOAD = (
    f'<img src=x onerror="{SCRIPT}"><script>{SCRIPT}</script>'
    "[klik](javascript:alert(1)) [phish](https://evil.example/) *ster* ] ^[voetnoot]"
)
FORMULA = '=HYPERLINK("https://evil.example";"klik")'


def _hostile_data(target: Path, demo: Path) -> None:
    """data/raw and data/demo with hostile names: the fictitious institutions and consortia
    (the demonstration edition shows them everywhere), the programme's consortia, sources."""
    shutil.copytree(ROOT / "data" / "raw", target)
    shutil.copytree(ROOT / "data" / "demo", demo)

    def append(folder: Path, relative: str, columns: list[str], rows: slice) -> None:
        frame = pd.read_csv(folder / relative, dtype=str, keep_default_na=False)
        for column in columns:
            frame.loc[frame.index[rows], column] = (
                frame.loc[frame.index[rows], column] + " " + PAYLOAD
            )
        frame.to_csv(folder / relative, index=False, lineterminator="\n")

    append(demo, "institutions.csv", ["name_nl", "short_name", "region", "ecosystem"], slice(0, 3))
    append(demo, "consortia.csv", ["region"], slice(0, 3))
    append(
        target,
        "valorisatieprogramma/consortia.csv",
        ["region", "name", "partners_text"],
        slice(0, 3),
    )
    append(target, "sources.csv", ["title", "publisher"], slice(0, None))
    institutions = pd.read_csv(demo / "institutions.csv", dtype=str, keep_default_na=False)
    institutions.loc[3, "name_nl"] = FORMULA
    institutions.loc[3, "short_name"] = "@SUM(1+1)"
    institutions.to_csv(demo / "institutions.csv", index=False, lineterminator="\n")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    data, demo = base / "raw", base / "demo"
    _hostile_data(data, demo)
    result = run_build(
        base / "report",
        base / "processed",
        "--data-dir",
        str(data),
        "--demonstratie",
        "--demo-data",
        str(demo),
    )
    if result.returncode != 0:
        pytest.fail(f"hostile build failed:\n{result.stdout}\n{result.stderr}")
    return base / "report" / str(latest_year())


def test_no_page_carries_a_handler_a_script_or_a_foreign_link(hostile: Path) -> None:
    pages = sorted((hostile / "site").glob("*.html"))
    assert len(pages) > 8
    seen = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert unsafe_markup(html) == [], page.name
        assert links_to(html, "evil.example") == [], page.name
        assert "<em>ster</em>" not in html, page.name
        seen += html.count("[phish](https://evil.example/) *ster* ]")
    assert seen > 20  # the payload is shown, as text, all over the site


@needs("chromium")
def test_chromium_runs_no_script_from_the_data(hostile: Path) -> None:
    assert chromium() is not None
    pages = [
        hostile / "site" / name
        for name in (
            "06_instellingen-vb-hs-a.html",
            "01_terugblik_valorisatieprogramma.html",
            "07_bijlagen.html",
        )
    ]
    for page, (dom, _log) in dump_doms(pages).items():
        assert "<body" in dom, page.name
        assert 'data-pwned="yes"' not in dom, page.name
        assert "&lt;img src=x onerror=" in dom, page.name


def test_fact_sheet_prose_shows_the_names_whole(hostile: Path) -> None:
    """The name reads as typed (quotes become typographic, like all prose)."""
    page = (hostile / "site" / "06_instellingen-vb-hs-a.html").read_text(encoding="utf-8")
    prose = re.search(r"<p>Voorbeeldhogeschool A (.*?)</p>", page)
    assert prose is not None
    text = html.unescape(prose.group(1))
    for curly, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        text = text.replace(curly, straight)
    assert text.startswith(PAYLOAD + " is een ")


def test_no_csv_cell_starts_a_formula(hostile: Path) -> None:
    found_formula = False
    for path in sorted((hostile / "data").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
                        assert re.fullmatch(r"[+-][0-9.,eE+-]+", cell), (path.name, cell)
                    found_formula |= cell == "'" + FORMULA
    assert found_formula  # the neutralised formula is published, as text


@needs("pdftotext")
def test_pdf_prints_names_and_citations_whole(hostile: Path) -> None:
    text = pdftotext(hostile / f"valorisatiemonitor-{latest_year()}.pdf")
    flat = " ".join(text.split())
    assert flat.count("[phish](https://evil.example/) *ster* ] ^[voetnoot]") > 10
    # A reference list entry whose title holds ']' is not cut short: the publisher follows.
    assert "^[voetnoot]. Tweede Kamer der Staten-Generaal" in flat
