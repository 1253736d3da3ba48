"""The whole build, as a new user runs it: site, PDF, offline, charts drawn, deterministic."""

from __future__ import annotations

import json
import re

import pytest

from analysis.data.content_hash import hash_tree

from .browser import chart_containers, chromium, dump_doms, external_references, pdftotext
from .conftest import Built, needs, run_build

pytestmark = pytest.mark.e2e


def test_site_and_pdf_exist(built: Built) -> None:
    assert (built.site / "index.html").is_file()
    assert built.pdf.is_file()
    assert built.pdf.read_bytes().startswith(b"%PDF")
    assert (built.year_dir / "manifest.json").is_file()
    assert list((built.year_dir / "data").glob("*.csv"))


def _steps(stdout: str) -> list[tuple[str, str]]:
    """(status word, step) of every step line; the status words are Dutch."""
    found = []
    for line in stdout.splitlines():
        for word in ("uitgevoerd", "uit cache", "mislukt"):
            if line.startswith(word + " "):
                found.append((word, line[len(word) :].split()[0]))
    return found


def test_every_step_reported_once_on_its_own_line(built: Built) -> None:
    lines = [line for line in built.stdout.splitlines() if line.strip()]
    steps = _steps(built.stdout)
    names = [name for status, name in steps]
    assert {"validate", "process", "render", "publish"} <= set(names)
    assert len(names) == len(set(names))  # once each
    assert all(status == "uitgevoerd" for status, name in steps if name == "validate")
    # Every line but the last is exactly one step: no two steps merged into one line.
    assert len(steps) == len(lines) - 1
    assert all(
        sum(line.count(word) for word in ("uitgevoerd", "uit cache")) == 1 for line in lines[:-1]
    )
    last = lines[-1]
    assert last.startswith("klaar ")
    assert f"PDF: {built.pdf}" in last
    assert f"website: {built.site / 'index.html'}" in last


def test_manifest_describes_the_build(built: Built) -> None:
    manifest = json.loads((built.year_dir / "manifest.json").read_text())
    assert manifest["year"] == built.year
    assert manifest["engine"] == "pandoc"
    assert any(k.startswith("data/kt_metrics/") for k in manifest["inputs"]["data"])
    assert re.fullmatch(r"[0-9a-f]{40}|unknown", manifest["git_commit"])
    assert manifest["packages"]["typst"] != "not installed"


@needs("pdftotext")
def test_pdf_holds_title_and_year(built: Built) -> None:
    text = pdftotext(built.pdf, 1, 2)
    assert "Valorisatiemonitor" in text
    assert str(built.year) in text


def test_no_page_references_external_resources(built: Built) -> None:
    pages = sorted(built.site.rglob("*.html"))
    assert pages
    for page in pages:
        assert external_references(page.read_text(encoding="utf-8")) == [], page.name
    for css in built.site.rglob("*.css"):
        assert external_references(css.read_text(encoding="utf-8")) == [], css.name


def test_code_and_parameters_never_appear(built: Built) -> None:
    for page in built.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "injected-parameters" not in html, page.name
        assert "from analysis" not in html, page.name
        assert "rep = Report(" not in html, page.name


@needs("pdftotext")
def test_code_and_parameters_never_appear_in_the_pdf(built: Built) -> None:
    text = pdftotext(built.pdf)
    for fragment in ("from analysis", "rep = Report(", "processed_dir =", "Parameters"):
        assert fragment not in text, fragment


@pytest.mark.skipif(chromium() is None, reason="chromium not installed (.ci/run installs it)")
def test_chromium_draws_every_chart_on_every_page(built: Built) -> None:
    pages = sorted(built.site.glob("*.html"))
    doms = dump_doms(pages)
    charts_seen = 0
    for page, (dom, _log) in doms.items():
        expected = len(chart_containers(page.read_text(encoding="utf-8")))
        drawn = chart_containers(dom)
        assert len(drawn) == expected, f"{page.name}: {len(drawn)} of {expected} containers"
        assert all(drawn), f"{page.name}: {drawn.count(False)} chart(s) not drawn"
        charts_seen += expected
    assert charts_seen > 0


def test_two_builds_are_byte_identical(built: Built, built_twice: Built) -> None:
    """The second build's PDF compile was made slow (`built_twice`): still every byte equal."""
    first = hash_tree(built.year_dir)
    second = hash_tree(built_twice.year_dir)
    assert first == second
    assert any(k.endswith(".pdf") for k in first)
    # The page that describes the PDF was written after it: it states the PDF's size.
    for build in (built, built_twice):
        page = (build.site / "downloads.html").read_text(encoding="utf-8")
        size = re.search(
            rf'valorisatiemonitor-{build.year}\.pdf">[^<]*</a>[^<]*<span class="vm-download-size">'
            r"([^<]*)</span>",
            page,
        )
        assert size is not None, "no size line for the PDF on the downloads page"
        assert re.fullmatch(r"[0-9.]+(,[0-9])? (MB|kB)", size.group(1)), size.group(0)


def test_rebuild_without_changes_is_cached(built: Built) -> None:
    result = run_build(built.out_dir, built.processed_dir, "--demonstratie")
    assert result.returncode == 0, result.stderr
    statuses = {status for status, _ in _steps(result.stdout)}
    assert statuses == {"uit cache"}
    assert result.stdout.splitlines()[-1].startswith("klaar ")
