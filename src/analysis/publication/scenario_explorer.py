"""The scenario explorer: the catch-up scenario of chapter 5 with sliders, computed in the browser.

What the reader can change is what `analysis.methods.scenario` parameterises, nothing more:

| control | Python (`analysis.methods.scenario`) |
|---|---|
| the top ("Vergelijkingsgroep") | `catch_up_targets(comparisons, peer_groups=...)` for each peer set of `benchmark.peer_choices()` (chapter 5's sensitivity: all, each peer alone, each left out) |
| the comparison | one row of those targets (indicator × denominator); only a `lagging` one has a path |
| the target ("Doel") | the variant: `target_low` / `target_central` / `target_high` |
| build-up ("Opbouw") | `ramp_shares(shape=...)`: budget, linear, front, back |
| lag ("Vertraging") | `ramp_shares(lag=...)` / `run_scenario(lag=...)` |
| horizon ("Doeljaar") | `build_parameters(target_year=...)` |
| jobs per spin-off and their horizon | `jobs_parameters`: early (first years, low / central / high) or long run (stock after decades, low / high); any value as in `jobs_sensitivity(jobs_per_spinoff=...)` |

The arithmetic is in one place per language: `analysis.methods.scenario` (`ramp_shares`,
`run_scenario`) in Python and `assets/scenario-model.js` (`VMScenario.rampShares`,
`VMScenario.path`) in JavaScript, line for line the same operations in the same order,
so the browser's numbers equal Python's to the last bit for every parameter value
(tested over a grid in headless Chromium, `tests/test_scenario_explorer.py`). This
module only ships the inputs: the base year, the budget, the national base counts,
the Dutch baselines and the top's targets per peer set, and the jobs figures.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from analysis.data.indicators import catalogue
from analysis.methods.scenario import parameters as scenario_parameters
from analysis.publication import escape, labels
from analysis.publication.labels import INDICATOR_LABELS
from analysis.publication.render.extras import NUMBERS_ASSET, SitePage

PAGE_FILE = "scenarioverkenner.html"
PAGE_TITLE = "Scenarioverkenner"
DATA_ASSET = "scenario-gegevens.js"
MODEL_ASSET = "scenario-model.js"
SCRIPT_ASSET = "scenarioverkenner.js"
STYLE_ASSET = "interactief.css"
DATA_FORMAT = 1
#: The furthest target year a reader can choose (the scheme runs to 2029).
MAX_TARGET_YEAR = 2035
#: The longest lag a reader can choose (chapter 5 tries 0, 1 and 2 years).
MAX_LAG = 3
#: Above this many times today's national level in the target year, a result carries a
#: warning that it reads as arithmetic on the chosen assumptions, not as an expectation
#: (the top's high end can put the scenario at 17 times today's level).
PLAUSIBLE_FACTOR = 3.0

#: The chart's two lines (the names `scenarioverkenner.js` gives its rows).
SERIES = ("Zonder inhaalslag", "Scenario")


def _choice_nl(choice: str) -> str:
    if choice == "all":
        return "alle drie (ETH, Oxford, KU Leuven)"
    kind, _, group = choice.partition(":")
    name = labels.PEER_SHORT_NAMES.get(group, group)
    return f"alleen {name}" if kind == "only" else f"zonder {name}"


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _param(params: pd.DataFrame, name: str, variant: str = "all", indicator: str = "") -> float:
    rows = params[
        (params["parameter"] == name)
        & (params["variant"] == variant)
        & (params["indicator"] == indicator)
    ]
    if rows.empty:
        raise KeyError(f"scenario parameter {name!r} ({indicator} {variant}) missing")
    return float(rows["value"].iloc[0])


def scenario_data(
    parameters: pd.DataFrame,
    budget: pd.DataFrame,
    choices: Mapping[str, pd.DataFrame],
    *,
    headline: tuple[str, str] | None,
    demo: bool,
    price_basis: str,
) -> dict[str, Any]:
    """The data file's content.

    `parameters` is chapter 5's `scenario.build_parameters(...)` table (base and target
    year, lag, base counts, jobs); `budget` the scheme's budget (`line == "total"` is what
    `ramp_shares` follows); `choices` maps a peer set of `benchmark.peer_choices()` to
    its `scenario.catch_up_targets(...)`; `headline` is chapter 5's headline comparison.
    """
    total = budget[budget["line"] == "total"].sort_values("year")
    counts = {
        str(i): _finite(float(v))
        for i, v in zip(
            parameters.loc[parameters["parameter"] == "base_count", "indicator"],
            parameters.loc[parameters["parameter"] == "base_count", "value"],
            strict=True,
        )
    }
    jobs: dict[str, dict[str, float]] = {"early": {}, "longRun": {}}
    for rec in parameters[
        parameters["parameter"].isin(["jobs_per_spinoff_early", "jobs_per_spinoff_long_run"])
    ].to_dict("records"):
        horizon = "early" if rec["parameter"] == "jobs_per_spinoff_early" else "longRun"
        jobs[horizon][str(rec["variant"])] = float(rec["value"])
    out_choices = []
    for key, targets in choices.items():
        comparisons = []
        for rec in targets.to_dict("records"):
            ind, den = str(rec["indicator"]), str(rec["denominator"])
            comparisons.append(
                {
                    "key": f"{ind}.{den}",
                    "indicator": ind,
                    "denominator": den,
                    "label": (
                        f"{INDICATOR_LABELS.get(ind, ind)} "
                        f"{labels.DENOMINATOR_LABELS.get(den, den)}"
                    ),
                    "status": str(rec["status"]),
                    "statusText": labels.SCENARIO_STATUS_LABELS.get(
                        str(rec["status"]), str(rec["status"])
                    ),
                    "baseline": _finite(float(rec["baseline"])),
                    "targets": {
                        v: _finite(float(rec[f"target_{v}"])) for v in scenario_parameters.VARIANTS
                    },
                    "peers": ", ".join(
                        labels.PEER_SHORT_NAMES.get(p, p)
                        for p in str(rec["peer_groups"]).split(";")
                        if p
                    ),
                }
            )
        out_choices.append({"key": key, "label": _choice_nl(key), "comparisons": comparisons})
    base_year = int(_param(parameters, "base_year"))
    return {
        "format": DATA_FORMAT,
        "baseYear": base_year,
        "targetYear": int(_param(parameters, "target_year")),
        "lag": int(_param(parameters, "lag_years")),
        "maxTargetYear": max(MAX_TARGET_YEAR, int(_param(parameters, "target_year"))),
        "maxLag": MAX_LAG,
        "budget": {
            "years": [int(y) for y in total["year"]],
            "amounts": [_finite(float(a)) for a in total["amount_eur"]],
        },
        "shapes": [
            {"key": k, "label": labels.RAMP_SHAPE_LABELS[k]}
            for k in scenario_parameters.RAMP_SHAPES
        ],
        "variants": [
            {"key": v, "label": labels.SCENARIO_VARIANT_LABELS[v]}
            for v in scenario_parameters.VARIANTS
        ],
        "baseCounts": counts,
        "choices": out_choices,
        "headline": f"{headline[0]}.{headline[1]}" if headline else None,
        "jobs": jobs,
        "labels": {k: INDICATOR_LABELS.get(k, k) for k in counts},
        "money": list(catalogue().money_codes),
        "demo": bool(demo),
        "priceBasis": price_basis,
        "plausibleFactor": PLAUSIBLE_FACTOR,
    }


def data_script(data: Mapping[str, Any]) -> str:
    text = json.dumps(
        data, sort_keys=True, ensure_ascii=True, separators=(",", ":"), allow_nan=False
    )
    return (
        "/* Valorisatiemonitor: the scenario explorer's inputs (written at render time). */\n"
        f"window.VM_SCENARIO = {text};\n"
    )


def spec() -> dict[str, Any]:
    """The path chart: national count without catch-up and along the scenario, per year."""
    from analysis.publication.charts import theme

    return {
        "$schema": alt.SCHEMA_URL,
        "config": theme.theme_config()["config"],
        "width": theme.WIDTH,
        "height": 280,
        "params": [{"name": "ytitel", "value": ""}],
        "datasets": {"pad": []},
        "data": {"name": "pad"},
        "mark": {"type": "line", "point": True, "strokeWidth": 2},
        "encoding": {
            "x": {
                "field": "jaar",
                "type": "quantitative",
                "title": "Jaar",
                "axis": {"format": "d", "tickMinStep": 1},
                "scale": {"zero": False},
            },
            "y": {
                "field": "waarde",
                "type": "quantitative",
                "axis": {"title": {"expr": "ytitel"}},
                "scale": {"zero": True},
            },
            "color": {
                "field": "reeks",
                "type": "nominal",
                "title": None,
                "scale": {
                    "domain": list(SERIES),
                    "range": [theme.PEER_COLOR, theme.PRIMARY_COLOR],
                },
                "legend": {"orient": "bottom"},
            },
            "strokeDash": {
                "field": "reeks",
                "type": "nominal",
                "scale": {"domain": list(SERIES), "range": [[5, 3], [1, 0]]},
                "legend": {"orient": "bottom"},
            },
            "tooltip": [
                {"field": "reeks", "type": "nominal", "title": "Reeks"},
                {"field": "jaar", "type": "quantitative", "title": "Jaar", "format": "d"},
                {"field": "tekst", "type": "nominal", "title": "Aantal"},
            ],
        },
    }


def page(data: Mapping[str, Any]) -> SitePage:
    """The page: controls (all native, labelled), the summary, the chart and the table."""
    e = escape.html
    choices = "".join(
        f'<option value="{e(c["key"])}">{e(c["label"])}</option>' for c in data["choices"]
    )
    variants = "".join(
        f'<label class="vm-s-radio"><input type="radio" name="doel" value="{e(v["key"])}"> '
        f'{e(v["label"])} <span class="vm-s-target" data-variant="{e(v["key"])}"></span></label>'
        for v in data["variants"]
    )
    shapes = "".join(
        f'<option value="{e(s["key"])}">{e(s["label"])}</option>' for s in data["shapes"]
    )
    base = int(data["baseYear"])
    spec_json = (
        json.dumps(spec(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    body = f"""
<p class="vm-x-intro">Het inhaalscenario van hoofdstuk 5, met de aannames als schuifjes: hoeveel
extra uitkomsten zou het inlopen van de achterstand op de Europese top tot het doeljaar opleveren,
langs de opbouw van de regeling? De berekening is dezelfde als in het rapport en loopt in uw
browser. Het pad begint in {base}, het laatste jaar met gegevens; de noemer (onderzoeksuitgaven,
uitvindingsmeldingen) blijft op het niveau van {base}. Er wordt geen opbrengst in euro’s berekend.
Bedragen zijn in euro’s met het prijspeil van {base} (toelichting onder de tabel).</p>
<noscript><p class="vm-x-noscript">De scenarioverkenner werkt met JavaScript. Het scenario met
de aannames van het rapport staat in hoofdstuk 5.</p></noscript>
<div class="vm-s-form" id="vm-s-form" role="group" aria-label="Aannames van het scenario">
<div class="vm-s-row">
<div class="vm-s-field"><label for="vm-s-top">Vergelijkingsgroep (de top)</label>
<select id="vm-s-top" name="top">{choices}</select></div>
<div class="vm-s-field"><label for="vm-s-vergelijking">Vergelijking</label>
<select id="vm-s-vergelijking" name="vergelijking"></select></div>
</div>
<fieldset class="vm-s-group" id="vm-s-pad" aria-describedby="vm-s-pad-reden"><legend>Het pad naar het doel</legend>
<p class="vm-s-reason" id="vm-s-pad-reden" hidden></p>
<div class="vm-s-row">
<fieldset class="vm-s-field vm-s-variant"><legend>Doel: het niveau van de top</legend>{variants}</fieldset>
<div class="vm-s-field"><label for="vm-s-opbouw">Opbouw naar het doel</label>
<select id="vm-s-opbouw" name="opbouw">{shapes}</select></div>
</div>
<div class="vm-s-row">
<div class="vm-s-field"><label for="vm-s-doeljaar">Doeljaar (horizon)</label>
<input type="range" id="vm-s-doeljaar" name="doeljaar" min="{base + 1}" max="{int(data["maxTargetYear"])}" step="1">
<output id="vm-s-doeljaar-out" for="vm-s-doeljaar"></output></div>
<div class="vm-s-field"><label for="vm-s-vertraging">Vertraging tussen opbouw en uitkomst (jaar)</label>
<input type="range" id="vm-s-vertraging" name="vertraging" min="0" max="{int(data["maxLag"])}" step="1">
<output id="vm-s-vertraging-out" for="vm-s-vertraging"></output></div>
</div>
</fieldset>
<fieldset class="vm-s-group" id="vm-s-banen-groep" aria-describedby="vm-s-banen-reden"><legend>Banen bij extra spin-offs</legend>
<p class="vm-s-reason" id="vm-s-banen-reden" hidden></p>
<div class="vm-s-row">
<fieldset class="vm-s-field vm-s-variant"><legend>Banen per spin-off: horizon van het cijfer</legend>
<label class="vm-s-radio"><input type="radio" name="horizon" value="early"> eerste jaren na oprichting</label>
<label class="vm-s-radio"><input type="radio" name="horizon" value="longRun"> na decennia (voorraad)</label></fieldset>
<div class="vm-s-field"><label for="vm-s-banen">Banen per extra spin-off</label>
<input type="range" id="vm-s-banen" name="banen" min="0" max="60" step="0.1">
<output id="vm-s-banen-out" for="vm-s-banen"></output>
<div class="vm-s-presets" id="vm-s-presets" role="group" aria-label="Geciteerde waarden voor banen per spin-off"></div></div>
</div>
</fieldset>
</div>
<div class="vm-s-summary" id="vm-s-summary" aria-live="polite"></div>
<div class="vm-s-chart" id="vm-s-chart" role="img" aria-label="Lijndiagram van het pad van het scenario"></div>
<p class="vm-s-notes" id="vm-s-notes"></p>
<div class="vm-x-share"><label for="vm-s-link">Link naar deze aannames</label>
<input type="text" id="vm-s-link" readonly>
<button type="button" id="vm-s-copy">Kopieer link</button>
<span id="vm-s-copied" class="vm-x-copied" aria-live="polite"></span></div>
<div class="vm-table-scroll" tabindex="0" role="region" aria-labelledby="vm-s-table-caption">
<table class="vm-s-table" id="vm-s-table"><caption id="vm-s-table-caption">Het pad per jaar</caption>
<thead></thead><tbody></tbody></table></div>
<p class="vm-s-notes">Prijzen: {e(data["priceBasis"])}.</p>
<script type="application/json" id="vm-s-spec">{spec_json}</script>
"""
    return SitePage(
        file=PAGE_FILE,
        title=PAGE_TITLE,
        body=body,
        scripts=("vega-embed.js", DATA_ASSET, MODEL_ASSET, NUMBERS_ASSET, SCRIPT_ASSET),
        styles=(STYLE_ASSET,),
        demo=bool(data["demo"]),
    )
