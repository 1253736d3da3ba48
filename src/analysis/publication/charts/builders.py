"""Charts, the builders the chapters use: line trends, bars, gaps to the top, the scenario fan, the typology scatter, the budget ramp."""

from __future__ import annotations

import json
import math
from typing import Any

import altair as alt
import pandas as pd

from analysis.publication.charts.encodings import (
    _field_type,
    _is_year,
    _position,
    _require,
    _tooltip,
    _year_axis,
    color_encoding,
    tooltip_title,
)
from analysis.publication.charts.theme import (
    HEIGHT,
    MUTED_COLOR,
    NL_COLOR,
    PRIMARY_COLOR,
    SERIES_COLORS,
    WIDTH,
)


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
