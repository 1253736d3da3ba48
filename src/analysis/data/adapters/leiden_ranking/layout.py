"""Leiden Ranking import, the layout: the columns of the project table and of CWTS files, and what they mean."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

Counting = Literal["full", "fractional"]
#: How a file writes its shares: 15 (percent) or 0.15 (proportion).
ShareUnit = Literal["percent", "proportion"]


#: The raw table's columns, in file order (the same as `reference.SCHEMAS`).
COLUMNS: Final[tuple[str, ...]] = (
    "edition",
    "period",
    "period_status",
    "field",
    "counting",
    "university",
    "country",
    "institution_id",
    "peer_id",
    "P",
    "P_collab",
    "PP_collab",
    "P_int_collab",
    "PP_int_collab",
    "P_industry_collab",
    "PP_industry_collab",
    "PP_industry_collab_LB",
    "PP_industry_collab_UB",
    "P_short_dist_collab",
    "PP_short_dist_collab",
    "P_long_dist_collab",
    "PP_long_dist_collab",
    "source_id",
    "status",
)


#: Indicator columns copied from the file when present (empty otherwise).
INDICATORS: Final[tuple[str, ...]] = COLUMNS[COLUMNS.index("P_collab") : COLUMNS.index("source_id")]


#: Counts (P_x) and shares in % (PP_x) that must be present in every row.
REQUIRED_INDICATORS: Final[tuple[str, ...]] = ("P_industry_collab", "PP_industry_collab")


#: (count, share) pairs of the collaboration indicators: all share one denominator, P.
COLLAB_PAIRS: Final[tuple[tuple[str, str], ...]] = (
    ("P_collab", "PP_collab"),
    ("P_int_collab", "PP_int_collab"),
    ("P_industry_collab", "PP_industry_collab"),
    ("P_short_dist_collab", "PP_short_dist_collab"),
    ("P_long_dist_collab", "PP_long_dist_collab"),
)


OUTPUT_FILE: Final[str] = "benchmark/leiden_ranking.csv"


DEFAULT_FIELD: Final[str] = "All sciences"


SHEET: Final[str] = "Results"


#: A wide copy's shares are rounded to one decimal: half a unit of the last digit.
ROUNDING_HALF_WIDTH: Final[float] = 0.05


#: Shares with more decimals must agree with 100 * count / P within this many points.
SHARE_TOLERANCE: Final[float] = 0.051


MAX_FILE_BYTES: Final[int] = 200 * 1024 * 1024


#: Leiden Ranking name (several editions' spellings) → (institution_id, peer_id).
#: Only exact names map; "The Open University" is the British one, not the Open Universiteit.
NAME_TO_ID: Final[Mapping[str, tuple[str, str]]] = {
    "Delft University of Technology": ("tud", ""),
    "Eindhoven University of Technology": ("tue", ""),
    "University of Twente": ("ut", ""),
    "Wageningen University & Research": ("wur", ""),
    "Wageningen University and Research Centre": ("wur", ""),
    "Wageningen University": ("wur", ""),
    "University of Amsterdam": ("uva", ""),
    "Vrije Universiteit Amsterdam": ("vu", ""),
    "VU University Amsterdam": ("vu", ""),
    "Utrecht University": ("uu", ""),
    "University of Groningen": ("rug", ""),
    "Leiden University": ("ul", ""),
    "Radboud University": ("ru", ""),
    "Radboud University Nijmegen": ("ru", ""),
    "Maastricht University": ("um", ""),
    "Erasmus University Rotterdam": ("eur", ""),
    "Tilburg University": ("tiu", ""),
    "Eidgenössische Technische Hochschule Zürich": ("", "ethz"),
    "ETH Zurich": ("", "ethz"),
    "ETH Zürich": ("", "ethz"),
    "Swiss Federal Institute of Technology Zurich": ("", "ethz"),
    "University of Oxford": ("", "oxford"),
    "Katholieke Universiteit Leuven": ("", "kuleuven"),
    "KU Leuven": ("", "kuleuven"),
}


#: How a file may write the Netherlands in its Country column (compared in lower case).
DUTCH_COUNTRY_NAMES: Final[frozenset[str]] = frozenset({"netherlands", "the netherlands", "nl"})


_PERIOD = re.compile(r"^\s*(\d{4})\s*[–—-]\s*(\d{4})\s*$")


_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: the table's path, the rows written and what they cover."""

    path: Path
    rows_written: int
    rows_total: int
    editions: tuple[int, ...]
    periods: tuple[str, ...]
    mapped: tuple[str, ...]
    #: Universities the file places in the Netherlands that no institution_id maps to
    #: (a new spelling in a later edition): add the name to `NAME_TO_ID`.
    unmapped_dutch: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Sheet:
    label: str
    header: list[str]
    #: (row number, cells) of the data rows, streamed: read once.
    rows: Iterator[tuple[int, list[str]]]
