"""Charts, the look: the house colours and theme (Dutch locale, the vendored font), and the check that reserved colours stay reserved."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal

import altair as alt
import vl_convert as vlc

from analysis.publication.labels import INSTITUTION_TYPE_LEGEND, MODEL_LABELS

THEME_NAME = "valorisatiemonitor"


WIDTH = 560


HEIGHT = 280


FONT = "Liberation Sans, Arial, Helvetica, sans-serif"


TEXT_COLOR = "#1a1a1a"


MUTED_COLOR = "#595959"  # 7:1 contrast on white: axis labels stay legible when printed


GRID_COLOR = "#e0e0e0"


PRIMARY_COLOR = "#154273"  # Rijksoverheid "lintblauw": the colour of a single series


LOCALE: Literal["nl-NL"] = "nl-NL"


#: Okabe & Ito (2008), the colour-blind-safe categorical palette, in the order used.
OKABE_ITO: Mapping[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish_green": "#009E73",
    "vermillion": "#D55E00",
    "sky_blue": "#56B4E9",
    "reddish_purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}


PALETTE: tuple[str, ...] = tuple(OKABE_ITO.values())


#: Valorisation models, as named in Kamerstuk 32 637 nr. 339 ("push-model" etc.).
#: These three colours are reserved: no other series in any chart uses them. They stay
#: apart when printed in grey: push a dark blue, serve Okabe & Ito's bluish green and
#: exchange their orange differ by at least 40 in grey level (0–255; Okabe & Ito's
#: own blue printed as the same grey as the green). Each model also has its own mark
#: (`MODEL_SHAPES`, `MODEL_DASHES`), so a chart reads without colour at all.
MODEL_GROUP_COLORS: Mapping[str, str] = {
    "push": "#004F8F",
    "exchange": OKABE_ITO["orange"],
    "serve": OKABE_ITO["bluish_green"],
}

#: The point shape of each model (Vega-Lite shape names).
MODEL_SHAPES: Mapping[str, str] = {"push": "circle", "exchange": "square", "serve": "triangle-up"}

#: The line dash of each model (Vega-Lite strokeDash: solid, long dashes, short dashes).
MODEL_DASHES: Mapping[str, list[int]] = {"push": [1, 0], "exchange": [8, 4], "serve": [2, 3]}

#: The models as a chart legend writes them ("Push-model"): the tables' labels, capitalised.
MODEL_LEGEND_LABELS: Mapping[str, str] = {
    code: label[:1].upper() + label[1:] for code, label in MODEL_LABELS.items()
}


RESERVED_MODEL_COLORS: frozenset[str] = frozenset(c.lower() for c in MODEL_GROUP_COLORS.values())


NL_COLOR = OKABE_ITO["vermillion"]  # Nederland against its peers


PEER_COLOR = "#7f7f7f"


#: Every other categorical series, in order of use: none of them is a model colour, so a
#: chart about something else (budget components, indicators of a fact sheet, scenario
#: lines) never looks as if it were about push, exchange or serve.
SERIES_COLORS: tuple[str, ...] = (
    PRIMARY_COLOR,
    OKABE_ITO["sky_blue"],
    OKABE_ITO["reddish_purple"],
    "#000000",
    PEER_COLOR,
)


#: Institution types, codes as in ``data/raw/institutions.csv`` (column ``type``),
#: in series colours (not the models' colours: a type is not a model).
INSTITUTION_TYPE_COLORS: Mapping[str, str] = {
    "university": PRIMARY_COLOR,
    "university of applied sciences": OKABE_ITO["sky_blue"],
    "umc": OKABE_ITO["reddish_purple"],
    "to2": "#000000",
    "institute": PEER_COLOR,
}


#: Domains whose categories keep one colour everywhere: (code → colour, code → Dutch label).
#: The models appear twice: the chart legend's "Push-model" and the tables' "push-model"
#: (`analysis.publication.labels.MODEL_LABELS`) are one category and get one colour.
FIXED_DOMAINS: tuple[tuple[Mapping[str, str], Mapping[str, str]], ...] = (
    (MODEL_GROUP_COLORS, MODEL_LEGEND_LABELS),
    (MODEL_GROUP_COLORS, MODEL_LABELS),
    (INSTITUTION_TYPE_COLORS, INSTITUTION_TYPE_LEGEND),
)


def model_color(name: str) -> str | None:
    """The reserved colour of a valorisation model, by code or any of its Dutch spellings."""
    key = str(name).strip().lower()
    for code, color in MODEL_GROUP_COLORS.items():
        spellings = {code, MODEL_LEGEND_LABELS[code].lower(), MODEL_LABELS[code].lower()}
        if key in spellings:
            return color
    return None


def _locale_config() -> dict[str, Any]:
    """The d3 number and time locale for Dutch, as Vega-Lite's ``config.locale``."""
    return {
        "number": vlc.get_format_locale(LOCALE),
        "time": vlc.get_time_format_locale(LOCALE),
    }


def theme_config() -> dict[str, Any]:
    """The house style: sober, white, thin grid lines, left-aligned titles, Dutch locale."""
    axis = {
        "labelColor": MUTED_COLOR,
        "labelFont": FONT,
        "labelFontSize": 11,
        "titleColor": TEXT_COLOR,
        "titleFont": FONT,
        "titleFontSize": 11,
        "titleFontWeight": "normal",
        "domainColor": MUTED_COLOR,
        "tickColor": MUTED_COLOR,
        "gridColor": GRID_COLOR,
    }
    return {
        "config": {
            "background": "white",
            "font": FONT,
            "locale": _locale_config(),
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "axis": axis,
            "axisX": {"grid": False},
            "axisY": {"grid": True, "domain": False, "ticks": False},
            "axisBand": {"grid": False},
            "legend": {
                "orient": "bottom",
                "direction": "horizontal",
                "labelFont": FONT,
                "labelFontSize": 11,
                "labelColor": TEXT_COLOR,
                "titleFont": FONT,
                "titleFontSize": 11,
                "titleFontWeight": "normal",
                "titleColor": TEXT_COLOR,
                "symbolStrokeWidth": 2,
                # Vega cuts legend labels at 160 px with "…" ("TO2-instellingen en
                # hogeschol…"); the longest Dutch label in the monitor fits in 300.
                "labelLimit": 300,
            },
            "title": {
                "anchor": "start",
                "font": FONT,
                "fontSize": 14,
                "fontWeight": "bold",
                "color": TEXT_COLOR,
                "offset": 12,
            },
            "range": {"category": list(SERIES_COLORS)},
            "mark": {"color": PRIMARY_COLOR},
            "line": {"strokeWidth": 2.5},
            "point": {"size": 45, "filled": True},
            "bar": {"color": PRIMARY_COLOR},
            "text": {"font": FONT, "fontSize": 11, "color": TEXT_COLOR},
        }
    }


def _theme() -> Any:
    return alt.theme.ThemeConfig(**theme_config())


# Registered at import: every chart built after `import analysis.publication.charts` wears the house style.
alt.theme.register(THEME_NAME, enable=True)(_theme)


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every dict inside a spec, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _field_values(spec: Mapping[str, Any], field: str) -> set[str]:
    values: set[str] = set()
    for node in _walk(dict(spec)):
        rows = node.get("values") if isinstance(node.get("values"), list) else None
        for rows_ in [rows] + [v for k, v in node.items() if k.startswith("data-")]:
            if isinstance(rows_, list):
                values.update(
                    str(r[field]) for r in rows_ if isinstance(r, dict) and r.get(field) is not None
                )
    return values


def palette_problems(spec: Mapping[str, Any]) -> list[str]:
    """Where a spec breaks the one palette: a model in another colour, a model colour on
    something else, or model names coloured by the default range. Empty when it keeps it."""
    problems: list[str] = []
    for node in _walk(dict(spec)):
        scale = node.get("scale")
        if isinstance(scale, dict) and isinstance(scale.get("range"), list):
            raw_domain = scale.get("domain")
            domain: list[Any] = raw_domain if isinstance(raw_domain, list) else []
            for position, colour in enumerate(scale["range"]):
                value = domain[position] if position < len(domain) else None
                wanted = model_color(str(value)) if value is not None else None
                is_colour = isinstance(colour, str) and colour.startswith("#")
                if wanted is not None and is_colour and colour.lower() != wanted.lower():
                    problems.append(f"{value!r} drawn in {colour}, not {wanted}")
                if is_colour and colour.lower() in RESERVED_MODEL_COLORS and wanted is None:
                    problems.append(f"model colour {colour} used for {value!r}")
        mark = node.get("mark")
        if isinstance(mark, dict):
            for key in ("color", "fill", "stroke"):
                colour = mark.get(key)
                if isinstance(colour, str) and colour.lower() in RESERVED_MODEL_COLORS:
                    problems.append(
                        f"model colour {colour} as the {key} of a {mark.get('type')} mark"
                    )
        color = node.get("color")
        if (
            isinstance(color, dict)
            and "field" in color
            and "range" not in (color.get("scale") or {})
        ):
            models = {v for v in _field_values(spec, str(color["field"])) if model_color(v)}
            if models:
                problems.append(f"models {sorted(models)} coloured by the default range")
    config_range = ((spec.get("config") or {}).get("range") or {}).get("category") or []
    problems += [
        f"model colour {c} in the default category range"
        for c in config_range
        if isinstance(c, str) and c.lower() in RESERVED_MODEL_COLORS
    ]
    return problems
