"""Chapter 2: Kennisoverdracht in Nederland — national totals, trends, types and regions.

Totals are sums over the institutions that reported a value; how many did is shown
beside every total, because a sum over fewer reporters is not a fall in activity.
Changes are always like for like: a year-on-year change is computed over the
institutions that reported the indicator in both years, and those left out are named
(`like_for_like_changes`); trend titles follow the chain of those changes.

Modules: `totals` (totals, like for like), `trend` (tables, charts, text), `counts` (growth
and count models) and `result` (`compute`: the chapter's tables and fits, once).
"""

from __future__ import annotations

from analysis.publication.chapters.national.counts import (
    GROWTH_COLUMNS,
    GROWTH_METHOD,
    SIZE_TERM_NL,
    TERM_NL,
    count_model_markdown,
    count_model_plain_markdown,
    count_model_results,
    count_model_table,
    growth,
    growth_markdown,
    growth_table,
)
from analysis.publication.chapters.national.public_figures import (
    public_figures_markdown,
    public_figures_table,
)
from analysis.publication.chapters.national.result import NationalResult, compute
from analysis.publication.chapters.national.totals import (
    FRACTION_UNIT,
    KEY_INDICATORS,
    MAX_NAMES,
    TREND_SUBJECTS,
    TYPE_LABELS,
    LikeForLike,
    join_nl,
    label_in_sentence,
    like_for_like,
    like_for_like_changes,
    national_totals,
    not_in_both_text,
    short_names,
)
from analysis.publication.chapters.national.trend import (
    HEADLINE_COUNTS,
    by_ecosystem,
    by_type,
    chained_changes,
    change_clause,
    ecosystem_chart,
    ecosystem_chart_title,
    ecosystem_table,
    format_year_table,
    show_trend_charts,
    submitting_institutions,
    summary_markdown,
    totals_table,
    trend_chart,
    trend_frame,
    trend_title,
    type_table,
    until,
    uses_demonstration_data,
    year_table,
)

__all__ = [
    "FRACTION_UNIT",
    "GROWTH_COLUMNS",
    "GROWTH_METHOD",
    "HEADLINE_COUNTS",
    "KEY_INDICATORS",
    "MAX_NAMES",
    "SIZE_TERM_NL",
    "TERM_NL",
    "TREND_SUBJECTS",
    "TYPE_LABELS",
    "LikeForLike",
    "NationalResult",
    "by_ecosystem",
    "by_type",
    "chained_changes",
    "change_clause",
    "compute",
    "count_model_markdown",
    "count_model_plain_markdown",
    "count_model_results",
    "count_model_table",
    "ecosystem_chart",
    "ecosystem_chart_title",
    "ecosystem_table",
    "format_year_table",
    "growth",
    "growth_markdown",
    "growth_table",
    "join_nl",
    "label_in_sentence",
    "like_for_like",
    "like_for_like_changes",
    "national_totals",
    "not_in_both_text",
    "public_figures_markdown",
    "public_figures_table",
    "short_names",
    "show_trend_charts",
    "submitting_institutions",
    "summary_markdown",
    "totals_table",
    "trend_chart",
    "trend_frame",
    "trend_title",
    "type_table",
    "until",
    "uses_demonstration_data",
    "year_table",
]
