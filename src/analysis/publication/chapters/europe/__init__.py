"""Chapter 3: Nederland en de Europese top — normalised gaps with intervals on both sides.

The Dutch side is pooled over the last three report years (ratio of sums), so one
noisy year does not decide the gap; the peers are the cited figures in
`data/raw/benchmark/peers.csv`. All money is in euros at the prices of the report
year (`peer_gaps.top_comparisons`): Dutch euros deflated with the Dutch HICP, peer
francs and pounds converted at their own year's ECB rate and then deflated the same
way; no PPP.

A comparison is one indicator with one denominator against one peer, each peer
counted once (the ETH Domain and ETH Zurich are two definitions of one peer, ETH).
Its peer side is a range over the peer's definitions, years and rounding, and the
verdict says "behind" or "ahead" only when the Dutch interval and that range do not
overlap.

One module per part: `result` (the comparisons, computed once), `tables` (the total and
spread tables and the gap chart), `types` (per institution type, caveats, what is missing),
`comparability` (the matrix of what can be compared and why not) and `sensitivity` (peer
choice and price basis). The notebook calls them through this package.
"""

from __future__ import annotations

from analysis.publication.chapters.europe.comparability import (
    DENOMINATOR_LIKE,
    OTHER_ROW,
    REASONS_NL,
    RELATED_INDICATOR,
    Matrix,
    comparability_matrix,
    intro_markdown,
    matrix_markdown,
    matrix_notes_markdown,
    matrix_source_note,
    matrix_table,
    not_comparable_markdown,
    not_comparable_source_note,
    not_comparable_table,
    opening_markdown,
    short_price_basis,
    summary_message,
    technical_markdown,
    total_source_note,
    total_table,
)
from analysis.publication.chapters.europe.register import top_figures, top_figures_markdown
from analysis.publication.chapters.europe.result import (
    COUNT_UNIT_NL,
    DENOMINATOR_NOUN_NL,
    NOMINAL_NL,
    POOLED_YEARS,
    TOP_GROUPS,
    TOP_PEERS,
    EuropeResult,
    compute,
    dutch_notes,
    established_comparisons,
    period_text,
    price_base_year,
)
from analysis.publication.chapters.europe.sensitivity import (
    CHOICE_NL,
    SENSITIVITY_POINTER,
    peer_choice_label,
    peer_choice_table,
    price_sensitivity,
    price_table,
)
from analysis.publication.chapters.europe.tables import (
    ESTABLISHED_NL,
    INDICATIVE_NL,
    RATIO_UNIT,
    SHORT_DENOMINATOR,
    chart_frame,
    chart_title,
    counts,
    established_counts,
    established_label,
    gap_chart,
    spread_table,
)
from analysis.publication.chapters.europe.types import (
    MIN_TYPE_MEMBERS,
    NOT_ANNUAL_NL,
    TYPE_RATIO_SUFFIX,
    TYPE_VERDICT_SUFFIX,
    caveats,
    caveats_table,
    missing_table,
    type_markdown,
    type_table,
)

__all__ = [
    "CHOICE_NL",
    "COUNT_UNIT_NL",
    "DENOMINATOR_LIKE",
    "DENOMINATOR_NOUN_NL",
    "ESTABLISHED_NL",
    "INDICATIVE_NL",
    "MIN_TYPE_MEMBERS",
    "NOMINAL_NL",
    "NOT_ANNUAL_NL",
    "OTHER_ROW",
    "POOLED_YEARS",
    "RATIO_UNIT",
    "REASONS_NL",
    "RELATED_INDICATOR",
    "SENSITIVITY_POINTER",
    "SHORT_DENOMINATOR",
    "TOP_GROUPS",
    "TOP_PEERS",
    "TYPE_RATIO_SUFFIX",
    "TYPE_VERDICT_SUFFIX",
    "EuropeResult",
    "Matrix",
    "caveats",
    "caveats_table",
    "chart_frame",
    "chart_title",
    "comparability_matrix",
    "compute",
    "counts",
    "dutch_notes",
    "established_comparisons",
    "established_counts",
    "established_label",
    "gap_chart",
    "intro_markdown",
    "matrix_markdown",
    "matrix_notes_markdown",
    "matrix_source_note",
    "matrix_table",
    "missing_table",
    "not_comparable_markdown",
    "not_comparable_source_note",
    "not_comparable_table",
    "opening_markdown",
    "peer_choice_label",
    "peer_choice_table",
    "period_text",
    "price_base_year",
    "price_sensitivity",
    "price_table",
    "short_price_basis",
    "spread_table",
    "summary_message",
    "technical_markdown",
    "top_figures",
    "top_figures_markdown",
    "total_source_note",
    "total_table",
    "type_markdown",
    "type_table",
]
