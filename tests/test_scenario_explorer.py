"""The scenario explorer computes in the browser exactly what `analysis.methods.scenario` computes.

`assets/scenario-model.js` is run in headless Chromium over a grid of parameter values
(every target variant, ramp shape, lag and several target years and jobs figures), from
the data file the page ships (`scenario_explorer.scenario_data`); every number of every
year is compared with `scenario.run_scenario` on the parameters
`scenario.build_parameters` makes for the same choices. The two must agree exactly:
the JavaScript does the same operations in the same order on the same doubles.
"""

from __future__ import annotations

import html
import json
import math
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analysis.data import reference
from analysis.data.assumptions import load_assumptions
from analysis.methods.scenario import parameters as scenario_parameters
from analysis.methods.scenario import run
from analysis.publication import scenario_explorer

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "raw"
MODEL = ROOT / "src" / "analysis" / "publication" / "render" / "assets" / "scenario-model.js"
BASE_YEAR = 2025

#: Three comparisons: spin-offs and licences lag (so jobs follow from the first), patent
#: applications do not (no path). Targets and baselines are round numbers for reading.
TARGETS = pd.DataFrame(
    [
        {
            "indicator": "spinoffs",
            "denominator": "per_100m_research",
            "peer_groups": "oxford",
            "n_peers": 1,
            "n_figures": 2,
            "baseline": 2.0,
            "nl_low": 1.8,
            "nl_high": 2.2,
            "target_low": 2.5,
            "target_central": 3.1,
            "target_high": 4.0,
            "status": "lagging",
            "verdicts": "behind",
            "source_id": "oui_annual_statement_2022",
        },
        {
            "indicator": "licence_agreements",
            "denominator": "per_disclosure",
            "peer_groups": "eth",
            "n_peers": 1,
            "n_figures": 3,
            "baseline": 0.19,
            "nl_low": 0.17,
            "nl_high": 0.21,
            "target_low": 0.42,
            "target_central": 0.69,
            "target_high": 0.95,
            "status": "lagging",
            "verdicts": "behind",
            "source_id": "eth_board_ar2018",
        },
        {
            "indicator": "priority_patent_applications",
            "denominator": "per_disclosure",
            "peer_groups": "eth",
            "n_peers": 1,
            "n_figures": 1,
            "baseline": 0.7,
            "nl_low": 0.6,
            "nl_high": 0.8,
            "target_low": 0.64,
            "target_central": 0.64,
            "target_high": 0.64,
            "status": "at_or_above",
            "verdicts": "ahead",
            "source_id": "eth_board_ar2018",
        },
    ]
)
COUNTS = {"spinoffs": 321.0, "licence_agreements": 368.0, "priority_patent_applications": 938.0}
RESULT_FIELDS = [c for c in run.RESULT_COLUMNS if c not in ("indicator", "denominator", "variant")]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def parameters(target_year: int = 2029, lag: int = 0) -> pd.DataFrame:
    assumptions = load_assumptions(DATA)
    jobs = scenario_parameters.jobs_parameters(
        reference.load_spinoff_jobs(DATA), assumptions.jobs_factor
    )
    return scenario_parameters.build_parameters(
        TARGETS,
        COUNTS,
        jobs,
        base_year=BASE_YEAR,
        assumptions=assumptions,
        target_year=target_year,
        lag=lag,
    )


def grid() -> list[dict[str, Any]]:
    cases = []
    for target_year in (2026, 2029, 2033):
        for lag in range(0, min(scenario_explorer.MAX_LAG, target_year - BASE_YEAR) + 1):
            for shape in scenario_parameters.RAMP_SHAPES:
                for variant in scenario_parameters.VARIANTS:
                    for jobs in (None, 0.5, 46.7):
                        for key in (
                            "spinoffs.per_100m_research",
                            "licence_agreements.per_disclosure",
                        ):
                            cases.append(
                                {
                                    "comparison": key,
                                    "targetYear": target_year,
                                    "lag": lag,
                                    "shape": shape,
                                    "variant": variant,
                                    "jobs": jobs,
                                }
                            )
    return cases


def python_rows(case: dict[str, Any]) -> list[dict[str, float | None]]:
    """`run_scenario` for one case: the comparison and variant's rows, by year."""
    params = parameters(case["targetYear"], case["lag"])
    if case["jobs"] is not None:  # any value, as scenario.jobs_sensitivity takes it
        early = params["parameter"] == "jobs_per_spinoff_early"
        params.loc[early, "value"] = float(case["jobs"])
    result = run.run_scenario(params, reference.load_budget(DATA), shape=case["shape"])
    indicator, denominator = case["comparison"].split(".")
    rows = result[
        (result["indicator"] == indicator)
        & (result["denominator"] == denominator)
        & (result["variant"] == case["variant"])
    ].sort_values("year")
    return [
        {
            f: (None if isinstance(v, float) and math.isnan(v) else float(v))
            for f, v in zip(RESULT_FIELDS, row, strict=True)
        }
        for row in rows[RESULT_FIELDS].itertuples(index=False, name=None)
    ]


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<script src="{model}"></script>
<script>
var data = {data};
var cases = {cases};
var out = cases.map(function (c) {{
  var comparison = data.choices[0].comparisons.filter(function (x) {{ return x.key === c.comparison; }})[0];
  var jobs = c.jobs === null ? data.jobs.early[c.variant] : c.jobs;
  return window.VMScenario.path({{
    budget: data.budget, baseYear: data.baseYear, targetYear: c.targetYear, shape: c.shape,
    lag: c.lag, indicator: comparison.indicator, baseline: comparison.baseline,
    target: comparison.targets[c.variant], baseCount: data.baseCounts[comparison.indicator],
    jobsPerSpinoff: jobs
  }});
}});
var pre = document.createElement("pre");
pre.id = "out";
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script></body></html>
"""


def run_in_chromium(page: str, folder: Path) -> Any:
    exe = chromium()
    assert exe is not None
    path = folder / "grid.html"
    path.write_text(page, encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={profile}",
                "--virtual-time-budget=5000",
                "--dump-dom",
                path.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    match = re.search(r'<pre id="out">(.*?)</pre>', result.stdout, re.S)
    assert match is not None, result.stderr[-2000:]
    return json.loads(html.unescape(match.group(1)))


@pytest.mark.skipif(chromium() is None, reason="chromium not installed (.ci/run installs it)")
def test_browser_numbers_equal_python_over_a_grid(tmp_path: Path) -> None:
    budget = reference.load_budget(DATA)
    data = scenario_explorer.scenario_data(
        parameters(),
        budget,
        {"all": TARGETS},
        headline=None,
        demo=True,
        price_basis="prijspeil 2025",
    )
    cases = grid()
    page = PAGE.format(
        model=MODEL.as_uri(),
        data=json.dumps(data, allow_nan=False),
        cases=json.dumps(cases),
    )
    browser = run_in_chromium(page, tmp_path)
    assert len(browser) == len(cases) > 500
    compared = 0
    for case, js_rows in zip(cases, browser, strict=True):
        py_rows = python_rows(case)
        assert len(js_rows) == len(py_rows) == case["targetYear"] - BASE_YEAR + 1, case
        for js, py in zip(js_rows, py_rows, strict=True):
            for field in RESULT_FIELDS:
                # Exactly equal doubles (JSON carries them both ways without loss).
                assert js[field] == py[field], (case, field, js[field], py[field])
                compared += 1
    # Jobs are non-trivial in the grid: spin-offs lag, so extra spin-offs carry jobs.
    assert compared > 10_000
    spin = python_rows(
        {
            "comparison": "spinoffs.per_100m_research",
            "targetYear": 2029,
            "lag": 0,
            "shape": "budget",
            "variant": "central",
            "jobs": None,
        }
    )
    assert spin[-1]["extra_jobs"] and spin[-1]["extra_jobs"] > 0


def test_scenario_data_carries_what_the_report_uses() -> None:
    budget = reference.load_budget(DATA)
    params = parameters(lag=1)
    data = scenario_explorer.scenario_data(
        params,
        budget,
        {"all": TARGETS, "only:eth": TARGETS.iloc[1:]},
        headline=("spinoffs", "per_100m_research"),
        demo=False,
        price_basis="prijspeil 2025",
    )
    assert (data["baseYear"], data["targetYear"], data["lag"]) == (2025, 2029, 1)
    assert data["headline"] == "spinoffs.per_100m_research"
    assert [c["key"] for c in data["choices"]] == ["all", "only:eth"]
    assert data["choices"][1]["label"] == "alleen ETH"
    first = data["choices"][0]["comparisons"][0]
    assert first["targets"] == {"low": 2.5, "central": 3.1, "high": 4.0}
    assert first["label"] == "Spin-offs per € 100 mln onderzoek"
    # The budget's total line, years in order; a year without an amount is null.
    total = budget[budget["line"] == "total"].sort_values("year")
    assert data["budget"]["years"] == [int(y) for y in total["year"]]
    assert data["budget"]["amounts"][0] is None  # 2022: not found in the plan
    # Jobs: the early figures' low / central / high and the long-run range.
    assert set(data["jobs"]["early"]) == {"low", "central", "high"}
    assert set(data["jobs"]["longRun"]) == {"low", "high"}
    json.dumps(data, allow_nan=False)  # no NaN can reach the browser
