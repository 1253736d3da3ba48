"""Chapter 3, the total and spread tables and the gap chart, formatted from the result."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.data.indicators import catalogue
from analysis.methods import montecarlo
from analysis.methods.peer_gaps import definitions
from analysis.publication import formatting as fmt
from analysis.publication import labels
from analysis.publication.chapters import levels as level_words
from analysis.publication.chapters.europe.result import (
    TOP_GROUPS,
    EuropeResult,
)
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import INDICATOR_LABELS


def _is_money(indicator: str) -> bool:
    return indicator in definitions.MONEY_INDICATORS


def _value(v: float, indicator: str) -> str:
    """An intensity as the reader sees it: euros for money outputs, else two decimals."""
    if not np.isfinite(v):
        return "onbegrensd" if v == np.inf else fmt.MISSING
    return fmt.money_eur(v, "eur") if _is_money(indicator) else fmt.number(v, 2)


def _range(low: float, high: float, indicator: str) -> str:
    if np.isfinite(low) and np.isfinite(high) and low == high:
        return _value(low, indicator)
    if not np.isfinite(high):
        return f"≥ {_value(low, indicator)}"
    return f"{_value(low, indicator)}–{_value(high, indicator)}"


def _top(result: EuropeResult, level: str = "total") -> pd.DataFrame:
    comp = result.comparisons
    comp = comp[(comp["level"] == level) & (comp["peer_group"].isin(TOP_GROUPS))]
    return comp.sort_values(["indicator", "denominator", "peer_group"]).reset_index(drop=True)


def _figures_text(result: EuropeResult, row: pd.Series) -> str:
    """The published figures behind one range, each with its own bounds (rounding, the
    sampling interval of a count), e.g. 'ETH Zürich 2018: 0,42 (0,33–0,55)'."""
    f = result.peer_figures
    f = f[
        (f["peer_group"] == row["peer_group"])
        & (f["indicator"] == row["indicator"])
        & (f["denominator"] == row["denominator"])
    ].sort_values(["peer_name", "peer_year"])
    parts = []
    for rec in f.to_dict("records"):
        ind = str(rec["indicator"])
        shown = _value(float(rec["peer_value"]), ind)
        if float(rec["peer_low"]) != float(rec["peer_high"]):
            shown += f" ({_range(float(rec['peer_low']), float(rec['peer_high']), ind)})"
        parts.append(f"{rec['peer_name']} {rec['peer_year']}: {shown}")
    return "; ".join(parts)


def _with_range(v: float, low: float, high: float, indicator: str) -> str:
    """'3,64 (2,84–4,63)'; a single exact figure without brackets."""
    if np.isfinite(low) and np.isfinite(high) and low == high == v:
        return _value(v, indicator)
    return f"{_value(v, indicator)} ({_range(low, high, indicator)})"


def _ratio_se(frame: pd.DataFrame, column: str, peer: str) -> list[float]:
    """Monte Carlo error of a ratio bound: the Dutch bound's error over the top's bound."""
    return [
        se / float(p) if math.isfinite(se) and np.isfinite(float(p)) and float(p) > 0 else math.nan
        for se, p in zip(_se(frame, column), frame[peer], strict=True)
    ]


def _se(frame: pd.DataFrame, column: str) -> list[float]:
    """A Monte Carlo error column, or NaN (unknown: the default digits) where it is absent."""
    if column not in frame.columns:
        return [math.nan] * len(frame)
    return [float(v) for v in frame[column]]


def _stable_bound(v: float, se: float, indicator: str) -> str:
    """A bootstrap bound in the digits its Monte Carlo error leaves stable.

    Counts per denominator get two decimals, fewer when the error reaches them; money is
    rounded to the power of ten above the error (`montecarlo.magnitude_for`). Without a
    known error (a hand-made table) the usual digits.
    """
    if not np.isfinite(v) or not math.isfinite(se):
        return _value(v, indicator)
    if _is_money(indicator):
        return fmt.money_eur(montecarlo.round_to(v, montecarlo.magnitude_for(se)), "eur")
    return fmt.number(v, montecarlo.decimals_for(se))


def _dutch_range(
    v: float, low: float, high: float, low_se: float, high_se: float, indicator: str
) -> str:
    """'3,23 (2,6–4,1)': the central value as computed, the bounds as stable as their draws."""
    if np.isfinite(low) and np.isfinite(high) and low == high == v:
        return _value(v, indicator)
    bound_low = _stable_bound(low, low_se, indicator)
    bound_high = _stable_bound(high, high_se, indicator)
    return f"{_value(v, indicator)} ({bound_low}–{bound_high})"


def _ratio_range(r: float, low: float, high: float, low_se: float, high_se: float) -> str:
    """The ratio NL/top with bounds whose digits the Dutch bounds' errors allow."""
    if not (np.isfinite(low) and np.isfinite(high)) or low == high == r:
        return _with_range(r, low, high, "")
    return f"{_value(r, '')} ({_stable_bound(low, low_se, '')}–{_stable_bound(high, high_se, '')})"


#: How a comparison resting on one published figure of the top is marked.
INDICATIVE_NL = "indicatief: één cijfer"

#: An established verdict as the reader sees it; anything else is not established.
ESTABLISHED_NL: dict[str, str] = {
    "behind": "achter",
    "ahead": "voor",
    "not_established": "niet vastgesteld",
}


def established_label(code: object) -> str:
    """'achter', 'voor' or 'niet vastgesteld' (also for a comparison without the check)."""
    return ESTABLISHED_NL.get(str(code), ESTABLISHED_NL["not_established"])


def _top_value(v: float, low: float, high: float, indicator: str, indicative: object) -> str:
    text = _with_range(v, low, high, indicator)
    return f"{text} ({INDICATIVE_NL})" if bool(indicative) else text


def total_shown(result: EuropeResult) -> pd.DataFrame:
    """The Dutch total against each top peer (counted once): both sides' spread and the verdict."""
    comp = _top(result)
    ind = comp["indicator"].tolist()
    return pd.DataFrame(
        {
            "Indicator": comp["indicator"].map(INDICATOR_LABELS).fillna(comp["indicator"]),
            "Noemer": comp["denominator"]
            .map(labels.DENOMINATOR_LABELS)
            .fillna(comp["denominator"]),
            "Top": comp["peer_group"].map(labels.PEER_SHORT_NAMES).fillna(comp["peer_group_name"]),
            f"Nederland ({level_words.interval(result.levels)})": [
                _dutch_range(v, lo, hi, lo_se, hi_se, i)
                for v, lo, hi, lo_se, hi_se, i in zip(
                    comp["nl_value"],
                    comp["nl_low"],
                    comp["nl_high"],
                    _se(comp, "nl_low_se"),
                    _se(comp, "nl_high_se"),
                    ind,
                    strict=True,
                )
            ],
            "Top (bandbreedte)": [
                _top_value(v, lo, hi, i, single)
                for v, lo, hi, i, single in zip(
                    comp["peer_value"],
                    comp["peer_low"],
                    comp["peer_high"],
                    ind,
                    comp["indicative"],
                    strict=True,
                )
            ],
            "Verhouding NL/top": [
                _ratio_range(r, lo, hi, lo_se, hi_se)
                for r, lo, hi, lo_se, hi_se in zip(
                    comp["ratio"],
                    comp["ratio_low"],
                    comp["ratio_high"],
                    _ratio_se(comp, "nl_low_se", "peer_high"),
                    _ratio_se(comp, "nl_high_se", "peer_low"),
                    strict=True,
                )
            ],
            "Oordeel": comp["verdict"].map(labels.INTERVAL_VERDICT_LABELS),
            "Vastgesteld": [
                established_label(e) + (f" ({n})" if n else "")
                for e, n in zip(comp["established"], comp["established_note"], strict=True)
            ],
        }
    )


#: The codebook unit of a ratio column in a download.
RATIO_UNIT = "verhouding Nederland/top (1 = gelijk met de top)"


def _finite(values: pd.Series) -> np.ndarray:
    """The values as floats, an unbounded end (±inf) as missing: a CSV holds no infinity."""
    out = values.astype("float64").to_numpy(copy=True)
    out[~np.isfinite(out)] = np.nan
    return out


def total_raw(result: EuropeResult) -> pd.DataFrame:
    """`total_shown` for the CSV download: the same rows, each value behind the text as a
    number in its own column (the page writes "3,59 (2,92–4,48)", "€ 599.567" and
    "≥ 0,42"). Amounts are in euros at the chapter's price basis, counts per denominator
    otherwise (column "Eenheid"). An upper end the page calls unbounded ("≥ …",
    "onbegrensd": the top's figure is only a lower bound) is an empty cell."""
    comp = _top(result)
    shown = total_shown(result)
    money = result.price_basis.split(":", 1)[0]
    low, high = _dutch_bounds(result)
    return pd.DataFrame(
        {
            "Indicator": shown["Indicator"].to_numpy(),
            "Noemer": shown["Noemer"].to_numpy(),
            "Top": shown["Top"].to_numpy(),
            "Eenheid": [money if _is_money(str(i)) else "aantal" for i in comp["indicator"]],
            "Nederland": _finite(comp["nl_value"]),
            low: _finite(comp["nl_low"]),
            high: _finite(comp["nl_high"]),
            "Top: centraal": _finite(comp["peer_value"]),
            "Top: laag": _finite(comp["peer_low"]),
            "Top: hoog": _finite(comp["peer_high"]),
            "Verhouding NL/top": _finite(comp["ratio"]),
            "Verhouding: ondergrens": _finite(comp["ratio_low"]),
            "Verhouding: bovengrens": _finite(comp["ratio_high"]),
            "Oordeel": shown["Oordeel"].to_numpy(),
            "Indicatief (één cijfer)": comp["indicative"].astype(bool).to_numpy(),
            "Vastgesteld": [established_label(e) for e in comp["established"]],
            "Waarom niet vastgesteld": comp["established_note"].astype(str).to_numpy(),
        }
    )


def _dutch_bounds(result: EuropeResult) -> tuple[str, str]:
    """The CSV columns of the Dutch interval's ends ("Nederland: ondergrens 95%-interval", …)."""
    interval = level_words.interval(result.levels)
    return f"Nederland: ondergrens {interval}", f"Nederland: bovengrens {interval}"


def total_columns(result: EuropeResult) -> dict[str, Column]:
    """The columns of `total_raw` whose unit its column names do not say."""
    return {
        **dict.fromkeys(
            ("Nederland", *_dutch_bounds(result), "Top: centraal", "Top: laag", "Top: hoog"),
            Column(unit="zie kolommen Eenheid en Noemer"),
        ),
        **dict.fromkeys(
            ("Verhouding NL/top", "Verhouding: ondergrens", "Verhouding: bovengrens"),
            Column(unit=RATIO_UNIT),
        ),
    }


def spread_table(result: EuropeResult) -> Table:
    """Where each peer range comes from: the published figures, their years, what widens them."""
    comp = _top(result)
    frame = pd.DataFrame(
        {
            "Indicator": comp["indicator"].map(INDICATOR_LABELS).fillna(comp["indicator"]),
            "Noemer": comp["denominator"]
            .map(labels.DENOMINATOR_LABELS)
            .fillna(comp["denominator"]),
            "Top": comp["peer_group"].map(labels.PEER_SHORT_NAMES).fillna(comp["peer_group_name"]),
            "Cijfers van de top": [_figures_text(result, row) for _, row in comp.iterrows()],
            "Spreiding door": [
                (s or "geen: één bedrag zonder interval")
                + (f" ({INDICATIVE_NL})" if bool(single) else "")
                for s, single in zip(comp["spread"], comp["indicative"], strict=True)
            ],
        }
    )
    return Table(
        "bandbreedte_top",
        "Per vergelijking: de cijfers van de top (instelling en jaar) en wat de bandbreedte "
        "veroorzaakt",
        frame,
        basis="real",
        pdf=False,
    )


SHORT_DENOMINATOR = {
    "per_100m_research": "per € 100 mln",
    "per_kto_fte": "per fte KTO",
    "per_disclosure": "per melding",
}


def chart_frame(result: EuropeResult) -> pd.DataFrame:
    """One row per comparison: ratio NL/top and the interval combining both sides' spread.

    An unbounded end (a peer figure that is only a lower bound) is left empty, so the
    chart draws what is known and the table says "onbegrensd".
    """
    comp = _top(result).dropna(subset=["ratio"])
    label = (
        comp["indicator"].map(catalogue().short_labels).fillna(comp["indicator"])
        + " "
        + comp["denominator"].map(SHORT_DENOMINATOR).fillna(comp["denominator"])
        + " — "
        + comp["peer_group"].map(labels.PEER_SHORT_NAMES).fillna(comp["peer_group_name"])
    )

    def finite(s: pd.Series) -> pd.Series:
        return s.where(np.isfinite(s.to_numpy(dtype="float64")))

    return (
        pd.DataFrame(
            {
                "label": label,
                "ratio": comp["ratio"],
                "low": finite(comp["ratio_low"]),
                "high": finite(comp["ratio_high"]),
                "verdict": comp["verdict"].map(labels.INTERVAL_VERDICT_LABELS),
                "established": comp["established"].astype(str),
            }
        )
        .sort_values("ratio")
        .reset_index(drop=True)
    )


def counts(frame: pd.DataFrame) -> tuple[int, int, int]:
    """(behind, ahead, total): behind when the whole combined interval lies below 1."""
    high = frame["high"].fillna(np.inf)
    low = frame["low"].fillna(0.0)
    return int((high < 1).sum()), int((low > 1).sum()), len(frame)


def established_counts(frame: pd.DataFrame) -> tuple[int, int, int]:
    """(behind, ahead, total) of the established verdicts (`peer_gaps.established_verdicts`):
    a verdict that holds with the top's interval, on both price bases and in the top's own
    years. What the key messages, the summary and the signals count."""
    est = frame["established"].astype(str)
    return int((est == "behind").sum()), int((est == "ahead").sum()), len(frame)


def chart_title(frame: pd.DataFrame) -> str:
    """Takeaway: on how many comparisons the Netherlands is established behind or ahead.

    The chart draws each comparison's interval over both sides; the title counts only
    the verdicts that also hold on the other price basis and in the top's own years
    (`established_counts`), so it never says more than the chapter's check supports.
    """
    below, above, total = established_counts(frame)
    rest = total - below - above
    text = (
        f"Nederland ligt bij {fmt.number(below)} van de {fmt.number(total)} vergelijkingen "
        f"vastgesteld achter op de Europese top en bij {fmt.number(above)} ervoor"
    )
    if rest:
        text += f"; bij {fmt.number(rest)} is het verschil niet vastgesteld"
    return text


def gap_chart(frame: pd.DataFrame) -> object:
    from analysis.publication.charts import builders

    return builders.gap_chart(
        frame,
        title=chart_title(frame),
        x_title="Nederland ten opzichte van de top (1 = gelijk; interval over beide kanten)",
    )
