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
    model_marks,
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
        dash = model_marks(df, color, "strokeDash", color_title)
        if dash is not None:  # models: a dash and a point shape each, legible in grey
            encoding["strokeDash"] = dash
            encoding["shape"] = model_marks(df, color, "shape", color_title)
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
        ticks = log_ticks(float(finite.min()), float(finite.max()))
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
            axis=alt.Axis(title=x_title, values=ticks, labelExpr=LOG_TICK_LABEL)
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
    # Narrower than the other charts: the indicator names take 260 px beside it, and the
    # whole must print at full text width with its labels at 7 pt or more.
    return alt.layer(reference, interval, point, data=df).properties(
        title=title, width=GAP_WIDTH, height=alt.Step(30)
    )


#: The gap chart's plot width (px): with its label column it prints at 7 pt or more.
GAP_WIDTH = 440

#: A log axis's tick labels as a reader says them: "1/8", "1/2", "1", "2", "4".
LOG_TICK_LABEL = (
    "datum.value >= 1 ? format(datum.value, ',.0f') : '1/' + format(1 / datum.value, '.0f')"
)


def log_ticks(low: float, high: float, most: int = 7) -> list[float]:
    """Doublings and halvings around 1 covering [low, high] (1 always among them), every
    second or fourth one when there would be more than `most`: 1/8 · 1/2 · 1 · 2 · 8.

    Exact powers of two, labelled "1/8" rather than "0,125" (`LOG_TICK_LABEL`): a reader
    reads "an eighth of the top" at once, "0,031 0,063 0,125" not at all.
    """
    first = math.floor(math.log2(min(low, 1.0)))
    last = math.ceil(math.log2(max(high, 1.0)))
    step = 1
    while (math.ceil(last / step) - math.floor(first / step)) + 1 > most:
        step *= 2
    lo, hi = math.floor(first / step) * step, math.ceil(last / step) * step
    return [2.0**k for k in range(lo, hi + 1, step)]


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
        names[target] = "Doelpad"  # the text's word for the scenario's path to the target
    colors = {"Gerealiseerd": PRIMARY_COLOR, "Projectie": SERIES_COLORS[1], "Doelpad": NL_COLOR}
    dashes = {"Gerealiseerd": [1, 0], "Projectie": [6, 4], "Doelpad": [2, 3]}
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


#: Text size of the names beside a scatter's points (px): 7,5 pt or more in print.
SCATTER_LABEL_PX = 11
#: Where a name may stand beside its point: (name, dx, dy, align, baseline) in px.
_LABEL_PLACES: tuple[tuple[str, int, int, str, str], ...] = (
    ("rechts", 8, 0, "left", "middle"),
    ("links", -8, 0, "right", "middle"),
    ("boven", 0, -9, "center", "bottom"),
    ("onder", 0, 9, "center", "top"),
)


def _padded_domain(values: pd.Series[Any]) -> tuple[float, float]:
    """The axis range of a scatter: the data with 5% room on each side (not Vega's "nice"
    rounding, so the names can be placed knowing where each point lands)."""
    finite = values.astype("float64").dropna()
    if finite.empty:
        return 0.0, 1.0
    low, high = float(finite.min()), float(finite.max())
    pad = (high - low) * 0.05 or 0.5
    return low - pad, high + pad


def place_labels(
    points: list[tuple[float, float, str]], width: float, height: float
) -> list[tuple[int, str]]:
    """Which names a scatter can print without overlap, and where: (index, place).

    `points` are (x px, y px, name) in the plot area. Greedy, outliers first (the crowded
    middle loses its names before the points that stand out): a name goes right, left,
    above or below its point, the first place where it touches no other name, no point
    and stays inside the plot; a name with no such place is left out (the table beside
    the chart and the site's tooltip name every point).
    """
    from analysis.publication.render.fonts import text_width

    radius = 6.0
    ascent, descent = SCATTER_LABEL_PX * 0.8, SCATTER_LABEL_PX * 0.25
    boxes = [(x - radius, y - radius, x + radius, y + radius) for x, y, _ in points]
    cx = sorted(p[0] for p in points)[len(points) // 2] if points else 0.0
    cy = sorted(p[1] for p in points)[len(points) // 2] if points else 0.0
    order = sorted(
        range(len(points)),
        key=lambda i: (-((points[i][0] - cx) ** 2 + (points[i][1] - cy) ** 2), i),
    )

    def clear(box: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = box
        if x0 < 0 or y0 < 0 or x1 > width or y1 > height:
            return False
        return all(x1 <= a0 or x0 >= a1 or y1 <= b0 or y0 >= b1 for a0, b0, a1, b1 in boxes)

    placed: list[tuple[int, str]] = []
    for i in order:
        x, y, name = points[i]
        w = text_width(name, SCATTER_LABEL_PX)
        own = boxes[i]
        boxes[i] = (x, y, x, y)  # a name may touch its own point's box, not cover it
        for place, dx, dy, align, _ in _LABEL_PLACES:
            left = x + dx - (w if align == "right" else w / 2 if align == "center" else 0)
            top = (
                y + dy - (ascent + descent) / 2
                if dy == 0
                else y + dy - (ascent + descent)
                if dy < 0
                else y + dy
            )
            box = (left - 1, top - 1, left + w + 1, top + ascent + descent + 1)
            if clear(box):
                boxes.append(box)
                placed.append((i, place))
                break
        boxes[i] = own
    return sorted(placed)


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
    """Institutions placed by two profile measures, coloured by model or type, optionally named.

    A model has its own point shape as well as its colour (legible in grey). Names stand
    beside their points where they fit without overlap (`place_labels`), at a size that
    prints at 7 pt or more; the others are in the tooltip and the table.
    """
    _require(df, x, y, color, label)
    x_domain, y_domain = _padded_domain(df[x]), _padded_domain(df[y])
    x_scale = alt.Scale(domain=list(x_domain), nice=False, zero=False)
    y_scale = alt.Scale(domain=list(y_domain), nice=False, zero=False)
    encoding: dict[str, Any] = {
        "x": alt.X(
            f"{x}:Q", scale=x_scale, axis=alt.Axis(format=axis_format, title=x_title, tickCount=6)
        ),
        "y": alt.Y(
            f"{y}:Q", scale=y_scale, axis=alt.Axis(format=axis_format, title=y_title, tickCount=6)
        ),
        "tooltip": _tooltip(
            df, [label, color, x, y], ",.2f", {color: color_title, x: x_title, y: y_title}
        ),
    }
    if color is not None:
        encoding["color"] = color_encoding(df, color, color_title)
        shape = model_marks(df, color, "shape", color_title)
        if shape is not None:
            encoding["shape"] = shape
    points = alt.Chart(df).mark_point(size=80, filled=True, opacity=0.9).encode(**encoding)
    chart: alt.Chart | alt.LayerChart = points
    if label is not None:
        frame = df[[x, y, label]].astype({x: "float64", y: "float64"})
        positions = [
            (
                (float(vx) - x_domain[0]) / (x_domain[1] - x_domain[0]) * WIDTH,
                (1 - (float(vy) - y_domain[0]) / (y_domain[1] - y_domain[0])) * HEIGHT,
                str(name),
            )
            for vx, vy, name in frame.itertuples(index=False)
            if pd.notna(vx) and pd.notna(vy)
        ]
        kept = [
            i
            for i, (vx, vy, _) in enumerate(frame.itertuples(index=False))
            if pd.notna(vx) and pd.notna(vy)
        ]
        where = {kept[i]: place for i, place in place_labels(positions, WIDTH, HEIGHT)}
        layers: list[Any] = [points]
        for place, dx, dy, align, baseline in _LABEL_PLACES:
            rows = [i for i, p in where.items() if p == place]
            if not rows:
                continue
            layers.append(
                alt.Chart(df.iloc[sorted(rows)])
                .mark_text(
                    align=align,  # type: ignore[arg-type]
                    baseline=baseline,  # type: ignore[arg-type]
                    dx=dx,
                    dy=dy,
                    fontSize=SCATTER_LABEL_PX,
                    color=MUTED_COLOR,
                )
                .encode(
                    x=alt.X(f"{x}:Q", scale=x_scale),
                    y=alt.Y(f"{y}:Q", scale=y_scale),
                    text=f"{label}:N",
                )
            )
        chart = alt.layer(*layers)
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
