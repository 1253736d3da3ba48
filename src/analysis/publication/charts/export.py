"""Charts, export: the Vega-Lite spec as plain sorted JSON and the SVG for the PDF, the same bytes whatever was drawn before."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import altair as alt
import vl_convert as vlc

from analysis.publication.charts.theme import LOCALE, THEME_NAME
from analysis.publication.render.fonts import register_with_vl_convert


def spec_of(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's Vega-Lite spec as plain JSON types, data inlined, house theme applied.

    The JSON round trip turns numpy scalars into Python numbers and sorts keys, so
    equal charts give equal dicts and equal ``json.dumps`` bytes. NaN is refused
    (``allow_nan=False``): Vega-Lite JSON has no NaN, Altair writes missing as null.
    """
    with alt.theme.enable(THEME_NAME), alt.data_transformers.enable("default"):
        spec = chart.to_dict(validate=True)
    return normalise_spec(spec)


def _round_floats(value: Any) -> Any:
    """Floats to 12 significant digits, recursively: last-bit noise must not change the bytes."""
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if isinstance(value, dict):
        return {k: _round_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_round_floats(v) for v in value]
    return value


def normalise_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """Plain JSON types, sorted keys, floats rounded to 12 significant digits."""
    plain = json.loads(json.dumps(spec, sort_keys=True, allow_nan=False))
    normalised: dict[str, Any] = _round_floats(plain)
    return normalised


def spec_json(spec: Mapping[str, Any], *, indent: int | None = 2) -> str:
    """The canonical text of a spec: sorted keys, UTF-8 kept; indented with a final newline, or compact."""
    if indent is None:  # compact, for embedding in HTML
        return json.dumps(
            spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )
    return (
        json.dumps(spec, sort_keys=True, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"
    )


def spec_values(spec: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    """The rows behind a spec from `spec_of`: its top-level data, else its only dataset.

    Altair stores inline data under ``datasets`` (keyed ``data-<hash>``) and refers to
    it by name, so ``spec["data"]["values"]`` is usually absent; a reader of the spec
    (the renderer's "numbers behind this figure") resolves the name here. None when
    the chart has several datasets and no top-level one.
    """
    datasets = spec.get("datasets") or {}
    data = spec.get("data")
    if isinstance(data, Mapping):
        if isinstance(data.get("values"), list):
            return [dict(row) for row in data["values"]]
        if data.get("name") in datasets:
            return [dict(row) for row in datasets[data["name"]]]
    if len(datasets) == 1:
        (rows,) = datasets.values()
        return [dict(row) for row in rows]
    return None


_GENERATED_ID = re.compile(r'\bid="([A-Za-z_][\w-]*?)(\d+)"')


def normalise_svg_ids(svg: str) -> str:
    """Renumber Vega's counter-based ids (``clip7``, ``gradient_3``) in order of appearance."""
    mapping: dict[str, str] = {}
    for match in _GENERATED_ID.finditer(svg):
        old = match.group(1) + match.group(2)
        if old not in mapping:
            mapping[old] = f"{match.group(1)}{len(mapping) + 1}"
    if not mapping:
        return svg
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, mapping)) + r")(?![\w-])")
    return pattern.sub(lambda m: mapping[m.group(1)], svg)


def to_svg(chart: alt.TopLevelMixin | Mapping[str, Any]) -> str:
    """The chart as a standalone SVG string (for the PDF), rendered offline by vl-convert.

    Takes a chart or a spec from `spec_of`. Numbers and dates use the Dutch locale.
    """
    spec = dict(chart) if isinstance(chart, Mapping) else spec_of(chart)
    # Measure labels with the font the PDF draws them in (vendored; see render/fonts).
    register_with_vl_convert()
    svg: str = vlc.vegalite_to_svg(spec, format_locale=LOCALE, time_format_locale=LOCALE)
    return normalise_svg_ids(svg)
