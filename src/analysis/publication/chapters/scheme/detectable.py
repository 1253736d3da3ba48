"""Chapter 5, what the break tests could have seen: their power and the smallest detectable rise.

A test that finds nothing says something only beside what it could have found. For the
headline indicator, every test of the break (step, budget-following, partners against
the others) gets the smallest rise at full budget it would have shown in 80 % of
simulated panels (`analysis.methods.power`), computed from the monitor's own model and
data; in the demonstration edition also how often it finds the rise the generator
builds in, which the text states. Without submissions (`assumed_detectable`) the same
numbers come from stated assumptions, so the published edition can say what the
monitor will be able to see.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data import demo, reference
from analysis.data.assumptions import load_assumptions
from analysis.data.sources import cite, load_sources
from analysis.methods import montecarlo, power
from analysis.publication import escape
from analysis.publication import formatting as fmt
from analysis.publication.chapters.pointers import see_annex
from analysis.publication.chapters.scheme.effect import (
    HEADLINE_INDICATOR,
    BreakAnalysis,
    budget_dose,
    scheme_start,
)
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import INDICATOR_LABELS
from analysis.publication.render.basis import Basis
from analysis.shared_results import shared


@dataclass(frozen=True)
class Detectable:
    """The power of the break tests for the headline indicator.

    `analysis`: the simulation (None when there is no panel to simulate on);
    `planted`: the rise at full budget the demonstration generator builds in (None
    outside the demonstration edition); `planted_shares`: its share per year;
    `assumptions`: what an assumed panel rests on (None when the panel is the data's);
    `target_citation`: the citation of the power target's row in the assumptions table.
    """

    analysis: power.PowerAnalysis | None
    planted: float | None = None
    planted_shares: tuple[tuple[int, float], ...] = ()
    assumptions: power.Assumptions | None = None
    target_citation: str = ""


def _power_target(data_dir: Path) -> tuple[float, float, str]:
    """The power a rise needs to count as detectable, the level of the tests, and the
    target's citation (assumptions table)."""
    table = load_assumptions(data_dir)
    row = table["power_target"]
    return row.number, table.test_level, cite(row.source_id, load_sources(data_dir))


def generator_rise(data_dir: Path) -> tuple[float, tuple[tuple[int, float], ...]]:
    """The rise the demonstration generator builds in, and its share per year.

    From `context/demo_calibration.csv`: `scheme_output_uplift` at the full scheme,
    phased in linearly over `scheme_ramp_years` after `scheme_anchor_year` (the
    generator's `demo.scheme_ramp`).
    """
    cal = demo.load_calibration(data_dir)
    anchor, ramp = int(cal["scheme_anchor_year"]), int(cal["scheme_ramp_years"])
    years = range(anchor + 1, anchor + ramp + 1)
    return float(cal["scheme_output_uplift"]), tuple((y, demo.scheme_ramp(y, cal)) for y in years)


def _partners(data_dir: Path) -> pd.Series:
    institutions = reference.load_institutions(data_dir)
    return institutions.loc[institutions["kto_nl_partner"].astype(bool), "institution_id"]


def compute_detectable(
    wide: pd.DataFrame, data_dir: Path, analysis: BreakAnalysis, *, n_sims: int = power.N_SIMS
) -> Detectable:
    """The power of the chapter's break tests on the data, for the headline indicator.

    The rise whose power is stated is the generator's built-in rise in the
    demonstration edition; otherwise only the smallest detectable rises are computed.
    """
    if analysis.its.empty or HEADLINE_INDICATOR not in wide.columns:
        return Detectable(analysis=None)
    panel = power.panel_from_data(
        wide, HEADLINE_INDICATOR, dose=analysis.dose, partners=_partners(data_dir)
    )
    if panel is None:
        return Detectable(analysis=None)
    planted, shares = generator_rise(data_dir) if analysis.demo else (None, ())
    target, level, citation = _power_target(data_dir)
    result = shared(
        power.power_analysis,
        panel,
        break_year=analysis.start.first_funded_year,
        dose=analysis.dose,
        rise=planted,
        n_sims=n_sims,
        target=target,
        level=level,
    )
    return Detectable(
        analysis=result, planted=planted, planted_shares=shares, target_citation=citation
    )


#: The first year of the assumed series: the monitor's series start with the
#: Valorisatieprogramma (2010), so the assumed panel covers what the real one will.
ASSUMED_FROM = 2010


def assumed_years(year: int) -> range:
    """The years of the assumed panel of an edition for `year`: 2010 up to and including it."""
    return range(ASSUMED_FROM, year + 1)


def assumed_detectable(
    data_dir: Path, years: range | tuple[int, ...], *, n_sims: int = power.N_SIMS
) -> Detectable:
    """What the break tests will be able to see once institutions report, without any submission.

    For chapter 5 of an edition without data: the institutions of `institutions.csv`
    reporting spin-offs in every year of `years`, with counts, growth and spread as the
    demonstration generator's assumption table states (`power.assumptions_from_tables`),
    the break and the ramp from the budget. `detectable_markdown` says what it rests on.
    """
    start = scheme_start(data_dir)
    dose = budget_dose(reference.load_budget(data_dir))
    assumptions = power.assumptions_from_tables(
        demo.load_calibration(data_dir), reference.load_institutions(data_dir), tuple(years)
    )
    target, level, citation = _power_target(data_dir)
    result = shared(
        power.power_analysis,
        power.assumed_panel(assumptions),
        break_year=start.first_funded_year,
        dose=dose,
        rise=None,
        n_sims=n_sims,
        target=target,
        level=level,
    )
    return Detectable(analysis=result, assumptions=assumptions, target_citation=citation)


#: The tests as the text names them.
TEST_NL: dict[str, str] = {
    "step": "de onderbroken tijdreeks (stap en trendbreuk bij het eerste jaar met budget)",
    "dose": "het model dat het budget volgt",
    "partners": "de vergelijking van partners met de overige instellingen",
}

#: The tests as a table names them.
TEST_SHORT_NL: dict[str, str] = {
    "step": "Onderbroken tijdreeks (stap)",
    "dose": "Oplopend met het budget",
    "partners": "Partners tegenover overige instellingen",
}


def _percent(value: float, se: float, *, sign: bool = False) -> str:
    """A simulated fraction in the digits its Monte Carlo error leaves stable."""
    unit = montecarlo.printed_unit(se)
    shown = montecarlo.round_to(value, unit)
    text = fmt.change(shown, 0) if sign else fmt.percent(shown, 0)
    return text if unit <= 0.01 else f"ongeveer {text}"


def rounded_mde(result: power.TestPower) -> tuple[float, bool] | None:
    """The smallest detectable rise in the digits its Monte Carlo error leaves stable, and
    whether those are coarser than a whole percent (then printed with 'ongeveer'); None
    when the test was not simulated or no rise up to `power.MAX_RISE` reaches the target."""
    if not result.available or not math.isfinite(result.mde):
        return None
    unit = montecarlo.printed_unit(result.mde_se)
    return montecarlo.round_to(result.mde, unit), unit > 0.01


def mde_text(result: power.TestPower) -> str:
    """'+27%' (or 'ongeveer +100%'), or 'meer dan +200%' when not within the search."""
    return _mde_cell(result.mde, result.mde_se)


def _mde_cell(mde: float, se: float) -> str:
    if not math.isfinite(mde):
        return f"meer dan {fmt.change(power.MAX_RISE, 0)}"
    return _percent(mde, se, sign=True)


def power_text(result: power.TestPower) -> str:
    """The power at the stated rise, e.g. 'ongeveer 40%'."""
    return _percent(result.power, result.power_se)


def _power_cell(value: float, se: float) -> str:
    return fmt.MISSING if math.isnan(value) else _percent(value, se)


def detectable_clause(d: Detectable, test: str) -> str:
    """'met 80% kans een stijging van +27% of meer bij het volle budget' for the sentences
    that say a change is not demonstrable; empty when the test was not simulated."""
    if d.analysis is None:
        return ""
    result = d.analysis.get(test)
    if not result.available:
        return ""
    who = " bij alleen de partners" if test == "partners" else ""
    return (
        f"met {fmt.percent(d.analysis.target, 0)} kans een stijging{who} van "
        f"{mde_text(result)} of meer bij het volle budget"
    )


def _years(years: tuple[int, ...]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def _shares_text(shares: tuple[tuple[int, float], ...]) -> str:
    words = {1 / 3: "een derde", 2 / 3: "twee derde", 1.0: "het geheel"}

    def word(share: float) -> str:
        for value, name in words.items():
            if abs(share - value) < 1e-6:
                return name
        return fmt.percent(share, 0)

    parts = [f"{word(s)} in {y}" for y, s in shares]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " en " + parts[-1]


def detectable_markdown(d: Detectable) -> str:
    """The paragraph beside the verdict: what each test could have shown, and on what it rests."""
    a = d.analysis
    if a is None:
        return ""
    noun = INDICATOR_LABELS[HEADLINE_INDICATOR].lower()
    found = [a.get(t) for t in power.TESTS if a.get(t).available]
    if not found:
        return ""
    assumed = a.source != "data"
    heading = (
        "Wat de toetsen zullen kunnen zien." if assumed else "Wat de toetsen hadden kunnen zien."
    )
    on = (
        f"op aangenomen gegevens over {fmt.number(a.n_institutions)} instellingen, want er zijn "
        "nog geen opgaven"
        if assumed
        else f"op de gegevens van de {fmt.number(a.n_institutions)} instellingen"
    )
    parts = [
        f"{heading} Een toets die niets vindt, zegt pas iets naast wat hij "
        f"had kunnen vinden. Daarom rekent de monitor na hoe groot een stijging van het aantal {noun} "
        f"bij het volle budget (oplopend zoals het budget) moet zijn om haar in "
        f"{fmt.percent(a.target, 0)} van de gevallen aan te tonen, {on} ({see_annex(5)})."
    ]
    listed = [
        f"{mde_text(r)} voor {TEST_NL[r.test]}"
        + (
            f" (een stijging bij alleen de {fmt.number(a.n_partners)} partners)"
            if r.test == "partners"
            else ""
        )
        for r in found
    ]
    parts.append(
        "De kleinste stijging die zo aan te tonen is: "
        + (", ".join(listed[:-1]) + " en " + listed[-1] if len(listed) > 1 else listed[0])
        + (
            ". Kleinere stijgingen zal de monitor met zulke gegevens niet van toeval kunnen "
            "onderscheiden: ‘niet aantoonbaar’ zal ze niet uitsluiten."
            if assumed
            else ". Kleinere stijgingen kan de monitor met deze gegevens niet van toeval "
            "onderscheiden: ‘niet aantoonbaar’ sluit ze niet uit."
        )
    )
    if d.planted is not None and math.isfinite(a.rise):
        share = _shares_text(d.planted_shares)
        finds = [
            f"{TEST_NL[r.test]} in {power_text(r)}"
            for r in found
            if r.test != "partners" and math.isfinite(r.power)
        ]
        text = (
            f"De generator van de demonstratiegegevens bouwt bij alle instellingen een stijging van "
            f"{fmt.percent(d.planted, 0)} in bij het volle budget"
            + (f" ({share})" if share else "")
            + ". "
        )
        if finds:
            text += (
                "Zo'n stijging vindt "
                + (", ".join(finds[:-1]) + " en " + finds[-1] if len(finds) > 1 else finds[0])
                + " van de gesimuleerde reeksen"
            )
        if any(r.test == "partners" for r in found):
            text += (
                "; de vergelijking van partners met de overige instellingen kan haar niet vinden, "
                "omdat de generator haar ook aan de overige instellingen geeft"
            )
        text += (
            ". Dat de monitor de ingebouwde stijging hier niet aantoont, is bij deze omvang dus "
            "niet verrassend."
        )
        parts.append(text)
    return " ".join(parts)


def detectable_technical_markdown(d: Detectable) -> str:
    """How the power of the break tests is computed (Bijlage B): the simulation, its seed,
    the level and what the simulated panels rest on (the data's own model, or assumptions)."""
    a = d.analysis
    if a is None:
        return ""
    assumed = a.source != "data"
    basis = (
        _assumed_basis(d)
        if assumed
        else f"de {fmt.number(a.n_institutions)} instellingen en de jaren {_years(a.years)} van "
        "de gegevens, met hun eigen model (vast effect per instelling, gemeenschappelijke trend) "
        f"en de spreiding van de aantallen zoals in de gegevens (overdispersie "
        f"{fmt.number(a.dispersion, 3)})"
    )
    return (
        f"**Wat de toetsen {'zullen' if assumed else 'hadden'} kunnen zien.** De kleinste "
        "aantoonbare stijging is nagerekend met "
        f"{fmt.number(a.n_sims)} gesimuleerde reeksen (vaste startwaarde) op {basis}. Een "
        f"stijging telt als aangetoond als de toets significant is bij {fmt.level(a.level)}; "
        f"de kleinste aantoonbare stijging is die welke in {fmt.percent(a.target, 0)} van de "
        f"reeksen wordt aangetoond {escape.markdown(d.target_citation)}. ‘Vals alarm’ is hoe vaak "
        "een toets zonder stijging toch een "
        "stijging aantoont."
    )


def _assumed_basis(d: Detectable) -> str:
    a, s = d.analysis, d.assumptions
    if a is None or s is None:
        return ""
    means = np.asarray(s.first_year_mean)
    return (
        f"aangenomen gegevens, want er zijn nog geen opgaven: {fmt.number(a.n_institutions)} "
        f"instellingen (waarvan {fmt.number(a.n_partners)} partners) die elk jaar van "
        f"{_years(a.years)} opgeven, gemiddeld {fmt.number(float(means.mean()), 1)} {_noun()} per "
        f"instelling in {a.years[0]} (een universiteit 6,4, de andere typen naar verhouding van "
        f"hun onderzoeksuitgaven), {fmt.percent(s.growth, 0)} groei per jaar en overdispersie "
        f"{fmt.number(s.dispersion, 2)}; aannames van de monitor, met hun bronnen in "
        "bijlage B"
    )


def _noun() -> str:
    return INDICATOR_LABELS[HEADLINE_INDICATOR].lower()


def detectable_raw(d: Detectable) -> pd.DataFrame:
    """Per test: the smallest rise it shows in 80 % of the panels, and how often it finds the
    generator's rise (demonstration edition) or a rise that is not there; each simulated
    fraction with its Monte Carlo error."""
    rows = _table_rows(d)
    return pd.DataFrame(
        {
            "Toets": [r["test"] for r in rows],
            "Kleinste aantoonbare stijging": [r["mde"] for r in rows],
            "Kleinste aantoonbare stijging: Monte-Carlo-fout": [r["mde_se"] for r in rows],
            "Vindt de ingebouwde stijging": [
                r["power"] if r["power_shown"] else math.nan for r in rows
            ],
            "Vindt de ingebouwde stijging: Monte-Carlo-fout": [
                r["power_se"] if r["power_shown"] else math.nan for r in rows
            ],
            "Vals alarm zonder stijging": [r["size"] for r in rows],
        }
    )


MC_ERROR = "Monte-Carlo-fout"

#: The codebook units of `detectable_raw`, and how the page writes the smallest rise.
_DETECTABLE_COLUMNS: dict[str, Column] = {
    "Kleinste aantoonbare stijging": Column(
        unit="fractie bij het volle budget (0,27 = +27%)",
        format=_mde_cell,
        reads=("Kleinste aantoonbare stijging", f"Kleinste aantoonbare stijging: {MC_ERROR}"),
    ),
    "Kleinste aantoonbare stijging: Monte-Carlo-fout": Column(unit="fractie (standaardfout)"),
    "Vindt de ingebouwde stijging": Column(unit="fractie van de gesimuleerde reeksen"),
    "Vindt de ingebouwde stijging: Monte-Carlo-fout": Column(unit="fractie (standaardfout)"),
    "Vals alarm zonder stijging": Column(unit="fractie van de gesimuleerde reeksen"),
}


def _table_rows(d: Detectable) -> list[dict[str, object]]:
    if d.analysis is None:
        return []
    out: list[dict[str, object]] = []
    for r in d.analysis.tests:
        if not r.available:
            continue
        out.append(
            {
                "test": TEST_SHORT_NL[r.test],
                "mde": r.mde,
                "mde_se": r.mde_se,
                "power": r.power,
                "power_se": r.power_se,
                # the generator gives its rise to everyone: no difference for partners to find
                "power_shown": math.isfinite(r.power) and r.test != "partners",
                "size": r.size,
            }
        )
    return out


def detectable_caption(d: Detectable) -> str:
    a = d.analysis
    target = fmt.percent(a.target, 0) if a is not None else "80%"
    text = (
        f"Wat de toetsen van de breuk {'zullen' if a is not None and a.source != 'data' else 'hadden'} "
        "kunnen zien: de kleinste stijging van het aantal "
        f"{_noun()} bij het volle budget die elke toets in {target} van de gesimuleerde reeksen "
        "aantoont"
    )
    if d.planted is not None:
        text += (
            f", en hoe vaak elke toets de ingebouwde stijging van {fmt.percent(d.planted, 0)} "
            "vindt (de vergelijking van partners niet: de generator geeft haar aan iedereen)"
        )
    return text


def detectable_table(d: Detectable, *, basis: Basis | None = None) -> Table:
    """What the tests can detect: the CSV holds each simulated fraction and its Monte Carlo
    error; `basis` is "assumption" where no measured series exists yet (default: the edition's)."""
    n_sims = d.analysis.n_sims if d.analysis is not None else 1
    size = "Vals alarm zonder stijging"
    power_column = "Vindt de ingebouwde stijging"
    shown_power = [] if d.planted is None else [f"Vindt +{fmt.number(d.planted * 100)}%"]
    return Table(
        "regeling_onderscheidingsvermogen",
        detectable_caption(d),
        detectable_raw(d),
        {
            **_DETECTABLE_COLUMNS,
            # the size's Monte Carlo error follows from itself and the number of simulations
            size: replace(
                _DETECTABLE_COLUMNS[size],
                format=lambda v: _percent(v, math.sqrt(v * (1 - v) / n_sims)),
            ),
            **{
                c: Column(format=_power_cell, reads=(power_column, f"{power_column}: {MC_ERROR}"))
                for c in shown_power
            },
        },
        basis=basis,
        show=("Toets", "Kleinste aantoonbare stijging", *shown_power, size),
    )
