"""Chapter 5, the projection: the trend of the headline indicator beside the scenario's path."""

from __future__ import annotations

import pandas as pd

from analysis.methods.trends import forecast
from analysis.publication import escape
from analysis.publication import formatting as fmt
from analysis.publication.chapters.scheme.catch_up import (
    ScenarioResult,
    _join,
    _label,
    _summary_row,
    amount_text,
    base_count,
    denominator_text,
    lower_label,
)
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import PEER_SHORT_NAMES


def prediction_level_text(frame: pd.DataFrame) -> str:
    """The projection band's level in words, with the citation of its assumption."""
    level = fmt.percent(_level(frame), 0)
    return (
        f"{level}-voorspelinterval (een jaar valt er met {level} kans binnen; "
        f"aanname {frame['level_citation'].iloc[0]})"
    )


def _level(frame: pd.DataFrame) -> float:
    """The prediction interval's level the frame was computed with (`projection_frame`)."""
    return float(frame["level"].iloc[0])


def projection_frame(wide: pd.DataFrame, s: ScenarioResult) -> pd.DataFrame:
    """Observed totals, the trend projection with its prediction band, and the target path.

    The band's level is the assumptions table's `projection_interval_level` (columns
    `level` and `level_citation`, so every text made from the frame states the level it
    was computed with, and where it comes from).

    The indicator is the scenario's headline comparison; when the Netherlands lags on
    nothing, spin-offs with no target path (the column stays empty). The observed
    series is the like-for-like chain (`trends.chained_series`): the last year is its
    national total and earlier years move with the institutions that reported in both
    of two consecutive years, so a change in who reports is no trend.
    """
    indicator = s.headline[0] if s.headline is not None else "spinoffs"
    level = s.assumptions.projection_level
    proj = forecast.projection(wide, indicator, alpha=1 - level, like_for_like=True)
    if s.headline is not None:
        ind, den = s.headline
        r = s.result
        target = r[
            (r["indicator"] == ind) & (r["denominator"] == den) & (r["variant"] == "central")
        ]
        target = target[["year", "count_scenario"]]
    else:
        target = pd.DataFrame(
            {"year": pd.Series(dtype="int64"), "count_scenario": pd.Series(dtype="float64")}
        )
    frame = proj.merge(target, on="year", how="left")
    last = int(frame.loc[frame["observed"].notna(), "year"].max())
    frame.loc[frame["year"] == last, "projection"] = frame.loc[frame["year"] == last, "observed"]
    future = frame["year"] >= last
    return pd.DataFrame(
        {
            "indicator": indicator,
            "year": frame["year"],
            "observed": frame["observed"],
            "projection": frame["projection"],
            "low": frame["pi_low"].where(future & (frame["year"] > last)),
            "high": frame["pi_high"].where(future & (frame["year"] > last)),
            "target": frame["count_scenario"],
            "level": level,
            "level_citation": s.level_citation,
        }
    )


def projection_title(frame: pd.DataFrame) -> str:
    noun = lower_label(_frame_indicator(frame))
    end = frame[frame["year"] == frame["year"].max()].iloc[0]
    if pd.isna(end["target"]):
        text = (
            f"Trend (gelijke instellingen, geketend) wijst op {fmt.number(end['projection'])} "
            f"{noun} in {fmt.year(end['year'])}"
        )
        if "indicator" in frame:
            text += "; Nederland ligt op geen vergelijkbare indicator achter op de top, dus er is geen doelpad"
        return text
    relative = (end["projection"] - end["target"]) / end["target"]
    verb = "rond" if abs(relative) < 0.02 else "boven" if relative > 0 else "onder"
    return (
        f"Bij de huidige trend (gelijke instellingen, geketend) komt Nederland in "
        f"{fmt.year(end['year'])} uit op {fmt.number(end['projection'])} {noun}, {verb} het "
        f"doelpad van {fmt.number(end['target'])}"
    )


def projection_summary(frame: pd.DataFrame, s: ScenarioResult) -> str:
    """The summary's sentence on the scenario, with the assumptions it rests on beside it.

    The target path is a worked example, not a forecast: the top's central value on
    one comparison (with the range the top's spread gives), the denominator held at
    the base year and a build-up that follows the budget (the monitor's assumptions).
    """
    title = projection_title(frame) + "."
    if s.headline is None or not frame["target"].notna().any():
        return title
    from analysis.publication.chapters.europe import result

    ind, den = s.headline
    target_year = int(s.result["year"].max())
    count = base_count(s, ind)
    low, high = (
        count + float(_summary_row(s, ind, den, v)["extra_target_year"]) for v in ("low", "high")
    )
    row = s.targets[(s.targets["indicator"] == ind) & (s.targets["denominator"] == den)].iloc[0]
    name = str(row.get("definition_name", "") or "")
    peers = _join([PEER_SHORT_NAMES.get(p, p) for p in str(row["peer_groups"]).split(";") if p])
    noun = result.DENOMINATOR_NOUN_NL.get(den, den)
    where = (
        f"op de centrale waarde van één definitie van de top, {escape.markdown(name)} (over haar "
        f"bandbreedte {amount_text(low, ind)} tot {amount_text(high, ind)} in "
        f"{fmt.year(target_year)})"
        if name
        else f"op de centrale waarde van de top ({peers}; over de bandbreedte van de top "
        f"{amount_text(low, ind)} tot {amount_text(high, ind)} in {fmt.year(target_year)})"
    )
    return (
        f"{title} Dat doelpad is een rekenvoorbeeld, geen prognose: {lower_label(ind)} "
        f"{denominator_text(den)} {where}, met de "
        f"{noun} op het niveau van {fmt.year(s.base_year)} en een opbouw die het budget volgt "
        "(aannames van de monitor; hoofdstuk 5 laat zien hoe het doelpad ermee verandert)."
    )


def projection_chart(frame: pd.DataFrame) -> object:
    from analysis.publication.charts import builders

    indicator = _frame_indicator(frame)
    return builders.scenario_fan(
        frame.drop(columns=["indicator"], errors="ignore"),
        title=projection_title(frame),
        y_title=f"{_label(indicator)} per jaar",
        band_label=f"Voorspelinterval ({fmt.percent(_level(frame), 0)})",
    )


def _frame_indicator(frame: pd.DataFrame) -> str:
    return str(frame["indicator"].iloc[0]) if "indicator" in frame else "spinoffs"


def projection_alt(frame: pd.DataFrame) -> str:
    """One sentence describing the projection chart for screen readers."""
    noun = lower_label(_frame_indicator(frame))
    path = "en het doelpad" if frame["target"].notna().any() else "zonder doelpad"
    return (
        f"Lijndiagram van het aantal {noun}: gerealiseerd, de doorgetrokken trend tot "
        f"{fmt.year(frame['year'].max())} met voorspelinterval, {path}."
    )


def projection_caption(frame: pd.DataFrame) -> str:
    label = _label(_frame_indicator(frame))
    last = int(frame.loc[frame["observed"].notna(), "year"].max())
    observed = (
        f"gerealiseerd als geketende reeks van dezelfde instellingen (op het niveau van {last})"
    )
    if frame["target"].notna().any():
        return (
            f"{label}: {observed}, projectie met {prediction_level_text(frame)}, en doelpad "
            "(centrale variant)"
        )
    level = prediction_level_text(frame)
    return f"{label}: {observed} en projectie met {level} (geen doelpad)"


def projection_table(frame: pd.DataFrame) -> Table:
    """The numbers behind the projection chart, with Dutch column names (site only)."""
    numbers = pd.DataFrame(
        {
            "Jaar": frame["year"],
            "Gerealiseerd (gelijke instellingen, geketend)": frame["observed"],
            "Projectie": frame["projection"],
            "Ondergrens voorspelinterval": frame["low"],
            "Bovengrens voorspelinterval": frame["high"],
            "Doelpad": frame["target"],
        }
    )
    number = Column(format="number")
    return Table(
        "regeling_projectie",
        projection_caption(frame),
        numbers,
        {"Jaar": Column(format="year"), **dict.fromkeys(list(numbers.columns)[1:], number)},
        pdf=False,
    )
