"""The explorer, the scenario explorer and 'Wat is er veranderd' in the real build.

Headless Chromium opens the pages from `file://` with a state in the URL, as a reader
following a shared link would, and reports what it drew; the numbers are checked
against the processed data and `analysis.methods.scenario`. The comparison of two editions is
tested by building two editions from a copy of the data with known revisions.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from .browser import chromium, pdftotext
from .conftest import ROOT, Built, needs, run_build

pytestmark = [pytest.mark.e2e, needs("chromium")]

#: Waits for the page's chart, records what it drew, then takes each next step (a changed
#: URL fragment, as when a reader opens another shared link, or a click on a control) and
#: records again.
PROBE = """
<script>
(function () {
  var results = [];
  function record() {
    var chart = document.querySelector("#vm-x-chart, #vm-s-chart");
    var svg = chart ? chart.querySelector("svg") : null;
    var lines = 0;
    if (svg) {
      svg.querySelectorAll("g.mark-line").forEach(function (g) {
        lines += g.querySelectorAll("path").length;
      });
    }
    var table = document.querySelector("#vm-x-table, #vm-s-table");
    var head = [].map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent; });
    var rows = [].map.call(table.querySelectorAll("tbody tr"), function (tr) {
      return [].map.call(tr.children, function (cell) {
        return {text: cell.textContent, value: cell.getAttribute("data-value"),
                key: cell.getAttribute("data-key")};
      });
    });
    var texts = svg ? [].map.call(svg.querySelectorAll("text"), function (t) { return t.textContent; }) : [];
    var status = document.querySelector("#vm-x-status, #vm-s-summary");
    var notes = document.querySelector("#vm-x-notes, #vm-s-notes");
    var link = document.querySelector("#vm-x-link, #vm-s-link");
    var bad = document.querySelector("#vm-x-bad-link, #vm-s-bad-link");
    results.push({drawn: !!svg, lines: lines, head: head, rows: rows, svgText: texts,
                  notice: bad ? bad.textContent : "",
                  state: chart ? chart.getAttribute("data-state") : null,
                  label: chart ? chart.getAttribute("aria-label") : null,
                  status: status ? status.textContent : "", notes: notes ? notes.textContent : "",
                  link: link ? link.value : ""});
  }
  function done() {
    var pre = document.createElement("pre");
    pre.id = "vm-probe";
    pre.textContent = JSON.stringify(results);
    document.body.appendChild(pre);
  }
  // Each step is a new URL fragment, or "click:<id>" for a control the reader operates.
  var steps = NEXT_STEPS;
  function next() {
    record();
    if (!steps.length) { done(); return; }
    var step = steps.shift();
    if (step.indexOf("click:") === 0) {
      document.getElementById(step.slice(6)).click();
    } else {
      window.location.hash = step;
    }
    setTimeout(next, 1500);
  }
  setTimeout(next, 2500);
})();
</script>
"""


def open_page(page: Path, state: str, *steps: str) -> list[dict[str, Any]]:
    """What Chromium shows for `page#state`, and after each of `steps`."""
    exe = chromium()
    assert exe is not None
    script = PROBE.replace("NEXT_STEPS", json.dumps(list(steps)))
    copy = page.with_name(f".probe-{page.name}")
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", script + "</body>"))
    try:
        with tempfile.TemporaryDirectory() as profile:
            dom = subprocess.run(
                [
                    exe,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    f"--user-data-dir={profile}",
                    "--window-size=1366,900",
                    "--virtual-time-budget=8000",
                    "--dump-dom",
                    copy.resolve().as_uri() + "#" + state,
                ],
                capture_output=True,
                text=True,
                timeout=180,
            ).stdout
    finally:
        copy.unlink(missing_ok=True)
    found = re.search(r'<pre id="vm-probe">(.*?)</pre>', dom, re.S)
    assert found is not None, f"{page.name}: the probe did not run"
    result: list[dict[str, Any]] = json.loads(html.unescape(found.group(1)))
    return result


def per_100m(built: Built, institution: str, indicator: str) -> dict[int, float]:
    """Output per EUR 100 mln research of one institution per year, research at report-year prices."""
    from analysis.data import process, reference
    from analysis.methods.peer_gaps import money

    wide = process.load_wide(built.processed_dir)
    wide = wide[wide["year"] <= built.year]
    deflated = money.deflate_wide(
        wide, reference.load_price_index(ROOT / "data" / "raw"), built.year
    )
    rows = deflated[deflated["institution_id"] == institution]
    return {
        int(y): float(v) / float(r) * 1e8
        for y, v, r in zip(
            rows["year"], rows[indicator], rows["research_expenditure_eur"], strict=True
        )
        if np.isfinite(v) and np.isfinite(r) and r > 0
    }


# --------------------------------------------------------------------------- the explorer

DONE_WHEN = "kies=vb_univ_a,vb_univ_b&indicator=spinoffs&maat=per100m&van=2015&tot=2025"


def test_explorer_draws_the_shared_view_and_follows_a_new_link(built: Built) -> None:
    """Two fictitious universities on spin-offs per EUR 100 mln over 2015–2025, then another view."""
    # Lines are kept in the order of the picker: the country, institutions, groups.
    other = (
        "kies=nl,vb_to2_a,type-university&indicator=licence_income_eur&maat=abs&van=2010&tot=2025"
    )
    first, second, third = open_page(
        built.site / "verkenner.html", DONE_WHEN, other, "click:vm-x-e-vb_umc_a"
    )
    assert first["drawn"] and first["lines"] == 2
    assert first["state"] == DONE_WHEN and first["link"].endswith("#" + DONE_WHEN)
    assert first["head"] == ["Jaar", "Voorbeelduniv. A", "Voorbeelduniv. B"]
    assert [r[0]["text"] for r in first["rows"]] == [str(y) for y in range(2015, 2026)]
    # Every number in the table is the paired intensity computed here from the data.
    for column, institution in ((1, "vb_univ_a"), (2, "vb_univ_b")):
        expected = per_100m(built, institution, "spinoffs")
        for row in first["rows"]:
            year = int(row[0]["text"])
            if year in expected:
                assert float(row[column]["value"]) == pytest.approx(expected[year], rel=1e-9)
            else:
                assert row[column]["value"] is None and row[column]["text"] == "–"
    # The top's reference line per EUR 100 mln research is drawn and named.
    assert any("Oxford" in t for t in first["svgText"])
    assert "Oxford" in first["notes"] and "demonstratiegegevens" in first["status"]
    assert first["label"].startswith("Lijndiagram. Getoond: Spin-offs per € 100 mln")
    # A new link: three lines, absolute euros, no peer line (not comparable), and says so.
    assert second["state"] == other and second["lines"] == 3
    assert second["head"] == ["Jaar", "Nederland", "Voorbeeld-TO2 A", "Universiteiten"]
    assert not any("Oxford" in t for t in second["svgText"])
    assert "alleen per € 100 mln onderzoeksuitgaven vergelijkbaar" in second["notes"]
    # Groups show how many institutions stand behind each figure: "(n)".
    assert re.fullmatch("€\u00a0[\\d.,]+\u00a0mln \\(\\d+\\)", second["rows"][0][1]["text"])
    # Ticking a box adds its line, and the link follows.
    assert third["lines"] == 4 and "Voorbeeld-UMC A" in third["head"]
    assert third["state"].startswith("kies=nl,vb_umc_a,vb_to2_a,type-university&")
    assert third["link"].endswith("#" + third["state"])


def test_explorer_falls_back_to_defaults_on_a_broken_link(built: Built) -> None:
    (state,) = open_page(
        built.site / "verkenner.html", "kies=nobody&indicator=%3Cscript%3E&van=1900"
    )
    assert state["lines"] == 1 and state["head"] == ["Jaar", "Nederland"]
    assert state["state"].startswith("kies=nl&indicator=spinoffs&maat=per100m&van=")


@pytest.mark.parametrize(
    ("page", "fragment"),
    [
        ("verkenner.html", "kies=%E0%A4%A"),
        ("verkenner.html", "indicator=%"),
        ("verkenner.html", "%E0=1&maat=%ZZ"),
        ("verkenner.html", "van=1&tot=%C0%80&kies=nl"),
        ("scenarioverkenner.html", "top=%E0%A4%A"),
        ("scenarioverkenner.html", "doel=%"),
        ("scenarioverkenner.html", "%E0=1&opbouw=lineair"),
        ("scenarioverkenner.html", "doeljaar=%C0%80"),
    ],
)
def test_a_fragment_that_cannot_be_read_shows_the_default_view_with_a_notice(
    built: Built, page: str, fragment: str
) -> None:
    """A malformed escape (`URIError` in the browser) once left a blank page."""
    broken, repaired = open_page(built.site / page, fragment, "")
    assert broken["drawn"] and broken["rows"], page
    assert broken["notice"] == (
        "Deze link bevat een keuze die niet te lezen is; u ziet de standaardweergave."
    )
    default = open_page(built.site / page, "")[0]
    assert broken["state"] == default["state"] and broken["rows"] == default["rows"]
    assert default["notice"] == ""
    assert repaired["notice"] == "" and repaired["drawn"]  # a readable link clears it


class _Controls(HTMLParser):
    """Collects form controls, labels, fieldset legends and tabindex values of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.in_label = 0
        self.fieldsets: list[bool] = []
        self.tabindex: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("tabindex") is not None:
            self.tabindex.append(int(a["tabindex"] or 0))
        if tag == "label":
            self.in_label += 1
            if a.get("for"):
                self.label_for.add(str(a["for"]))
        elif tag == "fieldset":
            self.fieldsets.append(False)
        elif tag == "legend" and self.fieldsets:
            self.fieldsets[-1] = True
        elif tag in ("input", "select", "button", "textarea"):
            self.controls.append(
                {
                    "tag": tag,
                    "type": a.get("type"),
                    "id": a.get("id"),
                    "in_label": "yes" if self.in_label else None,
                    "grouped": "yes" if self.fieldsets and self.fieldsets[-1] else None,
                }
            )

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.in_label -= 1
        elif tag == "fieldset":
            self.fieldsets.pop()


@pytest.mark.parametrize("page", ["verkenner.html", "scenarioverkenner.html"])
def test_controls_are_native_labelled_and_in_document_order(built: Built, page: str) -> None:
    parser = _Controls()
    parser.feed((built.site / page).read_text(encoding="utf-8"))
    assert len(parser.controls) >= 6
    for control in parser.controls:
        if control["tag"] == "button":
            continue  # buttons are labelled by their text
        labelled = control["in_label"] or (control["id"] in parser.label_for)
        assert labelled, control
        if control["type"] in ("radio", "checkbox"):
            assert control["grouped"], f"{control} is not in a fieldset with a legend"
    assert all(t <= 0 for t in parser.tabindex), "a positive tabindex breaks the focus order"


def test_explorer_lists_every_institution_by_its_name(built: Built) -> None:
    text = (built.site / "verkenner.html").read_text(encoding="utf-8")
    for name in ("Voorbeelduniversiteit A (Voorbeelduniv. A)", "Voorbeeld-UMC A"):
        assert name in text
    for page in ("index.html", "07_bijlagen.html", "verkenner.html"):
        nav = (built.site / page).read_text(encoding="utf-8")
        for target in ("verkenner.html", "scenarioverkenner.html", "wat-is-er-veranderd.html"):
            assert f'href="{target}"' in nav, (page, target)


# --------------------------------------------------------------------------- the scenario explorer


def _report_scenario(built: Built, *, target_year: int, lag: int, shape: str) -> pd.DataFrame:
    """Chapter 5's scenario for other choices, with `analysis.methods.scenario` itself."""
    from analysis.data import process, reference
    from analysis.methods.scenario import parameters, run
    from analysis.publication.chapters.national import trend
    from analysis.publication.chapters.scheme import catch_up

    data_dir = built.data_dir  # the demonstration edition's assembled data
    wide = trend.until(process.load_wide(built.processed_dir), built.year)
    plan = catch_up.compute_scenario(wide, data_dir, built.year)
    targets = parameters.catch_up_targets(plan.comparisons)
    params = parameters.build_parameters(
        targets,
        parameters.base_counts(wide, built.year, targets["indicator"]),
        parameters.jobs_parameters(
            reference.load_spinoff_jobs(data_dir), plan.assumptions.jobs_factor
        ),
        base_year=built.year,
        assumptions=plan.assumptions,
        target_year=target_year,
        lag=lag,
    )
    return run.run_scenario(params, plan.budget, shape=shape)


def test_scenario_explorer_shows_pythons_numbers(built: Built) -> None:
    result = _report_scenario(built, target_year=2031, lag=1, shape="front")
    # The first comparison the scenario runs on (one where the Netherlands lags).
    indicator, denominator = sorted(
        set(zip(result["indicator"], result["denominator"], strict=True))
    )[0]
    state = (
        f"top=all&vergelijking={indicator}.{denominator}&doel=high&opbouw=front"
        "&vertraging=1&doeljaar=2031&horizon=early&banen=6.7"
    )
    (shown,) = open_page(built.site / "scenarioverkenner.html", state)
    assert shown["drawn"] and shown["lines"] == 2
    assert f"vergelijking={indicator}.{denominator}&" in shown["state"]
    rows = result[
        (result["indicator"] == indicator)
        & (result["denominator"] == denominator)
        & (result["variant"] == "high")
    ].sort_values("year")
    assert not rows.empty
    assert [int(r[0]["text"]) for r in shown["rows"]] == rows["year"].tolist()
    for cells, (_, expected) in zip(shown["rows"], rows.iterrows(), strict=True):
        for cell in cells[1:]:
            # The browser's doubles, printed by JavaScript, equal Python's exactly.
            assert float(cell["value"]) == float(expected[cell["key"]]), cell


def test_scenario_explorer_defaults_are_chapter_5(built: Built) -> None:
    """With the report's own choices the page says what chapter 5's table says."""
    (shown,) = open_page(built.site / "scenarioverkenner.html", "")
    with (built.year_dir / "data" / "scenario_uitkomsten.csv").open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    comparison = shown["state"].split("&")[1].removeprefix("vergelijking=")
    indicator, denominator = comparison.split(".")
    from analysis.publication.labels import DENOMINATOR_LABELS, INDICATOR_LABELS

    row = next(
        r
        for r in table
        if r["Indicator"] == INDICATOR_LABELS[indicator]
        and r["Noemer"] == DENOMINATOR_LABELS[denominator]
        and r["Variant"] == "centraal"
    )
    # The download holds numbers; the page writes them as the catalogue says (counts whole).
    from analysis.publication import formatting as fmt

    extra_2029, cumulative = (
        fmt.indicator_value(float(row[column]), indicator)
        for column in ("Extra in 2029", f"Extra {built.year + 1}–2029 samen")
    )
    assert f"in 2029: {extra_2029};" in shown["status"]
    assert f"samen: {cumulative} " in shown["status"]


# --------------------------------------------------------------------------- what changed


def test_first_edition_says_there_is_nothing_to_compare(built: Built) -> None:
    page = (built.site / "wat-is-er-veranderd.html").read_text(encoding="utf-8")
    assert "Er is geen eerdere editie gepubliceerd" in page
    text = pdftotext(built.pdf)
    assert "Wat is er veranderd" in text and "Er is geen eerdere editie gepubliceerd" in text
    # The edition's record holds every value the edition rests on.
    from analysis.data import process

    record = pd.read_csv(built.year_dir / "editie" / "kt_metrics_long.csv")
    processed = process.load_long(built.processed_dir)
    assert len(record) == int((processed["year"] <= built.year).sum())


def _set_value(path: Path, indicator: str, value: str) -> str:
    """Replace one indicator's value in a submission CSV; return the old value."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    old = ""
    for row in rows[1:]:
        if row[header.index("indicator")] == indicator:
            old = row[header.index("value")]
            row[header.index("value")] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return old


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Edition 2024, then edition 2025 of data revised in known places, in one out-dir
    (the demonstration edition, from a copy of its data)."""
    base = tmp_path_factory.mktemp("two-editions")
    data = base / "demo"
    shutil.copytree(ROOT / "data" / "demo", data)
    kt = data / "kt_metrics"
    late = kt / "2019" / "vb_univ_b.csv"
    held_back = base / "vb_univ_b-2019.csv"
    shutil.move(late, held_back)  # not in the 2024 edition: a late submission in 2025
    out = base / "report"
    demo = ("--demonstratie", "--demo-data", str(data))
    first = run_build(out, base / "processed-2024", "--year", "2024", *demo)
    if first.returncode != 0:
        pytest.fail(f"2024 build failed:\n{first.stdout}\n{first.stderr}")
    shutil.move(held_back, late)
    revised = {
        ("vb_univ_a", 2023, "spinoffs"): "12",
        ("vb_univ_a", 2024, "spinoffs"): "30",
        ("vb_univ_c", 2022, "licence_income_eur"): "777777",
    }
    old = {
        key: _set_value(kt / str(key[1]) / f"{key[0]}.csv", key[2], value)
        for key, value in revised.items()
    }
    (kt / "2020" / "vb_hs_a.csv").unlink()  # withdrawn: missing from the 2025 edition
    second = run_build(out, base / "processed-2025", "--year", "2025", *demo)
    if second.returncode != 0:
        pytest.fail(f"2025 build failed:\n{second.stdout}\n{second.stderr}")
    return {"out": out, "revised": revised, "old": old}


def _table(page: str, name: str) -> list[list[str]]:
    match = re.search(
        rf'<figure [^>]*id="tab-{name.replace("_", "-")}".*?<tbody>(.*?)</tbody>', page, re.S
    )
    assert match is not None, name
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", c))
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", match.group(1))
    ]


def test_what_changed_lists_exactly_the_revisions_made(two_editions: dict[str, Any]) -> None:
    out: Path = two_editions["out"]
    first = (out / "2024" / "site" / "wat-is-er-veranderd.html").read_text(encoding="utf-8")
    assert "Er is geen eerdere editie gepubliceerd" in first
    page = (out / "2025" / "site" / "wat-is-er-veranderd.html").read_text(encoding="utf-8")
    assert "vergelijkt de editie 2025 met de vorige gepubliceerde editie (2024)" in page
    revisions = _table(page, "wijzigingen_waarden")
    listed = {(r[0], r[1], r[2], r[5]) for r in revisions}
    a, c = "Voorbeelduniv. A", "Voorbeelduniv. C"
    assert listed == {
        (a, "2023", "Spin-offs", "kt_metrics/2023/vb_univ_a.csv"),
        (a, "2024", "Spin-offs", "kt_metrics/2024/vb_univ_a.csv"),
        (c, "2022", "Licentie-inkomsten", "kt_metrics/2022/vb_univ_c.csv"),
    }
    by_key = {(r[0], r[1], r[2]): (r[3], r[4]) for r in revisions}
    old = two_editions["old"]
    assert by_key[(a, "2023", "Spin-offs")] == (old[("vb_univ_a", 2023, "spinoffs")], "12")
    assert (
        by_key[(c, "2022", "Licentie-inkomsten")][1] == "€\u00a0777.777"
    )  # the amount holds together
    submissions = _table(page, "wijzigingen_inzendingen")
    assert [(r[0], r[1], r[2]) for r in submissions] == [
        ("nieuw (nagekomen)", "Voorbeelduniv. B", "2019"),
        ("ontbreekt nu", "Voorbeeldhogeschool A", "2020"),
    ]
    # The 2024 spin-offs as published and as known now differ by exactly the revision.
    headline = {r[0]: r for r in _table(page, "wijzigingen_kerncijfers")}
    spin = headline["Spin-offs"]
    delta = 30 - int(old[("vb_univ_a", 2024, "spinoffs")])
    assert int(spin[2].replace(".", "")) - int(spin[1].replace(".", "")) == delta
    # The machine-readable twin of the page, and the PDF annex.
    data = pd.read_csv(out / "2025" / "data" / "wijzigingen_waarden.csv")
    assert sorted(data["nieuwe_waarde"].tolist()) == [12.0, 30.0, 777777.0]
    text = pdftotext(out / "2025" / "valorisatiemonitor-2025.pdf")
    assert "Herziene waarden sinds de editie 2024" in text
