"""Chapter 5: Regeling KTO-Nederland 2022–2029 — budget ramp, effect since 2022, projection, scenario.

The budget comes from the plan (with the ramp's shape an explicit assumption); the
scenario's every parameter is listed with its source, so a reader can redo the sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import benchmark, escape, reference, scenario, trends
from analysis import formatting as fmt
from analysis.labels import INDICATOR_LABELS
from analysis.sources import cite, load_sources

LINE_NL = {
    "universities_umcs": "Universiteiten en umc's",
    "to2_uas": "TO2-instellingen en hogescholen",
    "capacity": "waarvan capaciteit",
    "exploration": "Verkenning",
    "total": "Totaal",
}
STATUS_NL = {
    "read": "gelezen",
    "inferred": "afgeleid",
    "assumption": "aanname",
    "not found": "niet gevonden",
}
VARIANT_NL = {"low": "laag", "central": "centraal", "high": "hoog", "all": "alle"}
ITS_INDICATORS = ("spinoffs", "invention_disclosures", "licence_agreements")
TERM_NL = {
    "trend": "trend vóór 2022",
    "level_change": "niveausprong in 2022",
    "slope_change": "trendbreuk vanaf 2022",
}
PARAMETER_NL = {
    "base_year": "Basisjaar",
    "target_year": "Doeljaar",
    "research_expenditure_eur": "Onderzoeksuitgaven Nederland (basisjaar)",
    "baseline_spinoffs_per_100m": "Spin-offs per € 100 mln, Nederland",
    "baseline_licence_income_eur_per_100m": "Licentie-inkomsten per € 100 mln, Nederland",
    "target_spinoffs_per_100m": "Spin-offs per € 100 mln, Europese top",
    "target_licence_income_eur_per_100m": "Licentie-inkomsten per € 100 mln, Europese top",
    "jobs_per_spinoff": "Banen per spin-off",
    "return_per_euro": "Opbrengst per euro publieke R&D",
}


def budget_table(data_dir: Path) -> pd.DataFrame:
    budget = reference.load_budget(data_dir)
    return pd.DataFrame(
        {
            "Jaar": budget["year"],
            "Onderdeel": budget["line"].map(LINE_NL).fillna(budget["line"]),
            "Bedrag": budget["amount_eur"],
            "Status": budget["status"].map(STATUS_NL).fillna(budget["status"]),
        }
    )


def budget_chart_frame(data_dir: Path) -> pd.DataFrame:
    budget = reference.load_budget(data_dir)
    lines = budget[budget["line"].isin(["universities_umcs", "to2_uas"])].dropna(
        subset=["amount_eur"]
    )
    return pd.DataFrame(
        {
            "year": lines["year"].astype("int64"),
            "amount_eur": lines["amount_eur"],
            "Onderdeel": lines["line"].map(LINE_NL),
        }
    ).reset_index(drop=True)


def budget_title(data_dir: Path) -> str:
    budget = reference.load_budget(data_dir)
    total = budget[budget["line"] == "total"].dropna(subset=["amount_eur"])
    full = total[total["amount_eur"] >= total["amount_eur"].max()]
    return (
        f"Budget loopt op tot {fmt.money_eur(total['amount_eur'].max())} per jaar vanaf "
        f"{fmt.year(full['year'].min())}"
    )


def budget_chart(data_dir: Path) -> object:
    from analysis import charts

    return charts.budget_ramp(
        budget_chart_frame(data_dir),
        component="Onderdeel",
        title=budget_title(data_dir),
        color_title="Onderdeel",
    )


def intro_markdown(data_dir: Path) -> str:
    budget = reference.load_budget(data_dir)
    sources = load_sources(data_dir)
    full = budget[(budget["line"] == "universities_umcs") & (budget["status"] != "assumption")]
    capacity = budget[budget["line"] == "capacity"]["amount_eur"].dropna()
    per_line = fmt.money_eur(full["amount_eur"].max())
    ramp = budget[budget["status"] == "assumption"]
    return (
        f"Het plan van KTO-Nederland vraagt structureel {per_line} per jaar voor valorisatie in de "
        f"ecosystemen van universiteiten en umc's en aanvullend {per_line} per jaar voor TO2-instellingen "
        f"en hogescholen; volgens een eerste berekening van de KTO's is daarvan "
        f"{fmt.money_eur(capacity.max())} nodig voor gerichte versterking van de capaciteit.^["
        f"{escape.markdown(cite('kto_nl_plan_2021', sources))}] De regeling duurt zeven jaar; in de eerste drie jaar "
        "lopen de middelen geleidelijk op. Hoe ze oplopen zegt het plan niet: de monitor neemt aan "
        f"dat de jaren {fmt.year(ramp['year'].min())}–{fmt.year(ramp['year'].max())} een derde, twee "
        "derde en het volle bedrag krijgen (een aanname, als zodanig gemarkeerd)."
    )


def its_table(wide: pd.DataFrame) -> pd.DataFrame:
    """Level and slope change around 2022 per indicator, with 95% intervals."""
    frames = [trends.interrupted_time_series(wide, ind) for ind in ITS_INDICATORS if ind in wide]
    its = pd.concat(frames, ignore_index=True)
    return pd.DataFrame(
        {
            "Indicator": its["indicator"].map(INDICATOR_LABELS),
            "Term": its["term"].map(TERM_NL),
            "Effect": (its["effect_pct"] / 100).map(fmt.change),
            "95%-interval": [
                f"{fmt.change(lo / 100)} tot {fmt.change(hi / 100)}"
                for lo, hi in zip(its["effect_pct_low"], its["effect_pct_high"], strict=True)
            ],
            "p-waarde": its["p_value"].map(lambda p: fmt.number(p, 3)),
        }
    )


def its_markdown(wide: pd.DataFrame) -> str:
    its = trends.interrupted_time_series(wide, "spinoffs").set_index("term")
    level, slope = its.loc["level_change"], its.loc["slope_change"]
    significant = level["p_value"] < 0.05 or slope["p_value"] < 0.05
    verdict = (
        "Het aantal spin-offs verandert sinds 2022 aantoonbaar"
        if significant
        else "Een effect van de regeling op het aantal spin-offs is (nog) niet aantoonbaar"
    )
    return (
        f"{verdict}: de niveausprong in 2022 is {fmt.change(level['effect_pct'] / 100)} "
        f"(95%-interval {fmt.change(level['effect_pct_low'] / 100)} tot "
        f"{fmt.change(level['effect_pct_high'] / 100)}) en de trendbreuk "
        f"{fmt.change(slope['effect_pct'] / 100)} per jaar (interval "
        f"{fmt.change(slope['effect_pct_low'] / 100)} tot {fmt.change(slope['effect_pct_high'] / 100)}). "
        "Geschat met een onderbroken tijdreeks (Poisson, vast effect per instelling)."
    )


@dataclass(frozen=True)
class ScenarioResult:
    parameters: pd.DataFrame
    result: pd.DataFrame
    summary: pd.DataFrame


def compute_scenario(wide: pd.DataFrame, data_dir: Path, year: int) -> ScenarioResult:
    peers = reference.load_peers(data_dir)
    converted = benchmark.convert_peers(peers, reference.load_fx_rates(data_dir))
    peer_table, _missing = benchmark.peer_intensities(converted)
    targets = scenario.targets_from_peers(peer_table)
    params = scenario.build_parameters(
        wide, targets, base_year=year, jobs=scenario.jobs_per_spinoff(peers)
    )
    result = scenario.run_scenario(params, reference.load_budget(data_dir))
    return ScenarioResult(params, result, scenario.summary(result))


def parameters_table(s: ScenarioResult, data_dir: Path) -> pd.DataFrame:
    sources = load_sources(data_dir)

    def citation(ids: object) -> str:
        parts = [i for i in str(ids or "").split(";") if i and i != "nan"]
        known = [i for i in parts if i in set(sources["source_id"])]
        text = "; ".join(cite(i, sources) for i in known)
        if "assumption" in parts:
            text = (text + "; " if text else "") + "aanname van de monitor"
        return text or "–"

    p = s.parameters
    return pd.DataFrame(
        {
            "Parameter": p["parameter"].map(PARAMETER_NL).fillna(p["parameter"]),
            "Variant": p["variant"].map(VARIANT_NL).fillna(p["variant"]),
            "Waarde": [
                fmt.year(v)
                if unit == "jaar"
                else fmt.money_eur(v)
                if unit == "EUR"
                else fmt.number(v, 2)
                for v, unit in zip(p["value"], p["unit"], strict=True)
            ],
            "Eenheid": p["unit"],
            "Toelichting": p["note"],
            "Bron": [citation(i) for i in p["source_id"]],
        }
    )


def summary_table(s: ScenarioResult) -> pd.DataFrame:
    sm = s.summary
    return pd.DataFrame(
        {
            "Variant": sm["variant"].map(VARIANT_NL),
            "Extra spin-offs in 2029": sm["extra_spinoffs"],
            "Extra banen": sm["extra_jobs"],
            "Extra licentie-inkomsten": sm["extra_licence_income_eur"],
            "Budget regeling t/m 2029": sm["scheme_budget_eur"],
            "Opbrengst (€ 4,20 per euro)": sm["return_eur"],
        }
    )


SUMMARY_FORMATS = {
    "Extra spin-offs in 2029": "number",
    "Extra banen": "number",
    "Extra licentie-inkomsten": "money",
    "Budget regeling t/m 2029": "money",
    "Opbrengst (€ 4,20 per euro)": "money",
}


def scenario_markdown(s: ScenarioResult) -> str:
    central = s.summary.set_index("variant").loc["central"]
    params = s.parameters.set_index(["parameter", "variant"])["value"]
    baseline = params.get(("baseline_spinoffs_per_100m", "all"), np.nan)
    target = params.get(("target_spinoffs_per_100m", "central"), np.nan)
    position = (
        "ligt Nederland al op of boven de top, dus levert aansluiten geen extra spin-offs op"
        if baseline >= target
        else f"zou aansluiten in 2029 ongeveer {fmt.number(central['extra_spinoffs'])} extra spin-offs "
        f"per jaar opleveren, met naar schatting {fmt.number(central['extra_jobs'])} banen"
    )
    return (
        "De toekomstvisie van het plan vraagt wat aansluiting bij de Europese top zou opleveren. De "
        "monitor rekent dat na: de Nederlandse intensiteit beweegt langs de aanloop van de regeling "
        "naar die van de top in 2029. Met "
        f"{fmt.number(baseline, 2)} spin-offs per € 100 mln onderzoek tegenover {fmt.number(target, 2)} "
        f"bij de top {position}. Het budget van de regeling tot en met 2029 is "
        f"{fmt.money_eur(central['scheme_budget_eur'])}; tegen de in het plan geciteerde € 4,20 per euro "
        f"publieke R&D staat daar {fmt.money_eur(central['return_eur'])} tegenover."
    )


def projection_frame(wide: pd.DataFrame, s: ScenarioResult) -> pd.DataFrame:
    """Observed spin-offs, the trend projection to 2029 with its prediction band, and the target path."""
    proj = trends.projection(wide, "spinoffs", alpha=0.2)
    target = s.result[s.result["variant"] == "central"][["year", "spinoffs_scenario"]]
    frame = proj.merge(target, on="year", how="left")
    last = int(frame.loc[frame["observed"].notna(), "year"].max())
    frame.loc[frame["year"] == last, "projection"] = frame.loc[frame["year"] == last, "observed"]
    future = frame["year"] >= last
    return pd.DataFrame(
        {
            "year": frame["year"],
            "observed": frame["observed"],
            "projection": frame["projection"],
            "low": frame["pi_low"].where(future & (frame["year"] > last)),
            "high": frame["pi_high"].where(future & (frame["year"] > last)),
            "target": frame["spinoffs_scenario"],
        }
    )


def projection_title(frame: pd.DataFrame) -> str:
    end = frame[frame["year"] == frame["year"].max()].iloc[0]
    if pd.isna(end["target"]):
        return (
            f"Trend wijst op {fmt.number(end['projection'])} spin-offs in {fmt.year(end['year'])}"
        )
    relative = (end["projection"] - end["target"]) / end["target"]
    verb = "rond" if abs(relative) < 0.02 else "boven" if relative > 0 else "onder"
    return (
        f"Bij de huidige trend komt Nederland in {fmt.year(end['year'])} uit op "
        f"{fmt.number(end['projection'])} spin-offs, {verb} het doelpad van {fmt.number(end['target'])}"
    )


def projection_chart(frame: pd.DataFrame) -> object:
    from analysis import charts

    return charts.scenario_fan(
        frame,
        title=projection_title(frame),
        y_title="Spin-offs per jaar",
        band_label="Voorspelinterval (80%)",
    )


def projection_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind the projection chart, with Dutch column names."""
    return pd.DataFrame(
        {
            "Jaar": frame["year"],
            "Gerealiseerd": frame["observed"],
            "Projectie": frame["projection"],
            "Ondergrens (80%)": frame["low"],
            "Bovengrens (80%)": frame["high"],
            "Doelpad": frame["target"],
        }
    )


PROJECTION_FORMATS = {
    "Jaar": "year",
    "Gerealiseerd": "number",
    "Projectie": "number",
    "Ondergrens (80%)": "number",
    "Bovengrens (80%)": "number",
    "Doelpad": "number",
}
