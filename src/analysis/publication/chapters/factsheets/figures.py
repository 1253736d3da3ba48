"""Fact sheets, the figures: a sheet's intensities table, sparklines and trend chart."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analysis.methods.typology import reference_point, rule
from analysis.publication import formatting as fmt
from analysis.publication.chapters.copublications import shared
from analysis.publication.charts.theme import SERIES_COLORS, theme_config

#: The fewest institutions of one type, each with a ratio for the indicator, for a sheet
#: to show "the median of its own type". Why five: with one member the "median" is the
#: institution itself, with two it is their mean, and with three or four a single
#: institution (often the sheet's own) moves it a whole step; from five on two members
#: may lie anywhere without taking the median outside the other three (its breakdown
#: point). On the shipped institutions this shows the medians of the 14 universities,
#: 8 umc's and 13 hogescholen and none for TNO and NKI, the only ones of their type.
MIN_TYPE_MEMBERS = 5


MEDIAN_COLUMN = "Mediaan eigen type"


SHEET_INDICATORS: tuple[str, ...] = (
    "invention_disclosures",
    "priority_patent_applications",
    "licence_agreements",
    "spinoffs",
    "research_agreements_n",
    "contract_research_n",
    "startups_supported",
)


#: The sheet's two lines, in series colours from `analysis.publication.charts` (never a model colour:
#: both are push indicators, and blue would read as "push" against "exchange").
CHART_SERIES: tuple[tuple[str, str], ...] = (
    ("invention_disclosures", SERIES_COLORS[0]),
    ("spinoffs", SERIES_COLORS[2]),
)


#: The sheet's demonstration key figures: one row with the real co-publication figure.
#: Disclosures and spin-offs are not among them: the table shows both years of each.
KEY_FIGURES: tuple[str, ...] = (
    "research_expenditure_eur",
    "kto_staff_fte",
    "licence_income_eur",
)


POOLED_YEARS = 3


@dataclass
class Sheet:
    institution_id: str
    name: str
    about: str
    keyfigures: list[dict[str, str]]
    spec: dict[str, Any]
    svg: str
    alt: str
    table: pd.DataFrame
    demo: bool
    model: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    #: Real, cited figures beside the demonstration series (basis "real").
    real_keyfigures: list[dict[str, str]] = field(default_factory=list)
    accounts: shared.ChapterTable | None = None


@dataclass(frozen=True)
class Intensities:
    """Outputs per € 100 mln research per institution, and the years each ratio uses.

    `per100`: institution × indicator; `years`: the same shape, each cell the tuple of
    years in which both the output and the research expenditure were reported.
    """

    per100: pd.DataFrame
    years: pd.DataFrame


def intensity_table(wide: pd.DataFrame, years: Sequence[int]) -> Intensities:
    """Per institution: outputs per € 100 mln research over `years`, each year paired.

    Why paired: summing outputs and spending over the window separately lets a year
    without an output figure count as zero output against a full year of spending
    (TU Delft's startups per € 100 mln read 5,3 where the paired years give 8,0).
    Here each year's output meets that year's research expenditure: the ratio of
    sums over the years in which both are reported (and spending is positive). A
    year missing on either side drops out of numerator and denominator alike.
    """
    rows = wide[wide["year"].isin(list(years))]
    spend = rows["research_expenditure_eur"].astype("float64")
    has_spend = spend.notna() & (spend > 0)
    ids = rows["institution_id"]
    per100: dict[str, pd.Series] = {}
    used: dict[str, pd.Series] = {}
    for code in SHEET_INDICATORS:
        if code not in rows.columns:
            continue
        paired = has_spend & rows[code].notna()
        output = rows[code].astype("float64").where(paired).groupby(ids).sum(min_count=1)
        denominator = spend.where(paired).groupby(ids).sum(min_count=1)
        per100[code] = output / (denominator / 1e8)
        used[code] = (
            rows["year"]
            .where(paired)
            .groupby(ids)
            .agg(lambda ys: tuple(sorted(int(y) for y in ys.dropna())))
        )
    index = pd.Index(sorted(ids.astype(str).unique()), name="institution_id")
    frame = pd.DataFrame(per100).reindex(index).replace([np.inf, -np.inf], np.nan)
    years_used = pd.DataFrame(used).reindex(index)
    return Intensities(frame, years_used)


def years_text(years: Sequence[int]) -> str:
    """'2023–2025' for a run of years, '2023 en 2025' with a gap, '–' for none."""
    ys = sorted(int(y) for y in years)
    if not ys:
        return fmt.MISSING
    if len(ys) > 1 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}–{ys[-1]}"
    return ", ".join(str(y) for y in ys[:-1]) + (" en " if len(ys) > 1 else "") + str(ys[-1])


def _models(wide: pd.DataFrame, institutions: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    pooled = reference_point.pooled_profile(wide, "institution_id", years=years)
    profile = pooled.index.to_series().map(institutions.set_index("institution_id")["profile"])
    scored = rule.score(reference_point.standardise(pooled), profile)
    return scored


def sparkline_svg(
    years: Sequence[int],
    series: Sequence[tuple[str, str, Sequence[float]]],
    *,
    width: int = 520,
    height: int = 120,
) -> str:
    """A small line chart as SVG text (no Vega engine): axes, year labels, one line per series.

    Missing values break the line. Deterministic: coordinates are rounded to 0.1 px.
    """
    left, right, top, bottom = 46, 12, 12, 38
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, _, vals in series for v in vals if v is not None and np.isfinite(v)]
    vmax = max(values) if values else 1.0
    vmax = vmax if vmax > 0 else 1.0
    first, last = min(years), max(years)
    span = max(last - first, 1)

    def x(year: int) -> float:
        return round(left + (year - first) / span * plot_w, 1)

    def y(value: float) -> float:
        return round(top + plot_h - value / vmax * plot_h, 1)

    font = 'font-family="Liberation Sans, Arial, Helvetica, sans-serif"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for fraction in (0.0, 0.5, 1.0):
        gy = y(vmax * fraction)
        parts.append(
            f'<line x1="{left}" y1="{gy}" x2="{width - right}" y2="{gy}" stroke="#e0e0e0" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{gy + 4}" text-anchor="end" font-size="10" fill="#595959" {font}>'
            f"{html.escape(fmt.number(vmax * fraction))}</text>"
        )
    step = max(1, round(span / 6))
    for year in range(first, last + 1, step):
        parts.append(
            f'<text x="{x(year)}" y="{top + plot_h + 14}" text-anchor="middle" font-size="10" '
            f'fill="#595959" {font}>{year}</text>'
        )
    legend_x = left
    for label, color, vals in series:
        segments: list[list[str]] = [[]]
        for year, value in zip(years, vals, strict=True):
            if value is None or not np.isfinite(value):
                segments.append([])
                continue
            segments[-1].append(f"{x(year)},{y(value)}")
        for points in segments:
            if len(points) > 1:
                parts.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{color}" stroke-width="2"/>'
                )
            for point in points:
                px, py = point.split(",")
                parts.append(f'<circle cx="{px}" cy="{py}" r="2.2" fill="{color}"/>')
        ly = height - 10
        parts.append(f'<rect x="{legend_x}" y="{ly - 8}" width="10" height="10" fill="{color}"/>')
        parts.append(
            f'<text x="{legend_x + 14}" y="{ly}" font-size="11" fill="#1a1a1a" {font}>{html.escape(label)}</text>'
        )
        legend_x += 24 + 7 * len(label)
    parts.append("</svg>")
    return "".join(parts)


def trend_spec(
    years: Sequence[int], series: Sequence[tuple[str, str, Sequence[float]]]
) -> dict[str, Any]:
    """The same chart as a Vega-Lite spec (interactive on the site, Dutch tooltips).

    A year without a figure is a row with a null count, so the site's line breaks there
    as the PDF's drawing does (`sparkline_svg`); a left-out row would be bridged.
    """
    values = [
        {
            "Jaar": int(year),
            "Indicator": label,
            "Aantal": float(v) if v is not None and np.isfinite(v) else None,
        }
        for label, _color, vals in series
        for year, v in zip(years, vals, strict=True)
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "config": theme_config(),
        "data": {"values": values},
        "width": 480,
        "height": 160,
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "Jaar", "type": "ordinal", "title": "Jaar"},
            "y": {"field": "Aantal", "type": "quantitative", "title": "Aantal"},
            "color": {
                "field": "Indicator",
                "type": "nominal",
                "title": None,
                "scale": {
                    "domain": [label for label, _c, _v in series],
                    "range": [color for _l, color, _v in series],
                },
            },
            "tooltip": [
                {"field": "Jaar", "type": "ordinal"},
                {"field": "Indicator", "type": "nominal"},
                {"field": "Aantal", "type": "quantitative", "format": ",.0f"},
            ],
        },
    }
