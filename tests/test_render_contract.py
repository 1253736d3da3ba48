"""The extended display → render contract: basis per item, site-only placement, front
matter, the colophon's count of bases. Built on `labelled_report` (no chapter content)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from analysis.errors import BuildError
from analysis.publication.display.bundle import MIME
from analysis.publication.render import load_documents, render_report
from analysis.publication.render.basis import BasisCounts, summary_text
from analysis.publication.render.config import load_config
from analysis.publication.render.notebook import (
    BasisSummaryBlock,
    TableBlock,
    count_bases,
    read_notebook,
)
from analysis.publication.render.typst_pdf import build_typst
from labelled_report import (
    ASSUMPTION_CAPTION,
    DEMO_TABLE_CAPTION,
    EXPECTED,
    FRONT_TEXT,
    MIXED_REAL_CAPTION,
    REAL_TABLE_CAPTION,
    SITE_ONLY_CAPTION,
    SITE_ONLY_CELL,
    YEAR,
    write_report,
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project, executed, out = write_report(tmp_path_factory.mktemp("labelled"))
    render_report(project, executed, out, year=YEAR, years_available=[YEAR], demonstration=True)
    return out


def _typst(tmp_path: Path) -> str:
    project, executed, out = write_report(tmp_path)
    config = load_config(project)
    work = tmp_path / "work"
    work.mkdir()
    return build_typst(
        config, load_documents(config, project, executed), out, work, year=YEAR, report_date="x"
    )


def _pdf_pages(out: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / f"valorisatiemonitor-{YEAR}.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f")]


def test_bundles_become_blocks_with_basis_and_placement(tmp_path: Path) -> None:
    _, executed, _ = write_report(tmp_path)
    doc = read_notebook(executed / "notebooks/02_gemengd.ipynb", "n", "x")
    tables = {b.caption: b for b in doc.blocks if isinstance(b, TableBlock)}
    assert tables[DEMO_TABLE_CAPTION].basis == "demonstration" and tables[DEMO_TABLE_CAPTION].demo
    assert tables[MIXED_REAL_CAPTION].basis == "real" and not tables[MIXED_REAL_CAPTION].demo
    assert tables[ASSUMPTION_CAPTION].basis == "assumption"
    assert tables[SITE_ONLY_CAPTION].pdf is False and tables[DEMO_TABLE_CAPTION].pdf is True


def test_a_bundle_without_a_known_basis_is_refused(tmp_path: Path) -> None:
    from analysis.publication.render.notebook import _block_from_bundle

    table = {"kind": "table", "name": "t", "caption": "T", "columns": ["a"], "rows": [["1"]]}
    block = _block_from_bundle({**table, "basis": "demonstration"}, "w")
    assert isinstance(block, TableBlock) and block.basis == "demonstration" and block.pdf
    with pytest.raises(BuildError, match="basis must be one of"):
        _block_from_bundle({**table, "basis": "misschien"}, "w")
    with pytest.raises(BuildError):
        _block_from_bundle({**table, "demo": True}, "w")


def test_count_bases_counts_every_rendered_item(tmp_path: Path) -> None:
    project, executed, _ = write_report(tmp_path)
    config = load_config(project)
    figures, keys = count_bases(load_documents(config, project, executed))
    assert figures == BasisCounts(**EXPECTED["figures"])
    assert keys == BasisCounts(**EXPECTED["keyfigures"])


def test_summary_text_states_each_count_and_the_real_share() -> None:
    text = summary_text(BasisCounts(3, 3, 1), BasisCounts(3, 1, 0))
    assert "Van de 7 tabellen en figuren" in text
    assert "berusten er 3 op echte, geciteerde bronnen, 3 op demonstratiegegevens" in text
    assert "1 op aannames van de monitor" in text
    assert "Het aandeel op echte bronnen is 43%." in text  # 3/7 = 42,9%
    assert "Van de 4 kerncijfers berusten er 3" in text
    assert summary_text(BasisCounts(1, 0, 0), BasisCounts()).count("berust er 1") == 1


def test_colophon_page_gets_the_summary_once(tmp_path: Path) -> None:
    project, executed, _ = write_report(tmp_path)
    config = load_config(project)
    docs = load_documents(config, project, executed)
    placed = [d.source for d in docs for b in d.blocks if isinstance(b, BasisSummaryBlock)]
    assert placed == ["notebooks/03_colofon.ipynb"]  # the notebook's own placeholder, once
    # A report whose notebooks never place it gets it at the end of the colophon page.
    nb = executed / "notebooks/03_colofon.ipynb"
    nb.write_text(
        nb.read_text(encoding="utf-8").replace('"basis_summary"', '"markdown", "text": ""'),
        encoding="utf-8",
    )
    docs = load_documents(config, project, executed)
    colophon = next(d for d in docs if d.source == "notebooks/03_colofon.ipynb")
    assert isinstance(colophon.blocks[-1], BasisSummaryBlock)


def test_front_matter_comes_before_the_contents(tmp_path: Path) -> None:
    src = _typst(tmp_path)
    assert "contents: false," in src
    front = src.index('#vm-chapter("Kernboodschappen", numbered: false)')
    contents = src.index("#vm-contents()")
    first_chapter = src.index('#vm-chapter("Alleen echte cijfers"')
    assert front < contents < first_chapter
    assert src.count('#vm-chapter("Kernboodschappen"') == 1


def test_front_matter_must_be_a_page_and_not_an_annex(tmp_path: Path) -> None:
    project, _, _ = write_report(tmp_path)
    path = project / "_quarto.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("- notebooks/00_kern.ipynb\n    appendix", "- x.ipynb\n    appendix")
    )
    with pytest.raises(BuildError, match=r"pdf.front lists x.ipynb"):
        load_config(project)
    path.write_text(
        text.replace("      - notebooks/03_colofon.ipynb\n", "      - notebooks/00_kern.ipynb\n")
    )
    with pytest.raises(BuildError, match="both as front matter and as an annex"):
        load_config(project)


def test_site_only_table_is_a_pointer_in_the_pdf(tmp_path: Path) -> None:
    src = _typst(tmp_path)
    assert SITE_ONLY_CELL not in src
    assert (
        f'#vm-site-only(kind: "table", "{SITE_ONLY_CAPTION}", csv: "data/alle_opgaven.csv", '
        'basis: "demonstration", url: "", page: "Echte en gegenereerde cijfers")'
    ) in src
    # Typeset tables carry their basis and its label.
    assert (
        'basis: "real", label: "Geciteerde bron", size: 8.5pt, columns: auto, hyphenate: false, keep: true) <tab-copublicaties>'
        in src
    )
    assert (
        'basis: "assumption", label: "Aanname", size: 8.5pt, columns: auto, hyphenate: false, keep: true) <tab-parameters>'
        in src
    )


def test_chart_behind_a_site_only_table_points_at_its_csv(tmp_path: Path) -> None:
    project, executed, out = write_report(tmp_path)
    path = executed / "notebooks/02_gemengd.ipynb"
    nb = nbformat.read(path, as_version=4)
    # The demo chart's table goes to the site only: the PDF cannot refer to it.
    changed = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(MIME)
            if payload and payload["kind"] == "table" and payload["name"] == "spinoffs":
                payload["pdf"] = False
                changed += 1
    assert changed == 1
    nbformat.write(nb, path)
    config = load_config(project)
    work = tmp_path / "w"
    work.mkdir()
    src = build_typst(
        config, load_documents(config, project, executed), out, work, year=YEAR, report_date="x"
    )
    assert "@tab-spinoffs" not in src and "<tab-spinoffs>" not in src
    assert '(cijfers: #raw("data/spinoffs.csv"))' in src
    render_report(project, executed, out, year=YEAR)  # and it compiles


def test_site_labels_every_item_with_its_basis(report: Path) -> None:
    pages = {p.name: p.read_text(encoding="utf-8") for p in (report / "site").glob("*.html")}
    real = pages["01_echt.html"]
    mixed = pages["02_gemengd.html"]
    # A proefeditie: every page says so; the real page's banner counts no fictitious figure.
    assert 'class="vm-demo-banner"' in real and 'class="vm-demo-banner"' in mixed
    assert "met fictieve cijfers" not in real and "vm-badge-demonstration" not in real
    assert "met fictieve cijfers" in mixed and "met echte, geciteerde gegevens" in mixed
    figures = re.findall(r'<figure class="vm-figure[^"]*" id="[^"]+" data-basis="(\w+)">', mixed)
    assert sorted(figures) == sorted(
        ["demonstration", "demonstration", "real", "assumption", "demonstration"]
    )
    for figure in re.findall(r"<figure .*?</figure>", mixed, re.S):
        basis = re.search(r'data-basis="(\w+)"', figure)
        assert basis is not None
        assert f"vm-badge vm-badge-{basis.group(1)}" in figure
        assert ("Demonstratiegegevens" in figure) == (basis.group(1) == "demonstration")
    # The site-only table is on the site in full.
    assert SITE_ONLY_CELL in mixed
    # A mixed key-figure row labels each box; a uniform one labels the row once.
    assert re.findall(r'class="vm-keyfigure" data-basis="(\w+)"', mixed) == [
        "real",
        "demonstration",
    ]
    assert mixed.count('class="vm-keyfigure-basis"') == 2
    assert real.count('class="vm-keyfigures-basis"') == 1


def test_site_colophon_count_equals_a_count_of_the_rendered_figures(report: Path) -> None:
    figures: dict[str, int] = dict.fromkeys(("real", "demonstration", "assumption"), 0)
    keys: dict[str, int] = dict.fromkeys(("real", "demonstration", "assumption"), 0)
    for page in (report / "site").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        # The front page repeats the summary's key figures and a chapter's charts: copies.
        html = re.sub(r'<section class="vm-front-figures".*?</section>', "", html, flags=re.S)
        html = re.sub(r'<div class="vm-front-chart">.*?</figure>', "", html, flags=re.S)
        for basis in re.findall(
            r'<figure class="vm-figure[^"]*" id="[^"]+" data-basis="(\w+)"', html
        ):
            figures[basis] += 1
        for basis in re.findall(r'class="vm-keyfigure" data-basis="(\w+)"', html):
            keys[basis] += 1
    colophon = (report / "site" / "03_colofon.html").read_text(encoding="utf-8")
    summary = re.search(r'<section class="vm-basis-summary".*?</section>', colophon, re.S)
    assert summary is not None
    said = summary.group(0)
    total = sum(figures.values())
    assert f"Van de {total} tabellen en figuren" in said
    assert (
        f"berusten er {figures['real']} op echte, geciteerde bronnen, "
        f"{figures['demonstration']} op demonstratiegegevens uit de generator en "
        f"{figures['assumption']} op aannames van de monitor"
    ) in said
    assert f"Van de {sum(keys.values())} kerncijfers berusten er {keys['real']} op" in said
    assert "<strong>Contact:</strong> Valorisatiemonitor, test@example.org" in said
    assert (figures, keys) == (EXPECTED["figures"], EXPECTED["keyfigures"])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_pdf_front_matter_pointer_and_labels(report: Path) -> None:
    pages = _pdf_pages(report)
    assert "Valorisatiemonitor" in pages[0]
    assert FRONT_TEXT in pages[1] and "Kernboodschappen" in pages[1]
    assert "Inhoud" in pages[2][:100]  # after the running header of the proefeditie
    assert "Kernboodschappen" in pages[2]  # the contents list the front matter too
    flat = " ".join(pages)
    assert SITE_ONLY_CELL not in flat
    assert f"Volledige tabel op de website: {SITE_ONLY_CAPTION} (demonstratiegegevens); " in flat
    assert "gegevens: data/alle_opgaven.csv" in flat
    real = next(p for p in pages if REAL_TABLE_CAPTION in p)
    assert "Demonstratiegegevens" not in real and "demonstratie" not in real.lower()
    assert "Geciteerde bron" in real
    mixed = next(p for p in pages if DEMO_TABLE_CAPTION in p)
    assert "Op deze pagina: fictieve cijfers uit de proefeditie" in mixed
    assert "Op deze pagina: fictieve cijfers" not in real
    assert "Proefeditie — fictieve instellingen en cijfers" in real  # the running header
    assert f"Aanname {ASSUMPTION_CAPTION}" in " ".join(pages)
    colophon = next(p for p in pages if "Waar de cijfers op berusten" in p)
    total = sum(EXPECTED["figures"].values())
    assert f"Van de {total} tabellen en figuren" in colophon
    # The printed colophon: the edition, its date, the contact and one address.
    assert "Contact Valorisatiemonitor, test@example.org" in colophon
    assert "Uitgave Valorisatiemonitor 2025" in colophon and "Datum " in colophon


# --- the codebook of the downloads ------------------------------------------------------


def test_codebook_describes_every_csv_and_its_columns(report: Path) -> None:
    import csv

    with (report / "data" / "codebook.csv").open(encoding="utf-8", newline="") as handle:
        book = list(csv.DictReader(handle))
    described: dict[str, list[str]] = {}
    for row in book:
        described.setdefault(row["tabel"], []).append(row["kolom"])
        assert row["basis"] in ("Geciteerde bron", "Demonstratiegegevens", "Aanname")
        assert row["type"] in ("getal", "geheel getal", "tekst", "ja/nee", "datum")
    files = sorted(p for p in (report / "data").glob("*.csv") if p.name != "codebook.csv")
    assert sorted(described) == [p.stem for p in files]
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == described[path.stem], path.name
    budget = next(r for r in book if r["tabel"] == "budget" and r["kolom"] == "budget_eur")
    assert (budget["eenheid"], budget["type"], budget["basis"]) == (
        "EUR",
        "getal",
        "Geciteerde bron",
    )
    assert (report / "data" / "excel-nl" / "codebook.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_codebook_page_links_every_download(report: Path) -> None:
    page = (report / "site" / "gegevens.html").read_text(encoding="utf-8")
    assert '<h1 class="vm-page-title">Gegevens en codeboek</h1>' in page
    for path in (report / "data").glob("*.csv"):
        if path.name == "codebook.csv":
            assert 'href="../data/codebook.csv"' in page
            continue
        assert f'href="../data/{path.name}" download' in page
        assert f'href="../data/excel-nl/{path.name}" download' in page
    mixed = (report / "site" / "02_gemengd.html").read_text(encoding="utf-8")
    assert 'href="gegevens.html#data-spinoffs">Codeboek</a>' in mixed
    assert 'href="../data/excel-nl/spinoffs.csv" download>Excel (NL)</a>' in mixed


def test_year_switcher_lists_years_published_later(tmp_path: Path) -> None:
    """A page built for 2024 lists 2025 once years.js says so, opening the same page."""
    from analysis.pipeline.publish import years_js

    root = tmp_path / "out"
    for year in (2024, 2025):
        project, executed, _ = write_report(tmp_path / f"src-{year}")
        render_report(project, executed, root / str(year), year=year, years_available=[2024])
    # 2024 was rendered knowing only itself; its static list has one year.
    page = root / "2024" / "site" / "02_gemengd.html"
    assert "../../2025/" not in page.read_text(encoding="utf-8")
    (root / "years.js").write_text(
        years_js({2024: root / "2024" / "site", 2025: root / "2025" / "site"}),
        encoding="utf-8",
    )
    text = (root / "years.js").read_text(encoding="utf-8")
    assert '"2025":[' in text and '"02_gemengd.html"' in text
    if shutil.which("chromium") is None:
        pytest.skip("chromium not installed")
    dom = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    nav = re.search(r'<nav class="vm-years".*?</nav>', dom, re.S)
    assert nav is not None
    links = re.findall(r'<a href="([^"]+)"( aria-current="true")?>(\d{4})</a>', nav.group(0))
    assert links == [
        ("../../2025/site/02_gemengd.html", "", "2025"),
        ("../../2024/site/02_gemengd.html", ' aria-current="true"', "2024"),
    ]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_labels_as_chromium_shows_them(report: Path, tmp_path: Path) -> None:
    """After the page's scripts ran: the real-only page has no banner and no demonstration
    label; the mixed page has the banner and the label on each demonstration figure only."""

    def dom(page: str) -> str:
        return subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={tmp_path / page}",
                "--virtual-time-budget=4000",
                "--dump-dom",
                (report / "site" / page).as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout

    real, mixed = dom("01_echt.html"), dom("02_gemengd.html")
    assert "<svg" in real and "<svg" in mixed  # the charts were drawn
    assert "met fictieve cijfers" not in real and "Demonstratiegegevens" not in real
    assert "met fictieve cijfers" in mixed
    figures = re.findall(
        r'<figure class="vm-figure[^"]*" id="[^"]+" data-basis="(\w+)">(.*?)</figure>', mixed, re.S
    )
    assert len(figures) == 5
    for basis, body in figures:
        caption = re.search(r"<figcaption.*?</figcaption>", body, re.S)
        assert caption is not None
        labelled = "Demonstratiegegevens" in caption.group(0)
        assert labelled == (basis == "demonstration"), (basis, caption.group(0)[:120])


def test_a_column_of_long_texts_keeps_a_readable_width_on_a_phone() -> None:
    from analysis.publication.render.html_blocks import _table_html, text_width

    assert text_width(["2025", "12"]) == ""
    assert text_width(["x" * 31]) == "vm-col-l"
    assert text_width(["x" * 101]) == "vm-col-xl"
    assert text_width(["x" * 201]) == "vm-col-xxl"
    html = _table_html(["Naam", "Toelichting", "Aantal"], [["A", "y" * 150, "3"]], ["l", "l", "r"])
    assert '<td class="vm-col-xl">' in html and '<td class="vm-num">3</td>' in html
    assert '<th scope="row">A</th>' in html  # a short first column stays as it was


def test_with_a_site_address_the_pdfs_pointer_links_to_the_tables_page_and_anchor(
    tmp_path: Path,
) -> None:
    """`valorisatiemonitor.site_url` once in `_quarto.yml`: the PDF links to the very table."""
    project, executed, out = write_report(tmp_path)
    quarto = project / "_quarto.yml"
    quarto.write_text(
        quarto.read_text(encoding="utf-8").replace(
            "valorisatiemonitor:\n", "valorisatiemonitor:\n  site_url: https://example.org/vm/\n"
        ),
        encoding="utf-8",
    )
    render_report(project, executed, out, year=YEAR)
    address = f"https://example.org/vm/{YEAR}/site/02_gemengd.html#tab-alle-opgaven"
    # The page and the anchor exist on the site the same render wrote.
    site_page = (out / "site" / "02_gemengd.html").read_text(encoding="utf-8")
    assert 'id="tab-alle-opgaven"' in site_page
    pdf = (out / f"valorisatiemonitor-{YEAR}.pdf").read_bytes()
    assert b"/URI" in pdf and address.encode() in pdf  # a link annotation to the table
    if shutil.which("pdftotext"):
        flat = " ".join(_pdf_pages(out)).replace(" ", "")
        # and printed on a line of its own for a reader on paper (without "https://")
        assert address.removeprefix("https://") in flat
