"""The one chart theme, the chart builders the chapters use, and spec/SVG export.

A chart is drawn twice from one Vega-Lite spec: live in the site (vega-embed,
offline bundle) and as SVG in the PDF (vl-convert). Both must look the same and
speak Dutch, so everything that decides the look lives in the spec itself:

* the theme (`THEME_NAME`) is registered and enabled when this module is
  imported, and `spec_of` applies it explicitly, so a notebook that switched
  themes still produces house-style specs;
* the Dutch number and time locales travel inside the spec (``config.locale``),
  so the site needs no extra locale setup and axis labels read "1.234" and
  "62,7" in both outputs; `to_svg` passes the same locale to vl-convert;
* one palette, defined here and nowhere else: the Okabe–Ito colours
  (distinguishable with the common forms of colour blindness). Blue, orange and
  bluish green belong to the valorisation models (push / exchange / serve) and to
  nothing else, so "serve" is green in every chapter and a green line never means
  something other than serve; the Netherlands against its peers is vermillion; any
  other series takes `SERIES_COLORS` (the theme's category range), which holds none
  of the model colours. `palette_problems` checks a spec against these rules.
* missing years break a line: a series is passed with null values for the years
  it lacks (never with those rows left out, which Vega-Lite would join), so the
  site draws the same gaps as the PDF.

Determinism: `spec_of` returns plain JSON types with sorted keys; Altair names
inline datasets by a hash of their content. `to_svg` renumbers any ids Vega
generates from process-wide counters (clip paths, gradients), so the SVG of a
chart does not depend on which charts were rendered before it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

import altair as alt
import pandas as pd
import vl_convert as vlc

from analysis.publication.formatting import is_missing
from analysis.publication.labels import MODEL_LABELS, column_label
from analysis.publication.render.fonts import register_with_vl_convert

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
#: These three colours are reserved: no other series in any chart uses them.
MODEL_GROUP_COLORS: Mapping[str, str] = {
    "push": OKABE_ITO["blue"],
    "exchange": OKABE_ITO["orange"],
    "serve": OKABE_ITO["bluish_green"],
}
MODEL_GROUP_LABELS: Mapping[str, str] = {
    "push": "Push-model",
    "exchange": "Exchange-model",
    "serve": "Serve-model",
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
INSTITUTION_TYPE_LABELS: Mapping[str, str] = {
    "university": "Universiteit",
    "university of applied sciences": "Hogeschool",
    "umc": "UMC",
    "to2": "TO2-instituut",
    "institute": "Onderzoeksinstituut",
}

#: Domains whose categories keep one colour everywhere: (code → colour, code → Dutch label).
#: The models appear twice: the chart legend's "Push-model" and the tables' "push-model"
#: (`analysis.publication.labels.MODEL_LABELS`) are one category and get one colour.
FIXED_DOMAINS: tuple[tuple[Mapping[str, str], Mapping[str, str]], ...] = (
    (MODEL_GROUP_COLORS, MODEL_GROUP_LABELS),
    (MODEL_GROUP_COLORS, MODEL_LABELS),
    (INSTITUTION_TYPE_COLORS, INSTITUTION_TYPE_LABELS),
)


def model_color(name: str) -> str | None:
    """The reserved colour of a valorisation model, by code or any of its Dutch spellings."""
    key = str(name).strip().lower()
    for code, color in MODEL_GROUP_COLORS.items():
        spellings = {code, MODEL_GROUP_LABELS[code].lower(), MODEL_LABELS[code].lower()}
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


# --- export ----------------------------------------------------------------------------


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


def _normalise_ids(svg: str) -> str:
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
    return _normalise_ids(svg)


# --- encodings -------------------------------------------------------------------------

_YEAR_NAMES = frozenset({"year", "jaar"})


def _is_year(df: pd.DataFrame, field: str) -> bool:
    return str(field).lower() in _YEAR_NAMES and pd.api.types.is_numeric_dtype(df[field])


def _require(df: pd.DataFrame, *fields: str | None) -> None:
    missing = [f for f in fields if f is not None and f not in df.columns]
    if missing:
        raise KeyError(f"chart data has no column(s) {', '.join(missing)}")


def _field_type(df: pd.DataFrame, field: str) -> str:
    """Vega-Lite type: years and other numbers quantitative, dates temporal, the rest nominal."""
    series = df[field]
    if pd.api.types.is_datetime64_any_dtype(series):
        return "temporal"
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return "quantitative"
    return "nominal"


def year_ticks(years: Sequence[object], max_ticks: int = 12) -> list[int]:
    """Whole-year tick values covering `years`, at most about `max_ticks` of them.

    Explicit values, because Vega's automatic ticks put "2021" twice on a
    three-year axis (2020,5 formatted as a whole year). Counted back from the
    latest year, so the year the report is about always has a label.
    """
    whole = [int(float(str(y))) for y in years if not is_missing(y)]
    if not whole:
        return []
    first, last = min(whole), max(whole)
    step = max(1, math.ceil((last - first + 1) / max_ticks))
    return sorted(range(last, first - 1, -step))


def _year_axis(title: str | None, years: Sequence[object]) -> alt.Axis:
    """Years print as "2026" (no thousands dot), one tick per whole year."""
    return alt.Axis(format="d", values=year_ticks(years), title=title)


def fixed_colors(values: Sequence[object]) -> tuple[list[str], list[str], Mapping[str, str]] | None:
    """Domain, colours and Dutch labels when every value belongs to a fixed-colour domain.

    Values may be codes (``"serve"``) or their Dutch labels (``"Serve-model"``). The
    domain keeps the canonical order and only the values present, so legends do
    not list absent categories but colours never shift. None for other values.
    """
    present = {str(v) for v in values if not is_missing(v)}
    if not present:
        return None
    for colors, labels in FIXED_DOMAINS:
        if present <= set(colors):
            domain = [code for code in colors if code in present]
            return domain, [colors[c] for c in domain], {c: labels[c] for c in domain}
        by_label = {labels[c]: colors[c] for c in colors}
        if present <= set(by_label):
            domain = [labels[c] for c in colors if labels[c] in present]
            return domain, [by_label[v] for v in domain], {v: v for v in domain}
    return None


def _label_expr(labels: Mapping[str, str]) -> str | None:
    """A Vega expression that shows Dutch labels for code values in a legend."""
    if all(k == v for k, v in labels.items()):
        return None
    return json.dumps(dict(labels), ensure_ascii=False, sort_keys=True) + "[datum.label]"


def color_encoding(df: pd.DataFrame, field: str, title: str | None = None) -> alt.Color:
    """Colour by `field`, with the fixed colours and Dutch legend labels where they apply."""
    fixed = fixed_colors(df[field].tolist())
    if fixed is None:
        return alt.Color(f"{field}:N", title=title, sort=None)
    domain, colors, labels = fixed
    legend = alt.Legend(title=title)
    expr = _label_expr(labels)
    if expr is not None:
        legend = alt.Legend(title=title, labelExpr=expr)
    return alt.Color(f"{field}:N", scale=alt.Scale(domain=domain, range=colors), legend=legend)


#: Tooltip titles of the generic fields the chart functions use themselves.
_TOOLTIP_TITLES: Mapping[str, str] = {
    "year": "Jaar",
    "low": "Ondergrens",
    "high": "Bovengrens",
    "ratio": "Verhouding",
    "label": "Naam",
    "reeks": "Reeks",
    "waarde": "Waarde",
}


def tooltip_title(field: str, given: str | None = None) -> str:
    """The Dutch title a reader sees for `field` in a tooltip (never the raw field name).

    The chart's own axis or legend title when it has one, else the project's column
    label (`analysis.publication.labels`), else a generic Dutch word for the fields the chart
    functions name themselves; a field without any of these keeps its own name, with a
    capital, which is Dutch text chosen by the chapter.
    """
    if given:
        return given
    if field in _TOOLTIP_TITLES:
        return _TOOLTIP_TITLES[field]
    label = column_label(field)
    return label[:1].upper() + label[1:]


def _tooltip(
    df: pd.DataFrame,
    fields: Sequence[str | None],
    fmt: str,
    titles: Mapping[str | None, str | None] | None = None,
) -> list[alt.Tooltip]:
    tips = []
    for field in fields:
        if field is None:
            continue
        kind = _field_type(df, field)
        title = tooltip_title(field, (titles or {}).get(field))
        if _is_year(df, field):
            tips.append(alt.Tooltip(f"{field}:O", title=title))
        elif kind == "quantitative":
            tips.append(alt.Tooltip(f"{field}:Q", format=fmt, title=title))
        else:
            tips.append(alt.Tooltip(f"{field}:{kind[0].upper()}", title=title))
    return tips


def _position(
    channel: type[alt.X] | type[alt.Y], df: pd.DataFrame, field: str, title: str | None, fmt: str
) -> Any:
    """An x or y encoding whose type and axis follow the data (year, number, date, category)."""
    if _is_year(df, field):
        return channel(
            f"{field}:Q", axis=_year_axis(title, df[field].tolist()), scale=alt.Scale(zero=False)
        )
    kind = _field_type(df, field)
    if kind == "quantitative":
        return channel(f"{field}:Q", axis=alt.Axis(format=fmt, title=title))
    if kind == "temporal":
        return channel(f"{field}:T", title=title)
    return channel(f"{field}:N", title=title, sort=None, axis=alt.Axis(labelLimit=240))


# --- builders --------------------------------------------------------------------------


def complete_years(df: pd.DataFrame, year: str, group: str | None = None) -> pd.DataFrame:
    """Every year from the first to the last (per `group`), a missing one as a row of nulls.

    Why: Vega-Lite joins the points of a line across rows that are absent, but breaks
    it at a row whose value is null. A year without a figure must show as a gap (the
    PDF's own drawings break there too), so the year is put back with empty values.
    Rows are ordered by group (in order of appearance) and year; other columns stay.
    """
    _require(df, year, group)
    if df.empty or not _is_year(df, year):
        return df

    def span(part: pd.DataFrame) -> range:
        years = [int(y) for y in part[year].dropna()]
        return range(min(years), max(years) + 1)

    if group is None:
        full = pd.DataFrame({year: list(span(df))})
    else:
        groups = list(dict.fromkeys(df[group].dropna().tolist()))
        full = pd.DataFrame(
            [(g, y) for g in groups for y in span(df[df[group] == g])], columns=[group, year]
        )
    keys = [year] if group is None else [group, year]
    frame = df.copy()
    frame[year] = frame[year].astype("int64")
    out = full.merge(frame, on=keys, how="left", validate="one_to_many")
    return out[list(df.columns)].reset_index(drop=True)


def line_trend(
    df: pd.DataFrame,
    x: str,
    y: str,
    color: str | None = None,
    *,
    title: str,
    y_title: str,
    x_title: str | None = "Jaar",
    y_format: str = ",.0f",
    color_title: str | None = None,
    points: bool = True,
) -> alt.Chart:
    """A development over time: one line per `color` group, with points on the observations.

    A year missing inside a series is a gap in its line (`complete_years`), not a
    straight segment across it.
    """
    _require(df, x, y, color)
    df = complete_years(df, x, color)
    encoding: dict[str, Any] = {
        "x": _position(alt.X, df, x, x_title, y_format),
        "y": alt.Y(f"{y}:Q", axis=alt.Axis(format=y_format, title=y_title)),
        "tooltip": _tooltip(
            df, [x, color, y], y_format, {x: x_title, color: color_title, y: y_title}
        ),
    }
    if color is not None:
        encoding["color"] = color_encoding(df, color, color_title)
    return (
        alt.Chart(df)
        .mark_line(point=points)
        .encode(**encoding)
        .properties(title=title, width=WIDTH, height=HEIGHT)
    )


def bar(
    df: pd.DataFrame,
    x: str,
    y: str,
    color: str | None = None,
    *,
    title: str,
    x_title: str | None = None,
    y_title: str | None = None,
    value_format: str = ",.0f",
    color_title: str | None = None,
    grouped: bool = False,
) -> alt.Chart:
    """Bars in data order. Put the category on `y` for horizontal bars (long Dutch labels).

    With `color`, bars stack; ``grouped=True`` puts them side by side instead.
    """
    _require(df, x, y, color)
    horizontal = _field_type(df, x) == "quantitative" and not _is_year(df, x)
    category, value = (y, x) if horizontal else (x, y)
    cat_channel, val_channel = (alt.Y, alt.X) if horizontal else (alt.X, alt.Y)
    cat_title, val_title = (y_title, x_title) if horizontal else (x_title, y_title)
    if _is_year(df, category) or _field_type(df, category) != "temporal":
        # Bars need a band scale: categories (and years) in data order.
        labels = [str(v) for v in df[category].tolist()]
        long_labels = not horizontal and max((len(v) for v in labels), default=0) > 8
        if horizontal:
            # Category labels sit left of the bars: right-aligned against the axis.
            axis = alt.Axis(labelAngle=0, labelAlign="right", labelLimit=240)
        else:
            axis = alt.Axis(
                labelAngle=-40 if long_labels else 0,
                labelAlign="right" if long_labels else "center",
                labelLimit=240,
            )
        kind = "O" if _is_year(df, category) else "N"
        cat_enc = cat_channel(f"{category}:{kind}", title=cat_title, sort=None, axis=axis)
    else:
        cat_enc = cat_channel(f"{category}:T", title=cat_title)
    encoding: dict[str, Any] = {
        "x" if not horizontal else "y": cat_enc,
        "y" if not horizontal else "x": val_channel(
            f"{value}:Q", axis=alt.Axis(format=value_format, title=val_title)
        ),
        "tooltip": _tooltip(
            df,
            [category, color, value],
            value_format,
            {category: cat_title, color: color_title, value: val_title},
        ),
    }
    if color is not None:
        encoding["color"] = color_encoding(df, color, color_title)
        if grouped:
            offset = alt.YOffset if horizontal else alt.XOffset
            encoding["yOffset" if horizontal else "xOffset"] = offset(f"{color}:N", sort=None)
    size: dict[str, Any] = {"width": WIDTH}
    if not horizontal:
        size["height"] = HEIGHT
    return alt.Chart(df).mark_bar().encode(**encoding).properties(title=title, **size)


def gap_chart(
    df: pd.DataFrame,
    *,
    label: str = "label",
    ratio: str = "ratio",
    low: str = "low",
    high: str = "high",
    title: str,
    x_title: str = "Nederland ten opzichte van de vergelijkingsgroep (1 = gelijk)",
) -> alt.LayerChart:
    """Ratios of the Netherlands to its peers per indicator, with an interval per ratio.

    A ratio of 1 (dashed line) means level with the peers. A log scale when all
    bounds are positive, so "half" and "double" lie equally far from 1.
    """
    _require(df, label, ratio, low, high)
    bounds = df[[ratio, low, high]].to_numpy(dtype="float64", na_value=math.nan)
    finite = bounds[~pd.isna(bounds)]
    log = bool(len(finite)) and bool((finite > 0).all())
    scale = alt.Scale(type="log") if log else alt.Scale(zero=False)
    ticks: list[float] | None = None
    if log:
        # Doublings and halvings around 1: 0,25 · 0,5 · 1 · 2 · 4, enough to read the gap.
        lo = math.floor(math.log2(min(float(finite.min()), 1.0)))
        hi = math.ceil(math.log2(max(float(finite.max()), 1.0)))
        ticks = [2.0**k for k in range(lo, hi + 1)]
    y = alt.Y(f"{label}:N", sort=None, title=None, axis=alt.Axis(labelLimit=260))
    base = alt.Chart()
    reference = (
        alt.Chart(alt.InlineData(values=[{"ref": 1.0}]))
        .mark_rule(color=MUTED_COLOR, strokeDash=[4, 3])
        .encode(x=alt.X("ref:Q", scale=scale))
    )
    interval = base.mark_rule(color=NL_COLOR, strokeWidth=2).encode(
        x=alt.X(
            f"{low}:Q",
            scale=scale,
            axis=alt.Axis(format=",.3~f", title=x_title, values=ticks)
            if ticks is not None
            else alt.Axis(format=",.2~f", title=x_title),
        ),
        x2=f"{high}:Q",
        y=y,
    )
    point = base.mark_point(color=NL_COLOR, filled=True, size=70, opacity=1).encode(
        x=alt.X(f"{ratio}:Q", scale=scale),
        y=y,
        tooltip=[
            alt.Tooltip(f"{label}:N", title="Vergelijking"),
            alt.Tooltip(f"{ratio}:Q", format=",.2f", title=tooltip_title(ratio, x_title)),
            alt.Tooltip(f"{low}:Q", format=",.2f", title="Ondergrens"),
            alt.Tooltip(f"{high}:Q", format=",.2f", title="Bovengrens"),
        ],
    )
    # The ratios are the layer's own data, so `spec_values` finds the numbers behind the figure.
    return alt.layer(reference, interval, point, data=df).properties(
        title=title, width=WIDTH, height=alt.Step(30)
    )


def scenario_fan(
    df: pd.DataFrame,
    *,
    year: str = "year",
    observed: str = "observed",
    projection: str = "projection",
    low: str = "low",
    high: str = "high",
    target: str | None = "target",
    title: str,
    y_title: str,
    y_format: str = ",.0f",
    band_label: str = "Voorspelinterval (80%)",
) -> alt.LayerChart:
    """Realised values, the projection with its prediction band, and the target path.

    One row per year; missing cells (NaN) simply leave that series out for the
    year, so realised years have NaN projections and future years NaN
    observations (repeat the last realised value as projection to join the lines).
    """
    _require(df, year, observed, projection, low, high, target)
    names = {observed: "Gerealiseerd", projection: "Projectie"}
    if target is not None:
        names[target] = "Streefpad"
    colors = {"Gerealiseerd": PRIMARY_COLOR, "Projectie": SERIES_COLORS[1], "Streefpad": NL_COLOR}
    dashes = {"Gerealiseerd": [1, 0], "Projectie": [6, 4], "Streefpad": [2, 3]}
    long = df[[year, *names]].melt(id_vars=[year], var_name="_column", value_name="waarde")
    long["reeks"] = long["_column"].map(names)
    long = long[[year, "reeks", "waarde"]].reset_index(drop=True)
    # A series keeps its empty years inside its own span as nulls, so its line breaks
    # there (a missing realised year is a gap, not a straight segment).
    kept = []
    for _, part in long.groupby("reeks", sort=False):
        present = part["waarde"].notna().to_numpy()
        if present.any():
            first, last = present.argmax(), len(present) - 1 - present[::-1].argmax()
            kept.append(part.iloc[first : last + 1])
    long = (
        complete_years(pd.concat(kept, ignore_index=True), year, "reeks")
        if kept
        else long.iloc[0:0]
    )
    series = [s for s in names.values() if s in set(long["reeks"])]
    band = df[[year, low, high]].dropna().assign(band=band_label)
    x = alt.X(f"{year}:Q", axis=_year_axis("Jaar", df[year].tolist()), scale=alt.Scale(zero=False))
    area = (
        alt.Chart(band)
        .mark_area(opacity=0.22)
        .encode(
            x=x,
            y=alt.Y(f"{low}:Q", axis=alt.Axis(format=y_format, title=y_title)),
            y2=f"{high}:Q",
            fill=alt.Fill(
                "band:N",
                scale=alt.Scale(domain=[band_label], range=[SERIES_COLORS[1]]),
                legend=alt.Legend(title=None),
            ),
            tooltip=_tooltip(
                band,
                [year, low, high],
                y_format,
                {low: f"{band_label}: ondergrens", high: f"{band_label}: bovengrens"},
            ),
        )
    )
    lines = (
        alt.Chart(long)
        .mark_line()
        .encode(
            x=x,
            y=alt.Y("waarde:Q", axis=alt.Axis(format=y_format, title=y_title)),
            color=alt.Color(
                "reeks:N",
                scale=alt.Scale(domain=series, range=[colors[s] for s in series]),
                legend=alt.Legend(title=None),
            ),
            strokeDash=alt.StrokeDash(
                "reeks:N",
                scale=alt.Scale(domain=series, range=[dashes[s] for s in series]),
                legend=alt.Legend(title=None),
            ),
            tooltip=_tooltip(long, [year, "reeks", "waarde"], y_format),
        )
    )
    realised = (
        alt.Chart(long[(long["reeks"] == "Gerealiseerd") & long["waarde"].notna()])
        .mark_point(filled=True, color=PRIMARY_COLOR, opacity=1)
        .encode(x=x, y="waarde:Q")
    )
    return alt.layer(area, lines, realised).properties(title=title, width=WIDTH, height=HEIGHT)


def typology_scatter(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    color: str | None = None,
    label: str | None = None,
    title: str,
    x_title: str,
    y_title: str,
    color_title: str | None = None,
    axis_format: str = ",.2~f",
) -> alt.Chart | alt.LayerChart:
    """Institutions placed by two profile measures, coloured by model or type, optionally named."""
    _require(df, x, y, color, label)
    encoding: dict[str, Any] = {
        "x": alt.X(f"{x}:Q", axis=alt.Axis(format=axis_format, title=x_title, tickCount=6)),
        "y": alt.Y(f"{y}:Q", axis=alt.Axis(format=axis_format, title=y_title, tickCount=6)),
        "tooltip": _tooltip(
            df, [label, color, x, y], ",.2f", {color: color_title, x: x_title, y: y_title}
        ),
    }
    if color is not None:
        encoding["color"] = color_encoding(df, color, color_title)
    points = alt.Chart(df).mark_point(size=80, filled=True, opacity=0.9).encode(**encoding)
    chart: alt.Chart | alt.LayerChart = points
    if label is not None:
        names = (
            alt.Chart(df)
            .mark_text(align="left", dx=7, dy=-2, fontSize=10, color=MUTED_COLOR)
            .encode(x=f"{x}:Q", y=f"{y}:Q", text=f"{label}:N")
        )
        chart = alt.layer(points, names)
    return chart.properties(title=title, width=WIDTH, height=HEIGHT)


def budget_ramp(
    df: pd.DataFrame,
    *,
    year: str = "year",
    amount: str = "amount_eur",
    component: str | None = None,
    title: str,
    y_title: str = "Budget (€ mln)",
    color_title: str | None = None,
) -> alt.Chart:
    """Budget per year in € mln (amounts in euros in the data), stacked by component if given.

    The data keeps euros (the unit of the catalogue); the chart divides by a
    million in a Vega-Lite calculate step so the CSV and the spec show the same numbers.
    """
    _require(df, year, amount, component)
    encoding: dict[str, Any] = {
        "x": alt.X(f"{year}:O", title="Jaar", axis=alt.Axis(labelAngle=0)),
        "y": alt.Y("bedrag_mln:Q", axis=alt.Axis(format=",.1~f", title=y_title)),
        "tooltip": [alt.Tooltip(f"{year}:O", title="Jaar")]
        + ([alt.Tooltip(f"{component}:N", title=color_title or "Onderdeel")] if component else [])
        + [alt.Tooltip("bedrag_mln:Q", format=",.1f", title="€ mln")],
    }
    if component is not None:
        encoding["color"] = color_encoding(df, component, color_title)
    return (
        alt.Chart(df)
        .transform_calculate(bedrag_mln=f"datum[{json.dumps(amount)}] / 1000000")
        .mark_bar()
        .encode(**encoding)
        .properties(title=title, width=WIDTH, height=HEIGHT)
    )


# --- takeaway titles -------------------------------------------------------------------

#: Relative change below which a development counts as "ongeveer gelijk" (5%).
FLAT_THRESHOLD = 0.05


def _relative(start: float, end: float) -> float:
    if start == 0:
        return 0.0 if end == 0 else math.copysign(math.inf, end)
    return (end - start) / abs(start)


def takeaway_trend(
    series: pd.Series[Any], label_nl: str, *, threshold: float = FLAT_THRESHOLD
) -> str:
    """A Dutch chart title that states the trend the data shows, computed, not written by hand.

    `series` holds values indexed by year. The rule, in the order applied:

    1. The *current run* starts at the earliest year from which the series moves
       in one direction (never against the direction of the last change; equal
       years inside the run do not break it, a plateau at its start is not part of it).
    2. If the run changes the value by at least `threshold` (relative to the
       run's first value), the title is "<label> stijgt sinds <start>" or
       "<label> daalt sinds <start>".
    3. Otherwise the title is "<label> blijft sinds <start> ongeveer gelijk", with
       <start> the earliest year from which every value lies within `threshold`
       of the latest value.

    Missing values are ignored; fewer than two values give
    "<label>: te weinig jaren voor een trend".
    """
    label = label_nl[:1].upper() + label_nl[1:]
    clean = series.dropna().astype("float64")
    clean = clean[clean.map(math.isfinite)].sort_index()
    if len(clean) < 2:
        return f"{label}: te weinig jaren voor een trend"
    years = [int(y) for y in clean.index]
    values = clean.tolist()
    last = values[-1]
    direction = 0
    for prev, cur in zip(reversed(values[:-1]), reversed(values[1:]), strict=True):
        if cur != prev:
            direction = 1 if cur > prev else -1
            break
    start = len(values) - 1
    while start > 0 and direction * (values[start] - values[start - 1]) >= 0:
        start -= 1
    while direction and start < len(values) - 1 and values[start + 1] == values[start]:
        start += 1  # a plateau before the move is not part of it: [0, 0, 3] rises since year 2
    if direction and abs(_relative(values[start], last)) >= threshold:
        verb = "stijgt" if direction > 0 else "daalt"
        return f"{label} {verb} sinds {years[start]}"
    flat = len(values) - 1
    while flat > 0 and abs(values[flat - 1] - last) <= threshold * abs(last):
        flat -= 1
    return f"{label} blijft sinds {years[flat]} ongeveer gelijk"
