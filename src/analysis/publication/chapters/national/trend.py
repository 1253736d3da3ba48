"""Chapter 2, the yearly table, trends per indicator, per type and per ecosystem, and the summary text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from analysis.data.indicators import catalogue
from analysis.publication import escape
from analysis.publication import formatting as fmt
from analysis.publication.chapters.national.totals import (
    FRACTION_UNIT,
    TREND_SUBJECTS,
    TYPE_LABELS,
    LikeForLike,
    _indicators,
    join_nl,
    like_for_like_changes,
    national_totals,
    not_in_both_text,
    short_names,
)
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import INDICATOR_LABELS


def year_table(wide: pd.DataFrame, year: int, institutions: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: the year's total with its reporters, and the like-for-like change.

    The change never compares two totals with different reporters: it is computed on
    the institutions with a figure in both years, whose number is shown beside it,
    and the institutions left out are named (Dutch short names).
    """
    names = short_names(institutions)
    rows = [c for c in like_for_like_changes(wide, year).values() if c.n_reporting > 0]
    return pd.DataFrame(
        {
            "indicator": [c.indicator for c in rows],
            "Indicator": [INDICATOR_LABELS.get(c.indicator, c.indicator) for c in rows],
            str(year): [c.total for c in rows],
            "n_reporting": pd.Series([c.n_reporting for c in rows], dtype="int64"),
            "Verandering": pd.Series([c.change for c in rows], dtype="float64"),
            "n_both": pd.Series([c.n_both for c in rows], dtype="int64"),
            "not_in_both": [not_in_both_text(c, year, names) for c in rows],
        }
    )


def totals_table(table: pd.DataFrame, year: int) -> Table:
    """`year_table` as the chapter shows it: the national totals and like-for-like changes.

    The page writes totals of mixed units in one column ("€ 62,7 mln", "1.234", "10,5")
    and changes in percent ("+3,7%"), figures right and names left; the CSV holds the
    total in euros, fte or a count (named in the column "Eenheid"), the change as a
    fraction (0.037) and the numbers of institutions as whole numbers.
    """
    right = Column(align="r")
    raw = _year_table_raw(table, year)
    return Table(
        name="landelijke_totalen",
        caption=f"Landelijke totalen per indicator in {year} en de verandering bij dezelfde "
        "instellingen",
        frame=raw,
        columns={
            str(year): Column(
                unit="zie kolom Eenheid",
                format=_total_cell,
                align="r",
                reads=(str(year), "Indicator"),
            ),
            f"Instellingen met opgave {year}": right,
            f"Verandering t.o.v. {year - 1}": Column(
                unit=FRACTION_UNIT, format="change", align="r"
            ),
            "Instellingen in beide jaren": right,
        },
        source_note="Som over de instellingen met een opgave; verandering over de instellingen "
        "met een opgave in beide jaren.",
        show=tuple(c for c in raw.columns if c != "Eenheid"),
    )


def _total_cell(total: float, indicator: str) -> str:
    """A yearly total in its indicator's unit, money in millions ("€ 62,7 mln", "10,5 fte")."""
    return fmt.indicator_value(total, catalogue().by_label(indicator).code, "mln")


def _total_unit(code: str) -> str:
    """The unit of one indicator's yearly total, in words, for the download's unit column."""
    kind = catalogue().get(code).kind
    return {"money": "euro", "fte": "fte"}.get(kind, "aantal")


def _year_table_raw(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """`year_table`'s rows with numbers as numbers and the indicator's label."""
    return pd.DataFrame(
        {
            "Indicator": table["Indicator"].to_numpy(),
            str(year): table[str(year)].astype("float64").to_numpy(),
            "Eenheid": [_total_unit(str(code)) for code in table["indicator"]],
            f"Instellingen met opgave {year}": table["n_reporting"].astype("int64").to_numpy(),
            f"Verandering t.o.v. {year - 1}": table["Verandering"].astype("float64").to_numpy(),
            "Instellingen in beide jaren": table["n_both"].astype("int64").to_numpy(),
            "Niet in beide jaren": table["not_in_both"].replace("", "geen").to_numpy(),
        }
    )


def chained_changes(wide: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Per year: the like-for-like change on the year before and a chain-linked index.

    Each year's change is taken over the institutions that reported the indicator in
    that year and the year before (`n_both`); the index (first year = 100) multiplies
    those changes, so institutions entering or leaving the reporting never move it.
    After a year whose change cannot be computed (no common reporters, or a zero
    base) the chain is broken and the index stays missing.
    """
    years = sorted(int(y) for y in wide["year"].unique())
    rows: list[dict[str, float | int]] = []
    level = 100.0
    for position, year in enumerate(years):
        if position == 0:
            rows.append({"year": year, "change": np.nan, "n_both": 0, "index": level})
            continue
        lfl = like_for_like_changes(wide, year, [indicator], base_year=years[position - 1])
        step = lfl[indicator]
        level = level * (1 + step.change) if np.isfinite(step.change) else np.nan
        rows.append({"year": year, "change": step.change, "n_both": step.n_both, "index": level})
    return pd.DataFrame(rows, columns=["year", "change", "n_both", "index"])


#: Which institutions a trend title's index follows, as the title says it.
TREND_PAIRS_NL = "elk jaar over de instellingen met een opgave in dat jaar en het jaar ervoor"


def trend_title(wide: pd.DataFrame, indicator: str, *, last_year: bool = True) -> str:
    """Takeaway over the three-year moving average of the like-for-like chain index.

    The national total is not used: it rises when an institution starts reporting.
    The chain index moves only with the institutions that reported in consecutive
    years (a different set for each pair of years, which the title says), and
    averaging three years keeps one noisy year from setting the title. The title
    never contradicts the latest year: when the average rises but the last
    like-for-like change is a fall (or the reverse), it says the average is higher
    (lower) than at the start of the run and, with `last_year`, gives the last change
    beside it, instead of "stijgt" ("daalt").
    """
    from analysis.publication.charts import titles

    chain = chained_changes(wide, indicator).set_index("year")
    smooth = chain["index"].rolling(3, min_periods=3).mean().dropna()
    subject = TREND_SUBJECTS.get(indicator, INDICATOR_LABELS[indicator])
    title = titles.takeaway_trend(smooth, subject)
    changes = chain["change"].dropna()
    last = float(changes.iloc[-1]) if len(changes) else float("nan")
    rises, falls = " stijgt sinds " in title, " daalt sinds " in title
    if (rises and last < 0) or (falls and last > 0):
        head, start = title.rsplit(" sinds ", 1)
        label = head.rsplit(" ", 1)[0]
        word = "hoger" if rises else "lager"
        text = f"{label}: driejaarsgemiddelde {word} dan in {start}"
        if last_year:
            year = int(changes.index[-1])
            text += f", maar {year} {fmt.change(last, 1)} op {year - 1}"
        return f"{text} ({TREND_PAIRS_NL})"
    return f"{title} (driejaarsgemiddelde, {TREND_PAIRS_NL})"


def trend_frame(wide: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """One indicator's national total per year with its reporters, and the like-for-like change."""
    totals = national_totals(wide, [indicator])
    chain = chained_changes(wide, indicator).set_index("year")
    years = totals["year"].astype("int64")
    return pd.DataFrame(
        {
            "Jaar": years,
            INDICATOR_LABELS[indicator]: totals["value"],
            "Instellingen met opgave": totals["n_reporting"],
            "Verandering t.o.v. vorig jaar": chain["change"].reindex(years).to_numpy(),
            # the first year has no year before it: no change, and no count beside it
            "Instellingen in beide jaren": chain["n_both"]
            .where(chain.index != chain.index.min())
            .reindex(years)
            .to_numpy(),
        }
    )


def trend_chart(wide: pd.DataFrame, indicator: str) -> object:
    from analysis.publication.charts import builders

    frame = trend_frame(wide, indicator)
    return builders.line_trend(
        frame,
        x="Jaar",
        y=INDICATOR_LABELS[indicator],
        title=trend_title(wide, indicator),
        y_title=INDICATOR_LABELS[indicator],
    )


#: Columns of the per-type and per-ecosystem tables whose unit the label alone does not
#: say: a staff figure is in fte, the institutions are counted.
UNIT_COLUMNS: dict[str, str] = {
    "kto_staff_fte": "KTO-personeel (fte)",
    "instellingen": "Instellingen (aantal)",
}


def by_type(wide: pd.DataFrame, institutions: pd.DataFrame, year: int) -> pd.DataFrame:
    """The year's totals per institution type for the push, exchange and serve indicators."""
    codes = [
        "spinoffs",
        "invention_disclosures",
        "licence_agreements",
        "research_agreements_n",
        "contract_research_n",
        "startups_supported",
        "kto_staff_fte",
    ]
    merged = wide[wide["year"] == year].merge(
        institutions[["institution_id", "type"]], on="institution_id", how="left"
    )
    grouped = merged.groupby("type", sort=False)
    frame = grouped[_indicators(merged, codes)].sum(min_count=1)
    frame.insert(0, "instellingen", grouped.size())
    order = [t for t in TYPE_LABELS if t in frame.index]
    frame = frame.loc[order]
    frame.index = [TYPE_LABELS[t] for t in frame.index]
    frame.index.name = "Type"
    return frame.reset_index().rename(columns={**INDICATOR_LABELS, **UNIT_COLUMNS})


def type_table(per_type: pd.DataFrame, year: int) -> Table:
    """`by_type` as the chapter shows it."""
    return Table("per_type", f"Kennisoverdracht per type instelling, {year}", per_type)


def ecosystem_table(per_ecosystem: pd.DataFrame, year: int) -> Table:
    """`by_ecosystem` as the chapter shows it (site only: the chart beside it says it)."""
    return Table(
        "per_ecosysteem", f"Kennisoverdracht per ecosysteem, {year}", per_ecosystem, pdf=False
    )


def by_ecosystem(wide: pd.DataFrame, institutions: pd.DataFrame, year: int) -> pd.DataFrame:
    """The year's spin-offs, disclosures and research agreements per ecosystem, largest first."""
    codes = ["spinoffs", "invention_disclosures", "research_agreements_n"]
    merged = wide[wide["year"] == year].merge(
        institutions[["institution_id", "ecosystem"]], on="institution_id", how="left"
    )
    grouped = merged.groupby("ecosystem", sort=True)
    frame = grouped[_indicators(merged, codes)].sum(min_count=1)
    frame.insert(0, "instellingen", grouped.size())
    frame = frame.sort_values(["spinoffs", "invention_disclosures"], ascending=False)
    frame.index.name = "Ecosysteem"
    return frame.reset_index().rename(columns={**INDICATOR_LABELS, **UNIT_COLUMNS})


def ecosystem_chart_title(table: pd.DataFrame, year: int) -> str:
    top = table.iloc[0]
    return f"Meeste spin-offs in {year}: {top['Ecosysteem']} ({fmt.number(top['Spin-offs'])})"


def ecosystem_chart(table: pd.DataFrame, year: int) -> object:
    from analysis.publication.charts import builders as charts_builders

    return charts_builders.bar(
        table,
        x="Spin-offs",
        y="Ecosysteem",
        title=ecosystem_chart_title(table, year),
        x_title="Spin-offs",
        y_title=None,
    )


def uses_demonstration_data(wide: pd.DataFrame, year: int | None = None) -> bool:
    rows = wide if year is None else wide[wide["year"] == year]
    return bool(rows["is_demonstration"].any())


#: The trend charts of the chapter: indicator, chart name (its permalink) and the noun.
TREND_CHARTS: tuple[tuple[str, str, str], ...] = (
    ("spinoffs", "trend-spin-offs", "spin-offs"),
    ("invention_disclosures", "trend_uitvindingsmeldingen", "uitvindingsmeldingen"),
    ("research_agreements_n", "trend_onderzoeksovereenkomsten", "onderzoeksovereenkomsten"),
)


#: The headline counts of the opening paragraph, with the noun the sentence uses.
HEADLINE_COUNTS: tuple[tuple[str, str], ...] = (
    ("spinoffs", "spin-offs"),
    ("invention_disclosures", "uitvindingsmeldingen"),
    ("licence_agreements", "licentie- en optieovereenkomsten"),
)


def submitting_institutions(wide: pd.DataFrame, year: int) -> int:
    """How many institutions sent a submission for `year` (whatever they reported in it)."""
    return int(wide.loc[wide["year"] == year, "institution_id"].nunique())


def change_clause(row: LikeForLike, year: int, names: Mapping[str, str]) -> str:
    """'+5,3% (36 instellingen)' or '−1,2% (35 instellingen; geen opgave 2024: OU en UL)'."""
    left_out = not_in_both_text(row, year, names)
    noun = "instelling" if row.n_both == 1 else "instellingen"
    return f"{fmt.change(row.change)} ({fmt.number(row.n_both)} {noun}" + (
        f"; {left_out})" if left_out else ")"
    )


def summary_markdown(wide: pd.DataFrame, year: int, institutions: pd.DataFrame) -> str:
    """Opening paragraph: the year's totals, each with its reporters, and like-for-like changes.

    Every total carries its own count of reporting institutions (the same count as in
    the table); every change is over the institutions with a figure in both years, and
    those left out are named.
    """
    # Names from institutions.csv go into Markdown prose: literal text, never syntax.
    names = {k: escape.markdown(v) for k, v in short_names(institutions).items()}
    lfl = like_for_like_changes(wide, year, [code for code, _ in HEADLINE_COUNTS])
    shown = [(lfl[code], noun) for code, noun in HEADLINE_COUNTS if code in lfl]
    shown = [(row, noun) for row, noun in shown if row.n_reporting > 0]
    text = (
        f"In {year} meldden {fmt.number(submitting_institutions(wide, year))} "
        "kennisinstellingen cijfers aan de monitor"
    )
    if not shown:
        return text + "."
    totals = [
        f"{fmt.number(row.total)} {noun} (opgave van {fmt.number(row.n_reporting)} instellingen)"
        for row, noun in shown
    ]
    text += "; samen " + join_nl(totals) + "."
    changes = [
        f"{noun} {change_clause(row, year, names)}"
        for row, noun in shown
        if np.isfinite(row.change)
    ]
    if changes:
        text += (
            f" Bij de instellingen met een opgave in zowel {year - 1} als {year} was de "
            "verandering: " + join_nl(changes) + "."
        )
    return text


def until(wide: pd.DataFrame, year: int) -> pd.DataFrame:
    """The data a report for `year` may use: nothing after that year."""
    return wide[wide["year"] <= year].reset_index(drop=True)


def show_trend_charts(rep: Any, wide: pd.DataFrame) -> None:
    """The chapter's trend charts (`TREND_CHARTS`), each with the table of its numbers."""
    for indicator, name, noun in TREND_CHARTS:
        table = Table(
            name=name,
            caption=(
                f"{noun[:1].upper()}{noun[1:]} per jaar: landelijk totaal en verandering bij "
                "dezelfde instellingen"
            ),
            frame=trend_frame(wide, indicator),
            columns={"Verandering t.o.v. vorig jaar": Column(format="change")},
            pdf=False,
        )
        rep.chart_and_table(
            trend_chart(wide, indicator),
            table,
            title=trend_title(wide, indicator),
            alt=f"Lijndiagram van het landelijke aantal {noun} per jaar.",
        )
