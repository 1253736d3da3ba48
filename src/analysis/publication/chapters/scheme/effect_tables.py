"""Chapter 5, the break around the scheme's start: the tables (break, placebo years, comparison group, sensitivity)."""

from __future__ import annotations

from typing import cast

import pandas as pd

from analysis.publication import formatting as fmt
from analysis.publication.chapters import levels as level_words
from analysis.publication.chapters.scheme.budget import ITS_INDICATORS
from analysis.publication.chapters.scheme.effect import (
    BREAK_CANDIDATE_NL,
    BreakAnalysis,
    its_term_label,
)
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import INDICATOR_LABELS


def _num(value: object) -> float:
    """A table cell as a float (pandas types cells loosely)."""
    return float(cast(float, value))


def _interval(low: object, high: object) -> str:
    return f"{fmt.change(_num(low) / 100)} tot {fmt.change(_num(high) / 100)}"


def p_clause(p_value: object) -> str:
    text = fmt.p_value(p_value)
    return f"p {text}" if text.startswith("<") else f"p = {text}"


#: The codebook's unit of a change written on the page as a percentage ("+3,7%" is 0.037).
FRACTION_UNIT = "fractie (0,123 = 12,3%)"


def interval_column(analysis: BreakAnalysis) -> str:
    """The page's column of an interval ("95%-interval", at the assumptions' level)."""
    return level_words.interval(analysis.levels)


def interval_bounds(analysis: BreakAnalysis) -> tuple[str, str]:
    """The CSV columns for the two bounds of an interval the page writes as "a tot b"."""
    return level_words.bounds(analysis.levels)


def _fraction(pct: object) -> float:
    """An effect in percent (22.1) as the fraction the page prints as "+22,1%" (0.221)."""
    return _num(pct) / 100


def its_raw(analysis: BreakAnalysis) -> pd.DataFrame:
    """Level and slope change at the first funded year per indicator: the change and the
    bounds of its interval as fractions and the p-value as a number (the page writes
    "+22,1%", "+5,0% tot +40,0%" and "< 0,001")."""
    its = analysis.its
    b = analysis.start.first_funded_year
    low_ci, high_ci = interval_bounds(analysis)
    if its.empty:
        return pd.DataFrame(
            columns=["Indicator", "Term", "Verandering", low_ci, high_ci, "p-waarde"]
        )
    return pd.DataFrame(
        {
            "Indicator": its["indicator"].map(INDICATOR_LABELS),
            "Term": [its_term_label(str(t), b) for t in its["term"]],
            "Verandering": [_fraction(v) for v in its["effect_pct"]],
            low_ci: [_fraction(v) for v in its["effect_pct_low"]],
            high_ci: [_fraction(v) for v in its["effect_pct_high"]],
            "p-waarde": [_num(v) for v in its["p_value"]],
        }
    )


#: A change the page writes as "+22,1%" (left, as the words beside it).
_CHANGE = Column(unit=FRACTION_UNIT, format="change", align="l")
_P = Column(format="p_value")


def _interval_specs(analysis: BreakAnalysis) -> dict[str, Column]:
    """The download's two bounds (fractions) and the page's interval column written from
    them ("+5,0% tot +40,0%")."""
    low_ci, high_ci = interval_bounds(analysis)
    return {
        low_ci: Column(unit=FRACTION_UNIT),
        high_ci: Column(unit=FRACTION_UNIT),
        interval_column(analysis): Column(format="range:change", reads=(low_ci, high_ci)),
    }


def _its_columns(analysis: BreakAnalysis) -> dict[str, Column]:
    """The codebook units and page formats of `its_raw`'s columns."""
    return {"Verandering": _CHANGE, **_interval_specs(analysis), "p-waarde": _P}


def _placebo_rows(analysis: BreakAnalysis) -> list[tuple[str, int, bool, pd.DataFrame]]:
    """Per indicator the real break first, then every placebo year, in the table's order:
    (indicator, break year, whether it is the real break, the fit indexed by term)."""
    rows: list[tuple[str, int, bool, pd.DataFrame]] = []
    b = analysis.start.first_funded_year
    for ind in (
        i for i in ITS_INDICATORS if not analysis.its.empty and i in set(analysis.its["indicator"])
    ):
        real = analysis.its[analysis.its["indicator"] == ind].assign(placebo_year=b)
        placebos = (
            analysis.placebos[analysis.placebos["indicator"] == ind]
            if not analysis.placebos.empty
            else analysis.placebos
        )
        for frame, is_real in ((real, True), (placebos, False)):
            if frame.empty:
                continue
            for year, fit in frame.groupby("placebo_year", sort=True):
                rows.append((ind, int(cast(int, year)), is_real, fit.set_index("term")))
    return rows


#: What a break year of the placebo table is, in the CSV's own column.
BREAK_KIND_NL = {True: "start financiering", False: "placebo"}


def placebo_raw(analysis: BreakAnalysis) -> pd.DataFrame:
    """Per indicator the real break first, then every placebo year: the break year with
    its kind ("start financiering", "placebo") in its own column, the changes as fractions
    and the p-values as numbers (empty where the fit has no such term)."""
    records: list[dict[str, object]] = []
    for ind, year, is_real, by_term in _placebo_rows(analysis):
        row: dict[str, object] = {
            "Indicator": INDICATOR_LABELS[ind],
            "Breukjaar": year,
            "Soort breuk": BREAK_KIND_NL[is_real],
        }
        for term, name, p_name in (
            ("level_change", "Niveausprong", "p (niveau)"),
            ("slope_change", "Trendbreuk", "p (trend)"),
        ):
            present = term in by_term.index
            row[name] = _fraction(by_term.loc[term, "effect_pct"]) if present else float("nan")
            row[p_name] = _num(by_term.loc[term, "p_value"]) if present else float("nan")
        records.append(row)
    columns = ["Indicator", "Breukjaar", "Soort breuk", "Niveausprong", "p (niveau)"]
    columns += ["Trendbreuk", "p (trend)"]
    frame = pd.DataFrame(records, columns=columns)
    frame["Breukjaar"] = frame["Breukjaar"].astype("int64")
    for column in ("Niveausprong", "p (niveau)", "Trendbreuk", "p (trend)"):
        frame[column] = frame[column].astype("float64")
    return frame


#: The codebook units of `placebo_raw`'s columns that the column name does not give.
_PLACEBO_COLUMNS: dict[str, Column] = {
    "Breukjaar": Column(unit="jaar", format="with_word:year", reads=("Breukjaar", "Soort breuk")),
    "Niveausprong": _CHANGE,
    "p (niveau)": _P,
    "Trendbreuk": _CHANGE,
    "p (trend)": _P,
}
_PLACEBO_SHOWN = ("Indicator", "Breukjaar", "Niveausprong", "p (niveau)", "Trendbreuk", "p (trend)")


def _term(by_term: pd.DataFrame, term: str) -> pd.Series | None:
    """One term's row of a fit indexed by term, or None when the fit has no such term."""
    return cast(pd.Series, by_term.loc[term]) if term in by_term.index else None


def did_columns(analysis: BreakAnalysis, *, download: bool = False) -> list[str]:
    """The partner comparison's columns on the page; the download splits the interval."""
    interval = list(interval_bounds(analysis)) if download else [interval_column(analysis)]
    return [
        "Indicator",
        "Verschil in verandering",
        *interval,
        "p-waarde",
        "Verschil in trend vooraf (per jaar)",
        "p-waarde (trend vooraf)",
        "Partners",
        "Overige",
    ]


def _did_rows(analysis: BreakAnalysis) -> list[tuple[str, pd.Series, pd.Series | None]]:
    """Per indicator of the partner comparison: (indicator, the `did` term's fit, the
    `pre_trend` term's fit or None), in the table's order."""
    rows: list[tuple[str, pd.Series, pd.Series | None]] = []
    if analysis.did.empty:
        return rows
    for ind, fit in analysis.did.groupby("indicator", sort=False):
        by_term = fit.set_index("term")
        rows.append((str(ind), cast(pd.Series, by_term.loc["did"]), _term(by_term, "pre_trend")))
    return rows


def did_raw(analysis: BreakAnalysis) -> pd.DataFrame:
    """Partners of KTO-Nederland against the other institutions, per indicator: the
    differences and the bounds of the interval as fractions, the p-values as numbers and
    the group sizes as counts (the page writes "+35,0%", "+10,0% tot +60,0%", "0,030")."""
    rows = []
    low_ci, high_ci = interval_bounds(analysis)
    for ind, main, pre in _did_rows(analysis):
        rows.append(
            {
                "Indicator": INDICATOR_LABELS[ind],
                "Verschil in verandering": _fraction(main["effect_pct"]),
                low_ci: _fraction(main["effect_pct_low"]),
                high_ci: _fraction(main["effect_pct_high"]),
                "p-waarde": _num(main["p_value"]),
                "Verschil in trend vooraf (per jaar)": _fraction(pre["effect_pct"])
                if pre is not None
                else float("nan"),
                "p-waarde (trend vooraf)": _num(pre["p_value"])
                if pre is not None
                else float("nan"),
                "Partners": int(_num(main["n_treated"])),
                "Overige": int(_num(main["n_control"])),
            }
        )
    return pd.DataFrame(rows, columns=did_columns(analysis, download=True))


def _did_columns(analysis: BreakAnalysis) -> dict[str, Column]:
    """The codebook units and page formats of `did_raw`'s columns."""
    return {
        "Verschil in verandering": _CHANGE,
        **_interval_specs(analysis),
        "p-waarde": _P,
        "Verschil in trend vooraf (per jaar)": _CHANGE,
        "p-waarde (trend vooraf)": _P,
        "Partners": Column(unit="instellingen", format="number", align="l"),
        "Overige": Column(unit="instellingen", format="number", align="l"),
    }


#: Where chapter 5's break section sends the reader for the break year and the ramp shape.
BREAK_SENSITIVITY_POINTER = (
    "Hoe deze uitkomst verandert met een ander breukjaar uit de begroting, of met een "
    "verandering die de oploop van het budget volgt in plaats van een stap, staat verderop "
    "onder ‘Gevoeligheid voor aannames’."
)


BREAK_SENSITIVITY_CAPTION = (
    "Spin-offs: niveausprong bij elk breukjaar dat de begroting aanreikt, en bij een "
    "verandering die het budget volgt (de sprong bij het volle budget)"
)


def dose_text(dose: dict[int, float]) -> tuple[str, str]:
    """('2023–2025', '33%, 67% en 100% van het volle budget') for the ramp years of `dose`."""
    ramp = (
        sorted((y, v) for y, v in dose.items() if v < 1.0)
        + sorted((y, v) for y, v in dose.items() if v >= 1.0)[:1]
    )
    if not ramp:
        return fmt.MISSING, ""
    years = (
        f"{fmt.year(ramp[0][0])}–{fmt.year(ramp[-1][0])}" if len(ramp) > 1 else fmt.year(ramp[0][0])
    )
    shares = [fmt.percent(v) for _, v in ramp]
    listed = shares[0] if len(shares) == 1 else ", ".join(shares[:-1]) + " en " + shares[-1]
    return years, f"{listed} van het volle budget"


def _sensitivity_rows(
    analysis: BreakAnalysis,
) -> list[tuple[str, int, pd.Series, pd.Series | None]]:
    """Per candidate break: (candidate, break year, the level change's fit, the slope
    change's fit or None), in the table's order."""
    rows: list[tuple[str, int, pd.Series, pd.Series | None]] = []
    if analysis.sensitivity.empty:
        return rows
    for (key, year), fit in analysis.sensitivity.groupby(["candidate", "break_year"], sort=False):
        by_term = fit.set_index("term")
        level = cast(pd.Series, by_term.loc["level_change"])
        rows.append((str(key), int(_num(year)), level, _term(by_term, "slope_change")))
    return rows


def sensitivity_raw(analysis: BreakAnalysis) -> pd.DataFrame:
    """The headline indicator's changes with the break in each candidate year from the budget,
    and with a change that follows the budget's ramp (the level change at full budget): the
    break in words and its year as a number, the changes and the bounds of the interval as
    fractions and the p-value as a number."""
    low_ci, high_ci = interval_bounds(analysis)
    columns = [
        "Breuk",
        "Breukjaar",
        "Waarom deze breuk",
        "Niveausprong",
        low_ci,
        high_ci,
        "p-waarde",
        "Trendbreuk",
        "Jaren vanaf de breuk",
    ]
    rows = []
    for key, year, level, slope in _sensitivity_rows(analysis):
        when, why = fmt.year(year), BREAK_CANDIDATE_NL[key]
        if key == "budget_dose":
            when, shares = dose_text(analysis.dose)
            when = f"{when}, oplopend"
            why = f"{why}: {shares} (aanname over de aanloop); niveausprong bij het volle budget"
        rows.append(
            {
                "Breuk": when,
                "Breukjaar": year,
                "Waarom deze breuk": why,
                "Niveausprong": _fraction(level["effect_pct"]),
                low_ci: _fraction(level["effect_pct_low"]),
                high_ci: _fraction(level["effect_pct_high"]),
                "p-waarde": _num(level["p_value"]),
                "Trendbreuk": _fraction(slope["effect_pct"]) if slope is not None else float("nan"),
                "Jaren vanaf de breuk": int(_num(level["n_post_years"])),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _sensitivity_columns(analysis: BreakAnalysis) -> dict[str, Column]:
    """The codebook units and page formats of `sensitivity_raw`'s columns; 'Groter dan
    toeval' is the p-value against the assumptions' test level."""
    test = analysis.levels.test
    return {
        "Breukjaar": Column(unit="jaar"),
        "Niveausprong": _CHANGE,
        **_interval_specs(analysis),
        "Groter dan toeval": Column(
            format=lambda p: "ja" if p < test else "nee", reads=("p-waarde",)
        ),
        "Trendbreuk": _CHANGE,
        "Jaren vanaf de breuk": Column(unit="jaren", format="number", align="l"),
    }


def its_table(analysis: BreakAnalysis) -> Table:
    """The interrupted time series around the first year with budget (Bijlage B): the CSV
    holds the changes and their bounds as fractions and the p-value as a number."""
    return Table(
        "regeling_breuk",
        f"Onderbroken tijdreeks rond {analysis.start.first_funded_year}, het eerste jaar met "
        "budget: trend, niveausprong en trendbreuk",
        its_raw(analysis),
        _its_columns(analysis),
        show=("Indicator", "Term", "Verandering", interval_column(analysis), "p-waarde"),
    )


def placebo_table(analysis: BreakAnalysis) -> Table:
    """The same estimate with the break in earlier years without the scheme (site only)."""
    return Table(
        "regeling_placebo",
        "Dezelfde schatting met de breuk in eerdere jaren zonder regeling (placebo's)",
        placebo_raw(analysis),
        _PLACEBO_COLUMNS,
        pdf=False,
        show=_PLACEBO_SHOWN,
    )


def did_table(analysis: BreakAnalysis) -> Table:
    """Partners of KTO-Nederland against the other institutions (difference in differences)."""
    return Table(
        "regeling_partners",
        "Partners van KTO-Nederland tegenover de overige instellingen (verschil-in-verschillen)",
        did_raw(analysis),
        _did_columns(analysis),
        show=tuple(did_columns(analysis)),
    )


def sensitivity_table(analysis: BreakAnalysis) -> Table:
    """The level change at each break year the budget suggests (site only)."""
    return Table(
        "regeling_breukjaar",
        BREAK_SENSITIVITY_CAPTION,
        sensitivity_raw(analysis),
        _sensitivity_columns(analysis),
        pdf=False,
        show=(
            "Breuk",
            "Waarom deze breuk",
            "Niveausprong",
            interval_column(analysis),
            "Groter dan toeval",
            "Trendbreuk",
            "Jaren vanaf de breuk",
        ),
    )
