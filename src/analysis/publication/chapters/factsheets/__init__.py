"""Chapter 6: Instellingen — one fact sheet per institution, built in one pass.

Why it is built this way: the monitor must scale to a thousand institutions (the
ASTP survey covers 500–700 offices). One kernel serves every sheet; all figures are
computed for all institutions at once with vectorised pandas; each sheet's chart is
a Vega-Lite spec written as a plain dict (interactive on the site) and a small SVG
drawn directly (for the PDF), because rendering a thousand charts through the Vega
engine would take minutes.

Modules: `figures`, `assembly` (all sheets in one pass) and `text`.
"""

from __future__ import annotations

from analysis.publication.chapters.factsheets.assembly import compute
from analysis.publication.chapters.factsheets.baseline import (
    BaselineSheet,
    baseline_index_table,
    baseline_intro_markdown,
    baseline_sheets,
    show_baseline,
)
from analysis.publication.chapters.factsheets.figures import (
    CHART_SERIES,
    KEY_FIGURES,
    MEDIAN_COLUMN,
    MIN_TYPE_MEMBERS,
    POOLED_YEARS,
    SHEET_INDICATORS,
    Intensities,
    Sheet,
    intensity_table,
    sparkline_svg,
    trend_spec,
    years_text,
)
from analysis.publication.chapters.factsheets.text import (
    PRINTED_SHEETS_NOTE,
    index_table,
    intensity_column,
    intro_markdown,
    median_text,
    show_all,
    table_caption,
    years_exceptions,
)

__all__ = [
    "CHART_SERIES",
    "KEY_FIGURES",
    "MEDIAN_COLUMN",
    "MIN_TYPE_MEMBERS",
    "POOLED_YEARS",
    "PRINTED_SHEETS_NOTE",
    "SHEET_INDICATORS",
    "BaselineSheet",
    "Intensities",
    "Sheet",
    "baseline_index_table",
    "baseline_intro_markdown",
    "baseline_sheets",
    "compute",
    "index_table",
    "intensity_column",
    "intensity_table",
    "intro_markdown",
    "median_text",
    "show_all",
    "show_baseline",
    "sparkline_svg",
    "table_caption",
    "trend_spec",
    "years_exceptions",
    "years_text",
]
