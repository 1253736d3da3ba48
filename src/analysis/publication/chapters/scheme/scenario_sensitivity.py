"""Chapter 5, the scenario's sensitivities: peer choice, price basis, lag, ramp shape, jobs per spin-off.

The pure computations live in `analysis.methods.scenario` and `analysis.methods.peer_gaps`;
this module gathers their inputs and tables, and `chapters.sensitivity` puts them beside
the other chapters' sensitivities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.data.indicators import catalogue
from analysis.methods.peer_gaps import gaps, sensitivity
from analysis.methods.scenario import parameters
from analysis.methods.scenario import sensitivity as scenario_sensitivity
from analysis.publication import labels
from analysis.publication.chapters.scheme.catch_up import ScenarioResult, _label, denominator_text
from analysis.publication.display.table import Column, Table


@dataclass(frozen=True)
class ScenarioSensitivity:
    peer_targets: dict[str, pd.DataFrame]
    price_targets: dict[str, pd.DataFrame]
    ramp: pd.DataFrame
    lag: pd.DataFrame
    jobs: pd.DataFrame
    #: Named scenarios with another definition of the top (`scenario.definition_choices`),
    #: keyed "definitie:<name>".
    definition_targets: dict[str, pd.DataFrame] = field(default_factory=dict)


def peer_choice_targets(s: ScenarioResult) -> dict[str, pd.DataFrame]:
    """Catch-up targets with each peer alone and with each left out (chapter 3 comparisons)."""

    return {
        choice: parameters.catch_up_targets(s.comparisons, figures=s.figures, peer_groups=members)
        for choice, members in sensitivity.peer_choices()
    }


def price_basis_targets(
    wide: pd.DataFrame, data_dir: Path, s: ScenarioResult
) -> dict[str, pd.DataFrame]:
    """Catch-up targets on every price basis of the assumptions table (`price_base_year`:
    its alternatives, nominal euros and 2015 prices, beside the one used)."""
    from analysis.publication.chapters.europe import result

    years = [
        y
        for y in range(s.base_year - result.POOLED_YEARS + 1, s.base_year + 1)
        if y in set(wide["year"])
    ]
    out: dict[str, pd.DataFrame] = {}
    for base in s.assumptions.price_years(s.base_year):
        label = "nominal" if base is None else f"prices:{base}"
        res = gaps.top_comparisons(
            wide,
            reference.load_institutions(data_dir),
            reference.load_peers(data_dir),
            reference.load_fx_rates(data_dir),
            years=years,
            price_index=reference.load_price_index(data_dir) if base is not None else None,
            base_year=base,
            n_boot=gaps.N_BOOT,
            ci=s.assumptions.confidence_level,
        )
        out[label] = parameters.catch_up_targets(res.comparisons, figures=res.peer_figures)
    return out


def compute_scenario_sensitivity(
    wide: pd.DataFrame, data_dir: Path, s: ScenarioResult
) -> ScenarioSensitivity:
    """Every sensitivity of the scenario, for the headline comparison and the others."""
    peers = peer_choice_targets(s)
    prices = price_basis_targets(wide, data_dir, s)
    ramp, lag = s.assumptions.ramp, s.assumptions.lag
    return ScenarioSensitivity(
        peer_targets=peers,
        price_targets=prices,
        ramp=scenario_sensitivity.ramp_sensitivity(
            s.parameters, s.budget, shapes=(ramp.value, *ramp.others)
        ),
        lag=scenario_sensitivity.lag_sensitivity(
            s.parameters, s.budget, shape=ramp.value, lags=lag.integer_steps
        ),
        jobs=scenario_sensitivity.jobs_sensitivity(
            s.parameters, s.budget, shape=ramp.value, lags=lag.integer_steps
        ),
        definition_targets={
            f"definitie:{name}": targets
            for name, targets in parameters.definition_choices(
                s.comparisons, s.figures, s.targets
            ).items()
        },
    )


def peer_choice_label(choice: str) -> str:
    from analysis.publication.chapters.europe import sensitivity as europe_sensitivity

    if choice == "nominal":
        return "nominaal"
    if choice.startswith("definitie:"):
        return f"definitie van de top: {choice.split(':', 1)[1]}"
    if choice.startswith("prices:"):
        return f"prijspeil {choice.split(':', 1)[1]}"
    return europe_sensitivity.peer_choice_label(choice)


def scenario_alternatives_table(s: ScenarioResult, sens: ScenarioSensitivity) -> Table:
    """Central extra output (summed to the target year) per comparison under each
    alternative (site only): money for comparisons of a money indicator, whole numbers
    for the others."""
    frame = _alternatives(s, sens)
    return Table(
        "scenario_alternatieven",
        "Extra uitkomsten tot 2029 samen (centrale variant) per vergelijking, bij andere keuzes",
        frame,
        {c: Column(format=f) for c, f in _alternatives_formats(frame).items()},
        source_note="Leeg: de vergelijking bestaat niet bij die keuze. 0: Nederland ligt bij "
        "die keuze niet aantoonbaar achter.",
        pdf=False,
    )


def _alternatives(s: ScenarioResult, sens: ScenarioSensitivity) -> pd.DataFrame:
    alternatives = {**sens.peer_targets, **sens.price_targets, **sens.definition_targets}
    table = scenario_sensitivity.target_sensitivity(
        s.parameters, s.budget, alternatives, shape=s.assumptions.ramp.value
    )
    ramp = sens.ramp.assign(
        alternative=[f"opbouw {labels.RAMP_SHAPE_LABELS[x]}" for x in sens.ramp["shape"]]
    )
    lag = sens.lag.assign(
        alternative=[
            f"vertraging {n} jaar" if n != 1 else "vertraging 1 jaar" for n in sens.lag["lag"]
        ]
    )
    table = table.assign(alternative=table["alternative"].map(peer_choice_label))
    # Ramp and lag leave the targets alone: a comparison without a path there has 0 extra.
    base = s.targets[["indicator", "denominator"]]
    fixed = [
        base.merge(pd.DataFrame({"alternative": [alt]}), how="cross").merge(
            g[["alternative", "indicator", "denominator", "extra_cumulative"]], how="left"
        )
        for alt, g in pd.concat([ramp, lag]).groupby("alternative", sort=False)
    ]
    frame = pd.concat(
        [table[["alternative", "indicator", "denominator", "extra_cumulative"]], *fixed],
        ignore_index=True,
    )
    frame.loc[
        frame["alternative"].isin(set(ramp["alternative"]) | set(lag["alternative"])),
        "extra_cumulative",
    ] = frame["extra_cumulative"].fillna(0.0)
    # Comparisons without extra output under any choice add nothing to read.
    moved = frame.groupby(["indicator", "denominator"])["extra_cumulative"].transform(
        lambda x: bool((x.fillna(0.0) > 0).any())
    )
    frame = frame[moved.astype(bool)]
    frame["comparison"] = (
        frame["indicator"].map(_label) + " " + frame["denominator"].map(denominator_text)
    )
    wide_frame = frame.pivot_table(
        index="alternative",
        columns="comparison",
        values="extra_cumulative",
        aggfunc="first",
        sort=False,
    )
    wide_frame.index.name = "Aanname"
    wide_frame.columns.name = None
    return wide_frame.reset_index()


def scenario_jobs_table(sens: ScenarioSensitivity) -> Table:
    """Extra jobs by the target year for each jobs-per-spin-off value and lag (empty without
    spin-offs; site only)."""
    j = sens.jobs
    frame = pd.DataFrame(
        {
            "Vertraging (jaar)": j["lag"],
            "Noemer": j["denominator"].map(denominator_text),
            "Banen per nieuwe spin-off": j["jobs_per_spinoff"],
            "Extra spin-offs samen": j["extra_spinoffs_cumulative"],
            "Extra banen": j["extra_jobs"],
        }
    )

    number = Column(format="number")
    return Table(
        "scenario_banen",
        "Extra banen in jonge spin-offs bij andere aannames over banen per spin-off en vertraging",
        frame,
        {
            "Banen per nieuwe spin-off": Column(format="number:1"),
            "Extra spin-offs samen": number,
            "Extra banen": number,
        },
        pdf=False,
    )


def _alternatives_formats(table: pd.DataFrame) -> dict[str, str]:
    """Money for comparisons of a money indicator, whole numbers for the other outcome columns."""
    money = [_label(i) + " " for i in catalogue().money_codes]
    return {
        str(c): "money" if any(str(c).startswith(m) for m in money) else "number"
        for c in table.columns
        if c != "Aanname"
    }
