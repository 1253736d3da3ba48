"""Chapter 2, national totals and like-for-like changes over the institutions present in both years."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields

import numpy as np
import pandas as pd

from analysis.publication import formatting as fmt
from analysis.publication.labels import INDICATOR_LABELS, INSTITUTION_TYPE_HEADINGS

#: The indicators the national chapter shows, in reading order.
KEY_INDICATORS: tuple[str, ...] = (
    "research_expenditure_eur",
    "kto_staff_fte",
    "invention_disclosures",
    "priority_patent_applications",
    "patents_granted",
    "licence_agreements",
    "licence_income_eur",
    "spinoffs",
    "spinoff_capital_eur",
    "startups_supported",
    "research_agreements_n",
    "research_agreements_eur",
    "contract_research_n",
    "contract_research_eur",
)


#: Trend charts: indicator and the Dutch subject of the takeaway title.
TREND_SUBJECTS: dict[str, str] = {
    "spinoffs": "Aantal spin-offs",
    "invention_disclosures": "Aantal uitvindingsmeldingen",
    "licence_agreements": "Aantal licentieovereenkomsten",
    "research_agreements_n": "Aantal onderzoeksovereenkomsten",
}


#: Institution types as row headings, in the table order (`labels.INSTITUTION_TYPE_HEADINGS`
#: without the national total).
TYPE_LABELS: Mapping[str, str] = {
    code: label for code, label in INSTITUTION_TYPE_HEADINGS.items() if code != "total"
}


#: The codebook's unit of a change or growth column in a download: a fraction, not percent.
FRACTION_UNIT = "fractie (0,123 = 12,3%)"


def _indicators(wide: pd.DataFrame, indicators: Sequence[str]) -> list[str]:
    return [code for code in indicators if code in wide.columns]


def national_totals(wide: pd.DataFrame, indicators: Sequence[str] = KEY_INDICATORS) -> pd.DataFrame:
    """Long table per (year, indicator): sum over reporting institutions and their number."""
    codes = _indicators(wide, indicators)
    long = wide.melt(id_vars=["institution_id", "year"], value_vars=codes, var_name="indicator")
    grouped = long.groupby(["year", "indicator"], sort=True)["value"]
    out = pd.DataFrame({"value": grouped.sum(min_count=1), "n_reporting": grouped.count()})
    return out.reset_index()


@dataclass(frozen=True)
class LikeForLike:
    """One indicator's total in a year and its like-for-like change on the base year.

    `total` / `n_reporting`: the year's sum and its reporters; `total_before` /
    `n_reporting_before` the same for the base year. `change` = `value_both` /
    `value_before_both` − 1: sums over the `n_both` institutions with a figure in
    both years (NaN when there are none or the base is zero). `missing_before` /
    `missing_now`: sorted ids of institutions with a submission in either year but
    no figure in the base year / in the year.
    """

    indicator: str
    total: float
    n_reporting: int
    total_before: float
    n_reporting_before: int
    value_both: float
    value_before_both: float
    change: float
    n_both: int
    missing_before: tuple[str, ...]
    missing_now: tuple[str, ...]


def like_for_like_changes(
    wide: pd.DataFrame,
    year: int,
    indicators: Sequence[str] = KEY_INDICATORS,
    *,
    base_year: int | None = None,
) -> dict[str, LikeForLike]:
    """Per indicator: the year's total, and its change over the institutions present in both years.

    Why: a national total adds whoever reported. When an institution reports in one
    year and not the other, the difference between the two totals mixes real change
    with a change in who reported (the 2024 edition's +23,8% spin-offs was +13,0% on
    the institutions that reported in both years). So a total keeps its own count of
    reporters, and the change compares only the institutions that reported the
    indicator in the base year (default: the year before) and in `year`; those left
    out are listed so they can be named.
    """
    before_year = year - 1 if base_year is None else base_year
    now = wide[wide["year"] == year].set_index("institution_id")
    before = wide[wide["year"] == before_year].set_index("institution_id")
    population = sorted({*map(str, now.index), *map(str, before.index)})
    out: dict[str, LikeForLike] = {}
    for code in _indicators(wide, indicators):
        cur = now[code].dropna().astype("float64")
        prev = before[code].dropna().astype("float64")
        both = cur.index.intersection(prev.index)
        value_both = float(cur[both].sum())
        base_both = float(prev[both].sum())
        reported_now, reported_before = set(map(str, cur.index)), set(map(str, prev.index))
        out[code] = LikeForLike(
            indicator=code,
            total=float(cur.sum()) if len(cur) else np.nan,
            n_reporting=len(cur),
            total_before=float(prev.sum()) if len(prev) else np.nan,
            n_reporting_before=len(prev),
            value_both=value_both if len(both) else np.nan,
            value_before_both=base_both if len(both) else np.nan,
            change=value_both / base_both - 1 if len(both) and base_both != 0 else np.nan,
            n_both=len(both),
            missing_before=tuple(i for i in population if i not in reported_before),
            missing_now=tuple(i for i in population if i not in reported_now),
        )
    return out


def like_for_like(
    wide: pd.DataFrame,
    year: int,
    indicators: Sequence[str] = KEY_INDICATORS,
    *,
    base_year: int | None = None,
) -> pd.DataFrame:
    """`like_for_like_changes` as a table, one row per indicator (columns: the fields)."""
    changes = like_for_like_changes(wide, year, indicators, base_year=base_year)
    columns = [f.name for f in fields(LikeForLike)]
    return pd.DataFrame([asdict(c) for c in changes.values()], columns=columns)


def short_names(institutions: pd.DataFrame) -> dict[str, str]:
    """Institution id -> Dutch short name, the name readers see instead of an id."""
    return dict(
        zip(
            institutions["institution_id"].astype(str),
            institutions["short_name"].astype(str),
            strict=True,
        )
    )


def join_nl(items: Sequence[str]) -> str:
    """'a', 'a en b', 'a, b en c': a Dutch enumeration."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


#: At most this many names are spelled out in one table cell; the rest are counted.
MAX_NAMES: int = 10


def _names(ids: Sequence[str], names: Mapping[str, str]) -> str:
    shown = sorted(names.get(i, i) for i in ids)
    if len(shown) > MAX_NAMES:
        rest = len(shown) - MAX_NAMES
        return ", ".join(shown[:MAX_NAMES]) + f" en {fmt.number(rest)} andere"
    return join_nl(shown)


def not_in_both_text(row: LikeForLike, year: int, names: Mapping[str, str]) -> str:
    """Who is left out of a like-for-like change, and in which year they did not report.

    E.g. 'geen opgave 2023: Erasmus MC en RU; geen opgave 2024: UM', or 'geen opgave
    in beide jaren: OU' for an institution that submitted but left the figure out in
    both years. Empty when nobody is out.
    """
    both = [i for i in row.missing_before if i in set(row.missing_now)]
    only_before = [i for i in row.missing_before if i not in set(both)]
    only_now = [i for i in row.missing_now if i not in set(both)]
    parts = []
    if only_before:
        parts.append(f"geen opgave {year - 1}: {_names(only_before, names)}")
    if only_now:
        parts.append(f"geen opgave {year}: {_names(only_now, names)}")
    if both:
        parts.append(f"geen opgave in beide jaren: {_names(both, names)}")
    return "; ".join(parts)


def label_in_sentence(code: str) -> str:
    """An indicator label inside a sentence: lower case, except an acronym ('KTO-personeel')."""
    label = INDICATOR_LABELS.get(code, code)
    return label if label[:2].isupper() else label[:1].lower() + label[1:]
