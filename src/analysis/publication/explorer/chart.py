"""The explorer's chart: one Vega-Lite spec whose parameters the page's controls set."""

from __future__ import annotations

from typing import Any

import altair as alt

from analysis.publication.charts import theme
from analysis.publication.explorer.lines import NATIONAL_KEY
from analysis.publication.render.basis import BASIS_LABELS_NL


def spec() -> dict[str, Any]:
    """The chart: lines of the chosen entities, the top's band, driven by Vega-Lite params.

    The parameters (`indicator`, `maat`, `van`, `tot`, `gekozen`, `ytitel`) are set by
    the page's controls; the data (`reeksen`, `top`) are filled in from the data file.
    Legend items select a line (`focus`): the others fade.

    The scales come from the page too, never from the data's extent: the x-axis runs
    from `van` to `eind`, the last year with a figure in view (no "nice" year beyond
    it), the y-axis from 0 to `ymax`, and the colours follow `namen`, the chosen lines'
    names. A data-driven extent of an empty selection is infinite, which Vega reports
    as an error and draws as an empty, broken chart.
    """
    x = {
        "type": "quantitative",
        "title": "Jaar",
        "axis": {"format": "d", "tickMinStep": 1},
        "scale": {"domain": {"expr": "[van, eind]"}, "nice": False},
    }
    y = {
        "type": "quantitative",
        "axis": {"title": {"expr": "ytitel"}},
        "scale": {"domain": {"expr": "[0, ymax]"}, "zero": True},
    }
    peer = "maat === 'per100m' && datum.indicator === indicator"
    chosen = (
        "datum.i === indicator && datum.m === maat && datum.y >= van && datum.y <= tot "
        "&& indexof(gekozen, datum.e) >= 0"
    )
    top_transforms = [
        {"filter": peer},
        {"calculate": "van", "as": "x1"},
        {"calculate": "eind", "as": "x2"},
        {"calculate": "datum.high === null ? datum.value : datum.high", "as": "hi"},
    ]
    return {
        "$schema": alt.SCHEMA_URL,
        "config": theme.theme_config()["config"],
        "width": theme.WIDTH,
        "height": 320,
        "params": [
            {"name": "indicator", "value": "spinoffs"},
            {"name": "maat", "value": "per100m"},
            {"name": "van", "value": 2010},
            {"name": "tot", "value": 2025},
            {"name": "eind", "value": 2025},
            {"name": "ymax", "value": 1},
            {"name": "gekozen", "value": [NATIONAL_KEY]},
            {"name": "namen", "value": ["Nederland"]},
            {"name": "ytitel", "value": ""},
        ],
        "datasets": {"reeksen": [], "top": []},
        "layer": [
            {
                "data": {"name": "top"},
                "transform": top_transforms,
                "mark": {"type": "rect", "color": theme.PEER_COLOR, "opacity": 0.15},
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
                "mark": {"type": "rule", "color": theme.PEER_COLOR, "strokeDash": [5, 3]},
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
                    "color": theme.MUTED_COLOR,
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
                        "scale": {"domain": {"expr": "namen"}, "range": list(theme.PALETTE)},
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
