"""Sensitivity to assumptions, the section of chapter 5: computed once (`compute`), then its table, chart and text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.sources import cite, load_sources, split_source_ids
from analysis.methods.peer_gaps import sensitivity
from analysis.publication import formatting as fmt
from analysis.publication.chapters.europe import result as europe_result
from analysis.publication.chapters.europe import sensitivity as europe_sensitivity
from analysis.publication.chapters.models import result as models_result
from analysis.publication.chapters.scheme import catch_up, effect, scenario_sensitivity
from analysis.publication.chapters.sensitivity.outcomes import (
    ASSUMPTION_NL,
    DEMO_CAVEAT,
    MONITOR_CHOICE_NL,
    comparison_outcomes,
    tornado,
    typology_outcomes,
)
from analysis.publication.chapters.sensitivity.scheme_outcomes import (
    break_outcomes,
    jobs_outcomes,
    scenario_outcomes,
)
from analysis.publication.display.table import Table
from analysis.publication.labels import (
    INDICATOR_LABELS,
    SOURCE_STATUS_LABELS,
)


@dataclass(frozen=True)
class SensitivityResult:
    """Everything the section shows: the outcomes, their tornado, and the inputs it rests on."""

    outcomes: pd.DataFrame
    tornado: pd.DataFrame
    peer_sens: pd.DataFrame
    price_sens: pd.DataFrame
    reference_sens: pd.DataFrame
    demo: bool


def compute(
    wide: pd.DataFrame,
    data_dir: Path,
    year: int,
    *,
    plan: catch_up.ScenarioResult,
    scenario_sens: scenario_sensitivity.ScenarioSensitivity,
    breaks: effect.BreakAnalysis,
) -> SensitivityResult:
    """Gather every sensitivity of the report (the chapters' own functions) into one tornado."""
    peer_sens = sensitivity.peer_choice_sensitivity(
        plan.comparisons, groups=europe_result.TOP_GROUPS
    )
    price_sens = europe_sensitivity.price_sensitivity(wide, data_dir, year)
    reference_sens = models_result.reference_sensitivity(wide, data_dir, year)
    outcomes = pd.concat(
        [
            frame
            for frame in (
                comparison_outcomes(
                    peer_sens, price_sens, europe_result.price_base_year(data_dir, year)
                ),
                typology_outcomes(reference_sens),
                break_outcomes(breaks),
                scenario_outcomes(plan, scenario_sens),
                jobs_outcomes(plan, scenario_sens),
            )
            if not frame.empty
        ],
        ignore_index=True,
    )
    return SensitivityResult(
        outcomes=outcomes,
        tornado=tornado(outcomes),
        peer_sens=peer_sens,
        price_sens=price_sens,
        reference_sens=reference_sens,
        demo=bool(wide["is_demonstration"].any()) if "is_demonstration" in wide else False,
    )


def _status_text(ids: str, sources: pd.DataFrame) -> str:
    """'[12] (gelezen in de bron); [59] (aanname)': the reference number and how the source
    was read, per source; a method choice if none. Cited by number (the reference list has
    title and publisher), so no publisher's own name or language reaches the table."""
    register = sources.set_index("source_id")
    parts: list[str] = []
    for i in split_source_ids(ids):
        if i == "kt_metrics" or i not in register.index:
            continue
        status = str(register.loc[i, "status"])
        parts.append(f"{cite(i, sources)} ({SOURCE_STATUS_LABELS.get(status, status)})")
    return "; ".join(dict.fromkeys(parts)) or MONITOR_CHOICE_NL


def table_shown(result: SensitivityResult, data_dir: Path) -> pd.DataFrame:
    """The table behind the chart: per quantity and assumption its source and status, the
    report's value, and the lowest and highest value with the choice that gives it."""
    t = result.tornado
    sources = load_sources(data_dir)
    same = (t["low_text"] == t["central_text"]) & (t["high_text"] == t["central_text"])
    everywhere = [f"{c} bij elke keuze" for c in t["central_text"]]
    return pd.DataFrame(
        {
            "Uitkomst": t["quantity_label"].map(_strip_unit),
            "Aanname": t["assumption"].map(ASSUMPTION_NL),
            "Bron en herkomst": [_status_text(str(i), sources) for i in t["source_ids"]],
            "In het rapport": t["central_text"],
            "Laagste": [
                e if s_ else f"{v} bij {a}"
                for v, a, s_, e in zip(
                    t["low_text"], t["low_alternative"], same, everywhere, strict=True
                )
            ],
            "Hoogste": [
                e if s_ else f"{v} bij {a}"
                for v, a, s_, e in zip(
                    t["high_text"], t["high_alternative"], same, everywhere, strict=True
                )
            ],
        }
    )


def table_raw(result: SensitivityResult, data_dir: Path) -> pd.DataFrame:
    """The numbers behind `table_shown` for the CSV download: per quantity and assumption the
    report's value and the lowest and highest value with the choice that gives them, in the
    unit the quantity's label names (the page shows Dutch text with p-values; machines get
    numbers). Same column names as the page where the content is the same."""
    t = result.tornado
    sources = load_sources(data_dir)
    return pd.DataFrame(
        {
            "Uitkomst": t["quantity_label"],
            "Aanname": t["assumption"].map(ASSUMPTION_NL),
            "Bron en herkomst": [_status_text(str(i), sources) for i in t["source_ids"]],
            "In het rapport": t["central"].astype("float64"),
            "Laagste": t["low"].astype("float64"),
            "Keuze bij laagste": t["low_alternative"].astype(str),
            "Hoogste": t["high"].astype("float64"),
            "Keuze bij hoogste": t["high_alternative"].astype(str),
        }
    )


def choices_table(result: SensitivityResult, data_dir: Path) -> Table:
    """One row per assumption: its source and status and every choice computed (the used one marked).

    An assumption that varies several quantities lists the choices of its first one;
    they are the same alternatives (the scenario's peer sets include only those with
    the headline comparison, and the text says so).
    """
    t = result.tornado.drop_duplicates("assumption", keep="first")
    order = [k for k in ASSUMPTION_NL if k in set(t["assumption"])]
    t = t.set_index("assumption").loc[order].reset_index()
    sources = load_sources(data_dir)
    frame = pd.DataFrame(
        {
            "Aanname": t["assumption"].map(ASSUMPTION_NL),
            "Bron en herkomst": [_status_text(str(i), sources) for i in t["source_ids"]],
            "Doorgerekende keuzes": t["alternatives"],
        }
    )
    return Table(
        "gevoeligheid_keuzes",
        "De aannames: bron en hoe die gelezen is, en de doorgerekende keuzes (de keuze in het "
        "rapport gemarkeerd)",
        frame,
        basis="assumption",
        pdf=False,
    )


def table(result: SensitivityResult, data_dir: Path) -> Table:
    """The table behind the chart (site only): the page writes each value as Dutch text;
    the CSV holds the numbers, in the unit the quantity's label names."""
    return Table(
        "gevoeligheid_aannames",
        "Hoofduitkomsten bij andere keuzes: per aanname de bron en hoe die gelezen is, de "
        "uitkomst in het rapport en de laagste en hoogste uitkomst met de keuze die haar geeft",
        table_raw(result, data_dir),
        pdf=False,
        display=table_shown(result, data_dir),
    )


def chart_frame(result: SensitivityResult) -> pd.DataFrame:
    """The rows the chart draws: quantities that at least one assumption moves."""
    t = result.tornado
    moving = (t["high"] - t["low"]).groupby(t["quantity"]).transform("max") > 0
    keep = t[moving]
    return pd.DataFrame(
        {
            "quantity": keep["quantity_label"],
            "assumption": keep["assumption"].map(ASSUMPTION_NL),
            "low": keep["low"],
            "high": keep["high"],
            "central": keep["central"],
        }
    ).reset_index(drop=True)


def widest(result: SensitivityResult, quantity: str) -> str | None:
    """The assumption that moves one quantity most (None when none moves it)."""
    t = result.tornado[result.tornado["quantity"] == quantity]
    if t.empty:
        return None
    width = (t["high"] - t["low"]).to_numpy(dtype="float64")
    if float(width.max()) <= 0:
        return None
    return str(t["assumption"].iloc[int(np.argmax(width))])


#: How the chart's takeaway names each headline quantity.
TITLE_SUBJECT_NL: dict[str, str] = {
    "scenario_sum": "het inhaalscenario",
    "behind": "de achterstand op de top",
    "typology_top": "de indeling in modellen",
    "break_level": "de breuk bij de start van de financiering",
}


def chart_title(result: SensitivityResult) -> str:
    """Takeaway: per headline quantity, the assumption that moves it most."""
    parts = []
    for quantity, subject in TITLE_SUBJECT_NL.items():
        key = widest(result, quantity)
        if key is not None:
            parts.append(f"voor {subject} {_the(ASSUMPTION_NL[key].lower())}")
    if not parts:
        return "Geen van de aannames verandert de hoofduitkomsten"
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
    return "Het meest maakt uit: " + listed


def _the(name: str) -> str:
    """'de bandbreedte van de top', 'het referentiepunt van de typologie' (Dutch articles)."""
    het = ("referentiepunt", "breukjaar")
    return ("het " if name.startswith(het) else "de ") + name


def _strip_unit(label: str) -> str:
    return label.removesuffix(" (%)")


#: Width of the assumption labels: the same in every panel, so the bars line up.
AXIS_WIDTH = 230


def chart(result: SensitivityResult) -> object:
    """A tornado per headline quantity (own scale each): lowest to highest outcome per
    assumption, widest on top; the dashed line is the report's value."""
    import altair as alt

    from analysis.publication.charts import theme

    frame = chart_frame(result).assign(width=lambda f: f["high"] - f["low"])
    order = list(dict.fromkeys(frame["quantity"]))
    y = alt.Y(
        "assumption:N",
        sort=alt.EncodingSortField(field="width", order="descending"),
        title=None,
        axis=alt.Axis(labelLimit=AXIS_WIDTH, minExtent=AXIS_WIDTH, maxExtent=AXIS_WIDTH),
    )
    x_axis = alt.Axis(format=",.1~f", tickCount=5, title=None)
    number = ",.1~f"
    bars = (
        alt.Chart()
        .mark_bar(color=theme.PRIMARY_COLOR, height=12)
        .encode(
            x=alt.X("low:Q", axis=x_axis),
            x2="high:Q",
            y=y,
            tooltip=[
                alt.Tooltip("assumption:N", title="Aanname"),
                alt.Tooltip("low:Q", format=number, title="Laagste"),
                alt.Tooltip("central:Q", format=number, title="In het rapport"),
                alt.Tooltip("high:Q", format=number, title="Hoogste"),
            ],
        )
    )
    # Ticks at both ends, so an assumption that changes nothing still shows (as one tick).
    ends = (
        alt.Chart()
        .transform_fold(["low", "high"], as_=["end", "value"])
        .mark_tick(color=theme.PRIMARY_COLOR, thickness=2, size=14)
        .encode(x=alt.X("value:Q", axis=x_axis), y=y)
    )
    central = (
        alt.Chart()
        .mark_rule(color=theme.NL_COLOR, strokeDash=[4, 3])
        .encode(x=alt.X("central:Q", axis=x_axis))
    )
    panels = []
    for quantity in order:
        title = alt.TitleParams(
            quantity,
            anchor="start",
            frame="bounds",
            fontSize=11,
            fontWeight="bold",
            color=theme.TEXT_COLOR,
            limit=theme.WIDTH,
        )
        panels.append(
            alt.layer(bars, ends, central, data=frame[frame["quantity"] == quantity]).properties(
                width=theme.WIDTH - AXIS_WIDTH, height=alt.Step(20), title=title
            )
        )
    return alt.vconcat(*panels, spacing=14).properties(title=chart_title(result))


def alt_text(result: SensitivityResult) -> str:
    n = chart_frame(result)["quantity"].nunique()
    return (
        f"Staafdiagrammen voor {fmt.number(n)} hoofduitkomsten, elk op een eigen schaal: per aanname "
        "de laagste en hoogste uitkomst; de stippellijn is de uitkomst in het rapport."
    )


def _quantity_sentence(t: pd.DataFrame) -> str:
    """'Label: in het rapport C; aanname: laagst L bij a, hoogst H bij b; aanname 2: geen verschil.'"""
    first = t.iloc[0]
    central = str(first["central_text"])
    parts = []
    for rec in t.to_dict("records"):
        name = ASSUMPTION_NL[str(rec["assumption"])].lower()
        low, high = str(rec["low_text"]), str(rec["high_text"])
        if low == high == central:
            parts.append(f"{name}: geen verschil")
        elif np.isclose(float(rec["low"]), float(rec["high"])):
            other = low if low != central else high
            where = rec["low_alternative"] if low != central else rec["high_alternative"]
            parts.append(f"{name}: {other} bij {where}")
        else:
            parts.append(
                f"{name}: laagst {low} bij {rec['low_alternative']}, hoogst {high} bij "
                f"{rec['high_alternative']}"
            )
    return (
        f"*{_strip_unit(str(first['quantity_label']))}*: in het rapport {central}; "
        + "; ".join(parts)
        + "."
    )


def markdown(
    result: SensitivityResult, plan: catch_up.ScenarioResult, breaks: effect.BreakAnalysis
) -> str:
    """The section's text: what is varied, per quantity what moves, and what that means."""
    intro = (
        "De hoofduitkomsten van dit rapport rusten op keuzes en aannames. Hier staat op één plaats "
        "hoe ze veranderen als een aanname anders wordt gekozen, berekend met dezelfde functies als "
        "in de hoofdstukken. De figuur geeft per uitkomst (elk op een eigen schaal) de laagste en "
        "hoogste uitkomst over de keuzes van elke aanname; de stippellijn is de uitkomst in het "
        "rapport. De tabellen op de website noemen per aanname de bron, hoe die is gelezen en de "
        "keuzes die zijn doorgerekend; alle aannames van het inhaalscenario staan met hun bron in "
        "de parametertabel, ook op de website."
    )
    per_quantity = [
        _quantity_sentence(g) for _, g in result.tornado.groupby("quantity", sort=False)
    ]
    notes = [_constructed_note(plan), _break_note(breaks)]
    text = intro + "\n\n" + "\n".join(f"- {p}" for p in per_quantity)
    text += "\n\n" + " ".join(n for n in notes if n)
    if result.demo:
        text += " " + DEMO_CAVEAT
    return text


def _constructed_note(plan: catch_up.ScenarioResult) -> str:
    if plan.headline is None or plan.result.empty:
        return (
            "Omdat Nederland op geen vergelijkbare indicator aantoonbaar achterloopt, is er geen "
            "inhaalscenario en dus ook geen gevoeligheid daarvan."
        )
    target_year = int(plan.result["year"].max())
    return (
        f"De vorm van de opbouw verandert de extra uitkomst in {target_year} niet: zo is het "
        f"scenario gebouwd (elk pad bereikt de top in {target_year}); wel de som over de jaren. Met "
        f"een vertraging haalt het scenario de top in {target_year} niet."
    )


def _break_note(breaks: effect.BreakAnalysis) -> str:
    sens = breaks.sensitivity
    if sens.empty:
        return ""
    level = sens[sens["term"] == "level_change"]
    n_sig = int((level["p_value"] < breaks.levels.test).sum())
    noun = INDICATOR_LABELS[effect.HEADLINE_INDICATOR].lower()
    if n_sig == 0:
        return (
            f"De niveausprong in het aantal {noun} is bij geen van de {fmt.number(len(level))} "
            "breuken groter dan toeval, ook niet als de verandering het budget volgt: het oordeel "
            "'niet aantoonbaar' hangt niet af van het breukjaar of de vorm van de breuk. Hoe groot "
            "een stijging had moeten zijn om wel aantoonbaar te zijn, staat bij ‘Verandering rond "
            "de start van de financiering’."
        )
    return (
        f"De niveausprong in het aantal {noun} is bij {fmt.number(n_sig)} van de "
        f"{fmt.number(len(level))} breuken groter dan toeval: het oordeel over de breuk hangt af "
        "van het breukjaar of de vorm van de breuk."
    )
