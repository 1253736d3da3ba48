"""Charts, encodings: year axes, fixed colours for known series, Dutch tooltips and positions."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from analysis.publication.charts.theme import (
    FIXED_DOMAINS,
    MODEL_DASHES,
    MODEL_GROUP_COLORS,
    MODEL_SHAPES,
    model_color,
)
from analysis.publication.formatting import is_missing
from analysis.publication.labels import column_label

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


def model_codes(values: Sequence[object]) -> list[str] | None:
    """The models (in canonical order) when every value names one, by code or label; else None."""
    present = [str(v) for v in values if not is_missing(v)]
    if not present or any(model_color(v) is None for v in present):
        return None
    colours = {model_color(v) for v in present}
    return [code for code, colour in MODEL_GROUP_COLORS.items() if colour in colours]


def model_marks(df: pd.DataFrame, field: str, channel: str, title: str | None = None) -> Any:
    """A shape (points) or strokeDash (lines) per model for `field`, or None when its
    values are not models: the models read apart without colour, in print and in grey.

    The domain is the values as the data spells them, in the models' order, so the
    legend merges with the colour legend (same field, same title).
    """
    codes = model_codes(df[field].tolist())
    if codes is None:
        return None
    spelled = {model_color(v): v for v in (str(x) for x in df[field].dropna().unique())}
    domain = [spelled[MODEL_GROUP_COLORS[c]] for c in codes]
    fixed = fixed_colors(domain)
    expr = _label_expr(fixed[2]) if fixed is not None else None
    legend = alt.Legend(title=title) if expr is None else alt.Legend(title=title, labelExpr=expr)
    if channel == "shape":
        scale = alt.Scale(domain=domain, range=[MODEL_SHAPES[c] for c in codes])
        return alt.Shape(f"{field}:N", scale=scale, legend=legend)
    scale = alt.Scale(domain=domain, range=[MODEL_DASHES[c] for c in codes])
    return alt.StrokeDash(f"{field}:N", scale=scale, legend=legend)


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
