"""Real names carry only real figures (issue 21): the published and the demonstration edition.

Read as a journalist would quote them:

- the published edition holds no demonstration value, no fictitious institution and no
  sentence about submissions that do not exist, and says in each chapter what is not yet
  measured;
- the demonstration edition names no real Dutch institution on any page, table, CSV,
  chart, explorer file, search entry or English page that shows a fictitious figure (the
  programme's cited history in chapter 1 and the reference list keep their real names),
  is marked as a proefeditie on every page, in the PDF and in every exported chart, and
  each exported chart says the basis its page gives it.
"""

from __future__ import annotations

import csv
import html
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from .browser import pdftotext
from .conftest import ROOT, Built, needs

pytestmark = pytest.mark.e2e

EDITION_MARK = "Proefeditie — fictieve instellingen en cijfers"


def text_files(year_dir: Path) -> dict[str, str]:
    """Every text file of an edition that a reader or a machine reads, by relative path."""
    found = {}
    for path in sorted(year_dir.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".csv", ".js", ".svg", ".json", ".md"}:
            found[path.relative_to(year_dir).as_posix()] = path.read_text(
                encoding="utf-8-sig", errors="replace"
            )
    return found


def visible(markup: str) -> str:
    """The text of a page or SVG, tags dropped and entities decoded."""
    text = re.sub(r"<script\b.*?</script>|<style\b.*?</style>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


# ------------------------------------------------------------------ the published edition


def demonstration_values() -> set[str]:
    """The distinctive values of the shipped demonstration submissions (five or more
    significant digits, so no year or small count collides by chance), as the CSVs and
    the pages could print them: raw digits and Dutch thousands."""
    values: set[str] = set()
    for path in (ROOT / "data" / "demo" / "kt_metrics").glob("*/*.csv"):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                value = row["value"].strip()
                if value and len(value.replace(".", "").lstrip("0")) >= 5:
                    values.add(value)
                    if value.isdigit():
                        values.add(f"{int(value):,}".replace(",", "."))
    return values


def test_the_published_edition_holds_no_demonstration_value(published: Built) -> None:
    long = pd.read_parquet(published.processed_dir / "kt_metrics_long.parquet")
    assert not long["is_demonstration"].any()
    files = text_files(published.year_dir)
    demo_values = demonstration_values()
    assert len(demo_values) > 1000
    number = re.compile(r"\d[\d.]*\d")
    for name, text in files.items():
        assert "Voorbeeld" not in text, name  # no fictitious institution or consortium
        assert "proefeditie" not in text.lower(), name
        leaked = set(number.findall(text)) & demo_values
        assert not leaked, (name, sorted(leaked)[:5])
    codebook = pd.read_csv(published.year_dir / "data" / "codebook.csv", dtype=str)
    assert set(codebook["basis"]) <= {"Geciteerde bron", "Aanname"}, set(codebook["basis"])
    with zipfile.ZipFile(
        published.year_dir / f"valorisatiemonitor-{published.year}-tabellen.zip"
    ) as z:
        for member in z.namelist():
            assert "Voorbeeld" not in z.read(member).decode("utf-8-sig", errors="replace"), member


#: Wording that states a fact about submissions; the published edition has none yet.
SUBMISSION_FACTS = (
    r"\bAlle \d+ instellingen leverden\b",
    r"\b\d+ van de \d+ instellingen leverde(n)? voor \d{4} geen opgave in\b",
    r"\b(steeg|daalde|stijgt|daalt|springt)\b[^.]{0,40}\b(spin-offs|uitvindingsmeldingen|licenties|octrooi)",
    r"\bValorisatiemodel \d{4}–\d{4}: het\b",
    r"\blandelijk totaal\b",
    r"\bkomt het vaakst voor\b",
    r"\bligt Nederland bij \d+ van de \d+ vergelijkingen\b",
)


def submission_facts(text: str) -> list[str]:
    """The phrases of `text` that state a fact about submitted figures."""
    return [m.group(0) for pattern in SUBMISSION_FACTS for m in re.finditer(pattern, text)]


def test_the_submission_fact_rule_on_known_text() -> None:
    assert submission_facts("Alle 37 instellingen leverden voor 2025 een opgave in.")
    assert submission_facts("Het aantal spin-offs steeg met 5%.") == []  # word order
    assert submission_facts("Het aantal steeg van 3 naar 5 spin-offs.")
    assert submission_facts("Valorisatiemodel 2023–2025: het dienstverleningsmodel.")
    assert submission_facts("Het aanbodmodel komt het vaakst voor.")
    assert not submission_facts(
        "Geen van de 37 instellingen die de monitor volgt, heeft voor 2025 cijfers opgegeven."
    )
    assert not submission_facts("Hiervoor zijn nog geen opgaven van de instellingen.")


@needs("pdftotext")
def test_the_published_text_states_no_fact_about_submissions(published: Built) -> None:
    pdf = " ".join(pdftotext(published.pdf).split())
    assert submission_facts(pdf) == []
    pages = {
        p.name: " ".join(visible(p.read_text(encoding="utf-8")).split())
        for p in published.site.glob("*.html")
    }
    for name, text in pages.items():
        assert submission_facts(text) == [], name
    # Each chapter that awaits the institutions says so once, in the same plain sentence.
    for chapter in (
        "02_kennisoverdracht_nederland.html",
        "03_europese_top.html",
        "04_valorisatiemodellen.html",
        "05_regeling_kto_nederland.html",
    ):
        assert pages[chapter].count("Hiervoor zijn nog geen opgaven van de instellingen") == 1


def test_the_published_edition_shows_the_real_figures_that_exist(published: Built) -> None:
    """The baseline: co-publications of every university, the top's own figures, the
    profile against the evaluation, the public figures per institution, a sheet each."""
    data = published.year_dir / "data"
    universities = pd.read_csv(data / "copublicaties-universiteiten.csv")
    assert len(universities) == 13
    top = pd.read_csv(data / "cijfers_europese_top.csv")
    assert set(top["instelling"]) >= {"ETH Zürich", "Oxford", "KU Leuven"}
    profile = pd.read_csv(data / "profiel_universiteiten.csv")
    push = profile[profile["Model volgens de evaluatie"] == "aanbodmodel"]
    assert sorted(push["Plaats in Nederland"]) == [1, 2, 3, 4]
    public = pd.read_csv(data / "cijfers_openbare_bronnen.csv")
    figures = pd.read_csv(ROOT / "data" / "raw" / "annual_accounts" / "institution_figures.csv")
    assert len(public) == len(figures)
    sheets = sorted(published.site.glob("06_instellingen-*.html"))
    institutions = pd.read_csv(ROOT / "data" / "raw" / "institutions.csv")
    assert len(sheets) == len(institutions)


# ------------------------------------------------------------------ the demonstration edition


def real_names() -> dict[str, re.Pattern[str]]:
    """The real Dutch institutions' names and distinctive short names, as whole words."""
    institutions = pd.read_csv(ROOT / "data" / "raw" / "institutions.csv", dtype=str)
    names = set(institutions["name_nl"])
    for short in institutions["short_name"]:
        # Two-letter and currency-like short names (UT, RU, EUR, ...) are ordinary words
        # or units elsewhere; the full name of the same institution is checked instead.
        if len(short) >= 3 and short not in {"EUR", "HAN", "HAS"}:
            names.add(short)
    return {n: re.compile(r"(?<![\w/])" + re.escape(n) + r"(?![\w/])") for n in names}


#: Where a demonstration edition keeps real names: the programme's cited history
#: (chapter 1) and the reference list (its page's list, the sources CSV).
HISTORY = {
    "site/01_terugblik_valorisatieprogramma.html",
    "data/consortia.csv",
    "data/excel-nl/consortia.csv",
    "data/subsidie_per_consortium.csv",
    "data/excel-nl/subsidie_per_consortium.csv",
    "data/bronnen.csv",
    "data/excel-nl/bronnen.csv",
}


def without_reference_list(page: str) -> str:
    """The appendix page without its reference list (which may name real publishers)."""
    return re.sub(r'<h2 id="bronnenlijst".*?(?=<h2 )', " ", page, flags=re.S)


def without_provenance(page: str) -> str:
    """The data page without the sources' provenance (the copies behind the reference
    list's entries, which name their real publishers as the list does)."""
    return re.sub(
        r'<section class="vm-provenance" aria-labelledby="herkomst-bronnen">.*?</section>',
        " ",
        page,
        flags=re.S,
    )


def test_the_demonstration_edition_names_no_real_institution(built: Built) -> None:
    names = real_names()
    files = text_files(built.year_dir)
    checked = 0
    for name, text in files.items():
        if name in HISTORY or name.startswith("charts/print/"):
            continue
        if name == "site/07_bijlagen.html":
            text = without_reference_list(text)
        if name == "site/gegevens.html":
            assert 'id="herkomst-bronnen"' in text
            text = without_provenance(text)
        shown = visible(text) if name.endswith((".html", ".svg")) else text
        found = [n for n, pattern in names.items() if pattern.search(shown)]
        assert not found, (name, found)
        checked += 1
    assert checked > 200
    # The explorer's data, the search index and the English summary are among them.
    for part in (
        "site/assets/verkenner-gegevens.js",
        "site/assets/zoekindex.js",
        "site/en/index.html",
    ):
        assert part in files


@needs("pdftotext")
def test_the_proefeditie_is_marked_everywhere(built: Built) -> None:
    for page in sorted(built.site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        mark = "Trial edition" if page.parent.name == "en" else EDITION_MARK
        assert mark in text, page.name
    pages = pdftotext(built.pdf).split("\f")
    printed = [p for p in pages if p.strip()]
    assert all(EDITION_MARK in " ".join(p.split()) for p in printed)
    import subprocess

    info = subprocess.run(["pdfinfo", str(built.pdf)], capture_output=True, text=True).stdout
    assert "Proefeditie" in info
    exports = sorted((built.year_dir / "charts").glob("*.svg"))
    assert exports
    for svg in exports:
        assert EDITION_MARK in svg.read_text(encoding="utf-8"), svg.name


def test_every_exported_chart_says_the_basis_its_page_gives_it(built: Built) -> None:
    from analysis.publication.render.chart_export import BASIS_EXPORT_NL

    pattern = re.compile(
        r'<figure class="vm-figure[^"]*" id="fig-([^"]+)" data-basis="(\w+)">.*?'
        r'href="\.\./charts/([^"]+)\.svg" download',
        re.S,
    )
    seen = 0
    for page in sorted(built.site.glob("*.html")):
        for _anchor, basis, name in pattern.findall(page.read_text(encoding="utf-8")):
            svg = (built.year_dir / "charts" / f"{name}.svg").read_text(encoding="utf-8")
            assert f">Basis: {BASIS_EXPORT_NL[basis]}</text>" in svg, (page.name, name)
            seen += 1
    assert seen > 20
