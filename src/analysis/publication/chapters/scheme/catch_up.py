"""Chapter 5, the catch-up scenario: built only on the comparisons of chapter 3 (peer gaps).

Only where the Netherlands lags the top, with targets from the top's spread and jobs
from a figure whose horizon matches. No return is computed from the plan's EUR 4.20.

Every parameter is listed with its source (`parameters_shown`); the sums are those of
`analysis.methods.scenario`, this module gathers their inputs and writes the tables and text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd

from analysis.data import reference
from analysis.data.assumptions import Assumptions, load_assumptions
from analysis.data.indicators import catalogue
from analysis.data.sources import cite, load_sources
from analysis.methods.scenario import parameters as scenario_parameters
from analysis.methods.scenario import run
from analysis.publication import escape, labels
from analysis.publication import formatting as fmt
from analysis.publication.chapters.europe.comparability import short_price_basis
from analysis.publication.chapters.scheme.budget import VARIANT_NL
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import INDICATOR_LABELS


@dataclass(frozen=True)
class ScenarioResult:
    parameters: pd.DataFrame
    result: pd.DataFrame
    summary: pd.DataFrame
    targets: pd.DataFrame
    headline: tuple[str, str] | None
    base_year: int
    price_basis: str
    comparisons: pd.DataFrame
    budget: pd.DataFrame
    return_citation: str
    #: The citation of the projection's interval level (its row in the assumptions table).
    level_citation: str
    #: The assumptions table (`data/raw/assumptions.csv`) the scenario was run with:
    #: its ramp shape, lag range and jobs range drive the sensitivities and the notes.
    assumptions: Assumptions
    #: Chapter 3's figures of the top, one per published figure: what a named
    #: definition's targets are made of (`scenario.catch_up_targets`).
    figures: pd.DataFrame = field(default_factory=pd.DataFrame)


def _data_source(wide: pd.DataFrame) -> str:
    demo = bool(wide["is_demonstration"].any()) if "is_demonstration" in wide else False
    return "demonstration" if demo else "kt_metrics"


def compute_scenario(wide: pd.DataFrame, data_dir: Path, year: int) -> ScenarioResult:
    """The scenario from the chapter 3 comparisons (Dutch total, report-year prices)."""
    from analysis.publication.chapters.europe import result as europe_result

    eu = europe_result.compute(wide, data_dir, year, levels=("total",))
    targets = scenario_parameters.catch_up_targets(eu.comparisons, figures=eu.peer_figures)
    counts = scenario_parameters.base_counts(wide, year, targets["indicator"])
    assumptions = load_assumptions(data_dir)
    jobs = scenario_parameters.jobs_parameters(
        reference.load_spinoff_jobs(data_dir), assumptions.jobs_factor
    )
    params = scenario_parameters.build_parameters(
        targets,
        counts,
        jobs,
        base_year=year,
        assumptions=assumptions,
        data_source=_data_source(wide),
    )
    budget = reference.load_budget(data_dir)
    result = run.run_scenario(params, budget, shape=assumptions.ramp.value)
    sources = load_sources(data_dir)
    return ScenarioResult(
        parameters=params,
        result=result,
        summary=run.summary(result, params),
        targets=targets,
        headline=run.headline(targets),
        base_year=year,
        price_basis=eu.price_basis,
        comparisons=eu.comparisons,
        budget=budget,
        return_citation=cite(scenario_parameters.PLAN_RETURN_SOURCE, sources),
        level_citation=cite(assumptions["projection_interval_level"].source_id, sources),
        assumptions=assumptions,
        figures=eu.peer_figures,
    )


def _label(indicator: str) -> str:
    return INDICATOR_LABELS.get(indicator, indicator)


def lower_label(indicator: str) -> str:
    label = _label(indicator)
    return label[:1].lower() + label[1:]


def denominator_text(denominator: str) -> str:
    return {
        "per_100m_research": "per € 100 mln onderzoek",
        "per_kto_fte": "per fte KTO",
        "per_disclosure": "per uitvindingsmelding",
    }.get(denominator, denominator)


def intensity_text(v: float, indicator: str) -> str:
    if not np.isfinite(v):
        return fmt.MISSING
    return fmt.money_eur(v, "eur") if catalogue().get(indicator).is_money else fmt.number(v, 2)


def amount_text(v: float, indicator: str) -> str:
    if not np.isfinite(v):
        return fmt.MISSING
    return fmt.indicator_value(v, indicator)


_IN_SCENARIO = {
    "lagging": "ja",
    "not_demonstrable": "nee: achterstand niet vastgesteld",
    "at_or_above": "nee: op of boven de top",
}


def position_raw(s: ScenarioResult) -> pd.DataFrame:
    """Per comparison: the Dutch value and the top's central, low and high value as
    numbers, the verdict of chapter 3 and whether it is in the scenario."""
    t = s.targets
    return pd.DataFrame(
        {
            "Indicator": t["indicator"].map(_label).to_numpy(),
            "Noemer": t["denominator"].map(denominator_text).to_numpy(),
            "Nederland": t["baseline"].astype("float64").to_numpy(),
            "Top: centraal": t["target_central"].astype("float64").to_numpy(),
            "Top: laag": t["target_low"].astype("float64").to_numpy(),
            "Top: hoog": t["target_high"].astype("float64").to_numpy(),
            "Oordeel hoofdstuk 3": [
                ", ".join(labels.INTERVAL_VERDICT_LABELS.get(v, v) for v in str(vs).split(";"))
                for vs in t["verdicts"]
            ],
            "In het scenario": t["status"].map(_IN_SCENARIO).to_numpy(),
            "Definitie van de top": [
                str(n) if str(n) else fmt.MISSING for n in t["definition_name"].fillna("")
            ],
        }
    )


def _intensity_cell(value: float, indicator: str) -> str:
    """An intensity of the indicator a table names by its label ("€ 599.567", "3,59")."""
    return intensity_text(value, catalogue().by_label(indicator).code)


def _top_cell(central: float, low: float, high: float, indicator: str) -> str:
    """The top's central intensity with its range: "3,59 (2,92–4,48)"."""
    code = catalogue().by_label(indicator).code
    return fmt.estimate_interval(
        central, low, high, lambda v: intensity_text(float(cast(float, v)), code)
    )


#: The position table's page: intensities in their indicator's unit, the top's range in
#: the cell of its central value.
_POSITION_COLUMNS: dict[str, Column] = {
    "Nederland": Column(format=_intensity_cell, reads=("Nederland", "Indicator")),
    "Top: centraal (laag–hoog)": Column(
        format=_top_cell, reads=("Top: centraal", "Top: laag", "Top: hoog", "Indicator")
    ),
}


#: The variant of a comparison whose low, central and high coincide: one assumption.
SINGLE_NL = "één aanname"


def _summary_rows(s: ScenarioResult) -> pd.DataFrame:
    """The summary's rows with the variant as the reader sees it: a comparison whose three
    variants give the same target and the same outcomes is one row, "één aanname", not
    three equal rows that would look like a spread."""
    sm = s.summary.copy()
    if sm.empty:
        return sm.assign(variant_nl=pd.Series(dtype="str"))
    keep: list[bool] = []
    labels: list[str] = []
    values = ["target_intensity", "extra_target_year", "extra_cumulative", "extra_jobs"]
    for (_ind, _den), g in sm.groupby(["indicator", "denominator"], sort=False):
        same = all(
            g[c].astype("float64").nunique(dropna=False) <= 1 or g[c].astype("float64").isna().all()
            for c in values
        )
        for variant in g["variant"]:
            keep.append(not same or variant == "central")
            labels.append(SINGLE_NL if same else VARIANT_NL.get(str(variant), str(variant)))
    order = [i for _, g in sm.groupby(["indicator", "denominator"], sort=False) for i in g.index]
    sm = sm.loc[order].assign(variant_nl=labels)
    return sm[keep].reset_index(drop=True)


def amount_unit(indicator: str) -> str:
    """The unit of an indicator's counts and intensities in words, for a CSV unit column."""
    return "euro" if catalogue().get(indicator).is_money else "aantal"


def summary_raw(s: ScenarioResult) -> pd.DataFrame:
    """Per lagging comparison and variant: the target, the extra output in the target year
    and summed, and the jobs, each a number (the page writes "€ 1,2 mln", "3,59",
    "40–120"); the unit of the target and the extra output in its own column (euro or a
    count, per the row's denominator), and the long-run jobs' range as two columns. The
    jobs follow only from extra spin-offs: without those the columns are left out (the
    text says why)."""
    sm = _summary_rows(s)
    target_year = int(s.result["year"].max()) if not s.result.empty else s.assumptions.target_year
    first = s.base_year + 1
    data = pd.DataFrame(
        {
            "Indicator": sm["indicator"].map(_label).to_numpy(),
            "Noemer": sm["denominator"].map(denominator_text).to_numpy(),
            "Eenheid": [amount_unit(str(i)) for i in sm["indicator"]],
            "Variant": sm["variant_nl"].to_numpy(),
            "Doel (intensiteit)": sm["target_intensity"].astype("float64").to_numpy(),
            f"Extra in {target_year}": sm["extra_target_year"].astype("float64").to_numpy(),
            f"Extra {first}–{target_year} samen": sm["extra_cumulative"]
            .astype("float64")
            .to_numpy(),
            f"Banen in {target_year} (jonge spin-offs)": sm["extra_jobs"]
            .astype("float64")
            .to_numpy(),
            "Banen na decennia: laag": sm["jobs_long_run_low"].astype("float64").to_numpy(),
            "Banen na decennia: hoog": sm["jobs_long_run_high"].astype("float64").to_numpy(),
        }
    )
    if not (sm["indicator"] == "spinoffs").any():
        data = data.drop(columns=[c for c in data.columns if c.startswith("Banen")])
    return data


def _amount_cell(value: float, indicator: str) -> str:
    return amount_text(value, catalogue().by_label(indicator).code)


def _jobs_range(low: float, high: float) -> str:
    if np.isfinite(low) and np.isfinite(high):
        return f"{fmt.number(low)}–{fmt.number(high)}"
    return fmt.MISSING


_STATUS_CITE = {
    "secondary": "secundaire bron",
    "assumption": "aanname",
    "demonstration": "demonstratiegegevens",
    "inferred": "afgeleid",
}


PARAMETER_NL = {
    "base_year": "Basisjaar",
    "target_year": "Doeljaar",
    "lag_years": "Vertraging",
    "base_count": "Landelijk totaal basisjaar",
    "baseline": "Nederland (intensiteit)",
    "target": "Doel: de top (intensiteit)",
    "jobs_per_spinoff_early": "Banen per nieuwe spin-off, eerste jaren",
    "jobs_per_spinoff_long_run": "Banen per bestaande spin-off, na decennia",
    "plan_return_per_euro": "Opbrengst per euro publieke R&D volgens het plan",
}


def _listed_parameters(s: ScenarioResult) -> pd.DataFrame:
    """The parameters the table lists: base counts only for indicators in the scenario."""
    p = s.parameters
    in_scenario = set(p.loc[p["parameter"] == "target", "indicator"])
    return p[(p["parameter"] != "base_count") | p["indicator"].isin(in_scenario)]


def parameters_raw(s: ScenarioResult, data_dir: Path) -> pd.DataFrame:
    """`parameters_shown` for the CSV download: the same rows, with each value as a number
    in the unit of its row (the page writes it as Dutch text: "€ 1,2 mln", "2029")."""
    shown = parameters_shown(s, data_dir)
    shown["Waarde"] = _listed_parameters(s)["value"].astype("float64").to_numpy()
    return shown


def parameters_shown(s: ScenarioResult, data_dir: Path) -> pd.DataFrame:
    """Every parameter of the scenario with its unit, note and source, as the report prints it.

    Base counts are listed only for indicators in the scenario (the others are kept in
    the parameters for the sensitivity runs).
    """
    register = load_sources(data_dir)
    sources = register.set_index("source_id")

    def citation(ids: object) -> str:
        """The reference numbers, with how a source was read where it is not read in it."""
        parts = []
        for i in (x for x in str(ids or "").split(";") if x and x != "nan"):
            if i == "kt_metrics":
                parts.append("opgaven van de instellingen")
            elif i in sources.index:
                qualifier = _STATUS_CITE.get(str(sources.loc[i, "status"]), "")
                number = cite(i, register)
                parts.append(number + (f" ({qualifier})" if qualifier else ""))
        return "; ".join(parts) or fmt.MISSING

    p = _listed_parameters(s)
    subject = [
        " ".join(x for x in (_label(i) if i else "", denominator_text(d) if d else "") if x)
        or fmt.MISSING
        for i, d in zip(p["indicator"], p["denominator"], strict=True)
    ]
    values = []
    for v, unit, ind in zip(p["value"], p["unit"], p["indicator"], strict=True):
        if unit == "jaar":
            values.append(fmt.number(v) if v < 100 else fmt.year(v))
        elif unit == "EUR":
            values.append(fmt.money_eur(v))
        elif unit == "intensiteit":
            values.append(intensity_text(v, str(ind)))
        elif unit == "EUR per EUR":
            values.append(fmt.money_eur(v, "eur", 2))
        elif unit == "aantal":
            values.append(fmt.number(v))
        else:
            values.append(fmt.number(v, 1))
    return pd.DataFrame(
        {
            "Parameter": p["parameter"].map(PARAMETER_NL).fillna(p["parameter"]),
            "Voor": subject,
            "Variant": p["variant"].map(VARIANT_NL).fillna(p["variant"]),
            "Waarde": values,
            "Eenheid": p["unit"],
            "Toelichting": p["note"],
            "Bron": [citation(i) for i in p["source_id"]],
        }
    )


def _summary_row(s: ScenarioResult, indicator: str, denominator: str, variant: str) -> pd.Series:
    """One row of the scenario summary (a comparison in one variant)."""
    sm = s.summary
    hit = sm[
        (sm["indicator"] == indicator)
        & (sm["denominator"] == denominator)
        & (sm["variant"] == variant)
    ]
    return hit.iloc[0]


def _jobs_sentence(s: ScenarioResult) -> str:
    p = s.parameters.set_index(["parameter", "variant"])["value"]
    early = p.get(("jobs_per_spinoff_early", "central"), np.nan)
    if s.headline is None or s.headline[0] != "spinoffs":
        spin = s.targets[s.targets["indicator"] == "spinoffs"]
        if spin.empty:
            return "Banen rekent de monitor niet uit: geen vergelijking met de top op spin-offs is mogelijk."
        return (
            "Banen rekent de monitor alleen uit extra spin-offs; op spin-offs ligt Nederland niet "
            "aantoonbaar achter op de top, dus het scenario levert geen extra banen op."
        )
    ind, den = s.headline
    row = _summary_row(s, ind, den, "central")
    return (
        f"Met {fmt.number(early, 1)} banen per nieuwe spin-off in de eerste jaren (het enige gevonden "
        "cijfer voor jonge bedrijven, met "
        f"{scenario_parameters.factor_range_nl(*s.assumptions.jobs_factor.range)} als bandbreedte) geven de extra "
        f"spin-offs tot {fmt.year(s.result['year'].max())} ongeveer {fmt.number(row['extra_jobs'])} "
        "banen. Cijfers als de ca. 7.000 banen in meer dan 150 spin-offs van KU Leuven zijn een voorraad "
        "na decennia bij bedrijven die zijn blijven bestaan; de monitor toont ze alleen als "
        f"bandbreedte op lange termijn ({fmt.number(row['jobs_long_run_low'])}–"
        f"{fmt.number(row['jobs_long_run_high'])} banen, als overleving en groei die van de geciteerde "
        f"voorraden evenaren), niet als banen in {fmt.year(s.result['year'].max())}."
    )


def scenario_markdown(s: ScenarioResult) -> str:
    """What catching up with the top would mean: where there is a path, where not, and why no return."""
    t = s.targets
    above = t[t["status"] == "at_or_above"]
    lagging = t[t["status"] == "lagging"]
    target_year = int(s.result["year"].max()) if not s.result.empty else s.assumptions.target_year
    parts = [
        "De toekomstvisie van het plan vraagt wat aansluiting bij de Europese top zou opleveren. De "
        "monitor rekent dat alleen na waar Nederland achterloopt: daar beweegt de Nederlandse intensiteit "
        f"vanaf {fmt.year(s.base_year)} langs de opbouw van de regeling naar die van de top in "
        f"{fmt.year(target_year)}, met de noemer (onderzoeksuitgaven of meldingen) op het niveau van "
        f"{fmt.year(s.base_year)}. Elk doel is één definitie van de top, met naam (nooit een "
        "middenwaarde van twee definities, zoals ETH Zürich en het ETH-domein); laag, centraal en "
        "hoog zijn de laagste grens, de mediaan en de hoogste grens van de cijfers van die "
        "definitie (de afronding en de toevalsmarge van een telling). Kan een andere "
        "definitie het doel ook zetten, dan staat die als eigen scenario onder ‘Gevoeligheid voor "
        "aannames’."
    ]
    if not above.empty:
        names = [
            f"{lower_label(i)} {denominator_text(d)}"
            for i, d in zip(above["indicator"], above["denominator"], strict=True)
        ]
        parts.append(
            "Op "
            + _join(names)
            + " ligt Nederland al op of boven de top: daar is geen doelpad en geen "
            "extra uitkomst."
        )
    unclear = t[t["status"] == "not_demonstrable"]
    if not unclear.empty:
        names = [
            f"{lower_label(i)} {denominator_text(d)}"
            for i, d in zip(unclear["indicator"], unclear["denominator"], strict=True)
        ]
        parts.append(
            "Op "
            + _join(names)
            + " ligt Nederland onder de top, maar is de achterstand niet vastgesteld (hoofdstuk 3: "
            "de onzekerheid van de top, de prijsgrondslag of de jaren waarin Nederland wordt "
            "gemeten laten het oordeel niet toe); ook daar bouwt de monitor geen doelpad."
        )
    if lagging.empty:
        parts.append(
            "Op geen enkele vergelijkbare indicator ligt Nederland achter; er is dus geen scenario."
        )
    elif s.headline is not None:
        ind, den = s.headline
        c, lo, hi = (_summary_row(s, ind, den, v) for v in ("central", "low", "high"))
        named = s.targets[(s.targets["indicator"] == ind) & (s.targets["denominator"] == den)][
            "definition_name"
        ]
        name = str(named.iloc[0]) if len(named) and str(named.iloc[0]) else ""
        parts.append(
            f"Voor {lower_label(ind)} {denominator_text(den)}"
            + (f" (scenario {escape.markdown(name)})" if name else "")
            + f" betekent aansluiten in {fmt.year(target_year)} centraal "
            f"{amount_text(c['extra_target_year'], ind)} extra per jaar (laag {amount_text(lo['extra_target_year'], ind)}, "
            f"hoog {amount_text(hi['extra_target_year'], ind)}), tegenover "
            f"{amount_text(base_count(s, ind), ind)} in {fmt.year(s.base_year)}."
        )
        if len(lagging) > 1:
            parts.append(
                "De tabel op de website geeft hetzelfde voor de andere vergelijkingen waarop Nederland "
                "achterloopt."
            )
    parts.append(_jobs_sentence(s))
    parts.append(
        f"Het plan noemt een opbrengst van {fmt.money_eur(scenario_parameters.PLAN_RETURN_PER_EURO, 'eur', 2)} per "
        f"euro publieke R&D^[{escape.markdown(s.return_citation)}]: een cijfer over publieke R&D in het algemeen, via het plan "
        "geciteerd. Het is geen opbrengst van deze regeling; de monitor vermenigvuldigt het budget er "
        "niet mee en rekent geen opbrengst uit."
    )
    return " ".join(parts)


def base_count(s: ScenarioResult, indicator: str) -> float:
    p = s.parameters
    hit = p[(p["parameter"] == "base_count") & (p["indicator"] == indicator)]
    return float(hit["value"].iloc[0]) if not hit.empty else np.nan


def _join(items: list[str], word: str = "en") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def position_table(s: ScenarioResult) -> Table:
    """Where the Netherlands lags the top and where not (chapter 3's comparisons): the CSV
    holds the Dutch value and the top's central, low and high value as numbers."""
    return Table(
        "scenario_positie",
        "Waar Nederland achterloopt op de top, en waar niet (hoofdstuk 3)",
        position_raw(s),
        _POSITION_COLUMNS,
        source_note=f"Bedragen in {short_price_basis(s.price_basis)} (hoofdstuk 3).",
        show=(
            "Indicator",
            "Noemer",
            "Nederland",
            "Top: centraal (laag–hoog)",
            "Oordeel hoofdstuk 3",
            "In het scenario",
            "Definitie van de top",
        ),
    )


def summary_table(s: ScenarioResult) -> Table:
    """The extra outcomes of catching up with the top, per comparison and variant (site only)."""
    raw = summary_raw(s)
    extra = [str(c) for c in raw.columns if str(c).startswith("Extra")]
    jobs = [str(c) for c in raw.columns if str(c).startswith("Banen in")]
    columns = {
        "Doel (intensiteit)": Column(
            format=_intensity_cell, reads=("Doel (intensiteit)", "Indicator")
        ),
        **{c: Column(format=_amount_cell, reads=(c, "Indicator")) for c in extra},
    }
    if jobs:  # jobs appear only where spin-offs lag the top; the column names say no unit
        long_run = ("Banen na decennia: laag", "Banen na decennia: hoog")
        columns |= {
            jobs[0]: Column(unit="banen", format="number", align="l"),
            **dict.fromkeys(long_run, Column(unit="banen")),
            "Banen na decennia (bandbreedte)": Column(format=_jobs_range, reads=long_run),
        }
    return Table(
        "scenario_uitkomsten",
        "Extra uitkomsten bij aansluiting bij de top, per vergelijking en variant",
        raw,
        columns,
        source_note="Laag, centraal en hoog: de laagste grens, de mediaan en de hoogste grens "
        "van de bandbreedte van de top, met de bijbehorende banen per spin-off. Geen opbrengst "
        "in euro's: het plan geeft geen opbrengst van deze regeling.",
        pdf=False,
        show=(
            "Indicator",
            "Noemer",
            "Variant",
            "Doel (intensiteit)",
            *extra,
            *jobs,
            *(["Banen na decennia (bandbreedte)"] if jobs else []),
        ),
    )


def parameters_table(s: ScenarioResult, data_dir: Path) -> Table:
    """Every parameter of the scenario with its source (site only): the CSV holds each value
    as a number in the unit of its row; the page writes it as Dutch text."""
    return Table(
        "scenario_parameters",
        "Alle parameters van het inhaalscenario, met bron (volledige bronvermelding in bijlage B)",
        parameters_raw(s, data_dir),
        pdf=False,
        display=parameters_shown(s, data_dir),
    )
