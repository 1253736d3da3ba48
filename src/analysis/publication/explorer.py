"""The explorer page: institutions and groups over time, offline, state in the URL.

A reader picks institutions and groups (a type, a profile, an ecosystem, or the whole
country), an indicator, absolute or per EUR 100 million research spending, and a span of
years; the page draws their lines with Vega-Lite and lists the numbers in a table below.
Everything happens in the browser over one data file shipped with the site
(`assets/verkenner-gegevens.js`, JavaScript so it loads from `file://`): no server.

How the numbers are made (here, once; the browser only selects and draws):

* Money is in euros at the report year's prices (Dutch HICP, `peer_gaps.deflate_wide`),
  the price basis of chapter 3, so a line over fifteen years does not grow with inflation
  and the reference lines of the top are in the same euros.
* Per EUR 100 million: each year's output over the same year's research spending of the
  same institutions (pairs where both are reported; `peer_gaps._pairwise_sums` logic).
  A group's figure is the ratio of the sums over its members with both figures that
  year, not a mean of ratios.
* A group's absolute figure is the sum over the members that reported that year; how
  many did is shipped with every point (tooltip and table), because a total over a
  changing set of reporters is not like for like.
* Every point says what it rests on: demonstration data when any value behind it is
  (`is_demonstration`), else the cited submissions.
* Reference lines of the European top (chapter 3's peer ranges: each peer's range over
  its definitions and years, in the same price year) are drawn only per EUR 100 million
  research spending, the one comparison the top's published figures allow; for an
  absolute figure (which depends on size) or an indicator no peer publishes, the page
  says so instead of drawing a line.

The controls are native form elements (checkboxes, selects, radio buttons) wired to the
chart's Vega-Lite parameters by `assets/verkenner.js`; the state lives in the URL's
fragment (`#kies=tud,uu&indicator=spinoffs&maat=per100m&van=2015&tot=2025`), so a view
can be shared as a link.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from analysis.methods import peer_gaps
from analysis.publication import charts, escape
from analysis.publication.chapters.national import TYPE_LABELS
from analysis.publication.labels import INDICATOR_LABELS, PROFILE_LABELS
from analysis.publication.render.basis import BASIS_LABELS_NL
from analysis.publication.render.config import slug
from analysis.publication.render.extras import SitePage

PAGE_FILE = "verkenner.html"
PAGE_TITLE = "Verkenner"
DATA_ASSET = "verkenner-gegevens.js"
SCRIPT_ASSET = "verkenner.js"
STYLE_ASSET = "interactief.css"
#: Bumped when the data file's layout changes (the script checks it).
DATA_FORMAT = 1

MEASURES: dict[str, str] = {
    "abs": "absoluut",
    "per100m": "per € 100 mln onderzoeksuitgaven",
}
NATIONAL_KEY = "nl"
RESEARCH = "research_expenditure_eur"
_SCALE = 1e8  # EUR 100 million
_KEY = r"[a-z0-9][a-z0-9-]*"


@dataclass(frozen=True)
class Entity:
    """A line the reader can choose: one institution or a group of them."""

    key: str
    #: Short label in the legend and the table header.
    label: str
    #: Label of the checkbox (the full name for an institution).
    long_label: str
    #: The section of the picker it is listed under.
    section: str
    members: tuple[str, ...]


def _key(text: str) -> str:
    key = slug(text)
    if not key[0].isalnum():
        key = "x" + key
    return key


def entities(institutions: pd.DataFrame) -> list[Entity]:
    """The country, every institution (by type), then every type, profile and ecosystem.

    Keys are URL-safe (`[a-z0-9-]`): institution ids as they are when they fit, groups
    prefixed by their kind. A clash (two names giving one key) is an error, because a
    shared link would then open another line than the one it was made for.
    """
    type_order = {code: n for n, code in enumerate(TYPE_LABELS)}
    inst = institutions.assign(
        _order=[type_order.get(str(t), len(type_order)) for t in institutions["type"]],
        _name=institutions["name_nl"].astype(str).str.casefold(),
    ).sort_values(["_order", "_name"], kind="stable")
    ids = [str(i) for i in inst["institution_id"]]
    out: list[Entity] = [
        Entity(NATIONAL_KEY, "Nederland", "Nederland (alle instellingen)", "Nederland", tuple(ids))
    ]
    for rec in inst.itertuples():
        iid = str(rec.institution_id)
        key = iid if re.fullmatch(_KEY, iid) else f"i-{_key(iid)}"
        section = TYPE_LABELS.get(str(rec.type), str(rec.type))
        out.append(
            Entity(key, str(rec.short_name), f"{rec.name_nl} ({rec.short_name})", section, (iid,))
        )
    for code in dict.fromkeys(str(t) for t in inst["type"]):
        members = tuple(str(i) for i in inst.loc[inst["type"] == code, "institution_id"])
        label = TYPE_LABELS.get(code, code)
        out.append(
            Entity(f"type-{_key(code)}", label, f"{label} samen", "Type instelling", members)
        )
    for code in sorted(set(inst["profile"].astype(str)), key=lambda c: PROFILE_LABELS.get(c, c)):
        members = tuple(str(i) for i in inst.loc[inst["profile"] == code, "institution_id"])
        label = f"Profiel {PROFILE_LABELS.get(code, code)}"
        out.append(Entity(f"profiel-{_key(code)}", label, f"{label}, samen", "Profiel", members))
    for name in sorted(set(inst["ecosystem"].astype(str)), key=str.casefold):
        members = tuple(str(i) for i in inst.loc[inst["ecosystem"] == name, "institution_id"])
        out.append(
            Entity(
                f"ecosysteem-{_key(name)}",
                f"Ecosysteem {name}",
                f"{name}, samen",
                "Ecosysteem",
                members,
            )
        )
    seen: dict[str, str] = {}
    for e in out:
        if e.key in seen:
            raise ValueError(
                f"explorer: {e.long_label!r} and {seen[e.key]!r} share the key {e.key}"
            )
        seen[e.key] = e.long_label
    return out


def _round(value: float) -> float | None:
    """Ten significant digits (the file stays small; no figure is shown with more)."""
    if not math.isfinite(value):
        return None
    return float(f"{value:.10g}")


def _arrays(
    wide: pd.DataFrame, long: pd.DataFrame, ids: Sequence[str], years: Sequence[int], code: str
) -> tuple[np.ndarray, np.ndarray]:
    """(values, demonstration flags) of one indicator as institutions × years."""
    index = pd.MultiIndex.from_product([list(ids), list(years)], names=["institution_id", "year"])
    frame = wide.set_index(["institution_id", "year"])
    values = (
        frame[code].reindex(index).to_numpy(dtype="float64").reshape(len(ids), len(years))
        if code in frame.columns
        else np.full((len(ids), len(years)), np.nan)
    )
    flags_long = long[long["indicator"] == code].set_index(["institution_id", "year"])
    flags = (
        flags_long["is_demonstration"]
        .astype(bool)
        .reindex(index, fill_value=False)
        .to_numpy(dtype=bool)
        .reshape(len(ids), len(years))
    )
    return values, flags


def series(
    wide: pd.DataFrame,
    long: pd.DataFrame,
    groups: Sequence[Entity],
    indicators: Sequence[str],
    years: Sequence[int],
) -> list[tuple[str, str, str, list[float | None], list[int], list[bool]]]:
    """Every line: (entity, indicator, measure, values per year, reporters per year, demo per year).

    `wide` has money already at one price year. Absolute: the sum over the members that
    reported the indicator that year (None when none did). Per EUR 100 million: the sum
    of the indicator over the sum of research spending, both over the members that
    reported both that year with positive spending. Demonstration: any value behind
    the point is demonstration data.
    """
    ids = sorted({m for g in groups for m in g.members})
    position = {iid: n for n, iid in enumerate(ids)}
    research, research_demo = _arrays(wide, long, ids, years, RESEARCH)
    out: list[tuple[str, str, str, list[float | None], list[int], list[bool]]] = []
    for code in indicators:
        values, demo = _arrays(wide, long, ids, years, code)
        for group in groups:
            rows = [position[m] for m in group.members]
            v, d = values[rows], demo[rows]
            reported = np.isfinite(v)
            n = reported.sum(axis=0)
            total = np.where(reported, v, 0.0).sum(axis=0)
            out.append(
                (
                    group.key,
                    code,
                    "abs",
                    [_round(t) if k > 0 else None for t, k in zip(total, n, strict=True)],
                    [int(k) for k in n],
                    [bool(x) for x in (d & reported).any(axis=0)],
                )
            )
            if code == RESEARCH:
                continue
            r, rd = research[rows], research_demo[rows]
            pair = reported & np.isfinite(r) & (r > 0)
            num = np.where(pair, v, 0.0).sum(axis=0)
            den = np.where(pair, r, 0.0).sum(axis=0)
            k = pair.sum(axis=0)
            ratio = [
                _round(a / b * _SCALE) if m > 0 and b > 0 else None
                for a, b, m in zip(num, den, k, strict=True)
            ]
            out.append(
                (
                    group.key,
                    code,
                    "per100m",
                    ratio,
                    [int(m) for m in k],
                    [bool(x) for x in ((d | rd) & pair).any(axis=0)],
                )
            )
    return out


def peer_lines(ranges: pd.DataFrame) -> list[dict[str, Any]]:
    """The top's range per peer and indicator, per EUR 100 million research (chapter 3).

    `ranges` is `peer_gaps.peer_ranges(...)`; an unbounded upper end (a figure that is
    only a lower bound) is shipped as None and drawn as the central line only.
    """
    per = ranges[
        (ranges["denominator"] == "per_100m_research")
        & ranges["peer_group"].isin(list(peer_gaps.TOP_GROUPS))
    ]
    short = {"eth": "ETH", "oxford": "Oxford", "kuleuven": "KU Leuven"}
    out = []
    for rec in per.sort_values(["indicator", "peer_group"]).to_dict("records"):
        y0, y1 = int(rec["year_min"]), int(rec["year_max"])
        out.append(
            {
                "indicator": str(rec["indicator"]),
                "label": short.get(str(rec["peer_group"]), str(rec["peer_group_name"])),
                "name": str(rec["peer_group_name"]),
                "low": _round(float(rec["peer_low"])),
                "value": _round(float(rec["peer_value"])),
                "high": _round(float(rec["peer_high"])),
                "years": f"{y0}–{y1}" if y1 > y0 else str(y0),
                "figures": int(rec["n_figures"]),
            }
        )
    return out


def explorer_data(
    wide: pd.DataFrame,
    long: pd.DataFrame,
    institutions: pd.DataFrame,
    units: Mapping[str, str],
    peers: pd.DataFrame,
    *,
    year: int,
    price_basis: str,
) -> dict[str, Any]:
    """The data file's content: years, indicators, entities, every line and the top's ranges.

    `wide` has money at `year` prices already; `units` maps indicator code → catalogue
    unit; `peers` is `peer_gaps.peer_ranges(...)` at the same prices.
    """
    wide = wide[wide["year"] <= year]
    long = long[long["year"] <= year]
    years = sorted(int(y) for y in set(wide["year"]))
    groups = entities(institutions)
    codes = [c for c in units if c in set(long["indicator"])]
    lines = series(wide, long, groups, codes, years)
    entity_index = {e.key: n for n, e in enumerate(groups)}
    code_index = {c: n for n, c in enumerate(codes)}
    measure_index = {m: n for n, m in enumerate(MEASURES)}
    peer_data = peer_lines(peers)
    with_peers = {p["indicator"] for p in peer_data}
    default_indicator = "spinoffs" if "spinoffs" in codes else codes[0]
    return {
        "format": DATA_FORMAT,
        "year": int(year),
        "years": years,
        "priceBasis": price_basis,
        "measures": [{"key": k, "label": v} for k, v in MEASURES.items()],
        "indicators": [
            {
                "key": c,
                "label": INDICATOR_LABELS.get(c, c),
                "unit": units[c],
                "per100m": c != RESEARCH,
                "peers": c in with_peers,
            }
            for c in codes
        ],
        "entities": [
            {
                "key": e.key,
                "label": e.label,
                "long": e.long_label,
                "section": e.section,
                "members": len(e.members),
            }
            for e in groups
        ],
        "series": [
            [entity_index[e], code_index[c], measure_index[m], v, n, [1 if x else 0 for x in d]]
            for e, c, m, v, n, d in lines
        ],
        "peers": peer_data,
        "basis": {
            "demonstration": BASIS_LABELS_NL["demonstration"],
            "real": BASIS_LABELS_NL["real"],
        },
        "defaults": {
            "entities": [NATIONAL_KEY],
            "indicator": default_indicator,
            "measure": "per100m",
            "from": years[0] if years else int(year),
            "to": years[-1] if years else int(year),
        },
    }


def data_script(data: Mapping[str, Any]) -> str:
    """The data file: one assignment, JSON with every non-ASCII character escaped."""
    text = json.dumps(
        data, sort_keys=True, ensure_ascii=True, separators=(",", ":"), allow_nan=False
    )
    return (
        "/* Valorisatiemonitor: the explorer's data (written at render time). */\n"
        f"window.VM_EXPLORER = {text};\n"
    )


def spec() -> dict[str, Any]:
    """The chart: lines of the chosen entities, the top's band, driven by Vega-Lite params.

    The parameters (`indicator`, `maat`, `van`, `tot`, `gekozen`, `ytitel`) are set by
    the page's controls; the data (`reeksen`, `top`) are filled in from the data file.
    Legend items select a line (`focus`): the others fade.
    """
    x = {
        "type": "quantitative",
        "title": "Jaar",
        "axis": {"format": "d", "tickMinStep": 1},
        "scale": {"domain": {"expr": "[van, tot]"}},
    }
    y = {"type": "quantitative", "axis": {"title": {"expr": "ytitel"}}, "scale": {"zero": True}}
    peer = "maat === 'per100m' && datum.indicator === indicator"
    chosen = (
        "datum.i === indicator && datum.m === maat && datum.y >= van && datum.y <= tot "
        "&& indexof(gekozen, datum.e) >= 0"
    )
    top_transforms = [
        {"filter": peer},
        {"calculate": "van", "as": "x1"},
        {"calculate": "tot", "as": "x2"},
        {"calculate": "datum.high === null ? datum.value : datum.high", "as": "hi"},
    ]
    return {
        "$schema": alt.SCHEMA_URL,
        "config": charts.theme_config()["config"],
        "width": charts.WIDTH,
        "height": 320,
        "params": [
            {"name": "indicator", "value": "spinoffs"},
            {"name": "maat", "value": "per100m"},
            {"name": "van", "value": 2010},
            {"name": "tot", "value": 2025},
            {"name": "gekozen", "value": [NATIONAL_KEY]},
            {"name": "ytitel", "value": ""},
        ],
        "datasets": {"reeksen": [], "top": []},
        "layer": [
            {
                "data": {"name": "top"},
                "transform": top_transforms,
                "mark": {"type": "rect", "color": charts.PEER_COLOR, "opacity": 0.15},
                "encoding": {
                    "x": {"field": "x1", **x},
                    "x2": {"field": "x2"},
                    "y": {"field": "low", **y},
                    "y2": {"field": "hi"},
                },
            },
            {
                "data": {"name": "top"},
                "transform": top_transforms,
                "mark": {"type": "rule", "color": charts.PEER_COLOR, "strokeDash": [5, 3]},
                "encoding": {
                    "x": {"field": "x1", **x},
                    "x2": {"field": "x2"},
                    "y": {"field": "value", **y},
                },
            },
            {
                "data": {"name": "top"},
                "transform": top_transforms,
                "mark": {
                    "type": "text",
                    "align": "right",
                    "baseline": "bottom",
                    "dx": -2,
                    "dy": -3,
                    "color": charts.MUTED_COLOR,
                    "fontSize": 11,
                },
                "encoding": {
                    "x": {"field": "x2", **x},
                    "y": {"field": "value", **y},
                    "text": {"field": "tekst"},
                },
            },
            {
                "data": {"name": "reeksen"},
                "transform": [{"filter": chosen}],
                "params": [
                    {
                        "name": "focus",
                        "select": {"type": "point", "fields": ["naam"]},
                        "bind": "legend",
                    }
                ],
                "mark": {"type": "line", "strokeWidth": 2},
                "encoding": {
                    "x": {"field": "y", **x},
                    "y": {"field": "v", **y},
                    "color": {
                        "field": "naam",
                        "type": "nominal",
                        "title": None,
                        "scale": {"range": list(charts.PALETTE)},
                        "legend": {"orient": "bottom", "columns": 3, "labelLimit": 260},
                    },
                    "opacity": {"condition": {"param": "focus", "value": 1}, "value": 0.2},
                },
            },
            {
                "data": {"name": "reeksen"},
                "transform": [{"filter": chosen}],
                "mark": {"type": "point", "filled": True, "size": 45},
                "encoding": {
                    "x": {"field": "y", **x},
                    "y": {"field": "v", **y},
                    "color": {"field": "naam", "type": "nominal"},  # the line layer's legend
                    "shape": {
                        "field": "basis",
                        "type": "nominal",
                        "title": "Waar het cijfer op berust",
                        "scale": {
                            "domain": [BASIS_LABELS_NL["real"], BASIS_LABELS_NL["demonstration"]],
                            "range": ["circle", "triangle-up"],
                        },
                        "legend": {"orient": "bottom", "direction": "horizontal"},
                    },
                    "tooltip": [
                        {"field": "naam", "type": "nominal", "title": "Lijn"},
                        {"field": "y", "type": "quantitative", "title": "Jaar", "format": "d"},
                        {"field": "tekst", "type": "nominal", "title": "Waarde"},
                        {"field": "n", "type": "quantitative", "title": "Instellingen"},
                        {"field": "basis", "type": "nominal", "title": "Basis"},
                    ],
                },
            },
        ],
    }


def _script_json(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page(data: Mapping[str, Any]) -> SitePage:
    """The explorer's page: native controls, the chart, the link and the table of numbers."""
    e = escape.html
    entities_by_section: dict[str, list[Mapping[str, Any]]] = {}
    for ent in data["entities"]:
        entities_by_section.setdefault(str(ent["section"]), []).append(ent)
    choice_sets = []
    for n, (section, items) in enumerate(entities_by_section.items()):
        boxes = "".join(
            f'<li><input type="checkbox" id="vm-x-e-{e(ent["key"])}" name="kies" '
            f'value="{e(ent["key"])}"><label for="vm-x-e-{e(ent["key"])}">{e(ent["long"])}</label></li>'
            for ent in items
        )
        choice_sets.append(
            f'<fieldset class="vm-x-set"><legend id="vm-x-set-{n}">{e(section)}</legend>'
            f'<ul class="vm-x-list">{boxes}</ul></fieldset>'
        )
    indicators = "".join(
        f'<option value="{e(i["key"])}">{e(i["label"])}</option>' for i in data["indicators"]
    )
    measures = "".join(
        f'<label class="vm-x-radio"><input type="radio" name="maat" value="{e(m["key"])}" '
        f'id="vm-x-maat-{e(m["key"])}"> {e(m["label"])}</label>'
        for m in data["measures"]
    )
    years = "".join(f'<option value="{y}">{y}</option>' for y in data["years"])
    year = int(data["year"])
    body = f"""
<p class="vm-x-intro">Vergelijk instellingen en groepen van instellingen door de jaren heen.
Kies hieronder wat u wilt zien; de figuur, de tabel en de link naar deze weergave volgen uw keuze.
Bedragen zijn in euro’s met het prijspeil van {year} (toelichting onder de tabel).</p>
<noscript><p class="vm-x-noscript">De verkenner werkt met JavaScript. Alle cijfers staan ook in de
tabellen van hoofdstuk 2 en in de factsheets.</p></noscript>
<div class="vm-x-form" id="vm-x-form" role="group" aria-label="Keuzes van de verkenner">
<div class="vm-x-row">
<div class="vm-x-field"><label for="vm-x-indicator">Indicator</label>
<select id="vm-x-indicator" name="indicator">{indicators}</select></div>
<fieldset class="vm-x-field vm-x-measure"><legend>Maat</legend>{measures}</fieldset>
<div class="vm-x-field"><label for="vm-x-van">Van</label>
<select id="vm-x-van" name="van">{years}</select></div>
<div class="vm-x-field"><label for="vm-x-tot">Tot en met</label>
<select id="vm-x-tot" name="tot">{years}</select></div>
</div>
<div class="vm-x-grid">
<fieldset class="vm-x-choices"><legend>Instellingen en groepen</legend>
<div class="vm-x-choices-scroll">{"".join(choice_sets)}</div></fieldset>
<div class="vm-x-result">
<p class="vm-x-status" id="vm-x-status" aria-live="polite"></p>
<div class="vm-x-chart" id="vm-x-chart" role="img" aria-label="Lijndiagram van de gekozen instellingen en groepen"></div>
<p class="vm-x-notes" id="vm-x-notes"></p>
<div class="vm-x-share"><label for="vm-x-link">Link naar deze weergave</label>
<input type="text" id="vm-x-link" readonly>
<button type="button" id="vm-x-copy">Kopieer link</button>
<span id="vm-x-copied" class="vm-x-copied" aria-live="polite"></span></div>
</div>
</div>
</div>
<div class="vm-table-scroll" tabindex="0" role="region" aria-labelledby="vm-x-table-caption">
<table class="vm-x-table" id="vm-x-table"><caption id="vm-x-table-caption">Cijfers in de figuur</caption>
<thead></thead><tbody></tbody></table></div>
<p class="vm-x-notes">Prijzen: {e(data["priceBasis"])}.</p>
<script type="application/json" id="vm-x-spec">{_script_json(spec())}</script>
"""
    demo = any(1 in s[5] for s in data["series"])
    return SitePage(
        file=PAGE_FILE,
        title=PAGE_TITLE,
        body=body,
        scripts=("vega-embed.js", DATA_ASSET, SCRIPT_ASSET),
        styles=(STYLE_ASSET,),
        demo=demo,
    )
